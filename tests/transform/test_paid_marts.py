"""Paid marts end to end: hand-made raw rows (ads in USD and EUR, orders, a creator deal) -> `dbt build` ->
exact values in fct_ad_performance, fct_campaign_roi and dim_campaign.

FX rates come from the committed seed (dbt_project/seeds/fx_rates.csv), read here too, so the tests pin
which day's rate is used, not the rate's level.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from marts_build import Build, dbt_build, naive
from paid_rows import (
    FACTORS,
    INSIGHTS_AT,
    LAUNCH,
    MARGIN,
    NOVEMBER_REPORT,
    money,
    november_mean_eur_rate,
    seed_paid_rows,
    seed_rate,
)

from ingest.warehouse import connect, ensure_all

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("dbt-paid")
    db_path = tmp / "warehouse" / "resonance.duckdb"
    con = connect(db_path)
    ensure_all(con)
    seed_paid_rows(con)
    con.close()
    return dbt_build(tmp, db_path)


def test_build_passes_every_model_unit_test_and_data_test(built: Build) -> None:
    statuses = built.statuses()
    assert built.result.success, {k: v for k, v in statuses.items() if v not in ("success", "pass")}
    for model in ("fct_ad_performance", "fct_campaign_roi", "dim_campaign"):
        assert statuses[f"model.resonance.{model}"] == "success"
    unit_tests = {uid for uid in statuses if uid.startswith("unit_test.resonance.")}
    assert {uid.rsplit(".", 1)[1] for uid in unit_tests} >= {
        "fx_rate_is_the_days_rate_else_the_latest_within_seven_days",
        "spend_converts_at_the_days_rate_the_periods_mean_rate_or_null",
        "attribution_weights_sum_to_one_per_conversion_for_every_model",
        "roi_is_not_roas_and_cpc_without_clicks_is_null",
    }


def test_ad_spend_converts_a_month_at_its_mean_rate_and_a_saturday_at_fridays(built: Build) -> None:
    rows = built.query(
        "select account_id, source, grain, currency, spend, fx_rate, spend_reporting, reach, "
        "platform_conversions, platform_conversion_value, as_of "
        "from marts.fct_ad_performance order by account_id, source"
    )
    friday = seed_rate(date(2026, 11, 6))
    november = november_mean_eur_rate()
    assert rows[0][:4] == ("act_eu", "meta_ads_campaigns", "period", "EUR")
    assert rows[0][5] == pytest.approx(november, rel=1e-12)
    assert abs(rows[0][6] - Decimal("50") * Decimal(repr(november))) <= Decimal("0.0001")
    assert rows[1][:5] == ("act_eu", "meta_ads_insights", "day", "EUR", Decimal("10.0000"))
    assert rows[1][5] == pytest.approx(float(friday), rel=1e-12)
    assert abs(rows[1][6] - Decimal("10") * friday) <= Decimal("0.0001")
    assert rows[1][7:] == (800, 2.0, Decimal("150.0000"), naive(INSIGHTS_AT))
    assert rows[2] == ("act_us", "meta_ads_campaigns", "period", "USD", Decimal("100.0000"), 1.0,
                       Decimal("100.0000"), 9000, 4.0, None, naive(NOVEMBER_REPORT))  # fmt: skip


def roi_row(built: Build, platform: str, model: str, scenario: str) -> dict:
    columns = [
        "campaign_key", "month_start", "ad_spend_reporting", "creator_cost_reporting", "total_cost_reporting",
        "impressions", "clicks", "attributed_conversions", "credited_orders", "attributed_revenue_reporting",
        "incremental_revenue_reporting", "roas_attributed", "roas", "roi_on_margin", "breakeven_roas", "cpm", "cpc",
        "cost_per_engagement", "cost_per_follower_gained",
    ]  # fmt: skip
    (row,) = built.query(
        f"select {', '.join(columns)} from marts.fct_campaign_roi "
        f"where platform = '{platform}' and attribution_model = '{model}' and scenario = '{scenario}'"
    )
    return dict(zip(columns, row, strict=True))


def test_meta_campaign_adds_both_accounts_converted_and_credits_the_customers_later_order(built: Build) -> None:
    (eu_spend,) = built.query(
        "select spend_reporting from marts.fct_ad_performance "
        "where source = 'meta_ads_campaigns' and account_id = 'act_eu'"
    )[0]
    revenue = Decimal("300.00") + money(Decimal("100") * seed_rate(date(2026, 11, 12)))
    for model in ("last_touch", "first_touch", "linear", "position_based", "time_decay"):
        row = roi_row(built, "meta", model, "base")
        cost = Decimal("100.0000") + eu_spend  # both monthly reports; the API day is not added to them
        assert row["campaign_key"] == LAUNCH and row["month_start"] == date(2026, 11, 1)
        assert row["ad_spend_reporting"] == cost and row["creator_cost_reporting"] == 0
        assert (row["impressions"], row["clicks"]) == (25000, 40)
        assert (row["attributed_conversions"], row["credited_orders"]) == (2.0, 2)
        assert row["attributed_revenue_reporting"] == revenue
        assert row["incremental_revenue_reporting"] == money(revenue * FACTORS["base"])
        assert row["roas"] == pytest.approx(float(revenue * FACTORS["base"] / cost))
        assert row["cpm"] == pytest.approx(float(cost) / 25000 * 1000)
        assert row["cpc"] == pytest.approx(float(cost) / 40)
        assert row["cost_per_follower_gained"] is None  # Meta reports no follows


def test_creator_deal_with_roas_above_one_still_loses_money_on_margin(built: Build) -> None:
    for scenario, factor in FACTORS.items():
        row = roi_row(built, "creator", "last_touch", scenario)
        assert row["campaign_key"] == "NW-1/ana"
        assert row["total_cost_reporting"] == Decimal("100.0000")
        assert row["attributed_revenue_reporting"] == Decimal("200.0000")
        assert row["roas_attributed"] == pytest.approx(2.0)
        assert row["roas"] == pytest.approx(2.0 * float(factor))
        assert row["roi_on_margin"] == pytest.approx(float((200 * factor * MARGIN - 100) / 100))
        assert row["roi_on_margin"] < 0
        assert row["breakeven_roas"] == pytest.approx(1 / 0.38)
        assert row["cpm"] is None and row["cpc"] is None and row["cost_per_engagement"] is None


def test_every_roi_row_names_its_model_and_scenario_and_direct_orders_credit_nobody(built: Build) -> None:
    counts = built.query(
        "select platform, count(*), count(distinct attribution_model), count(distinct scenario) "
        "from marts.fct_campaign_roi group by 1 order by 1"
    )
    assert counts == [("creator", 15, 5, 3), ("meta", 15, 5, 3)]
    credited = built.query("select distinct order_id from intermediate.int_attribution_weights order by 1")
    assert credited == [("o1",), ("o2",), ("o3",)]  # o4 came direct


def test_dim_campaign_lists_each_account_campaign_and_the_creator_deal(built: Build) -> None:
    rows = built.query(
        "select platform, account_id, campaign_id, campaign_key, currency, first_period_start, last_period_end, "
        "promo_code, mapped_utms from marts.dim_campaign order by 1, 2"
    )
    assert rows == [
        ("creator", "brand", "NW-1/ana", "NW-1/ana", "USD", date(2026, 11, 2), date(2026, 11, 20), "ANA10",
         "utm_campaign=launch_creators, utm_content=ana"),
        ("meta", "act_eu", "c_eu", LAUNCH, "EUR", date(2026, 11, 1), date(2026, 11, 30), None,
         "facebook/paid_social/fall_launch_ridgeline"),
        ("meta", "act_us", "c_us", LAUNCH, "USD", date(2026, 11, 1), date(2026, 11, 30), None,
         "facebook/paid_social/fall_launch_ridgeline"),
    ]  # fmt: skip
