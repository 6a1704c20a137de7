"""A set of profiles loaded from a directory, with its configuration and invalid files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from partnerfit.errors import ConfigError, InvalidFilesError, ProfileError, UsageError
from partnerfit.io.discovery import CONFIG_FILE_NAMES
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.heap import fewer_collections
from partnerfit.io.limits import Limits
from partnerfit.io.paths import PathDisplay, display_path
from partnerfit.model.config import Config
from partnerfit.model.load import LoadedFile, load_config, load_model
from partnerfit.model.near_miss import NearMiss
from partnerfit.model.profile import Profile
from partnerfit.model.sources import find_sources, read_profiles
from partnerfit.model.vocabulary import Vocabulary


@dataclass(frozen=True)
class InvalidFile:
    """A profile file that failed to load, with its findings."""

    display: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ProfileSet:
    """Valid profiles sorted by id, their sources, the config, and what was skipped."""

    profiles: tuple[Profile, ...]
    sources: dict[str, str]
    config: Config
    config_source: str | None
    invalid: tuple[InvalidFile, ...] = ()
    warnings: tuple[Finding, ...] = ()
    ignored: tuple[str, ...] = field(default=())

    @property
    def vocabulary(self) -> Vocabulary:
        """The tag vocabulary built from the config's synonyms."""
        return Vocabulary.from_synonyms(self.config.synonyms)

    def get(self, profile_id: str) -> Profile | None:
        """The profile with this id, or None."""
        return self._by_id.get(profile_id)

    def ids(self) -> tuple[str, ...]:
        """All profile ids, sorted."""
        return self._ids

    # looked up per partner of every partnership file and per candidate of every review: an
    # index built once, not a scan of the set each time (that made loading partnerships
    # partnerships × profiles)
    @cached_property
    def _by_id(self) -> dict[str, Profile]:
        return {p.id: p for p in reversed(self.profiles)}  # the first of an id, as a scan finds

    @cached_property
    def _ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.profiles)

    @cached_property
    def capability_tags(self) -> frozenset[str]:
        """Canonical capability tags the set knows: its strengths, needs and synonyms."""
        vocabulary = self.vocabulary
        known = {vocabulary.canonical(s.capability) for p in self.profiles for s in p.strengths}
        known.update(vocabulary.canonical(n.capability) for p in self.profiles for n in p.needs)
        known.update(vocabulary.canonical(word) for word in self.config.synonyms)
        return frozenset(known)

    def closest_id(self, profile_id: str) -> str | None:
        """The id of the set nearest ``profile_id``, for a "did you mean", or None.

        Asked once per unknown partner of every partnership file: at a bounded cost per question
        (``NearMiss``), and each distinct question answered once.
        """
        return self._near_ids(profile_id, cutoff=0.6)

    def closest_capability(self, tag: str) -> str | None:
        """The capability of :attr:`capability_tags` nearest ``tag``, for a "did you mean"."""
        return self._near_capabilities(tag, cutoff=0.7)

    @cached_property
    def _near_ids(self) -> NearMiss:
        return NearMiss(self._ids)

    @cached_property
    def _near_capabilities(self) -> NearMiss:
        return NearMiss(self.capability_tags)

    def unknown_id(self, profile_id: str, role: str | None = None) -> str:
        """The message for an id not in the set, with a "did you mean" for a near miss."""
        close = self.closest_id(profile_id)
        hint = f"; did you mean `{close}`?" if close else ""
        where = f" ({role})" if role else ""
        return f"no profile with id `{profile_id}` in the profile set{where}{hint}"


def _present(path: Path) -> bool:
    """Something is at the path: a file, a FIFO, a device, or a symbolic link (even a loop)."""
    return path.exists() or path.is_symlink()


def read_config(config_path: Path | None, directory: Path | None) -> tuple[Config, str | None]:
    """The config from --config, else partnerfit.yaml in the directory, else defaults."""
    candidate = config_path
    if candidate is None and directory is not None:
        for name in CONFIG_FILE_NAMES:
            # a FIFO or a link loop named partnerfit.yaml is reported, not silently skipped
            if _present(directory / name) and not (directory / name).is_dir():
                candidate = directory / name
                break
    if candidate is None:
        return Config(), None
    if not _present(candidate):
        raise UsageError(f"config file {candidate} does not exist")
    shown = display_path(candidate)
    loaded = load_config(candidate, shown)
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    if loaded.model is None or errors:
        raise ConfigError(loaded.findings)
    return loaded.model, shown


def load_profile_set(
    directory: Path | str = "profiles",
    *,
    config_path: Path | str | None = None,
    skip_invalid: bool = False,
    extra_files: Sequence[Path] = (),
) -> ProfileSet:
    """Load every profile under a directory; raises ProfileError if any is invalid (unless told)."""
    root = Path(directory)
    if not root.exists():
        raise UsageError(f"profile directory {root} does not exist")
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory")
    config, config_source = read_config(
        Path(config_path) if config_path is not None else None, root
    )
    # a --config file that lives among the profiles is the config, not a profile
    sources = find_sources(
        [root, *extra_files],
        Path(config_path) if config_path is not None else None,
        nested_configs=False,
    )
    found = sources.discovery
    # thousands of lasting models, none in a reference cycle: fewer collections (io.heap)
    with fewer_collections() as settle:
        shown = PathDisplay(as_given=False)  # resolving each file's directory once, not each file
        loaded = read_profiles(sources.profiles, config.limits, shown, settle)
        return _build_set(
            loaded, config, config_source, skip_invalid, found.findings, found.ignored
        )


def _build_set(
    files: Iterable[LoadedFile[Profile]],
    config: Config,
    config_source: str | None,
    skip_invalid: bool,
    discovery_findings: Sequence[Finding],
    ignored: Sequence[str],
) -> ProfileSet:
    profiles: dict[str, Profile] = {}
    sources: dict[str, str] = {}
    invalid: list[InvalidFile] = []
    warnings: list[Finding] = [f for f in discovery_findings if f.severity is Severity.WARNING]
    errors: list[Finding] = [f for f in discovery_findings if f.severity is Severity.ERROR]
    # a link loop or an unreadable directory is skipped and named like an invalid file
    invalid.extend(InvalidFile(f.file, (f,)) for f in errors)
    for loaded in files:
        shown = loaded.display
        warnings.extend(f for f in loaded.findings if f.severity is Severity.WARNING)
        if loaded.model is None:
            invalid.append(InvalidFile(shown, loaded.findings))
            continue
        profile = loaded.model
        if profile.id in profiles:
            first = sources[profile.id]
            finding = Finding(
                shown,
                1,
                1,
                Severity.ERROR,
                "duplicate-id",
                f"id `{profile.id}` is also used by {first}",
                hint="ids must be unique within a profile set",
            )
            invalid.append(InvalidFile(shown, (finding,)))
            continue
        profiles[profile.id] = profile
        sources[profile.id] = shown
    all_errors = [f for bad in invalid for f in bad.findings if f.severity is Severity.ERROR]
    if all_errors and not skip_invalid:
        raise InvalidFilesError(all_errors)
    ordered = tuple(profiles[k] for k in sorted(profiles))
    return ProfileSet(
        profiles=ordered,
        sources={k: sources[k] for k in sorted(sources)},
        config=config,
        config_source=config_source,
        invalid=tuple(invalid),
        warnings=tuple(sorted(warnings, key=Finding.sort_key)),
        ignored=tuple(ignored),
    )


def load_profile(path: Path | str, limits: Limits | None = None) -> Profile:
    """Load one profile file; raises ProfileError with every finding if it is invalid."""
    file = Path(path)
    loaded = load_model(Profile, file, display_path(file), limits)
    if loaded.model is None:
        raise ProfileError(loaded.findings)
    return loaded.model
