"""Stakeholders' pairwise judgements of criteria (``kind: judgements``), for ``partnerfit weights``.

Each judgement ``[a, b, v]`` says that criterion ``a`` is ``v`` times as important as ``b`` on
Saaty's 1–9 scale; ``v`` may be a whole number, a decimal or a fraction written ``1/5``.
Not every pair needs a judgement, but each stakeholder's judgements must link every criterion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from partnerfit.errors import ProfileError
from partnerfit.io.document import Document, field_path, node_at
from partnerfit.io.findings import Finding, Severity
from partnerfit.model import Limits
from partnerfit.model.load import load_model

__all__ = [
    "JUDGEMENT_MAX",
    "JUDGEMENT_MIN",
    "Judgements",
    "Stakeholder",
    "judgement_findings",
    "load_judgements",
    "parse_judgement_value",
]

JUDGEMENT_MAX = 9.0
JUDGEMENT_MIN = 1 / 9
MAX_CRITERIA = 15  # Saaty's random indices are tabled up to 15 criteria
MAX_STAKEHOLDERS = 1_000

_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def parse_judgement_value(value: Any) -> Any:
    """``3``, ``0.2``, ``"1/5"`` or ``"0.2"`` as a float on Saaty's scale; else a clear error."""
    if isinstance(value, bool):
        return value  # the float schema refuses it with a clear message
    if isinstance(value, str):
        fraction = _FRACTION.match(value)
        if fraction:
            top, bottom = (Fraction(part) for part in fraction.groups())
            if bottom == 0:
                raise ValueError(f"{value!r} divides by zero")
            value = float(top / bottom)
        elif _NUMBER.match(value):
            value = float(value)
        else:
            raise ValueError(f"{value!r} is not a number or a fraction such as 1/5")
    if isinstance(value, int | float) and not JUDGEMENT_MIN - 1e-12 <= value <= JUDGEMENT_MAX:
        raise ValueError("a judgement is on Saaty's scale, from 1/9 to 9")
    if isinstance(value, int | float):
        return min(JUDGEMENT_MAX, max(JUDGEMENT_MIN, float(value)))
    return value


Name = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=80, strip_whitespace=True, pattern=r"^[^\x00-\x1f\x7f]+$"
    ),
]
JudgementValue = Annotated[
    float,
    BeforeValidator(parse_judgement_value),
    Field(strict=True, ge=JUDGEMENT_MIN, le=JUDGEMENT_MAX, allow_inf_nan=False),
]

_CONFIG = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Stakeholder(BaseModel):
    """One person (or role) and their judgements."""

    model_config = _CONFIG

    name: Name = Field(description="Who judged, e.g. director; unique in the file.")
    weight: Annotated[float, Field(strict=True, gt=0, le=1_000_000)] = Field(
        default=1.0, description="Their vote in the group result (relative; default 1)."
    )
    judgements: tuple[tuple[Name, Name, JudgementValue], ...] = Field(
        max_length=MAX_CRITERIA * (MAX_CRITERIA - 1) // 2,
        description="[a, b, v]: a is v times as important as b (Saaty's scale 1/9..9).",
    )
    note: Annotated[str, StringConstraints(max_length=2_000)] | None = Field(
        default=None, description="Free text, e.g. the meeting the judgements come from."
    )


class Judgements(BaseModel):
    """The file: the criteria and every stakeholder's pairwise judgements."""

    model_config = _CONFIG

    kind: Literal["judgements"] = Field(description="Always `judgements`.")
    title: Annotated[str, StringConstraints(max_length=300)] | None = Field(
        default=None, description="What is being decided."
    )
    criteria: tuple[Name, ...] = Field(
        min_length=2,
        max_length=MAX_CRITERIA,
        description="The criteria judged: partnerfit's six, or any names for another decision.",
    )
    stakeholders: tuple[Stakeholder, ...] = Field(
        max_length=MAX_STAKEHOLDERS, description="Who judged, and how."
    )


_Add = Callable[[tuple[str | int, ...], str, str, str | None], None]


def judgement_findings(model: Judgements, doc: Document) -> list[Finding]:
    """Problems the schema cannot see: names, repeats, self-comparisons, unlinked criteria."""
    findings: list[Finding] = []

    def add(path: tuple[str | int, ...], rule: str, message: str, hint: str | None) -> None:
        found = doc.finding(
            rule, message, node_at(doc, path), hint=hint, field_path=field_path(path)
        )
        findings.append(found)

    first: dict[str, int] = {}
    for i, name in enumerate(model.criteria):
        if name in first:
            add(("criteria", i), "duplicate-criterion", f"criterion `{name}` is listed twice", None)
        first.setdefault(name, i)
    if not model.stakeholders:
        add(("stakeholders",), "no-stakeholders", "no stakeholder judged anything", None)
    names: dict[str, int] = {}
    for s, person in enumerate(model.stakeholders):
        if person.name in names:
            add(
                ("stakeholders", s, "name"),
                "duplicate-stakeholder",
                f"stakeholder `{person.name}` is listed twice",
                "give each stakeholder one entry with all their judgements",
            )
        names.setdefault(person.name, s)
        _stakeholder_findings(model, s, person, add)
    return findings


def _stakeholder_findings(model: Judgements, s: int, person: Stakeholder, add: _Add) -> None:
    known = set(model.criteria)
    seen: dict[frozenset[str], int] = {}
    links: dict[str, set[str]] = {c: set() for c in model.criteria}
    unknown = False
    for j, (more, less, _) in enumerate(person.judgements):
        at = ("stakeholders", s, "judgements", j)
        bad = [c for c in (more, less) if c not in known]
        for position, name in enumerate((more, less)):
            if name in bad:
                close = difflib.get_close_matches(name, model.criteria, n=1)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else "criteria: " + ", ".join(model.criteria)
                )
                add((*at, position), "unknown-criterion", f"`{name}` is not in `criteria`", hint)
        if bad:
            unknown = True
            continue
        if more == less:
            add(at, "self-judgement", f"`{more}` is compared with itself", "remove this line")
            continue
        pair = frozenset((more, less))
        if pair in seen:
            add(
                at,
                "repeated-judgement",
                f"{person.name} judges `{more}` against `{less}` twice "
                f"(also judgement {seen[pair] + 1})",
                "keep one judgement per pair (b against a is 1/v of a against b)",
            )
            continue
        seen[pair] = j
        links[more].add(less)
        links[less].add(more)
    groups = _components(links)
    if len(groups) > 1 and not unknown:  # an unknown name already explains a missing link
        shown = "; ".join("{" + ", ".join(sorted(g)) + "}" for g in groups)
        add(
            ("stakeholders", s, "judgements"),
            "unlinked-criteria",
            f"{person.name}'s judgements leave the criteria in {len(groups)} unlinked groups: "
            f"{shown}",
            "judge at least one pair across the groups; n criteria need n − 1 linked judgements",
        )


def _components(links: dict[str, set[str]]) -> list[list[str]]:
    seen: set[str] = set()
    groups: list[list[str]] = []
    for start in links:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in sorted(links[node]):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append(group)
    return groups


def load_judgements(
    path: Path, display: str | None = None, limits: Limits | None = None
) -> Judgements:
    """Read and validate a judgements file; raises ProfileError with every located finding."""
    loaded = load_model(Judgements, path, display, limits)
    findings = list(loaded.findings)
    if loaded.model is not None:
        findings += judgement_findings(loaded.model, loaded.document)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if loaded.model is None or errors:
        raise ProfileError(sorted(findings, key=Finding.sort_key))
    return loaded.model
