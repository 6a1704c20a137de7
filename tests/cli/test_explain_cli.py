"""`partnerfit explain` through the CLI: exact output, formats and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

DECIDE = str(Path(__file__).parent.parent / "data" / "decide")

EXPECTED_MARKDOWN = """\
### Delta Depot (`delta`) for Alpha Growers (`alpha`)

Score 12.5 / 100, ranked 2 of 2 (weighted sum).

| Criterion | Score | Weight | Points | Summary |
|:--|--:|--:|--:|:--|
| Values | ? | – | ? | no values on the candidate side |
| Complementarity | 0 | 75% | 0.0 | covers none of the focal's needs |
| Goals | ? | – | ? | no comparable goals |
| Market reach | 50 | 25% | 12.5 | opens de |
| Reputation | ? | – | ? | no rating or certifications |
| Communication | ? | – | ? | no languages or cadence to compare |
| **Total** | | 100% | **12.5** | |

**Evidence**

- Values: shared values (yours/theirs): none; only yours: sustainability (4), transparency (3); \
only theirs: none
- Complementarity: your needs covered: none; your needs left open: funding (4), logistics (2); \
their needs you cover: none; their needs left open: none; supplementary (both strong in): none
- Goals: shared goal themes: none; shared metrics: none; your themes they lack: education, food
- Market reach: new regions: de; new audiences: none; already shared: none
- Reputation: rating: none; certifications: none
- Communication: shared languages: none; cadence: yours weekly, theirs unknown

Unknown (left out, weights renormalised): value_alignment, goal_alignment, reputation, communication

Dealbreakers hit: none

**What would raise the score most**

1. covering the need `funding` (priority 4) at level 5 would add 50.0 points (to 62.5)
2. holding the value `sustainability` (importance 4) would add 25.8 points (to 38.3)

Weights: config
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_markdown_exact() -> None:
    code, out, err = run(
        "explain", "alpha", "delta", "-p", DECIDE, "-f", "markdown", "--suggestions", "2"
    )
    assert (code, err) == (0, "")
    assert out == EXPECTED_MARKDOWN


def test_table_shows_bars_evidence_and_advice() -> None:
    code, out, _ = run("explain", "alpha", "beta", "-p", DECIDE)
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == [
        "Beta Fund (beta) for Alpha Growers (alpha)",
        "Score 57.6 / 100, tier B, ranked 1 of 2 (weighted sum).",
    ]
    # bars: 24 cells stand for the largest used weight (30%); values adds 16.4 of 30 points
    values_row = next(line for line in lines if line.startswith("│ Values"))
    assert "█████████████░░░░░░░░░░░" in values_row
    assert "│   16.4 │" in values_row
    assert "    your needs left open: logistics (2)" in lines
    assert (
        "  1. holding the value `transparency` (importance 3) would add 9.4 points (to 66.9)"
        in lines
    )
    assert "Dealbreakers hit: none" in lines
    assert lines[-1] == "Weights: config"


def test_excluded_candidate_says_why() -> None:
    code, out, _ = run("explain", "alpha", "gamma", "-p", DECIDE)
    assert code == 0
    assert "Excluded by 1 dealbreaker (it would score 31.2 without them); see below." in out
    assert "  - gamma has sector `tobacco`, a dealbreaker for alpha" in out.splitlines()
    assert "What would raise the score most" not in out


def test_json_is_stable_and_carries_the_schema_version() -> None:
    code, out, _ = run("explain", "alpha", "beta", "-p", DECIDE, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert out == run("explain", "alpha", "beta", "-p", DECIDE, "-f", "json")[1]
    assert (data["schema_version"], data["kind"]) == ("1", "partnerfit.explanation")
    assert data["score"] == 57.587302
    assert data["weights"]["source"] == "config"
    assert data["criteria"]["value_alignment"]["contribution"] == 16.363636  # 30 · 6/11
    assert data["improvements"][0] == {
        "action": "value",
        "criterion": "value_alignment",
        "description": "holding the value `transparency` (importance 3)",
        "new_score": 66.937952,  # 57.5873023 + 30 · 24/77
        "points": 9.350649,
        "side": "candidate",
        "tag": "transparency",
        "value": 3,
    }
    assert list(data) == sorted(data)


def test_weights_from_ranking_are_stated() -> None:
    code, out, _ = run(
        "explain", "alpha", "beta", "-p", DECIDE, "-f", "json",
        "--weights-from-ranking", "complementarity,value_alignment",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["weights"]["source"] == "ranking-order-centroid"
    assert data["weights"]["normalised"]["complementarity"] == 0.75
    assert data["notes"] == [
        "weights from the order complementarity > value_alignment (rank-order centroid); "
        "not listed, so weight 0: goal_alignment, market_reach, reputation, communication"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["alpha", "alpha"],
            "error: the focal organisation and the candidate are the same profile",
        ),
        (
            ["alpha", "beat"],
            "error: no profile with id `beat` in the profile set; did you mean `beta`?",
        ),
        (
            ["alpha", "beta", "-f", "xml"],
            "error: unknown format `xml`; choose from table, json, markdown",
        ),
        (
            ["alpha", "beta", "--weights-from-ranking", "values"],
            "error: unknown criterion `values` in --weights-from-ranking",
        ),
    ],
)
def test_usage_errors_exit_2_with_a_message(args: list[str], message: str) -> None:
    code, out, err = run("explain", *args, "-p", DECIDE)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert "Traceback" not in err


def test_help_ends_with_an_example() -> None:
    code, out, _ = run("explain", "--help")
    assert code == 0
    assert "Examples:\n    partnerfit explain greenleaf-coop harvest-hub-distribution\n" in out
