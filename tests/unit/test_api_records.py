"""The public API a script reaches for first: rank() of a directory, records for pandas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import partnerfit
from partnerfit.model import CRITERIA
from partnerfit.render.common import RenderOptions
from partnerfit.render.rank.csv import render_rank_csv


def test_rank_accepts_a_directory_and_a_set_alike(bundled: Path) -> None:
    from_dir = partnerfit.rank("greenleaf-coop", bundled)
    from_str = partnerfit.rank("greenleaf-coop", str(bundled))
    from_set = partnerfit.rank("greenleaf-coop", partnerfit.load_profile_set(bundled))
    assert from_dir == from_set
    assert from_str == from_set


def test_reason_is_a_property_like_its_siblings(bundled: Path) -> None:
    first = partnerfit.rank("greenleaf-coop", bundled).ranked[0]
    assert (
        first.reason
        == "shares sustainability, transparency; covers cold-storage, logistics, marketing"
    )
    assert isinstance(type(first).reason, property)
    assert isinstance(type(first).candidate_id, property)


def test_ranking_records_are_the_csv_rows(bundled: Path) -> None:
    ranking = partnerfit.rank("greenleaf-coop", bundled, top=3)
    records = ranking.to_records()
    rows = list(csv.DictReader(io.StringIO(render_rank_csv(ranking, RenderOptions()))))
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    assert [r["status"] for r in records] == ["ranked"] * 3 + ["excluded"] * 2
    first = records[0]
    assert list(first) == [
        "rank",
        "id",
        "name",
        "status",
        "score",
        "tier",
        "coverage",
        "score_low",
        "score_high",
        *CRITERIA,
        "unknown",
        "reason",
    ]
    assert list(first) == list(rows[0])
    assert round(first["score"], 1) == float(rows[0]["score"])
    assert first["value_alignment"] == ranking.ranked[0].card.criterion("value_alignment").score
    excluded = records[-1]
    assert excluded["rank"] is None
    assert excluded["score"] is None
    assert (
        excluded["reason"]
        == "crunchco-snacks has sector `tobacco`, a dealbreaker for greenleaf-coop"
    )
    assert all(excluded[c] is None for c in CRITERIA)
