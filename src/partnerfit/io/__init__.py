"""Input and output at the edge: findings with source positions, and atomic file output.

May import: ``partnerfit.errors`` only.
"""
