"""``match`` on a sparse graph fed from the screen (no dense matrix) against the dense path:
the same optimum, the same reasons for every member left unmatched."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.test_batch import profile_sets
from tests.unit.test_screen import random_set

from partnerfit.batch import match as match_module
from partnerfit.batch.matching import Matching
from partnerfit.errors import UsageError
from partnerfit.model import Config, Profile
from partnerfit.model.profileset import ProfileSet


def _set(profiles: list[Profile], prefix: str, seed: int) -> ProfileSet:
    rng = random.Random(seed)
    members = tuple(
        p.model_copy(update={"id": f"{prefix}{p.id}", "capacity": rng.randint(1, 3)})
        for p in profiles
    )
    return ProfileSet(profiles=members, sources={}, config=Config(), config_source=None)


def _feasible(found: Matching, left: ProfileSet, right: ProfileSet) -> None:
    for side, members in (("left", left), ("right", right)):
        for profile in members.profiles:
            assert found.used(side, profile.id) <= found.capacities[side][profile.id]  # type: ignore[index]
    keys = [(p.left_id, p.right_id) for p in found.pairs]
    assert len(keys) == len(set(keys))


def assert_same_optimum(left: ProfileSet, right: ProfileSet, **options: object) -> Matching:
    dense = match_module.match(left, right, graph=False, **options)  # type: ignore[arg-type]
    graph = match_module.match(left, right, graph=True, **options)  # type: ignore[arg-type]
    _feasible(graph, left, right)
    assert graph.total == pytest.approx(dense.total, abs=1e-9)
    assert graph.acceptable_pairs == dense.acceptable_pairs
    if graph.pairs == dense.pairs:
        # the same matching: every reason is the same too
        assert graph.unmatched == dense.unmatched
    for pair in graph.pairs:  # every pair carries its exact scores
        same = [p for p in dense.pairs if (p.left_id, p.right_id) == (pair.left_id, pair.right_id)]
        if same:
            assert same[0] == pair
    return graph


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_sets(), profile_sets(), st.sampled_from([None, 0.0, 25.0, 40.0]), st.integers(0, 9))
def test_the_graph_finds_the_dense_optimum(
    left: list[Profile], right: list[Profile], min_score: float | None, seed: int
) -> None:
    assert_same_optimum(_set(left, "l-", seed), _set(right, "r-", seed + 1), min_score=min_score)


@pytest.mark.parametrize(
    ("min_score", "block_pairs"), [(None, 4000), (30.0, 4000), (45.0, 100_000)]
)
def test_the_graph_matches_the_dense_path_on_larger_sets(
    min_score: float | None, block_pairs: int
) -> None:
    # 150 × 150 with renamed twins: ties, columns added over several rounds, blocks of rows
    left = _set(random_set(150, seed=11), "l-", 1)
    right = _set(random_set(150, seed=12), "r-", 2)
    found = assert_same_optimum(left, right, min_score=min_score, block_pairs=block_pairs)
    assert found.solver == "highs-lp"
    assert found.unmatched  # capacities 1–3 on both sides: somebody is left over


def test_one_set_on_both_sides_never_pairs_a_member_with_itself() -> None:
    both = _set(random_set(60, seed=5), "", 3)
    found = assert_same_optimum(both, both, capacity=2)
    assert all(p.left_id != p.right_id for p in found.pairs)


def test_the_reasons_are_tallied_as_the_dense_path_tallies_them() -> None:
    left = _set(random_set(120, seed=21), "l-", 4)
    right = _set(random_set(90, seed=22), "r-", 5)
    dense = match_module.match(left, right, graph=False, min_score=35.0, capacity=1)
    graph = match_module.match(left, right, graph=True, min_score=35.0, capacity=1)
    assert graph.total == pytest.approx(dense.total, abs=1e-9)
    if graph.pairs == dense.pairs:
        assert graph.unmatched == dense.unmatched
    by_member = {(u.side, u.id): u for u in dense.unmatched}
    for member in graph.unmatched:
        twin = by_member.get((member.side, member.id))
        if twin is not None:
            # the acceptable partners and every count in the reason come from the same pairs
            assert member.acceptable == twin.acceptable
            if not member.acceptable:
                assert member.reason == twin.reason


def test_a_stable_matching_on_the_graph_is_refused() -> None:
    left = _set(random_set(5, seed=1), "l-", 1)
    with pytest.raises(UsageError, match="max-total only"):
        match_module.match(left, left, mode="stable", graph=True)


def test_a_stable_matching_past_memory_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    left = _set(random_set(5, seed=1), "l-", 1)
    monkeypatch.setattr(match_module, "available_memory", lambda: 1000)
    with pytest.raises(UsageError, match="needs every pair's scores"):
        match_module.match(left, left, mode="stable")


def test_the_graph_is_chosen_past_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    left = _set(random_set(30, seed=1), "l-", 1)
    right = _set(random_set(30, seed=2), "r-", 2)
    dense = match_module.match(left, right)
    monkeypatch.setattr(match_module, "available_memory", lambda: 1000)
    called: list[bool] = []
    real = match_module.match_on_graph

    def spy(*args: object, **kwargs: object) -> object:
        called.append(True)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(match_module, "match_on_graph", spy)
    assert match_module.match(left, right).total == pytest.approx(dense.total, abs=1e-9)
    assert called
