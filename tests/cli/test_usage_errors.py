"""Usage errors of every command are exit status 2 with a short message; an unexpected internal
error is one line and a hint to report it (exit 70), with the traceback only under --debug.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.cli.common import ISSUES_URL

runner = CliRunner()
S = str(Path(__file__).parent.parent / "data" / "small")
MISSING = "/nonexistent/partnerfit"

OURS: list[tuple[list[str], str]] = [
    # paths that do not exist
    (["rank", "alpha", "-p", MISSING], f"profile directory {MISSING} does not exist"),
    (["rank", "alpha", "-p", S, "-c", MISSING], f"config file {MISSING} does not exist"),
    (["rank", f"{MISSING}.yaml", "-p", S], f"focal profile {MISSING}.yaml does not exist"),
    (["rank", "alpha", "-p", f"{S}/alpha.yaml"], f"{S}/alpha.yaml is not a directory"),
    (["check", MISSING], f"path {MISSING} does not exist"),
    (["check", S, "-c", MISSING], f"config file {MISSING} does not exist"),
    (["explain", "alpha", "beta", "-p", MISSING], f"profile directory {MISSING} does not exist"),
    (
        ["explain", "alpha", f"{MISSING}.yaml", "-p", S],
        f"focal profile {MISSING}.yaml does not exist",
    ),
    (["compare", "-p", MISSING], f"profile directory {MISSING} does not exist"),
    (["compare", "-p", S, "--candidates", MISSING], f"profile directory {MISSING} does not exist"),
    (["compare", "-p", S, "-c", MISSING], f"config file {MISSING} does not exist"),
    (["match", "--left", MISSING, "--right", S], f"profile directory {MISSING} does not exist"),
    (["match", "--left", S, "--right", MISSING], f"profile directory {MISSING} does not exist"),
    # unknown ids
    (["rank", "nobody", "-p", S], "no profile with id `nobody` in the profile set"),
    (["explain", "alpha", "nobody", "-p", S], "no profile with id `nobody` in the profile set"),
    (["compare", "-p", S, "-F", "nobody"], "no profile with id `nobody` in the profile set"),
    (
        ["match", "--left", S, "--right", S, "--capacity", "nobody=2"],
        "--capacity nobody=…: no profile `nobody` on either side",
    ),
    # bad --format and other choices
    (
        ["rank", "alpha", "-p", S, "-f", "xml"],
        "unknown format `xml`; choose from table, json, csv, markdown",
    ),
    (
        ["check", S, "-f", "xml"],
        "unknown format `xml`; choose from text, json, github, sarif, junit",
    ),
    (["explain", "alpha", "beta", "-p", S, "-f", "xml"], "unknown format `xml`; choose from"),
    (["compare", "-p", S, "-f", "xml"], "unknown format `xml`; choose from"),
    (["match", "--left", S, "--right", S, "-f", "xml"], "unknown format `xml`; choose from"),
    (
        ["schema", "xml"],
        "unknown schema `xml`; choose from profile, config, partnership, judgements, outcomes",
    ),
    (
        ["rank", "alpha", "-p", S, "--method", "x"],
        "unknown method `x`; choose from weighted-sum, weighted-product, topsis",
    ),
    (
        ["match", "--left", S, "--right", S, "--mode", "x"],
        "unknown mode `x`; choose from max-total, stable",
    ),
    (
        ["match", "--left", S, "--right", S, "--proposer", "x"],
        "unknown proposing side `x`; choose from left, right",
    ),
    # bad values
    (
        ["rank", "alpha", "-p", S, "-w", "reputation=abc"],
        "--weight reputation: `abc` is not a number",
    ),
    (
        ["rank", "alpha", "-p", S, "-w", "reputation=nan"],
        "weight for `reputation` must be a finite number >= 0, not nan",
    ),
    (
        ["rank", "alpha", "-p", S, "-w", "reputation=1e400"],
        "weight for `reputation` must be a finite number >= 0, not inf",
    ),
    (
        ["rank", "alpha", "-p", S, "-w", "reputation=-1"],
        "weight for `reputation` must be a finite number >= 0, not -1.0",
    ),
    (["rank", "alpha", "-p", S, "-w", "=1"], "--weight expects NAME=VALUE, not `=1`"),
    (
        ["rank", "alpha", "-p", S, "-w", "reputaton=1"],
        "unknown criterion `reputaton` in --weight; did you mean `reputation`?",
    ),
    (["explain", "alpha", "beta", "-p", S, "-w", "x"], "--weight expects NAME=VALUE, not `x`"),
    (["compare", "-p", S, "-w", "reputation=x"], "--weight reputation: `x` is not a number"),
    (
        ["match", "--left", S, "--right", S, "-w", "reputation"],
        "--weight expects NAME=VALUE, not `reputation`",
    ),
    (
        ["rank", "alpha", "-p", S, "--weights-from-ranking", ","],
        "--weights-from-ranking needs at least one criterion",
    ),
    (
        ["rank", "alpha", "-p", S, "--robustness", "10", "--spread", "2"],
        "--spread must be at least 0.001 and below 1, not 2",
    ),
    (
        ["rank", "alpha", "-p", S, "--robustness", "10", "--spread", "nan"],
        "--spread must be at least 0.001 and below 1, not nan",
    ),
    (
        ["rank", "alpha", "-p", S, "--robustness", "100000000000"],
        "--robustness must be between 1 and 1,000,000, not 100000000000",
    ),
    (
        ["match", "--left", S, "--right", S, "--capacity", "x"],
        "--capacity expects N or ID=N, not `x`",
    ),
    (
        ["match", "--left", S, "--right", S, "--capacity", "0"],
        "capacity of every member must be at least 1, not 0",
    ),
    (
        ["match", "--left", S, "--right", S, "--capacity", "=3"],
        "--capacity expects N or ID=N, not `=3`",
    ),
    (
        ["explain", "alpha", "alpha", "-p", S],
        "the focal organisation and the candidate are the same profile",
    ),
]
"""partnerfit's own usage errors: exactly `error: MESSAGE` on stderr."""


@pytest.mark.parametrize(
    ("args", "message"), OURS, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_usage_errors_are_one_clean_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {message}")
    assert result.stderr.count("\n") == 1


CLICKS: list[tuple[list[str], str]] = [
    (["rank", "alpha", "-p", S, "--bogus"], "No such option: --bogus"),
    (["check", S, "--bogus"], "No such option: --bogus"),
    (["explain", "alpha", "beta", "--bogus"], "No such option: --bogus"),
    (["compare", "--bogus"], "No such option: --bogus"),
    (["match", "--bogus"], "No such option: --bogus"),
    (["schema", "--bogus"], "No such option: --bogus"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["rank"], "Missing argument 'FOCAL'"),
    (["explain", "alpha"], "Missing argument 'CANDIDATE'"),
    (["match", "--left", S], "Missing option '--right'"),
    (["match", "--right", S], "Missing option '--left'"),
    (["rank", "alpha", "-p"], "Option '-p' requires an argument"),
    (["rank", "alpha", "--top", "0"], "Invalid value for '--top' / '-n'"),
    (["rank", "alpha", "--top", "abc"], "Invalid value for '--top' / '-n'"),
    (["rank", "alpha", "--min-score", "101"], "Invalid value for '--min-score'"),
    (["rank", "alpha", "--min-score", "inf"], "Invalid value for '--min-score'"),
    (["rank", "alpha", "--robustness", "0"], "Invalid value for '--robustness'"),
    (["rank", "alpha", "--seed", "-1"], "Invalid value for '--seed'"),
    (["rank", "alpha", "--spread", "half"], "Invalid value for '--spread'"),
    (["explain", "a", "b", "--suggestions", "-1"], "Invalid value for '--suggestions'"),
    (["compare", "--top-k", "0"], "Invalid value for '--top-k' / '-k'"),
    (["compare", "--min-score", "nan"], "Invalid value for '--min-score'"),
    (["compare", "--min-score", "-1"], "Invalid value for '--min-score'"),
    (["match", "--left", S, "--right", S, "--min-score", "200"], "Invalid value for '--min-score'"),
]
"""Errors the option parser reports: usage, a hint, and the error, on stderr."""


@pytest.mark.parametrize(
    ("args", "message"), CLICKS, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_parser_errors_are_short(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert message in result.stderr
    assert f"Error: {message}" in result.stderr
    assert len(result.stderr.splitlines()) <= 5
    assert "Traceback" not in result.stderr


def test_rank_with_robustness_accepts_the_largest_seed() -> None:
    """Seeds are any non-negative integer, however large (numpy takes big ints)."""
    args = ["rank", "alpha", "-p", S, "--robustness", "5", "-f", "json", "--seed"]
    assert runner.invoke(app, [*args, str(10**30)]).exit_code == 0


def _boom(*_args: object, **_kwargs: object) -> None:
    raise ZeroDivisionError("boom")


INTERNALS: dict[str, tuple[list[str], str]] = {
    "rank": (["rank", "alpha", "-p", S], "partnerfit.decide.ranking.tiers_for"),
    "check": (["check", S], "partnerfit.check.files.cross_file_checks"),
    "explain": (["explain", "alpha", "beta", "-p", S], "partnerfit.decide.explain._lookup"),
    "compare": (["compare", "-p", S], "partnerfit.batch.engine._score_and_select"),
    "match": (["match", "--left", S, "--right", S], "partnerfit.batch.match._capacities"),
    "schema": (["schema", "profile"], "partnerfit.model.schema._finish"),
}
"""Each command and an internal function it calls through its module (so the patch holds)."""

INTERNAL_MESSAGE = (
    "internal error: ZeroDivisionError: boom\n"
    f"This is a bug in partnerfit; please report it at {ISSUES_URL} "
    "(rerun with --debug for the traceback).\n"
)


@pytest.mark.parametrize("command", sorted(INTERNALS))
def test_an_internal_error_is_one_line_and_a_hint(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, target = INTERNALS[command]
    assert runner.invoke(app, args).exit_code in (0, 1)
    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(importlib.import_module(module), name, _boom)
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (70, INTERNAL_MESSAGE)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", sorted(INTERNALS))
def test_debug_lets_the_internal_error_through(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, target = INTERNALS[command]
    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(importlib.import_module(module), name, _boom)
    result = runner.invoke(app, ["--debug", *args])
    assert isinstance(result.exception, ZeroDivisionError)
    assert "internal error" not in result.output
    again = runner.invoke(app, args)
    assert again.exit_code == 70, "--debug must not stick to the next invocation"


def test_debug_prints_the_traceback_in_a_real_process() -> None:
    """In a real process: one line and a hint without --debug, the whole traceback with it."""
    script = (
        "import sys, partnerfit.decide.ranking as r\n"
        "def boom(*a, **k): raise ZeroDivisionError('boom')\n"
        "r.tiers_for = boom\n"
        "from partnerfit.cli import main\n"
        "sys.argv = ['partnerfit', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PARTNERFIT_DEBUG", None)
    plain = subprocess.run(
        [sys.executable, "-c", script, "rank", "alpha", "-p", S],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (plain.returncode, plain.stderr) == (70, INTERNAL_MESSAGE)
    debug = subprocess.run(
        [sys.executable, "-c", script, "--debug", "rank", "alpha", "-p", S],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert debug.returncode == 1
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert debug.stderr.rstrip().endswith("ZeroDivisionError: boom")
