"""Meta Ads Manager campaign report samples (platform-formats.md 2g): UTF-8 with BOM, minimal quoting,
LF, the currency in the money headers."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ingest.samples.common import MONTH_ABBR, at, plain, quantize, stamp
from ingest.samples.model import SampleFile


def meta_header(currency: str) -> tuple[str, ...]:
    """The current campaign report header, with `Account ID` and `Campaign ID` columns added."""
    c = currency
    return (
        "Reporting starts", "Reporting ends", "Account ID", "Campaign name", "Campaign ID",
        "Campaign delivery", "Attribution setting", "Results", "Result indicator", "Reach", "Frequency",
        "Cost per results", f"Amount spent ({c})", "Impressions", f"CPM (cost per 1,000 impressions) ({c})",
        "Link clicks", f"CPC (cost per link click) ({c})", "CTR (link click-through rate)", "Clicks (all)",
        "CTR (all)", f"CPC (all) ({c})", "Landing page views", f"Cost per landing page view ({c})",
    )  # fmt: skip


@dataclass(frozen=True)
class CampaignPeriod:
    """One row of an Ads Manager campaign report: a campaign over a reporting period."""

    account_id: str
    campaign_id: str
    campaign_name: str
    reporting_starts: date
    reporting_ends: date
    delivery: str
    reach: int
    impressions: int
    amount_spent: Decimal  # 2 places
    link_clicks: int
    clicks_all: int
    results: int | None = None  # None: the campaign had no results that period (blank cells)
    result_indicator: str | None = None
    landing_page_views: int | None = None
    attribution_setting: str = "7-day click or 1-day view"

    def per(self, count: int | None, scale: int = 1) -> Decimal | None:
        return None if not count else quantize(self.amount_spent * scale / count, 2)

    def ratio_percent(self, count: int) -> Decimal:
        return quantize(Decimal(100 * count) / self.impressions, 2)


def _meta_row(period: CampaignPeriod) -> list[str]:
    return [
        period.reporting_starts.isoformat(),
        period.reporting_ends.isoformat(),
        period.account_id,
        period.campaign_name,
        period.campaign_id,
        period.delivery,
        period.attribution_setting,
        plain(period.results),
        period.result_indicator or "",
        str(period.reach),
        plain(quantize(period.impressions / period.reach, 2)),
        plain(period.per(period.results)),
        plain(period.amount_spent),
        str(period.impressions),
        plain(period.per(period.impressions, 1000)),
        str(period.link_clicks),
        plain(period.per(period.link_clicks)),
        f"{period.ratio_percent(period.link_clicks):.2f}",
        str(period.clicks_all),
        f"{period.ratio_percent(period.clicks_all):.2f}",
        plain(period.per(period.clicks_all)),
        plain(period.landing_page_views),
        plain(period.per(period.landing_page_views)),
    ]


def write_meta_ads_campaigns(
    path: Path, periods: Iterable[CampaignPeriod], currency: str, *, exported_at: datetime | None = None
) -> Path:
    """An Ads Manager campaign report CSV: UTF-8 with BOM, minimal quoting, LF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(meta_header(currency))
        writer.writerows(_meta_row(p) for p in periods)
    return stamp(path, exported_at)


_CAMPAIGNS = (
    ("Fall Launch – Ridgeline Shell", "Website Purchase"),
    ("Holiday Sale, Boots & Jackets", "Website Purchase"),
    ("Retargeting | Cart Abandoners", "Website Purchase"),
    ("Brand Awareness Q4", None),
    ("Trail Shoes – Prospecting", "Landing page views"),
    ("Newsletter Sign-ups", "Leads"),
)


def _campaign_periods(
    rng: random.Random, account_id: str, months: Sequence[tuple[date, date]]
) -> tuple[tuple[CampaignPeriod, ...], ...]:
    """Per month, one row per campaign. The campaign with a comma in its name is always included."""
    count = rng.randint(4, 6)
    chosen = [_CAMPAIGNS[1], *rng.sample([c for i, c in enumerate(_CAMPAIGNS) if i != 1], count - 1)]
    campaigns = [(name, indicator, "12020" + "".join(rng.choice("0123456789") for _ in range(13)))
                 for name, indicator in chosen]  # fmt: skip
    result = []
    for starts, ends in months:
        rows = []
        for name, indicator, campaign_id in campaigns:
            impressions = rng.randint(20_000, 400_000)
            reach = int(impressions / rng.uniform(1.1, 2.4))
            clicks_all = int(impressions * rng.uniform(0.008, 0.03))
            link_clicks = int(clicks_all * rng.uniform(0.4, 0.8))
            awareness = indicator is None
            rows.append(
                CampaignPeriod(
                    account_id=account_id,
                    campaign_id=campaign_id,
                    campaign_name=name,
                    reporting_starts=starts,
                    reporting_ends=ends,
                    delivery=rng.choice(("active", "active", "inactive")),
                    reach=reach,
                    impressions=impressions,
                    amount_spent=quantize(impressions * rng.uniform(0.004, 0.012), 2),
                    link_clicks=link_clicks,
                    clicks_all=clicks_all,
                    results=None if awareness else max(1, int(link_clicks * rng.uniform(0.01, 0.3))),
                    result_indicator=indicator,
                    landing_page_views=None if awareness else int(link_clicks * rng.uniform(0.5, 0.9)),
                )
            )
        result.append(tuple(rows))
    return tuple(result)


META_ACCOUNTS = (  # landing folder, Account ID, currency, file name prefix
    ("northwind-ads-us", "1029384756102938", "USD", "Northwind-Gear-US"),
    ("northwind-ads-eu", "5647382910564738", "EUR", "Northwind-Gear-EU"),
)
META_MONTHS = ((date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30)))


def _file_name(prefix: str, starts: date, ends: date) -> str:
    def part(day: date) -> str:
        return f"{MONTH_ABBR[day.month - 1]}-{day.day}-{day.year}"

    return f"{prefix}-Campaigns-{part(starts)}-{part(ends)}.csv"


def _write(path: Path, sample: SampleFile) -> Path:
    assert sample.currency is not None
    return write_meta_ads_campaigns(path, sample.rows, sample.currency, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """A monthly campaign report per ad account (one USD, one EUR)."""
    files = []
    for folder, account_id, currency, prefix in META_ACCOUNTS:
        months = _campaign_periods(random.Random(f"{seed}/meta/{folder}"), account_id, META_MONTHS)
        for (starts, ends), rows in zip(META_MONTHS, months, strict=True):
            name = PurePosixPath(folder, _file_name(prefix, starts, ends))
            files.append(SampleFile(name, "meta_ads_campaigns", rows, at(ends + timedelta(1), 8), _write, currency))
    return files
