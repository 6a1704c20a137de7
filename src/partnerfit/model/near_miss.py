"""A bounded "did you mean" over a fixed set of words: tags, profile ids, capabilities."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable

__all__ = ["NearMiss"]


class NearMiss:
    """ "Did you mean" over a fixed set of tags, at a bounded cost per question.

    ``difflib.get_close_matches`` against every tag costs O(tags) per question, which made one
    large profile (thousands of dealbreakers against thousands of tags) quadratic, and so were
    the hints for mistyped partner ids of thousands of partnership files. Here a question is
    compared, by difflib with the same cutoff, only with the SHORTLIST tags sharing the most
    character trigrams with it. The trigrams are counted rarest first, up to BUDGET entries in
    all, the rarest always: a rare trigram says the most, and one every tag holds says nothing.
    Ids built from a few syllables share each trigram with hundreds of others, so a budget, not
    a fixed bound on how common a counted trigram may be, is what keeps them in play. A question
    costs at most BUDGET entries plus those of its rarest trigram, and difflib over SHORTLIST
    tags. A set of at most SHORTLIST tags is searched whole, exactly as difflib would.
    """

    SHORTLIST = 16
    BUDGET = 2048
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
        grams = (self._index.get(gram) for gram in self._trigrams(word))
        shared: Counter[int] = Counter()
        counted = 0
        for postings in sorted((p for p in grams if p is not None), key=len):
            if counted and counted + len(postings) > self.BUDGET:
                break
            shared.update(postings)
            counted += len(postings)
        # most_common breaks ties by first appearance: deterministic for a given question
        return [self.words[position] for position, _ in sorted(shared.most_common(self.SHORTLIST))]

    def __call__(self, word: str, cutoff: float = 0.6) -> str | None:
        """The closest tag at least ``cutoff`` similar (difflib's ratio), or None."""
        key = (word, cutoff)
        if key not in self._answers:
            close = difflib.get_close_matches(word, self.candidates(word), n=1, cutoff=cutoff)
            self._answers[key] = close[0] if close else None
        return self._answers[key]
