"""Deciding: ranking candidates, robustness of a ranking, and explaining one score.

May import: ``partnerfit.scoring``, ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
"""
