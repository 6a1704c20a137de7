"""Fit at selection in a review of many partnerships: every partner a focal selected, scored in
one block for that focal, gives the same fits as scoring each pair on its own."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from partnerfit.model.partnership import Partnership
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.review import engine, fits_at_selection, review_set
from partnerfit.review.results import Fit
from partnerfit.scoring.card import resolve_weights, score_pair

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def bundled() -> ProfileSet:
    return load_profile_set(ROOT / "profiles")


def _partnership(number: int, partners: list[str], selected_by: str | None) -> Partnership:
    data: dict[str, Any] = {
        "kind": "partnership",
        "schema_version": 1,
        "id": f"p{number:03d}",
        "name": f"Partnership {number}",
        "partners": partners,
        "selected_by": selected_by,
        "start": dt.date(2025, 1, 1),
        "governance": {"meeting_cadence": "monthly"},
    }
    return Partnership.model_validate(data)


def _many(profiles: ProfileSet, count: int) -> list[Partnership]:
    """Partnerships among a few focals (each selecting many partners, some more than once),
    some of three partners, one naming a partner the set lacks, one selected by nobody."""
    rng = random.Random(7)
    ids = list(profiles.ids())
    focals = ids[:4]
    found = []
    for n in range(count):
        focal = rng.choice(focals)
        partners = [focal, *rng.sample([i for i in ids if i != focal], rng.choice([1, 1, 2]))]
        found.append(_partnership(n, partners, focal))
    found.append(_partnership(count, [focals[0], "no-such-profile"], focals[0]))
    found.append(_partnership(count + 1, [focals[1], focals[2]], None))
    return found


def _pair_by_pair(partnership: Partnership, profiles: ProfileSet) -> tuple[Fit, ...]:
    """The fits as scoring one pair at a time gives them."""
    focal = profiles.get(partnership.selected_by or "")
    if focal is None:
        return ()
    weights = resolve_weights(profiles.config)
    fits = []
    for partner in partnership.partners:
        candidate = profiles.get(partner)
        if candidate is None or partner == focal.id:
            continue
        card = score_pair(
            focal,
            candidate,
            vocabulary=profiles.vocabulary,
            weights=weights,
            unknowns=profiles.config.unknowns,
        )
        fits.append(Fit(focal.id, partner, card.total, card.dealbreakers))
    return tuple(fits)


def test_a_whole_set_scores_each_focal_once_with_the_pairs_own_fits(
    bundled: ProfileSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    partnerships = _many(bundled, 60)
    blocks: list[tuple[str, int]] = []
    score_cards = engine.score_cards

    def counted(focal: Any, candidates: Any, **options: Any) -> Any:
        blocks.append((focal.id, len(candidates)))
        return score_cards(focal, candidates, **options)

    monkeypatch.setattr(engine, "score_cards", counted)
    result = review_set(partnerships, dt.date(2025, 6, 1), profiles=bundled)
    assert len(blocks) == 4  # one block per focal, each with every partner it selected
    assert all(size > 1 for _, size in blocks)
    by_id = {item.id: item for item in result.partnerships}
    for partnership in partnerships:
        assert by_id[partnership.id].fits == _pair_by_pair(partnership, bundled)
    assert by_id[f"p{60:03d}"].fits == ()  # the partner the set lacks is skipped
    assert by_id[f"p{61:03d}"].fits == ()


def test_one_partnerships_fits_are_the_pairs(bundled: ProfileSet) -> None:
    for partnership in _many(bundled, 12):
        assert fits_at_selection(partnership, bundled) == _pair_by_pair(partnership, bundled)
