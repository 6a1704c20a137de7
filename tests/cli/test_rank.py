"""`partnerfit rank` through typer's CliRunner: exact output on the small set, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit import __version__
from partnerfit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def copy_set(source: Path, target: Path) -> Path:
    target.mkdir(exist_ok=True)
    for file in source.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return target


# Changed with issue 10: new formulas, a coverage column, and gamma (35% of the weight known)
# listed as insufficient evidence instead of ranked.
MARKDOWN = """\
### Partners for Alpha Foods (`alpha`)

| # | Candidate | Score | Tier | Cov | Values | Compl. | Goals | Markets | Rep. | Comms | Why |
|--:|:--|--:|:-:|--:|--:|--:|--:|--:|--:|--:|:--|
| 1 | Beta Fund (`beta`) | 68.5 | B | 100% | 58 | 80 | 62 | 42 | 92 | 85 | covers funding, marketing; shares sustainability |

`?` = unknown, counted as 25; Cov = share of the weight known, unranked below 50%.
Method `weighted-sum`; weights: defaults.

**Excluded**

- Delta Leaf (`delta`): delta has sector `tobacco`, a dealbreaker for alpha
- Epsilon Trust (`epsilon`): alpha is a business, a dealbreaker for epsilon

**Insufficient evidence**

- Gamma Collective (`gamma`): insufficient evidence: 35% of the weight is known (minimum 50%); score 38.5, 22.3–87.3 as the unknowns turn out
"""


def test_markdown_exact(small_set: Path) -> None:
    code, out, err = run("rank", "alpha", "--profiles", str(small_set), "--format", "markdown")
    assert (code, err) == (0, "")
    assert out == MARKDOWN


def test_table_exact(small_set: Path) -> None:
    code, out, _ = run("rank", "alpha", "-p", str(small_set))
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Partners for Alpha Foods (alpha)"
    assert lines[2:4] == [
        "                                  Val  Cmp  Goal  Mkt  Rep  Com",
        " #  Candidate  Score  Tier   Cov  30%  30%   15%  10%  10%   5%  Why",
    ]
    assert lines[5:7] == [
        " 1  Beta Fund   68.5   B    100%   58   80    62   42   92   85  covers funding, marketing; shares sustainability",
        "    beta",
    ]
    assert " Delta Leaf      delta has sector `tobacco`, a dealbreaker for alpha" in lines
    assert "Insufficient evidence" in lines
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_narrow_table_puts_reasons_below(small_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("rank", "alpha", "-p", str(small_set))
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert "Why" not in lines[3]
    assert "1. beta: covers funding, marketing; shares sustainability" in lines
    assert all(len(line) <= 80 for line in lines)


def test_csv_one_row_per_candidate(small_set: Path) -> None:
    code, out, _ = run("rank", "alpha", "-p", str(small_set), "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["id"], r["status"], r["rank"]) for r in rows] == [
        ("beta", "ranked", "1"),
        ("delta", "excluded", ""),
        ("epsilon", "excluded", ""),
        ("gamma", "insufficient", ""),
    ]
    assert rows[0]["value_alignment"] == "0.5833"
    assert (rows[0]["coverage"], rows[0]["score_low"], rows[0]["score_high"]) == (
        "1.0000",
        "68.5",
        "68.5",
    )
    gamma = rows[3]
    assert (gamma["score"], gamma["coverage"], gamma["score_low"], gamma["score_high"]) == (
        "38.5",
        "0.3500",
        "22.3",
        "87.3",
    )
    assert gamma["goal_alignment"] == ""
    assert gamma["unknown"] == "complementarity;goal_alignment;reputation;communication"


def test_json_carries_every_criterion_and_evidence(small_set: Path) -> None:
    code, out, _ = run("rank", "alpha", "-p", str(small_set), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == "2"
    assert data["focal"] == {"id": "alpha", "name": "Alpha Foods"}
    assert data["unknowns"] == {"prior": 0.25, "min_coverage": 0.5}
    beta = data["candidates"][0]
    assert set(beta["criteria"]) == {
        "value_alignment",
        "complementarity",
        "goal_alignment",
        "market_reach",
        "reputation",
        "communication",
    }
    assert (beta["coverage"], beta["score_interval"]) == (1.0, [68.491667, 68.491667])
    comp = beta["criteria"]["complementarity"]
    assert comp["score"] == 0.8
    assert comp["weight"] == 0.3
    assert comp["known"] == 1.0
    assert comp["parts"] == {"forward": 0.8, "backward": 0.8}
    assert [c["need"] for c in comp["evidence"]["covered"]] == ["funding", "marketing"]
    (gamma,) = data["insufficient_evidence"]
    assert gamma["unknown"] == ["complementarity", "goal_alignment", "reputation", "communication"]
    assert (gamma["coverage"], gamma["score"]) == (0.35, 38.541667)
    assert gamma["score_interval"] == [22.291667, 87.291667]
    assert data["summary"]["insufficient_evidence"] == 1
    assert [e["id"] for e in data["excluded"]] == ["delta", "epsilon"]
    assert data["summary"]["considered"] == 4


def test_output_is_byte_identical_between_runs(small_set: Path) -> None:
    for fmt in ("json", "csv", "markdown", "table"):
        first = run("rank", "alpha", "-p", str(small_set), "-f", fmt)
        assert first == run("rank", "alpha", "-p", str(small_set), "-f", fmt)


def test_weight_override_is_normalised_and_said(small_set: Path) -> None:
    code, out, _ = run("rank", "alpha", "-p", str(small_set), "-w", "reputation=1.1", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["weights"]["given"]["reputation"] == 1.1
    # the other defaults sum to 0.9: 1.1 / 2.0
    assert data["weights"]["normalised"]["reputation"] == 0.55
    assert data["notes"] == ["weights summed to 2, not 1; they were normalised"]


def test_top_and_min_score(small_set: Path) -> None:
    code, out, _ = run("rank", "alpha", "-p", str(small_set), "--top", "1", "-f", "csv")
    assert code == 0
    assert [r["id"] for r in csv.DictReader(io.StringIO(out)) if r["status"] == "ranked"] == [
        "beta"
    ]
    _, out, _ = run("rank", "alpha", "-p", str(small_set), "--min-score", "70")
    assert "Not shown: 1 below --min-score." in out


def test_focal_as_a_path(small_set: Path) -> None:
    code, out, _ = run("rank", str(small_set / "beta.yaml"), "-p", str(small_set), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["focal"]["id"] == "beta"
    assert "beta" not in [c["id"] for c in data["candidates"]]


def test_bundled_profiles_rank_sensibly(bundled: Path) -> None:
    code, out, _ = run("rank", "greenleaf-coop", "-p", str(bundled), "-f", "json")
    assert code == 0
    data = json.loads(out)
    top = [c["id"] for c in data["candidates"][:2]]
    assert set(top) == {"verdant-impact-fund", "harvest-hub-distribution"}
    assert "crunchco-snacks" in [e["id"] for e in data["excluded"]]
    assert any(c["unknown"] for c in data["candidates"])


# ----------------------------------------------------------------------------- bad input


def test_unknown_focal_is_a_usage_error(small_set: Path) -> None:
    code, out, err = run("rank", "alpah", "-p", str(small_set))
    assert code == 2
    assert out == ""
    assert err == "error: no profile with id `alpah` in the profile set; did you mean `alpha`?\n"


def test_missing_focal_file(small_set: Path) -> None:
    code, _, err = run("rank", "nowhere.yaml", "-p", str(small_set))
    assert code == 2
    assert err == "error: focal profile nowhere.yaml does not exist\n"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "speed=1",
            "error: unknown criterion `speed` in --weight; choose from value_alignment, "
            "complementarity, goal_alignment, market_reach, reputation, communication\n",
        ),
        (
            "reputaton=1",
            "error: unknown criterion `reputaton` in --weight; did you mean `reputation`?\n",
        ),
        ("reputation", "error: --weight expects NAME=VALUE, not `reputation`\n"),
        ("reputation=high", "error: --weight reputation: `high` is not a number\n"),
        (
            "reputation=-1",
            "error: weight for `reputation` must be a finite number >= 0, not -1.0\n",
        ),
    ],
)
def test_bad_weight(small_set: Path, option: str, message: str) -> None:
    code, _, err = run("rank", "alpha", "-p", str(small_set), "--weight", option)
    assert (code, err) == (2, message)


def test_unknown_format_and_option(small_set: Path) -> None:
    code, _, err = run("rank", "alpha", "-p", str(small_set), "-f", "xml")
    assert code == 2
    assert "unknown format `xml`" in err
    code, _, _ = run("rank", "alpha", "--no-such-option")
    assert code == 2


def test_missing_profile_directory(tmp_path: Path) -> None:
    code, _, err = run("rank", "alpha", "-p", str(tmp_path / "nope"))
    assert code == 2
    assert "does not exist" in err


def test_invalid_profile_names_file_line_and_field(small_set: Path, tmp_path: Path) -> None:
    work = copy_set(small_set, tmp_path / "set")
    (work / "bad.yaml").write_text(
        "id: bad\nname: Bad\nstrengths:\n  - capability: x\n    level: 9\n"
    )
    code, out, err = run("rank", "alpha", "-p", str(work))
    assert code == 1
    assert out == ""
    assert (
        "bad.yaml:5:12: error schema: strengths[0].level: Input should be less than or equal to 5 (got 9)"
        in err
    )
    assert err.rstrip().endswith("1 invalid file: fix it or pass --skip-invalid")
    assert "Traceback" not in err


def test_skip_invalid_names_every_skipped_file(small_set: Path, tmp_path: Path) -> None:
    work = copy_set(small_set, tmp_path / "set")
    (work / "bad.yaml").write_text("id: bad\nname: [\n")
    (work / "worse.yaml").write_text("id: worse\nnmae: Worse\n")
    code, out, err = run("rank", "alpha", "-p", str(work), "--skip-invalid", "-f", "csv")
    assert code == 0
    assert "skipped invalid" in err
    assert str(Path(work, "bad.yaml").name) in err
    assert "worse.yaml:1:1: error missing-field: missing required field `name`" in err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 4


def test_not_yaml_and_binary(small_set: Path, tmp_path: Path) -> None:
    work = copy_set(small_set, tmp_path / "set")
    (work / "notes.yaml").write_text("just: [unclosed\n")
    (work / "image.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run("rank", "alpha", "-p", str(work))
    assert code == 1
    assert "image.yaml:3:1: error binary-file" in err
    assert "notes.yaml:2:1: error yaml-syntax" in err


def test_bad_config_is_reported(small_set: Path, tmp_path: Path) -> None:
    work = copy_set(small_set, tmp_path / "set")
    (work / "partnerfit.yaml").write_text("weights:\n  valeu_alignment: 1\n")
    code, _, err = run("rank", "alpha", "-p", str(work))
    assert code == 1
    assert "partnerfit.yaml:2:3: error schema: weights.valeu_alignment" in err


def test_unreadable_profile(
    small_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = copy_set(small_set, tmp_path / "set")
    real_open = os.open

    def deny(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if Path(path).name == "beta.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, _, err = run("rank", "alpha", "-p", str(work))
    assert code == 1
    assert "beta.yaml:1:1: error unreadable: cannot read the file: Permission denied" in err


def test_internal_error_is_one_line_unless_debug(
    small_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import partnerfit.decide.ranking  # the command imports rank from here when it runs

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(partnerfit.decide.ranking, "rank", boom)
    code, _, err = run("rank", "alpha", "-p", str(small_set))
    assert code == 70
    assert err.startswith("internal error: RuntimeError: kaboom\n")
    assert "Traceback" not in err
    result = runner.invoke(app, ["--debug", "rank", "alpha", "-p", str(small_set)])
    assert isinstance(result.exception, RuntimeError)


def test_version() -> None:
    assert run("--version") == (0, f"partnerfit {__version__}\n", "")


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert group.commands  # type: ignore[attr-defined]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        code, out, _ = run(name, "--help")
        assert code == 0, name
        assert re.search(rf"Examples?:\s+partnerfit {name}", out), name
        for sub in getattr(command, "commands", {}):
            code, out, _ = run(name, sub, "--help")
            assert code == 0, (name, sub)
            assert re.search(rf"Examples?:\s+partnerfit {name} {sub}", out), (name, sub)


def test_no_color_even_when_forced_terminal(
    small_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("TERM")
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, coloured, _ = run("rank", "alpha", "-p", str(small_set))
    assert "\x1b[" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain, _ = run("rank", "alpha", "-p", str(small_set))
    assert "\x1b[" not in plain
    assert os.environ["NO_COLOR"] == "1"
