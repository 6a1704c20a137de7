"""Where a profile set comes from: its files, its configuration files, each profile read.

``check`` and ``load_profile_set`` both read a set through here: the same discovery, the same
split of configuration files from profiles (a ``partnerfit.yaml``, or the file named by
``--config``, is never read as a profile), and the same loading of each profile within the
configuration's limits. They differ only in what they make of the result: check reports
every file, a profile set keeps the valid profiles.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from partnerfit.io.discovery import CONFIG_FILE_NAMES, Discovery, discover
from partnerfit.io.limits import Limits
from partnerfit.model.load import LoadedFile, load_model
from partnerfit.model.profile import Profile

__all__ = ["SetSources", "find_sources", "read_profiles"]


@dataclass(frozen=True)
class SetSources:
    """The files under the paths: configuration files (an explicit one first), then profiles."""

    configs: tuple[Path, ...]
    profiles: tuple[Path, ...]
    discovery: Discovery


def _real(path: Path) -> Path:
    # realpath, unlike resolve, does not raise on a symbolic-link loop (reported when read)
    return Path(os.path.realpath(path))


def find_sources(
    roots: Sequence[Path], config_path: Path | None = None, *, nested_configs: bool = True
) -> SetSources:
    """Discover the YAML files under the roots and tell configuration files from profiles.

    With ``nested_configs=False`` a ``partnerfit.yaml`` inside a directory is passed over
    rather than listed as a configuration (a profile set reads only its own).
    """
    found = discover(roots, include_config=nested_configs)
    configs = [p for p in found.files if p.name in CONFIG_FILE_NAMES] if nested_configs else []
    if config_path is not None and all(_real(config_path) != _real(p) for p in configs):
        configs.insert(0, config_path)
    config_files = {_real(p) for p in configs}
    profiles = tuple(
        path
        for path in found.files
        if not ((path.name in CONFIG_FILE_NAMES or config_path) and _real(path) in config_files)
    )
    return SetSources(tuple(configs), profiles, found)


def read_profiles(
    files: Iterable[Path],
    limits: Limits,
    show: Callable[[Path], str],
    after_each: Callable[[], None] | None = None,
) -> Iterator[LoadedFile[Profile]]:
    """Each profile file read and validated, in order; a broken file never stops the rest.
    ``after_each`` is called after each file (``io.heap``'s ``settle``, say)."""
    for path in files:
        yield load_model(Profile, path, show(path), limits)
        if after_each is not None:
            after_each()
