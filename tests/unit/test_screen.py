"""The float32 screen of ``compare --top-k``: within its stated margin of the exact totals, its
classes (excluded, insufficient) exact, and the comparison it drives identical to scoring every
pair exactly."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.test_batch import KINDS, profile_sets

from partnerfit.batch import engine
from partnerfit.batch.comparison import Comparison
from partnerfit.model import CADENCES, CRITERIA, Config, Profile, Unknowns
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.card import resolve_weights
from partnerfit.scoring.coverage import dealbreaker_block, score_block, sufficient
from partnerfit.scoring.criteria import Grid, Pairs
from partnerfit.scoring.encode import encode
from partnerfit.scoring.screen import (
    EXCLUDED_BELOW,
    INSUFFICIENT_BELOW,
    SAFETY,
    Screen,
)


def _set(profiles: list[Profile], config: Config | None = None) -> ProfileSet:
    return ProfileSet(
        profiles=tuple(profiles), sources={}, config=config or Config(), config_source=None
    )


def _config(weights: list[float], prior: float, min_coverage: float) -> Config:
    return Config(
        weights=dict(zip(CRITERIA, weights, strict=True)),
        unknowns=Unknowns(prior=prior, min_coverage=min_coverage),
    )


weight_lists = st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]), min_size=6, max_size=6).filter(
    any
)


def _random_profile(rng: random.Random, index: int, tags: int) -> dict[str, Any]:
    """A profile over a small vocabulary (many overlaps, some exact ties)."""

    def pick(low: int, high: int) -> list[str]:
        return [f"t{i}" for i in rng.sample(range(tags), rng.randint(low, high))]

    data: dict[str, Any] = {
        "id": f"p{index:04d}",
        "name": f"P {index}",
        "kind": rng.choice(KINDS),
        "sectors": pick(0, 2),
        "regions": pick(0, 3),
        "audiences": pick(0, 2),
        "values": {t: rng.randint(1, 5) for t in pick(0, 4)},
        "strengths": [{"capability": t, "level": rng.randint(1, 5)} for t in pick(0, 3)],
        "needs": [{"capability": t, "priority": rng.randint(1, 5)} for t in pick(0, 3)],
        "goals": [
            {"statement": "g", "metric": rng.choice([None, "t1", "t2"]), "themes": pick(0, 2)}
        ],
        "communication": {"languages": pick(0, 2), "cadence": rng.choice([None, *CADENCES])},
    }
    if rng.random() < 0.8:
        data["reputation"] = {
            "rating": rng.choice([None, 1.5, 3.0, 4.5]),
            "certifications": pick(0, 2),
        }
    if rng.random() < 0.2:
        data["dealbreakers"] = {
            "sectors": pick(0, 1),
            "kinds": rng.sample(KINDS, rng.randint(0, 1)),
        }
    return data


def random_set(count: int, seed: int, tags: int = 12) -> list[Profile]:
    """``count`` profiles, every fifth a renamed copy of an earlier one (exact score ties)."""
    rng = random.Random(seed)
    members = [_random_profile(rng, i, tags) for i in range(count)]
    for i in range(4, count, 5):
        twin = dict(members[rng.randrange(i)])
        members[i] = {**twin, "id": f"p{i:04d}", "name": f"P {i}"}
    return [Profile.model_validate(m) for m in members]


def assert_screen_within_margin(profiles: list[Profile], vocab: Vocabulary, config: Config) -> None:
    focal, cand = encode(profiles, profiles, vocab)
    weights = resolve_weights(config).vector()
    screen = Screen(focal, cand, config.unknowns, weights)
    rows = Grid(slice(0, len(profiles)))
    totals = screen.totals(rows.rows)
    exact = score_block(focal, cand, rows, config.unknowns, weights)
    excluded = dealbreaker_block(focal, rows.rows, cand)
    enough = sufficient(exact.coverage, config.unknowns.min_coverage)
    assert np.array_equal(totals <= EXCLUDED_BELOW, excluded)
    assert np.array_equal((totals <= INSUFFICIENT_BELOW) & ~excluded, ~enough & ~excluded)
    rankable = enough & ~excluded
    error = np.abs(totals[rankable] - 100 * exact.total[rankable])
    assert error.size == 0 or error.max() <= screen.margin / SAFETY


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile_sets(),
    weight_lists,
    st.sampled_from([0.0, 0.25, 0.5]),
    st.sampled_from([0.0, 0.5, 0.9]),
)
def test_the_screen_is_within_its_margin_and_its_classes_are_exact(
    profiles: list[Profile], weights: list[float], prior: float, min_coverage: float
) -> None:
    assert_screen_within_margin(profiles, Vocabulary(), _config(weights, prior, min_coverage))


def test_the_screen_is_within_its_margin_on_a_larger_set() -> None:
    config = _config([3, 2, 1, 1, 1, 1], 0.25, 0.5)
    assert_screen_within_margin(random_set(300, seed=3, tags=40), Vocabulary(), config)


def exactly(monkeypatch: pytest.MonkeyPatch, *args: Any, **kwargs: Any) -> Comparison:
    """``compare`` scoring every pair exactly (no screen)."""
    with monkeypatch.context() as patched:
        patched.setattr(engine, "Screen", lambda *_: None)
        return engine.compare(*args, **kwargs)


def assert_same(left: Comparison, right: Comparison) -> None:
    for name in ("selected", "status", "ranks", "tied"):
        assert np.array_equal(getattr(left.kept, name), getattr(right.kept, name)), name
    for name in ("scores", "coverage", "low", "high", "criteria"):
        assert np.array_equal(
            getattr(left.kept, name), getattr(right.kept, name), equal_nan=True
        ), name
    assert left.summaries == right.summaries


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile_sets(),
    st.integers(1, 8),
    st.sampled_from([None, 0.0, 20.0, 35.0, 60.0]),
    weight_lists,
    st.lists(st.integers(0, 6), max_size=3),
)
def test_top_k_through_the_screen_equals_scoring_every_pair(
    profiles: list[Profile],
    top_k: int,
    min_score: float | None,
    weights: list[float],
    twins: list[int],
) -> None:
    # renamed copies tie exactly with their originals, so ties cross the cut
    copies = [
        profiles[i % len(profiles)].model_copy(update={"id": f"twin-{n}"})
        for n, i in enumerate(twins)
    ]
    members = _set([*profiles, *copies], _config(weights, 0.25, 0.5))
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = exactly(monkeypatch, members, top_k=top_k, min_score=min_score)
    assert_same(engine.compare(members, top_k=top_k, min_score=min_score), expected)


@pytest.mark.parametrize(("top_k", "min_score"), [(1, None), (3, None), (10, 30.0), (40, 45.0)])
def test_the_sampled_cut_keeps_what_scoring_every_pair_keeps(
    monkeypatch: pytest.MonkeyPatch, top_k: int, min_score: float | None
) -> None:
    # 400 candidates: the cut is taken on a sample of the columns (every 6th to 20th)
    members = _set(random_set(400, seed=top_k))
    expected = exactly(monkeypatch, members, top_k=top_k, min_score=min_score, block_pairs=9000)
    got = engine.compare(members, top_k=top_k, min_score=min_score, block_pairs=9000)
    assert_same(got, expected)
    assert any(s.tied_beyond_top_k for s in got.summaries) or top_k == 40


def test_the_bundled_comparison_is_unchanged(
    monkeypatch: pytest.MonkeyPatch, bundled: Path
) -> None:
    bundled_set = load_profile_set(bundled)
    for top_k, min_score in ((1, None), (5, None), (5, 40.0), (50, None)):
        expected = exactly(monkeypatch, bundled_set, top_k=top_k, min_score=min_score)
        assert_same(engine.compare(bundled_set, top_k=top_k, min_score=min_score), expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_sets(), st.data())
def test_listed_pairs_equal_their_cells_of_the_grid(profiles: list[Profile], data: Any) -> None:
    focal, cand = encode(profiles, profiles, Vocabulary())
    n = len(profiles)
    cells = data.draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20)
    )
    rows = np.array([i for i, _ in cells], dtype=np.int64)
    cols = np.array([j for _, j in cells], dtype=np.int64)
    weights, unknowns = resolve_weights().vector(), Unknowns()
    grid = score_block(focal, cand, Grid(slice(0, n)), unknowns, weights)
    listed = score_block(focal, cand, Pairs(rows, cols), unknowns, weights)
    # bit for bit: the same operations on the same operands
    assert np.array_equal(listed.total, grid.total[rows, cols])
    assert np.array_equal(listed.coverage, grid.coverage[rows, cols])
    for got, want in zip(
        listed.criteria_at((np.arange(len(rows)),)), grid.criteria_at((rows, cols)), strict=True
    ):
        assert np.array_equal(got, want, equal_nan=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_sets(), st.data())
def test_every_pair_worked_out_whole_then_gathered_is_gathering_first(
    profiles: list[Profile], data: Any
) -> None:
    # the streamed compare works a block out whole and gathers the pairs it keeps; top-k
    # gathers the few it keeps first: bit for bit the same numbers either way
    focal, cand = encode(profiles, profiles, Vocabulary())
    n = len(profiles)
    weights = np.array(data.draw(weight_lists), dtype=np.float64)
    unknowns = Unknowns(prior=data.draw(st.sampled_from([0.0, 0.3, 0.5])))
    scores = score_block(focal, cand, Grid(slice(0, n)), unknowns, weights).raveled()
    picked = np.array(
        data.draw(st.lists(st.integers(0, n * n - 1), max_size=3 * n)), dtype=np.int64
    )
    whole = (slice(None),)
    for got, want in zip(scores.criteria_at(whole), scores.criteria_at((picked,)), strict=True):
        assert np.array_equal(got[picked], want, equal_nan=True)
    for got, want in zip(
        scores.bounds(whole, weights), scores.bounds((picked,), weights), strict=True
    ):
        assert got.shape == (n * n,)
        assert got[picked].tobytes() == want.tobytes()


def test_the_loaded_bundled_profiles_screen_within_the_margin(bundled: Path) -> None:
    loaded = load_profile_set(bundled)
    assert_screen_within_margin(list(loaded.profiles), loaded.vocabulary, loaded.config)
