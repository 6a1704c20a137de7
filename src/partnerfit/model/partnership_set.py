"""Partnership files read and validated, with every problem located at its line and field.

Reading goes through the same bounded YAML reader, position index and findings as profiles
(``partnerfit.io``, ``partnerfit.model.load``); this module adds the checks across a file's
fields and against the profile set (partner ids that exist, capabilities from the set's vocabulary).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from partnerfit.errors import ProfileError, UsageError
from partnerfit.io.discovery import discover
from partnerfit.io.document import Document, node_at
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.heap import fewer_collections
from partnerfit.io.limits import Limits
from partnerfit.io.paths import PathDisplay
from partnerfit.io.reader import read_document
from partnerfit.model.kinds import declares_partnership
from partnerfit.model.load import LoadedFile, validate_document
from partnerfit.model.partnership import Partnership
from partnerfit.model.partnership_checks import Problem, consistency_problems
from partnerfit.model.profileset import ProfileSet

__all__ = [
    "PartnershipSet",
    "capability_vocabulary",
    "declares_partnership",
    "load_partnership",
    "load_partnership_set",
    "locate",
    "profile_problems",
    "validate_partnership",
]


@dataclass(frozen=True)
class PartnershipSet:
    """Valid partnerships sorted by id, the file each came from, and the warnings."""

    partnerships: tuple[Partnership, ...]
    sources: dict[str, str]
    warnings: tuple[Finding, ...] = ()

    def get(self, partnership_id: str) -> Partnership | None:
        """The partnership with this id, or None."""
        for partnership in self.partnerships:
            if partnership.id == partnership_id:
                return partnership
        return None

    def ids(self) -> tuple[str, ...]:
        """All partnership ids, sorted."""
        return tuple(p.id for p in self.partnerships)


def locate(doc: Document, problems: Iterable[Problem]) -> list[Finding]:
    """Problems as findings at the line and column of the field they are about."""
    out: list[Finding] = []
    for problem in problems:
        node = node_at(doc, problem.path, key=problem.key)
        line = column = end_line = end_column = None
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            end_line, end_column = node.end_mark.line + 1, node.end_mark.column + 1
        out.append(
            Finding(
                doc.display,
                line,
                column,
                problem.severity,
                problem.rule,
                problem.message,
                problem.hint,
                end_line,
                end_column,
                field=_field(problem.path),
            )
        )
    return out


def _field(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out or "(document)"


def load_partnership(
    path: Path,
    display: str | None = None,
    limits: Limits | None = None,
    profiles: ProfileSet | None = None,
) -> LoadedFile[Partnership]:
    """Read one partnership file and check it; never raises for bad input."""
    return validate_partnership(read_document(path, display, limits), profiles)


def validate_partnership(
    doc: Document, profiles: ProfileSet | None = None
) -> LoadedFile[Partnership]:
    """Validate a parsed partnership file: the schema, its fields together, the profile set."""
    loaded = validate_document(Partnership, doc)
    if loaded.model is None:
        return loaded
    problems = list(consistency_problems(loaded.model))
    if profiles is not None:
        problems += profile_problems(loaded.model, profiles)
    if not problems:
        return loaded
    findings = tuple(
        sorted([*loaded.findings, *locate(loaded.document, problems)], key=Finding.sort_key)
    )
    failed = any(f.severity is Severity.ERROR for f in findings)
    model = None if failed else loaded.model
    return LoadedFile(loaded.path, loaded.display, model, findings, loaded.document)


def capability_vocabulary(profiles: ProfileSet) -> frozenset[str]:
    """Canonical capability tags the profile set knows: its strengths, needs and synonyms
    (computed once per set, not once per partnership file)."""
    return profiles.capability_tags


def profile_problems(p: Partnership, profiles: ProfileSet) -> list[Problem]:
    """Partner ids missing from the profile set, and role capabilities outside its vocabulary."""
    problems: list[Problem] = []
    for i, partner in enumerate(p.partners):
        if profiles.get(partner) is None:
            close = profiles.closest_id(partner)
            problems.append(
                Problem(
                    ("partners", i),
                    "unknown-profile",
                    Severity.ERROR,
                    f"partner `{partner}` has no profile in the profile set",
                    f"did you mean `{close}`?"
                    if close
                    else "add its profile, or check the id against the profile files",
                )
            )
    known = capability_vocabulary(profiles)
    vocabulary = profiles.vocabulary
    for r, role in enumerate(p.roles):
        for c, capability in enumerate(role.capabilities):
            tag = vocabulary.canonical(capability)
            if tag in known:
                continue
            close = profiles.closest_capability(tag)
            problems.append(
                Problem(
                    ("roles", r, "capabilities", c),
                    "unknown-capability",
                    Severity.WARNING,
                    f"capability `{capability}` is not in the profiles' vocabulary",
                    f"did you mean `{close}`?"
                    if close
                    else "use a capability the profiles name, or add a synonym in partnerfit.yaml",
                )
            )
    return problems


def load_partnership_set(
    paths: Sequence[Path | str] = ("partnerships",),
    *,
    profiles: ProfileSet | None = None,
    limits: Limits | None = None,
) -> PartnershipSet:
    """Load every partnership file under the paths; raises ProfileError naming every problem."""
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise UsageError(f"partnership path {root} does not exist")
    found = discover(roots, include_config=False)
    errors = [f for f in found.findings if f.severity is Severity.ERROR]
    warnings = [f for f in found.findings if f.severity is Severity.WARNING]
    if not found.files and not errors:
        shown = ", ".join(str(r) for r in roots)
        raise UsageError(f"no partnership files (*.yaml, *.yml) under {shown}")
    chosen = limits or (profiles.config.limits if profiles is not None else Limits())
    by_id: dict[str, Partnership] = {}
    sources: dict[str, str] = {}
    show = PathDisplay(as_given=False)
    # thousands of lasting documents and models: the collector kept out of the way (io.heap)
    with fewer_collections() as settle:
        for path in found.files:
            shown = show(path)
            loaded = load_partnership(path, shown, chosen, profiles)
            settle()
            errors.extend(f for f in loaded.findings if f.severity is Severity.ERROR)
            warnings.extend(f for f in loaded.findings if f.severity is Severity.WARNING)
            model = loaded.model
            if model is None:
                continue
            if model.id in by_id:
                node = node_at(loaded.document, ("id",))
                errors.append(
                    Finding(
                        shown,
                        node.start_mark.line + 1 if node else None,
                        node.start_mark.column + 1 if node else None,
                        Severity.ERROR,
                        "duplicate-id",
                        f"partnership id `{model.id}` is also used by {sources[model.id]}",
                        "ids must be unique among the partnerships",
                    )
                )
                continue
            by_id[model.id] = model
            sources[model.id] = shown
    if errors:
        count = len({f.file for f in errors})
        message = "\n".join(f.format() for f in sorted(errors, key=Finding.sort_key))
        message += f"\n{count} invalid partnership file{'s' if count != 1 else ''}"
        raise ProfileError(errors, message)
    ordered = tuple(by_id[k] for k in sorted(by_id))
    return PartnershipSet(
        ordered,
        {k: sources[k] for k in sorted(sources)},
        tuple(sorted(warnings, key=Finding.sort_key)),
    )
