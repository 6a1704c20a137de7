"""The result of ``match``: matched pairs, unmatched members with the reason, the solver."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from partnerfit.batch.assignment import SOLVER_DESCRIPTIONS
from partnerfit.scoring.card import Weights

Mode = Literal["max-total", "stable"]
Side = Literal["left", "right"]
MODES: tuple[Mode, ...] = ("max-total", "stable")
DEFERRED_ACCEPTANCE = "deferred-acceptance"
SOLVERS: dict[str, str] = {
    **SOLVER_DESCRIPTIONS,
    DEFERRED_ACCEPTANCE: "deferred acceptance (stable)",
}
SIDES: tuple[Side, ...] = ("left", "right")


@dataclass(frozen=True)
class MatchedPair:
    """A matched pair, each side's score for the other (0..100) and their mean, the fit."""

    left_id: str
    left_name: str
    right_id: str
    right_name: str
    left_score: float
    right_score: float
    fit: float
    left_coverage: float = 1.0
    right_coverage: float = 1.0

    def to_record(self) -> dict[str, Any]:
        """The pair as a flat dict."""
        return {
            "left_id": self.left_id,
            "left_name": self.left_name,
            "right_id": self.right_id,
            "right_name": self.right_name,
            "left_score": self.left_score,
            "right_score": self.right_score,
            "fit": self.fit,
            "left_coverage": self.left_coverage,
            "right_coverage": self.right_coverage,
        }


@dataclass(frozen=True)
class Unmatched:
    """A member left without a partner, and why."""

    side: Side
    id: str
    name: str
    capacity: int
    acceptable: int
    reason: str


@dataclass(frozen=True)
class Matching:
    """The result of ``match``: everything every output format shows."""

    mode: Mode
    proposer: Side | None
    min_score: float | None
    weights: Weights
    pairs: tuple[MatchedPair, ...]
    unmatched: tuple[Unmatched, ...]
    left_ids: tuple[str, ...]
    right_ids: tuple[str, ...]
    capacities: Mapping[Side, Mapping[str, int]]
    acceptable_pairs: int
    notes: tuple[str, ...]
    solver: str = ""
    """How the pairs were chosen: a key of ``SOLVERS``."""

    @property
    def solver_description(self) -> str:
        """The solver in words, as the outputs show it."""
        return SOLVERS.get(self.solver, self.solver)

    @property
    def total(self) -> float:
        """Sum of the fits of the matched pairs."""
        return sum(p.fit for p in self.pairs)

    def used(self, side: Side, member: str) -> int:
        """How many partners a member got."""
        attr = "left_id" if side == "left" else "right_id"
        return sum(1 for p in self.pairs if getattr(p, attr) == member)

    def to_records(self) -> list[dict[str, Any]]:
        """Matched pairs, then unmatched members, as flat dicts with the same keys.

        ``status`` is ``matched`` or ``unmatched``; an unmatched member fills its own side's
        id and name, with ``side``, ``capacity``, ``acceptable_partners`` and ``reason``.
        For pandas: ``pandas.DataFrame(matching.to_records())``.
        """
        empty = {"side": None, "capacity": None, "acceptable_partners": None, "reason": None}
        records = [{"status": "matched", **p.to_record(), **empty} for p in self.pairs]
        for member in self.unmatched:
            left = member.side == "left"
            records.append(
                {
                    "status": "unmatched",
                    "left_id": member.id if left else None,
                    "left_name": member.name if left else None,
                    "right_id": None if left else member.id,
                    "right_name": None if left else member.name,
                    "left_score": None,
                    "right_score": None,
                    "fit": None,
                    "left_coverage": None,
                    "right_coverage": None,
                    "side": member.side,
                    "capacity": member.capacity,
                    "acceptable_partners": member.acceptable,
                    "reason": member.reason,
                }
            )
        return records
