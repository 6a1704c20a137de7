"""Spreadsheet rows in and out: CSV (any of , ; tab) and XLSX (with the ``xlsx`` extra).

Reading is bounded (file size, rows, columns) because the sheets come from other people;
writing guards against formula injection: a CSV cell that starts with ``= + - @`` or a control
character gets a leading apostrophe, and XLSX cells are written as text, never as formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from partnerfit.errors import PartnerfitError, UsageError

SHEET_SUFFIXES = (".csv", ".xlsx")
MAX_SHEET_BYTES = 50_000_000
MAX_ROWS = 100_000
MAX_COLUMNS = 500
MAX_UNPACKED_BYTES = 250_000_000
"""An XLSX is a zip: refuse one that unpacks to more than this (a decompression bomb)."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sheet_format(path: Path) -> str:
    """``csv`` or ``xlsx`` from the file name; anything else is a usage error."""
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise UsageError(f"{path}: expected a .csv or .xlsx file, not `{suffix or path.name}`")
    return suffix.removeprefix(".")


def read_rows(path: Path, sheet: str | None = None) -> list[list[str]]:
    """Every row of the sheet as text cells (the first row is the headings)."""
    kind = sheet_format(path)
    if not path.is_file():
        raise UsageError(f"{path} does not exist or is not a file")
    size = path.stat().st_size
    if size > MAX_SHEET_BYTES:
        raise PartnerfitError(f"{path}: the file is larger than {MAX_SHEET_BYTES:,} bytes")
    if kind == "csv":
        if sheet is not None:
            raise UsageError("--sheet applies to .xlsx files only")
        return read_csv(path)
    return read_xlsx(path, sheet)


def read_csv(path: Path) -> list[list[str]]:
    """CSV rows; the delimiter is sniffed from the heading line (Excel writes ; in some locales)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PartnerfitError(
            f"{path}: not UTF-8 (byte {err.start + 1}); save it as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise PartnerfitError(f"{path}: holds NUL bytes; is it really a CSV file?")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    rows: list[list[str]] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        check_shape(path, len(rows) + 1, len(row))
        rows.append(row)
    return rows


def check_shape(path: Path, row: int, columns: int) -> None:
    """Refuse sheets past the row and column bounds."""
    if row > MAX_ROWS:
        raise PartnerfitError(f"{path}: more than {MAX_ROWS:,} rows")
    if columns > MAX_COLUMNS:
        raise PartnerfitError(f"{path}:{row}: more than {MAX_COLUMNS} columns")


def openpyxl_or_exit() -> object:
    """The openpyxl module, or a message saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            "reading and writing .xlsx needs openpyxl: pip install 'partnerfit[xlsx]'"
        ) from None
    return openpyxl


def read_xlsx(path: Path, sheet: str | None) -> list[list[str]]:
    """XLSX rows of one worksheet (the first, or ``sheet``), streamed in read-only mode."""
    import datetime as dt
    import zipfile

    openpyxl_or_exit()
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as err:
        raise PartnerfitError(f"{path}: not a readable .xlsx workbook ({err})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise PartnerfitError(
            f"{path}: the workbook unpacks to more than {MAX_UNPACKED_BYTES:,} bytes"
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise PartnerfitError(f"{path}: not a readable .xlsx workbook ({err})") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise UsageError(
                f"{path} has no sheet `{sheet}`; its sheets: {', '.join(book.sheetnames)}"
            )
        rows: list[list[str]] = []
        for values in worksheet.iter_rows(values_only=True):
            check_shape(path, len(rows) + 1, len(values))
            cells = []
            for value in values:
                if value is None:
                    cells.append("")
                elif isinstance(value, dt.datetime) and value.time() == dt.time(0):
                    cells.append(value.date().isoformat())
                elif isinstance(value, dt.date):
                    cells.append(value.isoformat())
                elif isinstance(value, float) and value.is_integer():
                    cells.append(str(int(value)))
                else:
                    cells.append(str(value))
            rows.append(cells)
        return rows
    finally:
        book.close()


def guard(cell: str) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_text(rows: Sequence[Sequence[str]]) -> str:
    """Rows as CSV text, formula-guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([guard(cell) for cell in row])
    return buffer.getvalue()


def write_rows(path: Path, rows: Sequence[Sequence[str]]) -> None:
    """Write rows to a .csv or .xlsx file atomically."""
    from partnerfit.io.atomic import write_atomic

    if sheet_format(path) == "csv":
        write_atomic(path, [csv_text(rows)])
        return
    openpyxl_or_exit()
    import os
    import tempfile

    from openpyxl import Workbook

    book = Workbook()
    worksheet = book.active
    assert worksheet is not None  # a new workbook always has one sheet
    worksheet.title = "profiles"
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            cell = worksheet.cell(row=row_number, column=column_number)
            cell.value = value
            cell.data_type = "s"  # text, even when it starts with "=": never a formula
    directory = path.parent
    if not directory.is_dir():
        raise UsageError(f"cannot write {path}: directory {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
