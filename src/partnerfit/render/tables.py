"""Long rich tables printed without rich's work per cell: the same text, colour and all.

rich draws a table cell by cell: it measures every cell for the column widths, then renders
each one through its wrapping, justifying and padding: about 1.2 ms a row for a ranking's
dozen columns, nine seconds for the 7,199 candidates of a ranking of 10,000 profiles.
``print_table`` prints the same segments in a fraction of that:

- the column widths are rich's own, computed on a stand-in table that holds each column's
  widest cell (a column is as wide as the widest of its cells as rich measures them, its
  maximum: the narrowest a cell can be never enters);
- the title, header and caption are rich's own, drawn from a table of those widths and no
  rows, which the rows are put into;
- a cell of one line that fits its column, without spans or tabs, becomes the segment rich
  makes of it (the text justified in its column, in its style); any other cell (wrapped,
  truncated, of several lines or styles) is rendered by rich, as the table renders it.

Its lines all fit the console, so they are printed without rich's cropping pass. A table of a
shape it does not follow (row styles, lines between rows, a footer, vertical alignment other
than top, …), or wider than the console (rich widens it past its columns' minimum widths, then
crops it), is printed by rich. Tests hold the two to the same text, with and without colour.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.padding import Padding
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Column, Table
from rich.text import Text

try:  # rich's word wrapping, as Text.wrap uses it (a rich without it: rich prints)
    from rich._wrap import divide_line
except ImportError:  # pragma: no cover - every rich this runs with has it
    divide_line = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions

__all__ = ["print_table"]

Line = list[Segment]

_JUSTIFIED = frozenset({"left", "right", "center"})


def print_table(console: Console, table: Table) -> None:
    """``console.print(table)``: the same output, without rich's work for every cell."""
    drawn = _table_lines(console, table)
    if drawn is None:
        console.print(table)
        return
    new_line = Segment.line()
    # rich would crop every line to the console's width, measuring each segment again (a
    # quarter of the time of a ranking's 7,199 rows): these lines all fit, so nothing is cut
    console.print(Segments(segment for line in drawn for segment in (*line, new_line)), crop=False)


def _follows(console: Console, table: Table) -> bool:
    """Whether ``print_table`` draws this table's shape: a box with edges, a header, no footer,
    no lines or styles between rows, no styles on the table, its columns or rows, cells padded
    only left and right, and rows aligned to the top."""
    top, _right, bottom, _left = table.padding
    return (
        table.box is not None
        and table.show_edge
        and table.show_header
        and not table.show_footer
        and not table.show_lines
        and not table.leading
        and not table.row_styles
        and not console.get_style(table.style or "")  # "none" is no style
        and not console.get_style(table.border_style or "")
        and not table.expand
        and table.width is None
        and table.min_width is None
        and top == bottom == 0
        and bool(table.rows)
        and all(row.style is None and not row.end_section for row in table.rows)
        and all(
            not console.get_style(column.style or "") and column.vertical == "top"
            for column in table.columns
        )
    )


def _table_lines(console: Console, table: Table) -> list[Line] | None:
    """The lines ``console.print(table)`` prints, or None for a table of another shape or one
    wider than the console (rich draws its header to other widths than its rows, then crops)."""
    if divide_line is None or not _follows(console, table):
        return None
    try:
        return _drawn(console, table)
    except (AttributeError, TypeError):  # a rich whose private parts differ: rich draws
        return None


def _drawn(console: Console, table: Table) -> list[Line] | None:
    """``_table_lines`` of a table of the shape it follows."""
    texts: list[list[Text]] = []
    for column in table.columns:
        found = _texts(console, column)
        if found is None or len(found) != len(table.rows):
            return None
        texts.append(found)
    widths = _widths(console, table, texts)
    if any(width < table._get_padding_width(i) for i, width in enumerate(widths)):
        return None  # narrower than its padding: no fixed width gives it back
    table_width = sum(widths) + table._extra_width  # every row's line is this wide
    if table_width > console.width:
        return None  # minimum widths past the console's: rich's frame would not match the rows
    head, tail = _frame(console, table, widths)
    if any(Segment.get_line_length(line) > console.width for line in (*head, *tail)):
        return None
    options = console.options.update(width=table_width, highlight=table.highlight, height=None)
    box = table.box
    assert box is not None  # _follows
    box = box.substitute(
        options, safe=console.safe_box if table.safe_box is None else table.safe_box
    )
    edges = [(Segment(box.mid_left), Segment(box.mid_right), Segment(box.mid_vertical))]
    edges.append((Segment(box.foot_left), Segment(box.foot_right), Segment(box.foot_vertical)))
    columns = [
        _ColumnRender(console, table, index, column, width, options)
        for index, (column, width) in enumerate(zip(table.columns, widths, strict=True))
    ]
    if any(column.inner < 1 for column in columns):
        return None  # a column squeezed to nothing: rich has its own ways with it
    body: list[Line] = []
    count = len(table.rows)
    for index, row in enumerate(zip(*texts, strict=True)):
        left, right, divider = edges[1 if index == count - 1 else 0]
        rendered = [render(cell) for render, cell in zip(columns, row, strict=True)]
        height = max(len(lines) for lines in rendered)
        for line_no in range(height):
            line: Line = [left]
            for position, (render, lines) in enumerate(zip(columns, rendered, strict=True)):
                if position:
                    line.append(divider)
                line.extend(lines[line_no] if line_no < len(lines) else render.blank)
            line.append(right)
            body.append(line)
    return [*head, *body, *tail]


def _texts(console: Console, column: Column) -> list[Text] | None:
    """The column's cells as texts (a string as rich renders it, once), or None when one is
    neither."""
    found: list[Text] = []
    for cell in column.cells:
        if isinstance(cell, str):
            cell = console.render_str(cell, highlight=column.highlight)
        elif not isinstance(cell, Text):
            return None
        found.append(cell)
    return found


def _widest(cells: Sequence[Text]) -> Text:
    """The cell of the column whose longest line is the widest, as rich measures text."""
    best, best_width = cells[0], -1
    for cell in cells:
        width = max(map(cell_len, cell.plain.splitlines()), default=0)
        if width > best_width:
            best, best_width = cell, width
    return best


def _widths(console: Console, table: Table, cells: Sequence[Sequence[Text]]) -> list[int]:
    """rich's column widths for the table, found on a stand-in holding each column's widest
    cell (only a column's widest cell decides its width, header included)."""
    stand_in = copy.copy(table)
    stand_in.columns = []
    for column, column_cells in zip(table.columns, cells, strict=True):
        only = copy.copy(column)
        only._cells = [_widest(column_cells)]
        stand_in.columns.append(only)
    stand_in.rows = table.rows[:1]
    options = console.options
    widths: list[int] = stand_in._calculate_column_widths(
        console, options.update_width(options.max_width - table._extra_width)
    )
    return widths


def _frame(console: Console, table: Table, widths: Sequence[int]) -> tuple[list[Line], list[Line]]:
    """The table's lines above its rows (title, top edge, header, the line under it) and below
    them (bottom edge, caption), drawn by rich from a table of these widths and no rows."""

    def drawn(caption: bool) -> list[Line]:
        frame = copy.copy(table)
        frame.rows = []
        frame.caption = table.caption if caption else None
        frame.columns = []
        for index, (column, width) in enumerate(zip(table.columns, widths, strict=True)):
            fixed = copy.copy(column)
            fixed._cells = []
            # rich adds this padding to a fixed width (pad_edge aside): the sum is the width
            fixed.width = width - table._get_padding_width(index)
            frame.columns.append(fixed)
        return list(Segment.split_lines(console.render(frame, console.options)))

    without_caption = drawn(False)
    head = without_caption[:-1]  # all but the bottom edge
    return head, (drawn(True) if table.caption else without_caption)[len(head) :]


class _ColumnRender:
    """Renders the cells of one column to lines of segments, each as the table would."""

    def __init__(
        self,
        console: Console,
        table: Table,
        index: int,
        column: Column,
        width: int,
        options: ConsoleOptions,
    ) -> None:
        _top, right, _bottom, left = table.padding
        if table.collapse_padding and index > 0:
            left = max(0, left - right)
        if not table.pad_edge:
            if index == 0:
                left = 0
            if index == len(table.columns) - 1:
                right = 0
        self.console = console
        self.column = column
        self.padding = (0, right, 0, left)
        self.inner = width - left - right
        self.left = [Segment(" " * left)] if left else []
        self.right = [Segment(" " * right)] if right else []
        self.blank = [Segment(" " * width)]
        self.options = options.update(
            width=width,
            justify=column.justify,
            no_wrap=column.no_wrap,
            overflow=column.overflow,
            height=None,
            highlight=column.highlight,
        )

    def __call__(self, text: Text) -> list[Line]:
        found = self._plain_lines(text)
        if found is not None:
            return [[*self.left, *segments, *self.right] for segments in found]
        return self.console.render_lines(Padding(text, self.padding), self.options, style=None)

    def _plain_lines(self, text: Text) -> list[Line] | None:
        """The segments rich makes of each line of a cell whose lines fit once wrapped, each in
        one style (the text's own for a text of one line without spans, else at most one span
        covering the whole line); None for any other cell, which rich renders."""
        plain, spans = text.plain, text._spans
        justify, column = self.column.justify, self.column
        if (
            text.justify is not None
            or text.overflow is not None
            or text.no_wrap is not None
            or justify not in _JUSTIFIED
            or column.overflow == "ignore"
            or "\t" in plain
            or "\r" in plain
            or (text.style and (spans or "\n" in plain))
        ):
            return None
        whole = self.console.get_style(text.style) if text.style else None
        found: list[Line] = []
        start = 0
        for line in plain.split("\n"):
            end = start + len(line)
            style, spanned = whole, whole is not None
            if spans:
                inside = [span for span in spans if span.start < end and span.end > start]
                if len(inside) > 1 or (
                    inside and not inside[0].start <= start < end <= inside[0].end
                ):
                    return None
                if inside:
                    style, spanned = self.console.get_style(inside[0].style), False
            for piece in self._wrapped(line):
                segments = self._justified(piece, style, spanned)
                if segments is None:
                    return None
                found.append(segments)
            start = end + 1
        return found

    def _wrapped(self, line: str) -> list[str]:
        """The line as rich wraps it in the column (``Text.wrap``)."""
        width = self.inner
        if self.column.no_wrap:
            return [line]  # as it is: too long, it is truncated, which rich does
        # a line that fits is not divided (nor is any of its words too long)
        fits = cell_len(line) <= width
        breaks = [] if fits else divide_line(line, width, fold=self.column.overflow == "fold")
        offsets = [0, *breaks, len(line)]
        trimmed = []
        for start, end in itertools.pairwise(offsets):
            piece = line[start:end]
            excess = len(piece) - width  # rstrip_end: whitespace beyond the width goes
            if excess > 0:
                spaces = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(spaces, excess)]
            trimmed.append(piece)
        return trimmed

    def _justified(self, piece: str, style: Style | None, whole: bool) -> Line | None:
        """A line justified in the column, as segments: in one segment with the padding when
        the style is the text's own (``whole``), else the padding apart and unstyled."""
        width, justify = self.inner, self.column.justify
        if justify != "left" and piece != piece.rstrip():
            return None  # rich strips it, and control codes with it: rich renders
        used = cell_len(piece)
        if used > width:
            return None  # truncated (an ellipsis, a fold): rich renders
        room = width - used
        before = 0 if justify == "left" else (room // 2 if justify == "center" else room)
        after = room - before
        if whole:
            return [Segment(" " * before + piece + " " * after, style)]
        segments = [Segment(" " * before)] if before else []
        if piece:
            segments.append(Segment(piece, style))
        if after:
            segments.append(Segment(" " * after))
        return segments
