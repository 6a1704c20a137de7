"""Shell completion: the scripts for bash, zsh and fish, and the completers behind them."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.cli.completion import (
    complete_criteria_order,
    complete_left_id,
    complete_profile_id,
    complete_weight,
    profile_ids,
)
from partnerfit.model import CRITERIA

runner = CliRunner()


def context(**params: object) -> object:
    return SimpleNamespace(params=params)


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _partnerfit_completion partnerfit"),
        ("zsh", "compdef _partnerfit_completion partnerfit"),
        ("fish", "complete --command partnerfit --no-files"),
    ],
)
def test_completion_script_for_each_shell(shell: str, marker: str) -> None:
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0
    assert marker in result.stdout
    assert "_PARTNERFIT_COMPLETE" in result.stdout


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = runner.invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert "tcsh" in result.stderr


def test_profile_ids_from_the_profiles_option(bundled: Path, tmp_path: Path) -> None:
    assert complete_profile_id(context(profiles_dir=str(bundled)), "green") == [
        "greenleaf-coop",
        "greenroute-cargo-bikes",
    ]
    (tmp_path / "partnerfit.yaml").write_text("{}")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.yaml").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "alpha.yml").write_text("{}")
    (tmp_path / "notes.txt").write_text("")
    assert profile_ids(tmp_path) == ["alpha"]
    assert profile_ids(tmp_path / "missing") == []


def test_default_profile_directory(monkeypatch: pytest.MonkeyPatch, bundled: Path) -> None:
    monkeypatch.chdir(bundled.parent)
    assert "greenleaf-coop" in complete_profile_id(context(), "")


def test_match_capacity_ids_from_both_sides(bundled: Path, small_set: Path) -> None:
    found = complete_left_id(context(left=str(bundled), right=str(small_set)), "al")
    assert found == ["alpha="]


def test_weight_names() -> None:
    assert complete_weight("rep") == ["reputation="]
    assert complete_weight("") == [f"{name}=" for name in CRITERIA]
    assert complete_weight("reputation=0") == []


def test_criteria_order_continues_the_list() -> None:
    assert complete_criteria_order("reputation,comp") == ["reputation,complementarity"]
    assert "reputation,value_alignment" in complete_criteria_order("reputation,")
    assert not any(
        option.endswith(",reputation") for option in complete_criteria_order("reputation,")
    )


def complete(words: str, tmp_home: Path) -> list[str]:
    """What bash completion offers for the command line ``words`` (the last word incomplete)."""
    import os
    import subprocess

    from tests.tools import installed_tool

    env = dict(
        os.environ,
        _PARTNERFIT_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split(" ")) - 1),
        HOME=str(tmp_home),
    )
    done = subprocess.run(
        [str(installed_tool("partnerfit"))],
        env=env,
        cwd=Path(__file__).resolve().parent.parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completes_ids_options_and_criteria(tmp_path: Path) -> None:
    assert complete("partnerfit rank greenr", tmp_path) == ["greenroute-cargo-bikes"]
    assert complete("partnerfit rank greenleaf-coop --weight comp", tmp_path) == [
        "complementarity="
    ]
    assert complete("partnerfit rank greenleaf-coop --exclude verd", tmp_path) == [
        "verdant-impact-fund"
    ]
    assert complete("partnerfit rank greenleaf-coop --kind gov", tmp_path) == ["government"]
    assert complete("partnerfit check --ignore tag", tmp_path) == ["tag-spelling"]
    assert "--robustness" in complete("partnerfit rank greenleaf-coop --rob", tmp_path)
    small = "tests/data/small"
    assert complete(f"partnerfit explain alpha --profiles {small} be", tmp_path) == ["beta"]


def test_completion_script_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "partnerfit.fish"
    result = runner.invoke(app, ["completion", "fish", "--output", str(target)])
    assert result.exit_code == 0
    assert "complete --command partnerfit" in target.read_text()
