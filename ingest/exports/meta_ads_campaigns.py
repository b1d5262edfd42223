"""Meta Ads Manager campaign report (CSV), current and older (2017, Title Case) headers.

Money columns carry the account currency in their header (`Amount spent (USD)`); the raw table keeps it
in `currency`. The default export names neither the ad account nor the campaign id: `Account ID` and
`Campaign ID` columns are used when the report includes them, otherwise the account is the landing
folder (`landing/<ad account>/...`) and the campaign id is the campaign name.
Format details and evidence: shared/reference/platform-formats.md section 2g.

Recognising the report: its signature headers (any case: the 2017 export writes `Reporting Starts`,
`Campaign Name`) plus a money header `Amount spent (XXX)`, which is also where the currency comes from.
Every money header that names a currency must name the same one; money is never read without it.
Headers are matched case-insensitively with aliases for the older names (`Post Engagement`,
`Cost per result`). A `Day` column (daily breakdown) narrows the reporting period to that day, so each
row keeps its own natural key.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ingest.exports import cells
from ingest.exports.base import Column, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

MONEY = "DECIMAL(18,4)"


class MetaAdsCampaigns(ExportType):
    name = "meta_ads_campaigns"
    platform = "meta_ads"
    raw_table = "meta_ads__campaigns"
    title = "Meta Ads Manager campaign report (CSV)"
    signature = ("Reporting starts", "Reporting ends", "Campaign name", "Impressions")
    natural_key = ("account_id", "campaign_id", "reporting_starts", "reporting_ends")
    columns = (
        Column("account_id", "VARCHAR", "`Account ID` when exported, else the landing folder.", True),
        Column("account_name", "VARCHAR"),
        Column("campaign_id", "VARCHAR", "`Campaign ID` when exported, else the campaign name.", True),
        Column("campaign_name", "VARCHAR", required=True),
        Column("reporting_starts", "DATE", required=True),
        Column("reporting_ends", "DATE", required=True),
        Column("campaign_delivery", "VARCHAR"),
        Column("attribution_setting", "VARCHAR"),
        Column("starts", "DATE", "Campaign start (older exports)."),
        Column("ends", "DATE", "Campaign end; NULL when the file says `Ongoing`."),
        Column("results", "BIGINT"),
        Column("result_indicator", "VARCHAR"),
        Column("reach", "BIGINT", "Unique people over the reporting period: never summed across periods."),
        Column("frequency", "DOUBLE"),
        Column("currency", "VARCHAR", "ISO 4217 code read from the money headers.", required=True),
        Column("amount_spent", MONEY),
        Column("cost_per_result", MONEY),
        Column("impressions", "BIGINT"),
        Column("cpm", MONEY, "Cost per 1,000 impressions."),
        Column("link_clicks", "BIGINT"),
        Column("cpc_link", MONEY, "Cost per link click."),
        Column("ctr_link_percent", "DOUBLE", "A percent number (2.60 = 2.6 %)."),
        Column("clicks_all", "BIGINT"),
        Column("ctr_all_percent", "DOUBLE", "A percent number."),
        Column("cpc_all", MONEY),
        Column("landing_page_views", "BIGINT"),
        Column("cost_per_landing_page_view", MONEY),
        Column("post_engagement", "BIGINT", "Older exports."),
        Column("post_reactions", "BIGINT", "Older exports."),
        Column("post_comments", "BIGINT", "Older exports."),
        Column("post_shares", "BIGINT", "Older exports."),
    )

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of the signature headers found, counting "an `Amount spent (XXX)` header" as one more."""
        headers = sniff.headers
        seen = {cells.normalize_header(h) for h in headers}
        checks = [cells.normalize_header(h) in seen for h in self.signature]
        checks.append(any(_is_amount_spent(h) for h in headers))
        return sum(checks) / len(checks)

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        with cells.CsvTable(ctx.path) as table:
            bound = table.bind(_FIELDS)
            currency = _currency(table, bound)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    account = record.get("account_id") or ctx.account_hint
                    if account is None:
                        raise table.error(
                            "missing_account",
                            "no ad account: the report has no 'Account ID' column (or the cell is empty) "
                            "and the file is not under landing/<ad account>/; add the column to the report "
                            "or pass the account explicitly (resonance ingest --account)",
                            row=row,
                        )
                    record["account_id"] = account
                    record["campaign_id"] = record.get("campaign_id") or record["campaign_name"]
                    if record.get("day") is not None:
                        record["reporting_starts"] = record["reporting_ends"] = record["day"]
                    record["currency"] = currency
                    record["_row_number"] = row
                    yield record

            yield from cells.record_batches(self, table, records())


def _is_amount_spent(header: str) -> bool:
    base, code = cells.split_currency(header)
    return code is not None and cells.normalize_header(base) == "amount spent"


def _currency(table: cells.CsvTable, bound: list[cells.BoundField]) -> str:
    """The one ISO code the money headers name; an error when they name none or disagree."""
    money = [b for b in bound if b.field.money and b.currency]
    codes = sorted({b.currency for b in money})
    if len(codes) > 1:
        named = ", ".join(f"'{b.header}'" for b in money)
        raise table.error(
            "currency_mismatch",
            f"money columns name different currencies ({', '.join(codes)}): {named}; export one ad "
            "account (one currency) per file",
        )
    if not codes:
        spent = next(b for b in bound if b.field.name == "amount_spent")
        raise table.error(
            "missing_currency",
            "no money header names its currency; Ads Manager writes it as 'Amount spent (USD)'",
            column=spent.header,
        )
    return codes[0]


def _campaign_end(value: str) -> date | None:
    """`Ends`: a date, or `Ongoing` for a campaign without an end date (NULL)."""
    return None if value.strip().lower() == "ongoing" else cells.iso_date(value)


def _money(name: str, *headers: str) -> cells.Field:
    return cells.Field(name, headers, cells.decimal, money=True)


def _count(name: str, *headers: str, required: bool = False) -> cells.Field:
    return cells.Field(name, headers, cells.integer_grouped, required=required)


_FIELDS: tuple[cells.Field, ...] = (
    cells.Field("reporting_starts", ("Reporting starts",), cells.iso_date, required=True, not_null=True),
    cells.Field("reporting_ends", ("Reporting ends",), cells.iso_date, required=True, not_null=True),
    cells.Field("campaign_name", ("Campaign name",), cells.text, required=True, not_null=True),
    cells.Field("amount_spent", ("Amount spent",), cells.decimal, required=True, money=True),
    cells.Field("account_id", ("Account ID",), cells.identifier),
    cells.Field("account_name", ("Account name",), cells.text),
    cells.Field("campaign_id", ("Campaign ID",), cells.identifier),
    cells.Field("day", ("Day",), cells.iso_date),
    cells.Field("campaign_delivery", ("Campaign delivery",), cells.trimmed),
    cells.Field("attribution_setting", ("Attribution setting",), cells.trimmed),
    cells.Field("starts", ("Starts",), cells.iso_date),
    cells.Field("ends", ("Ends",), _campaign_end),
    _count("results", "Results"),
    cells.Field("result_indicator", ("Result indicator",), cells.trimmed),
    _count("reach", "Reach"),
    cells.Field("frequency", ("Frequency",), cells.number_grouped),
    _money("cost_per_result", "Cost per results", "Cost per result"),
    _count("impressions", "Impressions", required=True),
    _money("cpm", "CPM (cost per 1,000 impressions)"),
    _count("link_clicks", "Link clicks"),
    _money("cpc_link", "CPC (cost per link click)"),
    cells.Field("ctr_link_percent", ("CTR (link click-through rate)",), cells.percent),
    _count("clicks_all", "Clicks (all)"),
    cells.Field("ctr_all_percent", ("CTR (all)",), cells.percent),
    _money("cpc_all", "CPC (all)"),
    _count("landing_page_views", "Landing page views"),
    _money("cost_per_landing_page_view", "Cost per landing page view"),
    _count("post_engagement", "Post engagement", "Post engagements"),
    _count("post_reactions", "Post reactions"),
    _count("post_comments", "Post comments"),
    _count("post_shares", "Post shares"),
)


EXPORT_TYPES = (MetaAdsCampaigns(),)
