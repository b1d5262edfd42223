"""Reading export workbooks (.xlsx and legacy .xls) the way `csv_table.CsvTable` reads CSVs.

LinkedIn's page analytics exports are workbooks (`.xls`, and `.xlsx` in newer downloads), X Ads writes an
`.xlsx`. A workbook is opened by its bytes (`PK\\x03\\x04` is an xlsx zip, `\\xd0\\xcf\\x11\\xe0` an OLE2 `.xls`),
never by its extension, so a mislabelled file is read for what it is. `SheetTable` is a `csv_table.CsvTable` over
one sheet: the header row is found by a known first cell (LinkedIn writes a free-text description row above
it), rows are numbered as Excel shows them, and `bind` / `read` / `record_batches` work unchanged, so the
`cells` converters (and their errors) are reused. Errors name the file, the sheet, the row and the column.

Cells come back typed from the readers; they are rendered as the text the converters accept:
- numbers are floats (`6681.0`, `0.0344`); a whole number is written without its `.0` when it is exact
  (below 10^15), otherwise as Python writes the float (`1.2345678901234568e+18`), which `cells.identifier`
  then refuses as a mangled id, exactly like a CSV re-saved by a spreadsheet;
- a cell formatted as a date (openpyxl gives a `datetime`, xlrd a date-typed float) becomes ISO text
  (`2026-10-01` or `2026-10-01 14:30:00`); an unformatted Excel serial number stays a number, and the
  column's converter (`excel_datetime`) turns it into a time explicitly;
- text is kept verbatim: `=HYPERLINK(...)`, `+1`, `@user` are never evaluated (formulas are read as their
  text, never their cached result);
- booleans are `TRUE` / `FALSE`; error cells keep their code (`#N/A`), which then fails conversion.

Detection must be cheap and must never raise: `summary(path)` reads only each sheet's first rows (openpyxl
`read_only=True`; xlrd `on_demand=True`) and answers None for anything that is not a readable workbook (a
corrupt or truncated zip, a CSV renamed `.xlsx`, an unrelated OLE file such as a `.doc`). Summaries are cached
per (path, size, mtime), because every registered type asks about the same file.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from ingest.exports import cells, csv_table
from ingest.exports.base import Sniff

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
SUMMARY_ROWS = 12  # rows per sheet read for detection: a description row, a header, a few data rows
HEADER_SEARCH_ROWS = 10  # the header row must be among a sheet's first rows


def container(head: bytes) -> str | None:
    """'xlsx', 'xls' or None, from the first bytes of a file."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(XLS_MAGIC):
        return "xls"
    return None


# ---- cell rendering ----------------------------------------------------------------------------------


def render(value: object) -> str:
    """A cell value as the text a `cells` converter reads (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" in text and abs(value) < 1e15:  # 1e-05: write it out, money and rates are fixed-point
            return format(Decimal(text), "f")
        return text
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value.total_seconds())
    return str(value)


# ---- converters for spreadsheet styles ---------------------------------------------------------------

_EXCEL_EPOCH = datetime(1899, 12, 30)  # the 1900 date system, as Excel counts (with its 1900 leap-year bug)


def excel_datetime(text: str) -> datetime | None:
    """An Excel serial date-time (`42828.6252662037`: days since 1899-12-30, the 1900 date system) as a
    wall-clock time, rounded to the second; also the ISO text a date-formatted cell is rendered as. Blank
    and `-` are NULL. The serial carries no time zone."""
    value = text.strip()
    if value in cells.NULL_MARKERS:
        return None
    try:
        serial = float(value)
    except ValueError:
        try:
            return cells.local_datetime(value)
        except cells.CellError:
            raise cells.CellError(
                "bad_date", f"{text!r} is not an Excel date (a serial number such as 42828.625) or an ISO date"
            ) from None
    if not math.isfinite(serial) or not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
        raise cells.CellError("bad_date", f"{text!r} is outside Excel's date range")
    return _EXCEL_EPOCH + timedelta(seconds=round(serial * 86400))


def us_date(text: str) -> date | None:
    """`MM/DD/YYYY` (`10/01/2026`, `10/1/2026`) as LinkedIn writes dates, or the ISO text of a cell a
    spreadsheet saved as a real date. Blank is NULL. Never DD/MM: LinkedIn's exports are US-style."""
    value = text.strip()
    if not value:
        return None
    parts = value.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4 and len(parts[0]) <= 2:
        try:
            return date(int(parts[2]), int(parts[0]), int(parts[1]))
        except ValueError:
            pass
    else:
        try:
            return cells.iso_date(value)
        except cells.CellError:
            pass
    raise cells.CellError("bad_date", f"{text!r} is not a date (MM/DD/YYYY expected)")


# ---- opening a workbook ------------------------------------------------------------------------------


class WorkbookError(Exception):
    """The bytes are not a readable workbook."""


class Workbook:
    """An open .xlsx or .xls file: its sheet names and each sheet's rows as cell values."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as handle:
            self.kind = container(handle.read(8))
        self._book = None
        try:
            if self.kind == "xlsx":
                import openpyxl

                self._book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
                self.sheet_names: list[str] = list(self._book.sheetnames)
            elif self.kind == "xls":
                import xlrd

                self._book = xlrd.open_workbook(path, on_demand=True, formatting_info=False)
                self.sheet_names = list(self._book.sheet_names())
            else:
                raise WorkbookError("not a workbook (no xlsx or xls signature)")
        except WorkbookError:
            raise
        except Exception as exc:  # zipfile.BadZipFile, KeyError, xlrd.XLRDError, struct errors, ...
            self.close()
            raise WorkbookError(f"{type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        if self._book is None:
            return
        if self.kind == "xlsx":
            self._book.close()
        else:
            self._book.release_resources()
        self._book = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheet(self, name: str) -> str | None:
        """The sheet's name as written, matched case- and space-insensitively; None when absent."""
        wanted = cells.normalize_header(name)
        return next((s for s in self.sheet_names if cells.normalize_header(s) == wanted), None)

    def rows(self, sheet: str, limit: int | None = None) -> Iterator[list[object]]:
        """The sheet's rows from row 1 (empty rows included, so position + 1 is the Excel row number)."""
        if self.kind == "xlsx":
            sheet_ = self._book[sheet]
            sheet_.reset_dimensions()  # trust the cells, not a <dimension> a writer may have got wrong
            for number, row in enumerate(sheet_.iter_rows(values_only=True), start=1):
                if limit is not None and number > limit:
                    return
                yield list(row)
        else:
            import xlrd

            sheet_ = self._book.sheet_by_name(sheet)
            for index in range(sheet_.nrows if limit is None else min(limit, sheet_.nrows)):
                yield [_xls_value(self._book, cell, xlrd) for cell in sheet_.row(index)]


def _xls_value(book: object, cell: object, xlrd: object) -> object:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    return cell.value


# ---- detection ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What detection sees of a workbook: its sheet names and each sheet's first rows as text."""

    kind: str
    sheets: dict[str, list[list[str]]]  # sheet name as written -> first rows, cells rendered

    def sheet(self, name: str) -> list[list[str]] | None:
        wanted = cells.normalize_header(name)
        return next((rows for s, rows in self.sheets.items() if cells.normalize_header(s) == wanted), None)


def summary(sniff: Sniff) -> Summary | None:
    """The workbook's summary, or None for anything that is not a readable workbook. Never raises."""
    kind = container(sniff.head)
    if kind is None:
        return None
    try:
        stat = sniff.path.stat()
    except OSError:
        return None
    return _summary(str(sniff.path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _summary(path: str, size: int, mtime_ns: int) -> Summary | None:
    try:
        with Workbook(Path(path)) as book:
            sheets = {
                name: [[render(v) for v in row] for row in book.rows(name, SUMMARY_ROWS)] for name in book.sheet_names
            }
            return Summary(book.kind, sheets)
    except Exception:  # detection never raises: anything unreadable is simply not a workbook we know
        return None


def find_header(rows: Sequence[Sequence[str]], first_cells: Iterable[str]) -> int | None:
    """Index (0-based) of the first row, among the first HEADER_SEARCH_ROWS, whose first cell is one of
    `first_cells` (case- and space-insensitive)."""
    wanted = {cells.normalize_header(c) for c in first_cells}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if row and cells.normalize_header(str(row[0])) in wanted:
            return index
    return None


@dataclass(frozen=True)
class SheetSignature:
    """One sheet a workbook type needs: its name, the first header cell that marks the header row, and
    header cells that must be in that row (each a tuple of accepted names, for renamed columns)."""

    sheet: str
    first_cells: tuple[str, ...]
    headers: tuple[tuple[str, ...], ...] = ()

    def checks(self, found: Summary | None) -> list[tuple[str, bool]]:
        """(what, passed) for the sheet, its header row, and each header cell."""
        labels = [f"sheet '{self.sheet}'", f"'{self.sheet}' header row starting '{self.first_cells[0]}'"]
        labels += [f"'{self.sheet}' column '{names[0]}'" for names in self.headers]
        rows = found.sheet(self.sheet) if found else None
        if rows is None:
            return [(label, False) for label in labels]
        index = find_header(rows, self.first_cells)
        if index is None:
            return [(labels[0], True)] + [(label, False) for label in labels[1:]]
        seen = {cells.normalize_header(c) for c in rows[index]}
        passed = [any(cells.normalize_header(n) in seen for n in names) for names in self.headers]
        return [(labels[0], True), (labels[1], True), *zip(labels[2:], passed, strict=True)]


class WorkbookType:
    """Mixin for an ExportType recognised by sheets: `matches`, `signature_overlap` and `missing_signature`
    look at the workbook's sheet names and header rows instead of a CSV's first line."""

    sheet_signatures: tuple[SheetSignature, ...]
    forbidden_sheets: tuple[str, ...] = ()  # a sheet whose presence means another type

    def _checks(self, sniff: Sniff) -> list[tuple[str, bool]]:
        found = summary(sniff)
        checks = [c for s in self.sheet_signatures for c in s.checks(found)]
        for name in self.forbidden_sheets:
            checks.append((f"no sheet '{name}'", found is not None and found.sheet(name) is None))
        return checks

    def matches(self, sniff: Sniff) -> bool:
        return container(sniff.head) is not None and all(ok for _, ok in self._checks(sniff))

    def signature_overlap(self, sniff: Sniff) -> float:
        if container(sniff.head) is None or summary(sniff) is None:
            return 0.0
        checks = self._checks(sniff)
        return sum(ok for _, ok in checks) / len(checks)

    def missing_signature(self, sniff: Sniff) -> list[str]:
        return [label for label, ok in self._checks(sniff) if not ok]


def _trim_trailing_blanks(header: list[str]) -> list[str]:
    """A header row without the empty cells a sheet may carry after its last column."""
    header = [cell.strip() for cell in header]
    while header and not header[-1]:
        header.pop()
    return header


# ---- one sheet as a table ----------------------------------------------------------------------------


class SheetTable(csv_table.CsvTable):
    """One sheet of an open workbook, read like a CSV: `headers`, `bind`, `rows`, `read`, `error`.

    The header row is the first of the sheet's first rows whose first cell is one of `first_cells`; rows
    above it (LinkedIn's description row) are skipped. Row numbers are Excel's. Blank rows are skipped;
    cells beyond the header's width that hold something are an 'extra_fields' error.
    """

    def __init__(self, path: Path, sheet: str, first_cells: Iterable[str]) -> None:
        self.first_cells = tuple(first_cells)
        find = csv_table.header_starting_with(
            self.first_cells,
            within=HEADER_SEARCH_ROWS,
            missing=f"no header row starting with '{self.first_cells[0]}' in the sheet's first {HEADER_SEARCH_ROWS} "
            "rows",
        )
        super().__init__(path, header=lambda table: _trim_trailing_blanks(find(table)))
        self.sheet_wanted = sheet
        self.sheet = sheet
        self._book: Workbook | None = None
        self._rows: Iterator[list[object]] | None = None

    def _open(self) -> None:
        try:
            self._book = Workbook(self.path)
        except WorkbookError as exc:
            raise self.error(
                "unreadable_workbook",
                f"the file is not a readable .xlsx/.xls workbook ({exc}); it may be cut off or not a "
                "spreadsheet at all: download it again",
            ) from None
        found = self._book.sheet(self.sheet_wanted)
        if found is None:
            raise self.error(
                "missing_sheet",
                f"the workbook has no sheet '{self.sheet_wanted}'; sheets seen: {self._book.sheet_names}",
                column=self.sheet_wanted,
            )
        self.sheet = found
        self._rows = iter(self._book.rows(found))

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._book is not None:
            self._book.close()

    def location(self) -> str:
        return f"{self.file_name}, sheet '{self.sheet}'"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        width = len(self.headers)
        while True:
            record = self.next_record()
            if record is None:
                return
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                raise self.error(
                    "extra_fields",
                    f"the row has cells beyond the header's {width} columns: {record[width:]}",
                    row=self._row,
                    value=record[width:],
                )
            yield self._row, record + [""] * (width - len(record))

    def next_record(self) -> list[str] | None:
        try:
            values = next(self._rows)
        except StopIteration:
            return None
        except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as exc:
            raise self.error(
                "unreadable_workbook", f"the sheet cannot be read past here ({exc})", row=self._row + 1
            ) from None
        self._row += 1
        return [render(v) for v in values]
