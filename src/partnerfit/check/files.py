"""Check the files under some paths: every problem in every file, as data.

``check_paths`` reads every configuration and profile under the given paths in one pass (a
broken file never stops the others), runs the checks across the set, and returns a frozen
``CheckResult``; the renderers in ``partnerfit.render`` draw it, and its ``exit_code``
judges the whole run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from partnerfit.check.across import Checked, cross_file_checks
from partnerfit.check.cache import CachedFile, CheckCache
from partnerfit.check.result import CheckResult, FileKind, FileReport
from partnerfit.check.rules import SEVERITIES
from partnerfit.check.suppress import LineReader, parse_rules, suppress
from partnerfit.errors import UsageError
from partnerfit.io.arguments import path_argument, paths_argument
from partnerfit.io.document import Document
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.heap import fewer_collections
from partnerfit.io.paths import PathDisplay
from partnerfit.io.reader import open_document, parse_document
from partnerfit.model.config import Config
from partnerfit.model.kinds import declared_kind, declares_partnership, other_findings
from partnerfit.model.load import load_config, validate_document
from partnerfit.model.profile import Profile
from partnerfit.model.sources import SetSources, find_sources
from partnerfit.model.vocabulary import Vocabulary

__all__ = ["check_paths"]


def check_paths(
    paths: Iterable[Path | str],
    *,
    config_path: Path | str | None = None,
    strict: bool = False,
    ignore: Iterable[str] = (),
    profiles_path: Path | str | None = None,
    cache_dir: Path | None = None,
) -> CheckResult:
    """Check every profile, partnership and config under the paths (recursively).

    With ``cache_dir``, each profile's own findings are kept there by content hash and reused
    for an unchanged file (``partnerfit.check.cache``); checks across files always run.

    Partnerships' partner ids are checked against the profiles among the paths, or, when
    there are none, against the profile set in ``profiles_path``.

    Warnings of the rules in ``ignore`` and in the config's ``ignore:`` list, and those an
    inline ``# partnerfit: ignore[rule]`` comment names on their line, are left out and
    counted in ``CheckResult.suppressed``.
    """
    roots = paths_argument(paths, "paths")
    explicit_config = _existing(roots, config_path)
    sources = find_sources(roots, explicit_config)
    shown_as = PathDisplay()
    reports: dict[str, FileReport] = {}
    config, config_source = _check_configs(sources, shown_as, reports)
    cache = None if cache_dir is None else CheckCache(cache_dir, config)
    _check_profiles(sources, config, shown_as, reports, profiles_path, cache)
    if cache is not None:
        cache.save()
    found = sources.discovery
    for finding in found.findings:
        previous = reports.get(finding.file)
        merged = (*previous.findings, finding) if previous else (finding,)
        kind: FileKind = previous.kind if previous else "path"
        reports[finding.file] = FileReport(finding.file, kind, merged)
    if not found.files and not found.findings:
        # a mistyped path in CI must not pass by checking nothing
        for root in roots:
            shown = shown_as(root)
            reports[shown] = FileReport(shown, "path", (_no_files(shown),))
    ignored = parse_rules(ignore, SEVERITIES)
    ignored |= parse_rules(config.ignore, SEVERITIES, f"ignore in {config_source}")
    reader = LineReader(max_bytes=config.limits.max_file_bytes)
    suppressed = 0
    for name, report in reports.items():
        if report.warnings:
            kept, dropped = suppress(report.findings, ignored, reader)
            reports[name] = FileReport(report.path, report.kind, kept)
            suppressed += dropped
    ordered = tuple(reports[k] for k in sorted(reports))
    return CheckResult(ordered, strict=strict, config_source=config_source, suppressed=suppressed)


def _existing(roots: Sequence[Path], config_path: Path | str | None) -> Path | None:
    """The explicit config as a path, once every path named is known to exist."""
    for root in roots:
        if not root.exists() and not root.is_symlink():
            raise UsageError(f"path {root} does not exist")
    explicit_config = path_argument(config_path, "config_path") if config_path is not None else None
    # a FIFO or a link loop as the config is read, and reported as what it is
    if explicit_config is not None and not (
        explicit_config.exists() or explicit_config.is_symlink()
    ):
        raise UsageError(f"config file {explicit_config} does not exist")
    return explicit_config


def _check_configs(
    sources: SetSources, shown_as: PathDisplay, reports: dict[str, FileReport]
) -> tuple[Config, str | None]:
    """Report every configuration file; the first valid one applies to the profiles."""
    active: Config | None = None
    active_source: str | None = None
    for path in sources.configs:
        shown = shown_as(path)
        loaded = load_config(path, shown)
        reports[shown] = FileReport(shown, "config", loaded.findings)
        if active is None and loaded.model is not None:
            active, active_source = loaded.model, shown
    return active or Config(), active_source


def _check_profiles(
    sources: SetSources,
    config: Config,
    shown_as: PathDisplay,
    reports: dict[str, FileReport],
    profiles_path: Path | str | None,
    cache: CheckCache | None = None,
) -> None:
    """Report every profile: its own findings, then those of the checks across the set.

    Partnership files among them (``kind: partnership``) are checked once the profiles are
    known, against those profiles (or the set at ``profiles_path`` when there are none).
    Judgements and outcomes files (``kind: judgements``, ``kind: outcomes``) are checked
    against their own models, and take no part in the checks across the set.
    """
    checked: list[Checked] = []
    profile_findings: dict[str, tuple[Finding, ...]] = {}
    partnership_docs: list[Document] = []
    with fewer_collections() as settle:
        for path in sources.profiles:
            shown = shown_as(path)
            result = _load_profile(path, shown, config, cache)
            settle()
            if isinstance(result, Document):
                other = declared_kind(result)
                if other is None:
                    partnership_docs.append(result)
                else:
                    findings = other_findings(other, result)
                    reports[result.display] = FileReport(result.display, other, findings)
                continue
            profile_findings[shown] = result.findings
            if result.profile is not None:
                checked.append(Checked(path, shown, result.profile, config.limits))
        cross_file_checks(checked, Vocabulary.from_synonyms(config.synonyms))
        for item in checked:
            if item.extra:
                profile_findings[item.display] += tuple(item.extra)
        if partnership_docs:
            # imported here: a set without partnerships never builds their models
            from partnerfit.check.partnerships import check_partnerships, partner_profiles

            partners = partner_profiles([i.profile for i in checked], config, profiles_path)
            for shown, findings in check_partnerships(partnership_docs, partners).items():
                reports[shown] = FileReport(shown, "partnership", findings)
    del checked
    for shown, findings in profile_findings.items():
        reports[shown] = FileReport(shown, "profile", tuple(sorted(findings, key=Finding.sort_key)))


def _load_profile(
    path: Path, shown: str, config: Config, cache: CheckCache | None
) -> CachedFile | Document:
    """One profile's own findings and model, from the cache when its content was seen before;
    a partnership, judgements or outcomes file as its document (never cached), to be checked
    by its own rules."""
    doc, content = open_document(path, shown, config.limits)
    if content is not None:
        found = None if cache is None else cache.get(shown, content)
        if found is not None:
            return found
        # the bytes hashed are the bytes parsed: an entry describes exactly the content it
        # is keyed by, even when the file changes while it is being checked
        parse_document(doc, content)
    if declares_partnership(doc) or declared_kind(doc) is not None:
        return doc
    loaded = validate_document(Profile, doc)
    result = CachedFile(loaded.findings, loaded.model)
    if cache is not None and content is not None:
        cache.put(shown, content, result)
    return result


def _no_files(shown: str) -> Finding:
    return Finding(
        shown,
        None,
        None,
        Severity.ERROR,
        "no-files",
        f"no .yaml or .yml file under {shown}",
        hint="check the path: profiles are *.yaml or *.yml files",
    )
