"""`partnerfit new partnership`: from options or prompts, against the profile set; never overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
import yaml
from typer.testing import CliRunner

from partnerfit.check.files import check_paths
from partnerfit.cli import app
from partnerfit.model.partnership import Partnership

runner = CliRunner()

BAKERY, FOOD_BANK, COUNCIL = "example-bakery", "example-food-bank", "example-city-council"
GOAL = ["--metric", "referrals", "--target", "200", "--deadline", "2026-12-31"]


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project from `partnerfit init`, as the working directory."""
    code, _, err = run("init", str(tmp_path))
    assert code == 0, err
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read(path: Path) -> Partnership:
    return Partnership.model_validate(yaml.safe_load(path.read_text()))


def test_from_options_into_partnerships_checks_strictly_and_reviews(project: Path) -> None:
    code, out, err = run(
        "new",
        "partnership",
        "bakery-food-bank",
        "--name",
        "Bread for the food bank",
        "--description",
        "Surplus bread, collected daily.",
        "--partner",
        BAKERY,
        "--partner",
        FOOD_BANK,
        "--selected-by",
        FOOD_BANK,
        "--start",
        "2026-01-05",
        "--cadence",
        "weekly",
        *GOAL,
        "--baseline",
        "20",
        "--owner",
        BAKERY,
    )
    assert code == 0, err
    assert out == ""
    written = project / "partnerships" / "bakery-food-bank.yaml"  # the directory is created
    assert err == (
        f"wrote {Path('partnerships/bakery-food-bank.yaml')}; edit it, then run: "
        "partnerfit check profiles partnerships\n"
    )
    text = written.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/partnership.schema.json\n")
    partnership = read(written)
    assert partnership.name == "Bread for the food bank"
    assert partnership.partners == (BAKERY, FOOD_BANK)
    assert partnership.selected_by == FOOD_BANK
    assert partnership.governance.meeting_cadence == "weekly"
    (goal,) = partnership.goals
    assert (goal.metric, goal.baseline, goal.target, goal.owner) == ("referrals", 20, 200, BAKERY)
    assert goal.statement == "Referrals: from 20 to 200 referrals by 2026-12-31."
    result = check_paths([project / "profiles", project / "partnerships"], strict=True)
    assert result.findings == (), [f.format() for f in result.findings]
    code, out, err = run("check", "--strict", "partnerships")  # against ./profiles
    assert code == 0, out + err
    code, out, err = run("review", "--as-of", "2026-02-01")
    assert code == 0, err
    assert "stage onboarding; no reviews yet" in out
    code, out, err = run("review", "--as-of", "2026-02-01", "--explain", "bakery-food-bank")
    assert code == 0, err
    assert "Reviews: none yet, 27 days since the start; due every 91 days" in out


def test_only_the_partners_and_a_start_are_needed(project: Path) -> None:
    code, _, err = run("new", "partnership", "x", "--partner", f"{BAKERY},{COUNCIL}")
    assert code == 0, err
    partnership = read(project / "partnerships" / "x.yaml")
    assert partnership.name == "X"
    assert partnership.goals == ()
    assert partnership.governance.meeting_cadence == "monthly"
    result = check_paths([project / "profiles", project / "partnerships"], strict=True)
    assert result.findings == ()


def test_interactively_asking_again_after_each_wrong_answer(project: Path) -> None:
    answers = [
        "Bakery and council",  # name
        "",  # description
        f"{BAKERY},example-councl",  # an unknown partner
        f"{BAKERY}",  # one partner
        f"{BAKERY}, {COUNCIL}",
        "nobody",  # selected by: not a partner
        COUNCIL,
        "5th of January",  # start
        "2026-01-05",
        "fortnightly",  # cadence
        "biweekly",
        "contacts",  # metric
        "contacts-made",
        "",  # baseline: 0
        "0",  # target equal to the baseline
        "150",
        "2025-12-31",  # a deadline before the start
        "",  # deadline: a year after the start
        "",  # owner: the first partner
        "",  # statement: written from the rest
        "",
    ]
    code, _, err = run("new", "partnership", "pilot", "--interactive", stdin="\n".join(answers))
    assert code == 0, err
    for message in (
        "--partner: `example-councl` has no profile in profiles; "
        "did you mean `example-city-council`?",
        "a partnership needs two or more partners: give --partner ID for each",
        "selected by: `nobody` is not one of example-bakery, example-city-council",
        "start expects a date as YYYY-MM-DD, not `5th of January`",
        "meeting cadence: `fortnightly` is not one of daily, weekly, biweekly, monthly, quarterly",
        "metric: `contacts` is not one of contacts-made, ",
        "target: a number other than the baseline",
        "deadline: a date after the start (2026-01-05), as YYYY-MM-DD",
        "Built-in metrics: contacts-made, follow-up-meetings-scheduled, ",
    ):
        assert message in err, message
    partnership = read(project / "partnerships" / "pilot.yaml")
    assert partnership.name == "Bakery and council"
    assert partnership.description is None
    assert partnership.partners == (BAKERY, COUNCIL)
    assert partnership.selected_by == COUNCIL
    assert partnership.governance.meeting_cadence == "biweekly"
    (goal,) = partnership.goals
    assert (goal.metric, goal.baseline, goal.target, goal.owner) == (
        "contacts-made",
        0,
        150,
        BAKERY,
    )
    assert str(goal.deadline) == "2027-01-05"
    assert goal.statement == "Contacts made: from 0 to 150 contacts by 2027-01-05."
    result = check_paths([project / "profiles", project / "partnerships"], strict=True)
    assert result.findings == ()


def test_interactively_without_a_goal(project: Path) -> None:
    answers = ["", "", f"{BAKERY},{COUNCIL}", "", "2026-03-01", "", "", ""]
    code, _, err = run("new", "partnership", "plain", "--interactive", stdin="\n".join(answers))
    assert code == 0, err
    partnership = read(project / "partnerships" / "plain.yaml")
    assert (partnership.name, partnership.selected_by, partnership.goals) == ("Plain", None, ())
    assert partnership.governance.meeting_cadence == "monthly"


def test_never_overwrites(project: Path) -> None:
    (project / "partnerships").mkdir()
    target = project / "partnerships" / "taken.yaml"
    target.write_text("mine\n")
    args = ["new", "partnership", "taken", "--partner", BAKERY, "--partner", COUNCIL]
    code, _, err = run(*args)
    assert code == 2
    assert err == (
        f"error: {Path('partnerships/taken.yaml')} already exists; partnerfit new never overwrites\n"
    )
    assert target.read_text() == "mine\n"
    code, _, err = run(*args, "--output", "partnerships/taken.yaml")
    assert code == 2
    assert "already exists" in err
    assert target.read_text() == "mine\n"


def test_output_and_dir_and_stdout(project: Path) -> None:
    (project / "elsewhere").mkdir()
    base = ["new", "partnership", "p", "--partner", BAKERY, "--partner", COUNCIL, "--no-input"]
    code, _, err = run(*base, "--dir", "elsewhere")
    assert code == 0, err
    assert read(project / "elsewhere" / "p.yaml").id == "p"
    assert (
        (project / "elsewhere" / "p.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../schemas/partnership.schema.json\n")
    )
    code, _, err = run(*base, "--output", "elsewhere/renamed.yaml")
    assert code == 0, err
    assert "the file name renamed.yaml does not match the id `p`" in err
    assert read(project / "elsewhere" / "renamed.yaml").id == "p"
    code, out, err = run(*base, "--stdout")
    assert code == 0, err
    assert read_text_id(out) == "p"
    assert not out.startswith("# yaml-language-server")
    code, _, err = run(*base, "--dir", "elsewhere", "--output", "x.yaml")
    assert (code, err) == (2, "error: give --dir or --output, not both\n")
    code, _, err = run(*base, "--dir", "missing")
    assert (code, err) == (2, "error: partnership directory missing does not exist\n")


def read_text_id(text: str) -> str:
    return Partnership.model_validate(yaml.safe_load(text)).id


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--partner", BAKERY, "--partner", "example-bakey"],
            "--partner: `example-bakey` has no profile in profiles; did you mean `example-bakery`?",
        ),
        (
            ["--partner", BAKERY],
            "a partnership needs two or more partners: give --partner ID for each",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, "--start", "2026-13-01"],
            "--start expects a date as YYYY-MM-DD, not `2026-13-01`",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, "--metric", "referrals"],
            "a SMART goal needs --metric, --target and --deadline; missing --target, --deadline",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, "--metric", "referals", "--target", "5"],
            "--metric: `referals` is not one of contacts-made, ",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, *GOAL, "--target", "lots"],
            "--target: `lots` is not a number",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, *GOAL, "--owner", FOOD_BANK],
            "--owner: `example-food-bank` is not one of example-bakery, example-city-council",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, "--selected-by", "example-bakry"],
            "--selected-by: `example-bakry` is not one of example-bakery, "
            "example-city-council; did you mean `example-bakery`?",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, "--cadence", "fortnightly"],
            "--cadence: `fortnightly` is not one of daily, weekly, biweekly, monthly, quarterly",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, *GOAL, "--start", "2027-01-01"],
            "the partnership would not be valid:\nx.yaml:",
        ),
        (
            ["--partner", BAKERY, "--partner", COUNCIL, *GOAL, "--baseline", "200"],
            "goal `goal-1` target equals its baseline (200)",
        ),
    ],
)
def test_usage_errors_write_nothing(project: Path, args: list[str], message: str) -> None:
    code, _, err = run("new", "partnership", "x", *args, "--no-input")
    assert code == 2
    assert message in err
    assert not (project / "partnerships").exists()


@pytest.mark.usefixtures("project")
def test_a_bad_id_and_a_missing_profile_set() -> None:
    code, _, err = run("new", "partnership", "Bad Id", "--partner", BAKERY)
    assert code == 2
    assert "ID `Bad Id` is not a slug" in err
    assert "did you mean `bad-id`?" in err
    code, _, err = run("new", "partnership", "x", "--profiles", "none", "--partner", BAKERY)
    assert (code, err) == (2, "error: profile directory none does not exist\n")


@pytest.mark.parametrize("command", ["profile", "partnership"])
@pytest.mark.parametrize(
    ("flags", "value"), [([], None), (["--no-input"], False), (["--interactive"], True)]
)
def test_no_input_is_the_same_as_no_interactive(
    command: str, flags: list[str], value: bool | None
) -> None:
    group = typer.main.get_command(app).commands["new"]  # type: ignore[attr-defined]
    ctx = group.commands[command].make_context(command, ["x", *flags])
    assert ctx.params["interactive"] is value
