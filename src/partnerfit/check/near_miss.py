"""A bounded "did you mean" over the tags of a set, for the checks across the set."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable

__all__ = ["NearMiss"]


class NearMiss:
    """ "Did you mean" over a fixed set of tags, at a cost per question bounded by a constant.

    ``difflib.get_close_matches`` against every tag costs O(tags) per question, which made one
    large profile (thousands of dealbreakers against thousands of tags) quadratic. Here a question
    is compared, by difflib with the same cutoff, only with the SHORTLIST tags sharing the most
    character trigrams with it; a trigram shared by more than COMMON tags says nothing and is
    skipped. A set of at most SHORTLIST tags is searched whole, exactly as difflib would.
    """

    SHORTLIST = 8
    COMMON = 32
    MAX_TRIGRAMS = 24

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._index: dict[str, list[int]] = defaultdict(list)
        if len(self.words) > self.SHORTLIST:
            for position, word in enumerate(self.words):
                for gram in self._trigrams(word):
                    self._index[gram].append(position)
        self._answers: dict[tuple[str, float], str | None] = {}

    @classmethod
    def _trigrams(cls, word: str) -> list[str]:
        padded = f" {word} "
        return list(dict.fromkeys(padded[i : i + 3] for i in range(len(padded) - 2)))[
            : cls.MAX_TRIGRAMS
        ]

    def candidates(self, word: str) -> list[str]:
        """The tags difflib will judge for this word: all of a small set, else a shortlist."""
        if len(self.words) <= self.SHORTLIST:
            return self.words
        shared: Counter[int] = Counter()
        for gram in self._trigrams(word):
            postings = self._index.get(gram)
            if postings is not None and len(postings) <= self.COMMON:
                shared.update(postings)
        # most_common breaks ties by first appearance: deterministic for a given question
        return [self.words[position] for position, _ in sorted(shared.most_common(self.SHORTLIST))]

    def __call__(self, word: str, cutoff: float = 0.6) -> str | None:
        """The closest tag at least ``cutoff`` similar (difflib's ratio), or None."""
        key = (word, cutoff)
        if key not in self._answers:
            close = difflib.get_close_matches(word, self.candidates(word), n=1, cutoff=cutoff)
            self._answers[key] = close[0] if close else None
        return self._answers[key]
