"""The bad-input set every export type is pinned against, run through the real loader.

Each export type's test module builds its set as `{kind: Bad(...)}` over all of `KINDS`, from a good
generated file, and checks each with `assert_quarantined`: the file is rejected with the expected rule
(and row and column where the kind has one), a reason file sits beside the quarantined copy, and no row
reached the raw table. The mutators below work on CSV text; spreadsheet and JSON types write their own.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest import warehouse
from ingest.config import Paths
from ingest.load.loader import LoadResult, ingest_paths

KINDS = (
    "truncated",  # the download was cut off part-way through a row
    "wrong_encoding",  # the bytes are not in the encoding the platform writes (a re-save as Latin-1)
    "header_only",  # the export had no data for the period
    "missing_column",  # a required column is absent
    "non_numeric",  # a metric cell holds text
    "mangled_id",  # a spreadsheet turned an id into 1.2E+17
    "duplicate_rows",  # the same natural key twice in one file
    "unknown_file",  # a file no export type recognises
)


@dataclass(frozen=True)
class Bad:
    """A bad variant of a good file and the precise outcome it must have."""

    make: Callable[[Path], Path]  # good file -> bad file (written next to it)
    rule: str
    row: int | None = None
    column: str | None = None
    message: tuple[str, ...] = ()  # fragments the reason must contain


def assert_quarantined(home: Paths, good: Path, bad: Bad, *, account: str = "northwind-test") -> dict:
    """Load the bad variant as `resonance ingest --account ACCOUNT FILE` would (a file outside landing takes
    no account from its folder); assert it is quarantined with exactly `bad`'s reason. Returns the reason."""
    path = bad.make(good)
    (result,) = ingest_paths([path], home, account=account)
    assert result.status == "rejected", f"{path.name} loaded: {result.line()}"
    assert result.reason_rule == bad.rule, result.reason
    if bad.row is not None:
        assert result.reason_row == bad.row, result.reason
    if bad.column is not None:
        assert result.reason_column == bad.column, result.reason
    for fragment in (path.name, *bad.message):
        assert fragment in result.reason, (fragment, result.reason)
    reason_file = home.quarantine / result.load_id / f"{path.name}.reason.json"
    reason = json.loads(reason_file.read_text(encoding="utf-8"))
    assert (reason["rule"], reason["row"], reason["column"]) == (bad.rule, result.reason_row, result.reason_column)
    assert (home.quarantine / result.load_id / path.name).read_bytes() == path.read_bytes()
    assert raw_row_count(home, result) == 0
    return reason


def raw_row_count(home: Paths, result: LoadResult) -> int:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return sum(
            con.execute(f"select count(*) from raw.{warehouse.quote(table)}").fetchone()[0]
            for table in result.raw_tables
        )
    finally:
        con.close()


# ---- CSV mutators ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvStyle:
    """How a platform writes its CSV, so a mutated file keeps every other byte style."""

    encoding: str = "utf-8"
    delimiter: str = ","
    quoting: int = csv.QUOTE_MINIMAL
    lineterminator: str = "\n"
    preamble_lines: int = 0  # lines above the header (`sep=,`, a title line)


def read_rows(path: Path, style: CsvStyle) -> tuple[list[str], list[list[str]]]:
    """(preamble lines, rows) with the header as rows[0]."""
    text = path.read_text(encoding=style.encoding)
    lines = text.split("\n")
    preamble = lines[: style.preamble_lines]
    body = "\n".join(lines[style.preamble_lines :])
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=style.delimiter))
    return preamble, rows


def write_rows(path: Path, style: CsvStyle, preamble: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    for line in preamble:
        buffer.write(line + "\n")
    csv.writer(buffer, delimiter=style.delimiter, quoting=style.quoting, lineterminator=style.lineterminator).writerows(
        rows
    )
    path.write_bytes(buffer.getvalue().encode(style.encoding))
    return path


def variant(good: Path, kind: str) -> Path:
    return good.with_name(f"{good.stem}.{kind}{good.suffix}")


def rewrite(style: CsvStyle, kind: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], Path]:
    """A mutator applying `change` to the rows (header first) and writing the file back in `style`."""

    def make(good: Path) -> Path:
        preamble, rows = read_rows(good, style)
        return write_rows(variant(good, kind), style, preamble, change([list(r) for r in rows]))

    return make


def set_cell(header: str, data_row: int, value: str) -> Callable[[list[list[str]]], list[list[str]]]:
    """Replace the cell under `header` in the `data_row`-th data row (1-based)."""

    def change(rows: list[list[str]]) -> list[list[str]]:
        rows[data_row][rows[0].index(header)] = value
        return rows

    return change


def drop_column(header: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def change(rows: list[list[str]]) -> list[list[str]]:
        index = rows[0].index(header)
        return [row[:index] + row[index + 1 :] for row in rows]

    return change


def duplicate_row(data_row: int) -> Callable[[list[list[str]]], list[list[str]]]:
    """Repeat the `data_row`-th data row at the end of the file."""
    return lambda rows: [*rows, list(rows[data_row])]


def header_only(header_rows: int = 1) -> Callable[[list[list[str]]], list[list[str]]]:
    return lambda rows: rows[:header_rows]


def truncated(good: Path) -> Path:
    """The file cut off part-way through its last row (as an interrupted download leaves it)."""
    data = good.read_bytes().rstrip(b"\r\n")
    last_row = data.rfind(b"\n") + 1  # 0 for a one-line file (compact JSON): cut it in half
    cut = last_row + max(1, (len(data) - last_row) // 2)
    return _write(variant(good, "truncated"), data[:cut])


def reencoded(good: Path, *, source: str = "utf-8-sig", target: str = "cp1252") -> Path:
    """The file re-saved in another encoding (Excel's Latin-1 "CSV" on Windows, by default; a BOM is dropped,
    as such a re-save does)."""
    data = good.read_bytes().decode(source).encode(target, errors="replace")
    try:
        data.decode(source)
    except UnicodeDecodeError:
        return _write(variant(good, "wrong_encoding"), data)
    raise AssertionError(f"{good.name}: re-encoded as {target} it is still valid {source}; add non-ASCII text")


def unknown_file(good: Path) -> Path:
    """A table no export type knows (a Pinterest analytics export)."""
    path = good.with_name("pinterest_analytics_export.csv")
    path.write_text("Date,Pin impressions,Saves,Outbound clicks\n2026-10-01,1200,34,12\n", encoding="utf-8")
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
