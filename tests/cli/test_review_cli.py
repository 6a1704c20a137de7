"""`partnerfit review` through the CLI: exact output, every format, hostile text, errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.review import review_partnerships

ROOT = Path(__file__).parent.parent.parent
DATA = ROOT / "tests" / "data"
VALID = str(DATA / "partnerships" / "valid")
SMALL_PROFILES = str(DATA / "small")
HOSTILE = str(DATA / "review" / "hostile.yaml")
BUNDLED = [str(ROOT / "partnerships"), "-p", str(ROOT / "profiles")]
AS_OF = ["--as-of", "2025-10-15"]


def run(*args: str, width: int = 80) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width)})
    return result.exit_code, result.stdout, result.stderr


EXPECTED_TABLE = """\
Partnerships as of 2025-10-15: 0 at risk, 0 on watch, 1 healthy, 1 without
evidence yet

 #  Partnership          Health  Cov  Status           Trend  Fit  Goals  Flags
 ──────────────────────────────────────────────────────────────────────────────
 1  Minimal partnership       –  10%  no evidence yet    new    –    0/0      1
    minimal · active
 2  Small partnership        77  85%  healthy             ▼6   68    0/1      1
    small · renewal

Health 0–100 (healthy ≥ 70, watch ≥ 50); Cov: share of its weight known; Trend:
change since the previous review; Fit: fit score at selection; Goals: achieved
or on track / measurable; no evidence yet: no goal progress due, no satisfaction
rating and no collaboration survey, so the health is not rated.

Minimal partnership (minimal)
  no evidence yet: health 0.0 from governance alone, coverage 10%; stage active;
  no reviews yet
  ! review-overdue: 287 days since the start, with no review; quarterly reviews
    are due every 91 days

Small partnership (small)
  health 77.2 (healthy), coverage 85%; -6.1 since the review of 2025-04-01; fit
  at selection 68.5; stage renewal
  ! review-overdue: 106 days since the last review (2025-07-01); quarterly
    reviews are due every 91 days

   Goal       Latest  Target  Done  Due  Status  Actuals  Projected
   ────────────────────────────────────────────────────────────────
   referrals      50     100   50%  79%  behind  ▁█             110

Break one down: partnerfit review --explain ID
"""

EXPECTED_EXPLAIN = """\
Small partnership (small)
health 77.2 (healthy), coverage 85%; -6.1 since the review of 2025-04-01; fit at
selection 68.5; stage renewal
As of 2025-10-15; runs 2025-01-01 to 2026-01-01; 2 reviews.

Health, component by component (unknown ones left out, weights renormalised)

 Component             Score      Weight  Points  Why
 ──────────────────────────────────────────────────────────────────────────────
 Goal progress            63  41% of 35%    26.1  1 goal with progress due
 Partner satisfaction     75  24% of 20%    17.6  mean of 2 partner ratings on
                                                  1–5
 Collaboration survey      ?           –       –  no collaboration survey yet
 Meetings held           100  12% of 10%    11.8  6 held of 5.9 due (monthly)
 Reviews on time          84  12% of 10%     9.9  106 days since the last
                                                  review; due every 91
 Open issues             100  12% of 10%    11.8  0 open, 0 past the 30-day
                                                  escalation window
 Health                             100%    77.2

Coverage 85%: the share of the nominal weight that is known.

Flags
  ! review-overdue: 106 days since the last review (2025-07-01); quarterly
    reviews are due every 91 days

Partners: fit at selection and satisfaction

                         Satisfied
 Partner            Fit        1–5  Change  Ratings
 ──────────────────────────────────────────────────
 alpha (selected)     –          4      +0  ▄▄
 beta              68.5          4      +1  ▁█


Goals

 Goal       Latest  Target  Done  Due  Status  Actuals  Projected
 ────────────────────────────────────────────────────────────────
 referrals      50     100   50%  79%  behind  ▁█             110

  referrals: Make 100 referrals in 2025. (owner beta), due 2025-12-31
Goal achievement rate: 0%

Meetings and reviews
Meetings (monthly): 6 held, 5.9 due since the start
Reviews: last 2025-07-01, 106 days ago; due every 91 days (overdue)

Outcome
success, rated 80
"""

EXPECTED_MARKDOWN = """\
### Partnerships as of 2025-10-15

0 at risk, 0 on watch, 1 healthy, 1 without evidence yet.

| # | Partnership | Stage | Health | Coverage | Status | Trend | Fit | Flags |
| --: | -- | -- | --: | --: | -- | --: | --: | --: |
| 1 | Minimal partnership (`minimal`) | active | – | 10% | no evidence yet | – | – | 1 |
| 2 | Small partnership (`small`) | renewal | 77.2 | 85% | healthy | -6.1 | 68.5 | 1 |

#### Minimal partnership (`minimal`)

No evidence yet: health 0.0 from governance alone, coverage 10%; stage active; no reviews yet.

- **review-overdue**: 287 days since the start, with no review; quarterly reviews are due every 91 days

#### Small partnership (`small`)

Health 77.2 (healthy), coverage 85%; -6.1 since the review of 2025-04-01; fit at selection 68.5; stage renewal.

- **review-overdue**: 106 days since the last review (2025-07-01); quarterly reviews are due every 91 days

| Goal | Latest | Target | Done | Due | Status | Actuals | Projected |
| -- | --: | --: | --: | --: | -- | -- | --: |
| referrals | 50 | 100 | 50% | 79% | behind | ▁█ | 110 |
"""

EXPECTED_CSV = """\
schema_version,id,name,as_of,stage,partners,selected_by,health,coverage,status,trend,trend_delta,fit_at_selection,goals,goals_achieved,goals_on_track,goals_behind,goals_missed,goal_achievement_rate,satisfaction_mean,satisfaction_scale,meetings_held,meetings_expected,last_review,days_since_review,review_overdue,open_issues,oldest_open_issue_days,flags,outcome_result,outcome_rating
2,minimal,Minimal partnership,2025-10-15,active,alpha;beta,,0.0,0.1,unrated,,,,0,0,0,0,0,,,1-5,0,0.0,,287,true,0,,review-overdue,,
2,small,Small partnership,2025-10-15,renewal,alpha;beta,alpha,77.2,0.85,healthy,declining,-6.1,68.5,1,0,0,1,0,0.0,4.0,1-5,6,5.9,2025-07-01,106,true,0,,review-overdue,success,80.0
"""


def test_table_exact() -> None:
    assert run("review", VALID, "-p", SMALL_PROFILES, *AS_OF) == (0, EXPECTED_TABLE, "")


def test_explain_table_exact() -> None:
    code, out, err = run("review", VALID, "-p", SMALL_PROFILES, *AS_OF, "--explain", "small")
    assert (code, out, err) == (0, EXPECTED_EXPLAIN, "")


def test_markdown_exact() -> None:
    code, out, _ = run("review", VALID, "-p", SMALL_PROFILES, *AS_OF, "-f", "markdown")
    assert (code, out) == (0, EXPECTED_MARKDOWN)


def test_csv_exact_and_equal_to_the_api_records() -> None:
    code, out, _ = run("review", VALID, "-p", SMALL_PROFILES, *AS_OF, "-f", "csv")
    assert (code, out) == (0, EXPECTED_CSV)
    rows = list(csv.DictReader(io.StringIO(out)))
    records = review_partnerships(
        VALID, as_of=dt.date(2025, 10, 15), profiles=SMALL_PROFILES
    ).to_records()
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert [float(r["health"]) for r in rows] == [r["health"] for r in records]


def test_json_carries_everything_with_a_schema_version() -> None:
    code, out, _ = run("review", VALID, "-p", SMALL_PROFILES, *AS_OF, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == "2"
    assert data["kind"] == "review"
    assert data["summary"] == {"at-risk": 0, "healthy": 1, "unrated": 1, "watch": 0}
    minimal, small = data["partnerships"]
    # no goal, rating or survey: governance alone (reviews 10% of the weight), no status
    assert (minimal["health"]["status"], minimal["health"]["coverage"]) == ("unrated", 0.1)
    assert minimal["health"]["score"] == 0.0
    assert minimal["trend"]["direction"] is None
    assert small["health"]["score"] == pytest.approx(77.2, abs=0.05)
    assert small["health"]["status"] == "healthy"
    assert small["health"]["coverage"] == pytest.approx(0.85)
    assert sum(c["points"] for c in small["health"]["components"]) == pytest.approx(
        small["health"]["score"], abs=1e-5
    )
    assert small["goals"][0]["history"] == [
        {"date": "2025-04-01", "value": 20.0},
        {"date": "2025-07-01", "value": 50.0},
    ]
    assert small["fit_at_selection"]["partners"][0]["partner"] == "beta"
    assert small["outcome"] == {"note": None, "rating": 80.0, "recorded": None, "result": "success"}
    code, one, _ = run("review", VALID, "-p", SMALL_PROFILES, *AS_OF, "-f", "json", "-e", "small")
    assert json.loads(one)["partnership"] == small


@pytest.mark.parametrize("width", [60, 80])
def test_bundled_set_fits_the_width_without_trailing_spaces(width: int) -> None:
    for extra in ([], ["--explain", "community-health-initiative"]):
        code, out, err = run("review", *BUNDLED, "--as-of", "2026-11-15", *extra, width=width)
        assert (code, err) == (0, "")
        assert "…" not in out  # no cell cut short to fit
        for line in out.splitlines():
            assert len(line) <= width, line
            assert line == line.rstrip(), line


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_bundled_set_renders_deterministically(fmt: str) -> None:
    first = run("review", *BUNDLED, "--as-of", "2026-11-15", "-f", fmt)
    assert first[0] == 0
    assert first[1]
    assert run("review", *BUNDLED, "--as-of", "2026-11-15", "-f", fmt) == first


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "review.csv"
    code, out, err = run(
        "review", VALID, "-p", SMALL_PROFILES, *AS_OF, "-f", "csv", "-o", str(target)
    )
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == EXPECTED_CSV


# --------------------------------------------------------------------------- hostile text


def hostile(fmt: str, *extra: str) -> str:
    code, out, err = run(
        "review", HOSTILE, "-p", SMALL_PROFILES, "--as-of", "2025-06-01", "-f", fmt, *extra
    )
    assert (code, err) == (0, "")
    # JSON keeps the text exactly (as data, control characters escaped by the encoder)
    for char in ("\x1b", "\x07") if fmt == "json" else ("\x1b", "\x07", "\u202e"):
        assert char not in out
    return out


@pytest.mark.parametrize("extra", [[], ["--explain", "hostile"]])
def test_hostile_text_stays_text_in_the_table(extra: list[str]) -> None:
    out = hostile(
        "table",
        *extra,
    )
    assert "[bold red]boom[/]" in out
    assert "<script>alert(1)</script>" in out
    if extra:
        assert "[blink]vision[/blink]" in out
        assert "[red]x[/red]" in out


@pytest.mark.parametrize("extra", [[], ["--explain", "hostile"]])
def test_hostile_text_is_escaped_in_markdown(extra: list[str]) -> None:
    out = hostile("markdown", *extra)
    assert "<script>" not in out
    # the escapers every other Markdown output uses (render.common.markdown_text)
    assert "&lt;script>alert(1)&lt;/script>" in out
    assert "\\[bold red\\]boom\\[/\\]" in out
    assert " \\| \\*x\\*" in out
    # ESC is shown as a visible escape (its backslash escaped for Markdown), never sent
    assert "\\\\x1b\\[31mred" in out


def test_hostile_text_cannot_start_a_spreadsheet_formula() -> None:
    (row,) = list(csv.DictReader(io.StringIO(hostile("csv"))))
    assert row["name"].startswith("'=HYPERLINK")


def test_hostile_text_is_plain_data_in_json() -> None:
    data = json.loads(hostile("json"))
    assert data["partnerships"][0]["name"] == (
        '=HYPERLINK("http://evil") [bold red]boom[/] <script>alert(1)</script> '
        "\x1b[31mred\u202e | *x*"
    )


# --------------------------------------------------------------------------- errors


def test_usage_errors() -> None:
    assert run("review", VALID, "-p", SMALL_PROFILES, "--as-of", "15/10/2025") == (
        2,
        "",
        "error: --as-of expects a date as YYYY-MM-DD, not `15/10/2025`\n",
    )
    assert run("review", VALID, "-p", SMALL_PROFILES, "--explain", "smal") == (
        2,
        "",
        "error: no partnership with id `smal`; did you mean `small`?\n",
    )
    assert run("review", VALID, "-p", SMALL_PROFILES, "-f", "yaml") == (
        2,
        "",
        "error: unknown format `yaml`; choose from table, json, csv, markdown, html; "
        "did you mean `html`?\n",
    )
    assert run("review", "nowhere", "-p", SMALL_PROFILES) == (
        2,
        "",
        "error: partnership path nowhere does not exist\n",
    )


def test_invalid_partnership_names_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (DATA / "partnerships" / "valid" / "small.yaml")
        .read_text(encoding="utf-8")
        .replace("owner: beta", "owner: gamma"),
        encoding="utf-8",
    )
    code, out, err = run("review", str(bad), "-p", SMALL_PROFILES)
    assert (code, out) == (1, "")
    assert err == (
        f"{bad}:25:12: error not-a-partner: goal owner `gamma` is not one of the partners "
        "(alpha, beta)\n  hint: use a partner id from `partners`, or add the organisation there\n"
        "1 invalid partnership file\n"
    )


# --------------------------------------------------------------------------- no evidence yet

NEW_TODAY = """\
Partnerships as of 2026-12-03: 0 at risk, 0 on watch, 0 healthy, 1 without
evidence yet

 #  Partnership          Health  Cov  Status           Trend  Fit  Goals  Flags
 ──────────────────────────────────────────────────────────────────────────────
 1  Bakery Food Bank          –  10%  no evidence yet    new    –    0/0      0
    bakery-food-bank ·
    onboarding

Health 0–100 (healthy ≥ 70, watch ≥ 50); Cov: share of its weight known; Trend:
change since the previous review; Fit: fit score at selection; Goals: achieved
or on track / measurable; no evidence yet: no goal progress due, no satisfaction
rating and no collaboration survey, so the health is not rated.

Bakery Food Bank (bakery-food-bank)
  no evidence yet: health 100.0 from governance alone, coverage 10%; stage
  onboarding; no reviews yet
Break one down: partnerfit review --explain ID
"""

NEW_OVERDUE = """\
Partnerships as of 2027-09-01: 0 at risk, 0 on watch, 0 healthy, 1 without
evidence yet

 #  Partnership          Health  Cov  Status           Trend  Fit  Goals  Flags
 ──────────────────────────────────────────────────────────────────────────────
 1  Bakery Food Bank          –  10%  no evidence yet    new    –    0/0      1
    bakery-food-bank ·
    active

Health 0–100 (healthy ≥ 70, watch ≥ 50); Cov: share of its weight known; Trend:
change since the previous review; Fit: fit score at selection; Goals: achieved
or on track / measurable; no evidence yet: no goal progress due, no satisfaction
rating and no collaboration survey, so the health is not rated.

Bakery Food Bank (bakery-food-bank)
  no evidence yet: health 0.0 from governance alone, coverage 10%; stage active;
  no reviews yet
  ! review-overdue: 272 days since the start, with no review; quarterly reviews
    are due every 91 days
Break one down: partnerfit review --explain ID
"""


@pytest.fixture
def new_partnership(tmp_path: Path) -> str:
    """`partnerfit new partnership` with two partners and nothing else: no evidence at all."""
    code, _, err = run(
        "new",
        "partnership",
        "bakery-food-bank",
        "--partner",
        "greenleaf-coop",
        "--partner",
        "riverside-food-bank",
        "--start",
        "2026-12-03",
        "--dir",
        str(tmp_path),
        "-p",
        str(ROOT / "profiles"),
    )
    assert code == 0, err
    return str(tmp_path / "bakery-food-bank.yaml")


def test_a_new_partnership_is_neither_healthy_nor_at_risk(new_partnership: str) -> None:
    profiles = ["-p", str(ROOT / "profiles")]
    today = run("review", new_partnership, *profiles, "--as-of", "2026-12-03")
    assert today == (0, NEW_TODAY, "")
    overdue = run("review", new_partnership, *profiles, "--as-of", "2027-09-01")
    assert overdue == (0, NEW_OVERDUE, "")
    code, out, _ = run(
        "review", new_partnership, *profiles, "--as-of", "2027-09-01", "-e", "bakery-food-bank"
    )
    assert code == 0
    assert (
        "Coverage 10%: the share of the nominal weight that is known. No evidence yet: no\n"
        "goal progress due, no satisfaction rating and no collaboration survey, so the\n"
        "health is not rated; the 0.0 above rests on the governance habits alone and is\n"
        "not healthy, watch or at risk.\n"
    ) in out


def test_a_new_partnership_in_the_machine_formats(new_partnership: str) -> None:
    args = [new_partnership, "-p", str(ROOT / "profiles"), "--as-of", "2027-09-01"]
    data = json.loads(run("review", *args, "-f", "json")[1])
    assert data["summary"] == {"at-risk": 0, "healthy": 0, "unrated": 1, "watch": 0}
    (item,) = data["partnerships"]
    assert (item["health"]["status"], item["health"]["coverage"]) == ("unrated", 0.1)
    assert [f["code"] for f in item["flags"]] == ["review-overdue"]
    (row,) = csv.DictReader(io.StringIO(run("review", *args, "-f", "csv")[1]))
    assert (row["schema_version"], row["health"], row["coverage"], row["status"]) == (
        "2",
        "0.0",
        "0.1",
        "unrated",
    )
    markdown = run("review", *args, "-f", "markdown")[1]
    assert "0 at risk, 0 on watch, 0 healthy, 1 without evidence yet." in markdown
    assert "| active | – | 10% | no evidence yet | – | – | 1 |" in markdown


def test_a_new_partnership_in_the_html_report(new_partnership: str, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    args = [new_partnership, "-p", str(ROOT / "profiles"), "--as-of", "2027-09-01"]
    assert run("review", *args, "-f", "html", "-o", str(target))[0] == 0
    page = target.read_text(encoding="utf-8")
    # counted apart, listed as needing attention for its flag, no health bar drawn
    assert "0 at risk, 0 on watch, 0 healthy, 1 without evidence yet: 1 need attention." in page
    assert "<code>bakery-food-bank</code>: no evidence yet — 272 days since the start" in page
    assert "<svg" not in page
    assert (
        '<td class="num" data-value="">–<br><span class="muted" title="coverage: the share of '
        'the weight known">10%</span></td><td>no evidence yet</td>'
    ) in page
    assert '<td class="num" data-value="0.1">10% known</td>' in page  # under the components
    assert "No evidence yet — health 0.0 from governance alone, coverage 10%" in page
    assert "schema version 2." in page
