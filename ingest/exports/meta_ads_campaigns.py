"""Meta Ads Manager campaign report (CSV), current and older (2017, Title Case) headers.

Money columns carry the account currency in their header (`Amount spent (USD)`); the raw table keeps it
in `currency`. The default export names neither the ad account nor the campaign id: `Account ID` and
`Campaign ID` columns are used when the report includes them, otherwise the account is the landing
folder (`landing/<ad account>/...`) and the campaign id is the campaign name.
Format details and evidence: shared/reference/platform-formats.md section 2g.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingest.exports.base import Column, ExportType, FileContext

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

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        raise NotImplementedError
