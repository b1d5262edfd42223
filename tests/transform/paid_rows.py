"""The paid marts' hand-made raw rows (ads in USD and EUR, orders, a creator deal) and the seed values the
paid tests compute with; shared by the paid and the integrity tests.

FX rates come from the committed seed (dbt_project/seeds/fx_rates.csv), read here too, so the tests pin
which day's rate is used, not the rate's level.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from marts_build import insert_raw, utc

from ingest.config import DBT_PROJECT_DIR

NOVEMBER_REPORT = utc(2026, 12, 1, 8)
INSIGHTS_AT = utc(2026, 11, 9, 6)
BRAND_SAVED = utc(2026, 12, 1, 10)
LAUNCH = "Fall Launch – Ridgeline Shell"  # the name utm_campaign_map gives facebook/paid_social/fall_launch_ridgeline
MARGIN = Decimal("0.38")
FACTORS = {"low": Decimal("0.3"), "base": Decimal("0.6"), "high": Decimal("0.9")}


def seed_rate(day: date, currency: str = "EUR") -> Decimal:
    """The seed's <currency> -> USD rate published on `day` (KeyError if none)."""
    with open(DBT_PROJECT_DIR / "seeds" / "fx_rates.csv", newline="") as handle:
        rates = {(r["rate_date"], r["from_currency"]): Decimal(r["rate"]) for r in csv.DictReader(handle)}
    return rates[(day.isoformat(), currency)]


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def november_mean_eur_rate() -> float:
    """Mean over every November day of the rate in force (the day's, else the latest earlier one)."""
    with open(DBT_PROJECT_DIR / "seeds" / "fx_rates.csv", newline="") as handle:
        eur = sorted((r["rate_date"], float(r["rate"])) for r in csv.DictReader(handle) if r["from_currency"] == "EUR")
    daily = []
    for day in range(1, 31):
        key = date(2026, 11, day).isoformat()
        daily.append([rate for rate_date, rate in eur if rate_date <= key][-1])
    return sum(daily) / len(daily)


def seed_paid_rows(con) -> None:  # noqa: ANN001
    # Meta: one campaign name in a USD and a EUR account (one campaign for ROI), monthly reports; the EUR
    # account also has one API day on a Saturday (converted at Friday's rate, never added to the month).
    insert_raw(con, "meta_ads__campaigns", [
        {"account_id": "act_us", "account_name": "Acme US", "campaign_id": "c_us", "campaign_name": LAUNCH,
         "currency": "USD", "reporting_starts": date(2026, 11, 1), "reporting_ends": date(2026, 11, 30),
         "amount_spent": Decimal("100.00"), "impressions": 20000, "reach": 9000, "link_clicks": 0,
         "post_engagement": 300, "results": 4, "result_indicator": "Website Purchase", "_as_of": NOVEMBER_REPORT},
        {"account_id": "act_eu", "account_name": "Acme EU", "campaign_id": "c_eu", "campaign_name": LAUNCH,
         "currency": "EUR", "reporting_starts": date(2026, 11, 1), "reporting_ends": date(2026, 11, 30),
         "amount_spent": Decimal("50.00"), "impressions": 5000, "reach": 3000, "link_clicks": 40,
         "post_engagement": 90, "_as_of": NOVEMBER_REPORT},
    ])  # fmt: skip
    insert_raw(con, "meta_ads__insights", [
        {"account_id": "act_eu", "campaign_id": "c_eu", "adset_id": "", "ad_id": "", "campaign_name": LAUNCH,
         "date_start": date(2026, 11, 7), "date_stop": date(2026, 11, 7), "currency": "EUR",
         "spend": Decimal("10.00"), "impressions": 900, "reach": 800, "inline_link_clicks": 9,
         "purchases": 2.0, "purchase_value": Decimal("150.00"), "_as_of": INSIGHTS_AT},
    ])  # fmt: skip
    # A creator deal paid in USD: its code sells 200 USD (ROAS above 1, ROI on margin negative).
    insert_raw(con, "brand__creator_campaigns", [
        {"account_id": "brand", "campaign_id": "NW-1", "creator_handle": "ana", "platform": "instagram",
         "fee": Decimal("100.00"), "currency": "USD", "promo_code": "ANA10", "utm_campaign": "launch_creators",
         "starts_on": date(2026, 11, 2), "ends_on": date(2026, 11, 20), "_as_of": BRAND_SAVED},
    ])  # fmt: skip
    # Orders: o1 (USD) clicked the Meta ad; o2 (EUR), by the same customer two days later, came direct, so
    # o1's click is its only touch; o3 is a guest using the creator's code; o4 came direct (unattributed).
    ads = {"utm_source": "facebook", "utm_medium": "paid_social", "utm_campaign": "fall_launch_ridgeline"}
    insert_raw(con, "brand__orders", [
        {"account_id": "brand", "order_id": "o1", "order_type": "order", "ordered_at": utc(2026, 11, 10, 15),
         "revenue": Decimal("300.00"), "currency": "USD", "customer_hash": "h1", **ads, "_as_of": BRAND_SAVED},
        {"account_id": "brand", "order_id": "o2", "order_type": "order", "ordered_at": utc(2026, 11, 12, 9),
         "revenue": Decimal("100.00"), "currency": "EUR", "customer_hash": "h1", "_as_of": BRAND_SAVED},
        {"account_id": "brand", "order_id": "o3", "order_type": "order", "ordered_at": utc(2026, 11, 5, 12),
         "revenue": Decimal("200.00"), "currency": "USD", "discount_code": "ana10", "_as_of": BRAND_SAVED},
        {"account_id": "brand", "order_id": "o4", "order_type": "order", "ordered_at": utc(2026, 11, 6, 12),
         "revenue": Decimal("80.00"), "currency": "USD", "customer_hash": "h2", "_as_of": BRAND_SAVED},
    ])  # fmt: skip
