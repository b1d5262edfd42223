"""X (Twitter) Ads promoted-tweet report (xlsx).

ads.x.com > Analytics > Tweets > Export (xlsx): one sheet `results`, one row per promoted tweet, ad group and
placement over the reporting period. Evidence [BYTES]: scctsi/trial-promoter-app
`spec/fixtures/2017-04-01-to-2017-04-30-6hm1atwrnaio.xlsx`, described in platform-formats.md section 7
("Bonus real file"): header `Time period | Placement | Tweet Text | Campaign ID | Ad Group ID | Tweet status
| Tweet ID | Tweet publish date | Impressions | Spend | Likes | Retweets | Replies | Link clicks`;
`Time period` = `Apr 1, 2017 - Apr 30, 2017`; ids written as inline strings (`i13575374`); `Tweet publish
date` an Excel serial number (`42828.6252662037`); numbers as floats (`6681.0`); `-` for unavailable.

Decisions:
- Detection: a workbook (by its bytes) with a sheet `results` whose header starts `Time period` and has
  `Tweet ID`. Other columns are found by name; unknown ones go to `_extra`.
- `Time period` is split into `period_start` / `period_end` (both inclusive days).
- `Tweet publish date` is converted explicitly from the Excel serial (1900 date system) to a wall-clock
  TIMESTAMP, rounded to the second. The file does not say its time zone (the ad account's), so it is not
  converted to UTC.
- `-` is NULL, never 0. Counts given as floats must be whole (`6681.0`); ids must be text: an id a
  spreadsheet stored as a number (`1.2345678901234568e+18`) is a `mangled_id`.
- CURRENCY: the file does not say it (spend is in the ad account's currency). It is never guessed: the
  file must sit in a folder named `currency=<ISO 4217 code>` (e.g.
  `landing/northwind-x-ads/currency=USD/2026-10-01-to-2026-10-31-18ce54d4x5t.xlsx`; the same Hive-style
  convention works outside landing), or carry a `Currency` column if X ever adds one. Otherwise the file
  is rejected with `missing_currency`, naming the folder to create.
- Account: the landing folder (`landing/<ad account>/...`) or `--account`; the file does not name it.
- As-of: the override or the file's modification time.
Raw `x_ads__promoted_tweets`, key (campaign_id, ad_group_id, tweet_id, placement, period_start, period_end).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.exports import cells, csv_table, sheets
from ingest.exports.base import Column, ExportType, FileContext

if TYPE_CHECKING:
    import pyarrow as pa

SHEET = "results"
_CURRENCY_FOLDER = re.compile(r"currency=([A-Za-z]{3})")


def period(text: str) -> tuple[date, date] | None:
    """`Apr 1, 2017 - Apr 30, 2017` -> (start, end)."""
    value = text.strip()
    if not value:
        return None
    parts = value.split(" - ")
    if len(parts) == 2:
        try:
            start, end = cells.month_day_year(parts[0]), cells.month_day_year(parts[1])
        except cells.CellError:
            start = end = None
        if start and end and start <= end:
            return start, end
    raise cells.CellError("bad_date", f"{text!r} is not a period ('Apr 1, 2017 - Apr 30, 2017' expected)")


def currency_from_path(path: Path) -> str | None:
    """The ISO code of the nearest `currency=XXX` folder above the file."""
    for part in reversed(path.parent.parts):
        match = _CURRENCY_FOLDER.fullmatch(part)
        if match:
            return match.group(1).upper()
    return None


def _iso_currency(text: str) -> str | None:
    value = cells.trimmed(text)
    if value is not None and not re.fullmatch(r"[A-Z]{3}", value):
        raise cells.CellError("bad_currency", f"{text!r} is not an ISO 4217 currency code")
    return value


class XAdsPromotedTweets(sheets.WorkbookType, ExportType):
    name = "x_ads_promoted_tweets"
    platform = "x_ads"
    raw_table = "x_ads__promoted_tweets"
    title = "X Ads promoted tweets report (xlsx)"
    source = "X Ads (ads.x.com) > Analytics > Tweets > Export (xlsx, sheet results)"
    file_pattern = "<YYYY-MM-DD>-to-<YYYY-MM-DD>-<id>.xlsx"
    signature = ("sheet results", "Time period", "Tweet ID")
    sheet_signatures = (sheets.SheetSignature(SHEET, ("Time period",), (("Tweet ID",),)),)
    natural_key = ("campaign_id", "ad_group_id", "tweet_id", "placement", "period_start", "period_end")
    columns = (
        Column("account_id", "VARCHAR", "The ad account: the landing folder (the file does not name it).", True),
        Column("campaign_id", "VARCHAR", "`Campaign ID` as written (`i13575374`).", True),
        Column("ad_group_id", "VARCHAR", "`Ad Group ID`.", True),
        Column("tweet_id", "VARCHAR", "`Tweet ID`, as text.", True),
        Column("placement", "VARCHAR", "`Placement` (`All on Twitter`, `Twitter Audience Platform`, ...).", True),
        Column("period_start", "DATE", "First day of `Time period` (inclusive).", True),
        Column("period_end", "DATE", "Last day of `Time period` (inclusive).", True),
        Column("tweet_text", "VARCHAR", "`Tweet Text`, verbatim."),
        Column("tweet_status", "VARCHAR"),
        Column("tweet_publish_time", "TIMESTAMP",
               "`Tweet publish date` (an Excel serial in the file), wall-clock in the ad account's time zone."),
        Column("impressions", "BIGINT", "Over the period; NULL where the file says '-'."),
        Column("currency", "VARCHAR", "ISO 4217 code from the `currency=XXX` folder (the file does not say).", True),
        Column("spend", "DECIMAL(18,4)", "Spend over the period, in `currency`; NULL where the file says '-'."),
        Column("likes", "BIGINT"),
        Column("retweets", "BIGINT"),
        Column("replies", "BIGINT"),
        Column("link_clicks", "BIGINT", "NULL where the file says '-' (a tweet without a link)."),
    )  # fmt: skip

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        account = ctx.require_account(
            "an X Ads report does not name its ad account",
            folder="<ad account>/currency=<ISO>/",
            advice="pass --account",
        )
        with sheets.SheetTable(ctx.path, SHEET, ("Time period",)) as table:
            bound = table.bind(_FIELDS)
            has_currency_column = any(b.field.name == "currency" for b in bound)
            folder_currency = currency_from_path(ctx.path)
            if not has_currency_column and folder_currency is None:
                raise table.error(
                    "missing_currency",
                    "the report does not say its currency and the file is not in a 'currency=<ISO code>' "
                    "folder; move it to e.g. landing/<ad account>/currency=USD/ (money is never loaded "
                    "without its currency)",
                    column="Spend",
                )

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    record["period_start"], record["period_end"] = record.pop("time_period")
                    record["currency"] = record.get("currency") or folder_currency
                    if record["currency"] is None:
                        raise table.error("missing_currency", "the Currency cell is empty", row=row,
                                          column="Currency")  # fmt: skip
                    record["account_id"] = account
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())


_FIELDS: tuple[cells.Field, ...] = (
    cells.Field("time_period", ("Time period",), period, required=True, not_null=True),
    cells.Field("placement", ("Placement",), cells.trimmed, required=True, not_null=True),
    cells.Field("tweet_text", ("Tweet Text",), cells.text),
    cells.Field("campaign_id", ("Campaign ID",), cells.identifier, required=True, not_null=True),
    cells.Field("ad_group_id", ("Ad Group ID",), cells.identifier, required=True, not_null=True),
    cells.Field("tweet_status", ("Tweet status",), cells.trimmed),
    cells.Field("tweet_id", ("Tweet ID",), cells.identifier, required=True, not_null=True),
    cells.Field("tweet_publish_time", ("Tweet publish date",), sheets.excel_datetime),
    cells.Field("impressions", ("Impressions",), cells.integer, required=True),
    cells.Field("spend", ("Spend",), cells.decimal, required=True),
    cells.Field("likes", ("Likes",), cells.integer),
    cells.Field("retweets", ("Retweets",), cells.integer),
    cells.Field("replies", ("Replies",), cells.integer),
    cells.Field("link_clicks", ("Link clicks",), cells.integer),
    cells.Field("currency", ("Currency",), _iso_currency),
)


EXPORT_TYPES = (XAdsPromotedTweets(),)
