"""Profile sets as commands load them: the library's errors with the CLI's flag names, what
was skipped told on stderr, and a FOCAL that is an id in the set or a profile file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partnerfit.cli.common import warn
from partnerfit.errors import InvalidFilesError, UsageError

if TYPE_CHECKING:
    from partnerfit.model import Profile
    from partnerfit.model.profileset import ProfileSet

__all__ = ["load_set", "report_set", "resolve_focal"]


def load_set(
    directory: Path,
    config: Path | str | None,
    *,
    skip_invalid: bool,
    verbose: bool,
) -> ProfileSet:
    """Load a profile set, tell stderr what was skipped; invalid files name --skip-invalid."""
    from partnerfit.model.profileset import load_profile_set

    try:
        profiles = load_profile_set(directory, config_path=config, skip_invalid=skip_invalid)
    except InvalidFilesError as err:
        raise err.with_remedy("pass --skip-invalid") from None
    report_set(profiles, verbose)
    return profiles


def resolve_focal(focal: str, profiles: ProfileSet) -> Profile:
    """FOCAL is an id in the set or a path to a profile file."""
    from partnerfit.io.discovery import YAML_SUFFIXES
    from partnerfit.model.profileset import load_profile

    found = profiles.get(focal)
    if found is not None:
        return found
    path = Path(focal)
    present = path.exists() or path.is_symlink()  # a link loop is there, and is reported
    if path.suffix in YAML_SUFFIXES or present:
        if not present:
            raise UsageError(f"focal profile {focal} does not exist")
        if path.is_dir():
            raise UsageError(f"focal profile {focal} is a directory, not a profile file")
        return load_profile(path, profiles.config.limits)
    raise UsageError(profiles.unknown_id(focal))


def report_set(profiles: ProfileSet, verbose: bool = False) -> None:
    """Tell stderr what was skipped, and warnings found while loading."""
    for bad in profiles.invalid:
        first = bad.findings[0].format().splitlines()[0] if bad.findings else bad.display
        warn(f"skipped invalid {bad.display}: {first}")
    for finding in profiles.warnings:
        warn(finding.format())
    if verbose:
        for line in profiles.ignored:
            warn(f"note: {line}")
