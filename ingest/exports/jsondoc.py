"""Reading API payloads saved as JSON: the rules every JSON export type shares.

Platform APIs page their results (`{"data": [...], "paging": {...}}`), write numbers as strings
(`"spend": "5339.5"`), and report errors inside a 200 response. A JSON export type reads the document
with `read_json`, walks its records, and converts fields with `JsonRecords.get`, which reuses the cell
converters of `ingest.exports.cells` (a number given as a JSON number is converted from its text, so
`1.2e17` in an id field is refused the same way a spreadsheet's `1.2E+17` is).

A record's `_row_number` is its position (1-based) in the document's list of records: what a person counts
when they open the file. Errors name the file, the record, the field path and the rule. Keys a type does
not know are kept, as JSON text, in `_extra` (see `JsonRecords.extra`), and reported as drift.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.exports import cells
from ingest.exports.base import ExportError, ExportType, batches

if TYPE_CHECKING:
    import pyarrow as pa

MAX_JSON_BYTES = 512 * 1024 * 1024  # API pages are small; a larger file is a mistake, not a page


def read_json(path: Path) -> object:
    """The parsed document. A cut-off file is 'truncated_file'; other syntax errors 'malformed_json' with
    the line; bytes that are not UTF-8 (or UTF-16/32 with a BOM) 'bad_encoding'."""
    size = path.stat().st_size
    if size == 0:
        raise ExportError("empty_file", f"{path.name}: the file is empty")
    if size > MAX_JSON_BYTES:
        raise ExportError("too_large", f"{path.name}: {size:,} bytes is larger than any API page; split it")
    data = path.read_bytes()
    try:
        text = data.decode(json.detect_encoding(data))
    except UnicodeDecodeError as exc:
        raise ExportError(
            "bad_encoding", f"{path.name}: not UTF-8 text at byte {exc.start}; save the API response as UTF-8"
        ) from None
    text = text.lstrip("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # Cut off: the error is at the very end, or a string opened near the end never closes.
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise ExportError(
                "truncated_file",
                f"{path.name}: the JSON ends early (line {exc.lineno}): the download or copy was cut off; "
                "fetch it again",
                row=exc.lineno,
            ) from None
        raise ExportError(
            "malformed_json",
            f"{path.name}, line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})",
            row=exc.lineno,
        ) from None


def dig(obj: object, path: str) -> object:
    """`dig(row, "metrics.spend")`: the value at a dotted path, None when any step is absent."""
    for step in path.split("."):
        if not isinstance(obj, Mapping) or step not in obj:
            return None
        obj = obj[step]
    return obj


def as_text(value: object) -> str:
    """A JSON scalar as the text a cell converter expects (`None` -> '')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


class JsonRecords:
    """The records of one JSON document, with errors that point at record and field."""

    def __init__(self, path: Path, records: object, *, what: str = "records") -> None:
        self.path = path
        self.file_name = path.name
        if not isinstance(records, list):
            raise self.error("unexpected_shape", f"expected a list of {what}, found {type(records).__name__}")
        self.records: list = records
        self.what = what

    def error(
        self, rule: str, problem: str, *, record: int | None = None, field: str | None = None, value: object = None
    ) -> ExportError:
        where = self.file_name
        if record is not None:
            where += f", record {record}"
        if field is not None:
            where += f", field '{field}'"
        return ExportError(rule, f"{where}: {problem} (rule {rule})", row=record, column=field, value=value)

    def __iter__(self) -> Iterator[tuple[int, Mapping]]:
        for number, record in enumerate(self.records, start=1):
            if not isinstance(record, Mapping):
                raise self.error(
                    "unexpected_shape", f"expected an object, found {type(record).__name__}", record=number
                )
            yield number, record

    def get(
        self,
        number: int,
        record: Mapping,
        path: str,
        convert: Callable[[str], object] = cells.text,
        *,
        required: bool = False,
        not_null: bool = False,
    ) -> object:
        """Convert the value at `path`. A `required` path absent from the record is 'missing_column'; a
        `not_null` one that is null or empty is 'missing_value'."""
        value = dig(record, path)
        if value is None and required and not _present(record, path):
            raise self.error("missing_column", f"the record has no '{path}'", record=number, field=path)
        if isinstance(value, Mapping | list):
            raise self.error("unexpected_shape", "expected a single value, found a nested one", record=number,
                             field=path, value=value)  # fmt: skip
        try:
            converted = convert(as_text(value))
        except cells.CellError as exc:
            raise self.error(exc.rule, exc.problem, record=number, field=path, value=value) from None
        if converted is None and not_null:
            raise self.error("missing_value", "the value is empty but required", record=number, field=path)
        return converted

    @staticmethod
    def extra(record: Mapping, known: Iterable[str]) -> dict[str, str] | None:
        """Top-level keys not in `known`, their values as JSON text, for `_extra`; None when there are none."""
        known = set(known)
        unknown = {key: json.dumps(value, ensure_ascii=False) for key, value in record.items() if key not in known}
        return unknown or None


def _present(record: Mapping, path: str) -> bool:
    *parents, last = path.split(".")
    parent = dig(record, ".".join(parents)) if parents else record
    return isinstance(parent, Mapping) and last in parent


def record_batches(export: ExportType, path: Path, records: Iterable[dict]) -> Iterator[pa.RecordBatch]:
    """Cut parsed records into bounded Arrow record batches; a document with no records is 'header_only'."""
    yield from batches(
        export,
        records,
        empty=lambda: ExportError(
            "header_only", f"{path.name}: the response holds no records; request a period or object with data"
        ),
    )
