"""LinkedIn Company Page analytics workbooks: the content export and the followers export.

`<page>_content_<epoch-ms>.xls` and `<page>_followers_<epoch-ms>.xls` (newer downloads: `.xlsx`), from a
Page's admin view > Analytics > Content / Followers > Export. Both formats are read (see `sheets`), by
their bytes, whatever the extension says. Format details and evidence: shared/reference/platform-formats.md
section 3a (third-party parsers; no raw LinkedIn workbook was available, so the BIFF8-versus-xlsx question
is answered by reading both).

Each workbook holds two tables, so each type loads as two parts in one transaction (`ExportType.parts`):
- content: sheet `Metrics` (daily page totals; a free-text description row 1, header row 2) ->
  `raw.linkedin__content_metrics`, key (account_id, date); sheet `All posts` (one row per post, lifetime
  totals at export time, also below a description row) -> `raw.linkedin__posts`, key
  (post_id, _snapshot_date). A file whose second sheet is bad loads neither table.
- followers: sheet `New followers` (daily NEW followers; no description row) ->
  `raw.linkedin__followers_daily`, key (account_id, date); the demographic sheets `Location`,
  `Job function`, `Seniority`, `Industry`, `Company size` (`<dimension>, Total followers`: a cumulative
  snapshot) -> `raw.linkedin__follower_demographics`, key (account_id, dimension, value, _snapshot_date).

Decisions:
- The header row is found by its first cell (`Date`, `Post title` / `Update title`, the dimension name),
  never assumed to be row 1 or 2; `_row_number` is the row as Excel shows it (header = row 2 in `Metrics`).
- `Date` and `Created date` are `MM/DD/YYYY` text (US style, never DD/MM).
- Daily metrics may be NEGATIVE: LinkedIn writes corrections as negative days. They load; the expectation
  suite has no lower bound on daily counts. Post lifetime totals cannot be negative and have one.
- Engagement rate and click-through rate are fractions (0.0344 = 3.44 %), as LinkedIn writes them.
- Older names are aliases: `Shares (...)` for `Reposts (...)`; `Update title, Update link, Update type`,
  `Published by`, `Shares`, `Followers`, `Views (excluding off-site video views)`, `Off-site Views`,
  `Click-Through Rate (CTR)` in `All posts`.
- `post_id` is the URN in the post link (`urn:li:activity:7123...`, `urn:li:share:...`,
  `urn:li:ugcPost:...`), else the link itself; a post without a link is a broken row.
- The account is the `<page>` part of the file name, else the landing folder (`landing/<page>/...`).
- The as-of is the epoch-milliseconds stamp in the file name when present (when LinkedIn built the file),
  else the default (override or file mtime). Post totals and follower demographics are snapshots of that day.
- An empty `All posts` sheet (no posts in the period) or empty demographic sheets load nothing for that
  part; an empty `Metrics` / `New followers` sheet is `header_only`, since a period always has days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from ingest.exports import cells, csv_table, sheets
from ingest.exports.base import AsOf, Column, ExportError, ExportType, FileContext, batches

if TYPE_CHECKING:
    import pyarrow as pa

_FILE_NAME = re.compile(
    r"(?P<page>.+?)_(?P<kind>content|followers|visitors)_(?P<ms>\d{12,14})(?: \(\d+\))?\.xlsx?", re.IGNORECASE
)
_POST_URN = re.compile(r"urn:li:(?:activity|share|ugcPost):\d+")


def parse_file_name(name: str) -> tuple[str, str, datetime] | None:
    """(page, kind, exported at) from `<page>_<kind>_<epoch-ms>.xls(x)`; None for any other name."""
    match = _FILE_NAME.fullmatch(name)
    if not match:
        return None
    try:
        moment = datetime.fromtimestamp(int(match["ms"]) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return match["page"], match["kind"].lower(), moment


def post_id_from_link(link: str) -> str:
    """The post's URN in its link (`.../feed/update/urn:li:activity:7123...`), else the link itself."""
    match = _POST_URN.search(link)
    return match.group(0) if match else link.strip()


class _LinkedInPart(ExportType):
    """What every LinkedIn page table shares: the account and as-of from the file name."""

    platform = "linkedin"
    sheet: ClassVar[str]
    first_cells: ClassVar[tuple[str, ...]]
    fields: ClassVar[tuple[cells.Field, ...]]

    def account(self, ctx: FileContext) -> str:
        name = parse_file_name(ctx.path.name)
        account = name[0] if name else ctx.account_hint
        if not account:
            raise ExportError(
                "missing_account",
                f"{ctx.path.name}: no page: the file name is not <page>_content_<epoch-ms>.xls and the file is "
                "not under landing/<page>/; keep LinkedIn's file name or pass --account",
            )
        return account

    def as_of(self, ctx: FileContext) -> AsOf:
        """The epoch-milliseconds stamp in the file name (when LinkedIn built the file), else the default."""
        if ctx.as_of_override is None:
            name = parse_file_name(ctx.path.name)
            if name is not None:
                return AsOf(name[2], "file_name")
        return super().as_of(ctx)

    def read_sheet(
        self,
        ctx: FileContext,
        *,
        sheet: str | None = None,
        first_cells: tuple[str, ...] | None = None,
        fields: tuple[cells.Field, ...] | None = None,
        required_rows: bool = True,
        constants: dict | None = None,
    ) -> Iterator[pa.RecordBatch]:
        """Parse one sheet (by default the type's own) with `fields`; `required_rows`: an empty sheet is
        'header_only'. `constants` are added to every row."""
        account = self.account(ctx)
        with sheets.SheetTable(ctx.path, sheet or self.sheet, first_cells or self.first_cells) as table:
            bound = table.bind(fields or self.fields)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    record.update(constants or {})
                    record["account_id"] = account
                    record["_row_number"] = row
                    self.finish(table, row, record)
                    yield record

            if required_rows:
                yield from csv_table.record_batches(self, table, records())
            else:
                yield from batches(self, records())

    def finish(self, table: sheets.SheetTable, row: int, record: dict) -> None:
        """Derive columns from the converted cells (a post id from its link)."""


# ---- content: Metrics ------------------------------------------------------------------------------------

_SPLITS = ("organic", "sponsored", "total")
_DAILY = ("impressions", "clicks", "reactions", "comments", "reposts")


def _daily_field(metric: str, split: str) -> cells.Field:
    headers = [f"{metric.capitalize()} ({split})"]
    if metric == "reposts":
        headers.append(f"Shares ({split})")  # older exports
    return cells.Field(f"{metric}_{split}", tuple(headers), cells.integer, required=split == "total")


class LinkedInContentMetrics(_LinkedInPart):
    name = "linkedin_content_metrics"
    raw_table = "linkedin__content_metrics"
    title = "LinkedIn page content export, Metrics sheet (daily)"
    source = "LinkedIn Page admin view > Analytics > Content > Export (.xls/.xlsx), sheet Metrics"
    file_pattern = "<page>_content_<epoch-ms>.xls"
    signature = ("sheet Metrics", "Date")
    natural_key = ("account_id", "date")
    sheet = "Metrics"
    first_cells = ("Date",)
    columns = (
        Column("account_id", "VARCHAR", "The page: `<page>` in the file name, else the landing folder.", True),
        Column("date", "DATE", "The day (`Date`, MM/DD/YYYY in the file).", True),
        *(
            Column(
                f"{metric}_{split}",
                "BIGINT",
                f"{metric.capitalize()} that day, {split}; may be negative (a LinkedIn correction).",
            )
            for metric in _DAILY[:1]
            for split in _SPLITS
        ),  # fmt: skip
        Column("unique_impressions_organic", "BIGINT", "Unique impressions that day, organic only. Never summed."),
        *(
            Column(
                f"{metric}_{split}",
                "BIGINT",
                f"{metric.capitalize()} that day, {split}; may be negative (a LinkedIn correction)."
                + (" `Shares (...)` in older exports." if metric == "reposts" else ""),
            )
            for metric in _DAILY[1:]
            for split in _SPLITS
        ),  # fmt: skip
        *(
            Column(
                f"engagement_rate_{split}",
                "DOUBLE",
                f"Engagement rate that day, {split}: a fraction (0.0344 = 3.44 %); LinkedIn counts clicks too.",
            )
            for split in _SPLITS
        ),  # fmt: skip
    )
    fields = (
        cells.Field("date", ("Date",), sheets.us_date, required=True, not_null=True),
        *(_daily_field("impressions", s) for s in _SPLITS),
        cells.Field("unique_impressions_organic", ("Unique impressions (organic)",), cells.integer),
        *(_daily_field(m, s) for m in _DAILY[1:] for s in _SPLITS),
        *(
            cells.Field(f"engagement_rate_{s}", (f"Engagement rate ({s})",), cells.number, required=s == "total")
            for s in _SPLITS
        ),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        yield from self.read_sheet(ctx)


# ---- content: All posts ----------------------------------------------------------------------------------


class LinkedInPosts(_LinkedInPart):
    name = "linkedin_posts"
    raw_table = "linkedin__posts"
    title = "LinkedIn page content export, All posts sheet (per post)"
    source = "LinkedIn Page admin view > Analytics > Content > Export (.xls/.xlsx), sheet All posts"
    file_pattern = "<page>_content_<epoch-ms>.xls"
    signature = ("sheet All posts", "Post title")
    natural_key = ("post_id", "_snapshot_date")
    sheet = "All posts"
    first_cells = ("Post title", "Update title")
    columns = (
        Column("post_id", "VARCHAR", "The URN in the post link (`urn:li:activity:...`), else the link.", True),
        Column("account_id", "VARCHAR", "The page: `<page>` in the file name, else the landing folder.", True),
        Column("post_title", "VARCHAR", "`Post title` (`Update title` in older exports): the post's text, verbatim."),
        Column("post_link", "VARCHAR", "`Post link` (`Update link`).", True),
        Column("post_type", "VARCHAR", "`Organic` or `Sponsored`."),
        Column("campaign_name", "VARCHAR", "Sponsored posts: the campaign."),
        Column("posted_by", "VARCHAR", "`Posted by` (`Published by`): the admin who posted it."),
        Column("created_date", "DATE", "Day the post was created (MM/DD/YYYY in the file).", True),
        Column("campaign_start_date", "DATE", "Sponsored posts only."),
        Column("campaign_end_date", "DATE", "Sponsored posts only."),
        Column("audience", "VARCHAR", "`All followers` or a targeted audience."),
        Column("impressions", "BIGINT", "Lifetime impressions at export time."),
        Column("views", "BIGINT", "Video views (excluding off-site); NULL for non-video posts."),
        Column("offsite_views", "BIGINT", "Off-site video views; NULL for non-video posts."),
        Column("clicks", "BIGINT", "Lifetime clicks at export time."),
        Column("click_through_rate", "DOUBLE", "clicks / impressions, a fraction (0.012 = 1.2 %)."),
        Column("likes", "BIGINT", "Lifetime reactions at export time."),
        Column("comments", "BIGINT", "Lifetime comments at export time."),
        Column("reposts", "BIGINT", "Lifetime reposts (`Shares` in older exports)."),
        Column("follows", "BIGINT", "Follows from the post (`Followers` in older exports); sponsored posts."),
        Column("engagement_rate", "DOUBLE", "A fraction; counts clicks, reactions, comments, reposts, follows."),
        Column("content_type", "VARCHAR", "`Video`, `Document`, `Article`, ...; often blank."),
    )  # fmt: skip
    fields = (
        cells.Field("post_title", ("Post title", "Update title"), cells.text, required=True),
        cells.Field("post_link", ("Post link", "Update link"), cells.trimmed, required=True, not_null=True),
        cells.Field("post_type", ("Post type", "Update type"), cells.trimmed),
        cells.Field("campaign_name", ("Campaign name",), cells.text),
        cells.Field("posted_by", ("Posted by", "Published by"), cells.text),
        cells.Field("created_date", ("Created date",), sheets.us_date, required=True, not_null=True),
        cells.Field("campaign_start_date", ("Campaign start date",), sheets.us_date),
        cells.Field("campaign_end_date", ("Campaign end date",), sheets.us_date),
        cells.Field("audience", ("Audience",), cells.text),
        cells.Field("impressions", ("Impressions",), cells.integer, required=True),
        cells.Field("views", ("Views", "Views (excluding off-site video views)"), cells.integer),
        cells.Field("offsite_views", ("Offsite Views", "Off-site Views"), cells.integer),
        cells.Field("clicks", ("Clicks",), cells.integer, required=True),
        cells.Field("click_through_rate", ("Click through rate (CTR)", "Click-Through Rate (CTR)"), cells.number),
        cells.Field("likes", ("Likes",), cells.integer, required=True),
        cells.Field("comments", ("Comments",), cells.integer, required=True),
        cells.Field("reposts", ("Reposts", "Shares"), cells.integer, required=True),
        cells.Field("follows", ("Follows", "Followers"), cells.integer),
        cells.Field("engagement_rate", ("Engagement rate",), cells.number, required=True),
        cells.Field("content_type", ("Content Type",), cells.trimmed),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        yield from self.read_sheet(ctx, required_rows=False)

    def finish(self, table: sheets.SheetTable, row: int, record: dict) -> None:
        record["post_id"] = post_id_from_link(record["post_link"])


class LinkedInContent(sheets.WorkbookType, LinkedInContentMetrics):
    """The content workbook: detected as one file, loaded as two tables."""

    name = "linkedin_content"
    title = "LinkedIn page content export (.xls/.xlsx: Metrics + All posts)"
    source = "LinkedIn Page admin view > Analytics > Content > Export (.xls, or .xlsx in newer downloads)"
    file_pattern = "<page>_content_<epoch-ms>.xls"
    signature = ("sheet Metrics", "Date", "sheet All posts", "Post title")
    sheet_signatures = (
        sheets.SheetSignature("Metrics", ("Date",)),
        sheets.SheetSignature("All posts", ("Post title", "Update title")),
    )

    def parts(self) -> tuple[ExportType, ...]:
        return (LinkedInContentMetrics(), LinkedInPosts())


# ---- followers -------------------------------------------------------------------------------------------


class LinkedInFollowersDaily(_LinkedInPart):
    name = "linkedin_followers_daily"
    raw_table = "linkedin__followers_daily"
    title = "LinkedIn page followers export, New followers sheet (daily)"
    source = "LinkedIn Page admin view > Analytics > Followers > Export (.xls/.xlsx), sheet New followers"
    file_pattern = "<page>_followers_<epoch-ms>.xls"
    signature = ("sheet New followers", "Date")
    natural_key = ("account_id", "date")
    sheet = "New followers"
    first_cells = ("Date",)
    columns = (
        Column("account_id", "VARCHAR", "The page: `<page>` in the file name, else the landing folder.", True),
        Column("date", "DATE", "The day (MM/DD/YYYY in the file).", True),
        Column("sponsored_followers", "BIGINT", "New followers that day from sponsored content."),
        Column("organic_followers", "BIGINT", "New followers that day, organic."),
        Column("auto_invited_followers", "BIGINT", "New followers that day from auto-invites."),
        Column("total_followers", "BIGINT",
               "New followers that day, all sources (the sheet's `Total followers` is the daily NEW total, not "
               "the follower count); may be negative when LinkedIn corrects a day."),
    )  # fmt: skip
    fields = (
        cells.Field("date", ("Date",), sheets.us_date, required=True, not_null=True),
        cells.Field("sponsored_followers", ("Sponsored followers",), cells.integer),
        cells.Field("organic_followers", ("Organic followers",), cells.integer, required=True),
        cells.Field("auto_invited_followers", ("Auto-invited followers",), cells.integer),
        cells.Field("total_followers", ("Total followers",), cells.integer, required=True),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        yield from self.read_sheet(ctx)


DEMOGRAPHIC_SHEETS = {
    "Location": "location",
    "Job function": "job_function",
    "Seniority": "seniority",
    "Industry": "industry",
    "Company size": "company_size",
}


class LinkedInFollowerDemographics(_LinkedInPart):
    name = "linkedin_follower_demographics"
    raw_table = "linkedin__follower_demographics"
    title = "LinkedIn page followers export, demographic sheets (snapshot)"
    source = "LinkedIn Page admin view > Analytics > Followers > Export (.xls/.xlsx), demographic sheets"
    file_pattern = "<page>_followers_<epoch-ms>.xls"
    signature = ("sheet Location", "Location", "Total followers")
    natural_key = ("account_id", "dimension", "value", "_snapshot_date")
    first_cells = ()
    columns = (
        Column("account_id", "VARCHAR", "The page: `<page>` in the file name, else the landing folder.", True),
        Column("dimension", "VARCHAR",
               "The sheet: location, job_function, seniority, industry or company_size.", True),
        Column("value", "VARCHAR", "The sheet's first column (`Greater Seattle Area`, `Engineering`, ...).", True),
        Column("total_followers", "BIGINT", "Followers with that value at export time (a cumulative snapshot)."),
    )  # fmt: skip
    fields = (
        cells.Field("value", ("value",), cells.text, required=True, not_null=True),  # header = the sheet name
        cells.Field("total_followers", ("Total followers",), cells.integer, required=True),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        with sheets.Workbook(ctx.path) as book:
            present = [(book.sheet(s), d) for s, d in DEMOGRAPHIC_SHEETS.items() if book.sheet(s)]
        for sheet, dimension in present:
            fields = (cells.Field("value", (sheet,), cells.text, required=True, not_null=True), self.fields[1])
            yield from self.read_sheet(
                ctx, sheet=sheet, first_cells=(sheet,), fields=fields, required_rows=False,
                constants={"dimension": dimension},
            )  # fmt: skip


class LinkedInFollowers(sheets.WorkbookType, LinkedInFollowersDaily):
    """The followers workbook: detected as one file, loaded as two tables."""

    name = "linkedin_followers"
    title = "LinkedIn page followers export (.xls/.xlsx: New followers + demographics)"
    source = "LinkedIn Page admin view > Analytics > Followers > Export (.xls, or .xlsx in newer downloads)"
    file_pattern = "<page>_followers_<epoch-ms>.xls"
    signature = ("sheet New followers", "Date", "sheet Location", "Location")
    sheet_signatures = (
        sheets.SheetSignature("New followers", ("Date",)),
        sheets.SheetSignature("Location", ("Location",)),
    )

    def parts(self) -> tuple[ExportType, ...]:
        return (LinkedInFollowersDaily(), LinkedInFollowerDemographics())


EXPORT_TYPES = (LinkedInContent(), LinkedInFollowers())
