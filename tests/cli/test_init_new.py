"""`partnerfit init` and `partnerfit new profile`: valid, commented files; never overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from partnerfit.check.files import check_paths
from partnerfit.cli import app
from partnerfit.model import Config, Profile
from partnerfit.model.base import KINDS
from partnerfit.scaffold.project import EXAMPLES, plan
from partnerfit.scaffold.templates import ProfileDraft, profile_yaml, scalar

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_project_that_checks_strictly_and_ranks(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "mine"))
    assert code == 0, err
    root = tmp_path / "mine"
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert written == sorted(f.path for f in plan())
    assert {
        ".github/workflows/partnerfit.yml",
        ".pre-commit-config.yaml",
        "profiles/partnerfit.yaml",
        "schemas/profile.schema.json",
    } <= set(written)
    result = check_paths([root / "profiles"], strict=True)
    assert result.exit_code == 0, [f.format() for f in result.findings]
    assert result.findings == ()
    code, out, err = run(
        "rank", "example-food-bank", "--profiles", str(root / "profiles"), "-f", "csv"
    )
    assert code == 0, err
    assert out.count("\n") == 5  # header and four candidates


def test_init_has_one_commented_example_per_kind_with_the_schema_modeline(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    kinds = []
    for draft in EXAMPLES:
        text = (tmp_path / "profiles" / f"{draft.id}.yaml").read_text()
        assert text.startswith("# yaml-language-server: $schema=../schemas/profile.schema.json\n")
        assert "\n# goals:" in text  # the sections left out stay as commented examples
        kinds.append(Profile.model_validate(yaml.safe_load(text)).kind)
    assert sorted(kinds) == sorted(KINDS)
    config = (tmp_path / "profiles" / "partnerfit.yaml").read_text()
    assert config.startswith("# yaml-language-server: $schema=../schemas/config.schema.json\n")
    assert Config.model_validate(yaml.safe_load(config)).weights["value_alignment"] == 0.30


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "example-bakery.yaml").write_text("mine\n")
    code, _, err = run("init", str(tmp_path))
    assert code == 2
    assert "never overwrites" in err
    assert str(tmp_path / "profiles" / "example-bakery.yaml") in err
    assert (tmp_path / "profiles" / "example-bakery.yaml").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["example-bakery.yaml", "profiles"]


def test_init_with_another_profile_directory_points_ci_at_it(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path), "--profiles", "data/orgs")
    assert code == 0, err
    precommit = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    hook = precommit["repos"][0]["hooks"][0]
    assert hook["files"] == "^data/orgs/"
    assert hook["args"] == ["data/orgs"]
    text = (tmp_path / "data" / "orgs" / "example-bakery.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/profile.schema.json\n")
    code, _, err = run("init", str(tmp_path / "x"), "--profiles", "../outside")
    assert code == 2
    assert "--profiles expects a directory name inside DIR" in err


def test_new_profile_from_flags(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path))
    profiles = tmp_path / "profiles"
    code, _, err = run(
        "new",
        "profile",
        "riverside-bakery",
        "--profiles",
        str(profiles),
        "--name",
        "Riverside",
        "--kind",
        "business",
        "--sector",
        "food,retail",
        "--region",
        "NO",
        "--value",
        "sustainability=4",
        "--value",
        "quality",
        "--strength",
        "baking=5",
        "--need",
        "funding=5",
        "--language",
        "en",
        "--cadence",
        "monthly",
        "--no-interactive",
    )
    assert code == 0, err
    text = (profiles / "riverside-bakery.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/profile.schema.json\n")
    profile = Profile.model_validate(yaml.safe_load(text))
    assert profile.kind == "business"
    assert profile.sectors == ("food", "retail")
    assert profile.regions == ("NO",)  # quoted, not the boolean false
    assert profile.values == {"sustainability": 4, "quality": 3}
    assert [(s.capability, s.level) for s in profile.strengths] == [("baking", 5)]
    assert profile.communication is not None
    assert profile.communication.cadence == "monthly"
    assert "# reputation:" in text
    assert "# dealbreakers:" in text
    result = check_paths([profiles], strict=True)
    assert result.exit_code == 0, [f.format() for f in result.findings]
    code, _, err = run("new", "profile", "riverside-bakery", "--profiles", str(profiles))
    assert code == 2
    assert "already exists" in err


def test_new_profile_interactively(tmp_path: Path) -> None:
    answers = "\n".join(
        [
            "Riverside Bakery",
            "shop",
            "business",
            "Bread.",
            "food",
            "uk",
            "quality=4",
            "baking=9",
            "baking=5",
            "funding=4",
            "en,fr",
            "weekly",
            "",
        ]
    )
    code, _, err = run(
        "new", "profile", "riverside", "--profiles", str(tmp_path), "--interactive", stdin=answers
    )
    assert code == 0, err
    assert "`shop` is not one of business, nonprofit" in err
    assert "--strength baking: `9` is not a whole number from 1 to 5" in err
    profile = Profile.model_validate(yaml.safe_load((tmp_path / "riverside.yaml").read_text()))
    assert profile.name == "Riverside Bakery"
    assert profile.description == "Bread."
    assert profile.communication is not None
    assert profile.communication.languages == ("en", "fr")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Bad_Id"],
            "is not a slug (lowercase letters a-z, digits and single hyphens); did you mean `bad-id`?",
        ),
        (
            ["x", "--kind", "nonprofitt"],
            "--kind: `nonprofitt` is not one of business, nonprofit, government, academic, community; did you mean `nonprofit`?",
        ),
        (
            ["x", "--cadence", "fortnightly"],
            "--cadence: `fortnightly` is not one of daily, weekly, biweekly, monthly, quarterly",
        ),
        (["x", "--value", "trust=high"], "--value trust: `high` is not a whole number from 1 to 5"),
        (["x", "--sector", "--"], "the profile would not be valid"),
    ],
)
def test_new_profile_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = run("new", "profile", *args, "--profiles", str(tmp_path), "--no-interactive")
    assert code == 2
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_new_profile_to_stdout_without_a_directory(tmp_path: Path) -> None:
    code, out, _ = run("new", "profile", "x", "--stdout", "--profiles", str(tmp_path / "none"))
    assert code == 0
    assert Profile.model_validate(yaml.safe_load(out)).id == "x"


@pytest.mark.parametrize(
    "text", ["NO", "yes", "1.10", "2027-06-30", "~", "a: b", "#x", "0755", "é"]
)
def test_scalars_read_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"key: {scalar(text)}") == {"key": text}


def test_an_empty_draft_is_a_valid_profile_with_every_section_commented() -> None:
    text = profile_yaml(ProfileDraft(id="x", name="X"))
    assert Profile.model_validate(yaml.safe_load(text)).model_dump(exclude_defaults=True) == {
        "id": "x",
        "name": "X",
    }
    for section in ("kind", "values", "strengths", "needs", "goals", "reputation", "communication"):
        assert f"# {section}:" in text
