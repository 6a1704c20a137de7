"""The partnership template: it loads back through the model and passes `check --strict`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from partnerfit.check.files import check_paths
from partnerfit.model.partnership import METRICS, Partnership
from partnerfit.model.partnership_checks import consistency_problems
from partnerfit.scaffold.templates import (
    GoalDraft,
    PartnershipDraft,
    ProfileDraft,
    number,
    partnership_yaml,
    profile_yaml,
)

START = dt.date(2026, 1, 5)
PARTNERS = ("riverside-bakery", "city-food-bank")


def draft(goal: GoalDraft | None = None, **fields: object) -> PartnershipDraft:
    return PartnershipDraft(
        id="bakery-food-bank",
        name="Bakery and food bank",
        partners=PARTNERS,
        start=START,
        goal=goal,
        **fields,  # type: ignore[arg-type]
    )


def load(text: str) -> Partnership:
    return Partnership.model_validate(yaml.safe_load(text))


def write_set(root: Path, text: str) -> list[Path]:
    """Two profiles and the partnership file, as `check` sees them."""
    profiles, partnerships = root / "profiles", root / "partnerships"
    profiles.mkdir()
    partnerships.mkdir()
    for partner in PARTNERS:
        (profiles / f"{partner}.yaml").write_text(profile_yaml(ProfileDraft(partner, partner)))
    (partnerships / "bakery-food-bank.yaml").write_text(text)
    return [profiles, partnerships]


def test_a_draft_without_a_goal_is_valid_with_every_other_section_commented() -> None:
    text = partnership_yaml(draft())
    model = load(text)
    assert model.model_dump(exclude_defaults=True) == {
        "kind": "partnership",
        "schema_version": 1,
        "id": "bakery-food-bank",
        "name": "Bakery and food bank",
        "partners": PARTNERS,
        "start": START,
        "governance": {"meeting_cadence": "monthly"},
    }
    assert consistency_problems(model) == ()
    for section in ("description", "selected_by", "end", "roles", "metrics", "goals", "reviews"):
        assert f"\n# {section}:" in text, section
    for metric in METRICS:
        assert metric in text  # the built-in vocabulary is listed for the editor


def test_a_full_draft_round_trips_through_the_model() -> None:
    goal = GoalDraft("referrals", 200, dt.date(2026, 12, 31), baseline=12, owner=PARTNERS[1])
    text = partnership_yaml(
        draft(goal, description="Surplus bread: no: waste", selected_by=PARTNERS[0]),
        "# yaml-language-server: $schema=../schemas/partnership.schema.json\n",
    )
    assert text.startswith("# yaml-language-server: $schema=../schemas/partnership.schema.json\n")
    model = load(text)
    assert model.description == "Surplus bread: no: waste"
    assert model.selected_by == PARTNERS[0]
    (written,) = model.goals
    assert (written.id, written.metric) == ("goal-1", "referrals")
    assert (written.baseline, written.target) == (12, 200)
    assert written.deadline == dt.date(2026, 12, 31)
    assert written.owner == PARTNERS[1]
    assert written.statement == "Referrals: from 12 to 200 referrals by 2026-12-31."
    assert consistency_problems(model) == ()
    assert "#     actuals: {referrals: 59}" in text  # a quarter of the way, as an example


@pytest.mark.parametrize("metric", list(METRICS))
def test_every_built_in_metric_makes_a_file_that_checks_strictly(
    tmp_path: Path, metric: str
) -> None:
    # a goal moves the way its metric improves: up for most, down for completion time
    up = METRICS[metric].direction == "increase"
    goal = GoalDraft(metric, 80 if up else 20, dt.date(2027, 1, 4), baseline=50, owner=PARTNERS[0])
    result = check_paths(write_set(tmp_path, partnership_yaml(draft(goal))), strict=True)
    assert result.findings == (), [f.format() for f in result.findings]
    assert result.exit_code == 0


def test_a_goal_against_its_metric_direction_is_an_error_check_reports(tmp_path: Path) -> None:
    goal = GoalDraft("project-completion-time", 90, dt.date(2027, 1, 4), baseline=60)
    result = check_paths(write_set(tmp_path, partnership_yaml(draft(goal))), strict=True)
    assert [f.rule for f in result.findings] == ["goal-direction"]


@pytest.mark.parametrize("value", [0, 5, -3, 10.5, 1e-05, 1e20, 0.1])
def test_numbers_read_back_as_the_same_number(value: float) -> None:
    assert yaml.safe_load(f"n: {number(value)}") == {"n": value}


@pytest.mark.parametrize("name", ["NO", "yes", "2027-06-30", "a: b", "#x", "~", "é & ü"])
def test_names_read_back_as_the_same_text(name: str) -> None:
    assert load(partnership_yaml(PartnershipDraft("x", name, PARTNERS, START))).name == name
