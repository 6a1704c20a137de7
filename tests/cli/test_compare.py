"""``partnerfit compare`` through the CLI: every format, --output, and errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()

# Changed with issue 10: new formulas (harvest-hub now first), coverage and the score interval.
GREENLEAF_TOP_3 = (
    "focal_id,rank,candidate_id,candidate_name,status,score,tier,coverage,score_low,score_high,"
    "value_alignment,complementarity,goal_alignment,market_reach,reputation,communication,"
    "unknown,reasons,tied\n"
    "greenleaf-coop,1,harvest-hub-distribution,Harvest Hub Distribution,ranked,66.2,A,"
    "1.0000,66.2,66.2,0.8462,0.6361,0.1875,0.5500,0.8400,1.0000,,,false\n"
    "greenleaf-coop,2,verdant-impact-fund,Verdant Impact Fund,ranked,66.0,A,"
    "1.0000,66.0,66.0,0.8750,0.5464,0.3833,0.4167,0.9200,0.8500,,,false\n"
    "greenleaf-coop,3,greenroute-cargo-bikes,GreenRoute Cargo Bikes,ranked,51.4,B,"
    "1.0000,51.4,51.4,0.8081,0.3667,0.1875,0.1667,0.7080,0.9250,,,false\n"
)


def invoke(bundled: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["compare", "-p", str(bundled), *args])
    return result.exit_code, result.stdout, result.stderr


def test_csv_exact(bundled: Path) -> None:
    code, out, err = invoke(bundled, "--focal", "greenleaf-coop", "-k", "3")
    assert (code, err) == (0, "")
    assert out == GREENLEAF_TOP_3


def test_csv_full_lists_excluded_pairs_with_reasons(bundled: Path) -> None:
    code, out, _ = invoke(bundled, "--focal", "greenleaf-coop")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1 + 30
    excluded = [line for line in lines if ",excluded," in line]
    assert excluded
    assert all("a dealbreaker for" in line for line in excluded)


def test_jsonl_one_object_per_pair(bundled: Path) -> None:
    code, out, _ = invoke(bundled, "-k", "2", "-f", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 31 * 2
    assert {r["schema_version"] for r in records} == {"2"}
    assert {r["kind"] for r in records} == {"partnerfit.pair"}
    first = records[0]
    assert (first["focal_id"], first["rank"], first["candidate_id"]) == (
        "agri-venture-partners",
        1,
        "shamba-growers-network",
    )
    assert first["score"] == 47.670455  # as `rank agri-venture-partners` gives
    assert (first["coverage"], first["score_interval"]) == (0.9, [45.170455, 55.170455])
    assert first["unknown"] == ["reputation"]


def test_json_document(bundled: Path) -> None:
    code, out, _ = invoke(bundled, "--focal", "greenleaf-coop", "-k", "2", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == "2"
    assert data["kind"] == "partnerfit.comparison"
    assert data["unknowns"] == {"prior": 0.25, "min_coverage": 0.5}
    assert data["top_k"] == 2
    (focal,) = data["focals"]
    assert [p["candidate_id"] for p in focal["pairs"]] == [
        "harvest-hub-distribution",
        "verdant-impact-fund",
    ]
    assert focal["summary"]["cut_by_top_k"] == focal["summary"]["considered"] - 2 - (
        focal["summary"]["excluded"] + focal["summary"]["insufficient"]
    )
    assert out == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_matrix(bundled: Path) -> None:
    code, out, _ = invoke(bundled, "--focal", "greenleaf-coop", "-f", "matrix")
    assert code == 0
    header, row = out.splitlines()
    ids = header.split(",")[1:]
    cells = dict(zip(ids, row.split(",")[1:], strict=True))
    assert len(ids) == 31
    assert cells["verdant-impact-fund"] == "66.01"
    assert cells["greenleaf-coop"] == ""  # itself
    assert cells["agri-venture-partners"] == ""  # a dealbreaker


def test_coverage_matrix_has_the_shape_of_the_matrix(bundled: Path) -> None:
    _, totals, _ = invoke(bundled, "--focal", "greenleaf-coop", "-f", "matrix")
    code, out, _ = invoke(bundled, "--focal", "greenleaf-coop", "-f", "coverage-matrix")
    assert code == 0
    header, row = out.splitlines()
    assert header == totals.splitlines()[0]
    cells = dict(zip(header.split(",")[1:], row.split(",")[1:], strict=True))
    totals_row = totals.splitlines()[1].split(",")[1:]
    totals_cells = dict(zip(header.split(",")[1:], totals_row, strict=True))
    assert cells["verdant-impact-fund"] == "1.0000"
    assert cells["greenleaf-coop"] == ""  # itself
    assert cells["agri-venture-partners"] == ""  # a dealbreaker
    # every total has its coverage beside it in the companion matrix
    assert all(cells[c] for c, v in totals_cells.items() if v)


def _tie_set(folder: Path) -> Path:
    """A focal caring for `care`; one candidate holds it at 5, two at 3 (a tie), one at 1."""
    (folder / "partnerfit.yaml").write_text("unknowns: {min_coverage: 0.3}\n")
    for name, level in {"focal": 5, "best": 5, "twin-b": 3, "twin-a": 3, "last": 1}.items():
        (folder / f"{name}.yaml").write_text(
            f"id: {name}\nname: {name}\nvalues: {{care: {level}}}\n"
        )
    return folder


def test_ties_share_a_rank_in_csv_and_json(tmp_path: Path) -> None:
    folder = _tie_set(tmp_path)
    code, out, _ = invoke(folder, "--focal", "focal")
    assert code == 0
    rows = [line.split(",") for line in out.splitlines()[1:]]
    assert [(r[1], r[2], r[-1]) for r in rows] == [
        ("1", "best", "false"),
        ("2", "twin-a", "true"),
        ("2", "twin-b", "true"),
        ("4", "last", "false"),
    ]
    code, out, _ = invoke(folder, "--focal", "focal", "-k", "2", "-f", "json")
    focal = json.loads(out)["focals"][0]
    assert [(p["rank"], p["candidate_id"], p["tied"]) for p in focal["pairs"]] == [
        (1, "best", False),
        (2, "twin-a", True),
    ]
    assert focal["summary"]["cut_by_top_k"] == 2
    assert focal["summary"]["tied_beyond_top_k"] == 1
    note = (
        "1 focal has more candidates tied with the last one kept than --top-k keeps "
        "(tied_beyond_top_k in each focal's summary); --top-k keeps the first in order "
        "(by id within the tie)"
    )
    assert json.loads(out)["notes"] == [note]
    code, out, _ = invoke(folder, "--focal", "focal", "-k", "2", "-f", "table")
    assert "Note: " + note[:60] in " ".join(out.split())
    # no note when the cut falls between different scores
    code, out, _ = invoke(folder, "--focal", "focal", "-k", "3", "-f", "json")
    assert json.loads(out)["notes"] == []


def test_table_heat_map(bundled: Path) -> None:
    code, out, _ = invoke(
        bundled, "--focal", "greenleaf-coop", "--focal", "crunchco-snacks", "-k", "3", "-f", "table"
    )
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Fit of each focal (rows) with each candidate (columns)"
    assert lines[3] == (
        "crunchco-snacks             ·                                       4 3 3     #27 44.1 100%"
    )
    assert lines[4] == (
        "greenleaf-coop                        · 5   6                             6   #15 66.2 100%"
    )
    assert "15=harvest-hub-distribution" in out


def test_output_is_written_atomically(bundled: Path, tmp_path: Path) -> None:
    target = tmp_path / "fits.csv"
    target.write_text("old\n")
    code, out, _ = invoke(bundled, "--focal", "greenleaf-coop", "-k", "3", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text() == GREENLEAF_TOP_3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fits.csv"]


def test_failed_run_keeps_the_old_output(bundled: Path, tmp_path: Path) -> None:
    target = tmp_path / "fits.csv"
    target.write_text("old\n")
    code, _, err = invoke(bundled, "--focal", "nobody", "-o", str(target))
    assert code == 2
    assert err.startswith("error: no profile with id `nobody`")
    assert target.read_text() == "old\n"


def test_candidates_directory(bundled: Path, tmp_path: Path) -> None:
    (tmp_path / "verdant-impact-fund.yaml").write_text(
        (bundled / "verdant-impact-fund.yaml").read_text()
    )
    code, out, _ = invoke(
        bundled, "--focal", "greenleaf-coop", "--candidates", str(tmp_path), "-f", "matrix"
    )
    assert code == 0
    assert out == "focal_id,verdant-impact-fund\ngreenleaf-coop,66.01\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", "xml"],
            "error: unknown format `xml`; choose from csv, jsonl, json, matrix, coverage-matrix, table",
        ),
        (["-w", "nonsense=1"], "error: unknown criterion `nonsense` in --weight"),
        (["-o", "/nonexistent/dir/out.csv"], "error: cannot write /nonexistent/dir/out.csv"),
    ],
)
def test_usage_errors(bundled: Path, args: list[str], message: str) -> None:
    code, _, err = invoke(bundled, *args)
    assert code == 2
    assert err.startswith(message)


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["compare", "--help"])
    assert result.exit_code == 0
    assert "Examples:\n    partnerfit compare --top-k 3" in result.stdout


def test_every_pair_streamed_through_worker_processes(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of a few focals, so that the stream's worker processes (one per core, two here
    at least) score and format them: the output is that of one block on threads, and an
    internal error in a worker is the one-line internal error."""
    from partnerfit.batch import engine
    from partnerfit.render.compare import fast

    monkeypatch.setattr(fast, "usable_cores", lambda: 2)
    whole = {fmt: invoke(bundled, "-f", fmt) for fmt in ("csv", "jsonl")}
    forked: list[int] = []
    real_forked = fast.forked_in_order

    def spy(*args: Any) -> Any:
        forked.append(args[1])  # the processes' turns
        return real_forked(*args)

    monkeypatch.setattr(fast, "forked_in_order", spy)
    # about 3 focals a block (the default is at least 2¹⁰ pairs)
    monkeypatch.setattr(engine, "resolve_block_pairs", lambda *_: 100)
    for fmt, (code, out, err) in whole.items():
        assert (code, err) == (0, "")
        assert invoke(bundled, "-f", fmt) == (0, out, ""), fmt
    assert forked == [6, 6]  # 11 blocks of 3 focals, two to a turn, for each format

    real = engine._score_and_select

    def failing(setup: object, rows: slice, *args: object) -> object:
        if rows.start > 10:
            raise ZeroDivisionError("in a worker")
        return real(setup, rows, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_score_and_select", failing)
    code, out, err = invoke(bundled, "-f", "csv")
    assert code == 70
    assert err.startswith("internal error: ZeroDivisionError: in a worker\n")
