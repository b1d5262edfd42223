"""Meta Business Suite CSV exports: per-post tables (Instagram and Facebook) and per-metric daily series.

Format details and evidence: shared/reference/platform-formats.md sections 2d (per-post) and 2e (per-metric).
No raw MBS file was available to the research: the evidence is third-party parsers and tests written against
real exports, so the parsers here accept the variants those sources disagree on (BOM or not, LF or CRLF).

Per-post exports (`instagram_mbs_posts`, `facebook_mbs_posts`), Business Suite > Insights > Content > Export:
- One row per post with lifetime totals at export time (`Date` is the literal `Lifetime`, not a date), so
  the raw tables keep one snapshot per post per day: key (post_id, _snapshot_date). `Date` is stored as
  written and the expectation suites accept only `Lifetime`: a file with a dated breakdown would not be
  lifetime totals, and is rejected rather than loaded under the wrong meaning.
- UTF-8; the evidence says the export carries a BOM (a Hive user's header was hidden by it), so samples are
  written with one; files with and without it read the same (`csv_table.CsvTable` opens `utf-8-sig`).
- `Publish time` is `MM/DD/YYYY HH:MM` in the exporting account's local time, and the file names no zone.
  It is stored as that wall clock in a TIMESTAMP (no zone); no zone is invented. Marts that need UTC must
  take the account's reporting time zone from elsewhere.
- The account is the file's own `Account ID` (Instagram) or `Page ID` (Facebook), stored as `account_id`
  so every raw table names its account the same way; the landing folder is not used.
- Facebook's caption is in `Title`, Instagram's in `Description`; both keep newlines, emoji and `""`
  quotes exactly as written, and formula-looking text (`=HYPERLINK(...)`, `@user`) stays text.
- Facebook's header `"Reactions, Comments and Shares"` has a comma inside: columns are found by name, so it
  is one column (`reactions_comments_and_shares`).
- Views vs impressions: pre-2025 Facebook exports say `Impressions` where current ones say `Views`. Meta
  replaced the impressions family by views in 2025 with a different definition (views count repeat plays
  of the same content), so the two are kept in separate columns rather than aliased: a pre-2025 file fills
  `impressions` and leaves `views` NULL. A file must have one of the two (Instagram gets the same rule by
  analogy; the evidence shows only its current header).
- Richer Facebook exports add columns (`Link clicks`, `Seconds viewed`, `Estimated earnings (USD)`, ...): the
  ones the evidence names have columns here; any other unknown column lands in `_extra`. Money headers carry
  their currency (`(USD)`), kept in `currency`; all money headers of a file must name the same one.
- `Is crosspost` / `Is share` are `0`/`1` flags (BOOLEAN). `Caption type` is kept as written (`N/A`).

Per-metric daily series (`meta_mbs_daily_metric`), Business Suite > Insights > (a metric) > Export:
- UTF-16LE with BOM `FF FE` (the platform's encoding); the same layout in UTF-8 (with or without BOM) is
  accepted too. Line 1 `sep=,` (an Excel hint; optional here), line 2 the metric title in quotes, line 3
  `"Date","Primary"` (or the monetization variant with `content_monetization`, `stars`, `subscriptions`),
  then `"2025-08-01T00:00:00","20"` rows. `metric_table` opens it as a `csv_table.CsvTable` that reads UTF-16
  by its BOM and finds the header below those lines; errors name the file, row and column as for any CSV.
- Rows are numbered as records in the file, the `sep=,` and title lines included (data starts at row 4).
  Excel hides the `sep=` line, so it shows each row one lower.
- The file does not name its account: the account is the landing folder (`landing/<account>/...`), and a
  file outside any account folder is rejected (`missing_account`). It does not say whether it is Facebook or
  Instagram either, unless the title does (`Facebook follows`): `platform` is taken from the title and is
  NULL otherwise, so keep a Page's and an Instagram account's files in separate landing folders.
- One long table keyed by (account_id, metric, date): `metric_title` as written, `metric` a normalized code
  (`Facebook follows` -> `facebook_follows`). The date cell is a midnight timestamp without zone: stored as
  the DATE it names (another time of day is rejected). Follows files are sparse (days without a follow are
  absent, not 0): no rows are invented.
- Monetization amounts (`content_monetization`, `stars`, `subscriptions`) come without a currency or unit in
  the file; they are kept as plain numbers and no currency is invented.

As-of: neither layout says when the numbers were computed and the file names are not dated, so the as-of
is the default (file modification time, or the caller's override).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ingest.exports import cells, csv_table
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff, shown_headers

if TYPE_CHECKING:
    import pyarrow as pa

MONEY = "DECIMAL(18,4)"
LIFETIME = "Lifetime"


# ---- cell converters this format needs --------------------------------------------------------------

_US_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?")


def us_local_datetime(text: str) -> datetime | None:
    """`09/28/2026 18:12` (MM/DD/YYYY HH:MM, the account's local wall clock, no zone). Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    match = _US_DATETIME.fullmatch(value)
    if match:
        month, day, year, hour, minute, second = match.groups()
        try:
            return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        except ValueError:
            pass
    raise cells.CellError("bad_date", f"{text!r} is not a publish time ('MM/DD/YYYY HH:MM' expected)")


def flag(text: str) -> bool | None:
    """`0` / `1` as Business Suite writes `Is crosspost` and `Is share`. Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    if value in ("0", "1"):
        return value == "1"
    raise cells.CellError("not_a_flag", f"{text!r} is not a flag (0 or 1 expected)")


_METRIC_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def metric_day(text: str) -> date | None:
    """`2025-08-01T00:00:00` (midnight, no zone) or `2025-08-01`: the day it names. Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    match = _METRIC_DAY.fullmatch(value)
    if match:
        day_text, *clock = match.groups()
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            day = None
        if day is not None and all(part in (None, "00") for part in clock):
            return day
        if day is not None:
            raise cells.CellError("bad_date", f"{text!r} is not midnight: a daily value was expected")
    raise cells.CellError("bad_date", f"{text!r} is not a day ('YYYY-MM-DDT00:00:00' expected)")


# ---- per-post exports -----------------------------------------------------------------------------------


def _count(name: str, *headers: str, required: bool = False) -> cells.Field:
    return cells.Field(name, headers, cells.integer, required=required)


def _post_id(*headers: str) -> cells.Field:
    return cells.Field("post_id", headers, cells.identifier, required=True, not_null=True)


_PUBLISH_TIME = cells.Field("publish_time", ("Publish time",), us_local_datetime, required=True, not_null=True)
_POST_TYPE = cells.Field("post_type", ("Post type",), cells.trimmed, required=True, not_null=True)
_DATE = cells.Field("date", ("Date",), cells.trimmed, required=True, not_null=True)

_POST_COLUMNS_HEAD = (Column("post_id", "VARCHAR", "`Post ID`, as text.", required=True),)
_PUBLISH_COLUMN = Column(
    "publish_time",
    "TIMESTAMP",
    "`Publish time`: the account's local wall clock (the file names no zone), minute precision.",
    required=True,
)
_DATE_COLUMN = Column(
    "date", "VARCHAR", "`Date` as written: `Lifetime` (the numbers are lifetime totals at export time).", True
)


class _MbsPosts(ExportType):
    """What both per-post exports share: fields found by header name, one lifetime row per post."""

    fields: ClassVar[tuple[cells.Field, ...]]
    natural_key = ("post_id", "_snapshot_date")

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(self.fields)
            constants = self.row_constants(table, bound)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    record.update(constants)
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())

    def row_constants(self, table: csv_table.CsvTable, bound: list[cells.BoundField]) -> dict:
        """Values that come from the header rather than the cells. Checks the file has `Views` or, in a
        pre-2025 export, `Impressions`."""
        if not {b.field.name for b in bound} & {"views", "impressions"}:
            raise table.error(
                "missing_column",
                f"required column 'Views' (or 'Impressions' in pre-2025 exports) is missing; headers seen: "
                f"{shown_headers(table.headers)}",
                column="Views",
            )
        return {}


class InstagramMbsPosts(_MbsPosts):
    name = "instagram_mbs_posts"
    platform = "instagram"
    raw_table = "instagram__mbs_posts"
    title = "Instagram posts from Meta Business Suite (per-post CSV)"
    source = "Meta Business Suite > Insights > Content > Instagram > Export data (CSV)"
    file_pattern = "<date range>_<id>.csv (name not documented; recognised by its header)"
    signature = ("Post ID", "Account ID", "Account username", "Publish time", "Permalink", "Post type", "Date")
    columns = (
        *_POST_COLUMNS_HEAD,
        Column("account_id", "VARCHAR", "`Account ID`: the Instagram professional account's id.", True),
        Column("account_username", "VARCHAR", "`Account username` (handle, without @)."),
        Column("account_name", "VARCHAR", "`Account name` (display name)."),
        Column("description", "VARCHAR", "`Description`: the caption, exactly as written (newlines, emoji)."),
        Column("duration_sec", "DOUBLE", "`Duration (sec)`: video length in seconds; 0 for images."),
        _PUBLISH_COLUMN,
        Column("permalink", "VARCHAR", "`Permalink`: instagram.com URL of the post."),
        Column("post_type", "VARCHAR", "`Post type`: IG image, IG reel, IG carousel, IG video, IG story.", True),
        Column("data_comment", "VARCHAR", "`Data comment`: Meta's note on the row's data, usually blank."),
        _DATE_COLUMN,
        Column("views", "BIGINT", "`Views`: lifetime times the post was seen (repeat views count)."),
        Column(
            "impressions",
            "BIGINT",
            "`Impressions`, should a pre-2025 export have it (as Facebook's did; not seen in the evidence for "
            "Instagram): NULL in current exports.",
        ),
        Column("reach", "BIGINT", "`Reach`: lifetime unique accounts that saw the post; never sum it."),
        Column("likes", "BIGINT", "`Likes`, lifetime."),
        Column("shares", "BIGINT", "`Shares`, lifetime."),
        Column("follows", "BIGINT", "`Follows`: accounts that followed from the post, lifetime."),
        Column("comments", "BIGINT", "`Comments`, lifetime."),
        Column("saves", "BIGINT", "`Saves`, lifetime."),
    )
    fields = (
        _post_id("Post ID"),
        cells.Field("account_id", ("Account ID",), cells.identifier, required=True, not_null=True),
        cells.Field("account_username", ("Account username",), cells.trimmed),
        cells.Field("account_name", ("Account name",), cells.text),
        cells.Field("description", ("Description",), cells.text),
        cells.Field("duration_sec", ("Duration (sec)",), cells.number),
        _PUBLISH_TIME,
        cells.Field("permalink", ("Permalink",), cells.trimmed),
        _POST_TYPE,
        cells.Field("data_comment", ("Data comment",), cells.text),
        _DATE,
        _count("views", "Views"),
        _count("impressions", "Impressions"),
        _count("reach", "Reach", required=True),
        _count("likes", "Likes"),
        _count("shares", "Shares"),
        _count("follows", "Follows"),
        _count("comments", "Comments"),
        _count("saves", "Saves"),
    )


class FacebookMbsPosts(_MbsPosts):
    name = "facebook_mbs_posts"
    platform = "facebook"
    raw_table = "facebook__mbs_posts"
    title = "Facebook Page posts from Meta Business Suite (per-post CSV)"
    source = "Meta Business Suite > Insights > Content > Facebook > Export data (CSV)"
    file_pattern = "<date range>_<id>.csv (name not documented; recognised by its header)"
    signature = ("Post ID", "Page ID", "Page name", "Title", "Publish time", "Permalink", "Post type", "Date")
    columns = (
        *_POST_COLUMNS_HEAD,
        Column("account_id", "VARCHAR", "`Page ID`: the Facebook Page's id.", required=True),
        Column("account_name", "VARCHAR", "`Page name`."),
        Column("title", "VARCHAR", "`Title`: the post's caption, exactly as written (newlines, emoji)."),
        Column("description", "VARCHAR", "`Description`: usually blank on Facebook."),
        Column("duration_sec", "DOUBLE", "`Duration (sec)`: video length in seconds; 0 for photos and links."),
        _PUBLISH_COLUMN,
        Column("caption_type", "VARCHAR", "`Caption type` as written (`N/A` when the post has no video)."),
        Column("permalink", "VARCHAR", "`Permalink`: facebook.com URL of the post."),
        Column("is_crosspost", "BOOLEAN", "`Is crosspost` (0/1)."),
        Column("is_share", "BOOLEAN", "`Is share` (0/1): the post shares another post."),
        Column("post_type", "VARCHAR", "`Post type`: Photos, Videos, Links, Reels.", required=True),
        Column("languages", "VARCHAR", "`Languages` as written."),
        Column("custom_labels", "VARCHAR", "`Custom labels` as written."),
        Column("funded_content_status", "VARCHAR", "`Funded content status` as written (boosted posts)."),
        Column("data_comment", "VARCHAR", "`Data comment`: Meta's note on the row's data, usually blank."),
        _DATE_COLUMN,
        Column("views", "BIGINT", "`Views` (2025+ exports): lifetime times the post was seen; NULL in older ones."),
        Column(
            "impressions",
            "BIGINT",
            "`Impressions` (pre-2025 exports; a different definition from views, so not merged): NULL in "
            "current exports.",
        ),
        Column("reach", "BIGINT", "`Reach`: lifetime unique people who saw the post; never sum it."),
        Column("reactions_comments_and_shares", "BIGINT", "`Reactions, Comments and Shares` (a comma in the header)."),
        Column("reactions", "BIGINT", "`Reactions`, lifetime."),
        Column("comments", "BIGINT", "`Comments`, lifetime."),
        Column("shares", "BIGINT", "`Shares`, lifetime."),
        Column("total_clicks", "BIGINT", "`Total clicks`, lifetime."),
        Column("other_clicks", "BIGINT", "`Other Clicks`, lifetime."),
        Column(
            "matched_audience_targeting_consumption_photo_click",
            "BIGINT",
            "`Matched Audience Targeting Consumption (Photo Click)`: photo clicks, lifetime.",
        ),
        Column("link_clicks", "BIGINT", "`Link clicks` (richer exports)."),
        Column("seconds_viewed", "DOUBLE", "`Seconds viewed`: total video watch time in seconds (richer exports)."),
        Column("average_seconds_viewed", "DOUBLE", "`Average Seconds viewed` (richer exports)."),
        Column("three_second_video_views", "BIGINT", "`3-second video views` (richer exports)."),
        Column("one_minute_video_views", "BIGINT", "`1-minute video views` (richer exports)."),
        Column("reels_plays_count", "BIGINT", "`Reels_plays:count` (richer exports)."),
        Column("ad_impressions", "BIGINT", "`Ad impressions`: in-stream ads shown with the post (richer exports)."),
        Column("negative_feedback_hide_all", "BIGINT", "`Negative feedback from users: Hide all` (richer exports)."),
        Column("currency", "VARCHAR", "ISO 4217 code from the money headers (`(USD)`); NULL without money."),
        Column("estimated_earnings", MONEY, "`Estimated earnings (XXX)`, in `currency` (richer exports)."),
        Column("ad_cpm", MONEY, "`Ad CPM (XXX)`: earnings per 1,000 ad impressions, in `currency`."),
    )
    fields = (
        _post_id("Post ID"),
        cells.Field("account_id", ("Page ID",), cells.identifier, required=True, not_null=True),
        cells.Field("account_name", ("Page name",), cells.text),
        cells.Field("title", ("Title",), cells.text),
        cells.Field("description", ("Description",), cells.text),
        cells.Field("duration_sec", ("Duration (sec)",), cells.number),
        _PUBLISH_TIME,
        cells.Field("caption_type", ("Caption type",), cells.trimmed),
        cells.Field("permalink", ("Permalink",), cells.trimmed),
        cells.Field("is_crosspost", ("Is crosspost",), flag),
        cells.Field("is_share", ("Is share",), flag),
        _POST_TYPE,
        cells.Field("languages", ("Languages",), cells.text),
        cells.Field("custom_labels", ("Custom labels",), cells.text),
        cells.Field("funded_content_status", ("Funded content status",), cells.text),
        cells.Field("data_comment", ("Data comment",), cells.text),
        _DATE,
        _count("views", "Views"),
        _count("impressions", "Impressions"),
        _count("reach", "Reach", required=True),
        _count("reactions_comments_and_shares", "Reactions, Comments and Shares"),
        _count("reactions", "Reactions"),
        _count("comments", "Comments"),
        _count("shares", "Shares"),
        _count("total_clicks", "Total clicks"),
        _count("other_clicks", "Other Clicks"),
        _count(
            "matched_audience_targeting_consumption_photo_click", "Matched Audience Targeting Consumption (Photo Click)"
        ),  # fmt: skip
        _count("link_clicks", "Link clicks"),
        cells.Field("seconds_viewed", ("Seconds viewed",), cells.number),
        cells.Field("average_seconds_viewed", ("Average Seconds viewed",), cells.number),
        _count("three_second_video_views", "3-second video views"),
        _count("one_minute_video_views", "1-minute video views"),
        _count("reels_plays_count", "Reels_plays:count"),
        _count("ad_impressions", "Ad impressions"),
        _count("negative_feedback_hide_all", "Negative feedback from users: Hide all"),
        cells.Field("estimated_earnings", ("Estimated earnings",), cells.decimal, money=True),
        cells.Field("ad_cpm", ("Ad CPM",), cells.decimal, money=True),
    )

    def row_constants(self, table: csv_table.CsvTable, bound: list[cells.BoundField]) -> dict:
        """`currency` from the money headers, after the shared checks."""
        super().row_constants(table, bound)
        money = [b for b in bound if b.field.money]
        unnamed = [b for b in money if b.currency is None]
        if unnamed:
            raise table.error(
                "missing_currency",
                f"the money header '{unnamed[0].header}' names no currency; Business Suite writes it as "
                "'Estimated earnings (USD)'",
                column=unnamed[0].header,
            )
        codes = sorted({b.currency for b in money})
        if len(codes) > 1:
            named = ", ".join(f"'{b.header}'" for b in money)
            raise table.error(
                "currency_mismatch", f"money columns name different currencies ({', '.join(codes)}): {named}"
            )
        return {"currency": codes[0] if codes else None}


# ---- per-metric daily series ------------------------------------------------------------------------


def metric_code(title: str) -> str:
    """`Facebook follows` -> `facebook_follows`: lower case, runs of anything but letters and digits as `_`.
    Letters outside ASCII are kept (a localized title stays readable)."""
    return re.sub(r"[\W_]+", "_", title.strip().lower()).strip("_")


def metric_platform(title: str) -> str | None:
    """`facebook` or `instagram` when the title names one (`Instagram follows`), else None."""
    lowered = title.lower()
    named = [p for p in ("facebook", "instagram") if p in lowered]
    return named[0] if len(named) == 1 else None


def _is_sep_line(record: list[str]) -> bool:
    return len(record) >= 1 and record[0].strip().lower().startswith("sep=")


def _single_cell(record: list[str]) -> str | None:
    """The title line's text: one non-empty cell (trailing empty cells allowed), else None."""
    if not record or not record[0].strip() or any(cell.strip() for cell in record[1:]):
        return None
    return record[0].strip()


def metric_layout(text: str) -> tuple[str | None, list[str]] | None:
    """(title, header) of a per-metric file from its decoded start, or None when it is not laid out as
    an optional `sep=` line, a title line, then a header line."""
    lines = [line.rstrip("\r") for line in text.split("\n", 4)[:3]]
    records = [next(csv.reader([line]), []) for line in lines]
    if records and _is_sep_line(records[0]):
        records = records[1:]
    if len(records) < 2:
        return None
    header = [cell.strip() for cell in records[1]]
    if _is_sep_line(records[1]) or not any(header):
        return None
    return _single_cell(records[0]), header


def _metric_header(table: csv_table.CsvTable) -> list[str]:
    """A per-metric file's header: below an optional `sep=` line and the metric title alone on its line
    (kept as `table.title`). Rows count every record in the file, the `sep=` and title lines included."""
    first = table.next_record()
    if first is not None and _is_sep_line(first):
        first = table.next_record()
    if first is None or not any(cell.strip() for cell in first):
        raise table.error("empty_file", "the file is empty: no metric title, no header, no data")
    title = _single_cell(first)
    if title is None:
        raise table.error(
            "missing_title",
            f'the line above the header must be the metric title alone (e.g. "Views"); found {first}',
            row=table.row,
        )
    table.title = title
    header = table.next_record()
    if header is None or not any(cell.strip() for cell in header):
        raise table.error("header_only", "the file has a metric title but no header and no data rows")
    return header


def _metric_encoding_error(table: csv_table.CsvTable, exc: UnicodeDecodeError) -> ExportError:
    """Bytes that do not decode, in Business Suite's words: UTF-16 is its encoding, UTF-8 a re-save's."""
    if table.encoding == "utf-16" and exc.reason == "truncated data":
        return table.error(
            "truncated_file",
            "the file ends in the middle of a UTF-16 character: the download or copy was cut off; download it again",
            row=table.row + 1,
        )
    expected = "UTF-16 (as Business Suite writes it)" if table.encoding == "utf-16" else "UTF-8 or UTF-16"
    return table.error(
        "bad_encoding",
        f"the file is not {expected} text near here ({exc.reason}); export it again from Business "
        "Suite, or save it as UTF-8",
        row=table.row + 1,
    )


def metric_table(path: Path) -> csv_table.CsvTable:
    """A per-metric Insights CSV opened for parsing: UTF-16 (LE or BE, by its BOM) as Business Suite writes
    it, or UTF-8 with or without a BOM; the header below the `sep=` and title lines."""
    return csv_table.CsvTable(path, utf16=True, header=_metric_header, encoding_error=_metric_encoding_error)


class MetaMbsDailyMetric(ExportType):
    name = "meta_mbs_daily_metric"
    platform = "meta"
    raw_table = "meta__mbs_daily_metrics"
    title = "Meta Business Suite per-metric Insights CSV (one metric by day)"
    source = "Meta Business Suite > Insights > Overview/Results > a metric's chart > Export (CSV)"
    file_pattern = "<Metric>.csv, e.g. `Views (1).csv`, `Visits (1).csv`"
    signature = ("Date", "Primary")
    natural_key = ("account_id", "metric", "date")
    columns = (
        Column("account_id", "VARCHAR", "The landing folder: the file does not name its Page or account.", True),
        Column("metric_title", "VARCHAR", "The metric's title line as written (`Facebook follows`).", True),
        Column("metric", "VARCHAR", "Normalized code of the title (`facebook_follows`).", True),
        Column("platform", "VARCHAR", "`facebook` or `instagram` when the title says which, else NULL."),
        Column("date", "DATE", "The day (the file's `YYYY-MM-DDT00:00:00`, no zone: the account's day).", True),
        Column("value", "DOUBLE", "`Primary`: the metric's value that day (a count, or an amount for earnings)."),
        Column("content_monetization", "DOUBLE", "Monetization export: content monetization amount (no unit in file)."),
        Column("stars", "DOUBLE", "Monetization export: Stars amount that day (no unit in the file)."),
        Column("subscriptions", "DOUBLE", "Monetization export: subscriptions amount that day (no unit in the file)."),
    )
    fields: ClassVar[tuple[cells.Field, ...]] = (
        cells.Field("date", ("Date",), metric_day, required=True, not_null=True),
        cells.Field("value", ("Primary",), cells.number_grouped, required=True),
        cells.Field("content_monetization", ("content_monetization",), cells.number_grouped),
        cells.Field("stars", ("stars",), cells.number_grouped),
        cells.Field("subscriptions", ("subscriptions",), cells.number_grouped),
    )

    def _checks(self, sniff: Sniff) -> tuple[list[bool], list[str]]:
        """(checks, names): a title line above the header, then each signature header present."""
        layout = metric_layout(sniff.text)
        if layout is None:
            return [False] * (len(self.signature) + 1), ["<metric title line>", *self.signature]
        title, header = layout
        seen = {cells.normalize_header(h) for h in header}
        return (
            [title is not None, *(cells.normalize_header(h) in seen for h in self.signature)],
            ["<metric title line>", *self.signature],
        )

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of: a metric title line above the header, and the signature headers in that header."""
        checks, _ = self._checks(sniff)
        return sum(checks) / len(checks)

    near_match_minimum = 2

    def signature_present(self, sniff: Sniff) -> int:
        """A title line and `Date` count as this type missing `Primary` only below Excel's `sep=` hint, which
        no other export writes; a description row above a `Date` header alone is not enough."""
        if not sniff.first_line.lower().startswith("sep="):
            return 0
        checks, _ = self._checks(sniff)
        return sum(checks)

    def missing_signature(self, sniff: Sniff) -> list[str]:
        checks, names = self._checks(sniff)
        return [name for ok, name in zip(checks, names, strict=True) if not ok]

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        account = ctx.require_account("a Business Suite metric export does not name its Page or account")
        with metric_table(ctx.path) as table:
            bound = table.bind(self.fields)
            code = metric_code(table.title)
            if not code:
                raise table.error(
                    "missing_title", f"the metric title {table.title!r} has no letters or digits", row=None
                )
            constants = {
                "account_id": account,
                "metric_title": table.title,
                "metric": code,
                "platform": metric_platform(table.title),
            }

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    record.update(constants)
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records(), advice="Export a period that has data")


EXPORT_TYPES = (InstagramMbsPosts(), FacebookMbsPosts(), MetaMbsDailyMetric())
