"""X (Twitter) account analytics exports besides the per-tweet file: the legacy daily CSV and the 2024+ X
Premium downloads (content, account overview, video overview).
Format details and evidence: shared/reference/platform-formats.md sections 1b and 1c.

`x_daily_activity` (1b), `daily_tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv`:
- The same bytes as the per-tweet file (UTF-8, every field quoted, LF), one row per day. `Date` is
  `YYYY-MM-DD`, counts are integer strings (`"1088"`; `"1088.0"` is read the same), `engagement rate` a
  fraction, and the 18 `promoted ...` columns say `-` (NULL, never 0) on days without paid activity.
- A daily series: the natural key is the account and the day. The file names the account only in its
  name: the handle there, else the landing folder (`landing/<account>/...`), else `missing_account`.
- The as-of is UTC midnight of the name's end date, which is exclusive (monthly files run `..0801_..0901`),
  as for the per-tweet file.

`x_content` (1c.1), `account_analytics_content_<from>_<to>.csv` from x.com/i/account_analytics:
- One row per post with its lifetime totals at download time, so the natural key is the post and the
  snapshot day. Minimal quoting: `Date` is a day-only English date with a comma inside, always quoted
  (`"Tue, Jul 14, 2026"`); the weekday must agree with the date (a mismatch means the cell was edited).
  Counts may carry thousands separators inside quotes (`"1,234"`). `Post text` is stored verbatim,
  including HTML entities some exports carry (`&amp;`) and formula-looking text (`=HYPERLINK(...)`).
- The account is the screen name in `Post Link` (`https://x.com/<screen_name>/status/<id>`), else the
  landing folder. The file has no posting time; `post_time` decodes it from the snowflake `Post id`
  (millisecond precision, UTC), NULL for an id that is not a snowflake.
- `<to>` is inclusive: the web client writes `toTime`'s UTC date into the name, and files carry posts
  dated `<to>` (a third-party parser's test over `account_analytics_content_2026-02-14_2026-02-27-2.csv`
  expects Feb 27 posts; "last 7 days" downloads are named `2025-11-02_2025-11-09`, ending on the download
  day). So the totals were computed during or after the UTC day `<to>`: the as-of is UTC midnight at the
  start of `<to>`, the latest instant the name guarantees, never in the future, and dated the download
  day for the usual "last N days" download. Browser suffixes (`-2`, ` (1)`) are tolerated.

`x_account_overview` (1c.2), `account_overview_analytics.csv`:
- One row per day, newest first, `Date` as in the content file. Empty cells occur and are NULL, not 0.
  The file names no account: it is the landing folder, or the file is rejected as `missing_account`.
  Nothing in the name or content says when X computed it: the as-of is the default (file time/override).

`x_video_overview` (1c.3), `video_overview_analytics.csv`:
- A title line `Video overview,,,,,` above the header (detection and parsing look past it, and accept a
  copy that lost it; rows keep their spreadsheet numbers, header = row 2). One row per day. Single
  third-party source: `Date` is read like the other 2024+ files, `Completion Rate` is kept as the number
  written (a fraction in the samples; the evidence does not say fraction or percent, and the suite
  rejects values above 1 so a percent file is noticed), and `Estimated Revenue` as DECIMAL with
  `currency` USD (X pays creator revenue in US dollars; the file writes no code). Account and as-of as
  for the account overview.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from ingest.exports import cells, csv_table
from ingest.exports.base import AsOf, Column, ExportType, FileContext, Sniff, utc_midnight
from ingest.exports.x_tweet_activity import LEGACY_PREFIX, handle_from_permalink, parse_file_name

if TYPE_CHECKING:
    import pyarrow as pa

_TWITTER_EPOCH_MS = 1288834974657
_SNOWFLAKE = re.compile(r"\d{15,20}")


# ---- converters only these files need ----------------------------------------------------------------

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_DATE = re.compile(r"([A-Za-z]{3,9}),\s*(.+)")


def weekday_date(text: str) -> date | None:
    """`Tue, Jul 14, 2026`: the day-only date X's 2024+ exports write. The weekday must match the date.
    Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    match = _WEEKDAY_DATE.fullmatch(value)
    weekday = match.group(1)[:3].lower() if match else None
    if match and weekday in _WEEKDAYS:
        try:
            day = cells.month_day_year(match.group(2))
        except cells.CellError:
            day = None
        if day is not None:
            if _WEEKDAYS[day.weekday()] != weekday:
                raise cells.CellError(
                    "bad_date",
                    f"{text!r} names a {match.group(1)} but {day:%b %d, %Y} is a {day:%A}: the cell was edited "
                    "or mistyped; export the file again",
                )
            return day
    raise cells.CellError("bad_date", f"{text!r} is not a date ('Tue, Jul 14, 2026' expected)")


def snowflake_time(post_id: str | None) -> datetime | None:
    """The posting instant a snowflake id encodes (ms since X's epoch, shifted 22 bits); None otherwise."""
    if post_id is None or not _SNOWFLAKE.fullmatch(post_id):
        return None
    millis = (int(post_id) >> 22) + _TWITTER_EPOCH_MS
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)


# ---- legacy daily CSV (1b) ---------------------------------------------------------------------------

_DAILY_COUNTS = (
    "impressions", "engagements", "retweets", "replies", "likes", "user_profile_clicks", "url_clicks",
    "hashtag_clicks", "detail_expands", "permalink_clicks", "app_opens", "app_installs", "follows",
    "email_tweet", "dial_phone", "media_views", "media_engagements",
)  # fmt: skip
_DAILY_REQUIRED = {"impressions", "engagements", "engagement_rate", "retweets", "replies", "likes"}
_DAILY_ALIASES = {"likes": ("likes", "favorites"), "promoted_likes": ("promoted likes", "promoted favorites")}


def parse_daily_file_name(name: str) -> tuple[str, date, date] | None:
    """(handle, start, end) from `daily_tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv`."""
    return parse_file_name(name, prefix=f"daily_{LEGACY_PREFIX}")


def _daily_count(name: str) -> str:
    return f"`{name.replace('_', ' ')}` on the day."


def _promoted(name: str) -> str:
    return f"Paid part of `{name.replace('_', ' ')}` on the day; NULL where the file says '-'."


class XDailyActivity(ExportType):
    name = "x_daily_activity"
    platform = "x"
    raw_table = "x__daily_activity"
    title = "X daily tweet activity (legacy per-day CSV)"
    source = "analytics.twitter.com > Tweets > Export data > By day (legacy tweet activity dashboard)"
    file_pattern = "daily_tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv"
    signature = ("Date", "Tweets published", "impressions", "engagements", "engagement rate")
    natural_key = ("account_id", "date")
    columns = (
        Column("account_id", "VARCHAR", "Screen name from the file name, else the landing folder.", True),
        Column("date", "DATE", "The day the row counts (the file's `Date`, YYYY-MM-DD).", True),
        Column("tweets_published", "BIGINT", "Tweets the account published that day."),
        *(Column(n, "BIGINT", _daily_count(n)) for n in _DAILY_COUNTS[:2]),
        Column("engagement_rate", "DOUBLE", "engagements / impressions of the day, a fraction (0.0119 = 1.19 %)."),
        *(Column(n, "BIGINT", _daily_count(n)) for n in _DAILY_COUNTS[2:]),
        *(Column(f"promoted_{n}", "BIGINT", _promoted(n)) for n in _DAILY_COUNTS[:2]),
        Column("promoted_engagement_rate", "DOUBLE", "Paid engagement rate, a fraction; NULL where '-'."),
        *(Column(f"promoted_{n}", "BIGINT", _promoted(n)) for n in _DAILY_COUNTS[2:]),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        name = parse_daily_file_name(ctx.path.name)
        account = (name[0] if name else None) or ctx.account_hint
        if account is None:
            raise ctx.missing_account(
                "the daily file names its account only in its file name, which is not "
                "daily_tweet_activity_metrics_<handle>_..., and no landing folder was given"
            )  # fmt: skip
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(_DAILY_FIELDS)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    record["account_id"] = account
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())

    def as_of(self, ctx: FileContext) -> AsOf:
        """UTC midnight of the file name's end date (exclusive end of the period), else the default."""
        if ctx.as_of_override is None:
            name = parse_daily_file_name(ctx.path.name)
            if name is not None:
                return AsOf(utc_midnight(name[2]), "file_name")
        return super().as_of(ctx)


def _daily_metric(name: str) -> cells.Field:
    convert = cells.number if name.endswith("engagement_rate") else cells.integer
    headers = _DAILY_ALIASES.get(name, (name.replace("_", " "),))
    return cells.Field(name, headers, convert, required=name in _DAILY_REQUIRED)


_DAILY_FIELDS: tuple[cells.Field, ...] = (
    cells.Field("date", ("Date",), cells.iso_date, required=True, not_null=True),
    cells.Field("tweets_published", ("Tweets published",), cells.integer, required=True),
    *(_daily_metric(c.name) for c in XDailyActivity.columns[3:]),
)


# ---- 2024+ content CSV (1c.1) ------------------------------------------------------------------------

# (column, header as X writes it, description)
_CONTENT_COUNTS = (
    ("impressions", "Impressions", "Lifetime impressions at download time."),
    ("likes", "Likes", "Lifetime likes."),
    ("engagements", "Engagements", "Lifetime engagements as X counts them (every click, like, reply, repost...)."),
    ("bookmarks", "Bookmarks", "Lifetime bookmarks."),
    ("shares", "Shares", "Lifetime shares (sent by DM, copied link...; reposts are `reposts`)."),
    ("new_follows", "New follows", "Follows of the account from this post."),
    ("replies", "Replies", "Lifetime replies."),
    ("reposts", "Reposts", "Lifetime reposts (retweets)."),
    ("profile_visits", "Profile visits", "Profile visits from this post."),
    ("detail_expands", "Detail Expands", "Times the post was opened to its detail view."),
    ("url_clicks", "URL Clicks", "Clicks on links in the post."),
    ("hashtag_clicks", "Hashtag Clicks", "Clicks on hashtags in the post."),
    ("permalink_clicks", "Permalink Clicks", "Clicks on the post's permalink."),
)
_CONTENT_REQUIRED = {"impressions", "likes", "engagements"}

_CONTENT_FILE_NAME = re.compile(
    r"account_analytics_content_(?P<start>\d{4}-\d{2}-\d{2})_(?P<end>\d{4}-\d{2}-\d{2})(?:-\d+| \(\d+\))?\.csv",
    re.IGNORECASE,
)


def parse_content_file_name(name: str) -> tuple[date, date] | None:
    """(from, to) from `account_analytics_content_<YYYY-MM-DD>_<YYYY-MM-DD>.csv`, both inclusive UTC
    dates; None for any other name or impossible dates."""
    match = _CONTENT_FILE_NAME.fullmatch(name)
    if not match:
        return None
    try:
        return date.fromisoformat(match["start"]), date.fromisoformat(match["end"])
    except ValueError:
        return None


class XContent(ExportType):
    name = "x_content"
    platform = "x"
    raw_table = "x__content"
    title = "X post analytics (2024+ content CSV)"
    source = "x.com/i/account_analytics > Content > Export data (X Premium)"
    file_pattern = "account_analytics_content_<YYYY-MM-DD>_<YYYY-MM-DD>.csv"
    signature = ("Post id", "Date", "Post text", "Post Link", "Impressions", "Engagements")
    natural_key = ("post_id", "_snapshot_date")
    columns = (
        Column("post_id", "VARCHAR", "Post snowflake id, as text.", required=True),
        Column("account_id", "VARCHAR", "Screen name from `Post Link`, else the landing folder.", required=True),
        Column("post_date", "DATE", "The file's `Date`: the day the post was published (day only).", True),
        Column("post_time", "TIMESTAMPTZ", "Posting instant decoded from the snowflake `Post id` (UTC, ms)."),
        Column("post_text", "VARCHAR", "Post text exactly as written (HTML entities and all)."),
        Column("post_link", "VARCHAR", "`https://x.com/<screen_name>/status/<id>`."),
        *(Column(name, "BIGINT", description) for name, _, description in _CONTENT_COUNTS),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(_CONTENT_FIELDS)
            link = next(b.index for b in bound if b.field.name == "post_link")

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    account = handle_from_permalink(values[link]) or ctx.account_hint
                    if account is None:
                        raise table.error(
                            "missing_account",
                            "no account: the post link names no screen name and the file is not under "
                            "landing/<account>/; pass the account explicitly (resonance ingest --account)",
                            row=row,
                            column=table.headers[link],
                            value=values[link],
                        )
                    record["account_id"] = account
                    record["post_time"] = snowflake_time(record["post_id"])
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())

    def as_of(self, ctx: FileContext) -> AsOf:
        """UTC midnight at the start of the name's inclusive `<to>` date, else the default."""
        if ctx.as_of_override is None:
            name = parse_content_file_name(ctx.path.name)
            if name is not None:
                return AsOf(utc_midnight(name[1]), "file_name")
        return super().as_of(ctx)


_CONTENT_FIELDS: tuple[cells.Field, ...] = (
    cells.Field("post_id", ("Post id",), cells.identifier, required=True, not_null=True),
    cells.Field("post_date", ("Date",), weekday_date, required=True, not_null=True),
    cells.Field("post_text", ("Post text",), cells.text, required=True),
    cells.Field("post_link", ("Post Link",), cells.text, required=True),
    *(
        cells.Field(name, (header,), cells.integer_grouped, required=name in _CONTENT_REQUIRED)
        for name, header, _ in _CONTENT_COUNTS
    ),
)


# ---- 2024+ daily series: account overview (1c.2) and video overview (1c.3) -----------------------------


class _DailyOverview(ExportType):
    """A 2024+ per-day file that names no account: the landing folder does, or the file is rejected."""

    platform = "x"
    natural_key = ("account_id", "date")
    fields: ClassVar[tuple[cells.Field, ...]]
    title_line: ClassVar[str | None] = None  # a line above the header, e.g. 'Video overview'

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        account = ctx.require_account(f"{self.title} does not name its account")
        header = (
            csv_table.header_on_first_line if self.title_line is None else csv_table.header_below_title(self.title_line)
        )
        with csv_table.CsvTable(ctx.path, header=header) as table:
            bound = table.bind(self.fields)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    record.update(self.row_constants())
                    record["account_id"] = account
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())

    def row_constants(self) -> dict:
        return {}


_OVERVIEW_COUNTS = (
    ("impressions", "Impressions", "Impressions of the account's posts that day."),
    ("likes", "Likes", "Likes received that day."),
    ("engagements", "Engagements", "Engagements that day, as X counts them."),
    ("bookmarks", "Bookmarks", "Bookmarks that day."),
    ("shares", "Shares", "Shares that day."),
    ("new_follows", "New follows", "New followers that day."),
    ("unfollows", "Unfollows", "Followers lost that day, a positive count (net change = new follows - unfollows)."),
    ("replies", "Replies", "Replies received that day."),
    ("reposts", "Reposts", "Reposts that day."),
    ("profile_visits", "Profile visits", "Profile visits that day."),
    ("create_post", "Create Post", "Posts the account created that day."),
    ("video_views", "Video views", "Video views that day."),
    ("media_views", "Media views", "Media views that day."),
)
_OVERVIEW_REQUIRED = {"impressions", "likes", "engagements"}


class XAccountOverview(_DailyOverview):
    name = "x_account_overview"
    raw_table = "x__account_overview"
    title = "X account overview (2024+ daily CSV)"
    source = "x.com/i/account_analytics > Overview > Export data (X Premium)"
    file_pattern = "account_overview_analytics.csv"
    signature = ("Date", "Impressions", "Likes", "Engagements", "New follows", "Unfollows", "Create Post")
    columns = (
        Column("account_id", "VARCHAR", "The landing folder (the file names no account).", True),
        Column("date", "DATE", "The day the row counts (the file's `Date`).", True),
        *(
            Column(name, "BIGINT", f"{description} NULL where the cell is empty.")
            for name, _, description in _OVERVIEW_COUNTS
        ),  # fmt: skip
    )
    fields = (
        cells.Field("date", ("Date",), weekday_date, required=True, not_null=True),
        *(
            cells.Field(name, (header,), cells.integer_grouped, required=name in _OVERVIEW_REQUIRED)
            for name, header, _ in _OVERVIEW_COUNTS
        ),
    )


VIDEO_TITLE = "Video overview"
VIDEO_CURRENCY = "USD"
MONEY = "DECIMAL(18,4)"


class XVideoOverview(_DailyOverview):
    name = "x_video_overview"
    raw_table = "x__video_overview"
    title = "X video overview (2024+ daily CSV)"
    source = "x.com/i/account_analytics > Video > Export data (X Premium)"
    file_pattern = "video_overview_analytics.csv"
    # Not `Date`: with it, YouTube Studio's `Totals.csv` (`Date,Views`) would look nearer to this type than to
    # Studio's own. The four below are specific enough; `Date` is still required by the parser.
    signature = ("Views", "Watch Time (ms)", "Completion Rate", "Average Watch Time (ms)")
    title_line = VIDEO_TITLE
    columns = (
        Column("account_id", "VARCHAR", "The landing folder (the file names no account).", True),
        Column("date", "DATE", "The day the row counts (the file's `Date`).", True),
        Column("views", "BIGINT", "Video views that day."),
        Column("watch_time_ms", "BIGINT", "Total watch time that day, in milliseconds."),
        Column("completion_rate", "DOUBLE", "The file's `Completion Rate` as written (a fraction in known files)."),
        Column("average_watch_time_ms", "BIGINT", "Average watch time per view that day, in milliseconds."),
        Column("estimated_revenue", MONEY, "Estimated creator revenue that day, in `currency`."),
        Column("currency", "VARCHAR", "ISO 4217 code of `estimated_revenue`: USD (X pays creators in USD).", True),
    )
    fields = (
        cells.Field("date", ("Date",), weekday_date, required=True, not_null=True),
        cells.Field("views", ("Views",), cells.integer_grouped, required=True),
        cells.Field("watch_time_ms", ("Watch Time (ms)",), cells.integer_grouped, required=True),
        cells.Field("completion_rate", ("Completion Rate",), cells.number),
        cells.Field("average_watch_time_ms", ("Average Watch Time (ms)",), cells.integer_grouped),
        cells.Field("estimated_revenue", ("Estimated Revenue",), cells.decimal),
    )

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of the signature headers found in the header, looking past a `Video overview` title line."""
        seen = {cells.normalize_header(h) for h in _titled_headers(sniff, VIDEO_TITLE)}
        return sum(cells.normalize_header(h) in seen for h in self.signature) / len(self.signature)

    def missing_signature(self, sniff: Sniff) -> list[str]:
        seen = {cells.normalize_header(h) for h in _titled_headers(sniff, VIDEO_TITLE)}
        return [h for h in self.signature if cells.normalize_header(h) not in seen]

    def row_constants(self) -> dict:
        return {"currency": VIDEO_CURRENCY}


def _titled_headers(sniff: Sniff, title: str) -> list[str]:
    """The header fields of a file whose header may sit below a title line (a re-saved copy may have lost it)."""
    import csv

    lines = sniff.text.split("\n", 2)
    first = next(csv.reader([lines[0].rstrip("\r")]), []) if lines and lines[0] else []
    if first and cells.normalize_header(first[0]) == cells.normalize_header(title) and len(lines) > 1:
        return next(csv.reader([lines[1].rstrip("\r")]), [])
    return first


EXPORT_TYPES = (XDailyActivity(), XContent(), XAccountOverview(), XVideoOverview())
