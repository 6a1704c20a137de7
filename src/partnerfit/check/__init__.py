"""Checking files: every problem in every file as findings, plus rules across the set.

May import: ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
"""
