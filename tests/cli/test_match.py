"""``partnerfit match`` through the CLI: every format, --output, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()


def invoke(bundled: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["match", "--left", str(bundled), "--right", str(bundled), *args])
    return result.exit_code, result.stdout, result.stderr


def test_csv_exact_stable(bundled: Path) -> None:
    code, out, err = invoke(
        bundled, "--mode", "stable", "--capacity", "1", "--min-score", "60", "-f", "csv"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    # changed with issue 10: new scores (shamba and verdant fall below 60), coverage columns
    assert lines[:3] == [
        "status,left_id,right_id,left_score,right_score,fit,left_coverage,right_coverage,side,"
        "reason",
        "matched,greenleaf-coop,harvest-hub-distribution,66.18,62.25,64.22,1.0000,1.0000,,",
        "matched,harvest-hub-distribution,greenleaf-coop,62.25,66.18,64.22,1.0000,1.0000,,",
    ]
    assert (
        "unmatched,greenroute-cargo-bikes,,,,,,,left,"
        '"no acceptable partner: 1 ruled out by dealbreakers, 29 below --min-score"'
    ) in lines
    assert len(lines) == 1 + 2 + 2 * 29


def test_table(bundled: Path) -> None:
    code, out, _ = invoke(bundled, "--capacity", "1", "--min-score", "60")
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Matched pairs (max-total)"
    assert lines[5:7] == [
        "│ greenleaf-coop      │ verdant-impact-fund │   66.0 │    62.9 │ 64.4 │ 100%/100% │",
        "│ verdant-impact-fund │ greenleaf-coop      │   62.9 │    66.0 │ 64.4 │ 100%/100% │",
    ]
    assert lines[-2:] == [
        "2 pairs, total fit 128.9 (4 acceptable pairs; 58 members unmatched)",
        "Solver: one-to-one assignment (scipy linear_sum_assignment)",
    ]


def test_json(bundled: Path) -> None:
    code, out, _ = invoke(bundled, "--min-score", "40", "-f", "json", "--capacity", "1")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == "2"
    assert data["kind"] == "partnerfit.matching"
    assert data["mode"] == "max-total"
    assert data["solver"] == "linear-sum-assignment"
    assert data["summary"]["pairs"] == len(data["pairs"]) == 18
    assert all(0 <= p["left_coverage"] <= 1 for p in data["pairs"])
    assert data["summary"]["total"] == pytest.approx(sum(p["fit"] for p in data["pairs"]), abs=1e-5)
    assert out == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_capacity_per_member(bundled: Path) -> None:
    code, out, _ = invoke(
        bundled, "--capacity", "1", "--capacity", "greenleaf-coop=3", "-f", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["capacities"]["left"]["greenleaf-coop"] == 3
    assert data["solver"] == "highs-lp"
    assert sum(1 for p in data["pairs"] if p["left"]["id"] == "greenleaf-coop") == 3


def test_output_file(bundled: Path, tmp_path: Path) -> None:
    target = tmp_path / "pairs.csv"
    code, out, _ = invoke(bundled, "--min-score", "55", "-f", "csv", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text().startswith("status,left_id,right_id")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mode", "greedy"], "error: unknown mode `greedy`; choose from max-total, stable"),
        (["--capacity", "x"], "error: --capacity expects N or ID=N, not `x`"),
        (["--capacity", "0"], "error: capacity of every member must be at least 1, not 0"),
        (["--proposer", "up"], "error: unknown proposing side `up`; choose from left, right"),
        (["-f", "xml"], "error: unknown format `xml`; choose from table, json, csv"),
    ],
)
def test_usage_errors(bundled: Path, args: list[str], message: str) -> None:
    code, _, err = invoke(bundled, *args)
    assert code == 2
    assert err.strip() == message or err.startswith(message)


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["match", "--help"])
    assert result.exit_code == 0
    assert "Example: partnerfit match" in result.stdout
