"""`partnerfit weights` and `partnerfit calibrate` through the CLI: exact output, formats, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

ROOT = Path(__file__).parent.parent.parent
PROFILES_DIR = ROOT / "profiles"
JUDGEMENTS = "judgements/stakeholders.yaml"
OUTCOMES = "outcomes/past-partnerships.yaml"

EXPECTED_WEIGHTS_TABLE = """\
Weights from judgements/stakeholders.yaml: Criteria for choosing partners,
2025 partnership round
Criterion         director   programme-lead   finance-officer     AIJ     AIP
─────────────────────────────────────────────────────────────────────────────
value_alignment      38.2%            13.2%              9.2%   26.7%   23.3%
complementarity      22.7%            36.4%             15.2%   26.3%   26.3%
goal_alignment       13.3%             9.7%              6.1%   13.1%   11.5%
market_reach          7.6%            11.8%             39.7%   10.4%   14.6%
reputation           13.3%            10.4%             25.0%   15.7%   16.7%
communication         4.9%            18.4%              4.7%    7.9%    7.7%

Stakeholder       Vote   Judged   Method                     CR   Compat.
─────────────────────────────────────────────────────────────────────────
director           50%    15/15   eigenvector             0.008      1.08
programme-lead     25%    15/15   eigenvector           0.247 !      1.61
finance-officer    25%     8/15   Harker (incomplete)     0.005      1.57
group (AIJ)               15/15   eigenvector             0.026

programme-lead: CR 0.247 (above 0.10). Most inconsistent: market_reach vs
communication = 3; 0.201 would be consistent (nearest on the scale 1/5) and
bring CR to 0.070.
AIJ: vote-weighted geometric mean of the judgements, then priorities (group CR
0.026). AIP: vote-weighted geometric mean of the stakeholders' priorities. Group
weights: AIJ.
Consensus 81% (high). Compatibility with the group above 1.1 means a
stakeholder's judgements differ from the group's weights.
"""

EXPECTED_CALIBRATE_TABLE = """\
Calibration on 60 past partnerships in
outcomes/past-partnerships.yaml
Criterion         Current   Fitted   Change
───────────────────────────────────────────
value_alignment     30.0%     4.4%    -25.6
complementarity     30.0%    40.7%    +10.7
goal_alignment      15.0%     0.0%    -15.0
market_reach        10.0%    10.2%     +0.2
reputation          10.0%    32.9%    +22.9
communication        5.0%    11.8%     +6.8

Rank correlation of fit with outcome: current weights 0.73; fitted 0.84 in
sample, 0.78 leave-one-out.
Improved: cross-validated Q² 0.39 against 0.25 with the current weights.

Suggested tiers
Tier   Now   Suggested   Wanted   At or above   Succeeded
─────────────────────────────────────────────────────────
A       60        45.3      75%            24         75%
B       45        39.5      50%            40         50%
C       30        20.4      25%            60         33%

A partnership counts as a success at an outcome of 60 or more (success = 100,
failure = 0).
Current weights: config.
"""


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths are shown relative to the working directory; the table is 80 columns wide."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


runner = CliRunner()


def test_weights_table_is_exact_and_warns_on_stderr() -> None:
    result = runner.invoke(app, ["weights", JUDGEMENTS])
    assert result.exit_code == 0
    assert result.stdout == EXPECTED_WEIGHTS_TABLE
    assert result.stderr == (
        "warning: programme-lead: CR 0.247 is above 0.10; the judgements should be revisited\n"
    )
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


def test_weights_table_is_usable_at_60_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = runner.invoke(app, ["weights", JUDGEMENTS])
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    assert "26.7%" in result.stdout


def test_weights_json() -> None:
    result = runner.invoke(app, ["weights", JUDGEMENTS, "--format", "json"])
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1"
    assert data["kind"] == "partnerfit.weights"
    assert [s["name"] for s in data["stakeholders"]] == [
        "director",
        "programme-lead",
        "finance-officer",
    ]
    lead = data["stakeholders"][1]
    assert lead["cr"] == pytest.approx(0.247, abs=5e-4)
    assert lead["acceptable"] is False
    assert lead["most_inconsistent"]["more"] == "market_reach"
    assert lead["most_inconsistent"]["less"] == "communication"
    assert lead["most_inconsistent"]["nearest_scale"] == pytest.approx(0.2)
    assert data["stakeholders"][2]["method"] == "harker"
    assert data["stakeholders"][2]["judged"] == 8
    group = data["group"]
    assert group["method"] == "aij"
    assert sum(group["weights"].values()) == pytest.approx(1.0, abs=1e-5)
    assert group["consensus_words"] == "high"
    aip = runner.invoke(app, ["weights", JUDGEMENTS, "-f", "json", "--group", "aip"])
    assert json.loads(aip.stdout)["group"]["weights"] == group["aip"]["weights"]


def test_write_config_is_used_by_rank_compare_and_match(tmp_path: Path) -> None:
    target = tmp_path / "weights.yaml"
    result = runner.invoke(app, ["weights", JUDGEMENTS, "--write-config", str(target)])
    assert result.exit_code == 0
    assert f"wrote {target}; use it with: partnerfit rank FOCAL --config {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert "weights_source: AHP AIJ of 3 stakeholders from judgements/stakeholders.yaml" in text
    assert "  food-security:" in text  # synonyms carried over from profiles/partnerfit.yaml
    source = (
        "config (AHP AIJ of 3 stakeholders from judgements/stakeholders.yaml, group CR 0.03, "
        "consensus 81%)"
    )
    rank = runner.invoke(
        app, ["rank", "greenleaf-coop", "--config", str(target), "-n", "3", "-f", "json"]
    )
    assert rank.exit_code == 0
    weights = json.loads(rank.stdout)["weights"]
    assert weights["source"] == source
    assert weights["note"] is None  # written to sum exactly 1
    assert weights["normalised"]["value_alignment"] == pytest.approx(0.266633)
    markdown = runner.invoke(
        app, ["rank", "greenleaf-coop", "--config", str(target), "-f", "markdown"]
    )
    assert f"weights: {source}." in markdown.stdout
    compare = runner.invoke(
        app, ["compare", "--config", str(target), "-k", "1", "--format", "json"]
    )
    assert compare.exit_code == 0
    assert json.loads(compare.stdout)["weights"]["source"] == source
    match = runner.invoke(
        app, ["match", "-l", "profiles", "-r", "profiles", "--config", str(target), "-f", "json"]
    )
    assert match.exit_code == 0, match.stderr
    assert json.loads(match.stdout)["weights"]["source"] == source


def test_write_config_refuses_custom_criteria_and_inputs(tmp_path: Path) -> None:
    custom = tmp_path / "car.yaml"
    custom.write_text(
        "kind: judgements\ncriteria: [cost, safety]\nstakeholders:\n"
        "  - name: me\n    judgements: [[cost, safety, 3]]\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["weights", str(custom), "--write-config", str(tmp_path / "o.yaml")]
    )
    assert result.exit_code == 2
    assert "needs partnerfit's criteria; cost, safety are not among" in result.stderr
    plain = runner.invoke(app, ["weights", str(custom), "-f", "json"])
    assert json.loads(plain.stdout)["group"]["weights"] == {"cost": 0.75, "safety": 0.25}
    clobber = runner.invoke(app, ["weights", JUDGEMENTS, "--write-config", JUDGEMENTS])
    assert clobber.exit_code == 2
    assert "would overwrite an input" in clobber.stderr


def test_weights_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["weights", "nothing.yaml"])
    assert (missing.exit_code, missing.stderr) == (
        2,
        "error: judgements file nothing.yaml does not exist or is not a file\n",
    )
    bad_format = runner.invoke(app, ["weights", JUDGEMENTS, "-f", "csv"])
    assert bad_format.exit_code == 2
    bad_group = runner.invoke(app, ["weights", JUDGEMENTS, "--group", "mean"])
    assert bad_group.exit_code == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: judgements\ncriteria: [a, b]\nstakeholders: [{name: x}]\n")
    invalid = runner.invoke(app, ["weights", str(broken)])
    assert invalid.exit_code == 1
    assert "3:16: error missing-field: missing required field `judgements`" in invalid.stderr
    assert "Traceback" not in invalid.stderr


HOSTILE = """\
kind: judgements
title: "[bold red]x[/] | <script>\\e[2J"
criteria: ["[red]a[/red]", "b|c", "*d*"]
stakeholders:
  - name: "[link=http://x]me[/link]"
    judgements:
      - ["[red]a[/red]", "b|c", 3]
      - ["b|c", "*d*", 5]
      - ["[red]a[/red]", "*d*", 1/2]
"""


def test_file_text_is_data_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    table = runner.invoke(app, ["weights", str(path)])
    assert table.exit_code == 0
    assert "[red]a[/red]" in table.stdout
    assert "[link=http://x]me[/link]" in table.stdout
    markdown = runner.invoke(app, ["weights", str(path), "-f", "markdown"])
    assert "\\[red\\]a\\[/red\\]" in markdown.stdout
    assert "b\\|c" in markdown.stdout
    assert "\\*d\\*" in markdown.stdout
    assert "&lt;script>" in markdown.stdout  # no HTML
    assert "\x1b" not in table.stdout + markdown.stdout  # control characters escaped
    assert "\\x1b[2J" in table.stdout
    data = json.loads(runner.invoke(app, ["weights", str(path), "-f", "json"]).stdout)
    assert data["criteria"] == ["[red]a[/red]", "b|c", "*d*"]


def test_calibrate_table_is_exact() -> None:
    result = runner.invoke(app, ["calibrate", OUTCOMES])
    assert result.exit_code == 0
    assert result.stdout == EXPECTED_CALIBRATE_TABLE
    assert result.stderr == ""


def test_calibrate_json_and_write_config(tmp_path: Path) -> None:
    target = tmp_path / "calibrated.yaml"
    result = runner.invoke(
        app, ["calibrate", OUTCOMES, "-f", "json", "--write-config", str(target)]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1"
    assert data["kind"] == "partnerfit.calibration"
    assert data["improved"] is True
    assert data["partnerships"] == 60
    assert len(data["records"]) == 60
    assert set(data["rank_correlation"]) == {"current", "fitted_in_sample", "fitted_leave_one_out"}
    text = target.read_text(encoding="utf-8")
    assert "weights_source: calibrated on 60 outcomes in outcomes/past-partnerships.yaml" in text
    assert "tiers:\n  A: 45.3\n  B: 39.5\n  C: 20.4\n" in text
    rank = runner.invoke(app, ["rank", "greenleaf-coop", "--config", str(target), "-f", "json"])
    assert json.loads(rank.stdout)["weights"]["source"].startswith("config (calibrated on 60")


def _outcomes(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = tmp_path / "o.yaml"
    lines = ["kind: outcomes", "outcomes:"]
    lines += [f"  - {{focal: {f}, partner: {p}, outcome: {o}}}" for f, p, o in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_calibrate_refuses_too_few_and_will_not_write_a_non_improvement(tmp_path: Path) -> None:
    pairs = [
        ("greenleaf-coop", "harvest-hub-distribution"),
        ("greenleaf-coop", "riverside-food-bank"),
        ("greenleaf-coop", "terra-compost"),
    ]
    few = _outcomes(tmp_path, [(f, p, "success") for f, p in pairs])
    result = runner.invoke(app, ["calibrate", str(few)])
    assert result.exit_code == 2
    assert "calibration needs at least 10" in result.stderr
    from partnerfit.model.profileset import load_profile_set

    ids = load_profile_set(PROFILES_DIR).ids()
    rows = [
        (ids[i], ids[(i * 7 + 3) % len(ids)], str((i * 37) % 101))
        for i in range(len(ids))
        if ids[i] != ids[(i * 7 + 3) % len(ids)]
    ]
    noise = _outcomes(tmp_path, rows)
    result = runner.invoke(
        app, ["calibrate", str(noise), "--write-config", str(tmp_path / "c.yaml")]
    )
    assert result.exit_code == 2
    assert "No clear improvement" in result.stdout
    assert "not written" in result.stderr
    assert not (tmp_path / "c.yaml").exists()


def test_calibrate_located_errors(tmp_path: Path) -> None:
    path = _outcomes(tmp_path, [("greenleaf-co", "terra-compost", "succes")])
    result = runner.invoke(app, ["calibrate", str(path)])
    assert result.exit_code == 1
    assert "o.yaml:3:" in result.stderr
    assert "did you mean `success`?" in result.stderr


def test_many_stakeholders_turn_the_table(tmp_path: Path) -> None:
    criteria = ["value_alignment", "complementarity", "goal_alignment"]
    lines = ["kind: judgements", f"criteria: [{', '.join(criteria)}]", "stakeholders:"]
    for k in range(9):
        lines += [
            f"  - name: stakeholder-with-a-long-name-{k}",
            "    judgements:",
            f"      - [value_alignment, complementarity, {k + 1}]",
            "      - [complementarity, goal_alignment, 2]",
        ]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["weights", str(path)])
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert max(len(line) for line in out) <= 80
    assert any(line.startswith("Stakeholder") and "C1" in line for line in out)
    assert "C1 value_alignment; C2 complementarity; C3 goal_alignment." in out
    assert any(line.startswith("stakeholder-with-a-long-name-8") for line in out)


def test_calibrate_learns_from_partnership_files(tmp_path: Path) -> None:
    import shutil

    # the bundled partnerships alone are too few to fit six weights: a clear usage error
    alone = runner.invoke(app, ["calibrate", "partnerships", "--as-of", "2026-11-15"])
    assert alone.exit_code == 2
    assert alone.stderr == (
        "error: 9 partnerships with an outcome: calibration needs at least 10 to fit 6 weights "
        "(and 30 or more to trust them)\n"
    )
    # beside the outcomes file, each chosen partner of a partnership with `selected_by` counts once
    shutil.copytree("partnerships", tmp_path / "partnerships")
    shutil.copytree("outcomes", tmp_path / "outcomes")
    both = runner.invoke(app, ["calibrate", str(tmp_path), "--as-of", "2026-11-15", "-f", "json"])
    assert both.exit_code == 0, both.output
    data = json.loads(both.stdout)
    assert data["partnerships"] == 69
    labels = {r["outcome"] for r in data["records"]}
    assert {"success", "failure"} <= labels  # outcomes recorded in the partnership files
    assert any(label.startswith("health ") for label in labels)  # else the health as of the date


def test_calibrate_as_of_must_be_a_date() -> None:
    result = runner.invoke(app, ["calibrate", "partnerships", "--as-of", "soon"])
    assert result.exit_code == 2
    assert result.stderr == "error: --as-of expects a date as YYYY-MM-DD, not `soon`\n"
