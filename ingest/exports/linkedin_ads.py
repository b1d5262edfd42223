"""LinkedIn Campaign Manager campaign performance report (CSV export).

Campaign Manager > Analyze > Performance > Export > "Campaign performance" (CSV). Evidence is THIN (no
real file was available; platform-formats.md has no section on it), so this type builds only what the
evidence supports and says what it assumes:
- Encoding and separator: a third-party parser reads the export with `pd.read_csv(file, sep="\\t",
  encoding="utf-16")` ([3P] github rogeritael/jbt_campaigns_automation `controllers/LinkedInController.py`,
  on a pt-BR export: `Nome da campanha`, `Nome do grupo de campanhas`, `Total investido`, `Impressões`,
  `Cliques`, `Leads`, with `,` decimals): UTF-16 with a BOM, tab-separated. UTF-8 re-saves (with or
  without BOM, tab-separated) are read too; other encodings are `bad_encoding`.
- Title lines above the header: a SAS pipeline over Campaign Manager downloads notes the files were "saved
  as xlsx and removed header" and keeps a commented `firstobs=6` ([3P] Get_LinkedIn_Data_Weekly.sas,
  creative performance report): a few lines sit above the header. Their wording (`Campaign Performance
  Report`, `Report Start: ...`, `Report End: ...`) is NOT verified; the parser therefore ignores them and
  finds the header as the first line whose first field is `Start Date (in UTC)` (within the first 20).
- Columns ([3P] the same SAS program: `Start Date (in UTC)`, `Account Name`, `Campaign Name`,
  `Campaign Type`, `Campaign Objective`, `Campaign Start Date`, `Campaign End Date`, `Total Spent`, `Reach`,
  `Impressions`, `Clicks`, `Clicks to Landing Page`, `Clicks to LinkedIn Page`, `Total Social Actions`,
  `Reactions`, `Comments`, `Shares`, `Follows`, `Other Clicks`, `Total Engagements`, `Viral Impressions`,
  `Viral Clicks`, `Leads`, `Lead Forms Opened`; [DOC-ish] twominutereports.com LinkedIn Ads fields:
  `Total Spent` is "cost in the account's local currency", `Average CTR`/`CPM`/`CPC`, `Engagement Rate`).
  `Campaign ID` and `Currency` columns are expected in the export (Campaign Manager offers both); the
  columns are found by name, unknown ones go to `_extra`.
- Dates: `Start Date (in UTC)` is one day (the report's time breakdown is daily) written `M/D/YYYY`
  (`10/1/2026`); ISO dates are accepted too.
- Money keeps its currency: the `Currency` column (per row), else a currency in the spend header
  (`Total Spent (USD)`); neither is `missing_currency`. Never assumed.
- Rates (`Average CTR`, `Engagement Rate`) are fractions as the report writes them.
- Account: `account_<id>_...` in the file name, else the landing folder (`landing/<ad account>/...`).
Raw `linkedin_ads__campaigns`, key (account_id, campaign_id, start_date). As-of: override or file mtime.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.exports import cells, csv_table, sheets
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

MONEY = "DECIMAL(18,4)"
HEADER_FIRST = "Start Date (in UTC)"
PREAMBLE_LINES = 20
_FILE_ACCOUNT = re.compile(r"account_(\d+)_", re.IGNORECASE)


def _report(path: Path) -> csv_table.CsvTable:
    """A Campaign Manager report opened like a CSV: UTF-16 (BOM) or UTF-8, tab-separated, with the header
    found below the title lines. Row numbers count every line from the top of the file."""
    header = csv_table.header_starting_with(
        (HEADER_FIRST,),
        within=PREAMBLE_LINES,
        missing=f"no header line starting with '{HEADER_FIRST}' in the first {PREAMBLE_LINES} lines",
    )
    return csv_table.CsvTable(path, delimiter="\t", utf16=True, header=header)


def _header_line(sniff: Sniff) -> list[str] | None:
    for line in sniff.text.split("\n")[:PREAMBLE_LINES]:
        fields = line.rstrip("\r").split("\t")
        if fields and cells.normalize_header(fields[0].strip('"')) == cells.normalize_header(HEADER_FIRST):
            return [f.strip().strip('"') for f in fields]
    return None


class LinkedInAdsCampaigns(ExportType):
    name = "linkedin_ads_campaigns"
    platform = "linkedin_ads"
    raw_table = "linkedin_ads__campaigns"
    title = "LinkedIn Campaign Manager campaign performance report (CSV)"
    source = "LinkedIn Campaign Manager > Analyze > Performance > Export > Campaign performance (CSV)"
    file_pattern = "account_<id>_campaign_performance_report.csv"
    signature = (HEADER_FIRST, "Campaign Name", "Impressions", "Clicks")
    natural_key = ("account_id", "campaign_id", "start_date")
    columns = (
        Column("account_id", "VARCHAR", "`account_<id>_` in the file name, else the landing folder.", True),
        Column("account_name", "VARCHAR"),
        Column("campaign_id", "VARCHAR", "`Campaign ID`.", True),
        Column("campaign_name", "VARCHAR", required=True),
        Column("campaign_group_name", "VARCHAR"),
        Column("campaign_type", "VARCHAR", "`Sponsored Content`, `Text Ad`, `Sponsored Messaging`, ..."),
        Column("campaign_objective", "VARCHAR"),
        Column("campaign_status", "VARCHAR"),
        Column("campaign_start_date", "DATE"),
        Column("campaign_end_date", "DATE"),
        Column("start_date", "DATE", "`Start Date (in UTC)`: the UTC day the row covers.", True),
        Column("currency", "VARCHAR", "ISO 4217 code: the `Currency` column, else the spend header's.", True),
        Column("total_spent", MONEY, "`Total Spent` in `currency` (the account's local currency)."),
        Column("impressions", "BIGINT"),
        Column("clicks", "BIGINT", "Chargeable clicks."),
        Column("average_ctr", "DOUBLE", "clicks / impressions, a fraction."),
        Column("average_cpm", MONEY, "Spend per 1,000 impressions, in `currency`."),
        Column("average_cpc", MONEY, "Spend per click, in `currency`."),
        Column("reach", "BIGINT", "Approximate unique members reached that day; never summed across days."),
        Column("reactions", "BIGINT"),
        Column("comments", "BIGINT"),
        Column("shares", "BIGINT"),
        Column("follows", "BIGINT"),
        Column("other_clicks", "BIGINT"),
        Column("total_social_actions", "BIGINT", "Reactions + comments + shares + follows."),
        Column("total_engagements", "BIGINT", "Social actions + clicks + other clicks."),
        Column("engagement_rate", "DOUBLE", "total_engagements / impressions, a fraction."),
        Column("clicks_to_landing_page", "BIGINT"),
        Column("clicks_to_linkedin_page", "BIGINT"),
        Column("viral_impressions", "BIGINT"),
        Column("viral_clicks", "BIGINT"),
        Column("leads", "BIGINT"),
        Column("lead_forms_opened", "BIGINT"),
        Column("conversions", "BIGINT", "Platform-claimed conversions: never summed across platforms."),
    )

    def matches(self, sniff: Sniff) -> bool:
        return self.signature_overlap(sniff) == 1.0

    def signature_overlap(self, sniff: Sniff) -> float:
        header = _header_line(sniff)
        if header is None:
            return 0.0
        seen = {cells.normalize_header(h) for h in header}
        return sum(cells.normalize_header(h) in seen for h in self.signature) / len(self.signature)

    def missing_signature(self, sniff: Sniff) -> list[str]:
        seen = {cells.normalize_header(h) for h in (_header_line(sniff) or [])}
        return [h for h in self.signature if cells.normalize_header(h) not in seen]

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        from_name = _FILE_ACCOUNT.search(ctx.path.name)
        account = from_name.group(1) if from_name else ctx.account_hint
        try:
            yield from self._parse(ctx, account)
        except UnicodeError as exc:
            raise ExportError(
                "bad_encoding",
                f"{ctx.path.name}: not UTF-16 (Campaign Manager's encoding) or UTF-8 text ({exc}); export the "
                "report again from Campaign Manager instead of re-saving it",
            ) from None

    def _parse(self, ctx: FileContext, account: str | None) -> Iterator[pa.RecordBatch]:
        with _report(ctx.path) as table:
            bound = table.bind(_FIELDS)
            spend = next(b for b in bound if b.field.name == "total_spent")
            has_currency_column = any(b.field.name == "currency" for b in bound)
            if not has_currency_column and spend.currency is None:
                raise table.error(
                    "missing_currency",
                    "the report names no currency: add the 'Currency' column to the export (money is never "
                    "loaded without its currency)",
                    column=spend.header,
                )

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    if account is None:
                        raise table.error(
                            "missing_account",
                            "no ad account: the file name is not account_<id>_... and the file is not under "
                            "landing/<ad account>/; pass --account",
                            row=row,
                        )
                    record["account_id"] = account
                    if not has_currency_column:
                        record["currency"] = spend.currency
                    elif record.get("currency") is None:
                        raise table.error("missing_currency", "the Currency cell is empty", row=row,
                                          column="Currency")  # fmt: skip
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())


def _iso_currency(text: str) -> str | None:
    value = cells.trimmed(text)
    if value is not None and not re.fullmatch(r"[A-Z]{3}", value):
        raise cells.CellError("bad_currency", f"{text!r} is not an ISO 4217 currency code")
    return value


def _count(name: str, *headers: str, required: bool = False) -> cells.Field:
    return cells.Field(name, headers, cells.integer_grouped, required=required)


def _money(name: str, *headers: str, required: bool = False) -> cells.Field:
    return cells.Field(name, headers, cells.decimal, required=required, money=True)


_FIELDS: tuple[cells.Field, ...] = (
    cells.Field("start_date", (HEADER_FIRST,), sheets.us_date, required=True, not_null=True),
    cells.Field("campaign_name", ("Campaign Name",), cells.text, required=True, not_null=True),
    cells.Field("campaign_id", ("Campaign ID",), cells.identifier, required=True, not_null=True),
    _money("total_spent", "Total Spent", required=True),
    cells.Field("currency", ("Currency",), _iso_currency),
    cells.Field("account_name", ("Account Name",), cells.text),
    cells.Field("campaign_group_name", ("Campaign Group Name", "Campaign Group"), cells.text),
    cells.Field("campaign_type", ("Campaign Type",), cells.trimmed),
    cells.Field("campaign_objective", ("Campaign Objective",), cells.trimmed),
    cells.Field("campaign_status", ("Campaign Status",), cells.trimmed),
    cells.Field("campaign_start_date", ("Campaign Start Date",), sheets.us_date),
    cells.Field("campaign_end_date", ("Campaign End Date",), sheets.us_date),
    _count("impressions", "Impressions", required=True),
    _count("clicks", "Clicks", required=True),
    cells.Field("average_ctr", ("Average CTR", "CTR"), cells.number),
    _money("average_cpm", "Average CPM", "CPM"),
    _money("average_cpc", "Average CPC", "CPC"),
    _count("reach", "Reach"),
    _count("reactions", "Reactions"),
    _count("comments", "Comments"),
    _count("shares", "Shares"),
    _count("follows", "Follows"),
    _count("other_clicks", "Other Clicks"),
    _count("total_social_actions", "Total Social Actions"),
    _count("total_engagements", "Total Engagements"),
    cells.Field("engagement_rate", ("Engagement Rate",), cells.number),
    _count("clicks_to_landing_page", "Clicks to Landing Page"),
    _count("clicks_to_linkedin_page", "Clicks to LinkedIn Page"),
    _count("viral_impressions", "Viral Impressions"),
    _count("viral_clicks", "Viral Clicks"),
    _count("leads", "Leads"),
    _count("lead_forms_opened", "Lead Forms Opened"),
    _count("conversions", "Conversions"),
)


EXPORT_TYPES = (LinkedInAdsCampaigns(),)
