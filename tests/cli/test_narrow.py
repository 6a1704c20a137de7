"""Tables at 80 and 60 columns: nothing wider than the terminal, no trailing spaces, and
columns give way in the stated order instead of breaking."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.render.rank.table import WIDTH_ORDER

runner = CliRunner()

COMMANDS = [
    ["rank", "greenleaf-coop", "--top", "5"],
    ["rank", "greenleaf-coop", "--top", "5", "--robustness", "200"],
    ["explain", "greenleaf-coop", "harvest-hub-distribution"],
    [
        "explain",
        "greenleaf-coop",
        "harvest-hub-distribution",
        "verdant-impact-fund",
        "lumen-foundation",
    ],
    ["check", "tests/data/check/invalid/cross/tag-spelling"],
    ["match", "--left", "profiles", "--right", "profiles", "--min-score", "50"],
    ["compare", "--format", "table"],
]


def run(width: int, args: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.chdir(Path(__file__).resolve().parent.parent.parent)
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("width", [100, 80, 60])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_fits_without_trailing_spaces(
    width: int, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = run(width, args, monkeypatch)
    for line in out.splitlines():
        assert line == line.rstrip(), repr(line)
        if args[0] != "check":  # check's lines are file:line:col messages, never wrapped
            assert len(line) <= width, line


def test_rank_gives_way_in_the_stated_order(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["rank", "greenleaf-coop", "--top", "3", "--robustness", "200"]
    wide = run(130, args, monkeypatch)
    assert "Why" in wide
    assert "P(1st)" in wide.split("Val values")[0]
    at_100 = run(110, args, monkeypatch)  # 1. the reasons go below
    assert "Why" not in at_100
    assert "\n1. harvest-hub-distribution: shares sustainability" in at_100
    assert "P(1st)" in at_100.split("Val values")[0]
    at_80 = run(80, args, monkeypatch)  # 2. robustness gets a table of its own
    table, _, rest = at_80.partition("Val values")
    assert "P(1st)" not in table
    assert "Val" in table
    assert "\nRobustness\n" in rest
    at_60 = run(60, args, monkeypatch)  # 3. the criteria move into each line
    table, _, rest = at_60.partition("Val values")
    assert "Cmp" not in table
    assert "1. harvest-hub-distribution: Val 85 · Cmp 64 · Goal 19" in rest
    assert len(WIDTH_ORDER) == 3


def test_explain_gives_way_in_the_stated_order(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["explain", "greenleaf-coop", "harvest-hub-distribution"]
    assert "Summary" in run(100, args, monkeypatch)
    at_80 = run(80, args, monkeypatch)
    assert "Summary" not in at_80
    assert "Share of the total" in at_80
    assert "\n  Values: shares sustainability, transparency\n" in at_80
    at_60 = run(60, args, monkeypatch)
    assert "Share of the total" not in at_60
    assert "│ Values          │    85 │    30% │   25.4 │" in at_60


def test_piped_output_is_not_padded_to_120_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")
    monkeypatch.chdir(Path(__file__).resolve().parent.parent.parent)
    out = runner.invoke(app, ["rank", "greenleaf-coop", "--top", "3"]).stdout
    assert all(line == line.rstrip() for line in out.splitlines())


@pytest.mark.parametrize("width", [140, 100, 80, 60, 40])
def test_compare_heat_map_splits_into_panels_without_dropping_a_candidate(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = run(width, ["compare", "--format", "table"], monkeypatch)
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    headers = [at for at, line in enumerate(lines) if line.startswith("focal ")]
    shown: list[int] = []
    cells: dict[str, list[str]] = {}
    for at in headers:
        units, tens = lines[at], lines[at - 1].ljust(len(lines[at]))
        # a candidate's column: its units digit, with the tens digit (if any) above it
        places = [i for i, char in enumerate(units) if char.isdigit()]
        shown += [int(tens[i].strip() or "0") * 10 + int(units[i]) for i in places]
        for line in lines[at + 1 : at + 32]:
            row = line.ljust(places[-1] + 1)
            cells.setdefault(row[: places[0]].strip(), []).extend(row[i] for i in places)
    assert shown == list(range(1, 32))  # every candidate once, in order
    assert (len(headers) == 1) == (width >= 140)  # all 31 need 106 columns
    assert len(cells) == 31
    assert all(len(row) == 31 for row in cells.values())
    assert all(row.count("·") == 1 for row in cells.values())  # itself, in one panel
