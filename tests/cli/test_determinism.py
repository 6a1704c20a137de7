"""Filesystem edge cases and determinism for check, compare, match and explain (rank has its own
in test_filesystem.py): the same profiles give byte-identical machine output whatever the file
names, listing order, line endings, locale or terminal width; no command writes to a profile;
every --output is replaced whole or not at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()
SMALL = Path(__file__).parent.parent / "data" / "small"

MACHINE: list[tuple[str, ...]] = [
    ("check", "{set}", "-f", "text"),
    ("check", "{set}", "-f", "json"),
    ("check", "{set}", "-f", "github"),
    ("check", "{set}", "-f", "sarif"),
    ("check", "{set}", "-f", "junit"),
    ("compare", "-p", "{set}", "-f", "csv"),
    ("compare", "-p", "{set}", "-f", "jsonl"),
    ("compare", "-p", "{set}", "-f", "json"),
    ("compare", "-p", "{set}", "-f", "matrix"),
    ("match", "--left", "{set}", "--right", "{set}", "-f", "json"),
    ("match", "--left", "{set}", "--right", "{set}", "-f", "csv", "--mode", "stable"),
    ("explain", "alpha", "beta", "-p", "{set}", "-f", "json"),
    ("explain", "alpha", "beta", "-p", "{set}", "-f", "markdown"),
    ("rank", "alpha", "-p", "{set}", "-f", "json"),
]
"""Every non-table format of the commands that read profiles."""

NAMELESS = [args for args in MACHINE if args[0] != "check"]
"""The formats that do not name the files (check reports by file)."""


def make_set(target: Path) -> Path:
    shutil.copytree(SMALL, target)
    return target


def outputs(directory: Path, commands: list[tuple[str, ...]] = MACHINE) -> dict[str, str]:
    """Each command's stdout, which must succeed."""
    out = {}
    for args in commands:
        line = [a.replace("{set}", str(directory)) for a in args]
        result = runner.invoke(app, line)
        assert result.exit_code == 0, (line, result.output)
        assert result.stdout
        out[" ".join(args)] = result.stdout
    return out


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The outputs for a plain copy of the small set, at a fixed path."""
    return outputs(make_set(tmp_path_factory.mktemp("plain") / "set"))


def test_file_names_do_not_change_the_output(tmp_path: Path) -> None:
    plain = outputs(make_set(tmp_path / "plain"), NAMELESS)
    work = make_set(tmp_path / "renamed")
    names = sorted(p.name for p in work.glob("*.yaml") if p.name != "partnerfit.yaml")
    for file, new in zip(names, reversed(names), strict=True):
        (work / file).rename(work / f"tmp-{new}")
    for file in work.glob("tmp-*"):
        file.rename(work / file.name[4:].replace(".yaml", " (copy).yaml"))
    assert sorted(p.name for p in work.iterdir())[0] == "alpha (copy).yaml"
    assert outputs(work, NAMELESS) == plain


def test_listing_order_does_not_change_any_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = make_set(tmp_path / "set")
    before = outputs(work)
    real_scandir = os.scandir

    def reversed_scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
        return iter(sorted(real_scandir(path), key=lambda e: e.name, reverse=True))

    monkeypatch.setattr("os.scandir", reversed_scandir)
    assert outputs(work) == before


def test_check_path_order_does_not_change_the_report(tmp_path: Path) -> None:
    work = make_set(tmp_path / "set")
    (work / "bad.yaml").write_text("id: bad\n")
    files = sorted(str(p) for p in work.glob("*.yaml"))
    forward = runner.invoke(app, ["check", *files, "-f", "json"])
    backward = runner.invoke(app, ["check", *reversed(files), "-f", "json"])
    assert forward.exit_code == backward.exit_code == 1
    assert forward.stdout == backward.stdout


def test_names_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    plain = outputs(make_set(tmp_path / "plain"), NAMELESS)
    work = make_set(tmp_path / "my profiles ünïcode")
    (work / "beta.yaml").rename(work / "Béta Fund — 2026.yaml")
    assert outputs(work, NAMELESS) == plain
    (work / "bad file é.yaml").write_text("id: bad\n")
    result = runner.invoke(app, ["check", str(work)])
    assert result.exit_code == 1
    assert f"{work}/bad file é.yaml:1:1: error missing-field: missing required field `name`" in (
        result.stdout
    )
    for command in (["compare", "-p"], ["explain", "alpha", "beta", "-p"]):
        result = runner.invoke(app, [*command, str(work)])
        assert result.exit_code == 1
        assert f"{work}/bad file é.yaml:1:1: error missing-field" in result.stderr


def test_windows_line_endings_and_bom_change_nothing(
    tmp_path: Path, expected: dict[str, str]
) -> None:
    work = make_set(tmp_path / "crlf")
    plain = outputs(work)
    for file in work.glob("*.yaml"):
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    assert outputs(work) == plain
    assert set(plain) == set(expected)


_SCRIPT = """
import sys
from partnerfit.cli import app
for line in sys.stdin.read().split("\\0"):
    try:
        app(line.split("\\t"), prog_name="partnerfit")
    except SystemExit as exit:
        print(f"\\n--- exit {exit.code}", flush=True)
"""


def _in_process(env: dict[str, str], directory: Path) -> str:
    lines = ["\t".join(a.replace("{set}", str(directory)) for a in args) for args in MACHINE]
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        input="\0".join(lines).encode(),
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", **env},
        check=True,
    )
    assert proc.stderr == b""
    return proc.stdout.decode("utf-8")


def test_locale_and_width_change_no_machine_output(tmp_path: Path) -> None:
    work = make_set(tmp_path / "sét")
    results = {
        _in_process({"LC_ALL": "C", "COLUMNS": "40"}, work),
        _in_process({"LC_ALL": "C.UTF-8", "COLUMNS": "250", "PYTHONIOENCODING": "utf-8"}, work),
        _in_process({"LC_ALL": "C.UTF-8", "LANG": "C", "COLUMNS": "80", "TERM": "dumb"}, work),
    }
    assert len(results) == 1
    text = results.pop()
    assert text.count("--- exit 0") == len(MACHINE)
    assert "sét" in text


def test_no_command_writes_to_a_profile(tmp_path: Path) -> None:
    work = make_set(tmp_path / "set")
    (work / "bad.yaml").write_text("id: Bad\nname: B\nvalues: [x, x]\n")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in work.iterdir()}
    for args in MACHINE:
        line = [a.replace("{set}", str(work)) for a in args]
        runner.invoke(app, line)
        runner.invoke(app, [*line, "--skip-invalid"] if args[0] != "check" else line)
    runner.invoke(app, ["check", str(work), "--strict", "-f", "sarif"])
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in work.iterdir()}
    assert after == before


WRITERS: dict[str, list[str]] = {
    "compare": ["compare", "-p", str(SMALL), "-f", "jsonl"],
    "match": ["match", "--left", str(SMALL), "--right", str(SMALL), "-f", "json"],
    "schema": ["schema", "profile"],
}
"""Every command with --output."""


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_is_the_same_as_stdout(command: str, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    written = runner.invoke(app, [*WRITERS[command], "--output", str(target)])
    assert written.exit_code == 0
    assert written.stdout == ""
    assert target.read_text() == runner.invoke(app, WRITERS[command]).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_failed_write_keeps_the_old_file(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    target.chmod(0o640)

    def refuse(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("partnerfit.io.atomic.os.replace", refuse)
    result = runner.invoke(app, [*WRITERS[command], "-o", str(target)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"could not write {target}: Input/output error\n",
    )
    assert target.read_text() == "old\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_renderer_failing_midway_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """compare streams its rows to the file: a failure after some rows leaves the old file."""
    from partnerfit.render import compare as compare_formats
    from partnerfit.render.compare import json as compare_json

    def half(*_args: object) -> Iterator[str]:
        yield '{"partial": true}\n'
        raise ZeroDivisionError("midway")

    # the registries resolve renderers lazily and cache them: patch the module, empty the caches
    # (without --top-k the rows are streamed by the block renderer)
    monkeypatch.setattr(compare_json, "render_compare_jsonl", half)
    monkeypatch.setattr(compare_json, "render_compare_jsonl_blocks", half)
    monkeypatch.setattr(compare_json, "render_compare_jsonl_fast", half)
    monkeypatch.setattr(compare_formats.COMPARE_FORMATS, "_resolved", {})
    monkeypatch.setattr(compare_formats.COMPARE_STREAMS, "_resolved", {})
    target = tmp_path / "fits.jsonl"
    target.write_text("old\n")
    result = runner.invoke(app, [*WRITERS["compare"], "-o", str(target)])
    assert result.exit_code == 70
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["fits.jsonl"]


def test_unreadable_profile_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be read (permission denied, faked: tests may run as root)."""
    work = make_set(tmp_path / "set")
    real_open = os.open

    def guarded(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if Path(path).name == "beta.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    shown = f"{work}/beta.yaml:1:1: error unreadable: cannot read the file: Permission denied"
    check = runner.invoke(app, ["check", str(work)])
    assert check.exit_code == 1
    assert shown in check.stdout
    for args in (["compare", "-p", str(work)], ["explain", "alpha", "gamma", "-p", str(work)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert shown in result.stderr
        assert "Traceback" not in result.output
