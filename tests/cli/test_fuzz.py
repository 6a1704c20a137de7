"""Fuzzing: mutated profiles never crash a command; they succeed or fail with a clean error.

The default run is short; `python -m pytest -m fuzz` runs the long one (see README).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from tests.fuzzing import mutated_profile
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()
COMMANDS: list[list[str]] = [["rank", "alpha", "--skip-invalid"], ["rank", "alpha"]]


def _run_all(directory: Path, payload: bytes) -> None:
    (directory / "fuzzed.yaml").write_bytes(payload)
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--profiles", str(directory)])
        assert result.exit_code in (0, 1), (command, result.exit_code, result.output)
        assert "Traceback" not in result.stderr
        assert "internal error" not in result.stderr
        if result.exit_code == 1:
            assert result.stderr.strip(), "a failure must say why"


def _fresh(tmp_path_factory: pytest.TempPathFactory, small_set: Path) -> Path:
    directory = tmp_path_factory.mktemp("fuzz")
    for file in small_set.iterdir():
        shutil.copy(file, directory / file.name)
    return directory


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(payload=mutated_profile())
def test_mutated_profiles_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path, payload: bytes
) -> None:
    _run_all(_fresh(tmp_path_factory, small_set), payload)


@pytest.mark.fuzz
@settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=mutated_profile())
def test_long_fuzz(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path, payload: bytes
) -> None:
    _run_all(_fresh(tmp_path_factory, small_set), payload)
