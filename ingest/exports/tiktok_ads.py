"""TikTok Ads: the Ads Manager report export (CSV) and the Business API report (`report/integrated/get` JSON).

Format details and evidence: shared/reference/platform-formats.md sections 0, 4b and 4c.

Ads Manager export (`tiktok_ads_manager`): one row per day (`By Day`) and ad, with the campaign and ad
group names. The export carries **no ids** (no advertiser, campaign, ad group or ad id), so the natural key
is (account, day, campaign name, ad group name, ad name): renaming a campaign in Ads Manager starts a new
key. The account is the landing folder (`landing/<ad account>/...`); a file outside one is
`missing_account`. Money columns are in the file's own `Currency` column (one code per row, kept in
`currency`). `CTR (destination)` is written `4.00%` and kept as a percent number (4.0). The export ends with
a `Total` row (first cell `Total` or `Total: ...`), which is dropped wherever it appears. The ad-level URL
header is written with a FULL-WIDTH closing parenthesis, `Website URL (Ad level）` (U+FF09); its ASCII twin
is accepted too. `By Day` is read as `YYYY-MM-DD`.

API report (`tiktok_ads_report`): the response envelope `{"code":0,"message":"OK","request_id":...,
"data":{"list":[{"dimensions":{...},"metrics":{...}}],"page_info":{...}}}` saved as a file, one file per
page. The API answers errors with HTTP 200 and a non-zero `code`; such a file is detected as this type and
rejected with rule `api_error`, its code and message in the reason. Numbers come as strings or JSON
numbers (`"spend":"20.00"`, `"likes":36`), non-applicable metrics as `null` (NULL), ids as strings or
integers (always stored as text). Only daily reports load: `stat_time_day` is `YYYY-MM-DD 00:00:00` in the
advertiser's time zone, kept as a DATE; an hourly report (`stat_time_hour`) is refused. The row's level is
read from its id dimension (`ad_id`, else `adgroup_id`, else `campaign_id`, else `advertiser_id`) and kept
as `data_level` (`AUCTION_AD`, ...), its id as `level_id`; the key is (advertiser, level, id, day). The
advertiser id is taken from the row (`advertiser_id` next to `dimensions`, as connectors save it, or in the
dimensions or metrics); a raw API page has it only when requested, so the landing folder stands in
otherwise: name that folder after the advertiser id. `account_id` is the landing folder (the name Ads
Manager exports of the same account get), else the advertiser id. `ctr` is a percent number (`"1.18"` =
1.18 %). Currency appears only when the `currency` attribute metric was requested; otherwise NULL. Metrics
and dimensions this type does not know are kept in `_extra` as `metrics.<name>` / `dimensions.<name>`.
Neither file says when TikTok computed the numbers: the as-of is the file's modification time unless the
caller says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.exports import cells, csv_table, jsondoc
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

MONEY = "DECIMAL(18,4)"
TOTAL_ROW = re.compile(r"\s*Total(?:\s*:.*)?\s*", re.IGNORECASE | re.DOTALL)


# ---- Ads Manager export -----------------------------------------------------------------------------


def _money(name: str, header: str, description: str) -> tuple[cells.Field, Column]:
    return cells.Field(name, (header,), cells.decimal), Column(name, MONEY, description + " In `currency`.")


def _count(name: str, header: str, description: str, *, required: bool = False) -> tuple[cells.Field, Column]:
    return cells.Field(name, (header,), cells.integer_grouped, required=required), Column(name, "BIGINT", description)


def _double(name: str, header: str, description: str) -> tuple[cells.Field, Column]:
    return cells.Field(name, (header,), cells.number_grouped), Column(name, "DOUBLE", description)


_MANAGER_METRICS = (
    (cells.Field("cost", ("Cost",), cells.decimal, required=True), Column("cost", MONEY, "Spend, in `currency`.")),
    _money("cpc_destination", "CPC (destination)", "Cost per destination click."),
    _money("cpm", "CPM", "Cost per 1,000 impressions."),
    _count("impressions", "Impressions", "Impressions that day.", required=True),
    _count("clicks_destination", "Clicks (destination)", "Clicks to the ad's destination."),
    (
        cells.Field("ctr_destination_percent", ("CTR (destination)",), cells.percent),
        Column("ctr_destination_percent", "DOUBLE", "A percent number: the file's `4.00%` loads as 4.0."),
    ),
    _count("reach", "Reach", "Unique people reached that day: never summed across days or ads."),
    _money("cost_per_1000_people_reached", "Cost per 1,000 people reached", "Cost per 1,000 people reached."),
    _double("frequency", "Frequency", "Average impressions per person reached."),
    _count("video_views", "Video views", "Video plays."),
    _count("video_views_2_second", "2-second video views", "Plays of at least 2 seconds."),
    _count("video_views_6_second", "6-second video views", "Plays of at least 6 seconds."),
    _count("video_views_at_25_percent", "Video views at 25%", "Plays reaching 25 % of the video."),
    _count("video_views_at_50_percent", "Video views at 50%", "Plays reaching 50 % of the video."),
    _count("video_views_at_75_percent", "Video views at 75%", "Plays reaching 75 % of the video."),
    _count("video_views_at_100_percent", "Video views at 100%", "Plays reaching the end of the video."),
    _double("average_play_time_per_video_view", "Average play time per video view", "Seconds per play (a float)."),
    _double("average_play_time_per_user", "Average play time per user", "Seconds per person (a float)."),
    _count("paid_likes", "Paid likes", "Likes on the ad."),
    _count("clicks_all", "Clicks (all)", "All clicks."),
    _count("conversions", "Conversions", "Conversions TikTok attributes to the ad (platform-claimed)."),
    _money("campaign_budget", "Campaign budget", "The campaign's budget setting (not a spend)."),
)


class TikTokAdsManager(ExportType):
    name = "tiktok_ads_manager"
    platform = "tiktok_ads"
    raw_table = "tiktok_ads__ads_manager"
    title = "TikTok Ads Manager report export (CSV, by day and ad)"
    source = "TikTok Ads Manager > Reporting > custom report by day, ad level > Export (CSV)"
    file_pattern = "<report name>.csv"
    signature = ("By Day", "Campaign name", "Ad group name", "Ad name", "Currency", "Cost", "Impressions")
    natural_key = ("account_id", "date", "campaign_name", "ad_group_name", "ad_name")
    columns = (
        Column("account_id", "VARCHAR", "Ad account, from the landing folder (the export has no ids).", True),
        Column("date", "DATE", "`By Day`: the reporting day, in the ad account's time zone.", True),
        Column("campaign_name", "VARCHAR", "`Campaign name` (the export has no campaign id).", True),
        Column("ad_group_name", "VARCHAR", "`Ad group name` (the export has no ad group id).", True),
        Column("ad_name", "VARCHAR", "`Ad name` (the export has no ad id).", True),
        Column("website_url_ad_level", "VARCHAR", "`Website URL (Ad level）`: the ad's landing page."),
        Column("currency", "VARCHAR", "`Currency`: ISO 4217 code of every money column in the row.", True),
        *(column for _, column in _MANAGER_METRICS),
    )
    fields = (
        cells.Field("date", ("By Day",), cells.iso_date, required=True, not_null=True),
        cells.Field("campaign_name", ("Campaign name",), cells.text, required=True, not_null=True),
        cells.Field("ad_group_name", ("Ad group name",), cells.text, required=True, not_null=True),
        cells.Field("ad_name", ("Ad name",), cells.text, required=True, not_null=True),
        # The export writes a FULL-WIDTH closing parenthesis (U+FF09); a re-typed header has the ASCII one.
        cells.Field("website_url_ad_level", ("Website URL (Ad level\uff09", "Website URL (Ad level)"), cells.text),
        cells.Field("currency", ("Currency",), cells.trimmed, required=True, not_null=True),
        *(field for field, _ in _MANAGER_METRICS),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        account = ctx.require_account("a TikTok Ads Manager export names no ad account", folder="<ad account>/...")
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(self.fields)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    if TOTAL_ROW.fullmatch(values[0]):
                        continue  # the export's summary row: sums over the rows above, not a day
                    record = table.read(row, values, bound)
                    record["account_id"] = account
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())


# ---- Business API report ----------------------------------------------------------------------------

_LEVELS = (  # id dimension -> data_level, most detailed first
    ("ad_id", "AUCTION_AD"),
    ("adgroup_id", "AUCTION_ADGROUP"),
    ("campaign_id", "AUCTION_CAMPAIGN"),
    ("advertiser_id", "AUCTION_ADVERTISER"),
)
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?: 00:00:00)?")


def stat_day(text: str) -> date | None:
    """`stat_time_day`: `2026-11-01 00:00:00` (the API's form) or `2026-11-01` -> the day."""
    value = text.strip()
    if not value:
        return None
    match = _DAY.fullmatch(value)
    if match:
        return cells.iso_date(match.group(1))
    raise cells.CellError("bad_date", f"{text!r} is not a report day ('YYYY-MM-DD 00:00:00' expected)")


def _metric(name: str, kind: str, description: str) -> tuple[str, str, Column]:
    types = {"count": "BIGINT", "money": MONEY, "double": "DOUBLE", "text": "VARCHAR", "id": "VARCHAR"}
    return name, kind, Column(name, types[kind], description)


_CONVERT = {
    "count": cells.integer,
    "money": cells.decimal,
    "double": cells.number,
    "text": cells.text,
    "id": cells.identifier,
}

_REPORT_METRICS = (
    _metric("campaign_id", "id", "Campaign id (dimension, or attribute metric at lower levels); text."),
    _metric("campaign_name", "text", "Attribute metric."),
    _metric("adgroup_id", "id", "Ad group id; text."),
    _metric("adgroup_name", "text", "Attribute metric."),
    _metric("ad_id", "id", "Ad id; text."),
    _metric("ad_name", "text", "Attribute metric."),
    _metric("ad_text", "text", "Attribute metric."),
    _metric("placement_type", "text", "Attribute metric, e.g. `Automatic Placement`."),
    _metric("promotion_type", "text", "Attribute metric, e.g. `Website`."),
    _metric("currency", "text", "ISO 4217 code of the money metrics; NULL unless the report requested it."),
    _metric("spend", "money", "Spend that day, in the advertiser's currency."),
    _metric("cpc", "money", "Cost per click."),
    _metric("cpm", "money", "Cost per 1,000 impressions."),
    _metric("impressions", "count", "Impressions that day."),
    _metric("reach", "count", "Unique people reached that day: never summed across days or ads."),
    _metric("clicks", "count", "Clicks (destination)."),
    _metric("ctr", "double", 'Click-through rate as a percent number (`"1.18"` = 1.18 %).'),
    _metric("frequency", "double", "Average impressions per person reached."),
    _metric("video_play_actions", "count", "Video plays."),
    _metric("video_watched_2s", "count", "Plays of at least 2 seconds."),
    _metric("video_watched_6s", "count", "Plays of at least 6 seconds."),
    _metric("video_views_p25", "count", "Plays reaching 25 % of the video."),
    _metric("video_views_p50", "count", "Plays reaching 50 % of the video."),
    _metric("video_views_p75", "count", "Plays reaching 75 % of the video."),
    _metric("video_views_p100", "count", "Plays reaching the end of the video."),
    _metric("average_video_play", "double", "Seconds per play."),
    _metric("average_video_play_per_user", "double", "Seconds per person."),
    _metric("likes", "count", "Paid likes."),
    _metric("comments", "count", "Paid comments."),
    _metric("shares", "count", "Paid shares."),
    _metric("follows", "count", "Paid follows."),
    _metric("profile_visits", "count", "Paid profile visits."),
    _metric("conversion", "count", "Conversions TikTok attributes to the ad (platform-claimed)."),
    _metric("cost_per_conversion", "money", "Spend / conversions."),
    _metric("result", "count", "Results of the optimization goal."),
    _metric("cost_per_result", "money", "Spend / results."),
    _metric("secondary_goal_result", "count", "Results of the secondary goal; NULL when not applicable."),
)
_IDS = {"campaign_id", "adgroup_id", "ad_id"}


def _first_code(text: str) -> int | None:
    match = re.search(r'"code"\s*:\s*(-?\d+)', text)
    return int(match.group(1)) if match else None


class TikTokAdsReport(ExportType):
    name = "tiktok_ads_report"
    platform = "tiktok_ads"
    raw_table = "tiktok_ads__report"
    title = "TikTok API for Business report (report/integrated/get JSON, daily)"
    source = "TikTok API for Business: GET /open_api/v1.3/report/integrated/get/ (BASIC, stat_time_day)"
    file_pattern = "*.json (one response page per file)"
    signature = ("code", "message", "request_id", "data", "list", "dimensions", "metrics")
    natural_key = ("advertiser_id", "data_level", "level_id", "stat_time_day")
    columns = (
        Column("account_id", "VARCHAR", "Ad account: the landing folder, else the advertiser id.", True),
        Column("advertiser_id", "VARCHAR", "TikTok advertiser id; the landing folder when the row has none.", True),
        Column(
            "data_level",
            "VARCHAR",
            "Read from the row's id dimension: `AUCTION_AD`, `AUCTION_ADGROUP`, `AUCTION_CAMPAIGN` or "
            "`AUCTION_ADVERTISER`.",
            True,
        ),
        Column("level_id", "VARCHAR", "The id of the row's level (its `ad_id`, `adgroup_id`, ...).", True),
        Column("stat_time_day", "DATE", "The day, in the advertiser's time zone (`00:00:00` dropped).", True),
        *(column for _, _, column in _REPORT_METRICS),
    )

    def matches(self, sniff: Sniff) -> bool:
        """The TikTok envelope (`code`, `message`, `request_id`) around report rows (`dimensions` and
        `metrics`), an empty page (`"list": []`), or an error answer (`code` not 0)."""
        if not sniff.is_json:
            return False
        keys = set(sniff.headers)
        if not {"code", "message", "request_id"} <= keys:
            return False
        if {"dimensions", "metrics"} <= keys:
            return True
        if re.search(r'"list"\s*:\s*\[\s*\]', sniff.text) and "page_info" in keys:
            return True
        return (_first_code(sniff.text) or 0) != 0

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        document = jsondoc.read_json(ctx.path)
        rows = self._rows(ctx.path, document)
        records = jsondoc.JsonRecords(ctx.path, rows, what="report rows")

        def parsed() -> Iterator[dict]:
            for number, row in records:
                yield self._record(ctx, records, number, row)

        yield from jsondoc.record_batches(self, ctx.path, parsed())

    @staticmethod
    def _rows(path: Path, document: object) -> object:
        """The envelope's `data.list`, after checking the answer is not an error."""
        name = path.name
        if not isinstance(document, Mapping) or "code" not in document:
            raise ExportError("unexpected_shape", f"{name}: not a TikTok API response (no top-level 'code')")
        code = document.get("code")
        if code != 0:
            request = document.get("request_id")
            raise ExportError(
                "api_error",
                f"{name}: the TikTok API answered with an error, code {code}: {document.get('message')!r} "
                f"(request_id {request}); the file holds no report: fix the request or the token and fetch it "
                "again (rule api_error)",
                value=json.dumps({"code": code, "message": document.get("message")}, ensure_ascii=False),
            )
        data = document.get("data")
        if not isinstance(data, Mapping) or "list" not in data:
            raise ExportError("unexpected_shape", f"{name}: the response has no 'data.list' of report rows")
        return data["list"]

    def _record(self, ctx: FileContext, records: jsondoc.JsonRecords, number: int, row: Mapping) -> dict:
        dimensions = row.get("dimensions")
        if not isinstance(dimensions, Mapping) or not isinstance(row.get("metrics"), Mapping):
            raise records.error("unexpected_shape", "a report row needs 'dimensions' and 'metrics' objects",
                                record=number)  # fmt: skip
        if "stat_time_day" not in dimensions and "stat_time_hour" in dimensions:
            raise records.error(
                "missing_column",
                "an hourly report (stat_time_hour): only daily reports load; request dimension stat_time_day",
                record=number,
                field="dimensions.stat_time_day",
            )
        record: dict = {
            "stat_time_day": records.get(number, row, "dimensions.stat_time_day", stat_day, required=True,
                                         not_null=True),
        }  # fmt: skip
        level = next(((key, lvl) for key, lvl in _LEVELS if key in dimensions), None)
        if level is None:
            raise records.error(
                "missing_column",
                "the row has no id dimension (ad_id, adgroup_id, campaign_id or advertiser_id)",
                record=number,
                field="dimensions.ad_id",
            )
        key, record["data_level"] = level
        record["level_id"] = records.get(number, row, f"dimensions.{key}", cells.identifier, not_null=True)
        for name, kind, _ in _REPORT_METRICS:
            where = f"dimensions.{name}" if name in dimensions else f"metrics.{name}"
            record[name] = records.get(number, row, where, _CONVERT[kind])
        advertiser = None
        for where in ("advertiser_id", "dimensions.advertiser_id", "metrics.advertiser_id"):
            advertiser = advertiser or records.get(number, row, where, cells.identifier)
        advertiser = advertiser or ctx.account_hint
        if advertiser is None:
            raise records.error(
                "missing_account",
                "no advertiser: the row has no advertiser_id and the file is not under landing/<advertiser id>/",
                record=number,
                field="advertiser_id",
            )
        record["advertiser_id"] = advertiser
        record["account_id"] = ctx.account_hint or advertiser
        record["_extra"] = _extra(row)
        record["_row_number"] = number
        return record


_KNOWN_DIMENSIONS = {"stat_time_day", "advertiser_id", *(k for k, _ in _LEVELS)}
_KNOWN_METRICS = {name for name, _, _ in _REPORT_METRICS} | {"advertiser_id"}


def _extra(row: Mapping) -> dict[str, str] | None:
    """Keys the type does not know, as JSON text: top-level ones as written, nested ones prefixed."""
    extra = dict(jsondoc.JsonRecords.extra(row, {"dimensions", "metrics", "advertiser_id"}) or {})
    for part, known in (("dimensions", _KNOWN_DIMENSIONS), ("metrics", _KNOWN_METRICS)):
        for key, value in (jsondoc.JsonRecords.extra(row[part], known) or {}).items():
            extra[f"{part}.{key}"] = value
    return extra or None


EXPORT_TYPES = (
    TikTokAdsManager(),
    TikTokAdsReport(),
)
