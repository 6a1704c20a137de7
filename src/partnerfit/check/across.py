"""Checks across the set: ids used twice, file names unlike their ids, tags spelt unlike the
rest of the set, and dealbreakers that name tags no profile uses.

They see each valid profile as a ``Checked``: the model only, the file read again for a
position only when a check has something to say about it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from partnerfit.check.result import count
from partnerfit.check.rules import RULES
from partnerfit.io.document import Document, node_at
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.limits import Limits
from partnerfit.io.reader import read_document
from partnerfit.model.near_miss import NearMiss
from partnerfit.model.profile import Profile
from partnerfit.model.vocabulary import Vocabulary

__all__ = ["Checked", "cross_file_checks", "finding_at"]


@dataclass
class Checked:
    """A profile that loaded, with what cross-file checks need; findings are added to it.

    Only the model is kept: holding every file's node tree would make the garbage collector
    walk millions of nodes again and again. A file is read again for positions only when a
    cross-file check has something to say about it.
    """

    path: Path
    display: str
    profile: Profile
    limits: Limits
    extra: list[Finding] = field(default_factory=list)
    _document: Document | None = None

    def document(self) -> Document:
        """The file read again, for positions; once per file."""
        if self._document is None:
            self._document = read_document(self.path, self.display, self.limits)
        return self._document

    def add(
        self,
        rule: str,
        message: str,
        path: Sequence[str | int],
        *,
        key: bool = False,
        hint: str | None = None,
    ) -> None:
        """Add a finding at the node behind a data path (its key with ``key=True``)."""
        doc = self.document()
        if len(path) == 2 and path[0] == "values" and isinstance(doc.data, dict):
            written = doc.data.get("values")
            if isinstance(written, list) and path[1] in written:  # a plain list of values
                path, key = ("values", written.index(path[1])), False
        node = node_at(doc, path, key=key)
        self.extra.append(finding_at(self.display, node, rule, message, hint))


def finding_at(
    display: str, node: yaml.Node | None, rule: str, message: str, hint: str | None
) -> Finding:
    """A finding at a node (or at 1:1 when there is none), with the rule's severity."""
    rule_info = RULES.get(rule)
    severity = rule_info.severity if rule_info else Severity.ERROR
    if node is None:
        return Finding(display, 1, 1, severity, rule, message, hint)
    return Finding(
        display,
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        severity,
        rule,
        message,
        hint,
        node.end_mark.line + 1,
        node.end_mark.column + 1,
    )


def cross_file_checks(checked: Sequence[Checked], vocabulary: Vocabulary) -> None:
    """Ids used twice, file names unlike ids, tag spellings, dealbreakers nobody meets."""
    # a set uses few distinct tags, each in many files: normalise each spelling once
    canonical = functools.cache(vocabulary.canonical)
    _duplicate_ids(checked)
    _file_names(checked)
    _tag_spellings(checked, canonical)
    _unused_dealbreakers(checked, canonical)


def _duplicate_ids(checked: Sequence[Checked]) -> None:
    by_id: dict[str, list[Checked]] = defaultdict(list)
    for item in checked:
        by_id[item.profile.id].append(item)
    for profile_id, items in by_id.items():
        if len(items) < 2:
            continue
        names = [i.display for i in items]
        for item in items:
            others = ", ".join(n for n in names if n != item.display)
            item.add(
                "duplicate-id",
                f"id `{profile_id}` is also used by {others}",
                ("id",),
                hint="ids must be unique within a profile set; rename one of them",
            )


def _file_names(checked: Sequence[Checked]) -> None:
    for item in checked:
        stem = item.path.name.rsplit(".", 1)[0]
        if stem != item.profile.id:
            item.add(
                "id-filename-mismatch",
                f"the file name `{item.path.name}` does not match the id `{item.profile.id}`",
                ("id",),
                hint=f"rename the file to {item.profile.id}{item.path.suffix}, or change the id",
            )


@dataclass(frozen=True)
class _TagUse:
    item: Checked
    text: str
    path: tuple[str | int, ...]
    key: bool


def _value_uses(item: Checked) -> Iterable[_TagUse]:
    for tag in item.profile.values:
        yield _TagUse(item, tag, ("values", tag), key=True)


def _capability_uses(item: Checked) -> Iterable[_TagUse]:
    for group in ("strengths", "needs"):
        for i, entry in enumerate(getattr(item.profile, group)):
            yield _TagUse(item, entry.capability, (group, i, "capability"), key=False)


def _value_texts(profile: Profile) -> Iterable[str]:
    return profile.values


def _capability_texts(profile: Profile) -> Iterable[str]:
    return [s.capability for s in profile.strengths] + [n.capability for n in profile.needs]


_TAG_KINDS = (
    ("value", _value_texts, _value_uses),
    ("capability", _capability_texts, _capability_uses),
)


def _squash(tag: str) -> str:
    return tag.replace("-", "")


def _tag_spellings(checked: Sequence[Checked], canonical: Callable[[str], str]) -> None:
    """Flag tags used once whose spelling is close to a tag the rest of the set uses."""
    for what, texts_of, uses_of in _TAG_KINDS:
        # counted first without a record per use: a set's uses are many, its suspects few
        files: dict[str, int] = defaultdict(int)
        for item in checked:
            for tag in {canonical(text) for text in texts_of(item.profile)}:
                files[tag] += 1
        common = sorted(tag for tag, n in files.items() if n >= 2)
        by_squash = {_squash(tag): tag for tag in common}
        near_miss = NearMiss(common)
        suspects: dict[str, str] = {}
        for tag in sorted(t for t, n in files.items() if n == 1):
            match = by_squash.get(_squash(tag))
            if match is None and len(tag) >= 5:
                match = near_miss(tag, cutoff=0.85)
            if match is not None and match != tag:
                suspects[tag] = match
        if not suspects:
            continue
        uses: dict[str, list[_TagUse]] = defaultdict(list)
        for item in checked:
            for use in uses_of(item):
                tag = canonical(use.text)
                if tag in suspects:
                    uses[tag].append(use)
        for tag, match in suspects.items():
            for use in uses[tag]:
                use.item.add(
                    "tag-spelling",
                    f"{what} `{use.text}` is used only here, but `{match}` is used in "
                    f"{count(files[match], 'profile')}; did you mean `{match}`?",
                    use.path,
                    key=use.key,
                    hint=f"spell it `{match}` (or add a synonym in partnerfit.yaml)",
                )


_DEALBREAKER_FIELDS: tuple[tuple[str, str], ...] = (
    ("sectors", "sectors"),
    ("values", "values"),
    ("regions", "regions"),
)


def _unused_dealbreakers(checked: Sequence[Checked], canonical: Callable[[str], str]) -> None:
    # a dealbreaker nobody in the set holds is normal (it guards against future candidates);
    # only one spelled like a tag the set does use is worth a warning: it is likely a typo
    for dealbreaker_field, profile_field in _DEALBREAKER_FIELDS:
        written = {tag for item in checked for tag in getattr(item.profile, profile_field)}
        used = {canonical(tag) for tag in written}
        near_miss = NearMiss(used)
        # each spelling judged once; the files are walked again only for the suspects
        dealbreakers = {
            tag for item in checked for tag in getattr(item.profile.dealbreakers, dealbreaker_field)
        }
        suspects = {
            tag: close
            for tag in dealbreakers
            if canonical(tag) not in used and (close := near_miss(canonical(tag)))
        }
        if not suspects:
            continue
        for item in checked:
            for i, tag in enumerate(getattr(item.profile.dealbreakers, dealbreaker_field)):
                close = suspects.get(tag)
                if close is None:
                    continue
                item.add(
                    "unused-dealbreaker",
                    f"dealbreaker {dealbreaker_field[:-1]} `{tag}` matches no profile in the set, "
                    f"but `{close}` is used",
                    ("dealbreakers", dealbreaker_field, i),
                    hint=f"did you mean `{close}`?",
                )
