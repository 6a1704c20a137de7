"""Check a profile set: every problem in every file, as data, plus the cross-file checks.

``check_paths`` reads every profile and configuration under the given paths in one pass
(a broken file never stops the others), then looks across the set: ids used twice, file
names that do not match their ids, tags spelt differently from the rest of the set, and
dealbreakers that name tags no profile uses. The result is a frozen ``CheckResult``; the
renderers in ``partnerfit.render`` draw it, and its ``exit_code`` judges the whole run.
"""

from __future__ import annotations

import difflib
import functools
import gc
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from partnerfit.check.cache import CachedFile, CheckCache, regular_file_bytes
from partnerfit.errors import UsageError
from partnerfit.io.findings import Finding, Severity
from partnerfit.model import Config, Limits, Profile
from partnerfit.model.loading import (
    CONFIG_FILE_NAMES,
    Document,
    discover,
    load_config,
    load_model,
    node_at,
    read_document,
)
from partnerfit.model.vocabulary import Vocabulary

__all__ = [
    "RULES",
    "CheckResult",
    "FileReport",
    "Rule",
    "check_paths",
]

FileKind = Literal["profile", "config", "path"]


@dataclass(frozen=True)
class Rule:
    """A kind of problem: a stable id (for SARIF and CI), its usual severity and a summary."""

    id: str
    severity: Severity
    summary: str


def _rules(*rows: tuple[str, Severity, str]) -> dict[str, Rule]:
    return {rule_id: Rule(rule_id, severity, text) for rule_id, severity, text in rows}


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = _rules(
    # reading the file
    ("unreadable", _E, "The file cannot be read."),
    ("not-a-file", _E, "The path is not a regular file."),
    ("file-too-large", _E, "The file is larger than limits.max_file_bytes."),
    ("not-utf8", _E, "The file is not UTF-8 text."),
    ("binary-file", _E, "The file holds NUL bytes: it is binary, not YAML text."),
    ("empty-file", _E, "The file holds no YAML document."),
    ("broken-link", _E, "A symbolic link leads to a missing file."),
    ("link-outside", _W, "A symbolic link leads outside the checked directory; not followed."),
    # YAML syntax and safety
    ("yaml-syntax", _E, "The file is not valid YAML."),
    ("yaml-tab", _E, "A tab is used for indentation, which YAML forbids."),
    ("no-files", _E, "A path given to check holds no .yaml or .yml file."),
    ("control-character", _E, "A control character YAML does not allow (libyaml refuses it)."),
    ("multiple-documents", _E, "The file holds more than one YAML document."),
    ("too-deep", _E, "Mappings and lists are nested deeper than limits.max_depth."),
    ("node-budget", _E, "More YAML nodes than limits.max_nodes once aliases are expanded."),
    ("unsafe-tag", _E, "A python/* YAML tag, which would run code in an unsafe loader."),
    ("unknown-tag", _E, "A YAML tag other than the standard ones."),
    ("yaml-value", _E, "A tagged YAML value that cannot be read."),
    ("invalid-key", _E, "A list or mapping is used as a mapping key."),
    ("invalid-merge", _E, "A `<<` merge key not followed by a mapping or list of mappings."),
    ("duplicate-key", _E, "A key appears twice in one mapping; YAML keeps only the last."),
    # YAML 1.1 surprises
    ("yaml-boolean", _E, "A plain no/yes/on/off read as a boolean where text is expected."),
    ("yaml-octal", _W, "A number with a leading zero read as octal."),
    ("yaml-sexagesimal", _W, "A number with colons (1:30) read as base 60."),
    ("yaml-float", _E, "A number such as 1.10 whose text does not survive being read."),
    ("yaml-date", _E, "An unquoted date read as a date where text is expected."),
    ("yaml-null", _E, "An empty value or ~ read as null where a value is required."),
    ("yaml-number", _E, "A plain number where text is expected."),
    # the models
    ("not-a-mapping", _E, "The document is not a mapping of fields."),
    ("missing-field", _E, "A required field is missing."),
    ("unknown-field", _E, "A field that the model does not have."),
    ("schema", _E, "A value of the wrong type, out of range, or not one of the choices."),
    ("synonym-conflict", _E, "A synonym in the config maps one word to two canonical tags."),
    # across the set
    ("duplicate-id", _E, "Two files use the same profile id."),
    ("id-filename-mismatch", _W, "A profile's file name does not match its id."),
    ("tag-spelling", _W, "A tag differs only in spelling from one used elsewhere in the set."),
    ("unused-dealbreaker", _W, "A dealbreaker names a tag that no profile in the set uses."),
)
"""Every rule id partnerfit check can report, in a stable order."""


@dataclass(frozen=True)
class FileReport:
    """One checked file (or a path that could not be checked) and its findings."""

    path: str
    kind: FileKind
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def failed(self, strict: bool) -> bool:
        """True when this file fails the check (warnings count under --strict)."""
        return self.errors > 0 or (strict and self.warnings > 0)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check: every file in a stable order, and whether warnings fail it."""

    files: tuple[FileReport, ...]
    strict: bool = False
    config_source: str | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, ordered by file and position."""
        return tuple(f for report in self.files for f in report.findings)

    @property
    def errors(self) -> int:
        """Errors in all files."""
        return sum(r.errors for r in self.files)

    @property
    def warnings(self) -> int:
        """Warnings in all files."""
        return sum(r.warnings for r in self.files)

    @property
    def files_checked(self) -> int:
        """Files read (profiles and configs; not paths that were only reported)."""
        return sum(r.kind != "path" for r in self.files)

    @property
    def files_with_errors(self) -> int:
        """Files with at least one error."""
        return sum(r.errors > 0 for r in self.files)

    @property
    def failed(self) -> bool:
        """True when there is an error, or a warning under --strict."""
        return self.errors > 0 or (self.strict and self.warnings > 0)

    @property
    def exit_code(self) -> int:
        """0 when the check passes, 1 when it fails."""
        return 1 if self.failed else 0

    def summary(self) -> str:
        """One line: files checked, files with errors, errors and warnings."""
        return (
            f"{_count(self.files_checked, 'file')} checked: "
            f"{_count(self.files_with_errors, 'file')} with errors, "
            f"{_count(self.errors, 'error')}, {_count(self.warnings, 'warning')}"
            + (" (--strict: warnings fail)" if self.strict and self.warnings else "")
        )


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass
class _Checked:
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
        doc = self.document()
        if len(path) == 2 and path[0] == "values" and isinstance(doc.data, dict):
            written = doc.data.get("values")
            if isinstance(written, list) and path[1] in written:  # a plain list of values
                path, key = ("values", written.index(path[1])), False
        node = node_at(doc, path, key=key)
        self.extra.append(_finding_at(self.display, node, rule, message, hint))


def _load_profiles(
    files: Sequence[Path],
    config: Config,
    explicit_config: Path | None,
    config_files: set[Path],
    checked: list[_Checked],
    profile_findings: dict[str, tuple[Finding, ...]],
    shown_as: _Shown,
    cache: CheckCache | None,
) -> None:
    for path in files:
        if (path.name in CONFIG_FILE_NAMES or explicit_config) and path.resolve() in config_files:
            continue
        shown = shown_as(path)
        result = _load_profile(path, shown, config, cache)
        profile_findings[shown] = result.findings
        if result.profile is not None:
            checked.append(_Checked(path, shown, result.profile, config.limits))


def _load_profile(path: Path, shown: str, config: Config, cache: CheckCache | None) -> CachedFile:
    """One profile's own findings and model: from the cache when its content was seen before."""
    content = regular_file_bytes(path, config.limits.max_file_bytes) if cache else None
    if cache is None or content is None:
        loaded = load_model(Profile, path, shown, config.limits)
        return CachedFile(loaded.findings, loaded.model)
    found = cache.get(shown, content)
    if found is not None:
        return found
    loaded = load_model(Profile, path, shown, config.limits)
    result = CachedFile(loaded.findings, loaded.model)
    # stored only if the file still holds what was hashed (it may change while being read)
    if regular_file_bytes(path, config.limits.max_file_bytes) == content:
        cache.put(shown, content, result)
    return result


class _Shown:
    """How a path is shown: as the user gave it when it is plainly relative, else as
    ``display_path`` shows it, with the working directory and each directory resolved once
    per check rather than once per file (resolving costs a system call per path component)."""

    def __init__(self) -> None:
        self._cwd: str | None = None
        self._directories: dict[str, str] = {}

    def __call__(self, path: Path) -> str:
        if not path.is_absolute() and ".." not in path.parts:
            return os.path.normpath(path)
        if self._cwd is None:
            cwd = os.path.realpath(os.getcwd())
            self._cwd = cwd if cwd.endswith(os.sep) else cwd + os.sep
        text = os.fspath(path)
        if os.path.islink(text):
            real = os.path.realpath(text)
        else:  # realpath(dir/name) is realpath(dir)/name unless name is a link
            directory, name = os.path.split(text)
            resolved = self._directories.get(directory)
            if resolved is None:
                resolved = self._directories[directory] = os.path.realpath(directory)
            real = os.path.join(resolved, name)
        if real.startswith(self._cwd):
            return real[len(self._cwd) :]
        return str(path)


def _finding_at(
    display: str, node: yaml.Node | None, rule: str, message: str, hint: str | None
) -> Finding:
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


def check_paths(
    paths: Iterable[Path | str],
    *,
    config_path: Path | str | None = None,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> CheckResult:
    """Check every profile and config under the paths (files or directories, recursively).

    With ``cache_dir``, each profile's own findings are kept there by content hash and reused
    for an unchanged file (``partnerfit.check.cache``); checks across files always run.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists() and not root.is_symlink():
            raise UsageError(f"path {root} does not exist")
    explicit_config = Path(config_path) if config_path is not None else None
    if explicit_config is not None and not explicit_config.is_file():
        raise UsageError(f"config file {explicit_config} does not exist")
    found = discover(roots, include_config=True)

    configs = [p for p in found.files if p.name in CONFIG_FILE_NAMES]
    if explicit_config is not None and all(
        explicit_config.resolve() != p.resolve() for p in configs
    ):
        configs.insert(0, explicit_config)
    config_files = {p.resolve() for p in configs}
    reports: dict[str, FileReport] = {}
    active: Config | None = None
    active_source: str | None = None
    shown_as = _Shown()
    for path in configs:
        shown = shown_as(path)
        loaded_config = load_config(path, shown)
        reports[shown] = FileReport(shown, "config", loaded_config.findings)
        if active is None and loaded_config.model is not None:
            active, active_source = loaded_config.model, shown
    config = active or Config()

    checked: list[_Checked] = []
    profile_findings: dict[str, tuple[Finding, ...]] = {}
    thresholds = gc.get_threshold()
    # each file leaves garbage-free trees behind; collections over the growing set of kept
    # models (older generations too, and through the cross-file checks that follow) would
    # cost more than the parsing itself while freeing nothing
    gc.set_threshold(max(thresholds[0], 50_000), max(thresholds[1], 50), max(thresholds[2], 100))
    try:
        _load_profiles(
            found.files,
            config,
            explicit_config,
            config_files,
            checked,
            profile_findings,
            shown_as,
            None if cache_dir is None else CheckCache(cache_dir, config),
        )
        _cross_file_checks(checked, Vocabulary.from_synonyms(config.synonyms))
        for item in checked:
            profile_findings[item.display] += tuple(item.extra)
    finally:
        gc.set_threshold(*thresholds)
    del checked
    for shown, findings in profile_findings.items():
        ordered_findings = tuple(sorted(findings, key=Finding.sort_key))
        reports[shown] = FileReport(shown, "profile", ordered_findings)
    for finding in found.findings:
        previous = reports.get(finding.file)
        merged = (*previous.findings, finding) if previous else (finding,)
        kind: FileKind = previous.kind if previous else "path"
        reports[finding.file] = FileReport(finding.file, kind, merged)
    if not found.files and not found.findings:
        # a mistyped path in CI must not pass by checking nothing
        for root in roots:
            shown = shown_as(root)
            empty = Finding(
                shown,
                None,
                None,
                Severity.ERROR,
                "no-files",
                f"no .yaml or .yml file under {shown}",
                hint="check the path: profiles are *.yaml or *.yml files",
            )
            reports[shown] = FileReport(shown, "path", (empty,))
    ordered = tuple(reports[k] for k in sorted(reports))
    return CheckResult(ordered, strict=strict, config_source=active_source)


# --------------------------------------------------------------------------- across the set


def _cross_file_checks(checked: Sequence[_Checked], vocabulary: Vocabulary) -> None:
    # a set uses few distinct tags, each in many files: normalise each spelling once
    canonical = functools.cache(vocabulary.canonical)
    _duplicate_ids(checked)
    _file_names(checked)
    _tag_spellings(checked, canonical)
    _unused_dealbreakers(checked, canonical)


def _duplicate_ids(checked: Sequence[_Checked]) -> None:
    by_id: dict[str, list[_Checked]] = defaultdict(list)
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


def _file_names(checked: Sequence[_Checked]) -> None:
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
    item: _Checked
    text: str
    path: tuple[str | int, ...]
    key: bool


def _value_uses(item: _Checked) -> Iterable[_TagUse]:
    for tag in item.profile.values:
        yield _TagUse(item, tag, ("values", tag), key=True)


def _capability_uses(item: _Checked) -> Iterable[_TagUse]:
    for group in ("strengths", "needs"):
        for i, entry in enumerate(getattr(item.profile, group)):
            yield _TagUse(item, entry.capability, (group, i, "capability"), key=False)


def _squash(tag: str) -> str:
    return tag.replace("-", "")


def _tag_spellings(checked: Sequence[_Checked], canonical: Callable[[str], str]) -> None:
    """Flag tags used once whose spelling is close to a tag the rest of the set uses."""
    for what, uses_of in (("value", _value_uses), ("capability", _capability_uses)):
        uses: dict[str, list[_TagUse]] = defaultdict(list)
        for item in checked:
            for use in uses_of(item):
                uses[canonical(use.text)].append(use)
        files = {tag: len({id(u.item) for u in group}) for tag, group in uses.items()}
        common = sorted(tag for tag, n in files.items() if n >= 2)
        by_squash = {_squash(tag): tag for tag in common}
        for tag in sorted(t for t, n in files.items() if n == 1):
            match = by_squash.get(_squash(tag))
            if match is None and len(tag) >= 5:
                close = difflib.get_close_matches(tag, common, n=1, cutoff=0.85)
                match = close[0] if close else None
            if match is None or match == tag:
                continue
            for use in uses[tag]:
                use.item.add(
                    "tag-spelling",
                    f"{what} `{use.text}` is used only here, but `{match}` is used in "
                    f"{_count(files[match], 'profile')}; did you mean `{match}`?",
                    use.path,
                    key=use.key,
                    hint=f"spell it `{match}` (or add a synonym in partnerfit.yaml)",
                )


_DEALBREAKER_FIELDS: tuple[tuple[str, str], ...] = (
    ("sectors", "sectors"),
    ("values", "values"),
    ("regions", "regions"),
)


def _unused_dealbreakers(checked: Sequence[_Checked], canonical: Callable[[str], str]) -> None:
    for dealbreaker_field, profile_field in _DEALBREAKER_FIELDS:
        used = {canonical(tag) for item in checked for tag in getattr(item.profile, profile_field)}
        known = sorted(used)
        for item in checked:
            for i, tag in enumerate(getattr(item.profile.dealbreakers, dealbreaker_field)):
                if canonical(tag) in used:
                    continue
                close = difflib.get_close_matches(canonical(tag), known, n=1)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else "harmless, but check the spelling: it can never exclude anyone here"
                )
                item.add(
                    "unused-dealbreaker",
                    f"dealbreaker {dealbreaker_field[:-1]} `{tag}` matches no profile in the set",
                    ("dealbreakers", dealbreaker_field, i),
                    hint=hint,
                )
