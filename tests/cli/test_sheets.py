"""`partnerfit import` and `export`: sheets round-trip the bundled set; every unmapped cell is named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.model.profileset import load_profile_set
from partnerfit.model.tabular import profile_document, profiles_to_rows, rows_to_profiles

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_back_the_same_profiles(
    bundled: Path, tmp_path: Path, suffix: str
) -> None:
    sheet = tmp_path / f"orgs{suffix}"
    code, _, err = run("export", "--profiles", str(bundled), "--output", str(sheet))
    assert code == 0, err
    assert "wrote 31 profiles" in err
    target = tmp_path / "imported"
    target.mkdir()
    code, _, err = run("import", str(sheet), "--profiles", str(target))
    assert code == 0, err
    assert err.endswith("wrote 31 profiles in " + str(target) + "; 0 kept, 0 problems\n")
    before = load_profile_set(bundled)
    after = load_profile_set(target)
    assert after.profiles == before.profiles


def test_export_to_stdout_is_csv_with_one_row_per_profile(bundled: Path) -> None:
    code, out, _ = run("export", "--profiles", str(bundled))
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:4] == ["id", "name", "kind", "description"]
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
    assert len(rows) == 32
    greenleaf = dict(zip(rows[0], next(r for r in rows if r[0] == "greenleaf-coop"), strict=True))
    assert greenleaf["values"] == "sustainability:5; transparency:4"
    assert greenleaf["goals.1.deadline"] == "2027-06-30"
    assert (
        greenleaf["strengths"].splitlines()[0]
        == "distribution:4 | 40 delivery vans across the region"
    )


def test_import_reports_every_cell_it_cannot_map(tmp_path: Path) -> None:
    sheet = tmp_path / "orgs.csv"
    sheet.write_text(
        "Name;Type;Sectors;Values;Needs;Contact email;reputaton.rating\n"
        "Riverside Bakery;business;food;sustainability:5;funding:high;a@b.example;4\n"
        "Bad Kind;club;;;;;\n"
        ";;;;;;\n"
        "Riverside Bakery;business;;;;;\n",
        encoding="utf-8",
    )
    code, _, err = run("import", str(sheet), "--profiles", str(tmp_path))
    assert code == 1
    source = sheet.as_posix()
    assert err.splitlines() == [
        f"{source}:1: column `Contact email` not a profile field, not imported",
        f"{source}:1: column `reputaton.rating` not a profile field, not imported; did you mean `reputation.rating`?",
        f"{source}:2: column `needs` `funding:high` is not TAG:NUMBER (e.g. funding:4)",
        f"{source}:3: column `kind` Input should be 'business', 'nonprofit', 'government', 'academic' or 'community' (row not imported)",
        f"{source}:5: column `id` id `riverside-bakery` is also on row 2; row not imported",
        f"wrote 1 profile in {tmp_path}; 0 kept, 5 problems (2 rows not imported)",
    ]
    profile = load_profile_set(tmp_path).get("riverside-bakery")
    assert profile is not None
    assert profile.values == {"sustainability": 5}
    assert profile.needs == ()


def test_csv_export_guards_formulas_and_import_undoes_it(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text(
        'id: evil\nname: "=HYPERLINK(\\"http://x\\")"\ndescription: "-1+2"\nsectors: ["@sum"]\n'
    )
    code, out, _ = run("export", "--profiles", str(tmp_path))
    assert code == 0
    row = list(csv.reader(io.StringIO(out)))[1]
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert row[3] == "'-1+2"
    assert row[6] == "'@sum"
    imported = rows_to_profiles(list(csv.reader(io.StringIO(out))))
    assert imported.profiles == load_profile_set(tmp_path).profiles


def test_xlsx_cells_are_text_never_formulas(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text('id: evil\nname: "=1+1"\n')
    sheet = tmp_path / "out.xlsx"
    assert run("export", "--profiles", str(tmp_path), "-o", str(sheet))[0] == 0
    cell = openpyxl.load_workbook(sheet).active["B2"]
    assert cell.value == "=1+1"
    assert cell.data_type == "s"


def test_import_of_an_xlsx_sheet_by_name_with_dates_and_numbers(tmp_path: Path) -> None:
    import datetime as dt

    book = openpyxl.Workbook()
    book.active.title = "notes"
    sheet = book.create_sheet("orgs")
    sheet.append(
        ["id", "name", "capacity", "reputation.rating", "goals.1.statement", "goals.1.deadline"]
    )
    sheet.append(["a", "A", 2, 4.5, "Grow", dt.datetime(2027, 6, 30)])
    path = tmp_path / "orgs.xlsx"
    book.save(path)
    code, _, err = run("import", str(path), "--sheet", "orgs", "-p", str(tmp_path))
    assert code == 0, err
    profile = load_profile_set(tmp_path).get("a")
    assert profile is not None
    assert profile.capacity == 2
    assert profile.goals[0].deadline == dt.date(2027, 6, 30)
    code, _, err = run("import", str(path), "--sheet", "nope", "-p", str(tmp_path))
    assert code == 2
    assert "has no sheet `nope`; its sheets: notes, orgs" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.txt", b"id\n", "expected a .csv or .xlsx file"),
        ("x.csv", b"id,name\n\xff\xfe\n", "not UTF-8 (byte 9); save it as CSV UTF-8"),
        ("x.xlsx", b"not a zip", "not a readable .xlsx workbook"),
        ("x.csv", b"", "the sheet is empty"),
        ("x.csv", b"website\nhttp://a\n", "no `id` or `name` column"),
    ],
)
def test_bad_sheets_are_named(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run("import", str(path), "-p", str(tmp_path))
    assert code in (1, 2)
    assert message in err
    assert "Traceback" not in err


def test_export_reports_what_a_sheet_cannot_carry(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "id: a\nname: A\nstrengths:\n  - capability: x\n    level: 3\n    note: |\n      two\n      lines\n"
    )
    code, _, err = run("export", "--profiles", str(tmp_path))
    assert code == 0
    assert "stdout:2: column `strengths` `a`: strengths does not survive the sheet" in err


def test_profile_document_is_a_loadable_profile(bundled: Path, tmp_path: Path) -> None:
    profiles = load_profile_set(bundled)
    for profile in profiles.profiles:
        (tmp_path / f"{profile.id}.yaml").write_text(profile_document(profile))
    assert load_profile_set(tmp_path).profiles == profiles.profiles
    assert profiles_to_rows(())[0][0] == "id"


def test_an_xlsx_that_unpacks_too_far_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnerfit.io import spreadsheet

    book = openpyxl.Workbook()
    book.active.append(["id", "name"])
    book.active.append(["a", "x" * 5_000])
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1_000)
    code, _, err = run("import", str(path), "-p", str(tmp_path))
    assert code == 1
    assert "the workbook unpacks to more than 1,000 bytes" in err
