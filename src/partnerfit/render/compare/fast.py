"""What the fast long writers (csv, jsonl) share: a block's kept pairs as columns, the texts
their cells are looked up in, reasons, and ``formatted``, which runs them over every block.

The per-pair writers build a ``PairScore`` for every pair; the fast ones read the columns of a
block's kept arrays at once, spell the excluded pairs' reasons in numpy (``reasons``), and
reach Python code per pair only where a text is odd (a number out of range, a reason that the
numpy speller cannot find). Tests hold both to the same bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from partnerfit.batch.comparison import _EMPTY, _EXCLUDED, _INSUFFICIENT, _RANKED, Comparison
from partnerfit.batch.engine import ComparisonBlocks
from partnerfit.io.heap import fewer_collections
from partnerfit.io.processes import can_fork, forked_in_order
from partnerfit.io.threads import ahead, in_order, one_blas_thread, usable_cores
from partnerfit.model import CRITERIA, Profile
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare.reasons import (
    DealbreakerCache,
    ReasonFrame,
    ReasonSpeller,
    SpelledBlock,
)
from partnerfit.render.compare.rows import (
    NO_LONG,
    Cells,
    Long,
    TextTable,
    rounded_units,
    with_long,
)
from partnerfit.scoring.card import dealbreakers_between
from partnerfit.scoring.coverage import SHOWN_DECIMALS, tiers_for

Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class PairColumns:
    """The kept pairs (rows[i], slots[i]) of a block, one array per field; numbers are NaN
    where the per-pair writers have None (excluded pairs have no score, coverage or interval,
    an unknown criterion has no score)."""

    rows: Array
    cands: Array
    status: Array
    ranked: Array
    scores: Array
    coverage: Array
    low: Array
    high: Array
    criteria: Array
    ranks: Array
    tied: Array
    unknown_bits: Array

    @classmethod
    def of(cls, block: Comparison, rows: Array, slots: Array) -> PairColumns:
        """The columns of the given (focal row, slot) pairs of a block."""
        kept = block.kept
        flat = rows * kept.status.shape[1] + slots

        def gather(array: Array) -> Array:
            if not array.flags.c_contiguous:
                return array[rows, slots]
            # one index into the rows × slots laid flat: faster than indexing by both
            gathered: Array = array.reshape(-1, *array.shape[2:]).take(flat, axis=0)
            return gathered

        status = gather(kept.status)
        scored = status != _EXCLUDED
        criteria = gather(kept.criteria)
        return cls(
            rows=rows,
            cands=gather(kept.selected),
            status=status,
            ranked=status == _RANKED,
            scores=np.where(scored, gather(kept.scores), np.nan),
            coverage=np.where(scored, gather(kept.coverage), np.nan),
            low=np.where(scored, gather(kept.low), np.nan),
            high=np.where(scored, gather(kept.high), np.nan),
            criteria=criteria,
            ranks=gather(kept.ranks),
            tied=gather(kept.tied),
            unknown_bits=(np.isnan(criteria) * (1 << np.arange(len(CRITERIA)))).sum(axis=1),
        )


def unknown_names(bits: int) -> list[str]:
    """The criteria of a bit mask (bit i: ``CRITERIA[i]``), in canonical order."""
    return [name for i, name in enumerate(CRITERIA) if bits >> i & 1]


def excluded_reasons(
    block: Comparison, columns: PairColumns, cache: DealbreakerCache, positions: Array
) -> dict[int, tuple[str, ...]]:
    """The dealbreakers of the pairs at ``positions``, by position, spelt pair by pair."""
    if not positions.size:
        return {}
    vocab = block.vocabulary
    focals = [cache.tags(focal, vocab) for focal in block.focals]
    candidates = cache.all_tags(block.candidates, vocab)
    return {
        position: dealbreakers_between(focals[row], candidates[cand])
        for position, row, cand in zip(
            positions.tolist(),
            columns.rows[positions].tolist(),
            columns.cands[positions].tolist(),
            strict=True,
        )
    }


def insufficient_words(percent: str, minimum: float) -> str:
    """The reason of a pair with insufficient evidence, in the words of ``Comparison._pair``
    (``percent`` is its coverage as ``f"{coverage:.0%}"`` writes it)."""
    return f"insufficient evidence: {percent} of the weight is known (minimum {minimum:.0%})"


def coverage_percents(coverage: Array) -> Array:
    """``f"{c:.0%}"`` of each coverage as a whole number 0..100, or -1 where Python must write
    it (negative, even -0.0, NaN or above 100%)."""
    # f"{c:.0%}" is f"{c * 100:.0f}%": the product rounded half to even, as np.rint does
    percents = np.rint(coverage * 100)
    percents[np.signbit(coverage) | ~(percents <= 100)] = -1
    whole: Array = percents.astype(np.int64)
    return whole


@dataclass(frozen=True)
class Spelling:
    """How a long writer spells its cells: a text, a list of reasons, the missing rank, tier
    and reasons, what ends each cell, and the frame of a cell of reasons that lets them be
    spelt in numpy (``reasons.ReasonSpeller``; pair by pair without one)."""

    text: Callable[[str], str]
    reasons: Callable[[Sequence[str]], str]
    no_rank: str
    no_tier: str
    no_reasons: str
    end: str = ""
    frame: ReasonFrame | None = None


_TOP_SHOWN = 100 * 10**SHOWN_DECIMALS
"""The highest score as shown, in units of its last decimal."""


class Lookups:
    """The texts of a whole output's cells, each spelt and encoded once: the candidates' ids
    and names (the same candidates in every block), and each set's ranks, tiers and
    insufficient-evidence reasons."""

    def __init__(self, spelling: Spelling) -> None:
        self.spelling = spelling
        self.dealbreakers = DealbreakerCache()
        self.speller = (
            None if spelling.frame is None else ReasonSpeller(spelling.frame, self.dealbreakers)
        )
        self._candidates: tuple[object, TextTable, TextTable] | None = None
        self._ranks = self.table([spelling.no_rank])
        self._tiers: tuple[Mapping[str, float], TextTable, Array] | None = None
        self._reasons: tuple[float, TextTable] | None = None

    def table(self, texts: Sequence[str]) -> TextTable:
        """A table of the given (spelt) texts, each with the cell's end."""
        return TextTable([text + self.spelling.end for text in texts])

    def profiles(self, profiles: Sequence[Profile]) -> tuple[TextTable, TextTable]:
        """The ids and the names of the given profiles."""
        text = self.spelling.text
        return self.table([text(p.id) for p in profiles]), self.table(
            [text(p.name) for p in profiles]
        )

    def candidates(self, block: Comparison) -> tuple[TextTable, TextTable]:
        """The ``candidate_id`` and ``candidate_name`` cells of the block's candidates."""
        if self._candidates is None or self._candidates[0] is not block.candidates:
            self._candidates = (block.candidates, *self.profiles(block.candidates))
        return self._candidates[1], self._candidates[2]

    def ranks(self, count: int) -> TextTable:
        """The ``rank`` cells: none (index 0), then 1..count."""
        if len(self._ranks.encoded) <= count:
            self._ranks = self.table([self.spelling.no_rank, *map(str, range(1, count + 1))])
        return self._ranks

    def tiers(self, tiers: Mapping[str, float]) -> tuple[TextTable, Array]:
        """The ``tier`` cells: none (index 0), then each label in the order of ``tiers``; and
        the index of the tier of each score as shown (0.0, 0.1, … 100.0)."""
        if self._tiers is None or self._tiers[0] != tiers:
            labels = [self.spelling.no_tier, *map(self.spelling.text, tiers)]
            shown = np.arange(_TOP_SHOWN + 1) / 10**SHOWN_DECIMALS
            self._tiers = (tiers, self.table(labels), _tier_index(shown, tiers))
        return self._tiers[1], self._tiers[2]

    def for_block(self, block: Comparison) -> BlockLookups:
        """The tables one block's chunks look up, fixed now: chunks of the block can then be
        formatted on any thread while this object fills its caches for the next block."""
        focal_ids, focal_names = self.profiles(block.focals)
        cand_ids, cand_names = self.candidates(block)
        tiers, tier_of_shown = self.tiers(block.tiers)
        speller = self.speller
        return BlockLookups(
            block=block,
            spelling=self.spelling,
            focal_ids=focal_ids,
            focal_names=focal_names,
            cand_ids=cand_ids,
            cand_names=cand_names,
            ranks=self.ranks(block.kept.selected.shape[1]),
            tiers=tiers,
            tier_of_shown=tier_of_shown,
            reasons=self.reasons(block.unknowns.min_coverage),
            excluded=None
            if speller is None
            else speller.block(block.focals, block.candidates, block.vocabulary),
            dealbreakers=self.dealbreakers,
        )

    def reasons(self, minimum: float) -> TextTable:
        """The ``reasons`` cells looked up: none (index 0), then an insufficient pair's at
        each coverage 0%..100% (index 1 + percent)."""
        if self._reasons is None or self._reasons[0] != minimum:
            words = [
                self.spelling.reasons([insufficient_words(f"{p}%", minimum)]) for p in range(101)
            ]
            self._reasons = (minimum, self.table([self.spelling.no_reasons, *words]))
        return self._reasons[1]


@dataclass(frozen=True)
class BlockLookups:
    """What formatting the chunks of one block looks up (``Lookups.for_block``)."""

    block: Comparison
    spelling: Spelling
    focal_ids: TextTable
    focal_names: TextTable
    cand_ids: TextTable
    cand_names: TextTable
    ranks: TextTable
    tiers: TextTable
    tier_of_shown: Array
    reasons: TextTable
    excluded: SpelledBlock | None
    dealbreakers: DealbreakerCache


ChunkWriter = Callable[[BlockLookups, PairColumns], memoryview]
"""Formats the given pairs of a block: their lines, in UTF-8."""

Piece = TypeVar("Piece")
"""Some of a block's lines, as a writer cuts them (``formatted_pieces``)."""

FORMATTING_THREADS = 4
"""At most this many threads format chunks: each holds a chunk in memory, and formatting waits
on the interpreter lock now and then (two threads format 1.2–1.3 times as fast as one here)."""

FORMATTING_SLACK = 3
"""Chunks formatted ahead of the writer beyond one per thread (about 1.5 MB of CSV text each):
the threads run on while the writer hands a chunk over and the engine's thread takes the
interpreter (streaming every pair of 2,500²: a median of 6.0 s against 6.7 s without)."""


def formatted(
    blocks: Iterable[Comparison],
    lookups: Lookups,
    chunk: ChunkWriter,
    rows_per_chunk: int,
) -> Iterator[str]:
    """The text of every block's kept pairs in the order of ``Comparison.pairs``, ``chunk``
    formatting ``rows_per_chunk`` of them at a time (``formatted_pieces``)."""
    return formatted_pieces(
        blocks,
        lookups,
        functools.partial(_block_chunks, rows_per_chunk=rows_per_chunk),
        functools.partial(_piece_text, chunk),
    )


def formatted_pieces(
    blocks: Iterable[Comparison],
    lookups: Lookups,
    pieces: Callable[[BlockLookups], Iterable[Piece]],
    text: Callable[[Piece], memoryview],
) -> Iterator[str]:
    """The text of every block, in order: ``pieces`` cuts a block (with its lookups) into
    pieces in output order, and ``text`` formats one piece (in UTF-8, decoded here, strictly).

    Blocks that can be scored one by one (``ComparisonBlocks``), more than one, with more than
    one usable core where fork is safe (``io.processes``): each block scored and formatted in
    one of a process per core, the text handed back in order. Otherwise the engine scores the
    next block on a thread of its own while the pieces of this one are formatted on a thread
    per usable core, up to ``FORMATTING_THREADS`` (numpy's passes release the interpreter, and
    a formatting thread waits on it now and then). The text is the same either way, whatever
    the number of processes or threads."""
    processes = min(usable_cores(), FORMATTING_PROCESSES)
    # the collector kept out of the way: each chunk makes thousands of short-lived views, and
    # the collections they set off walked every loaded profile again and again (a fifth of the
    # run); numpy's BLAS on one thread, as the cores are all busy
    with fewer_collections(), one_blas_thread():
        parallel = processes > 1 and can_fork()
        if (
            parallel
            and isinstance(blocks, ComparisonBlocks)
            and len(blocks) > BLOCKS_PER_PROCESS_ITEM  # else one process would do it all
        ):
            yield from _formatted_in_processes(blocks, lookups, pieces, text, processes)
        else:
            yield from _formatted_in_threads(blocks, lookups, pieces, text)


FORMATTING_PROCESSES = 4
"""At most this many processes score and format blocks, one per usable core: each holds a block
and a few chunks of its text (at 3,000² two of them, with the parent, took 1.16–1.21 times
the memory of the top-10 run here); more than two is not measured on this 2-core machine."""


_PairPiece = tuple[BlockLookups, Array, Array]
"""Some of a block's kept pairs: the block's lookups, and the pairs' focal rows and slots."""


def _block_chunks(looked_up: BlockLookups, rows_per_chunk: int) -> Iterator[_PairPiece]:
    """A block's kept pairs, ``rows_per_chunk`` at a time, in output order."""
    rows, slots = np.nonzero(looked_up.block.kept.status != _EMPTY)
    for start in range(0, rows.size, rows_per_chunk):
        end = start + rows_per_chunk
        yield looked_up, rows[start:end], slots[start:end]


def _piece_text(chunk: ChunkWriter, piece: _PairPiece) -> memoryview:
    """The lines of some of a block's pairs, in UTF-8."""
    looked_up, rows, slots = piece
    return chunk(looked_up, PairColumns.of(looked_up.block, rows, slots))


def _formatted_in_processes(
    blocks: ComparisonBlocks,
    lookups: Lookups,
    pieces: Callable[[BlockLookups], Iterable[Piece]],
    text: Callable[[Piece], memoryview],
    processes: int,
) -> Iterator[str]:
    """``formatted_pieces`` with each block scored and formatted in a forked process, a few
    consecutive blocks to a process at a time (``BLOCKS_PER_PROCESS_ITEM``)."""
    group = BLOCKS_PER_PROCESS_ITEM
    count = -(-len(blocks) // group)

    def item_text(item: int) -> Iterator[memoryview]:
        for index in range(item * group, min(len(blocks), (item + 1) * group)):
            yield from block_text(lookups.for_block(blocks.block(index)))

    def block_text(looked_up: BlockLookups) -> Iterator[memoryview]:
        # its own frame: the block is let go before the next one is scored
        for piece in pieces(looked_up):
            yield text(piece)

    def done(item: int) -> None:
        blocks.done(min(len(blocks), (item + 1) * group) - 1)

    yield from map(_decoded, forked_in_order(item_text, count, processes, done))


BLOCKS_PER_PROCESS_ITEM = 2
"""Consecutive blocks a process scores and formats before the parent turns to the next
process: fewer turns for the same memory (3,000² to CSV, taking turns: 6.75–7.43 s with two
blocks of 2¹⁶ pairs, 6.81–7.24 s with one of 2¹⁷, 7.73–8.50 s with one of 2¹⁶; the memory of
2¹⁶ pairs a block, 1.17 times the top-10 run's in all, against 1.36 at 2¹⁷)."""


def _formatted_in_threads(
    blocks: Iterable[Comparison],
    lookups: Lookups,
    pieces: Callable[[BlockLookups], Iterable[Piece]],
    text: Callable[[Piece], memoryview],
) -> Iterator[str]:
    """``formatted_pieces`` with the engine on a thread and the pieces formatted on others."""

    def every_piece() -> Generator[Piece, None, None]:
        for block in ahead(blocks):
            yield from pieces(lookups.for_block(block))

    def decoded(piece: Piece) -> str:
        return _decoded(text(piece))

    # closed however the stream ends, so that the engine's thread stops even while an error
    # raised in a formatting thread is still held (a traceback keeps this frame alive)
    with contextlib.closing(every_piece()) as cut:
        yield from in_order(decoded, cut, min(usable_cores(), FORMATTING_THREADS), FORMATTING_SLACK)


def of_one_comparison(
    renderer: Callable[[Iterable[Comparison], RenderOptions], Iterator[str]],
) -> Callable[[Comparison, RenderOptions], Iterator[str]]:
    """A streamed writer as the writer of one whole comparison (``compare --top-k``): the same
    lines, put together in numpy as the stream puts them."""

    def whole(comparison: Comparison, options: RenderOptions) -> Iterator[str]:
        return renderer((comparison,), options)

    whole.__name__ = whole.__qualname__ = f"{renderer.__name__}_whole"  # as registered
    whole.__doc__ = f"``{renderer.__name__}`` of one whole comparison."
    return whole


def _decoded(data: memoryview | bytearray) -> str:
    """A chunk's UTF-8 bytes as text, strictly (every cell holds whole encoded texts)."""
    return codecs.utf_8_decode(data, "strict", True)[0]


def _tier_index(scores: Array, tiers: Mapping[str, float]) -> Array:
    """Each score's tier as an index into ``Lookups.tiers`` (0: none, also for NaN)."""
    labels = tiers_for(scores, tiers)
    index = np.zeros(scores.shape, dtype=np.intp)
    for number, label in enumerate(tiers, start=1):
        index[labels == label] = number
    return index


def tier_cells(lookups: BlockLookups, pairs: PairColumns) -> Cells:
    """The ``tier`` cells of ranked pairs, looked up by the score as shown (``tier_for`` bands
    the rounded score); scores outside 0..100 (none should be) go through ``tiers_for``."""
    block, table, of_shown = lookups.block, lookups.tiers, lookups.tier_of_shown
    scores = np.where(pairs.ranked, pairs.scores, np.nan)
    units = rounded_units(scores, SHOWN_DECIMALS)
    inside = (units >= 0) & (units <= _TOP_SHOWN)
    index = np.zeros(scores.shape, dtype=np.intp)
    index[inside] = of_shown[units[inside].astype(np.intp)]
    outside = ~inside & ~np.isnan(scores)
    if outside.any():
        index[outside] = _tier_index(scores[outside], block.tiers)
    return table.cells(index)


def reason_cells(lookups: BlockLookups, pairs: PairColumns) -> Cells:
    """The ``reasons`` cells: the coverage of insufficient pairs (looked up), the dealbreakers
    of excluded ones (spliced in), none for ranked ones."""
    spelling, minimum = lookups.spelling, lookups.block.unknowns.min_coverage
    insufficient = np.flatnonzero(pairs.status == _INSUFFICIENT)
    percents = coverage_percents(pairs.coverage[insufficient])
    index = np.zeros(len(pairs.rows), dtype=np.intp)
    index[insufficient] = percents + 1  # -1 (spelt below) is the empty cell
    odd = insufficient[percents < 0]
    spelt = {
        position: (
            spelling.reasons([insufficient_words(f"{coverage:.0%}", minimum)]) + spelling.end
        ).encode()
        for position, coverage in zip(odd.tolist(), pairs.coverage[odd].tolist(), strict=True)
    }
    long = Long.of(spelt).replaced_by(_excluded_cells(lookups, pairs))
    return with_long(lookups.reasons.cells(index), long)


def _excluded_cells(lookups: BlockLookups, pairs: PairColumns) -> Long:
    """The ``reasons`` cell of each excluded pair: spelt in numpy when the writer has a frame
    for it, pair by pair otherwise (and for a pair whose reasons it cannot find, which the
    engine's exclusion should never give)."""
    excluded = np.flatnonzero(pairs.status == _EXCLUDED)
    cells = NO_LONG
    if lookups.excluded is not None and excluded.size:
        text, lengths = lookups.excluded.cells(pairs.rows[excluded], pairs.cands[excluded])
        found = lengths > 0
        cells = Long(excluded[found], lengths[found], text)
        excluded = excluded[~found]
    spelling = lookups.spelling
    by_pair = excluded_reasons(lookups.block, pairs, lookups.dealbreakers, excluded)
    spelt = {
        p: (spelling.reasons(reasons) + spelling.end).encode() for p, reasons in by_pair.items()
    }
    return cells.replaced_by(Long.of(spelt))
