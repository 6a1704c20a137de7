"""`check` with its cache: the same report from a warm cache, a changed file seen, --no-cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from partnerfit.cli import app


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json"])
    return result.exit_code, result.stdout


def packs() -> list[Path]:
    return sorted(Path(os.environ["PARTNERFIT_CACHE_DIR"]).rglob("*.pack"))


def records() -> int:
    return sum(len(pack.read_bytes().splitlines()) for pack in packs())


def test_a_warm_cache_gives_the_same_report(bundled: Path, tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    shutil.copytree(bundled, profiles)
    cold = run(str(profiles))
    assert records() == len(list(profiles.rglob("*.yaml"))) - 1  # not partnerfit.yaml
    assert len(packs()) == 1
    assert run(str(profiles)) == cold
    assert len(packs()) == 1  # nothing new: nothing written
    assert run(str(profiles), "--no-cache") == cold


def test_a_changed_file_is_checked_again(bundled: Path, tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    shutil.copytree(bundled, profiles)
    code, _ = run(str(profiles))
    assert code == 0
    target = profiles / "greenleaf-coop.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    code, out = run(str(profiles))
    assert code == 1
    assert "unknown_field" in out


def test_no_cache_writes_nothing(bundled: Path) -> None:
    assert run(str(bundled), "--no-cache")[0] == 0
    assert packs() == []


def test_a_broken_cache_entry_is_ignored(bundled: Path) -> None:
    cold = run(str(bundled))
    for pack in packs():
        pack.write_bytes(b"{not json")
    assert run(str(bundled)) == cold
