"""The export-type contract: what one module per platform file format declares and does.

An export type knows one file format a platform writes (X's legacy tweet activity CSV, YouTube Studio's
`Table data.csv`, ...). It declares its raw table, the table's typed columns (DuckDB types, the platform's
own names in snake_case), the natural key rows are upserted by, how to recognise a file by its content,
and how to parse a file into Arrow record batches in exactly that schema.

The loader adds the lineage columns (`LINEAGE_COLUMNS`); the parser supplies `_row_number`, the row as a
spreadsheet shows it (header = row 1), so an error can point a person at the cell.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # pyarrow is imported where batches are built, so DAG files stay light
    import pyarrow as pa

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a DuckDB type: VARCHAR, BIGINT, DOUBLE, DATE, TIMESTAMPTZ, DECIMAL(18,4), BOOLEAN
    description: str = ""
    required: bool = False  # NULL is a broken row, not a metric the platform did not report


EXTRA_TYPE = "MAP(VARCHAR, VARCHAR)"

# Added to every raw table. `_row_number` and `_extra` come from the parser, the rest from the loader.
LINEAGE_COLUMNS: tuple[Column, ...] = (
    Column("_row_number", "BIGINT", "Row in the source file as a spreadsheet shows it (header = 1).", True),
    Column(
        "_extra",
        EXTRA_TYPE,
        "Columns the file had that this export type does not know, kept as written (header -> cell); "
        "NULL when there were none. Their names are reported as drift in meta.loads.",
    ),
    Column("_load_id", "VARCHAR", "The load (meta.loads.load_id) that wrote this version of the row.", True),
    Column("_source_file", "VARCHAR", "Path of the file the row came from.", True),
    Column("_as_of", "TIMESTAMPTZ", "When the platform computed these numbers (the export's as-of).", True),
    Column("_snapshot_date", "DATE", "UTC date of `_as_of`: one snapshot per day of a lifetime counter.", True),
)


class ExportError(Exception):
    """A file that cannot be loaded, with a reason a person can act on."""

    def __init__(
        self,
        rule: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        headers: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.row = row
        self.column = column
        self.value = value
        self.headers = headers

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "message": self.message,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else str(self.value)[:200],
            "headers": self.headers,
        }


@dataclass(frozen=True)
class Sniff:
    """What detection sees of a file: its name and the start of its text, BOM and encoding resolved."""

    path: Path
    head: bytes
    text: str  # decoded start of the file ('' for binary files)
    encoding: str | None

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0].rstrip("\r")

    @property
    def is_json(self) -> bool:
        return self.text.lstrip()[:1] in ("{", "[")

    @cached_property  # detection asks every registered type: read the head once per file, not once per type
    def headers(self) -> list[str]:
        """What identifies the file's layout: the first line's fields as written for a table, or the object
        keys in order of first appearance for JSON (for detection, reasons and drift reports)."""
        if self.is_json:
            seen: dict[str, None] = {}
            for match in _JSON_KEY.finditer(self.text):
                seen.setdefault(match.group(1))
            return list(seen)
        import csv

        return next(csv.reader([self.first_line])) if self.first_line else []

    @classmethod
    def of(cls, path: Path) -> Sniff:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
        encoding, text = _decode_head(head)
        return cls(path=path, head=head, text=text, encoding=encoding)


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.){1,80})"\s*:')


def _decode_head(head: bytes) -> tuple[str | None, str]:
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le", head[2:].decode("utf-16-le", errors="ignore")
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be", head[2:].decode("utf-16-be", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", head[3:].decode("utf-8", errors="ignore")
    if b"\x00" in head[:4096]:
        return None, ""
    return "utf-8", head.decode("utf-8", errors="ignore")


PASS_ACCOUNT = "pass the account explicitly (resonance ingest --account)"


def shown_headers(headers: list[str], limit: int = 12, width: int = 60) -> str:
    """Headers for a reason a person reads: the first `limit`, each cut at `width` characters, and how many
    more there are (a 32 MiB line without a break, or 10,000 columns, stays one readable line)."""
    shown = [h if len(h) <= width else f"{h[:width]}…" for h in headers[:limit]]
    more = f" and {len(headers) - limit:,} more" if len(headers) > limit else ""
    return f"{shown}{more}"


@dataclass(frozen=True)
class FileContext:
    """Everything a parser may use besides the bytes: where the file sits and what the caller knows."""

    path: Path
    sniff: Sniff
    # The account (page, channel, ad account) the file belongs to when the file does not say:
    # the first folder under landing/ (`landing/<account>/...`), or `resonance ingest --account`.
    account_hint: str | None = None
    as_of_override: datetime | None = None
    # Key for `identity.pseudonymize`: types holding people (commenters, customers) hash them at parse
    # time, so a name or email never reaches a table. The loader passes the installation's key.
    identity_key: bytes = b"resonance-test-key-not-for-production"

    def missing_account(self, what: str, *, folder: str = "<account>/...", advice: str = PASS_ACCOUNT) -> ExportError:
        """'missing_account' for a file that does not say whose it is: `what` says so in the type's words
        (`a YouTube Studio table does not name its channel`), then where to drop it and what else to do."""
        return ExportError("missing_account", f"{self.path.name}: {what}; drop it under landing/{folder} or {advice}")

    def require_account(self, what: str, *, folder: str = "<account>/...", advice: str = PASS_ACCOUNT) -> str:
        """The landing folder's (or `--account`'s) account for a file that names none; 'missing_account'
        (see `missing_account`) when there is none."""
        if self.account_hint is None:
            raise self.missing_account(what, folder=folder, advice=advice)
        return self.account_hint


@dataclass(frozen=True)
class AsOf:
    value: datetime
    source: str  # 'override', 'file_name', 'content' or 'file_mtime': recorded in the ledger


class ExportType(ABC):
    """One file format of one platform. Subclass, fill the class attributes, implement the methods."""

    name: ClassVar[str]  # e.g. 'x_tweet_activity'
    platform: ClassVar[str]  # 'x', 'youtube', 'meta_ads', ...
    raw_table: ClassVar[str]  # table in schema raw, '<platform>__<entity>'
    title: ClassVar[str]  # human name: "X tweet activity (legacy per-tweet CSV)"
    # Where a person gets the file: the place in the platform's UI, or the API call. Shown in the README's
    # table of supported exports and by `resonance exports`.
    source: ClassVar[str] = ""
    file_pattern: ClassVar[str] = ""  # the file name the platform gives it, e.g. "Table data.csv"
    columns: ClassVar[tuple[Column, ...]]
    natural_key: ClassVar[tuple[str, ...]]  # may include '_snapshot_date' for lifetime snapshots
    # Header fields that identify the format (case-insensitive). Used by the default `matches` and to
    # name the nearest known types when a file matches none.
    signature: ClassVar[tuple[str, ...]]
    batch_rows: ClassVar[int] = 50_000

    def matches(self, sniff: Sniff) -> bool:
        """True if the file's content (not only its name) is this format: every signature header is there."""
        return self.signature_overlap(sniff) == 1.0

    # How many signature items a file must show before a file lacking the rest is called this type with
    # columns missing (rule `missing_column`) rather than an unknown export. Two (`Date` and one more) say
    # too little about most formats.
    near_match_minimum: ClassVar[int] = 3

    def signature_present(self, sniff: Sniff) -> int:
        """How many signature items the file shows (for the near-match rule in detection)."""
        return len(self.signature) - len(self.missing_signature(sniff))

    def missing_signature(self, sniff: Sniff) -> list[str]:
        """The signature headers the file lacks (used to name a missing column in a near match)."""
        seen = {" ".join(h.strip().lower().split()) for h in sniff.headers}
        return [h for h in self.signature if " ".join(h.lower().split()) not in seen]

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of the signature headers found in the file's header (0..1)."""
        seen = {h.strip().lower() for h in sniff.headers}
        wanted = [h.lower() for h in self.signature]
        return sum(h in seen for h in wanted) / len(wanted)

    def parts(self) -> tuple[ExportType, ...]:
        """The tables this file loads into: most files hold one, `(self,)`. A workbook holding several
        tables (LinkedIn's content export: a daily `Metrics` sheet and an `All posts` sheet) returns one
        part per table, each an ExportType with its own raw table, columns, natural key and `parse`;
        the loader loads every part of a file in one transaction, so the file loads whole or not at all.
        Parts are not registered themselves: only the file's type is detected."""
        return (self,)

    @abstractmethod
    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        """Yield record batches in `arrow_schema()`. Raise ExportError naming row, column and rule."""

    def as_of(self, ctx: FileContext) -> AsOf:
        """When the platform computed the numbers. Override where the file or its name says."""
        if ctx.as_of_override is not None:
            return AsOf(ctx.as_of_override.astimezone(UTC), "override")
        mtime = datetime.fromtimestamp(ctx.path.stat().st_mtime, tz=UTC)
        return AsOf(mtime, "file_mtime")

    # ---- derived, shared by every type ---------------------------------------------------------

    @property
    def parsed_columns(self) -> tuple[Column, ...]:
        """Columns a parser produces: the type's own plus `_row_number` and `_extra`."""
        return (*self.columns, *LINEAGE_COLUMNS[:2])

    @property
    def table_columns(self) -> tuple[Column, ...]:
        return (*self.columns, *LINEAGE_COLUMNS)

    def arrow_schema(self) -> pa.Schema:
        import pyarrow as pa

        return pa.schema([pa.field(c.name, arrow_type(c.type), nullable=not c.required) for c in self.parsed_columns])


_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


def arrow_type(duckdb_type: str) -> pa.DataType:
    import pyarrow as pa

    simple = {
        "VARCHAR": pa.string(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "DATE": pa.date32(),
        "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
        "TIMESTAMP": pa.timestamp("us"),
        "BOOLEAN": pa.bool_(),
    }
    if duckdb_type in simple:
        return simple[duckdb_type]
    if duckdb_type == EXTRA_TYPE:
        return pa.map_(pa.string(), pa.string())
    if duckdb_type.endswith("[]"):  # a list, e.g. VARCHAR[] for a creator's post URLs
        return pa.list_(arrow_type(duckdb_type[:-2]))
    decimal = _DECIMAL.fullmatch(duckdb_type)
    if decimal:
        return pa.decimal128(int(decimal.group(1)), int(decimal.group(2)))
    raise ValueError(f"no Arrow type for DuckDB type {duckdb_type!r}")


def utc_midnight(day: date) -> datetime:
    """Start of `day` in UTC: the as-of of an export whose range ends (exclusive) on `day`."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def batches(
    export: ExportType, records: Iterable[dict], *, empty: Callable[[], ExportError] | None = None
) -> Iterator[pa.RecordBatch]:
    """Cut parsed rows into bounded Arrow record batches (`export.batch_rows` rows at most). When there are
    no rows at all, `empty()` is raised if given (a file that must hold data), else nothing is yielded (a
    part that may legitimately be empty)."""
    builder = BatchBuilder(export)
    count = 0
    for record in records:
        builder.append(record)
        count += 1
        if builder.full:
            yield builder.flush()
    if count == 0 and empty is not None:
        raise empty()
    if builder.size:
        yield builder.flush()


@dataclass
class BatchBuilder:
    """Accumulates parsed rows column by column and cuts Arrow record batches of a bounded size."""

    export: ExportType
    _rows: list[dict] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self._rows)

    def append(self, row: dict) -> None:
        # Rows are kept whole and turned into columns once per batch: one list comprehension per column is
        # several times cheaper than appending every cell of every row to its column as it comes.
        self._rows.append(row)

    @property
    def full(self) -> bool:
        return self.size >= self.export.batch_rows

    def flush(self) -> pa.RecordBatch:
        import pyarrow as pa

        schema = self.export.arrow_schema()
        rows, self._rows = self._rows, []
        arrays = [pa.array([row.get(f.name) for row in rows], type=f.type) for f in schema]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
