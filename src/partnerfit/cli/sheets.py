"""``partnerfit import`` and ``partnerfit export``: profiles from and to CSV or XLSX sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.common import app, emit, handle_errors, warn
from partnerfit.cli.options import ProfilesOption, SkipInvalidOption
from partnerfit.errors import UsageError


@app.command("import")
@handle_errors
def import_command(
    sheet_path: Annotated[
        Path,
        typer.Argument(help="A .csv or .xlsx sheet, one organisation per row.", metavar="FILE"),
    ],
    profiles_dir: Annotated[
        Path,
        typer.Option(
            "--profiles", "-p", help="Directory to write the profiles into.", metavar="DIR"
        ),
    ] = Path("profiles"),
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", help="Worksheet of an .xlsx file (default: the first).", metavar="NAME"
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace profile files that already exist.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be written; write nothing.")
    ] = False,
) -> None:
    """Write one profile per row of a spreadsheet, and report every cell that could not be mapped.

    Columns are profile fields (id, name, kind, sectors, values, strengths, needs,
    reputation.rating, goals.1.statement, ...; see docs/profiles-and-vocabulary.md). Rows that
    are not valid profiles are named with their row and column and not written. Exit status 1
    when anything could not be mapped.

    Example: partnerfit import organisations.xlsx --profiles profiles --dry-run
    """
    from partnerfit.cli.new import find_schema_dir
    from partnerfit.io.atomic import write_atomic
    from partnerfit.io.spreadsheet import read_rows
    from partnerfit.model.tabular import profile_document, rows_to_profiles
    from partnerfit.scaffold.templates import PROFILE_SCHEMA, schema_modeline

    if not profiles_dir.is_dir() and not dry_run:
        raise UsageError(f"profile directory {profiles_dir} does not exist")
    imported = rows_to_profiles(read_rows(sheet_path, sheet))
    source = sheet_path.as_posix()
    for problem in imported.problems:
        warn(problem.format(source))
    schema_dir = find_schema_dir(profiles_dir) if profiles_dir.is_dir() else None
    modeline = schema_modeline(profiles_dir, PROFILE_SCHEMA, schema_dir)
    written = kept = 0
    for profile in imported.profiles:
        target = profiles_dir / f"{profile.id}.yaml"
        if target.exists() and not force:
            warn(f"{target} already exists, not replaced (--force replaces it)")
            kept += 1
            continue
        if not dry_run:
            write_atomic(target, [profile_document(profile, modeline)])
        written += 1
    verb = "would write" if dry_run else "wrote"
    rows_left = sum("row not imported" in p.message for p in imported.problems)
    warn(
        f"{verb} {written} profile{'s' * (written != 1)} in {profiles_dir}; "
        f"{kept} kept, {len(imported.problems)} problem{'s' * (len(imported.problems) != 1)}"
        + (f" ({rows_left} row{'s' * (rows_left != 1)} not imported)" if rows_left else "")
    )
    if imported.problems or kept:
        raise typer.Exit(1)


@app.command("export")
@handle_errors
def export_command(
    profiles_dir: ProfilesOption = Path("profiles"),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (.csv or .xlsx) atomically instead of CSV on stdout.",
            metavar="FILE",
        ),
    ] = None,
    skip_invalid: SkipInvalidOption = False,
) -> None:
    """Write every profile as one spreadsheet row, in the columns `partnerfit import` reads.

    Anything a sheet cannot carry exactly (a ; or line break inside a tag or note) is reported.

    Example: partnerfit export --profiles profiles --output organisations.xlsx
    """
    from partnerfit.cli.sets import load_set
    from partnerfit.io.spreadsheet import csv_text, sheet_format, write_rows
    from partnerfit.model.tabular import export_problems, profiles_to_rows

    if output is not None:
        sheet_format(output)
    profiles = load_set(profiles_dir, None, skip_invalid=skip_invalid, verbose=False)
    rows = profiles_to_rows(profiles.profiles)
    target = output.as_posix() if output else "stdout"
    for problem in export_problems(profiles.profiles, rows):
        warn(problem.format(target))
    if output is None:
        emit(csv_text(rows), "csv")
        return
    write_rows(output, rows)
    warn(f"wrote {len(rows) - 1} profiles to {output}")
