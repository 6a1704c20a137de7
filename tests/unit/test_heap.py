"""io.heap: the collector kept out of the way while lasting, acyclic objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from partnerfit.decide import ranking
from partnerfit.io.heap import no_collections

PROFILES = Path(__file__).resolve().parents[2] / "profiles"


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector as the interpreter starts it, put back after the test."""
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.enable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        (gc.enable if enabled else gc.disable)()


def _collections() -> list[int]:
    return [entry["collections"] for entry in gc.get_stats()]


@pytest.mark.usefixtures("collector")
def test_no_collection_runs_inside_and_what_was_built_ends_in_the_oldest_generation() -> None:
    gc.set_threshold(100, 10, 10)  # a collection every hundred new containers, if allowed
    before = _collections()
    with no_collections():
        assert not gc.isenabled()
        built = [{"n": i} for i in range(5_000)]  # fifty collections' worth
        assert _collections() == before
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # unfrozen again
    assert gc.get_count()[0] < 100  # nothing young is left to walk
    assert len(built) == 5_000


@pytest.mark.usefixtures("collector")
def test_a_cycle_made_inside_is_collected_after() -> None:
    class Node:
        other: object

    with no_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
    assert gc.collect() >= 2  # the two nodes (and their dicts)


@pytest.mark.usefixtures("collector")
def test_a_disabled_collector_stays_disabled_and_frozen_objects_stay_frozen() -> None:
    gc.disable()
    with no_collections():
        pass
    assert not gc.isenabled()
    gc.enable()
    gc.freeze()  # the caller's own frozen objects
    frozen = gc.get_freeze_count()
    try:
        with no_collections():
            [{"n": i} for i in range(10)]
        assert gc.get_freeze_count() == frozen  # not put back: they are the caller's
    finally:
        gc.unfreeze()


@pytest.mark.usefixtures("collector")
def test_an_error_inside_enables_the_collector_again() -> None:
    with pytest.raises(RuntimeError), no_collections():
        raise RuntimeError("stop")
    assert gc.isenabled()


def _collector_on_in(monkeypatch: pytest.MonkeyPatch, name: str, **options: Any) -> list[bool]:
    """Whether the collector was on at each call of ``ranking.<name>`` during one ranking."""
    enabled: list[bool] = []
    real = getattr(ranking, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        enabled.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(ranking, name, spy)
    assert ranking.rank("greenleaf-coop", PROFILES, **options).ranked
    assert gc.isenabled()
    return enabled


@pytest.mark.usefixtures("collector")
def test_ranking_builds_its_tags_and_cards_with_no_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _collector_on_in(monkeypatch, "card_block") == [False]


@pytest.mark.usefixtures("collector")
def test_the_robustness_analysis_runs_with_the_collector_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It may run for minutes (a million samples): a cycle made meanwhile must not wait."""
    assert _collector_on_in(monkeypatch, "assess_robustness", robustness=20) == [True]
