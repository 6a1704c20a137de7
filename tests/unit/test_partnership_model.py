"""Partnership files: the model, located errors across fields, and the profile-set checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerfit.errors import ProfileError, UsageError
from partnerfit.model.partnership_set import load_partnership, load_partnership_set
from partnerfit.model.profileset import load_profile_set

ROOT = Path(__file__).parent.parent.parent
DATA = ROOT / "tests" / "data" / "partnerships"

HEAD = """kind: partnership
schema_version: 1
id: pair
name: A pair
partners: [alpha, beta]
start: 2025-01-01
end: 2026-01-01
governance: {meeting_cadence: monthly}
"""


def findings_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "pair.yaml"
    path.write_text(text, encoding="utf-8")
    return [f.format() for f in load_partnership(path, "pair.yaml").findings]


def test_bundled_partnerships_load_against_the_bundled_profiles() -> None:
    profiles = load_profile_set(ROOT / "profiles")
    loaded = load_partnership_set([ROOT / "partnerships"], profiles=profiles)
    assert len(loaded.partnerships) >= 3
    assert loaded.warnings == ()
    for partnership in loaded.partnerships:
        assert partnership.selected_by in partnership.partners
        assert len(partnership.reviews) >= 4
        assert (partnership.reviews[-1].date - partnership.reviews[0].date).days >= 300


@pytest.mark.parametrize("path", sorted((DATA / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_valid_fixtures_load(path: Path) -> None:
    loaded = load_partnership(path)
    assert loaded.ok, loaded.findings


def test_schema_error_is_located_with_its_field(tmp_path: Path) -> None:
    text = HEAD.replace("meeting_cadence: monthly", "meeting_cadence: fortnightly")
    assert findings_of(tmp_path, text) == [
        "pair.yaml:8:31: error schema: governance.meeting_cadence: Input should be 'daily', "
        "'weekly', 'biweekly', 'monthly' or 'quarterly' (got 'fortnightly')"
    ]


def test_goal_owner_and_satisfaction_must_name_partners(tmp_path: Path) -> None:
    text = HEAD + (
        "goals:\n"
        "  - statement: Grow referrals\n"
        "    metric: referrals\n"
        "    target: 10\n"
        "    deadline: 2025-12-31\n"
        "    owner: gamma\n"
        "reviews:\n"
        "  - date: 2025-03-01\n"
        "    satisfaction: {alpha: 4, delta: 2}\n"
    )
    assert findings_of(tmp_path, text) == [
        "pair.yaml:14:12: error not-a-partner: goal owner `gamma` is not one of the partners "
        "(alpha, beta)\n  hint: use a partner id from `partners`, or add the organisation there",
        "pair.yaml:17:30: error not-a-partner: satisfaction of `delta` is not one of the "
        "partners (alpha, beta)\n  hint: use a partner id from `partners`, or add the "
        "organisation there",
    ]


def test_reviews_in_order_within_dates_and_on_scale(tmp_path: Path) -> None:
    text = HEAD + (
        "goals:\n"
        "  - {statement: Refer, metric: referrals, target: 10, deadline: 2025-12-31}\n"
        "reviews:\n"
        "  - date: 2025-06-01\n"
        "    actuals: {referrals: 3, leads: 4}\n"
        "  - date: 2025-05-01\n"
        "    satisfaction: {alpha: 7}\n"
        "  - date: 2026-02-01\n"
    )
    assert findings_of(tmp_path, text) == [
        "pair.yaml:13:29: warning orphan-actual: an actual for `leads`, which no goal measures\n"
        "  hint: add a goal for this metric, or check the spelling of the metric",
        "pair.yaml:14:11: error review-order: review dated 2025-05-01 does not come after the "
        "previous one (2025-06-01)\n  hint: list reviews oldest first, one per date",
        "pair.yaml:15:27: error out-of-scale: satisfaction 7 of `alpha` is outside the scale 1–5"
        "\n  hint: change the rating, or state `satisfaction_scale:` for this file",
        "pair.yaml:16:11: error review-outside: review dated 2026-02-01 falls outside the "
        "partnership (2025-01-01 to 2026-01-01)",
    ]


def test_goals_that_are_not_smart_warn_and_undeclared_metrics_fail(tmp_path: Path) -> None:
    text = HEAD + (
        "goals:\n"
        "  - statement: Be friends\n"
        "  - statement: Refer more\n"
        "    metric: referals\n"
        "    target: 10\n"
        "    deadline: 2025-12-31\n"
        "  - statement: Faster projects\n"
        "    metric: project_completion_time\n"
        "    baseline: 30\n"
        "    target: 40\n"
        "    deadline: 2025-12-31\n"
    )
    assert findings_of(tmp_path, text) == [
        "pair.yaml:10:5: warning not-smart: goal `goal-1` is not measurable: it has no metric "
        "and no target and no deadline\n  hint: a SMART goal names a metric, a target and a "
        "deadline; until it does, its progress cannot be reported",
        "pair.yaml:12:13: error undeclared-metric: metric `referals` is neither a built-in "
        "metric nor declared in `metrics`\n  hint: did you mean `referrals`?",
        "pair.yaml:18:13: error goal-direction: goal `goal-3` is to decrease but its target 40 "
        "is above its baseline 30\n  hint: check the baseline and target, or state "
        "`direction:` for this goal",
    ]


def test_issue_dates_are_checked(tmp_path: Path) -> None:
    text = HEAD + (
        "reviews:\n"
        "  - date: 2025-03-01\n"
        "    issues:\n"
        "      - {id: late, summary: Late, raised: 2025-04-01}\n"
        "      - {id: early, summary: Early, raised: 2025-02-01, resolved: 2025-01-15}\n"
    )
    assert findings_of(tmp_path, text) == [
        "pair.yaml:12:43: error date-order: issue `late` raised 2025-04-01, after this review "
        "(2025-03-01)",
        "pair.yaml:13:67: error date-order: issue `early` resolved 2025-01-15, before it was "
        "raised (2025-02-01)",
    ]


def test_partners_must_have_profiles_and_roles_use_the_vocabulary(tmp_path: Path) -> None:
    profiles = load_profile_set(ROOT / "profiles")
    text = HEAD.replace("[alpha, beta]", "[riverside-food-bank, harvest-hub-distributon]") + (
        "roles:\n  - partner: riverside-food-bank\n    capabilities: [volunteers, juggling]\n"
    )
    path = tmp_path / "pair.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_partnership(path, "pair.yaml", profiles=profiles)
    assert [f.format() for f in loaded.findings] == [
        "pair.yaml:5:33: error unknown-profile: partner `harvest-hub-distributon` has no "
        "profile in the profile set\n  hint: did you mean `harvest-hub-distribution`?",
        "pair.yaml:11:32: warning unknown-capability: capability `juggling` is not in the "
        "profiles' vocabulary\n  hint: use a capability the profiles name, or add a synonym in "
        "partnerfit.yaml",
    ]
    assert loaded.model is None


def test_a_set_with_errors_raises_every_finding(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(HEAD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(HEAD, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("kind: partnership\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_partnership_set([tmp_path])
    rules = sorted(f.rule for f in caught.value.findings)
    # c.yaml lacks schema_version, id, name, partners, start and governance
    assert rules == ["duplicate-id", *["missing-field"] * 6]
    assert "partnership id `pair` is also used by" in caught.value.message


def test_missing_path_and_empty_directory_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load_partnership_set([tmp_path / "nowhere"])
    with pytest.raises(UsageError, match="no partnership files"):
        load_partnership_set([tmp_path])
