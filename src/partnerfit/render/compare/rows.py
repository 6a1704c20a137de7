"""Lines of text built from columns of cells, a chunk of rows at a time, without a per-row loop.

Each column of a chunk is a ``Cells``: every row's bytes in a slot of the column's width,
padded with NUL bytes, and each cell's length. A line is the columns' slots side by side with
fixed literals (separators, JSON keys) between them; the bytes of every row but the padding,
in order, are the chunk's text. No text put into a cell holds a NUL (the escaping functions
write control characters as escapes; a text that still holds one is spliced in). A cell too
long for its slot (a hostile name, a dealbreaker reason) is kept aside as bytes and spliced
into place afterwards, so that one long text never widens every row: the cost stays linear in
the output.

The texts put into cells are escaped by the caller, once per profile or per table entry.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from partnerfit.scoring.encode import index_runs

Array = np.ndarray[Any, Any]

_WIDEST = 256
"""No slot is wider: longer texts are always spliced in."""
_SHORT = 16
"""A table whose texts are no longer than this goes in a slot that fits them all: a narrower
slot saves at most this many bytes a row, and choosing it costs two passes over the rows."""
_SPLICE_COST = 400
"""What splicing one long cell costs, in bytes of slot width per row (measured: about the
same time as 128 padded bytes in every row of a chunk)."""


def ragged(text: Array, starts: Array, lengths: Array) -> Array:
    """The pieces ``text[starts[i] : starts[i] + lengths[i]]`` one after another."""
    picked: Array = text[index_runs(starts, lengths)]
    return picked


@dataclass(frozen=True)
class Long:
    """Cells too long for their slot: the row of each, its length, and all their bytes one
    after another (so that thousands of them are placed without a Python step each)."""

    rows: Array
    lengths: Array
    text: Array

    @classmethod
    def of(cls, cells: Mapping[int, bytes]) -> Long:
        """From row → bytes."""
        return cls(
            np.fromiter(cells, dtype=np.int64, count=len(cells)),
            np.fromiter(map(len, cells.values()), dtype=np.int64, count=len(cells)),
            np.frombuffer(b"".join(cells.values()), dtype=np.uint8),
        )

    def __len__(self) -> int:
        return int(self.rows.size)

    def replaced_by(self, other: Long) -> Long:
        """These cells and ``other``'s, which win where both have a row."""
        if not len(other):
            return self
        if not len(self):
            return other
        kept = ~np.isin(self.rows, other.rows)
        text = self.text
        if not kept.all():  # usually all are kept: a column's kinds of long cells share no row
            starts = (np.cumsum(self.lengths) - self.lengths)[kept]
            text = ragged(self.text, starts, self.lengths[kept])
        return Long(
            np.concatenate([self.rows[kept], other.rows]),
            np.concatenate([self.lengths[kept], other.lengths]),
            np.concatenate([text, other.text]),
        )


NO_LONG = Long(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, np.uint8))


@dataclass(frozen=True)
class Cells:
    """One column of a chunk: bytes (rows × width, NUL-padded), the length of each cell in
    bytes, and the cells too long for the slot (their slot is empty)."""

    data: Array
    lengths: Array
    long: Long = NO_LONG


def fitted_width(lengths: Array, uses: Array) -> int:
    """The slot width that costs least for texts of these lengths (at most ``_WIDEST + 1``)
    used this many times each: every row pays for the width, each longer text for its splice."""
    rows = np.bincount(lengths, weights=uses, minlength=_WIDEST + 2)
    longer = rows.sum() - np.cumsum(rows)  # uses of texts longer than each width
    cost = np.arange(rows.size) * rows.sum() + _SPLICE_COST * longer
    return int(np.argmin(cost[: _WIDEST + 1]))


class TextTable:
    """Texts (already escaped) encoded once, to be looked up by index into ``Cells``."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.encoded = [text.encode() for text in texts]
        self.lengths = np.array([len(text) for text in self.encoded], dtype=np.int64)
        self.text = np.frombuffer(b"".join(self.encoded), dtype=np.uint8)
        self.starts = np.cumsum(self.lengths) - self.lengths
        # a text holding NUL (none should) is never put in a slot: NUL is the padding
        nul = np.array([b"\0" in text for text in self.encoded], dtype=bool)
        self.lengths_in_slot = np.minimum(np.where(nul, _WIDEST + 1, self.lengths), _WIDEST + 1)
        self.short = bool(self.lengths_in_slot.max(initial=0) <= _SHORT)
        fits = self.lengths_in_slot <= _WIDEST
        width = int(self.lengths[fits].max(initial=0))
        fitting = [text if fit else b"" for text, fit in zip(self.encoded, fits, strict=True)]
        # a bytes dtype pads each text with NULs to the width: the padding left out at the end
        padded = np.array(fitting or [b""], dtype=f"S{max(width, 1)}")
        self.data = padded.view(np.uint8).reshape(len(padded), -1)[: len(fitting), :width]
        self._by_width: dict[int, Array] = {}

    def cells(self, index: Array) -> Cells:
        """The cells of the texts at ``index``, one per row, in the slot that costs least (in
        the slot that fits them all when the table's texts are all short)."""
        width = self.data.shape[1]
        if not self.short:
            uses = np.bincount(index, minlength=len(self.encoded))
            width = min(fitted_width(self.lengths_in_slot, uses), width)
        is_long = self.lengths_in_slot > width
        data = np.take(self._narrowed(width), index, axis=0)
        lengths = np.take(self.lengths, index)
        if not is_long.any():
            return Cells(data, lengths)
        rows = np.flatnonzero(is_long[index])
        data[rows] = 0  # the slot of a long cell is empty, not its first bytes
        entries = index[rows]
        text = ragged(self.text, self.starts[entries], self.lengths[entries])
        return Cells(data, lengths, Long(rows, self.lengths[entries], text))

    def side_by_side(self, index: Array) -> Cells | None:
        """The texts at ``index`` (rows × columns) as one cell per row, the columns' texts
        one after another; None when one of them does not fit the table's slot."""
        if self.lengths_in_slot.max(initial=0) > self.data.shape[1]:
            return None
        data = np.take(self._narrowed(self.data.shape[1]), index, axis=0)
        lengths = np.take(self.lengths, index).sum(axis=1)
        return Cells(data.reshape(len(index), -1), lengths)

    def _narrowed(self, width: int) -> Array:
        """The texts in slots of ``width``, contiguous (gathering rows of a strided view is
        slow)."""
        narrowed = self._by_width.get(width)
        if narrowed is None:
            narrowed = self._by_width[width] = np.ascontiguousarray(self.data[:, :width])
        return narrowed


@functools.cache
def _number_table(digits: int, high: int, suffix: str, prefix: str = "") -> TextTable:
    """``f"{i / 10**digits:.{digits}f}"`` for i in 0..high·10**digits, then "" (for NaN), each
    between ``prefix`` and ``suffix``."""
    scale = 10**digits
    texts = (f"{i / scale:.{digits}f}" for i in range(high * scale + 1))
    return TextTable([*(prefix + text + suffix for text in texts), prefix + suffix])


def _product_error(a: Array, b: float, product: Array) -> Array:
    """``a * b - product`` exactly, where ``product`` is the rounded ``a * b`` (Dekker's
    two-product, with Veltkamp's split: float64 arithmetic, no fused multiply-add needed)."""

    def split(x: Array) -> tuple[Array, Array]:
        c = 134217729.0 * x  # 2**27 + 1
        high: Array = c - (c - x)
        return high, x - high

    a_high, a_low = split(a)
    b_high, b_low = split(np.full(a.shape, b))
    error: Array = a_low * b_low - (((product - a_high * b_high) - a_low * b_high) - a_high * b_low)
    return error


def rounded_units(values: Array, digits: int) -> Array:
    """``values`` times 10**digits rounded to whole numbers as ``f"{v:.{digits}f}"`` rounds:
    the exact binary value, its exact halves to even (NaN stays NaN)."""
    scale = float(10**digits)
    scaled = values * scale
    units = np.rint(scaled)
    # rounding is already right unless the rounded product sits exactly on a half: then the
    # product's rounding error says on which side the exact one lies
    with np.errstate(invalid="ignore"):  # inf - inf: NaN, not a half
        half = scaled - np.floor(scaled) == 0.5
    if half.any():
        error = _product_error(values[half], scale, scaled[half])
        below = np.floor(scaled[half])
        units[half] = np.where(error > 0, below + 1, np.where(error < 0, below, units[half]))
    return units


def _decimal_units(values: Array, digits: int, high: int) -> tuple[Array, Array]:
    """Each value's index in ``_number_table`` (its last entry for NaN and for the values
    Python writes), and where Python writes them: negative (even -0.0) or above ``high``."""
    top = high * 10**digits
    nan = np.isnan(values)
    units = rounded_units(values, digits)
    odd = ~nan & ((units > top) | np.signbit(values))
    units[nan | odd] = top + 1
    return units.astype(np.intp), odd


def decimals(values: Array, digits: int, high: int, suffix: str = "", prefix: str = "") -> Cells:
    """``f"{v:.{digits}f}"`` of every value, an empty cell for NaN, each between ``prefix``
    and ``suffix`` (values in 0..high looked up in a table, others formatted by Python)."""
    units, odd = _decimal_units(values, digits, high)
    cells = _number_table(digits, high, suffix, prefix).cells(units)
    if not odd.any():
        return cells
    spelt = {
        int(p): f"{prefix}{float(values[p]):.{digits}f}{suffix}".encode()
        for p in np.flatnonzero(odd)
    }
    return with_long(cells, Long.of(spelt))


def decimal_columns(
    values: Array, digits: int, high: int, suffix: str = "", prefix: str = ""
) -> list[Cells]:
    """``decimals`` of each column of ``values`` (rows × columns): one part when every value
    is in the table, else one per column."""
    units, odd = _decimal_units(values, digits, high)
    if not odd.any():
        cells = _number_table(digits, high, suffix, prefix).side_by_side(units)
        if cells is not None:
            return [cells]
    return [decimals(column, digits, high, suffix, prefix) for column in values.T]


def _word_table(texts: Sequence[str]) -> tuple[Array, Array]:
    """Texts of at most 4 ASCII bytes as NUL-padded uint32 words, and their lengths."""
    padded = np.array([text.encode() for text in texts], dtype="S4")
    return padded.view(np.uint32), np.array([len(text) for text in texts], dtype=np.int64)


@functools.cache
def _repr_tables() -> tuple[tuple[Array, Array], tuple[Array, Array], tuple[Array, Array]]:
    """The three words of a number of at most six decimals below 1,000, as repr writes it:
    the whole part and the point (then "null", then nothing); the first three decimals, all of
    them when more follow (index + 1000), else without trailing zeros (one always shows; then
    nothing); the last three without trailing zeros (then nothing)."""
    wholes = [f"{whole}." for whole in range(1000)] + ["null", ""]
    highs = [f"{high:03d}".rstrip("0") or "0" for high in range(1000)]
    highs += [f"{high:03d}" for high in range(1000)] + [""]
    lows = [f"{low:03d}".rstrip("0") for low in range(1000)] + [""]
    return _word_table(wholes), _word_table(highs), _word_table(lows)


def rounded_reprs(values: Array, blank: Array | None = None) -> Cells:
    """``repr(round(v, 6) + 0.0)`` of every value ("null" for NaN, nothing where ``blank``):
    below 1,000 and from 1e-4 (where repr has no exponent) it is the value's six rounded
    decimals without trailing zeros, looked up three digits at a time; Python writes the rest
    (negative, 1,000 or more, below 1e-4)."""
    nan = np.isnan(values)
    units = rounded_units(values, 6)
    odd = ~nan & ((units < 0) | (units >= 10**9) | ((units > 0) & (units < 100)))
    if blank is not None:
        odd &= ~blank
    empty = odd if blank is None else odd | blank
    whole, fraction = np.divmod(np.where(nan | empty, 0, units).astype(np.int64), 10**6)
    high, low = np.divmod(fraction, 1000)
    whole[nan] = 1000
    whole[empty] = 1001
    high += 1000 * (low != 0)
    high[nan | empty] = 2000
    low[nan | empty] = 1000
    (whole_words, whole_lengths), (high_words, high_lengths), (low_words, low_lengths) = (
        _repr_tables()
    )
    words = np.stack([whole_words[whole], high_words[high], low_words[low]], axis=1)
    lengths = whole_lengths[whole] + high_lengths[high] + low_lengths[low]
    cells = Cells(words.view(np.uint8), lengths)
    if not odd.any():
        return cells
    long = {
        int(position): repr(round(float(values[position]), 6) + 0.0).encode()
        for position in np.flatnonzero(odd)
    }
    return with_long(cells, Long.of(long))


def with_long(cells: Cells, long: Long) -> Cells:
    """``cells`` with the given rows' cells replaced by long ones (spliced in)."""
    if not len(long):
        return cells
    data = cells.data.copy()
    data[long.rows] = 0
    lengths = cells.lengths.copy()
    lengths[long.rows] = long.lengths
    return Cells(data, lengths, cells.long.replaced_by(long))


def join_lines(parts: Sequence[bytes | Cells], rows: int) -> memoryview:
    """The UTF-8 text of ``rows`` lines, each the given parts in order (literals and cells)
    (the bytes are copied once more only where long cells are spliced in). Every cell holds
    whole encoded texts, so the lines are valid UTF-8; the callers decode them strictly."""
    if any(isinstance(part, bytes) for part in parts):
        data = _with_literals(parts, rows)
    else:
        data = np.concatenate([part.data for part in parts if isinstance(part, Cells)], axis=1)
    text = memoryview(data[data != 0])
    if any(isinstance(part, Cells) and len(part.long) for part in parts):
        text = memoryview(_splice(text, parts, rows))
    return text


def _with_literals(parts: Sequence[bytes | Cells], rows: int) -> Array:
    """The parts side by side: every row a copy of the literals, then the cells put in."""
    widths = [len(part) if isinstance(part, bytes) else part.data.shape[1] for part in parts]
    starts = np.cumsum([0, *widths]).tolist()
    template = np.zeros(starts[-1], dtype=np.uint8)
    for part, start in zip(parts, starts, strict=False):
        if isinstance(part, bytes):
            template[start : start + len(part)] = np.frombuffer(part, dtype=np.uint8)
    data = np.empty((rows, starts[-1]), dtype=np.uint8)
    data[:] = template
    for part, start, width in zip(parts, starts, widths, strict=False):
        if isinstance(part, Cells):
            data[:, start : start + width] = part.data
    return data


def _splice(text: memoryview, parts: Sequence[bytes | Cells], rows: int) -> bytes:
    """``text`` with each long cell put in its place."""
    # where each long cell starts in the output: its line's start and the parts before it
    before = np.zeros(rows, dtype=np.int64)
    wheres, lengths, texts = [], [], []
    for part in parts:
        if isinstance(part, bytes):
            before += len(part)
            continue
        if len(part.long):
            wheres.append(before[part.long.rows])
            lengths.append(part.long.lengths)
            texts.append(part.long.text)
        before += part.lengths
    line_starts = np.cumsum(before) - before  # ``before`` is now each line's length
    rows_of = np.concatenate([part.long.rows for part in parts if isinstance(part, Cells)])
    where = np.concatenate(wheres) + line_starts[rows_of]
    length = np.concatenate(lengths)
    offset = np.cumsum(length) - length  # of each cell in ``cells``: the columns' texts in turn
    cells = np.concatenate(texts).data
    order = np.argsort(where, kind="stable")
    where, length, offset = where[order], length[order], offset[order]
    # where each long cell goes in ``text``, which lacks them all; the pieces are joined by
    # bytes.join (copying them into place in numpy, through a mask of the output, was slower)
    cuts = [0, *(where - (np.cumsum(length) - length)).tolist(), len(text)]
    pieces: list[memoryview | bytes] = [b""] * (2 * length.size + 1)
    pieces[0::2] = [text[start:end] for start, end in itertools.pairwise(cuts)]
    pieces[1::2] = [
        cells[start:end]
        for start, end in zip(offset.tolist(), (offset + length).tolist(), strict=True)
    ]
    return b"".join(pieces)
