"""The check cache: hits for unchanged files, misses for any change, never an error."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from partnerfit.check.cache import (
    CACHE_ENV,
    CachedFile,
    CheckCache,
    default_directory,
    regular_file_bytes,
)
from partnerfit.io.findings import Finding, Severity
from partnerfit.model import Config
from partnerfit.model.profileset import load_profile_set

BUNDLED = Path(__file__).parents[2] / "profiles"


def a_result() -> CachedFile:
    profile = load_profile_set(BUNDLED).profiles[0]
    finding = Finding(
        "old/name.yaml", 3, 5, Severity.WARNING, "unused-key", "key `x` is not used", hint="h"
    )
    return CachedFile(findings=(finding,), profile=profile)


def test_round_trip_puts_back_the_name_as_shown(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, Config())
    stored = a_result()
    cache.put("a.yaml", b"content", stored)
    found = cache.get("a.yaml", b"content")
    assert found is not None
    assert found.profile == stored.profile
    assert found.findings == (
        Finding("a.yaml", 3, 5, Severity.WARNING, "unused-key", "key `x` is not used", hint="h"),
    )
    assert (cache.hits, cache.misses) == (1, 0)


@pytest.mark.parametrize(
    ("shown", "content", "config"),
    [
        ("a.yaml", b"changed", Config()),
        ("b.yaml", b"content", Config()),  # a rule compares the id with the file name
        ("a.yaml", b"content", Config.model_validate({"limits": {"max_depth": 20}})),
        ("a.yaml", b"content", Config.model_validate({"synonyms": {"x": ["y"]}})),
    ],
)
def test_any_change_is_a_miss(tmp_path: Path, shown: str, content: bytes, config: Config) -> None:
    CheckCache(tmp_path, Config()).put("a.yaml", b"content", a_result())
    other = CheckCache(tmp_path, config)
    assert other.get(shown, content) is None
    assert other.misses == 1


def test_a_broken_entry_is_a_miss(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, Config())
    cache.put("a.yaml", b"content", a_result())
    [entry] = (tmp_path / "v1").rglob("*.json")
    for damage in (b"", b"{", b'{"findings": [{"line": 1}], "profile": null}', b"[]"):
        entry.write_bytes(damage)
        assert cache.get("a.yaml", b"content") is None


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = CheckCache(blocker, Config())
    cache.put("a.yaml", b"content", a_result())
    assert cache.get("a.yaml", b"content") is None


def test_concurrent_writers_leave_a_whole_entry(tmp_path: Path) -> None:
    result = a_result()
    caches = [CheckCache(tmp_path, Config()) for _ in range(8)]
    seen: list[CachedFile | None] = []

    def write(cache: CheckCache) -> None:
        for _ in range(20):
            cache.put("a.yaml", b"content", result)
            seen.append(cache.get("a.yaml", b"content"))

    threads = [threading.Thread(target=write, args=(c,)) for c in caches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # a reader sees the whole entry or none, never a part of one
    assert all(r is None or r.profile == result.profile for r in seen)
    assert any(r is not None for r in seen)
    found = CheckCache(tmp_path, Config()).get("a.yaml", b"content")
    assert found is not None
    assert found.profile == result.profile
    assert not list((tmp_path / "v1").rglob("*.tmp"))


def test_directory_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert default_directory() == tmp_path / "mine"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "partnerfit"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_directory() == tmp_path / "home" / ".cache" / "partnerfit"


def test_only_regular_files_within_the_limit_are_read(tmp_path: Path) -> None:
    regular = tmp_path / "a.yaml"
    regular.write_bytes(b"id: a\n")
    assert regular_file_bytes(regular, 100) == b"id: a\n"
    assert regular_file_bytes(regular, 3) is None
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert regular_file_bytes(fifo, 100) is None  # and it does not wait for a writer
    assert regular_file_bytes(tmp_path, 100) is None
    assert regular_file_bytes(tmp_path / "missing.yaml", 100) is None


def test_other_code_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from partnerfit.check import cache as cache_module

    CheckCache(tmp_path, Config()).put("a.yaml", b"content", a_result())
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "edited")
    assert CheckCache(tmp_path, Config()).get("a.yaml", b"content") is None


def test_the_fingerprint_follows_the_modules() -> None:
    from partnerfit.check import cache as cache_module

    module = Path(cache_module.__file__)
    before = module.stat()
    fingerprint = cache_module.code_fingerprint.__wrapped__()
    try:
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        assert cache_module.code_fingerprint.__wrapped__() != fingerprint
    finally:
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache_module.code_fingerprint.__wrapped__() == fingerprint
