"""Fuzzing: mutated profiles never crash a command; they succeed or fail with a clean error.

Every command that reads profiles runs over the mutated file: check, rank (by id and with the
file as FOCAL), compare, explain and match. The default run is short; the long one is under the
``fuzz`` marker: ``python -m pytest -m fuzz tests/cli/test_fuzz.py`` (see docs/limits-and-security.md).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from tests.fuzzing import mutated_config, mutated_profile
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()
FUZZED = "fuzzed.yaml"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def commands(directory: Path, clean: Path) -> list[list[str]]:
    """Every profile-reading command over a set holding the mutated file."""
    fuzzed = str(directory / FUZZED)
    where = ["--profiles", str(directory)]
    return [
        ["check", str(directory)],
        ["check", fuzzed, "--strict", "--format", "sarif"],
        ["rank", "alpha", *where],
        ["rank", "alpha", *where, "--skip-invalid", "--format", "json"],
        ["rank", fuzzed, "--profiles", str(clean), "--method", "topsis"],
        ["compare", *where],
        ["compare", *where, "--skip-invalid", "--format", "jsonl"],
        ["explain", "alpha", fuzzed, "--profiles", str(clean)],
        ["explain", fuzzed, "beta", *where, "--skip-invalid", "--format", "json"],
        ["match", "--left", str(directory), "--right", str(clean)],
        [
            "match",
            "--left",
            str(clean),
            "--right",
            str(directory),
            "--mode",
            "stable",
            "--skip-invalid",
        ],
    ]


def one_each(directory: Path, clean: Path) -> list[list[str]]:
    """One run of each command, for the long fuzz (more inputs in the same time)."""
    fuzzed = str(directory / FUZZED)
    where = ["--profiles", str(directory)]
    return [
        ["check", str(directory)],
        ["rank", "alpha", *where, "--skip-invalid", "--format", "json"],
        ["compare", *where, "--skip-invalid", "--format", "jsonl"],
        ["explain", "alpha", fuzzed, "--profiles", str(clean)],
        ["match", "--left", str(directory), "--right", str(clean), "--skip-invalid"],
    ]


def _run_all(directory: Path, clean: Path, payload: bytes, *, every: bool = True) -> None:
    (directory / FUZZED).write_bytes(payload)
    for command in (commands if every else one_each)(directory, clean):
        result = runner.invoke(app, command)
        assert result.exit_code in (0, 1), (command, result.exit_code, result.output)
        assert "Traceback" not in result.output
        assert "internal error" not in result.output
        # whatever the file holds, no control character reaches the reader (every format)
        assert RAW_CONTROL.search(result.output) is None, (command, result.output)
        if result.exit_code == 1:
            assert result.output.strip(), "a failure must say why"


def _fresh(tmp_path_factory: pytest.TempPathFactory, small_set: Path) -> Path:
    directory = tmp_path_factory.mktemp("fuzz")
    for file in small_set.iterdir():
        shutil.copy(file, directory / file.name)
    return directory


def test_the_harness_sees_a_crash(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The assertions catch an internal error: a fuzz run that cannot fail proves nothing."""

    def explode(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("partnerfit.decide.ranking.rank", explode)
    with pytest.raises(AssertionError, match="70"):
        _run_all(
            _fresh(tmp_path_factory, small_set), small_set, (small_set / "beta.yaml").read_bytes()
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(payload=mutated_profile())
def test_mutated_profiles_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path, payload: bytes
) -> None:
    _run_all(_fresh(tmp_path_factory, small_set), small_set, payload)


def _run_config(directory: Path, payload: bytes) -> None:
    """Every command with the mutated file as --config: success, or a clean failure."""
    config = directory.parent / f"{directory.name}-config.yaml"
    config.write_bytes(payload)
    where = ["--profiles", str(directory), "--config", str(config)]
    for command in (
        ["check", str(directory), "--config", str(config)],
        ["rank", "alpha", *where, "--format", "json"],
        ["compare", *where, "--format", "jsonl"],
        ["explain", "alpha", "beta", *where],
        ["match", "--left", str(directory), "--right", str(directory), "--config", str(config)],
    ):
        result = runner.invoke(app, command)
        # 2: a valid config may still leave every weight at zero, a usage error of the weights
        assert result.exit_code in (0, 1, 2), (command, result.exit_code, result.output)
        assert "Traceback" not in result.output
        assert "internal error" not in result.output
        if result.exit_code:
            assert result.output.strip(), "a failure must say why"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(payload=mutated_config())
def test_mutated_configs_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path, payload: bytes
) -> None:
    _run_config(_fresh(tmp_path_factory, small_set), payload)


LONG_EXAMPLES = int(os.environ.get("PARTNERFIT_FUZZ_EXAMPLES", "4000"))


@pytest.mark.fuzz
@settings(max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=mutated_profile())
def test_long_fuzz(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path, payload: bytes
) -> None:
    _run_all(_fresh(tmp_path_factory, small_set), small_set, payload, every=False)


@pytest.mark.fuzz
@settings(max_examples=LONG_EXAMPLES // 4, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=mutated_config())
def test_long_config_fuzz(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path, payload: bytes
) -> None:
    _run_config(_fresh(tmp_path_factory, small_set), payload)
