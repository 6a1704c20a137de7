"""The check cache: hits for unchanged files, misses for any change, never an error."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from partnerfit.check.cache import (
    CACHE_ENV,
    KEEP_DAYS,
    LAYOUT,
    MAX_PACKS,
    CachedFile,
    CheckCache,
    default_directory,
)
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.limits import Limits
from partnerfit.io.reader import _read_at_most, open_document
from partnerfit.model import Config
from partnerfit.model.profileset import load_profile_set

BUNDLED = Path(__file__).parents[2] / "profiles"


def a_result() -> CachedFile:
    profile = load_profile_set(BUNDLED).profiles[0]
    finding = Finding(
        "old/name.yaml", 3, 5, Severity.WARNING, "unused-key", "key `x` is not used", hint="h"
    )
    return CachedFile(findings=(finding,), profile=profile)


def packs(directory: Path) -> list[Path]:
    return sorted((directory / LAYOUT).glob("*.pack"))


def saved(directory: Path, *entries: tuple[str, bytes]) -> CheckCache:
    """A run that checked these files and wrote what it found."""
    cache = CheckCache(directory, Config())
    for shown, content in entries:
        cache.put(shown, content, a_result())
    cache.save()
    return cache


def test_round_trip_puts_back_the_name_as_shown(tmp_path: Path) -> None:
    stored = a_result()
    expected = (
        Finding("a.yaml", 3, 5, Severity.WARNING, "unused-key", "key `x` is not used", hint="h"),
    )
    cache = saved(tmp_path, ("a.yaml", b"content"))
    for run in (cache, CheckCache(tmp_path, Config())):  # this run, and the next
        found = run.get("a.yaml", b"content")
        assert found is not None
        assert found.profile == stored.profile
        assert found.findings == expected
        assert (run.hits, run.misses) == (1, 0)
    assert len(packs(tmp_path)) == 1


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
    saved(tmp_path, ("a.yaml", b"content"))
    assert CheckCache(tmp_path, Config()).get("a.yaml", b"content") is not None
    other = CheckCache(tmp_path, config)
    assert other.get(shown, content) is None
    assert other.misses == 1


def test_another_working_directory_is_another_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(tmp_path, ("a.yaml", b"content"))
    monkeypatch.chdir(tmp_path)
    assert CheckCache(tmp_path, Config()).get("a.yaml", b"content") is None


def test_a_broken_record_is_a_miss(tmp_path: Path) -> None:
    saved(tmp_path, ("a.yaml", b"content"))
    [pack] = packs(tmp_path)
    key, name, day, findings, profile = pack.read_bytes().rstrip(b"\n").split(b"\t")
    for damage in (
        b"",
        b"{",
        b"\t".join((key, name, b"day", findings, profile)),
        b"\t".join((key, name, day, b'[{"line": 1}]', profile)),
        b"\t".join((key, name, day, b"{}", profile)),
        b"\t".join((key, name, day, findings, b'{"id": "A B"}')),
        b"\t".join((key, name, day, findings, profile[:-5])),
    ):
        pack.write_bytes(damage + b"\n")
        cache = CheckCache(tmp_path, Config())
        assert cache.get("a.yaml", b"content") is None, damage
        assert cache.misses == 1


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    saved(blocker, ("a.yaml", b"content"))
    assert CheckCache(blocker, Config()).get("a.yaml", b"content") is None


def test_concurrent_runs_leave_whole_packs(tmp_path: Path) -> None:
    result = a_result()
    seen: list[CachedFile | None] = []

    def run(number: int) -> None:
        for round_ in range(MAX_PACKS):  # enough packs for some runs to merge them
            cache = CheckCache(tmp_path, Config())
            seen.append(cache.get("a.yaml", b"content"))
            cache.put(f"{number}-{round_}.yaml", b"content", result)
            cache.put("a.yaml", b"content", result)
            cache.save()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # a reader sees a whole record or none, never a part of one
    assert all(r is None or r.profile == result.profile for r in seen)
    assert any(r is not None for r in seen)
    found = CheckCache(tmp_path, Config()).get("a.yaml", b"content")
    assert found is not None
    assert found.profile == result.profile
    assert not list((tmp_path / LAYOUT).glob("*.tmp"))


def test_packs_are_merged_without_stale_records(tmp_path: Path) -> None:
    for number in range(MAX_PACKS):
        saved(tmp_path, (f"{number}.yaml", b"content"), ("edited.yaml", b"old"))
    cache = CheckCache(tmp_path, Config())
    cache._today += KEEP_DAYS // 2
    assert cache.get("0.yaml", b"content") is not None
    assert cache.get("edited.yaml", b"new") is None
    cache.put("edited.yaml", b"new", a_result())
    cache.save()
    assert len(packs(tmp_path)) == 1
    later = CheckCache(tmp_path, Config())
    assert later.get("edited.yaml", b"old") is None  # seen with other content: dropped
    assert all(later.get(f"{n}.yaml", b"content") for n in range(MAX_PACKS))
    # a record no run has used for KEEP_DAYS days is dropped at the next merge
    for number in range(MAX_PACKS - 1):
        saved(tmp_path, (f"more-{number}.yaml", b"content"))
    assert len(packs(tmp_path)) == MAX_PACKS
    much_later = CheckCache(tmp_path, Config())
    much_later._today += KEEP_DAYS + 1
    assert much_later.get("0.yaml", b"content") is not None
    much_later.save()
    assert len(packs(tmp_path)) == 1
    last = CheckCache(tmp_path, Config())
    assert last.get("0.yaml", b"content") is not None  # used by the merging run
    assert last.get("1.yaml", b"content") is None  # unused for KEEP_DAYS + 1 days
    assert last.get("edited.yaml", b"new") is not None  # written KEEP_DAYS // 2 days before


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
    assert open_document(regular, limits=Limits())[1] == b"id: a\n"
    cases = {
        regular: ("file-too-large", Limits(max_file_bytes=3)),
        tmp_path / "fifo.yaml": ("not-a-file", Limits()),  # and it does not wait for a writer
        tmp_path: ("not-a-file", Limits()),
        tmp_path / "missing.yaml": ("unreadable", Limits()),
    }
    os.mkfifo(tmp_path / "fifo.yaml")
    for path, (rule, limits) in cases.items():
        doc, content = open_document(path, limits=limits)
        assert content is None
        assert [f.rule for f in doc.findings] == [rule]


def test_a_file_that_grows_is_read_on_within_the_limit() -> None:
    # the size taken before reading may be out of date: reading goes on, bounded
    for limit, expected in ((100, b"0123456789"), (5, b"012345")):
        readable, writable = os.pipe()
        os.write(writable, b"0123456789")
        os.close(writable)
        try:
            assert _read_at_most(readable, 2, limit) == expected
        finally:
            os.close(readable)


def test_other_code_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from partnerfit.check import cache as cache_module

    saved(tmp_path, ("a.yaml", b"content"))
    assert CheckCache(tmp_path, Config()).get("a.yaml", b"content") is not None
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


def test_text_utf8_cannot_hold_is_not_kept(tmp_path: Path) -> None:
    result = a_result()
    assert result.profile is not None
    odd = CachedFile((), result.profile.model_copy(update={"name": "lone \ud800 surrogate"}))
    cache = CheckCache(tmp_path, Config())
    cache.put("a.yaml", b"content", odd)
    cache.save()
    assert cache.get("a.yaml", b"content") is None
    assert packs(tmp_path) == []


def test_stale_packs_of_other_groups_and_dead_writers_are_swept(tmp_path: Path) -> None:
    saved(tmp_path, ("a.yaml", b"content"))
    (own,) = packs(tmp_path)
    directory = tmp_path / LAYOUT
    old = os.stat(own).st_mtime - (KEEP_DAYS + 1) * 86_400
    stale_other = directory / f"{'0' * 32}-00000000000000000001-1.pack"
    recent_other = directory / f"{'1' * 32}-00000000000000000002-1.pack"
    dead_writer = directory / f"{'2' * 32}-00000000000000000003-1.pack.tmp"
    live_writer = directory / f"{'3' * 32}-00000000000000000004-1.pack.tmp"
    unrelated = directory / "notes.txt"
    for path in (stale_other, recent_other, dead_writer, live_writer, unrelated):
        path.write_bytes(b"")
    for path in (stale_other, dead_writer, unrelated, own):
        os.utime(path, (old, old))
    # a run of the own group that only hits: its pack is marked used, the stale files go
    cache = CheckCache(tmp_path, Config())
    assert cache.get("a.yaml", b"content") is not None
    cache.save()
    left = sorted(p.name for p in directory.iterdir())
    assert left == sorted([own.name, recent_other.name, live_writer.name, unrelated.name])
    assert os.stat(own).st_mtime > old + KEEP_DAYS * 86_400  # marked used: not swept later
    # a run that reads nothing of its group does not mark the pack, and never sweeps its own
    os.utime(own, (old, old))
    CheckCache(tmp_path, Config()).save()
    assert own.exists()
    assert os.stat(own).st_mtime == old
