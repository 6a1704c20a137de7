"""Outcomes of past partnerships (``kind: outcomes``), for ``partnerfit calibrate``.

Each entry names the focal organisation that chose, the partner it chose, and how it went:
``success``, ``failure``, or a rating from 0 to 100.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from partnerfit.errors import ProfileError
from partnerfit.io.document import Document, field_path, node_at
from partnerfit.io.findings import Finding, Severity
from partnerfit.model import Limits
from partnerfit.model.base import Slug
from partnerfit.model.load import load_model
from partnerfit.model.near_miss import NearMiss

__all__ = ["Outcome", "Outcomes", "load_outcomes", "outcome_findings", "outcome_value"]

MAX_OUTCOMES = 100_000
OUTCOME_WORDS = ("success", "failure")


class Outcome(BaseModel):
    """One past partnership and how it went."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    focal: Slug = Field(description="Id of the organisation that chose the partner.")
    partner: Slug = Field(description="Id of the partner it chose.")
    outcome: str | float = Field(
        description="success, failure, or a rating from 0 (worst) to 100 (best)."
    )
    date: dt.date | None = Field(default=None, description="When the partner was chosen.")
    note: Annotated[str, StringConstraints(max_length=2_000)] | None = Field(
        default=None, description="Free text."
    )

    @field_validator("outcome", mode="before")
    @classmethod
    def _success_failure_or_rating(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value in OUTCOME_WORDS:
                return value
            close = difflib.get_close_matches(value.casefold(), OUTCOME_WORDS, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise ValueError(f"an outcome is success, failure or a rating 0..100{hint}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("an outcome is success, failure or a rating 0..100")
        if not 0 <= value <= 100 or math.isnan(value):
            raise ValueError("a rating must be within 0..100")
        return float(value)


class Outcomes(BaseModel):
    """The file: past partnerships with their outcomes."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    kind: Literal["outcomes"] = Field(description="Always `outcomes`.")
    outcomes: tuple[Outcome, ...] = Field(
        max_length=MAX_OUTCOMES, description="One entry per past partnership."
    )


def outcome_value(outcome: Outcome) -> float:
    """The outcome on 0..1: success 1, failure 0, a rating divided by 100."""
    if outcome.outcome == "success":
        return 1.0
    if outcome.outcome == "failure":
        return 0.0
    return float(outcome.outcome) / 100


def outcome_findings(
    model: Outcomes, doc: Document, known_ids: Collection[str] | None = None
) -> list[Finding]:
    """Problems the schema cannot see: a self-partnership; ids not in ``known_ids`` if given."""
    findings: list[Finding] = []
    near: NearMiss | None = None  # built on the first unknown id: bounded cost per question
    for i, entry in enumerate(model.outcomes):
        for role in ("focal", "partner"):
            pid = getattr(entry, role)
            if known_ids is None or pid in known_ids:
                continue
            if near is None:
                near = NearMiss(known_ids)
            close = near(pid, cutoff=0.6)
            where: tuple[str | int, ...] = ("outcomes", i, role)
            findings.append(
                doc.finding(
                    "unknown-id",
                    f"no profile with id `{pid}` in the profile set",
                    node_at(doc, where),
                    hint=f"did you mean `{close}`?" if close else None,
                    field_path=field_path(where),
                )
            )
        if entry.focal == entry.partner:
            where = ("outcomes", i)
            findings.append(
                doc.finding(
                    "self-partnership",
                    f"`{entry.focal}` is its own partner",
                    node_at(doc, where),
                    field_path=field_path(where),
                )
            )
    return findings


def load_outcomes(
    path: Path,
    known_ids: Collection[str],
    display: str | None = None,
    limits: Limits | None = None,
) -> Outcomes:
    """Read and validate an outcomes file against the profile ids; ProfileError if invalid."""
    loaded = load_model(Outcomes, path, display, limits)
    findings = list(loaded.findings)
    if loaded.model is not None:
        findings += outcome_findings(loaded.model, loaded.document, known_ids)
    if loaded.model is None or any(f.severity is Severity.ERROR for f in findings):
        raise ProfileError(sorted(findings, key=Finding.sort_key))
    return loaded.model
