"""Deciding: ranking candidates, robustness of a ranking, explaining one score, and criterion
weights from stakeholders' judgements (AHP) and from past partnerships' outcomes.

May import: ``partnerfit.batch`` (calibration scores pairs with the engine),
``partnerfit.scoring``, ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
"""
