"""Meta Graph API responses saved as files: the envelope, insights rows, times and error bodies.

Shared by the Instagram (`instagram_graph`) and Facebook Pages (`facebook_graph`) export types; it
registers no type itself. Evidence: shared/reference/platform-formats.md sections 0, 2a, 2b and 2c.

The envelope. A Graph API list response is `{"data": [...], "paging": {...}}`. Scripts and connectors
that page through an edge, or call `/{media-id}/insights` once per media, concatenate the responses;
`envelope_records` accepts both a single response and a top-level list of responses, and numbers the
elements of all `data` lists 1, 2, 3... in file order: that number is the record's `_row_number`.
`paging` is dropped (cursors, not data).

Error bodies. Meta answers a failed call with `{"error": {"message", "type", "code", "error_subcode",
"fbtrace_id"}}`; a script that saves whatever came back leaves that in landing. It is quarantined with
rule `api_error` and Meta's message, type and codes in the reason (`raise_if_error`), never as an
unknown export. An error body names no endpoint, so one type must claim it for detection to give exactly
one match: `instagram_media_insights` does (the insights edge that fails most often: #10 "Not enough
viewers", #100 unsupported metric, subcode 2108006 "posted before business account conversion"); the
reason says it is a Graph API error, whichever Meta object the call was for.

Insights (`insight_rows`). Every insights edge returns one element per (metric, period):
`{"name", "period", "values": [{"value", "end_time"?}], "title", "description", "id":
"<object id>/insights/<metric>/<period>"}`, or with `metric_type=total_value` a `total_value:
{"value"?, "breakdowns"?: [{"dimension_keys", "results": [{"dimension_values", "value"}]}]}` instead of
`values`. Both forms are read. The raw tables are long: one row per metric, period, value entry and
breakdown value, because metric lists change every API version (`impressions` gave way to `views`,
`page_fans` to `page_follows`) and a wide table would need a migration each time; a deprecated metric
and its replacement stay separate metrics, never merged.

- A scalar value is one row with `breakdown` = '' and `breakdown_value` = '' (empty strings, not NULL,
  so they can sit in the natural key: DuckDB's MERGE never matches NULL keys).
- An object value (`{"M.25-34": 18}`, hour-of-day `{"0": 100, ...}`, reactions `{"like": 10}`, clicks by
  type) is one row per key: `breakdown` = 'key' (the dimension is implied by the metric name) and
  `breakdown_value` = the key as written. `{}` (no data) gives no rows.
- `total_value.breakdowns[].results[]` are rows with `breakdown` = the dimension keys joined by ','
  (`age,gender`) and `breakdown_value` = the dimension values joined by ',' (`18-24,F`); a
  `total_value.value` next to them is its own row with empty breakdown.
- Values are numbers: whole ones in `value` (BIGINT), others in `value_double` (DOUBLE, `value` NULL).
  Watch times stay in Meta's unit, milliseconds.
- `end_time` (`2026-10-02T07:00:00+0000`) marks the END of a Pacific-time day (07:00 UTC in summer,
  08:00 in winter): the value belongs to the Pacific date of `end_time` minus one day (DESIGN.md
  "Time"). Dated types keep `end_time` and that `date` (`date_basis` = 'end_time'); a value without
  `end_time` (a lifetime or `total_value` figure over the requested range) is dated by the snapshot,
  the UTC date of the export's as-of (`date_basis` = 'as_of').
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ingest.exports import cells
from ingest.exports.base import Column, ExportError, Sniff
from ingest.exports.jsondoc import JsonRecords, as_text, read_json

PACIFIC = ZoneInfo("America/Los_Angeles")  # Meta's insights day boundary, whatever the account's zone
NO_BREAKDOWN = ""
OBJECT_KEY = "key"  # `breakdown` of rows cut from an object value
ELEMENT_KEYS = ("name", "period", "values", "total_value", "title", "description", "id")


# ---- the document ------------------------------------------------------------------------------------


def raise_if_error(path: Path, response: object, position: int | None = None) -> None:
    """A Graph API error body is 'api_error', with Meta's own message and codes in the reason."""
    if not isinstance(response, Mapping) or not isinstance(response.get("error"), Mapping):
        return
    error = response["error"]
    codes = ", ".join(
        f"{key} {error[key]}" for key in ("type", "code", "error_subcode", "fbtrace_id") if error.get(key) is not None
    )
    title = f" ({error['error_user_title']})" if error.get("error_user_title") else ""
    where = path.name if position is None else f"{path.name}, response {position}"
    raise ExportError(
        "api_error",
        f'{where}: a Graph API error response, not data: "{error.get("message", "")}"{title} [{codes}]; '
        "fix the request (metric, period, permissions, media type) and save the response again (rule api_error)",
        row=position,
        column="error",
        value=error.get("message"),
    )


def owner_insight_rows(
    records: JsonRecords, account_hint: str | None, *, snapshot: date, owner: str
) -> Iterator[tuple[str, dict]]:
    """(owner id, row) for the dated insights of a Page or an IG user about itself: the owner is each
    element's `id`, else the landing folder (`account_hint`); with neither, 'missing_account' names `owner`
    ('page', 'account')."""
    for number, element in records:
        owner_id = object_id(records, number, element, required=False) or account_hint
        if owner_id is None:
            raise records.error(
                "missing_account",
                f"no {owner}: the element has no 'id' and the file is not under landing/<{owner}>/",
                record=number,
                field="id",
            )
        for row in insight_rows(records, number, element, snapshot=snapshot, dated=True):
            yield owner_id, row


def envelope_records(path: Path, *, what: str) -> JsonRecords:
    """The elements of the `data` list(s) of a saved response, or of a top-level list of responses."""
    document = read_json(path)
    responses = document if isinstance(document, list) else [document]
    single = not isinstance(document, list)
    elements: list = []
    for position, response in enumerate(responses, start=1):
        raise_if_error(path, response, None if single else position)
        where = path.name if single else f"{path.name}, response {position}"
        if not isinstance(response, Mapping) or "data" not in response:
            found = sorted(response) if isinstance(response, Mapping) else type(response).__name__
            raise ExportError(
                "unexpected_shape",
                f'{where}: not a Graph API response: expected {{"data": [...]}}, found {found} (rule unexpected_shape)',
                row=None if single else position,
                column="data",
            )
        if not isinstance(response["data"], list):
            raise ExportError(
                "unexpected_shape",
                f"{where}: 'data' is not a list (rule unexpected_shape)",
                row=None if single else position,
                column="data",
            )
        elements.extend(response["data"])
    return JsonRecords(path, elements, what=what)


# ---- converters --------------------------------------------------------------------------------------


def graph_time(text: str) -> datetime | None:
    """`2026-10-02T07:00:00+0000` (offset without colon, as Meta writes it; `+00:00` also read), in UTC."""
    value = text.strip()
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC)
    except ValueError:
        raise cells.CellError("bad_date", f"{text!r} is not a Graph API time ('2026-10-02T07:00:00+0000')") from None


def boolean(text: str) -> bool | None:
    """A JSON boolean (`true`/`false`); absent is NULL."""
    value = text.strip().lower()
    if not value:
        return None
    if value in ("true", "false"):
        return value == "true"
    raise cells.CellError("not_a_boolean", f"{text!r} is not true or false")


def insights_day(end_time: datetime) -> date:
    """The day a value belongs to: `end_time` ends a Pacific-time day, so the Pacific date before it."""
    return end_time.astimezone(PACIFIC).date() - timedelta(days=1)


def object_id(records: JsonRecords, number: int, element: Mapping, *, required: bool) -> str | None:
    """`<object id>` from an element's `id` (`<object id>/insights/<metric>/<period>`), checked like any id
    (`1.78414E+16` is a mangled id)."""
    raw = records.get(number, element, "id", cells.text, required=required, not_null=required)
    if raw is None:
        return None
    prefix = str(raw).split("/", 1)[0]
    try:
        found = cells.identifier(prefix)
    except cells.CellError as exc:
        raise records.error(exc.rule, exc.problem, record=number, field="id", value=raw) from None
    if found is None and required:
        raise records.error("missing_value", "the id names no object before '/insights/'", record=number,
                            field="id", value=raw)  # fmt: skip
    return found


def _numeric(records: JsonRecords, number: int, raw: object, field: str) -> tuple[int | None, float | None]:
    """(value, value_double): whole numbers as BIGINT, others as DOUBLE; null is (None, None)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool) or isinstance(raw, Mapping | list):
        raise records.error("not_a_number", f"{raw!r} is not a number", record=number, field=field, value=raw)
    if isinstance(raw, int):
        return raw, None
    text = as_text(raw)
    try:
        return cells.integer(text), None
    except cells.CellError as exc:
        if exc.rule != "not_an_integer":  # text, not a number; a fraction falls through to DOUBLE
            raise records.error(exc.rule, exc.problem, record=number, field=field, value=raw) from None
    try:
        return None, cells.number(text)
    except cells.CellError as exc:
        raise records.error(exc.rule, exc.problem, record=number, field=field, value=raw) from None


# ---- insights ----------------------------------------------------------------------------------------


def insight_columns(*, dated: bool) -> tuple[Column, ...]:
    """The columns every insights table shares (after its object ids)."""
    when: tuple[Column, ...] = (
        Column("end_time", "TIMESTAMPTZ", "`values[].end_time` as written (UTC): the END of a Pacific-time "
               "day for day/week/days_28 values; NULL for lifetime and total_value figures."),
    )  # fmt: skip
    if dated:
        when += (
            Column("date", "DATE", "Day the value belongs to: the Pacific date of `end_time` minus one day; "
                   "without `end_time`, the UTC date of the export's as-of (see `date_basis`).", True),
            Column("date_basis", "VARCHAR", "'end_time' (a day, week or 28 days ending that day) or 'as_of' "
                   "(a lifetime or total_value figure, dated by the snapshot).", True),
        )  # fmt: skip
    return (
        Column("metric", "VARCHAR", "The element's `name` as Meta writes it (`reach`, `views`, ...).", True),
        Column("period", "VARCHAR", "`period`: day, week, days_28, month or lifetime.", True),
        *when,
        Column("breakdown", "VARCHAR", "'' for a plain value; 'key' for a row cut from an object value (its "
               "dimension is implied by the metric); the dimension keys joined by ',' for total_value "
               "breakdowns (`age,gender`).", True),
        Column("breakdown_value", "VARCHAR", "'' for a plain value; the object key (`M.25-34`, `13`, `like`) or "
               "the dimension values joined by ',' (`18-24,F`).", True),
        Column("value", "BIGINT", "The value when it is a whole number, in Meta's unit (watch times in "
               "milliseconds). Reach-like metrics count unique accounts: never sum them."),
        Column("value_double", "DOUBLE", "The value when Meta wrote a non-whole number (then `value` is NULL)."),
        Column("value_form", "VARCHAR", "'values' (the `values` list) or 'total_value' (metric_type=total_value).",
               True),
        Column("title", "VARCHAR", "`title`, localized to the token's user: a label, never a key."),
        Column("description", "VARCHAR", "`description`, localized to the token's user."),
        Column("insight_id", "VARCHAR", "The element's `id` as written: `<object id>/insights/<metric>/<period>`."),
    )  # fmt: skip


@dataclass(frozen=True)
class _Value:
    field: str  # where in the element, for errors
    raw: object
    end_time: datetime | None
    breakdown: str
    breakdown_value: str
    form: str


def insight_rows(records: JsonRecords, number: int, element: Mapping, *, snapshot: date, dated: bool) -> Iterator[dict]:
    """The rows of one insights element (all its value entries and breakdowns), without object ids."""
    metric = records.get(number, element, "name", cells.trimmed, required=True, not_null=True)
    period = records.get(number, element, "period", cells.trimmed, required=True, not_null=True)
    common = {
        "metric": metric,
        "period": period,
        "title": records.get(number, element, "title"),
        "description": records.get(number, element, "description"),
        "insight_id": records.get(number, element, "id"),
        "_row_number": number,
        "_extra": JsonRecords.extra(element, ELEMENT_KEYS),
    }
    for value in _values(records, number, element):
        whole, fraction = _numeric(records, number, value.raw, value.field)
        row = {
            **common,
            "end_time": value.end_time,
            "breakdown": value.breakdown,
            "breakdown_value": value.breakdown_value,
            "value": whole,
            "value_double": fraction,
            "value_form": value.form,
        }
        if dated:
            row["date"] = snapshot if value.end_time is None else insights_day(value.end_time)
            row["date_basis"] = "as_of" if value.end_time is None else "end_time"
        yield row


def _values(records: JsonRecords, number: int, element: Mapping) -> Iterator[_Value]:
    if "values" in element:
        entries = element["values"]
        if not isinstance(entries, list):
            raise records.error("unexpected_shape", "'values' is not a list", record=number, field="values")
        for index, entry in enumerate(entries):
            field = f"values[{index}]"
            if not isinstance(entry, Mapping):
                raise records.error("unexpected_shape", "expected an object", record=number, field=field)
            if "value" not in entry:
                raise records.error("missing_column", f"the record has no '{field}.value'", record=number,
                                    field=f"{field}.value")  # fmt: skip
            try:
                end_time = graph_time(as_text(entry.get("end_time")))
            except cells.CellError as exc:
                raise records.error(exc.rule, exc.problem, record=number, field=f"{field}.end_time",
                                    value=entry.get("end_time")) from None  # fmt: skip
            yield from _split(entry["value"], f"{field}.value", end_time, "values")
    elif "total_value" in element:
        total = element["total_value"]
        if not isinstance(total, Mapping):
            raise records.error("unexpected_shape", "'total_value' is not an object", record=number,
                                field="total_value")  # fmt: skip
        if "value" in total:
            yield from _split(total["value"], "total_value.value", None, "total_value")
        yield from _breakdowns(records, number, total.get("breakdowns") or [])
    else:
        raise records.error("missing_column", "the record has neither 'values' nor 'total_value'", record=number,
                            field="values")  # fmt: skip


def _split(raw: object, field: str, end_time: datetime | None, form: str) -> Iterator[_Value]:
    if isinstance(raw, Mapping):
        for key, item in raw.items():
            yield _Value(f"{field}.{key}", item, end_time, OBJECT_KEY, str(key), form)
    else:
        yield _Value(field, raw, end_time, NO_BREAKDOWN, NO_BREAKDOWN, form)


def _breakdowns(records: JsonRecords, number: int, breakdowns: object) -> Iterator[_Value]:
    if not isinstance(breakdowns, list):
        raise records.error("unexpected_shape", "'breakdowns' is not a list", record=number,
                            field="total_value.breakdowns")  # fmt: skip
    for b, breakdown in enumerate(breakdowns):
        base = f"total_value.breakdowns[{b}]"
        keys = breakdown.get("dimension_keys") if isinstance(breakdown, Mapping) else None
        if not isinstance(keys, list) or not keys:
            raise records.error("missing_column", f"the record has no '{base}.dimension_keys'", record=number,
                                field=f"{base}.dimension_keys")  # fmt: skip
        for r, result in enumerate(breakdown.get("results") or []):
            field = f"{base}.results[{r}]"
            values = result.get("dimension_values") if isinstance(result, Mapping) else None
            if not isinstance(values, list) or len(values) != len(keys):
                raise records.error("unexpected_shape", f"dimension_values do not match dimension_keys {keys}",
                                    record=number, field=f"{field}.dimension_values", value=values)  # fmt: skip
            yield _Value(f"{field}.value", result.get("value"), None, ",".join(map(str, keys)),
                         ",".join(as_text(v) for v in values), "total_value")  # fmt: skip


# ---- detection ---------------------------------------------------------------------------------------

_NAME = re.compile(r'"name"\s*:\s*"((?:[^"\\]|\\.)*)"')
_PERIOD = re.compile(r'"period"\s*:\s*"((?:[^"\\]|\\.)*)"')
_INSIGHT_ID = re.compile(r'"id"\s*:\s*"((?:[^"\\/]|\\.)*)/insights/')
_ERROR_BODY = re.compile(r'^\s*\[?\s*\{\s*"error"\s*:\s*\{')


@dataclass(frozen=True)
class InsightsHead:
    """What the start of an insights response shows: metric names, periods, object ids, time forms."""

    names: frozenset[str]
    periods: frozenset[str]
    object_ids: frozenset[str]
    end_times: bool
    breakdowns: bool

    @property
    def family(self) -> str | None:
        """'page', 'post' or 'instagram' when every metric seen belongs to one family; else None."""
        families = {"page" if n.startswith("page_") else "post" if n.startswith("post_") else "instagram"
                    for n in self.names}  # fmt: skip
        return families.pop() if len(families) == 1 else None


def insights_head(sniff: Sniff) -> InsightsHead | None:
    """The head of an insights response, or None when the file is not one (no `<id>/insights/` ids)."""
    if not sniff.is_json:
        return None
    ids = frozenset(_INSIGHT_ID.findall(sniff.text))
    names = frozenset(_NAME.findall(sniff.text))
    if not ids or not names:
        return None
    return InsightsHead(
        names=names,
        periods=frozenset(_PERIOD.findall(sniff.text)),
        object_ids=ids,
        end_times='"end_time"' in sniff.text,
        breakdowns='"breakdowns"' in sniff.text,
    )


def is_error_body(sniff: Sniff) -> bool:
    """A saved Graph API error response (`{"error": {...}}`), alone or first in a list of responses."""
    return bool(_ERROR_BODY.match(sniff.text))
