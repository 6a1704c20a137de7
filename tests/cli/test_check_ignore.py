"""`check --ignore`, `ignore:` in the config and inline comments, end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import DATA
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()
SPELLING = DATA / "check" / "invalid" / "cross" / "tag-spelling"


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "set"
    shutil.copytree(SPELLING, target)
    return target


def test_warnings_fail_strict_until_ignored(tmp_path: Path) -> None:
    target = copy(tmp_path)
    code, out, _ = check(str(target), "--strict")
    assert code == 1
    assert out.count("warning tag-spelling") == 2
    code, out, _ = check(str(target), "--strict", "--ignore", "tag-spelling")
    assert code == 0
    assert out.endswith("0 errors, 0 warnings (2 warnings ignored)\n")


def test_the_config_ignore_list(tmp_path: Path) -> None:
    target = copy(tmp_path)
    config = target / "partnerfit.yaml"
    config.write_text(config.read_text() + "ignore: [tag-spelling]\n")
    code, out, _ = check(str(target), "--strict")
    assert code == 0, out
    config.write_text(config.read_text().replace("[tag-spelling]", "[tag-speling]"))
    code, _, err = check(str(target))
    assert code == 2
    assert "ignore in " in err
    assert "unknown rule `tag-speling`; did you mean `tag-spelling`?" in err


def test_an_inline_comment_ignores_its_line_only(tmp_path: Path) -> None:
    target = copy(tmp_path)
    gamma = target / "gamma.yaml"
    lines = gamma.read_text().splitlines()
    lines[3] += "  # partnerfit: ignore[tag-spelling]"  # line 4 holds `sustainabilty`
    gamma.write_text("\n".join(lines) + "\n")
    code, out, _ = check(str(target), "--strict")
    assert code == 1
    assert "gamma.yaml:4:" not in out
    assert "gamma.yaml:7:17: warning tag-spelling" in out
    assert out.endswith("(1 warning ignored)\n")


def test_errors_cannot_be_ignored() -> None:
    code, _, err = check(str(SPELLING), "--ignore", "duplicate-key")
    assert code == 2
    assert "`duplicate-key` is an error and cannot be ignored" in err


def test_check_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    code, out, _ = check(str(SPELLING), "--format", "sarif", "--output", str(target))
    assert code == 0
    assert out == ""
    assert '"version": "2.1.0"' in target.read_text()
