"""`partnerfit check` over partnership files: located findings, the profile set, every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from partnerfit.check.files import check_paths
from partnerfit.check.rules import RULES
from partnerfit.render.check import CHECK_FORMATS
from partnerfit.render.common import RenderOptions

DATA = Path(__file__).parent.parent / "data"
SMALL = DATA / "small"
VALID = DATA / "partnerships" / "valid"

BAD = """\
kind: partnership
schema_version: 1
id: bad
name: "Bad <b>pair</b> ::error::x"
partners: [alpha, betta]
start: 2025-01-01
governance: {meeting_cadence: monthly}
roles:
  - {partner: alpha, capabilities: [distribution, juggling]}
goals:
  - statement: Be great
reviews:
  - date: 2025-03-01
    actuals: {referrals: 3}
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Profiles alpha and beta and a broken partnership, with paths shown relative."""
    shutil.copytree(SMALL, tmp_path / "profiles")
    (tmp_path / "partnerships").mkdir()
    (tmp_path / "partnerships" / "bad.yaml").write_text(BAD, encoding="utf-8")
    shutil.copy(VALID / "small.yaml", tmp_path / "partnerships" / "small.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines(paths: list[str], **options: object) -> list[str]:
    result = check_paths(paths, **options)  # type: ignore[arg-type]
    return [f.format() for f in result.findings if f.file.startswith("partnerships")]


def test_partnership_findings_are_located_and_checked_against_the_profiles(
    workspace: Path,
) -> None:
    del workspace
    assert lines(["profiles", "partnerships"]) == [
        "partnerships/bad.yaml:5:19: error unknown-profile: partner `betta` has no profile in "
        "the profile set\n  hint: did you mean `beta`?",
        "partnerships/bad.yaml:9:51: warning unknown-capability: capability `juggling` is not "
        "in the profiles' vocabulary\n  hint: use a capability the profiles name, or add a "
        "synonym in partnerfit.yaml",
        "partnerships/bad.yaml:11:5: warning not-smart: goal `goal-1` is not measurable: it has "
        "no metric and no target and no deadline\n  hint: a SMART goal names a metric, a target "
        "and a deadline; until it does, its progress cannot be reported",
        "partnerships/bad.yaml:14:15: warning orphan-actual: an actual for `referrals`, which no "
        "goal measures\n  hint: add a goal for this metric, or check the spelling of the metric",
    ]


def test_profiles_from_the_option_when_the_paths_hold_none(workspace: Path) -> None:
    del workspace
    assert lines(["partnerships"], profiles_path="profiles")[0].startswith(
        "partnerships/bad.yaml:5:19: error unknown-profile: partner `betta`"
    )
    without = lines(["partnerships/small.yaml"])
    assert without == [
        "partnerships/small.yaml:5:11: warning no-profile-set: partner ids not checked: no "
        "profiles among the checked paths\n  hint: check the profiles with the partnerships, or "
        "pass --profiles DIR"
    ]


def test_duplicate_ids_and_file_names(workspace: Path) -> None:
    shutil.copy(VALID / "small.yaml", workspace / "partnerships" / "copy.yaml")
    found = lines(["profiles", "partnerships"])
    assert (
        "partnerships/small.yaml:3:5: error duplicate-id: partnership id `small` is also used by "
        "partnerships/copy.yaml\n  hint: ids must be unique among the partnerships; rename one "
        "of them" in found
    )
    assert (
        "partnerships/copy.yaml:3:5: warning id-filename-mismatch: the file name `copy.yaml` "
        "does not match the id `small`\n  hint: rename the file to small.yaml, or change the id"
        in found
    )


def test_every_partnership_rule_is_registered() -> None:
    for rule in (
        "not-a-partner",
        "undeclared-metric",
        "review-order",
        "review-outside",
        "orphan-actual",
        "not-smart",
        "unknown-profile",
        "unknown-capability",
        "no-profile-set",
        "goal-direction",
        "date-order",
        "out-of-scale",
    ):
        assert rule in RULES


@pytest.mark.parametrize("fmt", list(CHECK_FORMATS))
def test_every_check_format_reports_partnership_files(workspace: Path, fmt: str) -> None:
    del workspace
    result = check_paths(["profiles", "partnerships"])
    assert result.exit_code == 1
    out = CHECK_FORMATS[fmt](result, RenderOptions())
    assert "partnerships/bad.yaml" in out
    assert "unknown-profile" in out
    if fmt == "json":
        files = {f["path"]: f for f in json.loads(out)["files"]}
        assert files["partnerships/bad.yaml"]["kind"] == "partnership"
    if fmt == "sarif":
        rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
        assert "unknown-profile" in {r["id"] for r in rules}


def test_bundled_partnerships_pass_against_the_bundled_profiles() -> None:
    root = Path(__file__).parent.parent.parent
    result = check_paths([root / "partnerships"], profiles_path=root / "profiles", strict=True)
    assert result.findings == ()
    assert result.files_checked >= 8
    assert {r.kind for r in result.files} == {"partnership"}


def test_a_misspelt_kind_is_still_checked_as_a_partnership(workspace: Path) -> None:
    path = workspace / "partnerships" / "small.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: partnership", "kind: partnershp"),
        encoding="utf-8",
    )
    found = lines(["profiles", "partnerships/small.yaml"])
    assert found == [
        "partnerships/small.yaml:1:7: error schema: kind: Input should be 'partnership' "
        "(got 'partnershp')\n  hint: did you mean `partnership`?"
    ]
