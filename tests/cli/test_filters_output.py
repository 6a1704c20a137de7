"""rank and compare filters, explain side by side, and --output on rank and explain."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from partnerfit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def ids(csv_text: str, column: str = "id") -> list[str]:
    return [row[column] for row in csv.DictReader(io.StringIO(csv_text))]


def test_rank_filters(bundled: Path) -> None:
    base = ["rank", "greenleaf-coop", "-p", str(bundled), "-f", "csv"]
    code, out, _ = run(*base, "--kind", "business", "--sector", "food", "-x", "crunchco-snacks")
    assert code == 0
    assert ids(out) == [
        "harvest-hub-distribution",
        "verdant-impact-fund",
        "sunfield-organic-farms",
        "coldchain-nordic",
        "agri-venture-partners",
    ]
    code, out, _ = run(*base, "--region", "IE")  # the profiles write ie and IE: one tag
    assert code == 0
    assert set(ids(out)) == {
        "carelink-telehealth",
        "codebridge-mentors",
        "seed-to-plate-schools",
        "st-brigid-hospital-foundation",
    }
    code, out, _ = run(*base, "--kind", "government", "--kind", "academic", "-f", "json")
    data = json.loads(out)
    assert {c["id"] for c in data["candidates"]} == {
        "hallam-city-council",
        "oakridge-school-district",
        "university-of-westmere",
    }
    assert "candidates with kind government or academic" in data["notes"]


def test_compare_filters_the_candidates_only(bundled: Path) -> None:
    code, out, _ = run(
        "compare",
        "-p",
        str(bundled),
        "--focal",
        "greenleaf-coop",
        "--focal",
        "hallam-city-council",
        "--kind",
        "business",
        "--exclude",
        "verdant-impact-fund",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["focal_id"] for r in rows} == {"greenleaf-coop", "hallam-city-council"}
    assert "verdant-impact-fund" not in {r["candidate_id"] for r in rows}
    assert len({r["candidate_id"] for r in rows}) == 13  # 14 businesses, one left out


def test_explain_side_by_side(bundled: Path) -> None:
    args = [
        "explain",
        "greenleaf-coop",
        "harvest-hub-distribution",
        "crunchco-snacks",
        "-p",
        str(bundled),
    ]
    code, out, _ = run(*args, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "partnerfit.explanations"
    assert [e["candidate"]["id"] for e in data["explanations"]] == [
        "harvest-hub-distribution",
        "crunchco-snacks",
    ]
    assert data["explanations"][1]["excluded"] is True
    code, out, _ = run(*args, "-f", "markdown")
    assert "| **Score** | 66.2 | excluded |" in out
    code, out, _ = run(*args)
    assert "Candidates for GreenLeaf Cooperative (greenleaf-coop), side by side" in out


def test_rank_and_explain_write_output_files(bundled: Path, tmp_path: Path) -> None:
    target = tmp_path / "ranking.md"
    code, out, _ = run(
        "rank", "greenleaf-coop", "-p", str(bundled), "-f", "markdown", "-o", str(target)
    )
    assert code == 0
    assert out == ""
    assert target.read_text().startswith("### Partners for GreenLeaf Cooperative")
    target = tmp_path / "why.json"
    code, _, _ = run(
        "explain",
        "greenleaf-coop",
        "lumen-foundation",
        "-p",
        str(bundled),
        "-f",
        "json",
        "-o",
        str(target),
    )
    assert code == 0
    assert json.loads(target.read_text())["candidate"]["id"] == "lumen-foundation"
    code, _, err = run(
        "rank", "greenleaf-coop", "-p", str(bundled), "-o", str(bundled / "greenleaf-coop.yaml")
    )
    assert code == 2
    assert "would overwrite an input" in err
