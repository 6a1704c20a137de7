"""Scoring: each criterion once, aggregation methods, and score cards for pairs.

May import: ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
"""
