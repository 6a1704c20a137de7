"""Checking files: every problem in every file as findings, plus rules across the set.

``files.check_paths`` reads every configuration and profile (through
``partnerfit.model.sources``, the path profile sets take too), ``across`` runs the checks
across the set, ``rules`` names every rule, and ``result`` holds the outcome as data.

May import: ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
"""
