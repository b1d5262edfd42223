"""The organic marts on hand-made raw rows: X, Instagram, Facebook and TikTok -> `dbt build` -> exact values.

Pins what the marts promise: one row per post when two exports hold it (source precedence), engagements by
the seed, rates named for their denominator, followers at posting time and their tier, daily deltas of
lifetime counters with corrections kept, the account's day with its own reach, and an incremental
fct_post_daily that equals a full refresh. Raw tables come from `ingest.warehouse.ensure_all`; rows are
written straight into them, so these tests pin the dbt layer alone.
"""

from __future__ import annotations

from datetime import date

import pytest
from marts_build import Build
from marts_build import dbt_build_passing as dbt_build
from organic_rows import first_rows, later_rows, new_warehouse, restated_rows

from ingest.warehouse import connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("organic")
    return dbt_build(tmp, new_warehouse(tmp, first_rows))


# ---- fct_post_performance ------------------------------------------------------------------------------

PERFORMANCE = (
    "platform, account_id, post_id, source, post_type, permalink, published_date, impressions, reach, views, "
    "engagements, followers_at_posting, follower_tier, engagement_rate_by_reach, engagement_rate_by_impressions, "
    "engagement_rate_by_followers"
)


def test_post_performance_on_four_platforms(built: Build) -> None:
    rows = built.query(f"select {PERFORMANCE} from marts.fct_post_performance order by platform, post_id")
    assert rows == [
        # Facebook: reactions + comments + shares = 100; the Page had 20,000 followers on the publish day.
        ("facebook", "page1", "page1_1", "meta_business_suite", "image", "https://www.facebook.com/page1/posts/1",
         date(2026, 11, 3), None, 1000, 2500, 100, 20000, "micro", 0.1, None, 0.005),
        # Instagram: likes + comments + shares, the unreported saves left out (not 0, not NULL).
        ("instagram", "17841", "ig1", "meta_business_suite", "reel", "https://www.instagram.com/reel/ig1/",
         date(2026, 11, 3), None, 500, 900, 48, None, None, 0.096, None, None),
        # TikTok: likes + comments + shares; 60,000 followers is mid.
        ("tiktok", "ttacct", "tt1", "tiktok_studio", "video", "https://www.tiktok.com/@tt/video/tt1",
         date(2026, 11, 2), None, 7000, 10000, 880, 60000, "mid", 880 / 7000, None, 880 / 60000),
        # X: the content export's row (not the legacy one of the same day); X's own engagements total.
        ("x", "brand", "2001", "x_content", None, "https://x.com/brand/status/2001",
         date(2026, 11, 1), 300, None, None, 40, None, None, None, 40 / 300, None),
    ]  # fmt: skip


def test_x_components_come_from_the_winning_export(built: Build) -> None:
    rows = built.query(
        "select likes, comments, shares, reposts, saves, clicks, platform_total from marts.fct_post_performance "
        "where platform = 'x'"
    )
    assert rows == [(10, 2, 3, 3, 1, 5, 40)]


# ---- fct_post_daily ------------------------------------------------------------------------------------


def test_post_daily_counts_a_fresh_post_in_full_and_differences_the_rest(built: Build) -> None:
    rows = built.query(
        "select post_id, snapshot_date, is_first_snapshot, has_correction, impressions_delta, likes_delta, "
        "engagements_delta from marts.fct_post_daily order by post_id, snapshot_date"
    )
    assert rows == [
        # published 11-01 10:00, first snapshot the same day: the whole value is that day's
        ("2001", date(2026, 11, 1), True, False, 100, 4, 12),
        ("2001", date(2026, 11, 2), False, False, 200, 6, 28),
        ("ig1", date(2026, 11, 4), True, False, None, 40, 48),
        ("page1_1", date(2026, 11, 4), True, False, None, None, 100),
        ("tt1", date(2026, 11, 3), True, False, None, 800, 880),
    ]  # fmt: skip


# ---- fct_account_daily and dim_account -----------------------------------------------------------------


def test_account_daily_keeps_each_days_reach_and_counts_posts_published(built: Build) -> None:
    rows = built.query(
        "select platform, account_id, activity_date, followers, net_follower_change, reach, views, engagements, "
        "posts_published from marts.fct_account_daily order by 1, 2, 3"
    )
    assert rows == [
        ("facebook", "page1", date(2026, 11, 2), 19990, None, 1200, None, None, 0),
        ("facebook", "page1", date(2026, 11, 3), 20000, 10, 1500, None, None, 1),
        ("instagram", "17841", date(2026, 11, 3), None, None, None, None, None, 1),
        ("tiktok", "ttacct", date(2026, 11, 2), 60000, 150, None, 12000, 1000, 1),
        # 10:00 UTC is still 11-01 in the account's time zone (UTC: not in the seed)
        ("x", "brand", date(2026, 11, 1), None, None, None, None, None, 1),
    ]  # fmt: skip


def test_dim_account_has_settings_defaults_and_tiers(built: Build) -> None:
    rows = built.query(
        "select platform, account_id, reporting_timezone, reporting_currency, latest_followers, follower_tier "
        "from marts.dim_account order by 1, 2"
    )
    assert rows == [
        ("facebook", "page1", "UTC", "USD", 20000, "micro"),
        ("instagram", "17841", "UTC", "USD", None, None),
        ("tiktok", "ttacct", "UTC", "USD", 60000, "mid"),
        ("x", "brand", "UTC", "USD", None, None),
    ]


def test_dim_date_spans_the_datas_whole_months_without_gaps(built: Build) -> None:
    rows = built.query("select min(date_day), max(date_day), count(*), count(distinct date_day) from marts.dim_date")
    assert rows == [(date(2026, 11, 1), date(2026, 11, 30), 30, 30)]
    wednesday = built.query(
        "select week_start_date, month_start_date from marts.dim_date where date_day = '2026-11-04'"
    )
    assert wednesday == [(date(2026, 11, 2), date(2026, 11, 1))]


# ---- incremental fct_post_daily == full refresh --------------------------------------------------------


@pytest.fixture(scope="module")
def incremental_and_full(built: Build, tmp_path_factory) -> tuple[Build, Build]:
    """The module's warehouse gets later rows and an incremental build; a second warehouse with the same rows
    gets a full refresh."""
    con = connect(built.db_path)
    later_rows(con)
    con.close()
    # only the posts the later loads touched are rebuilt, from their earliest new snapshot on
    incremental = dbt_build(tmp_path_factory.mktemp("organic-incremental"), built.db_path)
    tmp = tmp_path_factory.mktemp("organic-full")
    full = dbt_build(tmp, new_warehouse(tmp, first_rows, later_rows), "--full-refresh")
    return incremental, full


def test_incremental_post_daily_equals_a_full_refresh(incremental_and_full: tuple[Build, Build]) -> None:
    incremental, full = incremental_and_full
    assert "built_loads" in incremental.compiled_code("fct_post_daily")  # it did run incrementally
    assert "built_loads" not in full.compiled_code("fct_post_daily")
    everything = "select * from marts.fct_post_daily order by platform, post_id, snapshot_date"
    assert incremental.query(everything) == full.query(everything)
    new_rows = incremental.query(
        "select post_id, snapshot_date, has_correction, likes_delta, reposts_delta, views_delta "
        "from marts.fct_post_daily where snapshot_date > '2026-11-02' and post_id in ('2001', 'tt1') "
        "order by post_id, snapshot_date"
    )
    assert new_rows == [
        ("2001", date(2026, 11, 3), True, -1, 1, None),  # X lowered the likes: kept, flagged
        ("tt1", date(2026, 11, 3), False, 800, None, 10000),
        ("tt1", date(2026, 11, 5), False, 200, None, 5000),
    ]


# ---- a restatement weeks old, after an incremental build == full refresh -----------------------------------


@pytest.fixture(scope="module")
def restated_and_full(incremental_and_full, built: Build, tmp_path_factory) -> tuple[Build, Build]:
    """After the incremental build above, X restates a snapshot 19 days older than the newest one it sends;
    a second incremental build against a full refresh of the same rows."""
    con = connect(built.db_path)
    restated_rows(con)
    con.close()
    incremental = dbt_build(tmp_path_factory.mktemp("organic-restated"), built.db_path)
    tmp = tmp_path_factory.mktemp("organic-restated-full")
    full = dbt_build(tmp, new_warehouse(tmp, first_rows, later_rows, restated_rows), "--full-refresh")
    return incremental, full


@pytest.mark.parametrize(
    ("model", "order_by"),
    [
        ("marts.fct_post_daily", "platform, post_id, snapshot_date"),
        ("intermediate.int_post_snapshots_unioned", "platform, post_id, snapshot_date"),
        ("intermediate.int_post_snapshots_latest", "platform, post_id"),
        ("marts.fct_post_performance", "platform, post_id"),
        ("marts.fct_account_daily", "platform, account_id, activity_date"),
    ],
)
def test_a_restatement_of_any_age_is_rebuilt_as_a_full_refresh_would(restated_and_full, model, order_by) -> None:
    incremental, full = restated_and_full
    assert "built_loads" in incremental.compiled_code("int_post_snapshots_unioned")  # it ran incrementally
    # built_at says when a build wrote the row: it differs between the two warehouses by design
    columns = "* exclude (built_at)" if model.startswith("intermediate.") else "*"
    everything = f"select {columns} from {model} order by {order_by}"
    assert incremental.query(everything) == full.query(everything)


def test_the_restated_day_and_the_day_after_it_are_re_differenced(restated_and_full) -> None:
    incremental, _ = restated_and_full
    assert incremental.query(
        "select snapshot_date, previous_snapshot_date, likes_delta from marts.fct_post_daily "
        "where post_id = '2001' order by snapshot_date"
    ) == [
        (date(2026, 11, 1), None, 6),  # restated: 6 likes on the publish day (was 4)
        (date(2026, 11, 2), date(2026, 11, 1), 4),  # the content export's 10 minus the restated 6 (was 6)
        (date(2026, 11, 3), date(2026, 11, 2), -1),
        (date(2026, 11, 20), date(2026, 11, 3), 6),  # the legacy export's 15 after the content export's 9
    ]
