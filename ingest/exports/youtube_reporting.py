"""YouTube Reporting API bulk reports: `channel_basic_a3` (and its predecessor `channel_basic_a2`).

A reporting job writes one CSV per channel and day. Evidence: shared/reference/platform-formats.md 5a.

- **Columns are bound by header**: YouTube does not guarantee their order. An `a2` file (before the
  2025-06 `engaged_views` column) loads too, with `engaged_views` NULL.
- `date` is `YYYYMMDD` (`20260610`), not ISO.
- **Channel-level rows have an empty `video_id`** (subscriber changes not attributable to a video). The
  raw table stores them with `video_id = ''`, not NULL: `video_id` is part of the natural key, and a
  key compared with `=` never matches NULL, so NULL rows would be inserted again on every reload
  instead of being replaced. Staging turns '' back into NULL.
- `live_or_on_demand` (`on_demand`, `LIVE` in some files) and `subscribed_status` are lower-cased:
  they are codes, and case differences would split one key in two. `country_code` `ZZ` (unknown) is
  kept as written.
- `watch_time_minutes` and the averages are long floats (`85.756416666666667`): DOUBLE.

Recognising the report: its dimension and metric headers (`date`, `channel_id`, `video_id`,
`live_or_on_demand`, `subscribed_status`, `country_code`, `views`, `watch_time_minutes`), and none of
the extra dimensions other channel reports add (`province_code`, `traffic_source_type`, `device_type`,
...): those reports have several rows per channel_basic key and are different tables.

As-of: the report's `createTime` is in the API's report list, not in the file, so the as-of is the file's
modification time or the caller's override (`resonance ingest --as-of`, which a downloader should set to
`createTime`). YouTube replaces a day's report when it restates it (a backfill, a newer `createTime` for
the same `startTime`): the newer file has the newer as-of, so the loader's MERGE replaces the older rows
and an older report arriving late never overwrites a newer one.

The account (`account_id`) is the landing folder (`landing/<channel>/...`), else the report's
`channel_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ingest.exports import cells, columnar, csv_table
from ingest.exports.base import Column, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

# Dimensions that other channel reports add to channel_basic's: a file with one of them is not this report.
OTHER_REPORT_DIMENSIONS = frozenset({
    "province_code", "traffic_source_type", "traffic_source_detail", "playback_location_type",
    "playback_location_detail", "device_type", "operating_system", "age_group", "gender", "sharing_service",
    "annotation_type", "annotation_id", "card_type", "card_id", "playlist_id", "subtitle_language",
    "subtitle_language_autotranslated", "claimed_status", "uploader_type", "asset_id",
})  # fmt: skip


def yyyymmdd(text: str) -> date | None:
    """`20260610` (the Reporting API's `date`). Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    if len(value) == 8 and value.isdigit():
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            pass
    raise cells.CellError("bad_date", f"{text!r} is not a date (YYYYMMDD expected)")


def code(text: str) -> str | None:
    """A lower-case code (`on_demand`, `subscribed`); `LIVE` and `live` are the same value."""
    value = text.strip()
    return value.lower() or None


def video_key(text: str) -> str:
    """A video id, or '' for a channel-level row (see the module docstring)."""
    return cells.identifier(text) or ""


@columnar.register(yyyymmdd)
def _yyyymmdd_vector(values: pa.StringArray) -> pa.Array | None:
    import pyarrow.compute as pc

    if not columnar.all_match(values, r"^[0-9]{8}$"):
        return None
    iso = pc.binary_join_element_wise(
        *(pc.utf8_slice_codeunits(values, start, stop) for start, stop in ((0, 4), (4, 6), (6, 8))), "-"
    )
    return columnar.iso_dates(iso)


@columnar.register(code)
def _code_vector(values: pa.StringArray) -> pa.Array | None:
    import pyarrow.compute as pc

    stripped = columnar.trimmed(values)
    return None if stripped is None else pc.ascii_lower(stripped)


@columnar.register(video_key)
def _video_key_vector(values: pa.StringArray) -> pa.Array | None:
    ids = columnar.identifier(values)
    return None if ids is None else ids.fill_null("")


def _count(name: str, description: str = "") -> tuple[Column, cells.Field]:
    return Column(name, "BIGINT", description), cells.Field(name, (name,), cells.integer)


def _number(name: str, description: str) -> tuple[Column, cells.Field]:
    return Column(name, "DOUBLE", description), cells.Field(name, (name,), cells.number)


_METRICS: tuple[tuple[Column, cells.Field], ...] = (
    _count("views", "Views (for Shorts since 2025: starts and replays)."),
    _count("engaged_views", "Engaged views (a3 reports, 2025-06+); NULL in a2 files, which lack the column."),
    _count("comments"),
    _count("likes"),
    _count("dislikes"),
    _count("shares"),
    _number("watch_time_minutes", "Minutes watched."),
    _number("average_view_duration_seconds", "Average seconds watched per view."),
    _number("average_view_duration_percentage", "Average percent of the video watched, a percent number (91.9)."),
    _count("annotation_impressions", "Legacy annotations, mostly 0."),
    _count("annotation_clickable_impressions"),
    _count("annotation_clicks"),
    _number("annotation_click_through_rate", "A fraction (0..1)."),
    _count("annotation_closable_impressions"),
    _count("annotation_closes"),
    _number("annotation_close_rate", "A fraction (0..1)."),
    _count("card_teaser_impressions"),
    _count("card_teaser_clicks"),
    _number("card_teaser_click_rate", "A fraction (0..1)."),
    _count("card_impressions"),
    _count("card_clicks"),
    _number("card_click_rate", "A fraction (0..1)."),
    _count("subscribers_gained"),
    _count("subscribers_lost"),
    _count("videos_added_to_playlists"),
    _count("videos_removed_from_playlists"),
    _count("red_views", "Views by YouTube Premium members."),
    _number("red_watch_time_minutes", "Minutes watched by YouTube Premium members."),
)

_KEY_FIELDS: tuple[cells.Field, ...] = (
    cells.Field("date", ("date",), yyyymmdd, required=True, not_null=True),
    cells.Field("channel_id", ("channel_id",), cells.identifier, required=True, not_null=True),
    cells.Field("video_id", ("video_id",), video_key, required=True),
    cells.Field("live_or_on_demand", ("live_or_on_demand",), code, required=True, not_null=True),
    cells.Field("subscribed_status", ("subscribed_status",), code, required=True, not_null=True),
    cells.Field("country_code", ("country_code",), cells.trimmed, required=True, not_null=True),
)


class YouTubeChannelBasic(ExportType):
    name = "youtube_channel_basic"
    platform = "youtube"
    raw_table = "youtube__channel_basic"
    title = "YouTube Reporting API channel_basic_a3 report (CSV, one day)"
    source = "YouTube Reporting API: jobs.reports.list for a channel_basic_a3 job, then media.download"
    file_pattern = "channel_basic_a3_<YYYYMMDD>.csv (name chosen by the downloader)"
    signature = ("date", "channel_id", "video_id", "live_or_on_demand", "subscribed_status", "country_code",
                 "views", "watch_time_minutes")  # fmt: skip
    natural_key = ("channel_id", "date", "video_id", "live_or_on_demand", "subscribed_status", "country_code")
    columns = (
        Column("account_id", "VARCHAR", "The landing folder, else `channel_id`.", True),
        Column("channel_id", "VARCHAR", "`UC...` channel id.", True),
        Column("date", "DATE", "The report's day (from `YYYYMMDD`), Pacific time as YouTube reports it.", True),
        Column("video_id", "VARCHAR", "11-character video id; '' for channel-level rows (never NULL).", True),
        Column("live_or_on_demand", "VARCHAR", "`live` or `on_demand`, lower-cased.", True),
        Column("subscribed_status", "VARCHAR", "`subscribed`, `unsubscribed`/`not_subscribed` or `unknown`.", True),
        Column("country_code", "VARCHAR", "ISO 3166-1 alpha-2; `ZZ` = unknown (privacy-aggregated).", True),
        *(column for column, _ in _METRICS),
    )

    def matches(self, sniff: Sniff) -> bool:
        headers = {cells.normalize_header(h) for h in sniff.headers}
        return super().matches(sniff) and not headers & OTHER_REPORT_DIMENSIONS

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind((*_KEY_FIELDS, *(field for _, field in _METRICS)))

            def record(row: int, values: list[str]) -> dict:
                record = table.read(row, values, bound)
                record["account_id"] = ctx.account_hint or record["channel_id"]
                record["_row_number"] = row
                return record

            def columns(chunk: columnar.Chunk, converted: dict[str, pa.Array]) -> dict[str, pa.Array]:
                import pyarrow as pa

                if ctx.account_hint:
                    return {"account_id": columnar.constant(ctx.account_hint, len(chunk), pa.string())}
                return {"account_id": converted["channel_id"]}

            yield from columnar.parse_batches(self, table, bound, record=record, columns=columns)


EXPORT_TYPES = (YouTubeChannelBasic(),)
