"""Batch work: the engine over encoded profile sets, many-to-many comparison, and matching.

May import: ``partnerfit.scoring``, ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
"""
