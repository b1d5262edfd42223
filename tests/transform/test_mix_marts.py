"""Mix marts end to end: three creator deals (a macro creator with 800k followers, two micro creators with
15k and 30k), their TikTok posts loaded as exports, promo-code orders and one Meta campaign -> `dbt build`
-> exact values in fct_creator_performance and fct_channel_mix.

The micro creators earn more engagement per follower and more revenue per unit of cost than the macro one:
the mart must show that with ratios of sums, and NULL (never 0) where nothing is known.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from marts_build import Build, dbt_build, insert_raw, utc

from ingest.config import DBT_PROJECT_DIR
from ingest.warehouse import connect, ensure_all

pytestmark = pytest.mark.slow

SAVED = utc(2026, 12, 1, 10)
TIKTOK_EXPORT = utc(2026, 11, 25, 8)
DEAL_START = date(2026, 11, 2)
LAUNCH = "Fall Launch – Ridgeline Shell"  # utm_campaign_map: facebook/paid_social/fall_launch_ridgeline


def seed_rate(day: date, currency: str = "EUR") -> Decimal:
    with open(DBT_PROJECT_DIR / "seeds" / "fx_rates.csv", newline="") as handle:
        rates = {(r["rate_date"], r["from_currency"]): Decimal(r["rate"]) for r in csv.DictReader(handle)}
    return rates[(day.isoformat(), currency)]


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


LEO_COST = money(Decimal("600") * seed_rate(DEAL_START))


def deal(handle: str, followers: int, fee: str, currency: str, code: str, urls: list[str]) -> dict:
    return {"account_id": "brand", "campaign_id": "NW-1", "creator_handle": handle, "platform": "tiktok",
            "followers_at_signing": followers, "fee": Decimal(fee), "currency": currency, "promo_code": code,
            "post_urls": urls, "starts_on": DEAL_START, "ends_on": date(2026, 11, 30), "_as_of": SAVED}  # fmt: skip


def video(handle: str, video_id: str, day: int, likes: int, comments: int, shares: int) -> dict:
    return {"video_id": video_id, "account_id": handle, "post_time": datetime(2026, 11, day, 18),
            "_as_of": TIKTOK_EXPORT, "account_handle": handle,
            "video_link": f"https://www.tiktok.com/@{handle}/video/{video_id}",
            "total_views": 10 * likes, "total_likes": likes, "total_comments": comments, "total_shares": shares,
            "reach": 5 * likes}  # fmt: skip


def order(order_id: str, day: int, revenue: str, **touch: str) -> dict:
    return {"account_id": "brand", "order_id": order_id, "order_type": "order", "ordered_at": utc(2026, 11, day, 12),
            "revenue": Decimal(revenue), "currency": "USD", "_as_of": SAVED, **touch}  # fmt: skip


def seed_mix_rows(con) -> None:  # noqa: ANN001
    insert_raw(con, "brand__creator_campaigns", [
        # the URL as a browser copies it: upper-case host, tracking query, trailing slash
        deal("big_bo", 800_000, "8000.00", "USD", "BIG", ["https://WWW.TikTok.com/@big_bo/video/b1/?is_from_webapp=1"]),
        deal("mia", 15_000, "500.00", "USD", "MIA", ["https://www.tiktok.com/@mia/video/m1",
                                                      "https://www.tiktok.com/@mia/video/m2/",
                                                      "https://www.tiktok.com/@mia/video/m9"]),
        deal("leo", 30_000, "600.00", "EUR", "LEO", ["https://www.tiktok.com/@leo/video/l1?lang=de"]),
    ])  # fmt: skip
    insert_raw(con, "tiktok__studio_content", [
        video("big_bo", "b1", 3, 6000, 1000, 1000),  # 8,000 engagements on 800k followers: 1%
        video("mia", "m1", 4, 800, 100, 100),  # 1,500 over two posts on 15k: 10%
        video("mia", "m2", 9, 400, 50, 50),
        video("leo", "l1", 5, 1500, 200, 100),  # 1,800 on 30k: 6%
    ])  # fmt: skip
    insert_raw(con, "meta_ads__campaigns", [
        {"account_id": "act_us", "account_name": "Acme US", "campaign_id": "c_us", "campaign_name": LAUNCH,
         "currency": "USD", "reporting_starts": date(2026, 11, 1), "reporting_ends": date(2026, 11, 30),
         "amount_spent": Decimal("1000.00"), "impressions": 50000, "reach": 20000, "link_clicks": 100,
         "_as_of": SAVED},
    ])  # fmt: skip
    ads = {"utm_source": "facebook", "utm_medium": "paid_social", "utm_campaign": "fall_launch_ridgeline"}
    insert_raw(con, "brand__orders", [
        order("o1", 6, "1000.00", discount_code="big"),
        order("o2", 6, "600.00", discount_code="MIA"),
        order("o3", 7, "400.00", discount_code="mia"),
        order("o4", 8, "900.00", discount_code="LEO"),
        order("o5", 9, "500.00", **ads),
    ])  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("dbt-mix")
    db_path = tmp / "warehouse" / "resonance.duckdb"
    con = connect(db_path)
    ensure_all(con)
    seed_mix_rows(con)
    con.close()
    return dbt_build(tmp, db_path)


def test_build_passes_with_the_mix_unit_tests(built: Build) -> None:
    statuses = {k: v for k, v in built.statuses().items() if not k.startswith("exposure.")}
    assert built.result.success, {k: v for k, v in statuses.items() if v not in ("success", "pass")}
    for model in ("fct_creator_performance", "fct_channel_mix", "int_creator_post_urls_unnested"):
        assert statuses[f"model.resonance.{model}"] == "success"
    assert {uid.rsplit(".", 1)[1] for uid in statuses if uid.startswith("unit_test.resonance.")} >= {
        "post_urls_are_normalised_and_deduplicated_per_deal",
        "creator_posts_match_normalised_permalinks_and_rate_is_a_ratio_of_sums",
        "channel_shares_sum_to_one_across_platforms_in_a_month",
    }


CREATOR_COLUMNS = [
    "creator_handle", "follower_tier", "followers_at_signing", "posts_listed", "posts_matched", "posts_unmatched",
    "engagements", "engagement_rate_by_followers", "currency", "creator_fee", "creator_fee_reporting",
    "deal_cost_reporting", "cost_per_engagement", "attribution_model", "scenario", "credited_orders",
    "attributed_revenue_reporting", "incremental_revenue_reporting", "attributed_roas",
]  # fmt: skip


def test_micro_creators_beat_the_macro_creator_on_engagement_rate_and_roas(built: Build) -> None:
    rows = built.query(
        f"select {', '.join(CREATOR_COLUMNS)} from marts.fct_creator_performance order by followers_at_signing"
    )
    got = {row[0]: dict(zip(CREATOR_COLUMNS, row, strict=True)) for row in rows}
    assert list(got) == ["mia", "leo", "big_bo"]
    mia, leo, big = got["mia"], got["leo"], got["big_bo"]
    assert (mia["follower_tier"], leo["follower_tier"], big["follower_tier"]) == ("micro", "micro", "macro")
    # URL normalisation matched every listed post but mia's m9, which no export holds
    assert [(r["posts_listed"], r["posts_matched"], r["posts_unmatched"]) for r in (mia, leo, big)] == [
        (3, 2, 1), (1, 1, 0), (1, 1, 0)
    ]  # fmt: skip
    assert (mia["engagements"], leo["engagements"], big["engagements"]) == (1500, 1800, 8000)
    assert mia["engagement_rate_by_followers"] == pytest.approx(0.1)
    assert leo["engagement_rate_by_followers"] == pytest.approx(0.06)
    assert big["engagement_rate_by_followers"] == pytest.approx(0.01)
    assert (leo["currency"], leo["creator_fee"], leo["creator_fee_reporting"]) == ("EUR", Decimal("600.0000"), LEO_COST)
    assert big["deal_cost_reporting"] == Decimal("8000.0000") and mia["deal_cost_reporting"] == Decimal("500.0000")
    assert mia["cost_per_engagement"] == pytest.approx(500 / 1500)
    assert big["cost_per_engagement"] == pytest.approx(1.0)
    assert leo["cost_per_engagement"] == pytest.approx(float(LEO_COST) / 1800)
    for row in (mia, leo, big):
        assert (row["attribution_model"], row["scenario"]) == ("linear", "base")
    assert [r["attributed_revenue_reporting"] for r in (mia, leo, big)] == [
        Decimal("1000.0000"), Decimal("900.0000"), Decimal("1000.0000")
    ]  # fmt: skip
    assert (mia["credited_orders"], leo["credited_orders"], big["credited_orders"]) == (2, 1, 1)
    assert mia["incremental_revenue_reporting"] == Decimal("600.0000")  # base scenario: 0.6
    assert mia["attributed_roas"] == pytest.approx(2.0)
    assert leo["attributed_roas"] == pytest.approx(900 / float(LEO_COST))
    assert big["attributed_roas"] == pytest.approx(0.125)


MIX_COLUMNS = [
    "platform", "spend_reporting", "share_of_spend", "attributed_revenue_reporting", "share_of_attributed_revenue",
    "posts_published", "engagements", "share_of_engagements", "attribution_model", "scenario",
]  # fmt: skip


def test_channel_mix_shares_are_ratios_of_the_months_sums(built: Build) -> None:
    rows = built.query(
        f"select {', '.join(MIX_COLUMNS)} from marts.fct_channel_mix where month_start = '2026-11-01' order by 1"
    )
    got = {row[0]: dict(zip(MIX_COLUMNS, row, strict=True)) for row in rows}
    assert list(got) == ["creator", "meta", "tiktok"]
    creator_spend = Decimal("8500.0000") + LEO_COST
    total_spend = creator_spend + Decimal("1000")
    assert got["creator"]["spend_reporting"] == creator_spend
    assert got["creator"]["share_of_spend"] == pytest.approx(float(creator_spend / total_spend))
    assert got["meta"]["share_of_spend"] == pytest.approx(float(Decimal("1000") / total_spend))
    assert got["creator"]["attributed_revenue_reporting"] == Decimal("2900.0000")
    assert got["creator"]["share_of_attributed_revenue"] == pytest.approx(2900 / 3400)
    assert got["meta"]["share_of_attributed_revenue"] == pytest.approx(500 / 3400)
    # the creators' TikTok posts are organic TikTok posts; paid rows carry no organic engagements
    assert (got["tiktok"]["posts_published"], got["tiktok"]["engagements"]) == (4, 11300)
    assert got["tiktok"]["share_of_engagements"] == pytest.approx(1.0)
    assert got["tiktok"]["spend_reporting"] is None and got["tiktok"]["share_of_spend"] is None
    assert got["meta"]["engagements"] is None and got["creator"]["share_of_engagements"] is None
    for row in got.values():
        assert (row["attribution_model"], row["scenario"]) == ("linear", "base")
    assert sum(r["share_of_spend"] or 0 for r in got.values()) == pytest.approx(1.0)
    assert sum(r["share_of_attributed_revenue"] or 0 for r in got.values()) == pytest.approx(1.0)
    # every campaign here is tracked: the creators by code and UTM, Meta's through utm_campaign_map
    tracked = built.query(
        "select platform, share_of_spend_tracked from marts.fct_channel_mix "
        "where month_start = '2026-11-01' and spend_reporting is not null order by 1"
    )
    assert tracked == [("creator", 1.0), ("meta", 1.0)]
