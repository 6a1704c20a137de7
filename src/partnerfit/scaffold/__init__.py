"""Scaffolding for a new user's own data: commented templates and a project layout.

May import: ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``. Never scoring,
rendering or the CLI.
"""
