"""Tag normalisation: case folding, separator folding and synonyms."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_SEPARATORS = re.compile(r"[\s_\-]+")


@functools.lru_cache(maxsize=4096)  # a set spells its few tags the same way in every file
def normalise_tag(tag: str) -> str:
    """Fold case and runs of spaces, underscores and hyphens into one hyphen."""
    return _SEPARATORS.sub("-", tag.casefold()).strip("-")


@dataclass(frozen=True)
class Vocabulary:
    """Maps any spelling of a tag to its canonical form, synonyms included."""

    synonyms: Mapping[str, str] = field(default_factory=dict)
    # the same few spellings are folded again and again (every pair re-scored by explain)
    _canonical: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # tag tuple -> canonical set, filled by tag_set: reasons for excluded pairs ask for the same
    # few sets over and over (grows with the distinct tag lists seen, linear in the set)
    _sets: dict[tuple[str, ...], frozenset[str]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @classmethod
    def from_synonyms(cls, groups: Mapping[str, Iterable[str]]) -> Vocabulary:
        """Build from ``canonical -> [words]``; the first canonical named for a word wins."""
        table: dict[str, str] = {}
        for canonical, words in groups.items():
            target = normalise_tag(canonical)
            for word in words:
                table.setdefault(normalise_tag(word), target)
        return cls(table)

    def canonical(self, tag: str) -> str:
        """The canonical tag for any spelling."""
        known = self._canonical.get(tag)
        if known is None:
            folded = normalise_tag(tag)
            known = self._canonical[tag] = self.synonyms.get(folded, folded)
        return known

    def tag_set(self, tags: Iterable[str]) -> frozenset[str]:
        """Canonical forms of the tags, as a set."""
        key = tags if isinstance(tags, tuple) else tuple(tags)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self.canonical(t) for t in key)
        return found

    def weighted(self, tags: Mapping[str, int]) -> dict[str, int]:
        """Canonical tag -> weight; tags that fold together keep the highest weight."""
        out: dict[str, int] = {}
        for tag, weight in tags.items():
            key = self.canonical(tag)
            if weight > out.get(key, 0):
                out[key] = weight
        return out
