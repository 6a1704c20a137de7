"""Pydantic models of the input files; may import ``partnerfit.io`` (loading) and errors only."""
