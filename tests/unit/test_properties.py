"""Rules that must hold for every profile, checked with hypothesis (docs/scoring.md states them).

- every score is in range, the total lies in its interval, contributions add up;
- silence never beats an otherwise identical profile that states the field and is good on it,
  for every method;
- monotone in evidence: a certification, a higher needed strength, a shared value, a shared
  language never lower that criterion nor the total, for every method;
- one unmet need among k lowers complementarity by a bounded amount, never to zero;
- rank, compare, explain and the API agree on score, tier and coverage.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from tests.strategies import CAPABILITIES, LANGUAGES, TAGS, levels, profile_data, profiles

from partnerfit import (
    CRITERIA,
    METHODS,
    Config,
    Profile,
    Vocabulary,
    compare,
    explain,
    load_profile_set,
    rank,
    resolve_weights,
    score_pair,
    tier_for,
)
from partnerfit.model.config import DEFAULT_PRIOR
from partnerfit.render import RANK_FORMATS, RenderOptions
from partnerfit.scoring.card import ScoreCard, criteria_matrix, score_cards

VOCAB = Vocabulary.from_synonyms({"sustainability": ["green"]})
TOL = 1e-9
P = DEFAULT_PRIOR
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])

Edit = Callable[[dict[str, Any]], dict[str, Any]]


def card(focal: Profile | dict[str, Any], candidate: Profile | dict[str, Any]) -> ScoreCard:
    f = focal if isinstance(focal, Profile) else Profile.model_validate(focal)
    c = candidate if isinstance(candidate, Profile) else Profile.model_validate(candidate)
    return score_pair(f, c, vocabulary=VOCAB)


def method_scores(focal: Profile, candidates: list[Profile]) -> dict[str, np.ndarray]:
    """Every method's totals for the candidates scored together (TOPSIS is relative)."""
    cards = score_cards(focal, candidates, vocabulary=VOCAB)
    matrix = criteria_matrix(cards)
    vector = resolve_weights().vector()
    return {name: method(matrix, vector) for name, method in METHODS.items()}


def assert_never_lower(
    focal: dict[str, Any],
    before: dict[str, Any],
    after: dict[str, Any],
    others: list[dict[str, Any]],
    criterion: str,
) -> None:
    """``after`` scores at least ``before`` on the criterion, the total, and under every method
    with the same other candidates beside it."""
    one, two = card(focal, before), card(focal, after)
    assert two.criterion(criterion).value >= one.criterion(criterion).value - TOL
    assert two.total >= one.total - 1e-7
    f = Profile.model_validate(focal)
    rest = [Profile.model_validate({**o, "id": f"o{i}"}) for i, o in enumerate(others)]
    first = method_scores(f, [Profile.model_validate(before), *rest])
    second = method_scores(f, [Profile.model_validate(after), *rest])
    for name in METHODS:
        assert second[name][0] >= first[name][0] - 1e-9, name


# --- range, interval, contributions ---------------------------------------------------------


@given(profiles("f"), profiles("c"))
def test_every_score_is_in_range(focal: Profile, candidate: Profile) -> None:
    scored = score_pair(focal, candidate, vocabulary=VOCAB)
    for result in scored.criteria:
        assert 0.0 <= result.low <= result.value + TOL
        assert result.value <= result.high + TOL <= 1.0 + 2 * TOL
        assert 0.0 <= result.known <= 1.0
        assert (result.score is None) == (result.known == 0)
    low, high = scored.interval
    assert -TOL <= low <= scored.total + TOL <= high + 2 * TOL <= 100.0 + 3 * TOL
    assert 0.0 <= scored.coverage <= 1.0 + TOL
    assert math.isclose(sum(scored.contributions().values()), scored.total, abs_tol=TOL)
    if scored.coverage >= 1 - TOL:
        assert high - low <= TOL  # nothing unknown, nothing uncertain


@given(profile_data("f"), profile_data("c"), st.sampled_from(CRITERIA))
def test_a_zero_weight_makes_its_criterion_irrelevant(
    focal: dict[str, Any], candidate: dict[str, Any], zeroed: str
) -> None:
    weights = dict.fromkeys(CRITERIA, 1.0) | {zeroed: 0.0}
    resolved = resolve_weights(Config(weights=weights))
    f, c = Profile.model_validate(focal), Profile.model_validate(candidate)
    scored = score_pair(f, c, vocabulary=VOCAB, weights=resolved)
    others = [r.value for r in scored.criteria if r.name != zeroed]
    assert math.isclose(scored.total, 100 * sum(others) / len(others), abs_tol=TOL)


# --- silence never beats an honest, good statement --------------------------------------------


def _good_statements(focal: Profile, candidate: Profile) -> dict[str, Any]:
    """For each field a candidate may leave out, a statement that is good for this focal.

    The strengths are the focal's needs that the candidate does not need itself (a strength
    in what it needs would also say it needs less help: a different statement)."""
    f = focal
    comm = f.communication
    own_needs = {VOCAB.canonical(n.capability) for n in candidate.needs}
    offered = [n.capability for n in f.needs if VOCAB.canonical(n.capability) not in own_needs]
    return {
        "values": dict(f.values) or {"care": 5},
        "strengths": [{"capability": c, "level": 5} for c in offered]
        or [{"capability": "zz-capability", "level": 5}],
        "needs": [{"capability": s.capability, "priority": 3} for s in f.strengths]
        or [{"capability": "venue", "priority": 3}],
        "goals": [g.model_dump(exclude_none=True, mode="json") for g in f.goals]
        or [{"statement": "g", "themes": ["climate"]}],
        "regions": ["zz-new-region"],
        "audiences": ["zz-new-audience"],
        "reputation": {"rating": 5.0, "certifications": ["b-corp", "iso-9001"]},
        "communication": {
            "languages": list(comm.languages) if comm and comm.languages else ["en"],
            **({"cadence": comm.cadence} if comm and comm.cadence else {"cadence": "monthly"}),
        },
    }


FIELDS = {
    "values": "value_alignment",
    "strengths": "complementarity",
    "needs": "complementarity",
    "goals": "goal_alignment",
    "regions": "market_reach",
    "audiences": "market_reach",
    "reputation": "reputation",
    "communication": "communication",
}


@SLOW
@given(profile_data("f"), profile_data("c"), st.sampled_from(sorted(FIELDS)), st.data())
def test_silence_never_beats_an_honest_good_profile(
    focal: dict[str, Any], candidate: dict[str, Any], field: str, data: st.DataObject
) -> None:
    f = Profile.model_validate(focal)
    honest = {**candidate, field: _good_statements(f, Profile.model_validate(candidate))[field]}
    silent = {k: v for k, v in candidate.items() if k != field}
    name = FIELDS[field]
    good = card(f, honest).criterion(name)
    # "good on it": every part the statement makes known scores at least the prior
    assume(all(v is None or v >= P for v in good.parts.values()))
    quiet = card(f, silent)
    loud = card(f, honest)
    assert loud.coverage >= quiet.coverage - TOL
    others = data.draw(st.lists(profile_data(), max_size=3))
    assert_never_lower(focal, silent, honest, others, name)
    assert loud.total >= quiet.total - TOL


def test_the_issue_silent_profile_no_longer_tops_the_ranking(bundled: Path) -> None:
    """Four strengths that cover greenleaf-coop's needs and nothing else: rank 1 at 100 before."""
    profiles_set = load_profile_set(bundled)
    silent = Profile.model_validate(
        {
            "id": "zz-silent",
            "name": "Silent",
            "strengths": [
                {"capability": c, "level": 5}
                for c in ("funding", "logistics", "marketing", "cold-storage")
            ],
        }
    )
    members = tuple(sorted([*profiles_set.profiles, silent], key=lambda p: p.id))
    with_silent = dataclasses.replace(profiles_set, profiles=members)
    ranking = rank("greenleaf-coop", with_silent)
    assert "zz-silent" not in [c.candidate_id for c in ranking.ranked]
    entry = next(e for e in ranking.insufficient if e.candidate_id == "zz-silent")
    assert entry.card is not None
    assert entry.card.coverage == pytest.approx(0.15)
    assert entry.score is not None
    assert entry.score < ranking.ranked[0].score


# --- monotone in evidence ---------------------------------------------------------------------


@SLOW
@given(profile_data("f"), profile_data("c"), st.lists(profile_data(), max_size=3))
def test_a_certification_never_lowers_reputation_nor_the_total(
    focal: dict[str, Any], candidate: dict[str, Any], others: list[dict[str, Any]]
) -> None:
    rep = dict(candidate.get("reputation", {}))
    certs = list(rep.get("certifications", []))
    after = {**candidate, "reputation": {**rep, "certifications": [*certs, "new-cert"]}}
    assert_never_lower(focal, candidate, after, others, "reputation")


@SLOW
@given(profile_data("f"), profile_data("c"), st.data(), st.lists(profile_data(), max_size=3))
def test_a_higher_needed_strength_never_lowers_complementarity_nor_the_total(
    focal: dict[str, Any], candidate: dict[str, Any], data: st.DataObject, others: list[Any]
) -> None:
    f = Profile.model_validate(focal)
    assume(f.needs and candidate.get("strengths"))
    need = data.draw(st.sampled_from([n.capability for n in f.needs]))
    key = VOCAB.canonical(need)
    # a strength the focal needs and the candidate does not (else it also says "I need less")
    assume(
        key not in {VOCAB.canonical(n.capability) for n in Profile.model_validate(candidate).needs}
    )
    levels_now = [
        s["level"] for s in candidate["strengths"] if VOCAB.canonical(s["capability"]) == key
    ]
    level = max(levels_now, default=0)
    assume(level < 5)
    raised = data.draw(st.integers(level + 1, 5))
    after = {
        **candidate,
        "strengths": [*candidate["strengths"], {"capability": need, "level": raised}],
    }
    assert_never_lower(focal, candidate, after, others, "complementarity")


@SLOW
@given(profile_data("f"), profile_data("c"), st.data())
def test_the_focal_raising_a_strength_the_candidate_needs_never_lowers_it(
    focal: dict[str, Any], candidate: dict[str, Any], data: st.DataObject
) -> None:
    c = Profile.model_validate(candidate)
    assume(c.needs and focal.get("strengths"))
    need = data.draw(st.sampled_from([n.capability for n in c.needs]))
    key = VOCAB.canonical(need)
    assume(key not in {VOCAB.canonical(n.capability) for n in Profile.model_validate(focal).needs})
    after_focal = {**focal, "strengths": [*focal["strengths"], {"capability": need, "level": 5}]}
    one, two = card(focal, candidate), card(after_focal, candidate)
    assert two.criterion("complementarity").value >= one.criterion("complementarity").value - TOL
    assert two.total >= one.total - TOL


@SLOW
@given(
    profile_data("f"),
    profile_data("c"),
    st.sampled_from(TAGS),
    levels,
    st.lists(profile_data(), max_size=3),
)
def test_a_value_both_hold_at_the_same_importance_never_lowers_values_nor_the_total(
    focal: dict[str, Any], candidate: dict[str, Any], tag: str, level: int, others: list[Any]
) -> None:
    key = VOCAB.canonical(tag)

    def held(data: dict[str, Any]) -> dict[str, int]:
        values = data.get("values", {})
        return dict.fromkeys(values, 3) if isinstance(values, list) else dict(values)

    # the tag must be new to both sides for "adding" to mean adding
    assume(not any(VOCAB.canonical(t) == key for d in (focal, candidate) for t in held(d)))
    new_focal = {**focal, "values": {**held(focal), tag: level}}
    after = {**candidate, "values": {**held(candidate), tag: level}}
    assert_never_lower(
        new_focal, {**candidate, "values": held(candidate)}, after, others, "value_alignment"
    )
    # before/after for the focal's side too: the focal gaining the value as well
    one, two = card(focal, candidate), card(new_focal, after)
    assert two.criterion("value_alignment").value >= one.criterion("value_alignment").value - TOL


@SLOW
@given(profile_data("f"), profile_data("c"), st.data(), st.lists(profile_data(), max_size=3))
def test_holding_a_focal_value_at_its_importance_never_lowers_values_nor_the_total(
    focal: dict[str, Any], candidate: dict[str, Any], data: st.DataObject, others: list[Any]
) -> None:
    f = Profile.model_validate(focal)
    assume(f.values)
    tag = data.draw(st.sampled_from(sorted(f.values)))
    key = VOCAB.canonical(tag)
    values = candidate.get("values", {})
    values = dict.fromkeys(values, 3) if isinstance(values, list) else dict(values)
    current = max((w for t, w in values.items() if VOCAB.canonical(t) == key), default=0)
    importance = VOCAB.weighted(f.values)[key]
    assume(current < importance)
    kept = {t: w for t, w in values.items() if VOCAB.canonical(t) != key}
    after = {**candidate, "values": {**kept, tag: importance}}
    assert_never_lower(focal, {**candidate, "values": values}, after, others, "value_alignment")


@SLOW
@given(
    profile_data("f"),
    profile_data("c"),
    st.sampled_from(LANGUAGES),
    st.lists(profile_data(), max_size=3),
)
def test_a_shared_language_never_lowers_communication_nor_the_total(
    focal: dict[str, Any], candidate: dict[str, Any], language: str, others: list[Any]
) -> None:
    comm = dict(focal.get("communication", {}))
    new_focal = {
        **focal,
        "communication": {**comm, "languages": [*comm.get("languages", []), language]},
    }
    theirs = dict(candidate.get("communication", {}))
    after = {
        **candidate,
        "communication": {**theirs, "languages": [*theirs.get("languages", []), language]},
    }
    assert_never_lower(new_focal, candidate, after, others, "communication")


# --- complementarity degrades gracefully ------------------------------------------------------


@SLOW
@given(profile_data("f"), profile_data("c"), levels)
def test_one_unmet_need_costs_a_bounded_share(
    focal: dict[str, Any], candidate: dict[str, Any], priority: int
) -> None:
    f = Profile.model_validate(focal)
    assume(candidate.get("needs") and f.strengths)
    # a capability nobody offers: the focal cannot meet it
    unmet = {"capability": "unobtainium", "priority": priority}
    after = {**candidate, "needs": [*candidate["needs"], unmet]}
    one = card(f, candidate).criterion("complementarity")
    two = card(f, after).criterion("complementarity")
    total = sum(n.priority for n in Profile.model_validate(after).needs)
    share = priority / max(total, 1)
    # the candidate's coverage falls by at most the new need's share of the priority
    drop = one.value - two.value
    assert drop <= 2 / 3 * share + TOL
    assert drop >= -TOL
    if one.value > 0 and (one.parts["forward"] or 0) > 0:
        assert two.value > 0  # never to zero while the focal's needs are met


def test_the_issue_zeroed_pairs_are_gone(bundled: Path) -> None:
    """181 of the 836 bundled pairs had complementarity 0 though the focal's needs were met."""
    profiles_set = load_profile_set(bundled)
    zeroed = 0
    for focal in profiles_set.profiles:
        others = [p for p in profiles_set.profiles if p.id != focal.id]
        for scored in score_cards(focal, others, vocabulary=profiles_set.vocabulary):
            comp = scored.criterion("complementarity")
            if (comp.parts["forward"] or 0) > 0 and comp.value == 0:
                zeroed += 1
    assert zeroed == 0


# --- one score, one tier, one coverage everywhere ---------------------------------------------


def _write_set(directory: Path, members: list[dict[str, Any]], names: list[str]) -> None:
    directory.mkdir()
    for data, name in zip(members, names, strict=True):
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(profile_data(), min_size=2, max_size=6, unique_by=lambda d: d["id"]),
    st.sampled_from([0.0, 0.3, 0.5, 0.75, 1.0]),
)
def test_rank_compare_explain_and_the_api_agree(
    tmp_path_factory: Any, members: list[dict[str, Any]], min_coverage: float
) -> None:
    folder = tmp_path_factory.mktemp("agree") / "set"
    _write_set(folder, members, [m["id"] for m in members])
    (folder / "partnerfit.yaml").write_text(
        f"unknowns: {{min_coverage: {min_coverage!r}}}\ntiers: {{A: 60, B: 45, C: 30}}\n"
    )
    profiles_set = load_profile_set(folder)
    tiers = profiles_set.config.tiers
    comparison = compare(profiles_set)
    for index, focal in enumerate(comparison.focals):
        ranking = rank(focal, profiles_set)
        pairs = {p.candidate_id: p for p in comparison.focal_pairs(index)}
        for entry in ranking.ranked:
            pair = pairs[entry.candidate_id]
            e = explain(focal, entry.candidate_id, profiles_set)
            candidate = profiles_set.get(entry.candidate_id)
            assert candidate is not None
            scored = score_pair(
                focal,
                candidate,
                vocabulary=profiles_set.vocabulary,
                weights=ranking.weights,
                unknowns=profiles_set.config.unknowns,
            )
            for score in (pair.score, e.total, scored.total):
                assert score == pytest.approx(entry.score, abs=1e-9)
            for coverage in (pair.coverage, e.coverage, scored.coverage):
                assert coverage == pytest.approx(entry.coverage, abs=1e-12)
            for interval in (pair.interval, e.interval, scored.interval):
                assert interval == pytest.approx(entry.interval, abs=1e-9)
            assert entry.tier == pair.tier == e.tier == tier_for(entry.score, tiers)
            assert entry.tier == tier_for(round(entry.score, 1), tiers)
            assert (e.rank, pair.rank) == (entry.rank, entry.rank)
        insufficient = {x.candidate_id for x in ranking.insufficient}
        assert insufficient == {i for i, p in pairs.items() if p.status == "insufficient"}


@settings(max_examples=25, deadline=None)
@given(
    st.lists(profile_data(), min_size=2, max_size=6, unique_by=lambda d: d["id"]),
    st.randoms(use_true_random=False),
)
def test_file_order_and_names_change_nothing(
    tmp_path_factory: Any, members: list[dict[str, Any]], rnd: random.Random
) -> None:
    first = tmp_path_factory.mktemp("a") / "set"
    second = tmp_path_factory.mktemp("b") / "set"
    _write_set(first, members, [m["id"] for m in members])
    shuffled = members[:]
    rnd.shuffle(shuffled)
    _write_set(second, shuffled, [f"file-{i:02d}" for i in range(len(shuffled))])
    focal = members[0]["id"]
    options = RenderOptions(color=False, width=120)
    for fmt in ("json", "csv", "markdown", "table"):
        one = RANK_FORMATS[fmt](rank(focal, load_profile_set(first)), options)
        two = RANK_FORMATS[fmt](rank(focal, load_profile_set(second)), options)
        assert one == two


def test_capabilities_strategy_has_a_need_nobody_offers() -> None:
    assert "unobtainium" not in CAPABILITIES  # the unmet need above must stay unmet
