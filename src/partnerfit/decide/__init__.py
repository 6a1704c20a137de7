"""Deciding: ranking candidates, robustness of a ranking, explaining one score, and criterion
weights from stakeholders' judgements (AHP) and from past partnerships' outcomes (the engine
that scores those partnerships, ``batch.calibrate``, calls into ``decide.calibrate``).

May import: ``partnerfit.scoring``, ``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``.
"""
