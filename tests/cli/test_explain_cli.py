"""`partnerfit explain` through the CLI: exact output, formats and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

DECIDE = str(Path(__file__).parent.parent / "data" / "decide")

# Changed with issue 10: delta states only a region, so it has insufficient evidence (no rank,
# no tier); unknowns count at the prior and are costed; the suggestions changed with the scores.
EXPECTED_MARKDOWN = """\
### Delta Depot (`delta`) for Alpha Growers (`alpha`)

Score 26.2 / 100 (weighted sum); insufficient evidence: 5% of the weight known, so no rank or \
tier.

| Criterion | Score | Weight | Points | Summary |
|:--|--:|--:|--:|:--|
| Values | ? | 30% | 7.5 | no values on the candidate side |
| Complementarity | ? | 30% | 7.5 | candidate states no strengths |
| Goals | ? | 15% | 3.8 | no comparable goals |
| Market reach | 38 | 10% | 3.8 | opens de |
| Reputation | ? | 10% | 2.5 | no rating or certifications |
| Communication | ? | 5% | 1.2 | no languages or cadence to compare |
| **Total** | | 100% | **26.2** | |

**Evidence**

- Values: shared values (yours/theirs): none; only yours: sustainability (4), transparency \
(3); only theirs: none; your importance they match: unknown; theirs you match: unknown
- Complementarity: your needs covered: none; your needs left open: funding (4), logistics (2); \
their needs you cover: none; their needs left open: none; supplementary (both strong in): \
none; your needs met: unknown; theirs met: unknown
- Goals: shared goal themes: none; shared metrics: none; your themes they lack: education, food
- Market reach: new regions: de; new audiences: none; already shared: none
- Reputation: rating: none; certifications: none
- Communication: shared languages: none; cadence: yours weekly, theirs unknown

Unknown (counted at the prior 25; the score could be 2.5–97.5):
- Values (nothing known): counts 7.5 points; stating it could cost up to 7.5 or add up to 22.5
- Complementarity (nothing known): counts 7.5 points; stating it could cost up to 7.5 or add \
up to 22.5
- Goals (nothing known): counts 3.8 points; stating it could cost up to 3.8 or add up to 11.2
- Market reach (audiences unknown): counts 3.8 points; stating it could cost up to 1.2 or add \
up to 3.8
- Reputation (nothing known): counts 2.5 points; stating it could cost up to 2.5 or add up to \
7.5
- Communication (nothing known): counts 1.2 points; stating it could cost up to 1.2 or add up \
to 3.8

Dealbreakers hit: none

**What would raise the score most**

1. holding the value `sustainability` (importance 4) would add 16.1 points (to 42.3)
2. holding the value `transparency` (importance 3) would add 13.9 points (to 40.2)

Weights: config
> insufficient evidence: 5% of the weight is known (minimum 50%), so no rank and no tier
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
        "Score 50.7 / 100, tier B, ranked 1 of 1 (weighted sum); 94% of the weight known.",
    ]
    # bars: 24 cells stand for the largest weight (30%); values adds 11.8 of 30 points
    values_row = next(line for line in lines if line.startswith("│ Values"))
    assert "█████████░░░░░░░░░░░░░░░" in values_row
    assert "│   11.8 │" in values_row
    assert "    your needs left open: logistics (2)" in lines
    assert "Unknown (counted at the prior 25; the score could be 49.2–55.0):" in lines
    assert (
        "  Reputation (certifications unknown): counts 6.9 points; stating it could cost up to "
        "0.5 or add up to 1.5"
    ) in lines
    assert (
        "  1. holding the value `transparency` (importance 3) would add 9.6 points (to 60.3)"
        in lines
    )
    assert "Dealbreakers hit: none" in lines
    assert lines[-1] == "Weights: config"


def test_excluded_candidate_says_why() -> None:
    code, out, _ = run("explain", "alpha", "gamma", "-p", DECIDE)
    assert code == 0
    assert "Excluded by 1 dealbreaker (it would score 39.8 without them); see below." in out
    assert "insufficient evidence" not in out  # excluded says so first
    assert "  - gamma has sector `tobacco`, a dealbreaker for alpha" in out.splitlines()
    assert "What would raise the score most" not in out


def test_json_is_stable_and_carries_the_schema_version() -> None:
    code, out, _ = run("explain", "alpha", "beta", "-p", DECIDE, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert out == run("explain", "alpha", "beta", "-p", DECIDE, "-f", "json")[1]
    assert (data["schema_version"], data["kind"]) == ("2", "partnerfit.explanation")
    assert data["score"] == 50.664881
    assert (data["coverage"], data["score_interval"]) == (0.9425, [49.227381, 54.977381])
    assert data["unknown_costs"][1] == {
        "criterion": "reputation",
        "parts": ["certifications"],
        "counted": 6.9,  # 10 · (0.8 · 4/5 + 0.2 · 0.25)
        "could_lose": 0.5,  # 10 · 0.2 · 0.25
        "could_gain": 1.5,  # 10 · 0.2 · 0.75
    }
    assert data["weights"]["source"] == "config"
    # 30 · (2/7 + 2/4) / 2
    assert data["criteria"]["value_alignment"]["contribution"] == 11.785714
    assert data["improvements"][0] == {
        "action": "value",
        "criterion": "value_alignment",
        "description": "holding the value `transparency` (importance 3)",
        "new_score": 60.307738,  # 50.664881 + 30 · (5/7 − 0.392857)
        "points": 9.642857,
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
