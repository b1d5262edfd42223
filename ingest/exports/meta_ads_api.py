"""Meta Marketing API insights (`GET /act_<id>/insights`, `/<campaign>/insights`, ...) saved as JSON.

Evidence: shared/reference/platform-formats.md 2h. One page of the response is one file:
`{"data": [{...}, ...], "paging": {"cursors": {...}, "next": ...}}`; an error response
(`{"error": {"message": ..., "code": ...}}`) is rejected as `api_error` with Meta's message.

- **Every number is a string** (`"impressions": "361324"`, `"spend": "5339.5"`): counts are read as whole
  numbers, money (`spend`, `cpc`, `cpm`, `cpp`) as DECIMAL(18,4), `ctr`/`unique_ctr` as percent numbers
  (`"4.0"` = 4 %), `frequency` as a number.
- **Money keeps its currency**: `account_currency` must be in the record (request it in `fields`). The
  landing folder names an ad account but not its currency, so a record without it is rejected as
  `missing_currency` rather than stored as money of unknown currency.
- **Levels**: `campaign_id`, `adset_id`, `ad_id` are present down to the requested `level`. Absent levels
  are stored as '' (not NULL): they are part of the natural key (account, campaign, ad set, ad,
  date_start, date_stop), and a key compared with `=` never matches NULL, so a reload could not replace
  the row. Staging turns '' back into NULL. `account_id` falls back to the landing folder when the
  response omits it.
- **Breakdowns** (`age`, `gender`, `country`, `publisher_platform`, ...) split a row into several with the
  same key: such a file is rejected as `unsupported_breakdown` instead of being loaded half-keyed.
- **Action lists** (`actions`, `action_values`, `purchase_roas`: `[{"action_type", "value"}, ...]`) are
  kept whole as JSON text (`actions_json`, `action_values_json`, `purchase_roas_json`: nothing is lost,
  attribution-window keys such as `7d_click` included), and the common types are extracted into columns:
  `link_clicks` (`link_click`), `landing_page_views` (`landing_page_view`), `purchases` and
  `purchase_value` (`action_values`) and `purchase_roas`. Meta repeats one purchase under several
  action types (`omni_purchase`, `purchase`, `offsite_conversion.fb_pixel_purchase`, ...); the columns
  take the first present of exactly that order and never add variants. An absent list or type is NULL,
  never 0 (`purchase_roas` is missing, not `[]`, when there were no purchases). Action values are DOUBLE
  (Meta reports modelled conversions that can be fractional).
- Other list fields (`cost_per_action_type`, `video_thruplay_watched_actions`, ...) and any key this type
  does not know go to `_extra` as JSON text and are reported as drift.

As-of: the response does not say when it was computed, so the as-of is the file's modification time or the
caller's override (a downloader should pass the request time). Meta restates the last days as late
conversions are attributed (7-day window): a later pull of the same range replaces the earlier rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ingest.exports import cells, jsondoc
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

MONEY = "DECIMAL(18,4)"
BREAKDOWNS = ("age", "gender", "country", "region", "dma", "publisher_platform", "platform_position",
              "impression_device", "device_platform", "hourly_stats_aggregated_by_advertiser_time_zone")  # fmt: skip
PURCHASE_TYPES = ("omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase", "onsite_web_purchase")
LANDING_PAGE_VIEW_TYPES = ("landing_page_view", "omni_landing_page_view")

# (output column, response key, converter) for the scalar fields.
_SCALARS: tuple[tuple[str, str, object], ...] = (
    ("campaign_name", "campaign_name", cells.text),
    ("adset_name", "adset_name", cells.text),
    ("ad_name", "ad_name", cells.text),
    ("objective", "objective", cells.trimmed),
    ("impressions", "impressions", cells.integer),
    ("reach", "reach", cells.integer),
    ("frequency", "frequency", cells.number),
    ("clicks", "clicks", cells.integer),
    ("unique_clicks", "unique_clicks", cells.integer),
    ("inline_link_clicks", "inline_link_clicks", cells.integer),
    ("ctr", "ctr", cells.percent),
    ("unique_ctr", "unique_ctr", cells.percent),
    ("cpc", "cpc", cells.decimal),
    ("cpm", "cpm", cells.decimal),
    ("cpp", "cpp", cells.decimal),
    ("spend", "spend", cells.decimal),
)
_LISTS = ("actions", "action_values", "purchase_roas")
_IDS = ("account_id", "campaign_id", "adset_id", "ad_id")
KNOWN_KEYS = frozenset({*_IDS, "date_start", "date_stop", "account_currency", *(k for _, k, _ in _SCALARS), *_LISTS})


class MetaAdsInsights(ExportType):
    name = "meta_ads_insights"
    platform = "meta_ads"
    raw_table = "meta_ads__insights"
    title = "Meta Marketing API insights (JSON response page)"
    source = "Marketing API: GET /act_<ad account id>/insights?level=campaign&time_increment=1&fields=... (one page)"
    file_pattern = "insights*.json (name chosen by the downloader)"
    signature = ("data", "date_start", "date_stop", "spend")
    natural_key = ("account_id", "campaign_id", "adset_id", "ad_id", "date_start", "date_stop")
    columns = (
        Column("account_id", "VARCHAR", "Ad account id (digits) from the response, else the landing folder.", True),
        Column("campaign_id", "VARCHAR", "'' when the level is above campaign (account level).", True),
        Column("adset_id", "VARCHAR", "'' when the level is above ad set.", True),
        Column("ad_id", "VARCHAR", "'' when the level is above ad.", True),
        Column("campaign_name", "VARCHAR"),
        Column("adset_name", "VARCHAR"),
        Column("ad_name", "VARCHAR"),
        Column("objective", "VARCHAR"),
        Column("date_start", "DATE", "First day of the range (inclusive), in the ad account's time zone.", True),
        Column("date_stop", "DATE", "Last day of the range (inclusive); equal to date_start for daily rows.", True),
        Column("currency", "VARCHAR", "`account_currency`: the ISO 4217 code of every money column.", True),
        Column("impressions", "BIGINT"),
        Column("reach", "BIGINT", "Unique people over exactly this range: never summed across ranges."),
        Column("frequency", "DOUBLE", "Impressions per person reached."),
        Column("clicks", "BIGINT", "Clicks (all)."),
        Column("unique_clicks", "BIGINT", "Unique people who clicked."),
        Column("inline_link_clicks", "BIGINT", "Link clicks on the ad itself."),
        Column("ctr", "DOUBLE", "Click-through rate (all), a percent number (4.0 = 4 %)."),
        Column("unique_ctr", "DOUBLE", "Unique click-through rate, a percent number."),
        Column("cpc", MONEY, "Cost per click (all), in `currency`."),
        Column("cpm", MONEY, "Cost per 1,000 impressions, in `currency`."),
        Column("cpp", MONEY, "Cost per 1,000 people reached, in `currency`."),
        Column("spend", MONEY, "Amount spent, in `currency`."),
        Column("link_clicks", "DOUBLE", "`actions` of type `link_click`; NULL when absent."),
        Column("landing_page_views", "DOUBLE", "`actions` of type `landing_page_view`; NULL when absent."),
        Column(
            "purchases",
            "DOUBLE",
            "`actions`: first of omni_purchase, purchase, offsite_conversion.fb_pixel_"
            "purchase, onsite_web_purchase; platform-claimed (attributed by Meta). NULL when absent.",
        ),  # fmt: skip
        Column("purchase_value", MONEY, "`action_values` of the same purchase type, in `currency`. NULL when absent."),
        Column(
            "purchase_roas",
            "DOUBLE",
            "`purchase_roas` of the same purchase type (value / spend, a ratio); "
            "NULL when Meta omitted the key (no purchases).",
        ),  # fmt: skip
        Column("actions_json", "VARCHAR", "The `actions` list as JSON text, as received; NULL when absent."),
        Column("action_values_json", "VARCHAR", "The `action_values` list as JSON text; NULL when absent."),
        Column("purchase_roas_json", "VARCHAR", "The `purchase_roas` list as JSON text; NULL when absent."),
    )

    def matches(self, sniff: Sniff) -> bool:
        return sniff.is_json and super().matches(sniff)

    def signature_overlap(self, sniff: Sniff) -> float:
        return super().signature_overlap(sniff) if sniff.is_json else 0.0

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        document = jsondoc.read_json(ctx.path)
        if isinstance(document, Mapping) and "error" in document and "data" not in document:
            error = document["error"] if isinstance(document["error"], Mapping) else {}
            raise ExportError(
                "api_error",
                f"{ctx.path.name}: the file is a Marketing API error response, not insights: "
                f"{error.get('message', document['error'])!s} (code {error.get('code')}); fix the request and "
                "fetch again",
            )
        if not isinstance(document, Mapping) or "data" not in document:
            raise ExportError(
                "unexpected_shape", f'{ctx.path.name}: expected the insights envelope {{"data": [...], ...}}'
            )
        records = jsondoc.JsonRecords(ctx.path, document["data"], what="insights rows")
        yield from jsondoc.record_batches(self, ctx.path, self._rows(ctx, records))

    def _rows(self, ctx: FileContext, records: jsondoc.JsonRecords) -> Iterator[dict]:
        for number, record in records:
            breakdown = [key for key in BREAKDOWNS if key in record]
            if breakdown:
                raise records.error(
                    "unsupported_breakdown",
                    f"the rows are broken down by {breakdown}, which this export type does not key on; "
                    "request the insights without `breakdowns`",
                    record=number,
                    field=breakdown[0],
                )
            row: dict = {"_row_number": number, "_extra": records.extra(record, KNOWN_KEYS)}
            for key in _IDS:
                row[key] = records.get(number, record, key, cells.identifier) or ""
            row["account_id"] = row["account_id"] or ctx.account_hint or ""
            if not row["account_id"]:
                raise records.error(
                    "missing_account",
                    "no ad account: the record has no 'account_id' and the file is not under "
                    "landing/<ad account>/; request the account_id field or pass --account",
                    record=number,
                    field="account_id",
                )
            for key in ("date_start", "date_stop"):
                row[key] = records.get(number, record, key, cells.iso_date, required=True, not_null=True)
            currency = records.get(number, record, "account_currency", cells.trimmed)
            if currency is None:
                raise records.error(
                    "missing_currency",
                    "the record has no 'account_currency': its money (spend, cpc, cpm) would have no currency; "
                    "add account_currency to the request's fields and fetch again",
                    record=number,
                    field="account_currency",
                )
            row["currency"] = currency
            for column, key, convert in _SCALARS:
                row[column] = records.get(number, record, key, convert)
            actions = _action_list(records, number, record, "actions")
            values = _action_list(records, number, record, "action_values")
            roas = _action_list(records, number, record, "purchase_roas")
            row["link_clicks"] = _first(records, number, "actions", actions, ("link_click",), cells.number)
            row["landing_page_views"] = _first(records, number, "actions", actions, LANDING_PAGE_VIEW_TYPES,
                                               cells.number)  # fmt: skip
            row["purchases"] = _first(records, number, "actions", actions, PURCHASE_TYPES, cells.number)
            row["purchase_value"] = _first(records, number, "action_values", values, PURCHASE_TYPES, cells.decimal)
            row["purchase_roas"] = _first(records, number, "purchase_roas", roas, PURCHASE_TYPES, cells.number)
            for key in _LISTS:
                row[f"{key}_json"] = None if key not in record else json.dumps(record[key], ensure_ascii=False)
            yield row


def _action_list(records: jsondoc.JsonRecords, number: int, record: Mapping, key: str) -> dict[str, object]:
    """{action_type: value} of a list field; {} when the key is absent. Each entry must be an object with
    `action_type` and `value`."""
    entries = record.get(key)
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise records.error("unexpected_shape", "expected a list of actions", record=number, field=key, value=entries)
    found: dict[str, object] = {}
    for entry in entries:
        if not isinstance(entry, Mapping) or "action_type" not in entry or "value" not in entry:
            raise records.error(
                "unexpected_shape", "expected {action_type, value} entries", record=number, field=key, value=entry
            )
        found.setdefault(str(entry["action_type"]), entry["value"])
    return found


def _first(
    records: jsondoc.JsonRecords,
    number: int,
    key: str,
    found: dict[str, object],
    types: tuple[str, ...],
    convert: object,
) -> object:
    """The value of the first of `types` present (variants of one action are never added)."""
    for action_type in types:
        if action_type in found:
            raw = found[action_type]
            try:
                return convert(jsondoc.as_text(raw))
            except cells.CellError as exc:
                raise records.error(
                    exc.rule, exc.problem, record=number, field=f"{key}[{action_type}].value", value=raw
                ) from None
    return None


EXPORT_TYPES = (MetaAdsInsights(),)
