"""Files that are not profiles, told apart by their ``kind:``: judgements and outcomes.

A profile's ``kind`` is a kind of organisation (business, nonprofit …); ``kind: judgements``
and ``kind: outcomes`` mark the inputs of ``partnerfit weights`` and ``partnerfit calibrate``,
so that ``partnerfit check`` validates them against their own models instead of reporting them
as broken profiles.
"""

from __future__ import annotations

import difflib
import functools
from typing import Literal, get_args

from partnerfit.io.document import Document
from partnerfit.io.findings import Finding
from partnerfit.model.load import validate_document

__all__ = ["OTHER_KINDS", "OtherKind", "declared_kind", "declares_partnership", "other_findings"]

OtherKind = Literal["judgements", "outcomes"]
OTHER_KINDS: tuple[OtherKind, ...] = get_args(OtherKind)


def declared_kind(doc: Document) -> OtherKind | None:
    """``judgements`` or ``outcomes`` when the document says so at its top, else None."""
    data = doc.data
    if isinstance(data, dict):
        for kind in OTHER_KINDS:
            if data.get("kind") == kind:
                return kind
    return None


def other_findings(kind: OtherKind, doc: Document) -> tuple[Finding, ...]:
    """Every finding of a judgements or outcomes file: its model, then its own rules.

    Outcomes' ids are not checked against profiles here (the file may be checked on its own);
    ``partnerfit calibrate`` checks them against the profile set it scores.
    """
    # imported here: `check` of a set without such files never builds their models
    from partnerfit.model.judgements import Judgements, judgement_findings
    from partnerfit.model.outcomes import Outcomes, outcome_findings

    extra: list[Finding]
    if kind == "judgements":
        judgements = validate_document(Judgements, doc)
        extra = [] if judgements.model is None else judgement_findings(judgements.model, doc)
        found = judgements.findings
    else:
        outcomes = validate_document(Outcomes, doc)
        extra = [] if outcomes.model is None else outcome_findings(outcomes.model, doc)
        found = outcomes.findings
    return tuple(sorted((*found, *extra), key=Finding.sort_key))


def declares_partnership(doc: Document) -> bool:
    """True when a parsed file says it is a partnership (``kind: partnership``, or nearly)."""
    if not isinstance(doc.data, dict):
        return False
    kind = doc.data.get("kind")
    if kind is None:
        return "partners" in doc.data  # only partnerships have partners
    if not isinstance(kind, str):
        return False
    if len(kind) > _KIND_MEMO_TEXT:
        return _near_partnership.__wrapped__(kind)
    return _near_partnership(kind)


_KIND_MEMO_TEXT = 40


@functools.lru_cache(maxsize=256)
def _near_partnership(kind: str) -> bool:
    # a misspelt kind is still meant as a partnership: report it against that schema. A set
    # writes the same few kinds in every file, so each is judged once (short ones are kept)
    return difflib.SequenceMatcher(None, kind.casefold(), "partnership").ratio() >= 0.8
