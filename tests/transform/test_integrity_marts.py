"""Integrity across the marts: one id per real account, every fact row finds its dimension rows, and the
incremental account and ad facts equal a full refresh.

The organic and paid rows of test_organic_marts and test_paid_marts are reused, plus rows that name the
sample brand's accounts the way its sources do (a Business Suite file's Account ID, a TikTok landing folder,
a template's handle), which the shipped seed account_aliases maps to one id each.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from marts_build import Build, insert_raw, run_dbt, utc
from marts_build import dbt_build_passing as dbt_build
from organic_rows import first_rows, later_rows, new_warehouse
from paid_rows import seed_paid_rows

from ingest.warehouse import connect

pytestmark = pytest.mark.slow

EXPORTED = utc(2026, 11, 6, 8)


def aliased_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The brand's Instagram account by its Business Suite Account ID, its TikTok account by landing folder
    (Studio) and by handle (live sessions template): account_aliases names both `northwindgear`."""
    insert_raw(con, "instagram__mbs_posts", [
        {"post_id": "ig9", "account_id": "17841402938475610", "publish_time": datetime(2026, 11, 4, 9),
         "_as_of": EXPORTED, "post_type": "IG image", "date": "Lifetime",
         "permalink": "https://www.instagram.com/p/ig9/", "reach": 50, "views": 90, "likes": 4, "comments": 1,
         "shares": 0, "saves": 0},
    ])  # fmt: skip
    insert_raw(con, "tiktok__studio_overview", [
        {"account_id": "northwindgear-tiktok", "date": date(2026, 11, 4), "_as_of": EXPORTED, "video_views": 900,
         "likes": 90, "comments": 6, "shares": 4, "followers": 41000, "net_followers": 20},
    ])  # fmt: skip
    # the Page's Graph insights run weeks ahead of the TikTok export: incremental windows are per account
    insert_raw(con, "facebook__page_insights", [
        {"page_id": "page1", "account_id": "page1", "period": "day", "date_basis": "end_time", "breakdown": "",
         "breakdown_value": "", "value_form": "values", "_as_of": utc(2026, 11, 29, 8), "metric": "page_follows",
         "date": date(2026, 11, 28), "end_time": utc(2026, 11, 29, 8), "value": 20100},
    ])  # fmt: skip
    # Meta's insights run three weeks past Nov 7 before it is restated (later_ad_rows): only a lookback of
    # Meta's 28-day restatement window rebuilds it
    insert_raw(con, "meta_ads__insights", [
        {"account_id": "act_eu", "campaign_id": "c_eu", "adset_id": "", "ad_id": "", "currency": "EUR",
         "campaign_name": "Fall Launch – Ridgeline Shell", "_as_of": utc(2026, 11, 29, 6),
         "date_start": date(2026, 11, 28), "date_stop": date(2026, 11, 28), "spend": Decimal("5.00"),
         "impressions": 400, "reach": 380, "inline_link_clicks": 3},
    ])  # fmt: skip
    # An account the API alone reported, on October 10 and November 25 (October 10 lies outside the 28-day
    # lookback from November 25): its Ads Manager October report arrives later (later_ad_rows) and takes
    # over October
    insert_raw(con, "meta_ads__insights", [
        {"account_id": "act_late", "campaign_id": "c_late", "adset_id": "", "ad_id": "", "currency": "USD",
         "campaign_name": "Trail Shoes", "_as_of": utc(2026, 10, 11, 6), "date_start": date(2026, 10, 10),
         "date_stop": date(2026, 10, 10), "spend": Decimal("7.00"), "impressions": 300, "reach": 280,
         "inline_link_clicks": 2},
        {"account_id": "act_late", "campaign_id": "c_late", "adset_id": "", "ad_id": "", "currency": "USD",
         "campaign_name": "Trail Shoes", "_as_of": utc(2026, 11, 26, 6), "date_start": date(2026, 11, 25),
         "date_stop": date(2026, 11, 25), "spend": Decimal("9.00"), "impressions": 350, "reach": 300,
         "inline_link_clicks": 3},
    ])  # fmt: skip
    insert_raw(con, "brand__live_sessions", [
        {"platform": "tiktok", "account_id": "northwindgear", "session_id": "tt-live-1",
         "started_at": utc(2026, 11, 4, 18), "peak_concurrent_viewers": 40, "unique_viewers": 300,
         "followers_at_start": 41000, "title": "Trek packing", "_as_of": EXPORTED},
    ])  # fmt: skip


def later_ad_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The Marketing API restates Nov 7 (more spend; the loader replaces the row by its natural key) and
    adds Nov 8; act_late's October Ads Manager report arrives."""
    restated = utc(2026, 11, 10, 6)
    con.execute(
        "update raw.meta_ads__insights set spend = 12.00, impressions = 950, reach = 820, inline_link_clicks = 10, "
        "_as_of = ? where account_id = 'act_eu' and date_start = date '2026-11-07'",
        [restated],
    )
    insert_raw(con, "meta_ads__insights", [
        {"account_id": "act_eu", "campaign_id": "c_eu", "adset_id": "", "ad_id": "", "currency": "EUR",
         "campaign_name": "Fall Launch – Ridgeline Shell", "_as_of": restated, "date_start": date(2026, 11, 8),
         "date_stop": date(2026, 11, 8), "spend": Decimal("8.00"), "impressions": 700, "reach": 640,
         "inline_link_clicks": 6},
    ])  # fmt: skip
    insert_raw(con, "meta_ads__campaigns", [
        {"account_id": "act_late", "account_name": "Acme Late", "campaign_id": "c_late", "campaign_name": "Trail Shoes",
         "currency": "USD", "reporting_starts": date(2026, 10, 1), "reporting_ends": date(2026, 10, 31),
         "amount_spent": Decimal("210.00"), "impressions": 9000, "reach": 5000, "link_clicks": 60,
         "post_engagement": 100, "_as_of": restated},
    ])  # fmt: skip


def later_account_rows(con: duckdb.DuckDBPyConnection) -> None:
    later_rows(con)
    insert_raw(con, "tiktok__studio_overview", [
        {"account_id": "northwindgear-tiktok", "date": date(2026, 11, 5), "_as_of": utc(2026, 11, 7, 8),
         "video_views": 700, "likes": 70, "comments": 3, "shares": 2, "followers": 41015, "net_followers": 15},
    ])  # fmt: skip
    later_ad_rows(con)


def first_all(con: duckdb.DuckDBPyConnection) -> None:
    first_rows(con)
    seed_paid_rows(con)
    aliased_rows(con)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("integrity")
    return dbt_build(tmp, new_warehouse(tmp, first_all))


def test_sources_naming_one_account_differently_meet_under_its_canonical_id(built: Build) -> None:
    accounts = built.query("select platform, account_id from marts.dim_account order by 1, 2")
    assert ("instagram", "northwindgear") in accounts and ("tiktok", "northwindgear") in accounts
    assert not [a for p, a in accounts if a in ("17841402938475610", "northwindgear-tiktok")]
    assert built.query("select account_id from marts.fct_post_performance where post_id = 'ig9'") == [
        ("northwindgear",)
    ]
    assert built.query(
        "select account_id, followers from marts.fct_account_daily where platform = 'tiktok' "
        "and activity_date = '2026-11-04'"
    ) == [("northwindgear", 41000)]
    assert built.query("select account_id from marts.fct_live_sessions where session_id = 'tt-live-1'") == [
        ("northwindgear",)
    ]


def test_every_fact_is_checked_against_its_dimensions_and_passes(built: Build) -> None:
    relationships = {uid: status for uid, status in built.statuses().items() if ".relationships_composite_" in uid}
    checked = {uid.split("relationships_composite_", 1)[1].split("_", 2)[1] for uid in relationships}
    assert {"post", "account", "ad", "campaign", "conversation", "live", "channel"} <= checked
    assert any("dim_account" in uid for uid in relationships) and any("dim_date" in uid for uid in relationships)
    assert any("platform__account_id__campaign_id" in uid for uid in relationships)
    assert set(relationships.values()) == {"pass"}


def test_dim_date_covers_whole_months_of_every_fact(built: Build) -> None:
    # act_late's October 10 ad row opens October; the other facts lie in November
    assert built.query("select min(date_day), max(date_day), count(*) from marts.dim_date") == [
        (date(2026, 10, 1), date(2026, 11, 30), 61)
    ]


def test_a_fact_row_without_its_account_fails_the_composite_relationships_test(built: Build, tmp_path) -> None:
    db_path = tmp_path / "orphan.duckdb"
    shutil.copy(built.db_path, db_path)
    con = duckdb.connect(str(db_path))
    # the account exists on another platform only: a single-column test would let it through
    con.execute(
        "insert into marts.fct_account_daily (platform, account_id, activity_date, posts_published) "
        "values ('x', 'northwindgear-tiktok', date '2026-11-04', 0), "
        "('facebook', 'northwindgear', date '2026-11-04', 0)"
    )
    con.close()
    result = _run_relationships_tests(tmp_path, db_path)
    assert result.exception is None and not result.success
    failed = {r.node.unique_id: r.failures for r in result.result.results if str(r.status) == "fail"}
    assert len(failed) == 1
    ((uid, failures),) = failed.items()
    assert "fct_account_daily_platform__account_id__ref_dim_account" in uid
    assert failures == 2


def _run_relationships_tests(tmp: Path, db_path: Path):  # noqa: ANN202 - dbtRunnerResult
    """`dbt test` of fct_account_daily's composite relationships tests only."""
    return run_dbt(tmp, db_path, "test", "--select", "fct_account_daily,test_name:relationships_composite")


@pytest.fixture(scope="module")
def incremental_and_full(built: Build, tmp_path_factory) -> tuple[Build, Build]:
    """The module's warehouse gets later rows (restated and new days) and an incremental build; a second
    warehouse with the same rows gets a full refresh."""
    con = connect(built.db_path)
    later_account_rows(con)
    con.close()
    incremental = dbt_build(tmp_path_factory.mktemp("integrity-incremental"), built.db_path)
    tmp = tmp_path_factory.mktemp("integrity-full")
    full = dbt_build(tmp, new_warehouse(tmp, first_all, later_account_rows), "--full-refresh")
    return incremental, full


@pytest.mark.parametrize(
    ("model", "order_by", "reads_itself"),
    [
        # a table, rebuilt whole: a day no export reports any more cannot linger in it
        ("fct_account_daily", "platform, account_id, activity_date", False),
        # incremental: the later run read its own table for the window; the full refresh did not
        ("fct_ad_performance", "platform, account_id, campaign_id, period_start, period_end, source", True),
    ],
)
def test_a_build_after_later_rows_equals_a_full_refresh(
    incremental_and_full, model: str, order_by: str, reads_itself: bool
) -> None:
    incremental, full = incremental_and_full
    assert (model in incremental.compiled_code(model)) is reads_itself
    assert model not in full.compiled_code(model)
    everything = f"select * from marts.{model} order by {order_by}"
    assert incremental.query(everything) == full.query(everything)


def test_incremental_runs_pick_up_restated_and_new_days(incremental_and_full) -> None:
    incremental, _ = incremental_and_full
    assert incremental.query(
        "select period_start, spend from marts.fct_ad_performance where source = 'meta_ads_insights' "
        "and account_id = 'act_eu' order by period_start"
    ) == [
        (date(2026, 11, 7), Decimal("12.0000")),  # restated 21 days before the newest day: Meta's 28-day lookback
        (date(2026, 11, 8), Decimal("8.0000")),
        (date(2026, 11, 28), Decimal("5.0000")),
    ]
    # the month report covers more campaign-days of October than the API's one day: it counts from now on,
    # and the API row built a run earlier (outside every lookback) is rebuilt as not counted
    assert incremental.query(
        "select source, period_start, period_end, is_counted from marts.fct_ad_performance "
        "where account_id = 'act_late' order by 1, 2"
    ) == [
        ("meta_ads_campaigns", date(2026, 10, 1), date(2026, 10, 31), True),
        ("meta_ads_insights", date(2026, 10, 10), date(2026, 10, 10), False),
        ("meta_ads_insights", date(2026, 11, 25), date(2026, 11, 25), True),
    ]
    assert incremental.query(
        "select activity_date, followers from marts.fct_account_daily where account_id = 'northwindgear' "
        "and platform = 'tiktok' order by 1"
    ) == [(date(2026, 11, 4), 41000), (date(2026, 11, 5), 41015)]
