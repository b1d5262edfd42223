"""X (Twitter) legacy per-tweet "tweet activity" CSV.

`tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv`, downloaded from analytics.twitter.com.
Lifetime totals per tweet at export time, so the raw table keeps one snapshot per tweet per day.
Format details and evidence: shared/reference/platform-formats.md section 1a.

What the parser relies on, and why:
- Columns are found by header name (case-insensitive), not position: 2015 exports say `favorites` /
  `promoted favorites` where later ones say `likes` / `promoted likes`.
- The first metric columns are written as floats (`"424.0"`), later ones as integers, re-saved copies as
  either (`332`): both convert to whole numbers; `4.5` does not.
- `-` in the `promoted ...` columns means the tweet was not promoted: NULL, never 0.
- The account is the screen name in the permalink (twitter.com or x.com); the file name's handle and then
  the landing folder are fallbacks.
- The as-of is the end of the period in the file name (end date exclusive, UTC midnight): the platform
  computed the lifetime totals then, whenever the file was downloaded or copied.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ingest.exports import cells, columnar, csv_table
from ingest.exports.base import AsOf, Column, ExportType, FileContext, utc_midnight

if TYPE_CHECKING:
    import pyarrow as pa

_COUNTS = (
    "impressions", "engagements", "retweets", "replies", "likes", "user_profile_clicks", "url_clicks",
    "hashtag_clicks", "detail_expands", "permalink_clicks", "app_opens", "app_installs", "follows",
    "email_tweet", "dial_phone", "media_views", "media_engagements",
)  # fmt: skip


class XTweetActivity(ExportType):
    name = "x_tweet_activity"
    platform = "x"
    raw_table = "x__tweet_activity"
    title = "X tweet activity (legacy per-tweet CSV)"
    source = "analytics.twitter.com > Tweets > Export data > By Tweet (legacy analytics, before 2024)"
    file_pattern = "tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv"
    signature = ("Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements")
    natural_key = ("tweet_id", "_snapshot_date")
    columns = (
        Column("tweet_id", "VARCHAR", "Tweet snowflake id, as text.", required=True),
        Column("account_id", "VARCHAR", "Screen name taken from the permalink.", required=True),
        Column("tweet_permalink", "VARCHAR"),
        Column("tweet_text", "VARCHAR"),
        Column("tweet_time", "TIMESTAMPTZ", "Posting time (the file's `time`, UTC, minute precision).", True),
        *(Column(n, "BIGINT", f"Lifetime `{n.replace('_', ' ')}` at export time.") for n in _COUNTS[:2]),
        Column("engagement_rate", "DOUBLE", "engagements / impressions, a fraction."),
        *(Column(n, "BIGINT", f"Lifetime `{n.replace('_', ' ')}` at export time.") for n in _COUNTS[2:]),
        *(Column(f"promoted_{n}", "BIGINT", "Paid part; NULL where the file says '-'.") for n in _COUNTS[:2]),
        Column("promoted_engagement_rate", "DOUBLE", "NULL where the file says '-'."),
        *(Column(f"promoted_{n}", "BIGINT", "Paid part; NULL where the file says '-'.") for n in _COUNTS[2:]),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(_FIELDS)
            permalink = next(b.index for b in bound if b.field.name == "tweet_permalink")
            name = parse_file_name(ctx.path.name)
            fallback = (name[0] if name else None) or ctx.account_hint

            def record(row: int, values: list[str]) -> dict:
                record = table.read(row, values, bound)
                account = handle_from_permalink(values[permalink]) or fallback
                if account is None:
                    raise table.error(
                        "missing_account",
                        "no account: the permalink names no screen name, the file name is not "
                        "tweet_activity_metrics_<handle>_..., and no landing folder was given",
                        row=row,
                        column=table.headers[permalink],
                        value=values[permalink],
                    )
                record["account_id"] = account
                record["_row_number"] = row
                return record

            def columns(chunk: columnar.Chunk, converted: dict[str, pa.Array]) -> dict[str, pa.Array] | None:
                handles = handles_from_permalinks(chunk.columns[permalink])
                if handles is None:
                    return None
                if fallback is not None:
                    return {"account_id": handles.fill_null(fallback)}
                return None if handles.null_count else {"account_id": handles}

            yield from columnar.parse_batches(self, table, bound, record=record, columns=columns)

    def as_of(self, ctx: FileContext) -> AsOf:
        """UTC midnight of the file name's end date (exclusive end of the period), else the default."""
        if ctx.as_of_override is None:
            name = parse_file_name(ctx.path.name)
            if name is not None:
                return AsOf(utc_midnight(name[2]), "file_name")
        return super().as_of(ctx)


LEGACY_PREFIX = "tweet_activity_metrics"  # the per-tweet export; the daily one is `daily_` + this


def _file_name_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(
        rf"{prefix}_(?P<handle>.+)_(?P<start>\d{{8}})_(?P<end>\d{{8}})_(?P<lang>[A-Za-z_-]+)(?: \(\d+\))?\.csv",
        re.IGNORECASE,
    )


_PERMALINK = re.compile(
    r"\s*https?://(?:(?:www|mobile)\.)?(?:twitter|x)\.com/(?P<handle>[A-Za-z0-9_]+)/status(?:es)?/\d+\S*\s*",
    re.IGNORECASE,
)


def parse_file_name(name: str, prefix: str = LEGACY_PREFIX) -> tuple[str, date, date] | None:
    """(handle, start, end) from `<prefix>_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv`, the names X's legacy
    analytics gives its per-tweet (`tweet_activity_metrics`) and daily (`daily_tweet_activity_metrics`)
    exports; end exclusive. None for any other name (or impossible dates). Handles may contain underscores."""
    match = _file_name_pattern(prefix).fullmatch(name)
    if not match:
        return None
    try:
        start, end = (date(int(d[:4]), int(d[4:6]), int(d[6:])) for d in (match["start"], match["end"]))
    except ValueError:
        return None
    return match["handle"], start, end


def handle_from_permalink(permalink: str) -> str | None:
    """`https://twitter.com/<handle>/status/<id>` (or x.com) -> `<handle>`, as written."""
    match = _PERMALINK.fullmatch(permalink)
    return match["handle"] if match else None


def handles_from_permalinks(permalinks: pa.StringArray) -> pa.Array | None:
    """`handle_from_permalink` for a column (NULL where none); None unless every permalink is printable
    ASCII, where RE2's and Python's `\\s` and `\\S` agree."""
    import pyarrow.compute as pc

    if not columnar.all_match(permalinks, r"^[\x20-\x7e]*$"):
        return None
    found = pc.extract_regex(permalinks, "(?i)^" + _PERMALINK.pattern + "$")
    return pc.struct_field(found, "handle")


def _header(column: str) -> str:
    return column.replace("_", " ")


_ALIASES = {"likes": ("likes", "favorites"), "promoted_likes": ("promoted likes", "promoted favorites")}
# The core counts must be there; any other metric column may be absent from a version of the file and then
# loads as NULL rather than failing the file.
_REQUIRED = {"impressions", "engagements", "engagement_rate", "retweets", "replies", "likes"}


def _metric(name: str) -> cells.Field:
    convert = cells.number if name.endswith("engagement_rate") else cells.integer
    return cells.Field(name, _ALIASES.get(name, (_header(name),)), convert, required=name in _REQUIRED)


_FIELDS: tuple[cells.Field, ...] = (
    cells.Field("tweet_id", ("Tweet id",), cells.identifier, required=True, not_null=True),
    cells.Field("tweet_permalink", ("Tweet permalink",), cells.text, required=True),
    cells.Field("tweet_text", ("Tweet text",), cells.text, required=True),
    cells.Field("tweet_time", ("time",), cells.utc_timestamp, required=True, not_null=True),
    *(_metric(c.name) for c in XTweetActivity.columns[5:]),
)


EXPORT_TYPES = (XTweetActivity(),)
