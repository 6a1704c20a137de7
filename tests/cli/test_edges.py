"""Edge behaviour found in review: each once wrong, each pinned here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_of_a_path_without_yaml_fails(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a profile\n")
    code, out, _ = run("check", str(tmp_path))
    assert code == 1
    assert f"{tmp_path}: error no-files: no .yaml or .yml file under {tmp_path}" in out


def test_a_config_among_the_profiles_is_not_read_as_a_profile(
    small_set: Path, tmp_path: Path
) -> None:
    work = tmp_path / "set"
    shutil.copytree(small_set, work)
    (work / "scoring.yaml").write_text("weights: {reputation: 1}\n")
    code, out, err = run(
        "rank", "alpha", "-p", str(work), "-c", str(work / "scoring.yaml"), "-f", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["weights"]["source"] == "config"
    assert data["weights"]["normalised"]["reputation"] == 1.0


def test_weights_source_says_defaults_without_weights(small_set: Path) -> None:
    data = json.loads(run("rank", "alpha", "-p", str(small_set), "-f", "json")[1])
    assert data["weights"]["source"] == "defaults"


def test_one_file_named_twice_is_checked_once(small_set: Path) -> None:
    relative = small_set / "alpha.yaml"
    code, out, _ = run("check", str(relative), str(relative.resolve()), "-f", "json")
    data = json.loads(out)
    assert data["summary"]["files_checked"] == 1
    assert code == 0


def test_one_and_true_are_different_keys(tmp_path: Path) -> None:
    (tmp_path / "keys.yaml").write_text("id: keys\nname: Keys\nvalues: {1: 3, true: 2}\n")
    code, out, _ = run("check", str(tmp_path / "keys.yaml"))
    # not a duplicate, but non-text keys are refused, so the file still fails
    assert "duplicate-key" not in out
    assert code == 1
    assert "values.1: `1` is read as a number, but a string is expected here" in out


def test_separator_only_tags_are_refused(tmp_path: Path) -> None:
    (tmp_path / "dash.yaml").write_text("id: dash\nname: Dash\nvalues: ['-', '_ _']\n")
    code, out, _ = run("check", str(tmp_path / "dash.yaml"))
    assert code == 1
    assert "a tag needs a character other than spaces, hyphens and underscores" in out


def test_zero_weights_are_caught_by_check(tmp_path: Path) -> None:
    (tmp_path / "partnerfit.yaml").write_text("weights: {value_alignment: 0}\n")
    code, out, _ = run("check", str(tmp_path / "partnerfit.yaml"))
    assert code == 1
    assert "all weights are zero" in out


def test_huge_weights_do_not_overflow(small_set: Path) -> None:
    code, out, _ = run(
        "rank",
        "alpha",
        "-p",
        str(small_set),
        "-f",
        "json",
        "-w",
        "value_alignment=1e308",
        "-w",
        "complementarity=1e308",
    )
    assert code == 0
    data = json.loads(out)
    assert data["weights"]["normalised"]["value_alignment"] == 0.5
    assert [c["id"] for c in data["candidates"]] == ["beta", "gamma"]


def test_explain_ranks_a_candidate_file_as_itself(bundled: Path, tmp_path: Path) -> None:
    edited = (
        (bundled / "harvest-hub-distribution.yaml")
        .read_text()
        .replace("cadence: weekly", "cadence: quarterly")
    )
    (tmp_path / "harvest.yaml").write_text(edited)
    base = json.loads(
        run(
            "explain",
            "greenleaf-coop",
            "harvest-hub-distribution",
            "-p",
            str(bundled),
            "-f",
            "json",
        )[1]
    )
    other = json.loads(
        run(
            "explain",
            "greenleaf-coop",
            str(tmp_path / "harvest.yaml"),
            "-p",
            str(bundled),
            "-f",
            "json",
        )[1]
    )
    assert other["score"] < base["score"]
    assert other["rank"] >= base["rank"]


def test_directory_as_focal_is_a_usage_error(bundled: Path) -> None:
    code, _, err = run("rank", str(bundled), "-p", str(bundled))
    assert code == 2
    assert "is a directory, not a profile file" in err


def test_output_never_overwrites_an_input(small_set: Path, tmp_path: Path) -> None:
    work = tmp_path / "set"
    shutil.copytree(small_set, work)
    before = (work / "beta.yaml").read_bytes()
    for args in (
        ["compare", "-p", str(work), "-o", str(work / "beta.yaml")],
        ["compare", "-p", str(work), "-o", str(work / "new.yaml")],
        ["match", "--left", str(work), "--right", str(work), "-o", str(work / "beta.yaml")],
    ):
        code, _, err = run(*args)
        assert code == 2, args
        assert "would overwrite an input of this command" in err
    assert (work / "beta.yaml").read_bytes() == before
    assert not (work / "new.yaml").exists()
    # a CSV next to the profiles is not an input
    assert run("compare", "-p", str(work), "-k", "1", "-o", str(work / "fits.csv"))[0] == 0


def test_seed_and_spread_need_robustness(small_set: Path) -> None:
    for option in (["--seed", "3"], ["--spread", "0.3"]):
        code, _, err = run("rank", "alpha", "-p", str(small_set), *option)
        assert code == 2
        assert err == "error: --seed and --spread apply only with --robustness N\n"
