"""Filesystem edge cases: links, loops, odd names, odd files, line endings, locale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()


def make_set(small_set: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for file in small_set.iterdir():
        shutil.copy(file, target / file.name)
    return target


def rank_json(directory: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["rank", "alpha", "-p", str(directory), "-f", "json", *extra])
    return result.exit_code, result.stdout, result.stderr


def test_symlink_loop_is_not_followed(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    (work / "sub").mkdir()
    (work / "sub" / "loop").symlink_to(work, target_is_directory=True)
    code, out, err = rank_json(work, "--verbose")
    assert code == 0
    assert "symbolic-link loop, not followed" in err
    assert out == rank_json(make_set(small_set, tmp_path / "plain"))[1]


def test_link_out_of_the_directory_is_a_warning(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: outsider\nname: Outsider\nvalues: [transparency]\n")
    (work / "outsider.yaml").symlink_to(outside)
    code, out, err = rank_json(work)
    assert code == 0
    assert "warning link-outside: symbolic link leads outside set/, not followed" in err
    assert "outsider" not in out


def test_broken_link_is_an_error(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    (work / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    code, _, err = rank_json(work)
    assert code == 1
    assert "gone.yaml: error broken-link: symbolic link to a missing file" in err


def test_directory_named_like_a_file_is_searched(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    (work / "more.yaml").mkdir()
    (work / "more.yaml" / "zeta.yaml").write_text("id: zeta\nname: Zeta\nvalues: [transparency]\n")
    code, out, err = rank_json(work, "--verbose")
    assert code == 0
    assert '"id": "zeta"' in out
    assert "a directory named like a YAML file, looked inside" in err


def test_empty_directory_ranks_nobody(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["rank", "alpha", "-p", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert result.stderr == "error: no profile with id `alpha` in the profile set\n"


def test_non_yaml_files_are_ignored_and_said_with_verbose(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    (work / "README.md").write_text("# not a profile\n")
    (work / "logo.png").write_bytes(b"\x89PNG\x00")
    code, out, err = rank_json(work)
    assert (code, err) == (0, "")
    code, out2, err = rank_json(work, "--verbose")
    assert out2 == out
    assert "logo.png: not a .yaml or .yml file, ignored" in err
    assert "README.md: not a .yaml or .yml file, ignored" in err


def test_names_with_spaces_and_non_ascii(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "my profiles ünïcode")
    (work / "beta.yaml").rename(work / "Béta Fund — 2026.yaml")
    code, out, _ = rank_json(work)
    assert code == 0
    assert '"id": "beta"' in out
    (work / "bad file é.yaml").write_text("id: bad\n")
    code, _, err = rank_json(work)
    assert code == 1
    assert "bad file é.yaml:1:1: error missing-field" in err


def test_windows_line_endings_and_bom(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    expected = rank_json(work)[1]
    for file in work.glob("*.yaml"):
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    code, out, err = rank_json(work)
    assert (code, err) == (0, "")
    assert out == expected


def test_hidden_files_and_folders_are_skipped(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    (work / ".git").mkdir()
    (work / ".git" / "junk.yaml").write_text("not: [valid\n")
    assert rank_json(work)[0] == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_not_read(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    os.mkfifo(work / "pipe.yaml")
    code, _, err = rank_json(work)
    assert code == 1
    assert "pipe.yaml" in err
    assert "not a regular file" in err


def test_no_command_writes_to_a_profile(small_set: Path, tmp_path: Path) -> None:
    work = make_set(small_set, tmp_path / "set")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in work.iterdir()}
    for fmt in ("table", "json", "csv", "markdown"):
        runner.invoke(app, ["rank", "alpha", "-p", str(work), "-f", fmt])
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in work.iterdir()}
    assert after == before


def test_locale_and_width_change_no_machine_output(small_set: Path) -> None:
    outputs = set()
    for env in ({"LC_ALL": "C", "COLUMNS": "60"}, {"LC_ALL": "C.UTF-8", "COLUMNS": "200"}):
        for fmt in ("json", "csv", "markdown"):
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "partnerfit",
                    "rank",
                    "alpha",
                    "-p",
                    str(small_set),
                    "-f",
                    fmt,
                ],
                capture_output=True,
                env={**os.environ, **env, "PYTHONIOENCODING": "utf-8"},
                check=True,
            )
            outputs.add((fmt, proc.stdout))
    assert len(outputs) == 3
