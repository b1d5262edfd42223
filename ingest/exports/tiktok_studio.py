"""TikTok Studio analytics exports: `Overview.csv`, `FollowerHistory.csv` and the content (video list) export.

Format details and evidence: shared/reference/platform-formats.md sections 0 and 4a.

Daily series (`Overview.csv`, `FollowerHistory.csv`) write dates without a year (`"August 31"`). The year is
inferred, and the rule is:
- the file's last row is the export's last day, the day before the export. The export day is the as-of
  date (the `--as-of` override, else the file's modification time, in UTC). The last row takes the year
  that puts it nearest to that day, so a time-zone offset or a day of processing lag either way never moves
  it by a year. That year may not put the last row after the export day (a day of time-zone slack aside):
  a February export copied in December (a copy resets the modification time) would otherwise load as the
  next February; it is a `bad_date` naming the row and the guessed date, to load again with `--as-of`;
- walking backwards, each earlier row takes the latest date with its month and day strictly before the
  row after it: "December 30" above "January 2" steps the year back (the December -> January wrap);
- a file whose dates do not read as one ascending series of at most 366 days, with no two neighbouring rows
  more than 31 days apart (TikTok writes every day, so a bigger jump means rows out of order), is rejected
  (`date_order`), and a day written twice is a `duplicate_key` naming both rows: in either case the
  inferred years would be wrong, so nothing loads.
Because the first row's year depends on the last row, a daily file is read whole before its rows are
emitted; it holds at most 366 rows, so memory stays bounded.
Every field is quoted in the files seen; unquoted files read the same. Blank cells are NULL; negative
values (`-1` comments, `-6` follower difference) load (the expectation suites decide what is impossible);
`undefined` in `Followers` is NULL. Neither file names the account: it is the landing folder
(`landing/<account>/...`, e.g. `northwindgear-tiktok`), and a file outside one is `missing_account`.

The content export lists each video's lifetime totals at export time, so the raw table keeps one snapshot
per video per day (`_snapshot_date`). Versions order their columns differently and name the publish time
`Post time` or `Video publish time`: columns are bound by header. Counts may be abbreviated by TikTok
(`1.2K`, `3.4M`, rounded by TikTok, so precision is lost at the source) or grouped (`"18,400"`); average
watch time is seconds (`11.5`) or a clock (`0:12`). The video id and the account handle come from the
`Video link` (`https://www.tiktok.com/@<handle>/video/<id>`). `account_id` is the landing folder, the same
account id the daily series of that account get, so the three tables join; only a file outside any
folder falls back to the link's handle, which is always kept in `account_handle`.
`Post time` is the account's local wall-clock time (no zone in the file): TIMESTAMP, not TIMESTAMPTZ.
Localized exports (`Título del video`, `1 de febrero`) are not read yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import TYPE_CHECKING, ClassVar

from ingest.exports import cells, csv_table
from ingest.exports.base import AsOf, Column, ExportType, FileContext

if TYPE_CHECKING:
    import pyarrow as pa

MAX_DAYS = 366  # a year-less daily file can only be dated safely when it spans at most a year
# The last row is the day before the export; a time zone ahead of UTC can put it on the export's UTC day or the
# day after, never later: a later year is a wrong as-of (a copied file's new mtime), refused, not shifted.
LATEST_LAST_DAY_AFTER_ANCHOR = 2
MAX_GAP_DAYS = 31  # TikTok writes every day; rows further apart than this were reordered, not skipped

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2})")


# ---- converters private to TikTok -------------------------------------------------------------------


def month_day(text: str) -> tuple[int, int] | None:
    """`August 31` (or `Aug 31`) -> (8, 31): a TikTok Studio date without its year. Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    match = _MONTH_DAY.fullmatch(value)
    if match:
        name = match.group(1).lower()
        month = next((i for i, full in enumerate(_MONTHS, start=1) if full.startswith(name)), None)
        day = int(match.group(2))
        # 2000 is a leap year: February 29 is a valid month and day, the year is decided later
        if month is not None and 1 <= day <= 31:
            try:
                date(2000, month, day)
                return month, day
            except ValueError:
                pass
    raise cells.CellError("bad_date", f"{text!r} is not a TikTok Studio date ('August 31' expected)")


def count_or_undefined(text: str) -> int | None:
    """A count where TikTok may write the literal `undefined` (seen in `Followers`): NULL, never 0."""
    return None if text.strip() == "undefined" else cells.integer(text)


_ABBREVIATED = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))\s*([KkMmBb])")
_SCALE = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def abbreviated_count(text: str) -> int | None:
    """A count as TikTok Studio's content export writes it: `48`, `"18,400"`, or abbreviated `1.2K` =
    1200, `3.4M` = 3400000 (TikTok rounded it: the exact value is not in the file; half-even to a whole
    number when the abbreviation has more digits than the scale). Blank or `-` is NULL."""
    value = text.strip()
    match = _ABBREVIATED.fullmatch(value)
    if not match:
        return cells.integer_grouped(text)
    try:
        amount = Decimal(match.group(1)) * _SCALE[match.group(2).lower()]
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise cells.CellError("not_a_number", f"{text!r} is not a count") from None
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


_CLOCK = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?")


def watch_seconds(text: str) -> float | None:
    """Average watch time in seconds: `11.5` as written, or a clock `0:12` / `1:02:03`. Blank is NULL."""
    value = text.strip()
    clock = _CLOCK.fullmatch(value)
    if clock:
        first, second, third = clock.groups()
        if third is None:  # M:SS
            return float(int(first) * 60 + int(second))
        return int(first) * 3600 + int(second) * 60 + float(third)
    try:
        return cells.number(value)
    except cells.CellError:
        raise cells.CellError("bad_duration", f"{text!r} is not a watch time (seconds or M:SS)") from None


_VIDEO_LINK = re.compile(
    r"\s*https?://(?:(?:www|m|vm)\.)?tiktok\.com/@(?P<handle>[A-Za-z0-9._]+)/video/(?P<id>[^/?#\s]+)[^\s]*\s*",
    re.IGNORECASE,
)


def video_from_link(text: str) -> tuple[str, str] | None:
    """`https://www.tiktok.com/@<handle>/video/<id>` -> (id, handle). The id must be digits; one a
    spreadsheet turned into `7.41235E+18` is `mangled_id`, anything else `bad_link`."""
    value = text.strip()
    if not value:
        return None
    match = _VIDEO_LINK.fullmatch(value)
    if not match:
        raise cells.CellError(
            "bad_link", f"{text!r} is not a TikTok video link ('https://www.tiktok.com/@handle/video/<id>')"
        )
    video_id = cells.identifier(match["id"])
    if video_id is None or not video_id.isdigit():
        raise cells.CellError("bad_link", f"{text!r}: the video id in the link is not a number")
    return video_id, match["handle"]


# ---- daily series -----------------------------------------------------------------------------------


def _nearest_year(month: int, day: int, anchor: date) -> date:
    """The date with this month and day nearest to `anchor` (a year either side at most)."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # February 29 outside a leap year
            continue
    if not candidates:
        raise ValueError(f"no year near {anchor} has {month}-{day}")
    return min(candidates, key=lambda d: abs((d - anchor).days))


def _latest_before(month: int, day: int, following: date) -> date:
    """The latest date with this month and day strictly before `following`."""
    for year in range(following.year, following.year - 9, -1):  # February 29 may need up to 8 years
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate < following:
            return candidate
    raise ValueError(f"no date {month}-{day} before {following}")  # pragma: no cover


class _DailySeries(ExportType):
    """A TikTok Studio per-day file: `Date` without a year, then counts; one row per account and day."""

    natural_key = ("account_id", "date")
    what: ClassVar[str]  # for messages: 'Overview.csv'
    fields: ClassVar[tuple[cells.Field, ...]]

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        account = ctx.require_account(f"a TikTok Studio {self.what} does not name its account")
        stamp = self.as_of(ctx)
        anchor = stamp.value.date() - timedelta(days=1)  # the export's last day
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(self.fields)
            date_column = next(b.header for b in bound if b.field.name == "date")
            records: list[dict] = []
            first_row: dict[tuple[int, int], int] = {}
            for row, values in table.rows():
                record = table.read(row, values, bound)
                key = record["date"]
                if key in first_row:
                    raise table.error(
                        "duplicate_key",
                        f"rows {first_row[key]}, {row} share the natural key (date={values[bound[0].index]!r}); "
                        "a file may hold each day once",
                        row=row,
                        column=date_column,
                    )
                first_row[key] = row
                if len(records) == MAX_DAYS:
                    raise table.error(
                        "date_order",
                        f"more than {MAX_DAYS} daily rows: dates without a year can only be dated for a file "
                        "of at most a year; export a shorter range",
                        row=row,
                        column=date_column,
                    )
                record["account_id"] = account
                record["_row_number"] = row
                records.append(record)
            self._assign_years(table, records, anchor, date_column, stamp)
            yield from csv_table.record_batches(self, table, records)

    @staticmethod
    def _assign_years(table: csv_table.CsvTable, records: list[dict], anchor: date, column: str, stamp: AsOf) -> None:
        """Replace each (month, day) by a date, walking back from the last row (see the module docstring)."""
        following: date | None = None
        for record in reversed(records):
            month, day = record["date"]
            try:
                dated = (
                    _nearest_year(month, day, anchor) if following is None else _latest_before(month, day, following)
                )
            except ValueError:
                raise table.error(
                    "bad_date",
                    f"{_MONTHS[month - 1].title()} {day} falls in no year near the export",
                    row=record["_row_number"],
                    column=column,
                ) from None
            if following is None and dated > anchor + timedelta(days=LATEST_LAST_DAY_AFTER_ANCHOR):
                as_of = "the --as-of given" if stamp.source == "override" else "the file's modification time"
                raise table.error(
                    "bad_date",
                    f"{_MONTHS[month - 1].title()} {day}, the last day, would be {dated}: after the export's own day "
                    f"{anchor + timedelta(days=1)} ({as_of}), so that day is not when it was exported (a copy "
                    "resets a file's modification time). The file writes no year: load it with --as-of set to "
                    "the day it was exported",
                    row=record["_row_number"],
                    column=column,
                )
            if following is not None and (following - dated).days > MAX_GAP_DAYS:
                raise table.error(
                    "date_order",
                    f"{_MONTHS[month - 1].title()} {day} comes before a row it would be "
                    f"{(following - dated).days} days earlier than: the dates do not read as one ascending "
                    "series (TikTok writes each day once, oldest first); the year of each row cannot be inferred",
                    row=record["_row_number"],
                    column=column,
                )
            record["date"] = following = dated
        if records and (records[-1]["date"] - records[0]["date"]).days >= MAX_DAYS:
            first, last = records[0], records[-1]
            raise table.error(
                "date_order",
                f"the dates do not read as one ascending series of at most {MAX_DAYS} days (rows "
                f"{first['_row_number']}..{last['_row_number']} would span {first['date']}..{last['date']}): "
                "TikTok writes each day once, oldest first; the year of each row cannot be inferred",
                row=first["_row_number"],
                column=column,
            )


_DATE = cells.Field("date", ("Date",), month_day, required=True, not_null=True)


class TikTokStudioOverview(_DailySeries):
    name = "tiktok_studio_overview"
    platform = "tiktok"
    raw_table = "tiktok__studio_overview"
    title = "TikTok Studio overview (Overview.csv, per day)"
    source = "TikTok Studio > Analytics > Overview > Download data (CSV)"
    file_pattern = "Overview.csv"
    what = "Overview.csv"
    signature = ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares")
    columns = (
        Column("account_id", "VARCHAR", "TikTok account, from the landing folder (the file does not name it).", True),
        Column("date", "DATE", "The day; the file writes no year, inferred as the module docstring says.", True),
        Column("video_views", "BIGINT", "`Video Views` that day."),
        Column("profile_views", "BIGINT", "`Profile Views` that day."),
        Column("likes", "BIGINT", "`Likes` received that day."),
        Column("comments", "BIGINT", "`Comments` that day, net of deletions: can be negative (-1 seen)."),
        Column("shares", "BIGINT", "`Shares` that day."),
        Column("followers", "BIGINT", "`Followers` at the end of the day (only in the daily variant)."),
        Column("net_followers", "BIGINT", "`Net followers` gained that day; can be negative (daily variant)."),
    )
    fields = (
        _DATE,
        cells.Field("video_views", ("Video Views",), cells.integer, required=True),
        cells.Field("profile_views", ("Profile Views",), cells.integer, required=True),
        cells.Field("likes", ("Likes",), cells.integer, required=True),
        cells.Field("comments", ("Comments",), cells.integer, required=True),
        cells.Field("shares", ("Shares",), cells.integer, required=True),
        cells.Field("followers", ("Followers",), count_or_undefined),
        cells.Field("net_followers", ("Net followers",), cells.integer),
    )


class TikTokFollowerHistory(_DailySeries):
    name = "tiktok_follower_history"
    platform = "tiktok"
    raw_table = "tiktok__follower_history"
    title = "TikTok Studio follower history (FollowerHistory.csv, per day)"
    source = "TikTok Studio > Analytics > Followers > Download data (CSV)"
    file_pattern = "FollowerHistory.csv"
    what = "FollowerHistory.csv"
    # `Date` is required (bound by header) but left out of the signature: it alone would make every
    # dated table look a third like this one.
    signature = ("Followers", "Difference in followers from previous day")
    columns = (
        Column("account_id", "VARCHAR", "TikTok account, from the landing folder (the file does not name it).", True),
        Column("date", "DATE", "The day; the file writes no year, inferred as the module docstring says.", True),
        Column("followers", "BIGINT", "`Followers` at the end of the day; NULL where TikTok wrote `undefined`."),
        Column(
            "difference_in_followers_from_previous_day",
            "BIGINT",
            "Net follower change against the previous day; negative when more people unfollowed.",
        ),
    )
    fields = (
        _DATE,
        cells.Field("followers", ("Followers",), count_or_undefined, required=True),
        cells.Field(
            "difference_in_followers_from_previous_day",
            ("Difference in followers from previous day",),
            cells.integer,
            required=True,
        ),
    )


# ---- content ----------------------------------------------------------------------------------------

_ROUNDED = " TikTok may abbreviate it (`1.2K` loads as 1200): such values were rounded by TikTok."


class TikTokStudioContent(ExportType):
    name = "tiktok_studio_content"
    platform = "tiktok"
    raw_table = "tiktok__studio_content"
    title = "TikTok Studio content export (per video, lifetime totals)"
    source = "TikTok Studio > Analytics > Content > Download data (CSV)"
    file_pattern = "Content.csv"
    signature = ("Video title", "Video link", "Total views", "Total likes", "Total comments", "Total shares")
    natural_key = ("video_id", "_snapshot_date")
    columns = (
        Column("video_id", "VARCHAR", "TikTok video id (19 digits), from `Video link`.", required=True),
        Column("account_id", "VARCHAR", "TikTok account: the landing folder, else the link's handle.", True),
        Column("account_handle", "VARCHAR", "The `@handle` in `Video link`, without the `@`.", True),
        Column("video_title", "VARCHAR", "`Video title` (the caption) as written."),
        Column("video_link", "VARCHAR", "`Video link` as written.", required=True),
        Column(
            "post_time",
            "TIMESTAMP",
            "`Post time` (or `Video publish time`): the account's local wall-clock time, no zone in the file.",
        ),
        Column("total_views", "BIGINT", "Lifetime views at export time." + _ROUNDED),
        Column("total_likes", "BIGINT", "Lifetime likes at export time." + _ROUNDED),
        Column("total_comments", "BIGINT", "Lifetime comments at export time." + _ROUNDED),
        Column("total_shares", "BIGINT", "Lifetime shares at export time." + _ROUNDED),
        Column("average_watch_time_seconds", "DOUBLE", "`Average watch time` in seconds (`11.5` or `0:12`)."),
        Column("reach", "BIGINT", "Unique viewers of the video (lifetime); never summed across videos." + _ROUNDED),
    )
    fields = (
        cells.Field("video_title", ("Video title",), cells.text, required=True),
        cells.Field("video_link", ("Video link",), cells.text, required=True, not_null=True),
        cells.Field("post_time", ("Post time", "Video publish time"), cells.local_datetime),
        cells.Field("total_views", ("Total views",), abbreviated_count, required=True),
        cells.Field("total_likes", ("Total likes",), abbreviated_count, required=True),
        cells.Field("total_comments", ("Total comments",), abbreviated_count, required=True),
        cells.Field("total_shares", ("Total shares",), abbreviated_count, required=True),
        cells.Field("average_watch_time_seconds", ("Average watch time",), watch_seconds),
        cells.Field("reach", ("Reach",), abbreviated_count),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(self.fields)
            link = next(b for b in bound if b.field.name == "video_link")

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    try:
                        video_id, handle = video_from_link(values[link.index])  # type: ignore[misc]
                    except cells.CellError as exc:
                        raise table.error(
                            exc.rule, exc.problem, row=row, column=link.header, value=values[link.index]
                        ) from None
                    record["video_id"] = video_id
                    record["account_handle"] = handle
                    record["account_id"] = ctx.account_hint or handle
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())


EXPORT_TYPES = (
    TikTokStudioOverview(),
    TikTokFollowerHistory(),
    TikTokStudioContent(),
)
