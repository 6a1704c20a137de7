"""``print_table`` prints exactly what ``console.print(table)`` prints, colour and all, without
rich's work per cell: for any cells (wide, combining and zero-width characters, spaces, line
breaks, styles and spans, texts too long for their column) and any column settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from partnerfit import ProfileSet, load_profile_set, rank
from partnerfit.render import tables
from partnerfit.render.common import RenderOptions, render_with_console
from partnerfit.render.rank import table as rank_table
from partnerfit.render.tables import print_table

BUNDLED = Path(__file__).parent.parent.parent / "profiles"

WORDS = st.text(alphabet=st.sampled_from("ab Zé-漢字\u0301\u200b"), max_size=14)
STYLES = st.sampled_from(["", "bold", "dim", "red", "bold green", "italic"])


@st.composite
def cells(draw: st.DrawFn) -> Text | str:
    words = draw(st.lists(WORDS, max_size=6))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return " ".join(words)
    if kind == 1:
        return Text(" ".join(words), style=draw(STYLES))
    if kind == 2:  # a name over an id, as the rank table draws candidates
        return Text.assemble(
            (draw(WORDS), draw(STYLES)), "\n", (draw(WORDS), draw(STYLES) or "dim")
        )
    return Text("\n".join(words))


@st.composite
def followed_tables(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    columns = [
        {
            "header": draw(st.sampled_from(["#", "Candidate", "Val\n25%", "P(top\n3)", "Why"])),
            "justify": draw(st.sampled_from(["left", "right", "center"])),
            "no_wrap": draw(st.booleans()),
            "overflow": draw(st.sampled_from(["fold", "ellipsis", "crop"])),
            "max_width": draw(st.sampled_from([None, None, 6, 30])),
            "min_width": draw(st.sampled_from([None, None, None, 8, 14, 40])),
            "ratio": draw(st.sampled_from([None, None, 1])),
        }
        for _ in range(count)
    ]
    rows = draw(st.lists(st.lists(cells(), min_size=count, max_size=count), min_size=1))
    return {
        "title": draw(st.sampled_from([None, "Partners for Z (z)"])),
        "caption": draw(st.sampled_from([None, "Val values, Cmp complementarity " * 3])),
        "box": draw(st.sampled_from([box.SIMPLE_HEAD, box.SIMPLE, box.ROUNDED, box.HEAVY_HEAD])),
        "pad_edge": draw(st.booleans()),
        "collapse_padding": draw(st.booleans()),
        "columns": columns,
        "rows": rows,
    }


def build(spec: dict[str, Any], **extra: Any) -> Table:
    table = Table(
        title=spec["title"],
        title_justify="left",
        caption=spec["caption"],
        caption_justify="left",
        box=spec["box"],
        pad_edge=spec["pad_edge"],
        collapse_padding=spec["collapse_padding"],
        **extra,
    )
    for column in spec["columns"]:
        table.add_column(**column)
    for row in spec["rows"]:  # a table's rendering changes no cell, but copies cost nothing
        table.add_row(*(cell.copy() if isinstance(cell, Text) else cell for cell in row))
    return table


def both(spec: dict[str, Any], options: RenderOptions, **extra: Any) -> tuple[str, str]:
    by_rich = render_with_console(options, lambda console: console.print(build(spec, **extra)))
    ours = render_with_console(options, lambda console: print_table(console, build(spec, **extra)))
    return by_rich, ours


@settings(max_examples=150, deadline=None)
@given(
    followed_tables(),
    st.integers(8, 160),
    st.booleans(),
    st.booleans(),
)
def test_print_table_prints_what_rich_prints(
    spec: dict[str, Any], width: int, color: bool, unicode: bool
) -> None:
    options = RenderOptions(color=color, width=width, unicode=unicode)
    by_rich, ours = both(spec, options)
    assert ours == by_rich
    drawn = tables._table_lines(Console(width=width), build(spec))
    if drawn is not None:  # printed uncropped: every line fits
        assert max(Segment.get_line_length(line) for line in drawn) <= width


@settings(max_examples=300, deadline=None)
@given(
    cells(),
    st.sampled_from(["left", "right", "center"]),
    st.booleans(),
    st.sampled_from(["fold", "ellipsis", "crop"]),
    st.integers(1, 20),
    st.integers(0, 2),
    st.booleans(),
    st.booleans(),
)
def test_a_cell_it_renders_itself_is_rendered_as_rich_renders_it(
    cell: Text | str,
    justify: Any,
    no_wrap: bool,
    overflow: Any,
    width: int,
    index: int,
    pad_edge: bool,
    collapse_padding: bool,
) -> None:
    table = Table(pad_edge=pad_edge, collapse_padding=collapse_padding)
    for position in range(3):
        if position == index:
            table.add_column(justify=justify, no_wrap=no_wrap, overflow=overflow)
        else:
            table.add_column()
    console = Console(width=100, color_system="standard", force_terminal=True)
    options = console.options.update(width=40, highlight=False, height=None)
    column = table.columns[index]
    render = tables._ColumnRender(console, table, index, column, width, options)
    assume(render.inner >= 1)  # print_table leaves a table with such a column to rich
    text = console.render_str(cell) if isinstance(cell, str) else cell
    ours = render._plain_lines(text.copy())
    by_rich = console.render_lines(
        Padding(cell.copy() if isinstance(cell, Text) else cell, render.padding),
        render.options,
        style=None,
    )

    def spelt(lines: list[list[Segment]]) -> list[str]:
        return [
            "".join(s.style.render(s.text) if s.style else s.text for s in line) for line in lines
        ]

    if ours is not None:
        assert spelt([[*render.left, *line, *render.right] for line in ours]) == spelt(by_rich)


def test_the_rank_tables_are_drawn_without_rich_per_cell() -> None:
    profiles = load_profile_set(BUNDLED)
    ranking = rank(profiles.profiles[0], profiles, robustness=20)
    assert ranking.excluded or ranking.insufficient
    for width in (60, 80, 100, 160):
        console = Console(width=width)
        rows = rank_table._rows(ranking)
        layout = rank_table._choose(ranking, console, rows)
        ranked = rank_table._ranked_table(ranking, layout, rows)
        drawn = [ranked, rank_table._robustness_table(ranking)]
        drawn += [rank_table._left_out_table("t", group) for group in (ranking.excluded,) if group]
        for table in drawn:
            assert tables._table_lines(console, table) is not None, (width, table.title)


@pytest.mark.parametrize(
    "extra",
    [{"show_lines": True}, {"row_styles": ["dim", ""]}, {"show_header": False}, {"expand": True}],
)
def test_shapes_it_does_not_follow_are_printed_by_rich(extra: dict[str, Any]) -> None:
    spec = {
        "title": "T",
        "caption": None,
        "box": box.SIMPLE_HEAD,
        "pad_edge": False,
        "collapse_padding": True,
        "columns": [{"header": "#", "justify": "right"}, {"header": "Name"}],
        "rows": [["1", Text("alpha", style="bold")], ["2", "beta gamma"]],
    }
    options = RenderOptions(color=True, width=40)
    by_rich, ours = both(spec, options, **extra)
    assert ours == by_rich
    console = Console(width=40)
    assert tables._table_lines(console, build(spec, **extra)) is None


def test_cells_of_one_line_become_one_segment_in_their_style() -> None:
    spec = {
        "title": None,
        "caption": None,
        "box": box.SIMPLE_HEAD,
        "pad_edge": False,
        "collapse_padding": True,
        "columns": [{"header": "Score", "justify": "right"}, {"header": "Tier"}],
        "rows": [[Text("66.2", style="bold"), "A"]],
    }
    by_rich, ours = both(spec, RenderOptions(color=True, width=30))
    assert ours == by_rich
    assert "\x1b[1m 66.2\x1b[0m" in ours  # the justifying spaces inside the style, as rich has it


def renamed(names: list[str]) -> ProfileSet:
    profiles = load_profile_set(BUNDLED)
    members = tuple(
        p.model_copy(update={"name": names[i % len(names)]}) if i else p
        for i, p in enumerate(profiles.profiles)
    )
    return dataclasses.replace(profiles, profiles=members)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("ab Z-漢字é\u0301\u200b\n"), min_size=1), min_size=1),
    st.booleans(),
    st.sampled_from([40, 60, 80, 100, 120, 160]),
    st.booleans(),
)
def test_the_rank_table_is_the_same_as_rich_draws_it(
    names: list[str], robust: bool, width: int, color: bool
) -> None:
    profiles = renamed(names)
    ranking = rank(profiles.profiles[0], profiles, robustness=20 if robust else None)
    options = RenderOptions(color=color, width=width)
    ours = rank_table.render_rank_table(ranking, options)
    original = rank_table.print_table
    try:
        rank_table.print_table = lambda console, table: console.print(table)  # type: ignore[assignment]
        by_rich = rank_table.render_rank_table(ranking, options)
    finally:
        rank_table.print_table = original  # type: ignore[assignment]
    assert ours == by_rich


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ab Z-漢字é\u0301\u200b. "), max_size=90), min_size=1
    ),
    st.integers(20, 120),
    st.booleans(),
)
def test_lines_printed_as_one_text_are_the_lines_printed_one_by_one(
    lines: list[str], width: int, color: bool
) -> None:
    """The rank table's lines below the table (narrow terminals) are printed as one text."""
    options = RenderOptions(color=color, width=width)

    def one_by_one(console: Console) -> None:
        for line in lines:
            console.print(Text(line))

    def at_once(console: Console) -> None:
        console.print(Text("\n").join(Text(line) for line in lines))

    assert render_with_console(options, at_once) == render_with_console(options, one_by_one)
