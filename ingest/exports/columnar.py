"""Columnar parsing: convert a CSV export a column at a time in Arrow, with the row-by-row converters as
the judge of anything unusual.

Why: converting every cell in Python (`csv_table.CsvTable.read`) costs about 100 µs per row of a wide export,
ten times what DuckDB needs to read the same file. Here a chunk of rows is read as string columns, and each
column is converted by a vectorised twin of its `cells` converter (`register`).

The rule that keeps the two paths one contract: **a vector converter either returns exactly what its row
converter would return for every cell of the chunk, or it returns None ("not certain")**. It accepts only the
plain forms a platform writes (`424`, `85.75`, `20260610`, `UCabc`, `-` or blank for NULL); anything else
(a thousands separator, scientific notation, a blank required cell, a mangled id) makes it give up, and the
chunk goes through the row path, which converts the exotic form or raises the `ExportError` naming the
file, row, column and rule. `tests/parsers/test_columnar.py` checks the rule converter by converter and
parser by parser (columnar against row-by-row on the real exports and the samples).

Reading the rows: Arrow's CSV reader, several times faster than Python's, reads a file it cannot split
differently from the row path's strict `csv` reader (UTF-8, the header on its first line, no NUL byte, and
quoting the strict reader accepts: `_arrow_can_read`). At the first sign of a disagreement (a row of the
wrong width, a blank line, bytes that are not UTF-8) the rest of the file is read by the `csv` reader,
starting at the row Arrow had reached, so quoting, blank lines, short and long rows are judged exactly as
before. Any other file is read by the `csv` reader from the start.

A parser opts in by giving `parse_batches` its row function (the record it built before) and a column
function (the same derivation on arrays); types without one keep `csv_table.record_batches`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.exports import cells, csv_table
from ingest.exports.base import BatchBuilder, ExportType

if TYPE_CHECKING:
    import pyarrow as pa

# Off only in tests that compare the two paths.
ENABLED = True

VectorConverter = Callable[["pa.StringArray"], "pa.Array | None"]
_VECTORS: dict[Callable[[str], object], VectorConverter] = {}


def register(convert: Callable[[str], object]) -> Callable[[VectorConverter], VectorConverter]:
    """Declare `vector` the columnar twin of the row converter `convert` (see the module's rule)."""

    def decorate(vector: VectorConverter) -> VectorConverter:
        _VECTORS[convert] = vector
        return vector

    return decorate


def vector_for(convert: Callable[[str], object]) -> VectorConverter | None:
    return _VECTORS.get(convert)


# ---- the vector converters ---------------------------------------------------------------------------

# What `str.strip()` removes from ASCII text (it also treats the separators \x1c-\x1f as whitespace).
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _all(mask: pa.Array) -> bool:
    import pyarrow.compute as pc

    return len(mask) == 0 or bool(pc.all(mask).as_py())


def all_match(values: pa.StringArray, pattern: str) -> bool:
    """Every cell matches the RE2 `pattern` (anchor it with ^...$ for a full match)."""
    import pyarrow.compute as pc

    return _all(pc.match_substring_regex(values, pattern))


def _null_cells(values: pa.StringArray, markers: tuple[str, ...] = tuple(cells.NULL_MARKERS)) -> pa.Array:
    """Cells that are one of `markers` exactly as written (`-` and blank by default, `cells.NULL_MARKERS`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.is_in(values, value_set=pa.array(markers, pa.string()))


def _plain_or_null(
    values: pa.StringArray, pattern: str, markers: tuple[str, ...] = tuple(cells.NULL_MARKERS)
) -> pa.Array | None:
    """The mask of NULL cells (one of `markers`, exactly as written: `-` and blank by default, as
    `cells.NULL_MARKERS`) when every other cell matches `pattern` in full; else None."""
    import pyarrow.compute as pc

    nulls = _null_cells(values, markers)
    if not _all(pc.or_(nulls, pc.match_substring_regex(values, pattern))):
        return None
    return nulls


def _cast_or_none(values: pa.Array, nulls: pa.Array, to: pa.DataType) -> pa.Array | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        converted = pc.cast(pc.if_else(nulls, pa.scalar(None, pa.string()), values), to)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return converted


@register(cells.integer)
def integer(values: pa.StringArray) -> pa.Array | None:
    """Counts: `424`, or `424.0` as X writes some. Only ASCII digits reach Arrow's integer parse (it would
    read `0x10` as 16); `424.0` has at most 18 digits, so its cast cannot overflow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    nulls = _null_cells(values)
    if _all(pc.or_kleene(nulls, pc.ascii_is_decimal(values))):
        return _cast_or_none(values, nulls, pa.int64())
    if _plain_or_null(values, r"^[0-9]{1,18}(\.0*)?$") is None:
        return None
    return _cast_or_none(pc.replace_substring_regex(values, r"\.0*$", ""), nulls, pa.int64())


@register(cells.number)
def number(values: pa.StringArray) -> pa.Array | None:
    """Decimals (`85.756416666666667`, `12`, `.5`, `1e5`) by Arrow's own float parse, which rounds correctly
    as Python's does and fails on anything that is not a number; NaN and infinities are left to the row
    path, which rejects them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    converted = _cast_or_none(values, _null_cells(values), pa.float64())
    if converted is None or not _all(pc.or_kleene(pc.is_finite(converted), pc.is_null(converted))):
        return None
    return converted


def _ascii_stripped(values: pa.StringArray) -> pa.Array | None:
    """`str.strip()` of every cell, when every cell is ASCII (where Arrow and Python agree on whitespace)."""
    import pyarrow.compute as pc

    if not _all(pc.string_is_ascii(values)):
        return None
    return pc.utf8_trim(values, characters=_ASCII_SPACE)


def _empty_to_null(values: pa.Array) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)


@register(cells.identifier)
def identifier(values: pa.StringArray) -> pa.Array | None:
    """Ids, trimmed; a column holding a spreadsheet-mangled id is left to the row path to reject."""
    import pyarrow.compute as pc

    stripped = _ascii_stripped(values)
    if stripped is None:
        return None
    mangled = pc.or_(
        pc.match_substring_regex(stripped, r"^[+-]?[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+$"),
        pc.match_substring_regex(stripped, r"^[0-9]+\.0+$"),
    )
    if bool(pc.any(mangled).as_py()):
        return None
    return _empty_to_null(stripped)


@register(cells.text)
def text(values: pa.StringArray) -> pa.Array | None:
    return _empty_to_null(values)


@register(cells.trimmed)
def trimmed(values: pa.StringArray) -> pa.Array | None:
    stripped = _ascii_stripped(values)
    return None if stripped is None else _empty_to_null(stripped)


def iso_dates(values: pa.Array) -> pa.Array | None:
    """`YYYY-MM-DD` text to dates; None when any is not a real date (Arrow's cast rejects 2026-02-30)."""
    import pyarrow as pa

    try:
        return values.cast(pa.date32())
    except pa.ArrowInvalid:
        return None


@register(cells.iso_date)
def iso_date(values: pa.StringArray) -> pa.Array | None:
    """`2026-10-01`; only a blank cell is NULL here (a `-` is not a date)."""
    import pyarrow as pa

    blanks = _plain_or_null(values, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", markers=("",))
    return None if blanks is None else _cast_or_none(values, blanks, pa.date32())


@register(cells.utc_timestamp)
def utc_timestamp(values: pa.StringArray) -> pa.Array | None:
    """X's `2020-02-06 18:00 +0000`. The date part is checked by a date cast, because Arrow's strptime
    rolls 2020-02-30 over into March where Python's raises."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9] [+-]([01][0-9]|2[0-3])[0-5][0-9]$"
    if not _all(pc.match_substring_regex(values, pattern)):
        return None
    if iso_dates(pc.utf8_slice_codeunits(values, 0, 10)) is None:
        return None
    try:
        return pc.strptime(values, format="%Y-%m-%d %H:%M %z", unit="us").cast(pa.timestamp("us", tz="UTC"))
    except pa.ArrowInvalid:
        return None


# ---- reading chunks of rows ------------------------------------------------------------------------------


@dataclass
class Chunk:
    """Consecutive data rows of a file as string columns (by header position), with their spreadsheet row
    numbers. `records` gives the same rows as the row path reads them, for a chunk that falls back."""

    rows: pa.Array  # int64
    columns: list[pa.StringArray]
    _records: list[list[str]] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> Iterator[tuple[int, list[str]]]:
        if self._records is None:
            self._records = [list(cells_) for cells_ in zip(*(c.to_pylist() for c in self.columns), strict=True)]
        return zip(self.rows.to_pylist(), self._records, strict=True)


# About 5,600 rows of a channel_basic report per block; blocks are gathered into chunks of `size` rows. Arrow's
# reader holds several blocks' worth of string buffers at once: 8 MiB blocks peaked at about 140 MiB of Arrow
# memory on an 80 MiB report, 1 MiB blocks at about 45 MiB, whatever the file's size.
ARROW_BLOCK_BYTES = 1 << 20


def chunks(table: csv_table.CsvTable, size: int) -> Iterator[Chunk]:
    """The data rows after the header, `size` at most per chunk: read by Arrow while the file cannot
    disagree with the row path's tokenizer, then (or from the start) by the `csv` reader."""
    consumed = 0
    readable, quoted = _arrow_can_read(table)
    if readable:
        finished, consumed = yield from _arrow_chunks(table, size, quoted=quoted)
        if finished:
            return
    yield from _csv_chunks(table, size, skip=consumed)


def _arrow_can_read(table: csv_table.CsvTable) -> tuple[bool, bool]:
    """(can Arrow read it, does it quote): True when Arrow's reader and the strict `csv` reader must split
    the file into the same records. That needs a plain UTF-8 CSV file (not a workbook, not UTF-16) with a
    one-line header on its first line, at least two columns (a blank line is then never a valid row), no
    NUL byte, and, if it quotes at all, quoting the strict reader accepts: Arrow's reader is lenient where
    the strict one raises (`"abc"def`, a file ending inside a quoted cell) and reads RFC 4180 quoting as it
    does. The strict reader only splits the records here, which is a fraction of converting them."""
    if type(table) is not csv_table.CsvTable or table.utf16 or table.row != 1 or len(table.headers) < 2:
        return False, False
    if len(table.delimiter) != 1 or any("\n" in h or "\r" in h for h in table.headers):
        return False, False
    quoted = False
    with open(table.path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            if b"\x00" in block:
                return False, False
            quoted = quoted or b'"' in block
    if quoted:
        try:
            with open(table.path, encoding="utf-8-sig", newline="") as text:
                for _ in csv.reader(text, delimiter=table.delimiter, strict=True):
                    pass
        except (csv.Error, UnicodeDecodeError):
            return False, False
    return True, quoted


def _arrow_chunks(table: csv_table.CsvTable, size: int, *, quoted: bool) -> Generator[Chunk, None, tuple[bool, int]]:
    """Arrow's blocks cut into chunks; returns (read to the end, rows yielded). It stops without raising at
    the first block it cannot read as the row path would, so the caller goes on with the `csv` reader
    from the rows yielded so far."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pa_csv

    width = len(table.headers)
    names = [f"c{i}" for i in range(width)]
    try:
        reader = pa_csv.open_csv(
            table.path,
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names, block_size=ARROW_BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(
                delimiter=table.delimiter,
                quote_char='"' if quoted else False,
                double_quote=True,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:  # e.g. the first block is not UTF-8
        return False, 0
    first_row = 2  # the first row not yet yielded; rows Arrow read but not yet yielded wait in `pending`
    pending: list[pa.RecordBatch] = []
    with reader:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return True, (yield from _gathered(pending, first_row, size)) - 2
            except pa.ArrowInvalid:  # a row of another width, bytes that are not UTF-8
                return False, (yield from _gathered(pending, first_row, size)) - 2
            if not len(batch):
                continue
            # An empty line reads as a row of empty cells; the csv reader skips it (and counts it).
            empty = pc.equal(batch.column(0), "")
            for column in batch.columns[1:]:
                empty = pc.and_(empty, pc.equal(column, ""))
            if bool(pc.any(empty).as_py()):
                return False, (yield from _gathered(pending, first_row, size)) - 2
            pending.append(batch)
            ready = sum(len(b) for b in pending)
            if ready >= size:
                whole = ready - ready % size
                first_row = yield from _gathered(pending, first_row, size, rows=whole)
                pending = (
                    [pa.Table.from_batches(pending).slice(whole).combine_chunks().to_batches()[0]]
                    if ready > whole
                    else []
                )


def _gathered(
    blocks: list[pa.RecordBatch], first_row: int, size: int, rows: int | None = None
) -> Generator[Chunk, None, int]:
    """The first `rows` (default all) rows of consecutive blocks as chunks of `size` rows, numbered from
    `first_row`; returns the number of the row after them."""
    import pyarrow as pa

    if not blocks:
        return first_row
    table = pa.Table.from_batches(blocks)
    rows = table.num_rows if rows is None else rows
    for start in range(0, rows, size):
        part = table.slice(start, min(size, rows - start)).combine_chunks()
        numbers = pa.array(range(first_row + start, first_row + start + part.num_rows), pa.int64())
        yield Chunk(numbers, [column.chunk(0) for column in part.columns])
    return first_row + rows


def _csv_chunks(table: csv_table.CsvTable, size: int, *, skip: int) -> Iterator[Chunk]:
    import pyarrow as pa

    width = len(table.headers)
    rows = table.rows()
    for _ in range(skip):  # rows Arrow already read (and the caller already has)
        next(rows)
    while True:
        block = [record for _, record in zip(range(size), rows, strict=False)]
        if not block:
            return
        numbers = [row for row, _ in block]
        records = [record for _, record in block]
        columns = [pa.array([r[i] for r in records], pa.string()) for i in range(width)]
        yield Chunk(pa.array(numbers, pa.int64()), columns, records)


# ---- batches -----------------------------------------------------------------------------------------------

RowFunction = Callable[[int, list[str]], dict]
ColumnFunction = Callable[[Chunk, dict[str, "pa.Array"]], "dict[str, pa.Array] | None"]


def parse_batches(
    export: ExportType,
    table: csv_table.CsvTable,
    bound: list[cells.BoundField],
    *,
    record: RowFunction,
    columns: ColumnFunction,
    advice: str = csv_table.NO_DATA_ADVICE,
) -> Iterator[pa.RecordBatch]:
    """Record batches of the file, converted a column at a time where certain, a row at a time otherwise.

    `record(row, cells)` builds one row's record as the row path does (it calls `table.read`); `columns(chunk,
    converted)` derives the same extra columns (`account_id`, constants) from the converted arrays, or
    returns None when it cannot be certain, which sends the chunk to `record`."""
    plan = [(spec, vector_for(spec.field.convert)) for spec in bound]
    if not ENABLED or any(vector is None for _, vector in plan):
        records = (record(row, values) for row, values in table.rows())
        yield from csv_table.record_batches(export, table, records, advice=advice)
        return
    schema = export.arrow_schema()
    seen = 0
    for chunk in chunks(table, export.batch_rows):
        seen += len(chunk)
        batch = _columnar_batch(schema, table, plan, chunk, columns)
        if batch is None:
            builder = BatchBuilder(export)
            for row, values in chunk.records():
                builder.append(record(row, values))
            batch = builder.flush()
        yield batch
    if seen == 0:
        raise csv_table.header_only(table, advice)


def _columnar_batch(
    schema: pa.Schema,
    table: csv_table.CsvTable,
    plan: list[tuple[cells.BoundField, VectorConverter]],
    chunk: Chunk,
    columns: ColumnFunction,
) -> pa.RecordBatch | None:
    import pyarrow as pa

    converted: dict[str, pa.Array] = {}
    for spec, vector in plan:
        values = vector(chunk.columns[spec.index])
        if values is None or (spec.field.not_null and values.null_count):
            return None
        converted[spec.field.name] = values
    derived = columns(chunk, converted)
    if derived is None:
        return None
    converted.update(derived)
    converted["_row_number"] = chunk.rows
    if table.unknown:
        converted["_extra"] = _extra_map(chunk, table.unknown)
    arrays = []
    for field in schema:
        values = converted.get(field.name)
        arrays.append(pa.nulls(len(chunk), field.type) if values is None else values.cast(field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _extra_map(chunk: Chunk, unknown: list[tuple[int, str]]) -> pa.Array:
    """`_extra` as the row path writes it: {header as written: cell} for every unknown column, every row."""
    import numpy as np
    import pyarrow as pa

    count, width = len(chunk), len(unknown)
    keys = pa.array([key for _, key in unknown] * count, pa.string())
    # Row-major items: row 0's unknown cells, then row 1's, ... (one `take` over the stacked columns).
    stacked = pa.concat_arrays([chunk.columns[index] for index, _ in unknown])
    order = (np.arange(width)[None, :] * count + np.arange(count)[:, None]).ravel()
    items = stacked.take(pa.array(order))
    offsets = pa.array(np.arange(0, count * width + 1, width, dtype=np.int32))
    return pa.MapArray.from_arrays(offsets, keys, items)


def constant(value: object, count: int, type_: pa.DataType) -> pa.Array:
    """A column holding `value` on every row (an account from the landing folder, a header as data)."""
    import pyarrow as pa

    return pa.repeat(pa.scalar(value, type_), count)
