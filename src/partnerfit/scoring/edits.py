"""One criterion for many one-tag edits of a pair, in time linear in the size of the profiles.

An edit changes what one profile says about one canonical tag (a strength, a value, a goal
theme, a language, a certification). Every encoded field is a sum over tags — the tag's own
columns and its share of each count — so the edited profile's encoding is its base encoding
plus (the tag after the edit − the tag before it). Each product the criteria take,
``fixed · edited``, is then ``fixed · base`` (one number, computed once for the pair) plus
``fixed · (after − before)`` over the tag's own columns: the base product sits in one extra
column of the fixed side, against a 1 on every edited row. A block of ``EDITS_PER_BLOCK`` edits
shares one encoding whose columns are the block's tags, so n edits cost O(n · block): linear.

The scores then come from the criteria themselves (``spec.parts``, ``evaluate``) and the
dealbreakers from ``dealbreaker_block``: nothing here restates a formula. Every entry is a
small integer, so the float32 products are exact and equal the full re-score's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from partnerfit.model import Profile
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.scoring.coverage import dealbreaker_block
from partnerfit.scoring.criteria import Criterion, Grid, evaluate
from partnerfit.scoring.encode import (
    EncodedSide,
    Tags,
    encode,
    encode_restricted,
    profile_tags,
    restrict,
)
from partnerfit.scoring.linalg import matmul

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

EDITS_PER_BLOCK = 64
"""Edits scored together: a block's arrays are about block² · 5 entries."""

PRODUCTS: Mapping[str, str] = {
    "values": "values",
    "levels": "needs_below",
    "needs_below": "levels",
    "themes": "themes",
    "metrics": "metrics",
    "regions": "regions",
    "audiences": "audiences",
    "languages": "languages",
    "banned": "held",
    "held": "banned",
}
"""Each encoded matrix and the other side's matrix it is multiplied with (complementarity
pairs needs with levels, ``dealbreaker_block`` banned with held, every other criterion a field
with itself). tests/unit/test_explain_linear.py checks the edits against full re-scores."""

COUNTS = (
    "value_total",
    "level_count",
    "need_total",
    "theme_count",
    "metric_count",
    "region_count",
    "audience_count",
    "language_count",
    "certification_count",
)
"""The per-profile counts, each a sum over tags."""

Edit = tuple[str, Tags]
"""A canonical tag and the edited profile's tags, restricted to it, after the edit."""


@dataclasses.dataclass(frozen=True)
class EditScores:
    """Per edit: the criterion's score as counted, and whether a dealbreaker now excludes."""

    value: FloatArray
    excluded: BoolArray


def _fixed_side(
    profile: Profile, tags: Tags, full: EncodedSide, rest: Mapping[str, float], keys: list[str]
) -> EncodedSide:
    """The unedited profile over the block's tags, each product's base value in a last column."""
    own = encode_restricted([profile], [restrict(tags, keys)], keys)
    matrices: dict[str, Any] = {
        name: np.hstack([getattr(own, name), np.full((1, 1), rest[name], np.float32)])
        for name in PRODUCTS
    }
    counts: dict[str, Any] = {name: getattr(full, name) for name in (*COUNTS, "cadence", "rating")}
    return dataclasses.replace(own, **matrices, **counts)


def _edited_side(
    profile: Profile, tags: Tags, full: EncodedSide, block: Sequence[Edit], keys: list[str]
) -> EncodedSide:
    """One row per edit: (after − before) over the block's tags, and 1 against the base value."""
    rows = [profile] * len(block)
    before = encode_restricted(rows, [restrict(tags, [key]) for key, _ in block], keys)
    after = encode_restricted(rows, [edited for _, edited in block], keys)
    ones = np.ones((len(block), 1), np.float32)
    matrices: dict[str, Any] = {
        name: np.hstack([getattr(after, name) - getattr(before, name), ones]) for name in PRODUCTS
    }
    counts: dict[str, Any] = {
        name: getattr(full, name) + (getattr(after, name) - getattr(before, name))
        for name in COUNTS
    }
    same: dict[str, Any] = {
        name: np.repeat(getattr(full, name), len(block)) for name in ("cadence", "rating")
    }
    return dataclasses.replace(after, **matrices, **counts, **same)


def score_edits(
    focal: Profile,
    candidate: Profile,
    side: Literal["focal", "candidate"],
    spec: Criterion,
    edits: Sequence[Edit],
    vocabulary: Vocabulary,
    prior: float,
) -> EditScores:
    """``spec`` after each edit of the ``side`` profile, as if the pair were scored again."""
    enc_focal, enc_cand = encode([focal], [candidate], vocabulary)
    fixed, edited = (focal, candidate) if side == "candidate" else (candidate, focal)
    full_fixed, full_edited = (
        (enc_focal, enc_cand) if side == "candidate" else (enc_cand, enc_focal)
    )
    rest = {
        name: float(matmul(getattr(full_fixed, name), getattr(full_edited, partner).T)[0, 0])
        for name, partner in PRODUCTS.items()
    }
    fixed_tags, edited_tags = profile_tags(fixed, vocabulary), profile_tags(edited, vocabulary)
    values, excluded = [np.zeros(0)], [np.zeros(0, dtype=bool)]
    for start in range(0, len(edits), EDITS_PER_BLOCK):
        block = edits[start : start + EDITS_PER_BLOCK]
        keys = [key for key, _ in block]
        one = _fixed_side(fixed, fixed_tags, full_fixed, rest, keys)
        many = _edited_side(edited, edited_tags, full_edited, block, keys)
        pair = (one, many) if side == "candidate" else (many, one)
        shape = (1, len(block)) if side == "candidate" else (len(block), 1)
        score = evaluate(spec, spec.parts(pair[0], pair[1], Grid(slice(None))), prior).value
        values.append(np.broadcast_to(score, shape).ravel())
        excluded.append(dealbreaker_block(pair[0], slice(None), pair[1]).ravel())
    return EditScores(np.concatenate(values), np.concatenate(excluded))
