"""Rules that must hold for every profile, checked with hypothesis."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from tests.strategies import TAGS, levels, profile_data, profiles

from partnerfit import (
    CRITERIA,
    Config,
    Profile,
    Vocabulary,
    load_profile_set,
    rank,
    resolve_weights,
    score_pair,
)
from partnerfit.render import RANK_FORMATS, RenderOptions
from partnerfit.scoring.criteria import complementarity, value_alignment

VOCAB = Vocabulary.from_synonyms({"sustainability": ["green"]})


@given(profiles("f"), profiles("c"))
def test_every_score_is_in_range(focal: Profile, candidate: Profile) -> None:
    card = score_pair(focal, candidate, vocabulary=VOCAB)
    for result in card.criteria:
        assert result.score is None or 0.0 <= result.score <= 1.0 + 1e-12
    total = card.total
    assert total is None or 0.0 <= total <= 100.0 + 1e-9
    if total is not None:
        assert math.isclose(sum(card.contributions().values()), total, abs_tol=1e-9)


@given(profile_data("f"), profile_data("c"), st.sampled_from(TAGS), levels, levels)
def test_adding_a_shared_value_never_lowers_value_alignment(
    focal: dict[str, Any], candidate: dict[str, Any], tag: str, a: int, b: int
) -> None:
    before = value_alignment(
        Profile.model_validate(focal), Profile.model_validate(candidate), VOCAB
    ).score
    key = VOCAB.canonical(tag)

    def with_value(data: dict[str, Any], weight: int) -> Profile:
        values = data.get("values", {})
        if isinstance(values, list):
            values = dict.fromkeys(values, 3)
        kept = {t: w for t, w in values.items() if VOCAB.canonical(t) != key}
        return Profile.model_validate({**data, "values": {**kept, tag: weight}})

    # the tag must be new to both sides for "adding" to mean adding
    assume(
        not any(
            VOCAB.canonical(t) == key for d in (focal, candidate) for t in list(d.get("values", []))
        )
    )
    after = value_alignment(with_value(focal, a), with_value(candidate, b), VOCAB).score
    assert after is not None
    assert before is None or after >= before - 1e-12


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(profile_data("f"), profile_data("c"), st.data(), levels)
def test_covering_a_need_never_lowers_complementarity(
    focal: dict[str, Any], candidate: dict[str, Any], data: st.DataObject, level: int
) -> None:
    f, c = Profile.model_validate(focal), Profile.model_validate(candidate)
    # covering means the candidate brings something the focal needs (and it does not need)
    assume(f.needs)
    capability = data.draw(st.sampled_from([n.capability for n in f.needs]))
    key = VOCAB.canonical(capability)
    assume(key not in {VOCAB.canonical(n.capability) for n in c.needs})
    before = complementarity(f, c, VOCAB).score
    strengths = [*candidate.get("strengths", []), {"capability": capability, "level": level}]
    after = complementarity(f, Profile.model_validate({**candidate, "strengths": strengths}), VOCAB)
    # the focal declares the need, so complementarity is known before and after
    assert before is not None
    assert after.score is not None
    assert after.score >= before - 1e-12


@given(profile_data("f"), profile_data("c"), st.sampled_from(CRITERIA))
def test_a_zero_weight_makes_its_criterion_irrelevant(
    focal: dict[str, Any], candidate: dict[str, Any], zeroed: str
) -> None:
    weights = dict.fromkeys(CRITERIA, 1.0) | {zeroed: 0.0}
    resolved = resolve_weights(Config(weights=weights))
    f, c = Profile.model_validate(focal), Profile.model_validate(candidate)
    card = score_pair(f, c, vocabulary=VOCAB, weights=resolved)
    others = [r for r in card.criteria if r.name != zeroed and r.score is not None]
    if not others:
        assert card.total is None
        return
    expected = 100 * sum(r.score or 0.0 for r in others) / len(others)
    assert card.total is not None
    assert math.isclose(card.total, expected, abs_tol=1e-9)


def _write_set(directory: Path, members: list[dict[str, Any]], names: list[str]) -> None:
    directory.mkdir()
    for data, name in zip(members, names, strict=True):
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


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
