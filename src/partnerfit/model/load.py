"""Validate a read document against a model: the model when valid, every finding always.

``load_model`` reads a file (``partnerfit.io``) and validates it; ``load_config`` adds the
configuration's own rule, that a synonym may belong to one canonical tag only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from partnerfit.io.discovery import YAML_SUFFIXES, path_finding
from partnerfit.io.document import DataPath, Document, field_path, node_at, position_index, short
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.limits import Limits
from partnerfit.io.reader import read_document
from partnerfit.io.traps import Trap
from partnerfit.model.config import Config
from partnerfit.model.located import schema_findings
from partnerfit.model.vocabulary import normalise_tag

__all__ = ["LoadedFile", "load_config", "load_model", "validate_document"]

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class LoadedFile(Generic[ModelT]):
    """A file read and validated: the model when it is valid, and every finding."""

    path: Path
    display: str
    model: ModelT | None
    findings: tuple[Finding, ...]
    document: Document

    @property
    def ok(self) -> bool:
        """True when there is a model and no error."""
        return self.model is not None and not any(
            f.severity is Severity.ERROR for f in self.findings
        )


def load_model(
    model: type[ModelT],
    path: Path,
    display: str | None = None,
    limits: Limits | None = None,
) -> LoadedFile[ModelT]:
    """Read one file and validate it against ``model``; never raises for bad input."""
    doc = read_document(path, display, limits)
    return validate_document(model, doc)


def validate_document(model: type[ModelT], doc: Document) -> LoadedFile[ModelT]:
    """Validate a parsed document against a model, mapping errors to YAML positions."""
    instance: ModelT | None = None
    if doc.walked:
        if not isinstance(doc.data, dict):
            doc.finding(
                "not-a-mapping",
                f"the file holds {_describe(doc.data)}, not a mapping of fields",
                doc.root,
                hint=f"start with `{next(iter(model.model_fields))}: …`",
            )
        else:
            try:
                instance = model.model_validate(doc.data)
            except ValidationError as err:
                schema_findings(doc, model, err)
            else:
                _tag_collisions(doc, _TAG_FIELDS.get(model.__name__, ()))
    covered = {f.field for f in doc.findings}
    for path, trap in sorted(doc.traps.items(), key=lambda item: _trap_order(item[1])):
        if trap.silent and field_path(path) not in covered:
            doc.finding(
                trap.rule,
                trap.message,
                trap.node,
                hint=trap.hint,
                severity=Severity.WARNING,
                field_path=field_path(path),
            )
    findings = tuple(sorted(_concealed(doc), key=Finding.sort_key))
    if any(f.severity is Severity.ERROR for f in findings):
        instance = None
    return LoadedFile(doc.path, doc.display, instance, findings, doc)


_TAG_FIELDS: dict[str, tuple[str, ...]] = {"Profile": ("values",), "Config": ("synonyms",)}
"""Fields whose keys (or items) are tags, folded by normalise_tag when scoring."""


def _tag_collisions(doc: Document, fields: Sequence[str]) -> None:
    """Tags that differ only in case, spaces, hyphens or underscores (`Sustainability` and
    `sustainability`, `care ` and `care`, `open_source` and `open-source`) would be merged
    silently when scoring: each later spelling is an error naming the first."""
    assert isinstance(doc.data, dict)
    for name in fields:
        written = doc.data.get(name)
        tags: list[tuple[str, DataPath, bool]]
        if isinstance(written, dict):
            tags = [(tag, (name, tag), True) for tag in written if isinstance(tag, str)]
        elif isinstance(written, list):
            tags = [(t, (name, i), False) for i, t in enumerate(written) if isinstance(t, str)]
        else:
            continue
        first: dict[str, tuple[str, DataPath, bool]] = {}
        for tag, path, key in tags:
            folded = normalise_tag(tag)
            if folded not in first:
                first[folded] = (tag, path, key)
                continue
            earlier, earlier_path, earlier_key = first[folded]
            earlier_node = node_at(doc, earlier_path, key=earlier_key)
            line = f" (line {earlier_node.start_mark.line + 1})" if earlier_node else ""
            doc.finding(
                "tag-collision",
                f"{name}: `{short(tag)}` is the same tag as `{short(earlier)}`{line} once case, "
                "spaces, hyphens and underscores are folded; they would be merged silently",
                node_at(doc, path, key=key),
                hint="keep one spelling, with the weight you mean",
                field_path=field_path(path),
            )


_SAYS_NOTHING_OF_CONTENT = frozenset(
    {"unreadable", "not-a-file", "link-loop", "file-too-large", "binary-file", "empty-file"}
)
_NOT_A_PROFILE = (
    "not-a-profile",
    "not a .yaml or .yml file, and not a valid profile (its content is not shown)",
)


def _concealed(doc: Document) -> list[Finding]:
    """The findings to show. A file named on the command line that is not YAML by its name and
    not valid (`.env`, a token file) is one finding that quotes nothing of it: its keys and
    values could be secrets, and findings end up in CI logs and annotations."""
    if doc.path.suffix.lower() in YAML_SUFFIXES or doc.ok:
        return doc.findings
    if any(f.rule in _SAYS_NOTHING_OF_CONTENT for f in doc.findings):
        return [f for f in doc.findings if f.rule in _SAYS_NOTHING_OF_CONTENT]
    return [path_finding(Path(doc.display), *_NOT_A_PROFILE)]


def _trap_order(trap: Trap) -> tuple[int, int]:
    return (trap.node.start_mark.line, trap.node.start_mark.column)


def _describe(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a single string"
    return f"a single {type(data).__name__} value"


def load_config(path: Path, display: str | None = None) -> LoadedFile[Config]:
    """Read and validate a scoring configuration, including synonym conflicts."""
    loaded = load_model(Config, path, display)
    if loaded.model is None:
        return loaded
    doc = loaded.document
    index = position_index(doc)
    owner: dict[str, str] = {}
    for canonical, words in loaded.model.synonyms.items():
        target = normalise_tag(canonical)
        for i, word in enumerate(words):
            folded = normalise_tag(word)
            if folded in owner and owner[folded] != target:
                entry = index.get(("synonyms", canonical, i))
                doc.finding(
                    "synonym-conflict",
                    f"`{word}` is a synonym of both `{owner[folded]}` and `{target}`",
                    entry[1] if entry else None,
                    hint="a word can mean only one canonical tag; remove it from one group",
                    field_path=field_path(("synonyms", canonical, i)),
                )
            owner.setdefault(folded, target)
    for canonical in loaded.model.synonyms:
        target = normalise_tag(canonical)
        if owner.get(target, target) != target:
            entry = index.get(("synonyms", canonical))
            doc.finding(
                "synonym-conflict",
                f"`{canonical}` is a canonical tag and also a synonym of `{owner[target]}`",
                entry[0] if entry else None,
                hint="a word can mean only one canonical tag; merge the two groups",
                field_path=field_path(("synonyms", canonical)),
            )
    return validate_document(Config, doc) if not doc.ok else loaded
