"""The reasons of a chunk's excluded pairs, spelt in numpy rather than pair by pair.

``dealbreakers_between`` spells one pair's reasons in Python. An every-pair output meets an
excluded pair in about one pair of eleven, and spelling those one at a time took a third of
the CSV writer's time. Every reason is three pieces, each spelt once: the other side's id,
what it holds that the owner bans (`` has sector `tobacco`, a dealbreaker for ``), and the
owner's id. A cell is its reasons' pieces inside the writer's frame (a CSV cell's quotes, a
JSON list's brackets), gathered into bytes at once. The order is ``dealbreakers_between``'s:
the focal's dealbreakers, then the candidate's; within each, sectors, values, regions (each
sorted), then the kind, which is the order each profile's banned terms are kept in. Tests
hold the bytes to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from partnerfit.model import Profile
from partnerfit.model.vocabulary import Vocabulary
from partnerfit.render.compare.rows import ragged
from partnerfit.scoring.card import DealbreakerTags, dealbreaker_tags

Array = np.ndarray[Any, Any]

_LABELS = ("sector", "value", "region")
_KIND = len(_LABELS)
"""The label number of a kind among the terms (after the three tag fields)."""
_TERM_BITS = 32
"""A (profile, term) key is ``profile << _TERM_BITS | term``."""


@dataclass(frozen=True)
class ReasonFrame:
    """How a writer spells a cell of reasons (``Spelling.reasons``) as pieces: what opens the
    cell (``open_formula`` when the first reason starts like a spreadsheet formula), what goes
    between two reasons, what closes the cell (its end included), and how a piece of one
    reason is escaped (character by character, so that pieces escape as their whole does), and
    which texts start like a formula (none unless the writer says)."""

    open: str
    open_formula: str
    separator: str
    close: str
    piece: Callable[[str], str]
    formula: Callable[[str], bool] = lambda _: False


@dataclass
class DealbreakerCache:
    """Each profile's dealbreaker tags, computed once for a whole output (by object id, with the
    profile kept so that the id stays its own)."""

    held: dict[int, tuple[Profile, DealbreakerTags]] = field(default_factory=dict)
    listed: tuple[Sequence[Profile], list[DealbreakerTags]] | None = None

    def tags(self, profile: Profile, vocab: Vocabulary) -> DealbreakerTags:
        """The profile's ``dealbreaker_tags``, from the cache when it is there."""
        entry = self.held.get(id(profile))
        if entry is None or entry[0] is not profile:
            entry = self.held[id(profile)] = (profile, dealbreaker_tags(profile, vocab))
        return entry[1]

    def all_tags(self, profiles: Sequence[Profile], vocab: Vocabulary) -> list[DealbreakerTags]:
        """``tags`` of each profile, the list kept while the same sequence is asked for."""
        if self.listed is None or self.listed[0] is not profiles:
            self.listed = (profiles, [self.tags(profile, vocab) for profile in profiles])
        return self.listed[1]


class _Terms:
    """Every (label, text) a profile holds or bans, numbered as first met; a banned one also
    has its middle piece, spelt and encoded (only a banned term is ever named in a reason)."""

    def __init__(self, piece: Callable[[str], str]) -> None:
        self.piece = piece
        self.number: dict[tuple[int, str], int] = {}
        self.middles: list[bytes] = []  # empty for a term nobody bans (yet)

    def of(self, label: int, text: str) -> int:
        """The term's number, added when new."""
        known = self.number.get((label, text))
        if known is None:
            known = self.number[(label, text)] = len(self.middles)
            self.middles.append(b"")
        return known

    def banned(self, label: int, text: str) -> int:
        """The number of a term some profile bans, its middle piece spelt."""
        known = self.of(label, text)
        if not self.middles[known]:
            if label == _KIND:
                middle = f" is a {text}, a dealbreaker for "
            else:
                middle = f" has {_LABELS[label]} `{text}`, a dealbreaker for "
            self.middles[known] = self.piece(middle).encode()
        return known


@dataclass(frozen=True)
class _Side:
    """The dealbreakers of a sequence of profiles as arrays: each profile's banned terms (its
    slice of ``banned``, in the order its reasons are listed), the sorted keys of what each
    holds, and its id."""

    start: Array
    count: Array
    banned: Array
    held: Array
    ids: list[str]
    formula: Array

    @classmethod
    def of(
        cls, tags: Sequence[DealbreakerTags], terms: _Terms, formula: Callable[[str], bool]
    ) -> _Side:
        banned: list[int] = []
        counts: list[int] = []
        held: list[int] = []
        for number, profile in enumerate(tags):
            before = len(banned)
            # in the order reasons list them: by label, each label's texts sorted
            for label, texts in enumerate(profile.banned):
                banned += (terms.banned(label, text) for text in sorted(texts))
            banned += (terms.banned(_KIND, kind) for kind in sorted(profile.banned_kinds))
            counts.append(len(banned) - before)
            owned = [
                terms.of(label, text) for label, texts in enumerate(profile.held) for text in texts
            ]
            if profile.kind is not None:
                owned.append(terms.of(_KIND, profile.kind))
            held += ((number << _TERM_BITS) | term for term in owned)
        count = np.array(counts, dtype=np.int64)
        return cls(
            start=np.cumsum(count) - count,
            count=count,
            banned=np.array(banned, dtype=np.int64),
            held=np.unique(np.array(held, dtype=np.int64)),
            ids=[profile.id for profile in tags],
            formula=np.array([formula(profile.id) for profile in tags], dtype=bool),
        )


def _hits(owner: _Side, other: _Side, owners: Array, others: Array) -> tuple[Array, Array]:
    """The (pair, term) of every term an owner bans and the other holds, for each pair."""
    if not other.held.size:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    counts = owner.count[owners]
    pair = np.repeat(np.arange(owners.size), counts)
    terms = ragged(owner.banned, owner.start[owners], counts)
    keys = (others[pair] << _TERM_BITS) | terms
    place = np.searchsorted(other.held, keys)
    found = other.held[np.minimum(place, other.held.size - 1)] == keys
    return pair[found], terms[found]


class ReasonSpeller:
    """Spells the reasons of excluded pairs for one writer; its tables last a whole output."""

    def __init__(self, frame: ReasonFrame, cache: DealbreakerCache) -> None:
        self.frame = frame
        self.cache = cache
        self.terms = _Terms(frame.piece)
        self._candidates: tuple[Sequence[Profile], _Side, list[bytes]] | None = None

    def _side(self, profiles: Sequence[Profile], vocab: Vocabulary) -> tuple[_Side, list[bytes]]:
        """The side of these profiles, and their ids as pieces."""
        tags = [self.cache.tags(profile, vocab) for profile in profiles]
        side = _Side.of(tags, self.terms, self.frame.formula)
        return side, [self.frame.piece(i).encode() for i in side.ids]

    def block(
        self, focals: Sequence[Profile], candidates: Sequence[Profile], vocab: Vocabulary
    ) -> SpelledBlock:
        """What spelling the reasons of these focals with these candidates looks up, fixed (so
        that chunks of the block can be spelt on any thread). The candidates' side is kept
        while the same candidates are asked for (every block of an output). Each banned term's
        middle is spelt once, when first met; a chunk gathers those its reasons name (so a
        block costs what its own profiles hold, not what every profile so far holds)."""
        if self._candidates is None or self._candidates[0] is not candidates:
            self._candidates = (candidates, *self._side(candidates, vocab))
        _, theirs, their_ids = self._candidates
        ours, our_ids = self._side(focals, vocab)
        frame = self.frame
        opening = [frame.open, frame.open_formula, frame.separator, frame.close, ""]
        pieces = [text.encode() for text in opening] + our_ids + their_ids
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        return SpelledBlock(
            ours=ours,
            theirs=theirs,
            terms=self.terms,
            text=np.frombuffer(b"".join(pieces), dtype=np.uint8),
            offsets=np.cumsum(lengths) - lengths,
            lengths=lengths,
        )


_FRAME_PIECES = 5
"""The frame's pieces come first in ``SpelledBlock.text``: 0 open, 1 open_formula, 2 separator,
3 close, 4 nothing; then the focals' ids, the candidates' ids and the terms' middles."""


@dataclass(frozen=True)
class SpelledBlock:
    """The pieces of one block's reasons (``ReasonSpeller.block``): the frame's and the ids,
    all in one text; the middles of the terms a chunk names are added per chunk."""

    ours: _Side
    theirs: _Side
    terms: _Terms  # only added to while chunks are spelt: the terms numbered here stay put
    text: Array
    offsets: Array
    lengths: Array

    def cells(self, rows: Array, cands: Array) -> tuple[Array, Array]:
        """The reasons of the pairs (focal ``rows[i]``, candidate ``cands[i]``), the cells one
        after another, and the length of each cell (0 where a pair has no reason)."""
        ours, theirs = self.ours, self.theirs
        rows, cands = rows.astype(np.int64), cands.astype(np.int64)
        focal_pair, focal_term = _hits(ours, theirs, rows, cands)
        cand_pair, cand_term = _hits(theirs, ours, cands, rows)
        pair = np.concatenate([focal_pair, cand_pair])
        term = np.concatenate([focal_term, cand_term])
        by_candidate = np.repeat([False, True], [focal_pair.size, cand_pair.size])
        # by pair, the focal's reasons first; within each side's, as its banned terms are listed
        # (by label, then text): the order ``_hits`` found them in, kept by the stable sort
        order = np.lexsort((by_candidate, pair))
        pair, term, by_candidate = pair[order], term[order], by_candidate[order]
        named, term = np.unique(term, return_inverse=True)  # term: now an index into named
        middles = [self.terms.middles[number] for number in named.tolist()]
        focal_piece = _FRAME_PIECES + rows[pair]
        cand_piece = _FRAME_PIECES + len(ours.ids) + cands[pair]
        first = np.ones(pair.size, dtype=bool)
        first[1:] = pair[1:] != pair[:-1]
        last = np.ones(pair.size, dtype=bool)
        last[:-1] = first[1:]
        formula = np.where(by_candidate, ours.formula[rows[pair]], theirs.formula[cands[pair]])
        layout = np.stack(
            [
                np.where(first, np.where(formula, 1, 0), 2),  # open, or the separator
                np.where(by_candidate, focal_piece, cand_piece),  # the other's id
                _FRAME_PIECES + len(ours.ids) + len(theirs.ids) + term,  # what it holds
                np.where(by_candidate, cand_piece, focal_piece),  # the owner's id
                np.where(last, 3, 4),  # close after the pair's last reason
            ],
            axis=1,
        ).ravel()
        middle_lengths = np.fromiter(map(len, middles), dtype=np.int64, count=len(middles))
        lengths = np.concatenate([self.lengths, middle_lengths])
        offsets = np.concatenate(
            [self.offsets, self.text.size + np.cumsum(middle_lengths) - middle_lengths]
        )
        text = np.concatenate([self.text, np.frombuffer(b"".join(middles), dtype=np.uint8)])
        sizes = lengths[layout]
        per_pair = np.bincount(pair, weights=sizes.reshape(-1, 5).sum(axis=1), minlength=rows.size)
        return ragged(text, offsets[layout], sizes), per_pair.astype(np.int64)
