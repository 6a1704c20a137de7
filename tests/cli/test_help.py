"""Every command's help: examples, metavars in words, and only its own options named."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer.main
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()


def commands() -> Iterator[list[str]]:
    """Every command path: ``["rank"]``, ``["new", "profile"]``…"""
    root = typer.main.get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        if subs:
            yield from ([name, sub] for sub in subs)
        else:
            yield [name]


COMMANDS = list(commands())


def options_of(path: list[str]) -> set[str]:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_has_examples_and_words(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    out = result.stdout
    assert re.search(rf"Examples?:\s+partnerfit {' '.join(path)}", out), out
    usage = out.splitlines()[0]
    assert "{" not in usage
    assert not re.search(r"<[a-z]", out), out  # no <path>, <list[str]>, <int range>
    options = out[out.index("\nOptions:") :]
    for metavar in re.findall(r"^\s+(?:-\w, )?--[\w-]+ (\S+)", options, re.M):
        assert re.fullmatch(r"[A-Z][A-Z=,.|]*|[a-z-]+(\|[a-z-]+)+|/", metavar), metavar


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_names_only_options_the_command_has(path: list[str]) -> None:
    out = runner.invoke(app, [*path, "--help"]).stdout
    named = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", out))
    assert named <= options_of(path) | {"--help"}, named - options_of(path)


def test_match_help_does_not_mention_profiles() -> None:
    out = runner.invoke(app, ["match", "--help"]).stdout
    assert "--profiles" not in out
    assert "partnerfit.yaml in --left" in " ".join(out.split())


@pytest.mark.parametrize(
    "name", ["rank", "explain", "check", "compare", "match", "schema", "export", "completion"]
)
def test_every_command_that_prints_a_result_has_output(name: str) -> None:
    assert "--output" in options_of([name])
