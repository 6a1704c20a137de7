"""Weights, aggregation, tiers and the ranking on the small fixture set."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from partnerfit import (
    CRITERIA,
    Config,
    UsageError,
    load_profile_set,
    rank,
    resolve_weights,
    tier_for,
    weighted_sum,
)
from partnerfit.model.config import DEFAULT_PRIOR


def test_weights_are_normalised_with_a_note() -> None:
    weights = resolve_weights(Config(weights={"value_alignment": 2, "complementarity": 2}))
    assert weights.normalised["value_alignment"] == pytest.approx(0.5)
    assert weights.normalised["reputation"] == 0
    assert weights.note == "weights summed to 4, not 1; they were normalised"
    assert resolve_weights().note is None


def test_weight_overrides_and_errors() -> None:
    weights = resolve_weights(None, {"communication": 0.45})
    assert weights.given["communication"] == 0.45
    assert weights.normalised["communication"] == pytest.approx(0.45 / 1.4)
    with pytest.raises(UsageError, match="unknown criterion `speed`"):
        resolve_weights(None, {"speed": 1})
    with pytest.raises(UsageError, match="all weights are zero"):
        resolve_weights(None, dict.fromkeys(CRITERIA, 0.0))
    with pytest.raises(ValidationError, match="all weights are zero"):
        Config(weights={"reputation": 0})
    # near the float limit the weights still normalise instead of overflowing
    huge = resolve_weights(None, {"value_alignment": 1e308, "complementarity": 1e308})
    assert huge.normalised["value_alignment"] == pytest.approx(0.5)
    assert (
        huge.note
        == "weights summed to more than the largest number a float holds; they were normalised"
    )


def test_weights_source() -> None:
    assert resolve_weights().source == "defaults"
    assert resolve_weights(Config()).source == "defaults"
    assert resolve_weights(Config(weights={"reputation": 1})).source == "config"
    assert resolve_weights(Config(), {"reputation": 1}).source == "overrides"
    with pytest.raises(UsageError, match="finite number"):
        resolve_weights(None, {"reputation": math.inf})


def test_weighted_sum_counts_unknowns_at_the_prior() -> None:
    # changed with issue 10: an unknown (NaN) counts at the prior instead of being left out
    p = DEFAULT_PRIOR
    matrix = np.array([[1.0, 0.0, math.nan], [math.nan, math.nan, math.nan], [0.5, 0.5, 0.5]])
    totals = weighted_sum(matrix, np.array([0.5, 0.25, 0.25]))
    assert totals[0] == pytest.approx(0.5 + 0.25 * p)
    assert totals[1] == pytest.approx(p)
    assert totals[2] == pytest.approx(0.5)
    # a zero weight on the only known criterion: the total is the prior, never NaN
    assert weighted_sum(np.array([[0.7, math.nan]]), np.array([0.0, 1.0]))[0] == pytest.approx(p)


@pytest.mark.parametrize(
    ("score", "tier"),
    # changed with issue 10: 74.99 is shown as 75.0, so it is tier A (round first, then band)
    [(75, "A"), (74.99, "A"), (74.94, "B"), (60, "B"), (40, "C"), (39.95, "C"), (39.9, None)],
)
def test_tier_bands(score: float, tier: str | None) -> None:
    assert tier_for(score, {"A": 75, "B": 60, "C": 40}) == tier


def test_rank_small_set(small_set: Path) -> None:
    ranking = rank("alpha", load_profile_set(small_set))
    # changed with issue 10: values 7/12 (was 9/14); gamma states only values and regions,
    # 35% of the weight, so it is listed as insufficient evidence instead of ranked
    assert [(c.rank, c.candidate_id, c.tier) for c in ranking.ranked] == [(1, "beta", "B")]
    beta = 0.3 * 7 / 12 + 0.3 * 0.8 + 0.15 * 0.625 + 0.1 * 5 / 12 + 0.1 * 0.92 + 0.05 * 0.85
    assert ranking.ranked[0].score == pytest.approx(100 * beta)
    assert ranking.ranked[0].coverage == pytest.approx(1.0)
    assert [e.candidate_id for e in ranking.insufficient] == ["gamma"]
    assert ranking.insufficient[0].card is not None
    assert ranking.insufficient[0].card.coverage == pytest.approx(0.35)
    assert [e.candidate_id for e in ranking.excluded] == ["delta", "epsilon"]
    assert ranking.candidates_considered == 4
    assert all(c.candidate_id != "alpha" for c in ranking.ranked)


def test_rank_top_and_min_score(small_set: Path) -> None:
    profiles = load_profile_set(small_set)
    assert [c.candidate_id for c in rank("alpha", profiles, top=1).ranked] == ["beta"]
    assert rank("alpha", profiles, top=1).cut_by_top == 0
    filtered = rank("alpha", profiles, min_score=70)
    assert [c.candidate_id for c in filtered.ranked] == []
    assert filtered.below_min_score == 1


def test_rank_unknown_focal_suggests(small_set: Path) -> None:
    with pytest.raises(UsageError, match="did you mean `alpha`"):
        rank("alpah", load_profile_set(small_set))


def test_ties_share_a_rank_and_list_by_id(tmp_path: Path) -> None:
    # values alone are 30% of the weight: a lower minimum coverage lets them be ranked
    (tmp_path / "partnerfit.yaml").write_text("unknowns: {min_coverage: 0.3}\n")
    for name in ("focal", "zed", "amy", "mid"):
        values = "{care: 3}"
        (tmp_path / f"{name}.yaml").write_text(f"id: {name}\nname: {name}\nvalues: {values}\n")
    ranking = rank("focal", load_profile_set(tmp_path))
    assert [c.candidate_id for c in ranking.ranked] == ["amy", "mid", "zed"]
    assert [c.rank for c in ranking.ranked] == [1, 1, 1]
    assert [c.tied for c in ranking.ranked] == [True, True, True]
    assert [r["tied"] for r in ranking.to_records()] == [True, True, True]


def _tie_set(folder: Path) -> Path:
    """A focal caring for `care` and four candidates: one holds it at 5, two at 3 (a tie), one at 1."""
    (folder / "partnerfit.yaml").write_text("unknowns: {min_coverage: 0.3}\n")
    levels = {"focal": 5, "best": 5, "twin-b": 3, "twin-a": 3, "last": 1}
    for name, level in levels.items():
        (folder / f"{name}.yaml").write_text(
            f"id: {name}\nname: {name}\nvalues: {{care: {level}}}\n"
        )
    return folder


def test_standard_competition_ranking_1_2_2_4(tmp_path: Path) -> None:
    ranking = rank("focal", load_profile_set(_tie_set(tmp_path)))
    listed = [(c.rank, c.candidate_id, c.tied) for c in ranking.ranked]
    assert listed == [
        (1, "best", False),
        (2, "twin-a", True),
        (2, "twin-b", True),
        (4, "last", False),
    ]
    assert ranking.ranked[1].score == ranking.ranked[2].score
    assert ranking.ranked[1].tier == ranking.ranked[2].tier
    assert not any("tied at rank" in note for note in ranking.notes)


def test_top_keeps_the_first_in_order_and_reports_a_tie_across_the_cut(tmp_path: Path) -> None:
    ranking = rank("focal", load_profile_set(_tie_set(tmp_path)), top=2)
    assert [(c.rank, c.candidate_id, c.tied) for c in ranking.ranked] == [
        (1, "best", False),
        (2, "twin-a", True),
    ]
    assert ranking.cut_by_top == 2
    assert (
        "1 more candidate tied at rank 2 with the last one listed; --top keeps the first in "
        "order (by id within the tie)"
    ) in ranking.notes
    # a cut between two ties leaves no note
    assert not any("tied at rank" in n for n in rank("focal", _tie_set(tmp_path), top=3).notes)


def test_all_unknown_candidate_has_insufficient_evidence(tmp_path: Path) -> None:
    (tmp_path / "partnerfit.yaml").write_text("unknowns: {min_coverage: 0}\n")
    (tmp_path / "f.yaml").write_text("id: f\nname: F\nvalues: [a]\n")
    (tmp_path / "blank.yaml").write_text("id: blank\nname: Blank\n")
    ranking = rank("f", load_profile_set(tmp_path))
    assert ranking.ranked == ()  # coverage 0 is never enough, whatever the minimum
    assert ranking.insufficient[0].candidate_id == "blank"
    assert (
        ranking.insufficient[0]
        .reasons[0]
        .startswith("insufficient evidence: 0% of the weight is known (minimum 0%); score 25.0")
    )
