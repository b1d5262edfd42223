"""The export CSV as a table: where its header is, its encoding, and `CsvTable`, which reads records and
binds the header to `cells.Field`s, turning a `cells.CellError` into an `ExportError` that names the file,
the row as a spreadsheet shows it, the column as the header writes it, and the rule."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ingest.exports.base import ExportError, ExportType, batches, shown_headers
from ingest.exports.cells import (
    BoundField,
    CellError,
    Field,
    extra_keys,
    first_undecodable_line,
    normalize_header,
    split_currency,
)

if TYPE_CHECKING:
    import pyarrow as pa


HeaderFinder = Callable[["CsvTable"], list[str]]


def header_on_first_line(table: CsvTable) -> list[str]:
    """The usual layout: the header is the file's first record."""
    first = table.next_record()
    if first is None or not any(cell.strip() for cell in first):
        raise table.error("empty_file", "the file is empty: no header line, no data")
    return first


def header_below_title(title: str) -> HeaderFinder:
    """The header sits below a title line whose first cell is `title` (`Video overview,,,,,`); a copy that
    lost the title line has the header first. Rows keep their spreadsheet numbers (title 1, header 2)."""

    def find(table: CsvTable) -> list[str]:
        first = header_on_first_line(table)
        if normalize_header(first[0]) != normalize_header(title):
            return first
        table.headers = [cell.strip() for cell in first]  # what the error below shows as seen
        header = table.next_record()
        if header is None or not any(cell.strip() for cell in header):
            raise table.error("empty_file", f"the file has its '{title}' title line but no header")
        return header

    return find


def header_starting_with(first_cells: Iterable[str], *, within: int, missing: str) -> HeaderFinder:
    """The header is the first record, among the first `within`, whose first cell is one of `first_cells`
    (case- and space-insensitive); records above it (title or description lines) are skipped. When there
    is none, 'missing_column' with the `missing` message, naming the first of `first_cells`."""
    names = tuple(first_cells)
    wanted = {normalize_header(c) for c in names}

    def find(table: CsvTable) -> list[str]:
        for _ in range(within):
            record = table.next_record()
            if record is None:
                break
            if record and normalize_header(record[0]) in wanted:
                return record
        raise table.error("missing_column", missing, column=names[0])

    return find


def bom_encoding(path: Path) -> str:
    """`utf-16` when the file starts with a UTF-16 byte-order mark (LE or BE; the codec reads the order from
    it and drops it), else `utf-8-sig` (UTF-8, a BOM dropped when present)."""
    with open(path, "rb") as handle:
        head = handle.read(2)
    return "utf-16" if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"


class CsvTable:
    """An export CSV opened for parsing: its header, then its data rows with spreadsheet row numbers.

    Opens with `utf-8-sig` (a BOM is dropped when present) and `newline=''`, so quoted cells keep their
    embedded newlines and both LF and CRLF files read the same. Rows are numbered as a spreadsheet shows
    them (header = 1), which is not the line number once a cell spans lines.

    Formats that differ say so when opening: `delimiter` (`;`, tab), `utf16=True` to read UTF-16 when the
    file starts with its BOM (`bom_encoding`), `header` to find the header below title or description lines
    (`header_below_title`, `header_starting_with`; the skipped lines still count as rows), and
    `encoding_error` for a format's own message when the bytes do not decode.
    """

    def __init__(
        self,
        path: Path,
        *,
        delimiter: str = ",",
        utf16: bool = False,
        header: HeaderFinder = header_on_first_line,
        encoding_error: Callable[[CsvTable, UnicodeDecodeError], ExportError] | None = None,
    ) -> None:
        self.path = path
        self.file_name = path.name
        self.delimiter = delimiter
        self.utf16 = utf16
        self.encoding = "utf-8-sig"
        self.headers: list[str] = []
        self.title: str | None = None  # a title line above the header, where a format has one and keeps it
        self.unknown: list[tuple[int, str]] = []  # (index, key in `_extra`) of columns no field claims
        self._find_header = header
        self._encoding_error = encoding_error
        self._handle = None
        self._reader = None
        self._row = 0  # the last record read, as a spreadsheet row number
        self._plan_for: object = None  # the `bound` list `_plan` was made for (see `read`)
        self._plan: list[tuple[str, Callable[[str], object], int]] = []
        self._plan_not_null: list[str] = []

    def __enter__(self) -> CsvTable:
        try:
            self._open()
            self.headers = [cell.strip() for cell in self._find_header(self)]
        except BaseException:
            self.__exit__(None, None, None)  # `__exit__` does not run when `__enter__` raises
            raise
        return self

    def _open(self) -> None:
        if self.utf16:
            self.encoding = bom_encoding(self.path)
        self._handle = open(self.path, encoding=self.encoding, newline="")  # closed in __exit__
        self._reader = csv.reader(self._handle, delimiter=self.delimiter, strict=True)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._handle is not None:
            self._handle.close()

    @property
    def row(self) -> int:
        """The last record read, as a spreadsheet row number."""
        return self._row

    # -- errors ----------------------------------------------------------------------------------------

    def error(
        self,
        rule: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> ExportError:
        where = self.location()
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        return ExportError(
            rule, f"{where}: {problem} (rule {rule})", row=row, column=column, value=value, headers=self.headers
        )

    def location(self) -> str:
        """Where errors say the problem is, before the row and column: the file's name."""
        return self.file_name

    # -- header ----------------------------------------------------------------------------------------

    def bind(self, fields: Iterable[Field], *, ignored: Iterable[str] = ()) -> list[BoundField]:
        """Find each field's column; a required one that is absent is a 'missing_column' error naming it
        and listing the headers seen. Columns no field claims (and not `ignored` on purpose) are unknown:
        `read` keeps their cells in `_extra`, and the loader reports them as drift."""
        bound = []
        for field in fields:
            found = self.find(field)
            if found is not None:
                bound.append(found)
            elif field.required:
                raise self.error(
                    "missing_column",
                    f"required column {field.describe()} is missing; headers seen: {shown_headers(self.headers)}",
                    column=field.headers[0],
                )
        claimed = {b.index for b in bound} | {
            i for i, h in enumerate(self.headers) if normalize_header(h) in {normalize_header(x) for x in ignored}
        }
        self.unknown = extra_keys([(i, h) for i, h in enumerate(self.headers) if i not in claimed and h])
        return bound

    def find(self, field: Field) -> BoundField | None:
        wanted = {normalize_header(h) for h in field.headers}
        for index, header in enumerate(self.headers):
            if normalize_header(header) in wanted:
                return BoundField(field, index, header)
        if field.money:
            for index, header in enumerate(self.headers):
                base, code = split_currency(header)
                if code and normalize_header(base) in wanted:
                    return BoundField(field, index, header, code)
        return None

    # -- rows ------------------------------------------------------------------------------------------

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every non-blank data row. A row with fewer cells than the header is
        'truncated_row'; one with more non-empty cells is 'extra_fields' (an unquoted separator)."""
        width = len(self.headers)
        while True:
            record = self.next_record()
            if record is None:
                return
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # a blank line
            if len(record) < width:
                raise self.error(
                    "truncated_row",
                    f"the row has {len(record)} fields but the header has {width}: it was cut off or lost "
                    f"its separators (first missing column: '{self.headers[len(record)]}')",
                    row=self._row,
                    column=self.headers[len(record)],
                )
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                raise self.error(
                    "extra_fields",
                    f"the row has {len(record)} fields but the header has {width}: a value probably contains "
                    "an unquoted comma",
                    row=self._row,
                    value=record[width:],
                )
            yield self._row, record

    def next_record(self) -> list[str] | None:
        """The next record as cells (None at the end of the file), counting it as a row."""
        try:
            record = next(self._reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise self.error(
                    "truncated_file",
                    "the file ends inside a quoted cell: the download or copy was cut off; download it again",
                    row=self._row + 1,
                ) from None
            raise self.error("malformed_csv", f"not valid CSV near here ({exc})", row=self._row + 1) from None
        except UnicodeDecodeError as exc:
            if self._encoding_error is not None:
                raise self._encoding_error(self, exc) from None
            line, offset = first_undecodable_line(self.path)
            raise self.error(
                "bad_encoding",
                f"the file is not UTF-8 text: line {line} holds byte {offset} that UTF-8 cannot decode "
                f"({exc.reason}); export it again, or re-save it as UTF-8",
                row=line,
            ) from None
        self._row += 1
        return record

    def read(self, row: int, cells: list[str], bound: Iterable[BoundField]) -> dict:
        """Convert one row's bound cells into {output column: value}.

        The hot loop of every CSV parse: it converts the row in one comprehension, and only a row that
        fails (a conversion error, an empty required cell) is read again cell by cell by `_read_checked`,
        which raises exactly the error naming the first bad cell."""
        if bound is not self._plan_for:
            self._plan_for = bound
            self._plan = [(spec.field.name, spec.field.convert, spec.index) for spec in bound]
            self._plan_not_null = [spec.field.name for spec in bound if spec.field.not_null]
        try:
            record = {name: convert(cells[index]) for name, convert, index in self._plan}
        except Exception:
            return self._read_checked(row, cells, bound)
        for name in self._plan_not_null:
            if record[name] is None:
                return self._read_checked(row, cells, bound)
        if self.unknown:
            record["_extra"] = {key: (cells[index] if index < len(cells) else None) for index, key in self.unknown}
        return record

    def _read_checked(self, row: int, cells: list[str], bound: Iterable[BoundField]) -> dict:
        record: dict = {}
        for spec in bound:
            raw = cells[spec.index]
            try:
                value = spec.field.convert(raw)
            except CellError as exc:
                raise self.error(exc.rule, exc.problem, row=row, column=spec.header, value=raw) from None
            if value is None and spec.field.not_null:
                raise self.error(
                    "missing_value", "the cell is empty but the column is required", row=row, column=spec.header
                )
            record[spec.field.name] = value
        if self.unknown:
            record["_extra"] = {key: (cells[index] if index < len(cells) else None) for index, key in self.unknown}
        return record


NO_DATA_ADVICE = "Export a period or selection that has data"


def header_only(table: CsvTable, advice: str = NO_DATA_ADVICE) -> ExportError:
    """'header_only': the file has its header and no data row; the message ends with `advice`."""
    return table.error(
        "header_only", f"the file has a header but no data rows; headers seen: {shown_headers(table.headers)}. {advice}"
    )


def record_batches(
    export: ExportType,
    table: CsvTable,
    records: Iterable[dict],
    *,
    advice: str = NO_DATA_ADVICE,
) -> Iterator[pa.RecordBatch]:
    """Cut parsed rows into bounded Arrow record batches; a file with no data rows is 'header_only' (the
    message ends with `advice`)."""
    yield from batches(export, records, empty=lambda: header_only(table, advice))
