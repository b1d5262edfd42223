"""Meta Ads Manager campaign report samples (platform-formats.md 2g): UTF-8 with BOM, minimal quoting,
LF, the currency in the money headers.

Localized reports (2g, section 0 "Locale-dependent headers/values"): Spanish headers
(`Inicio del informe`, `Importe gastado (MXN)`, ...), comma-separated with decimal points; French headers
(`Début des rapports`, `Montant dépensé (EUR)`, ...), `;`-separated, decimal commas, thousands grouped
with a narrow no-break space (U+202F, as current French number formatting writes it) and `DD/MM/YYYY`
dates. Header names are those seen in public parsers of real exports (see ingest/exports/meta_ads_campaigns.py).

Marketing API insights pages (2h): compact JSON as the Graph API sends it (no spaces, non-ASCII escaped as
`\\uXXXX`), every number a string, `actions` / `action_values` lists, `purchase_roas` missing (not `[]`)
when there were no purchases, a `paging.cursors` object."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
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


# ---- localized reports -------------------------------------------------------------------------------

SPANISH_HEADER = (
    "Inicio del informe", "Fin del informe", "Nombre de la cuenta", "Nombre de la campaña",
    "Entrega de la campaña", "Configuración de atribución", "Resultados", "Indicador de resultado", "Alcance",
    "Frecuencia", "Costo por resultados", "Importe gastado ({c})", "Impresiones",
    "CPM (costo por mil impresiones) ({c})", "Clics en el enlace", "CPC (costo por clic en el enlace) ({c})",
    "CTR (porcentaje de clics en el enlace)", "Clics (todos)", "CTR (todos)", "CPC (todos) ({c})",
    "Visitas a la página de destino", "Costo por visita a la página de destino ({c})",
)  # fmt: skip
FRENCH_HEADER = (
    "Début des rapports", "Fin des rapports", "Nom du compte", "Nom de la campagne", "Résultats",
    "Couverture", "Répétition", "Coût par résultat", "Montant dépensé ({c})", "Impressions",
    "CPM (Coût pour 1 000 impressions) ({c})", "Clics sur un lien", "CPC (coût par clic sur un lien) ({c})",
    "Clics (tous)", "CPC (Tous) ({c})", "Vues de page de destination", "Coût par vue de page de destination ({c})",
)  # fmt: skip
NNBSP = "\u202f"  # narrow no-break space: the French thousands separator


def _french_number(value: Decimal | int | None) -> str:
    """`1 234,56` with U+202F between thousands; blank for None."""
    if value is None:
        return ""
    text = plain(value)
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    grouped = NNBSP.join([digits, *groups])
    return sign + grouped + ("," + fraction if fraction else "")


def _localized_cells(period: CampaignPeriod, number: Callable[[Decimal | int | None], str]) -> dict[str, str]:
    return {
        "account_name": "Northwind Gear",
        "campaign_name": period.campaign_name,
        "delivery": period.delivery,
        "attribution": period.attribution_setting,
        "results": number(period.results),
        "indicator": period.result_indicator or "",
        "reach": number(period.reach),
        "frequency": number(quantize(period.impressions / period.reach, 2)),
        "cost_per_result": number(period.per(period.results)),
        "spent": number(period.amount_spent),
        "impressions": number(period.impressions),
        "cpm": number(period.per(period.impressions, 1000)),
        "link_clicks": number(period.link_clicks),
        "cpc_link": number(period.per(period.link_clicks)),
        "ctr_link": number(period.ratio_percent(period.link_clicks)),
        "clicks_all": number(period.clicks_all),
        "ctr_all": number(period.ratio_percent(period.clicks_all)),
        "cpc_all": number(period.per(period.clicks_all)),
        "lpv": number(period.landing_page_views),
        "cost_per_lpv": number(period.per(period.landing_page_views)),
    }


def _spanish_row(period: CampaignPeriod) -> list[str]:
    c = _localized_cells(period, plain)
    return [period.reporting_starts.isoformat(), period.reporting_ends.isoformat(), c["account_name"],
            c["campaign_name"], c["delivery"], c["attribution"], c["results"], c["indicator"], c["reach"],
            c["frequency"], c["cost_per_result"], c["spent"], c["impressions"], c["cpm"], c["link_clicks"],
            c["cpc_link"], c["ctr_link"], c["clicks_all"], c["ctr_all"], c["cpc_all"], c["lpv"],
            c["cost_per_lpv"]]  # fmt: skip


def _french_row(period: CampaignPeriod) -> list[str]:
    c = _localized_cells(period, _french_number)
    return [period.reporting_starts.strftime("%d/%m/%Y"), period.reporting_ends.strftime("%d/%m/%Y"),
            c["account_name"], c["campaign_name"], c["results"], c["reach"], c["frequency"], c["cost_per_result"],
            c["spent"], c["impressions"], c["cpm"], c["link_clicks"], c["cpc_link"], c["clicks_all"], c["cpc_all"],
            c["lpv"], c["cost_per_lpv"]]  # fmt: skip


def write_meta_ads_campaigns_localized(
    path: Path,
    periods: Iterable[CampaignPeriod],
    currency: str,
    *,
    locale: str,
    exported_at: datetime | None = None,
) -> Path:
    """An Ads Manager campaign report in Spanish (`es`: commas, decimal points, ISO dates) or French (`fr`:
    `;`, decimal commas, U+202F thousands, DD/MM/YYYY); UTF-8 with BOM, minimal quoting, LF."""
    header, row, delimiter = {
        "es": (SPANISH_HEADER, _spanish_row, ","),
        "fr": (FRENCH_HEADER, _french_row, ";"),
    }[locale]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(h.format(c=currency) for h in header)
        writer.writerows(row(p) for p in periods)
    return stamp(path, exported_at)


# ---- Marketing API insights ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InsightRow:
    """One row of an insights response at campaign level with `time_increment=1` (one day)."""

    account_id: str
    campaign_id: str
    campaign_name: str
    day: date
    currency: str
    impressions: int
    reach: int
    clicks: int
    link_clicks: int
    spend: Decimal  # 2 places
    landing_page_views: int | None = None
    purchases: int | None = None
    purchase_value: Decimal | None = None  # 2 places

    def as_json(self) -> dict:
        record: dict = {
            "account_id": self.account_id,
            "campaign_id": self.campaign_id,
            "campaign_name": self.campaign_name,
            "date_start": self.day.isoformat(),
            "date_stop": self.day.isoformat(),
            "impressions": str(self.impressions),
            "reach": str(self.reach),
            "frequency": plain(quantize(self.impressions / self.reach, 6)),
            "clicks": str(self.clicks),
            "inline_link_clicks": str(self.link_clicks),
            "ctr": plain(quantize(100 * self.clicks / self.impressions, 6)),
            "cpc": plain(quantize(self.spend / self.clicks, 6)) if self.clicks else "0",
            "cpm": plain(quantize(1000 * self.spend / self.impressions, 6)),
            "spend": plain(self.spend),
            "account_currency": self.currency,
        }
        actions = [{"action_type": "link_click", "value": str(self.link_clicks)}]
        if self.landing_page_views is not None:
            actions.append({"action_type": "landing_page_view", "value": str(self.landing_page_views)})
        if self.purchases:
            actions += [{"action_type": t, "value": str(self.purchases)}
                        for t in ("offsite_conversion.fb_pixel_purchase", "omni_purchase", "purchase")]  # fmt: skip
        record["actions"] = actions
        if self.purchases and self.purchase_value is not None:
            value = plain(self.purchase_value)
            record["action_values"] = [{"action_type": t, "value": value}
                                       for t in ("offsite_conversion.fb_pixel_purchase", "omni_purchase")]  # fmt: skip
            record["purchase_roas"] = [{"action_type": "omni_purchase",
                                        "value": plain(quantize(self.purchase_value / self.spend, 6))}]  # fmt: skip
        return record


def write_meta_ads_insights(path: Path, rows: Sequence[InsightRow], *, exported_at: datetime | None = None) -> Path:
    """One insights response page: `{"data":[...],"paging":{"cursors":{...}}}`, compact, ASCII-escaped."""
    document = {"data": [r.as_json() for r in rows], "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json.dumps(document, separators=(",", ":"), ensure_ascii=True).encode("ascii"))
    return stamp(path, exported_at)


def _insight_rows(rng: random.Random, account_id: str, currency: str, days: Sequence[date]) -> tuple[InsightRow, ...]:
    campaigns = [(name, indicator, "12021" + "".join(rng.choice("0123456789") for _ in range(13)))
                 for name, indicator in _CAMPAIGNS[:4]]  # fmt: skip
    rows = []
    for day in days:
        for name, indicator, campaign_id in campaigns:
            impressions = rng.randint(2_000, 30_000)
            clicks = int(impressions * rng.uniform(0.008, 0.03))
            link_clicks = int(clicks * rng.uniform(0.4, 0.8))
            spend = quantize(impressions * rng.uniform(0.004, 0.012), 2)
            buys = indicator == "Website Purchase"
            purchases = int(link_clicks * rng.uniform(0.0, 0.08)) if buys else None
            rows.append(
                InsightRow(
                    account_id=account_id,
                    campaign_id=campaign_id,
                    campaign_name=name,
                    day=day,
                    currency=currency,
                    impressions=impressions,
                    reach=int(impressions / rng.uniform(1.05, 1.6)),
                    clicks=clicks,
                    link_clicks=link_clicks,
                    spend=spend,
                    landing_page_views=int(link_clicks * rng.uniform(0.5, 0.9)) if indicator else None,
                    purchases=purchases,
                    purchase_value=quantize(purchases * rng.uniform(40, 180), 2) if purchases else None,
                )
            )
    return tuple(rows)


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


LOCALIZED_ACCOUNTS = (  # landing folder, Account ID (not in the file), currency, locale, file name prefix
    ("northwind-ads-mx", "7261834950726183", "MXN", "es", "Northwind-Gear-MX"),
    ("northwind-ads-fr", "3948571620394857", "EUR", "fr", "Northwind-Gear-FR"),
)
INSIGHTS_DAYS = tuple(date(2026, 11, 24) + timedelta(offset) for offset in range(7))


def _write_localized(locale: str) -> Callable[[Path, SampleFile], Path]:
    def write(path: Path, sample: SampleFile) -> Path:
        assert sample.currency is not None
        return write_meta_ads_campaigns_localized(
            path, sample.rows, sample.currency, locale=locale, exported_at=sample.exported_at
        )

    return write


def _write_insights(path: Path, sample: SampleFile) -> Path:
    return write_meta_ads_insights(path, sample.rows, exported_at=sample.exported_at)


def _more_samples(seed: int) -> list[SampleFile]:
    """November reports in Spanish (MXN) and French (EUR), whose files name no account (the rows' account_id
    is the landing folder), and a week of daily campaign insights from the Marketing API (USD)."""
    files = []
    november = META_MONTHS[1]
    for folder, _, currency, locale, prefix in LOCALIZED_ACCOUNTS:
        (periods,) = _campaign_periods(random.Random(f"{seed}/meta/{folder}"), folder, (november,))
        rows = tuple(replace(p, campaign_id=p.campaign_name) for p in periods)  # no id column: the name
        name = PurePosixPath(folder, _file_name(prefix, *november))
        exported = at(november[1] + timedelta(1), 8, 30)
        files.append(SampleFile(name, "meta_ads_campaigns", rows, exported, _write_localized(locale), currency))
    folder, account_id, currency, _ = META_ACCOUNTS[0]
    rows = _insight_rows(random.Random(f"{seed}/meta/insights"), account_id, currency, INSIGHTS_DAYS)
    name = PurePosixPath(folder, "marketing-api", f"insights_campaign_daily_{INSIGHTS_DAYS[0]:%Y%m%d}.json")
    files.append(SampleFile(name, "meta_ads_insights", rows, at(INSIGHTS_DAYS[-1] + timedelta(1), 6), _write_insights,
                            currency))  # fmt: skip
    return files


def samples(seed: int) -> list[SampleFile]:
    """A monthly campaign report per ad account (one USD, one EUR), then the localized and API samples."""
    files = []
    for folder, account_id, currency, prefix in META_ACCOUNTS:
        months = _campaign_periods(random.Random(f"{seed}/meta/{folder}"), account_id, META_MONTHS)
        for (starts, ends), rows in zip(META_MONTHS, months, strict=True):
            name = PurePosixPath(folder, _file_name(prefix, starts, ends))
            files.append(SampleFile(name, "meta_ads_campaigns", rows, at(ends + timedelta(1), 8), _write, currency))
    return files + _more_samples(seed)
