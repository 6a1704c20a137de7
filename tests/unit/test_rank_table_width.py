"""The rank table chooses its layout from a few rows: per column, the candidate with the widest
cell. A table of those measures exactly as wide as the table of every candidate."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from partnerfit import ProfileSet, load_profile_set, rank
from partnerfit.render.rank.table import (
    LAYOUTS,
    _Layout,
    _natural_width,
    _ranked_table,
    _rows,
    _widest_rows,
)

BUNDLED = Path(__file__).parent.parent.parent / "profiles"
SET = load_profile_set(BUNDLED)
# narrow, wide (East Asian) and zero-width characters, spaces and line breaks in names
NAMES = st.text(alphabet=st.sampled_from("ab Z-漢字é\u0301\u200b\n"), max_size=36)


def renamed(names: list[str]) -> ProfileSet:
    members = tuple(
        p.model_copy(update={"name": names[i % len(names)] or p.name}) if i else p
        for i, p in enumerate(SET.profiles)
    )
    return dataclasses.replace(SET, profiles=members)


@settings(max_examples=40, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=8), st.booleans(), st.integers(40, 160))
def test_the_widest_rows_measure_as_wide_as_every_row(
    names: list[str], robust: bool, width: int
) -> None:
    profiles = renamed(names)
    ranking = rank(profiles.profiles[0], profiles, robustness=30 if robust else None)
    console = Console(width=width, file=io.StringIO(), color_system=None)
    rows = _rows(ranking)
    few = _widest_rows(rows)
    assert len(few) < len(rows)  # fewer rows than the whole table
    for layout in LAYOUTS:
        shape = _Layout(why=False, robustness=layout.robustness, criteria=layout.criteria)
        assert _natural_width(console, _ranked_table(ranking, shape, few)) == _natural_width(
            console, _ranked_table(ranking, shape, rows)
        )
