"""The dbt project, end to end: hand-made raw rows -> `dbt build` -> exact mart values.

Each dbt invocation spends seconds starting and parsing, so each module-scoped fixture builds a warehouse
once and several tests read it. Raw tables come from `ingest.warehouse.ensure_all`, exactly as the loader
creates them; rows are written straight into them (no parser involved), so these tests pin the dbt layer
alone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import duckdb
import pytest
from marts_build import TAXONOMY_COLUMNS, Build, dbt_build, insert_raw, naive, utc

from ingest.config import DBT_PROJECT_DIR
from ingest.exports import raw_tables
from ingest.warehouse import connect, ensure_all

pytestmark = pytest.mark.slow

POST_COLUMNS = [
    "platform", "account_id", "post_id", "published_at", "impressions", "reach", "views", "likes",
    "comments", "shares", "engagements", "as_of",
]  # fmt: skip
# Columns fct_post_performance gained with the organic marts (values pinned in test_organic_marts.py).
POST_COLUMNS_ADDED = [
    "post_type", "permalink", "source", "published_date", "saves", "reposts", "clicks", "reactions",
    "platform_total", "followers_at_posting", "follower_tier", "engagement_rate_by_reach",
    "engagement_rate_by_impressions", "engagement_rate_by_followers", *TAXONOMY_COLUMNS,
]  # fmt: skip
AD_COLUMNS = [
    "platform", "account_id", "campaign_id", "campaign_name", "period_start", "period_end", "currency",
    "spend", "impressions", "clicks", "reach", "as_of",
]  # fmt: skip
AD_COLUMNS_ADDED = [
    "source", "grain", "reporting_currency", "fx_rate", "spend_reporting", "platform_engagements", "follows",
    "platform_conversion_type", "platform_conversions", "platform_conversion_value",
]  # fmt: skip


# ---- a warehouse with data from every platform ----------------------------------------------------

TWEET_DAY_1 = utc(2026, 11, 1, 6)
TWEET_DAY_3 = utc(2026, 11, 3, 6)
VIDEO_DAY_1 = utc(2026, 11, 1, 9)
VIDEO_DAY_2 = utc(2026, 11, 2, 9)
OCTOBER_REPORT = utc(2026, 11, 1, 8)
NOVEMBER_REPORT = utc(2026, 12, 1, 8)
# Posted at 01:30 in UTC+2: 23:30 UTC the day before.
TWEET_1001_TIME = datetime(2026, 11, 1, 1, 30, tzinfo=timezone(timedelta(hours=2)))


def seed_raw_rows(con: duckdb.DuckDBPyConnection) -> None:
    # X: tweet 1001 snapshotted twice (the newer snapshot inserted first: arrival order must not matter);
    # 1002 is a video tweet with media views; 1003's author renamed the handle between the snapshots.
    insert_raw(con, "x__tweet_activity", [
        {"tweet_id": "1001", "account_id": "acme", "tweet_time": TWEET_1001_TIME, "_as_of": TWEET_DAY_3,
         "impressions": 250, "engagements": 30, "likes": 12, "replies": 3, "retweets": 4},
        {"tweet_id": "1001", "account_id": "acme", "tweet_time": TWEET_1001_TIME, "_as_of": TWEET_DAY_1,
         "impressions": 100, "engagements": 10, "likes": 5, "replies": 1, "retweets": 2},
        {"tweet_id": "1002", "account_id": "acme", "tweet_time": utc(2026, 10, 30, 15, 59), "_as_of": TWEET_DAY_1,
         "impressions": 80, "engagements": 6, "likes": 2, "replies": 0, "retweets": 1, "media_views": 40},
        {"tweet_id": "1003", "account_id": "acme_old", "tweet_time": utc(2026, 10, 29, 12), "_as_of": TWEET_DAY_1,
         "impressions": 10, "engagements": 1, "likes": 1, "replies": 0, "retweets": 0},
        {"tweet_id": "1003", "account_id": "acme", "tweet_time": utc(2026, 10, 29, 12), "_as_of": TWEET_DAY_3,
         "impressions": 20, "engagements": 2, "likes": 1, "replies": 1, "retweets": 0},
    ])  # fmt: skip
    # YouTube: vid_full has two snapshots; vid_bare's export had no likes/comments/shares/unique viewers;
    # vid_likes_only reports likes alone; vid_zero reports real zeros.
    publish = datetime(2026, 10, 1, 14, 30)  # channel-local, no time zone
    insert_raw(con, "youtube__studio_content", [
        {"account_id": "UCchannel", "video_id": "vid_full", "video_publish_time": publish, "_as_of": VIDEO_DAY_1,
         "impressions": 600, "unique_viewers": 150, "views": 200, "likes": 9, "comments": 1, "shares": 0},
        {"account_id": "UCchannel", "video_id": "vid_full", "video_publish_time": publish, "_as_of": VIDEO_DAY_2,
         "impressions": 1000, "unique_viewers": 300, "views": 400, "likes": 20, "comments": 5, "shares": 3},
        {"account_id": "UCchannel", "video_id": "vid_bare", "video_publish_time": None, "_as_of": VIDEO_DAY_2,
         "impressions": 500, "views": 120},
        {"account_id": "UCchannel", "video_id": "vid_likes_only", "video_publish_time": publish,
         "_as_of": VIDEO_DAY_2, "impressions": 50, "unique_viewers": 30, "views": 40, "likes": 7},
        {"account_id": "UCchannel", "video_id": "vid_zero", "video_publish_time": publish, "_as_of": VIDEO_DAY_2,
         "impressions": 5, "unique_viewers": 1, "views": 1, "likes": 0, "comments": 0, "shares": 0},
    ])  # fmt: skip
    insert_raw(con, "youtube__studio_geography", [
        {"account_id": "UCchannel", "geography": "US", "views": 300, "_as_of": VIDEO_DAY_2},
        {"account_id": "UCchannel", "geography": "ZZ", "views": 5, "_as_of": VIDEO_DAY_2},
    ])  # fmt: skip
    # Meta: campaign c1 reported for October, for November, and for both months together (whose reach is
    # less than the two monthly reaches added: people reached in both months count once). act_2 spends
    # in EUR and its report has no link clicks column.
    common = {"account_id": "act_1", "account_name": "Acme Ads", "campaign_id": "c1", "campaign_name": "Launch",
              "currency": "USD"}  # fmt: skip
    insert_raw(con, "meta_ads__campaigns", [
        {**common, "reporting_starts": date(2026, 10, 1), "reporting_ends": date(2026, 10, 31),
         "amount_spent": Decimal("100.50"), "impressions": 10000, "reach": 4000, "link_clicks": 150,
         "clicks_all": 400, "_as_of": OCTOBER_REPORT},
        {**common, "reporting_starts": date(2026, 11, 1), "reporting_ends": date(2026, 11, 30),
         "amount_spent": Decimal("80.25"), "impressions": 8000, "reach": 3500, "link_clicks": 90,
         "clicks_all": 300, "_as_of": NOVEMBER_REPORT},
        {**common, "reporting_starts": date(2026, 10, 1), "reporting_ends": date(2026, 11, 30),
         "amount_spent": Decimal("180.75"), "impressions": 18000, "reach": 6000, "link_clicks": 240,
         "clicks_all": 700, "_as_of": NOVEMBER_REPORT},
        {"account_id": "act_2", "campaign_id": "c9", "campaign_name": "Marque", "currency": "EUR",
         "reporting_starts": date(2026, 11, 1), "reporting_ends": date(2026, 11, 30),
         "amount_spent": Decimal("50.00"), "impressions": 2000, "reach": 1500, "_as_of": NOVEMBER_REPORT},
    ])  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("dbt-marts")
    db_path = tmp / "warehouse" / "resonance.duckdb"
    con = connect(db_path)
    ensure_all(con)
    seed_raw_rows(con)
    con.close()
    return dbt_build(tmp, db_path)


def test_build_succeeds_with_every_model_and_test_passing(built: Build) -> None:
    assert built.result.success
    statuses = built.statuses()
    assert set(statuses.values()) <= {"success", "pass"}, statuses
    for model in ("fct_post_performance", "fct_ad_performance", "dim_account"):
        assert statuses[f"model.resonance.{model}"] == "success"
    grain_tests = [
        r.node for r in built.result.result.results
        if getattr(getattr(r.node, "test_metadata", None), "name", None) == "unique_combination_of_columns"
    ]  # fmt: skip
    grain_tested = {node.depends_on.nodes[0] for node in grain_tests}  # the model or source each test guards
    marts = {f"model.resonance.{m}" for m in ("fct_post_performance", "fct_ad_performance", "dim_account")}
    assert marts <= grain_tested  # every mart's grain is enforced
    assert len(grain_tested - marts) >= len(raw_tables())  # and every raw table's natural key
    assert (built.target_path / "run_results.json").exists()


def test_models_land_in_verbatim_schemas_as_views_and_tables(built: Build) -> None:
    rows = built.query(
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_schema not in ('raw', 'meta') order by 1, 2"
    )

    def stems(folder: str, pattern: str = "*.sql") -> list[str]:
        return [p.stem for p in (DBT_PROJECT_DIR / folder).rglob(pattern)]

    staging = stems("models/staging", "stg_*.sql")
    # the post snapshots every post mart reads are persisted (incremental tables), computed once per build
    persisted = {"int_post_snapshots_unioned", "int_post_snapshots_latest"}
    expected = [
        *(
            ("intermediate", name, "BASE TABLE" if name in persisted else "VIEW")
            for name in stems("models/intermediate")
        ),
        *(("marts", name, "BASE TABLE") for name in stems("models/marts")),  # incremental marts are tables too
        *(("seeds", name, "BASE TABLE") for name in stems("seeds", "*.csv")),
        *(("staging", name, "VIEW") for name in staging),
    ]
    assert rows == sorted(expected)
    assert {"fct_post_performance", "fct_ad_performance", "dim_account"} <= set(stems("models/marts"))
    assert len(staging) >= len(raw_tables())


def mart_columns(built: Build, table: str) -> list[str]:
    rows = built.query(
        "select column_name from information_schema.columns "
        f"where table_schema = 'marts' and table_name = '{table}' order by ordinal_position"
    )
    return [name for (name,) in rows]


def test_mart_columns_are_exactly_the_published_contract(built: Build) -> None:
    assert mart_columns(built, "fct_post_performance") == POST_COLUMNS + POST_COLUMNS_ADDED
    assert mart_columns(built, "fct_ad_performance") == [
        *AD_COLUMNS,
        *AD_COLUMNS_ADDED,
        "is_counted",
        *TAXONOMY_COLUMNS,
    ]
    assert mart_columns(built, "dim_account") == [
        "platform", "account_id", "account_name", "first_as_of", "last_as_of", "reporting_timezone",
        "reporting_currency", "latest_followers", "follower_tier",
    ]  # fmt: skip


def test_post_performance_keeps_the_latest_snapshot_and_null_for_unreported_metrics(built: Build) -> None:
    rows = built.query(f"select {', '.join(POST_COLUMNS)} from marts.fct_post_performance order by 1, 2, 3")
    publish = datetime(2026, 10, 1, 14, 30)
    assert rows == [
        # platform, account, post, published_at, impressions, reach, views, likes, comments, shares,
        # engagements, as_of
        ("x", "acme", "1001", datetime(2026, 10, 31, 23, 30), 250, None, None, 12, 3, 4, 30, naive(TWEET_DAY_3)),
        ("x", "acme", "1002", datetime(2026, 10, 30, 15, 59), 80, None, None, 2, 0, 1, 6, naive(TWEET_DAY_1)),
        ("x", "acme", "1003", datetime(2026, 10, 29, 12, 0), 20, None, None, 1, 1, 0, 2, naive(TWEET_DAY_3)),
        ("youtube", "UCchannel", "vid_bare", None, 500, None, 120, None, None, None, None, naive(VIDEO_DAY_2)),
        ("youtube", "UCchannel", "vid_full", publish, 1000, 300, 400, 20, 5, 3, 28, naive(VIDEO_DAY_2)),
        ("youtube", "UCchannel", "vid_likes_only", publish, 50, 30, 40, 7, None, None, 7, naive(VIDEO_DAY_2)),
        ("youtube", "UCchannel", "vid_zero", publish, 5, 1, 1, 0, 0, 0, 0, naive(VIDEO_DAY_2)),
    ]  # fmt: skip


def test_post_performance_has_one_row_per_post_even_when_the_handle_changed(built: Build) -> None:
    (total, distinct_grain, distinct_posts) = built.query(
        "select count(*), count(distinct (platform, account_id, post_id)), count(distinct (platform, post_id)) "
        "from marts.fct_post_performance"
    )[0]
    assert total == distinct_grain == distinct_posts == 7
    assert built.query("select count(*) from marts.fct_post_performance where account_id = 'acme_old'") == [(0,)]


def test_x_media_views_do_not_become_post_views(built: Build) -> None:
    assert built.query("select views from marts.fct_post_performance where post_id = '1002'") == [(None,)]
    assert built.query("select media_views from staging.stg_x__tweet_activity where tweet_id = '1002'") == [(40,)]


def test_ad_performance_keeps_each_period_as_reported_and_never_sums_reach(built: Build) -> None:
    rows = built.query(f"select {', '.join(AD_COLUMNS)} from marts.fct_ad_performance order by 2, 3, 5, 6")
    assert rows == [
        ("meta", "act_1", "c1", "Launch", date(2026, 10, 1), date(2026, 10, 31), "USD", Decimal("100.5000"),
         10000, 150, 4000, naive(OCTOBER_REPORT)),
        ("meta", "act_1", "c1", "Launch", date(2026, 10, 1), date(2026, 11, 30), "USD", Decimal("180.7500"),
         18000, 240, 6000, naive(NOVEMBER_REPORT)),
        ("meta", "act_1", "c1", "Launch", date(2026, 11, 1), date(2026, 11, 30), "USD", Decimal("80.2500"),
         8000, 90, 3500, naive(NOVEMBER_REPORT)),
        ("meta", "act_2", "c9", "Marque", date(2026, 11, 1), date(2026, 11, 30), "EUR", Decimal("50.0000"),
         2000, None, 1500, naive(NOVEMBER_REPORT)),
    ]  # fmt: skip
    # The two-month row carries Meta's own two-month reach, not October's plus November's (7,500).
    two_months = built.query(
        "select reach from marts.fct_ad_performance "
        "where campaign_id = 'c1' and period_start = date '2026-10-01' and period_end = date '2026-11-30'"
    )
    assert two_months == [(6000,)]
    # Its own month rows tile the two-month row day for day: they count, it does not (spend added once).
    counted = built.query(
        "select period_start, period_end, is_counted from marts.fct_ad_performance "
        "where account_id = 'act_1' and campaign_id = 'c1' order by 1, 2"
    )
    assert counted == [
        (date(2026, 10, 1), date(2026, 10, 31), True),
        (date(2026, 10, 1), date(2026, 11, 30), False),
        (date(2026, 11, 1), date(2026, 11, 30), True),
    ]
    # Every Meta report row is a period row from the Ads Manager CSV; USD converts at 1, EUR at a rate.
    added = built.query(
        f"select account_id, {', '.join(AD_COLUMNS_ADDED)} from marts.fct_ad_performance "
        "order by 1, period_start, period_end"
    )
    for row in added:
        assert row[1:4] == ("meta_ads_campaigns", "period", "USD")
        assert row[6:] == (None, None, None, None, None)  # nothing reported: NULL, never 0
    assert [row[4] for row in added if row[0] == "act_1"] == [1.0, 1.0, 1.0]
    assert [row[5] for row in added if row[0] == "act_1"] == [Decimal("100.5000"), Decimal("180.7500"),
                                                             Decimal("80.2500")]  # fmt: skip
    ((eur_rate, eur_spend),) = [(row[4], row[5]) for row in added if row[0] == "act_2"]
    assert 1.0 < eur_rate < 1.3 and abs(eur_spend - Decimal(50) * Decimal(repr(eur_rate))) <= Decimal("0.0001")


def test_dim_account_lists_every_account_seen_with_its_latest_name(built: Build) -> None:
    rows = built.query(
        "select platform, account_id, account_name, first_as_of, last_as_of from marts.dim_account order by 1, 2"
    )
    assert rows == [
        ("meta", "act_1", "Acme Ads", naive(OCTOBER_REPORT), naive(NOVEMBER_REPORT)),
        ("meta", "act_2", None, naive(NOVEMBER_REPORT), naive(NOVEMBER_REPORT)),
        ("x", "acme", None, naive(TWEET_DAY_1), naive(TWEET_DAY_3)),
        ("x", "acme_old", None, naive(TWEET_DAY_1), naive(TWEET_DAY_1)),
        ("youtube", "UCchannel", None, naive(VIDEO_DAY_1), naive(VIDEO_DAY_2)),
    ]  # fmt: skip


def test_geography_staging_renames_and_keeps_every_row(built: Build) -> None:
    rows = built.query("select account_id, country_code, views from staging.stg_youtube__studio_geography order by 2")
    assert rows == [("UCchannel", "US", 300), ("UCchannel", "ZZ", 5)]


# ---- a fresh warehouse: no X or YouTube file yet, and a Meta report whose key is duplicated -------------


@pytest.fixture(scope="module")
def built_with_duplicate_grain(tmp_path_factory) -> Build:
    """Raw tables as ensure_all creates them; only Meta has rows, and two of them share the natural key
    (as if a load had appended instead of upserting)."""
    tmp = tmp_path_factory.mktemp("dbt-duplicate")
    db_path = tmp / "warehouse" / "resonance.duckdb"
    con = connect(db_path)
    ensure_all(con)
    period = {"account_id": "act_1", "campaign_id": "c1", "campaign_name": "Launch", "currency": "USD",
              "reporting_starts": date(2026, 10, 1), "reporting_ends": date(2026, 10, 31)}  # fmt: skip
    insert_raw(con, "meta_ads__campaigns", [
        {**period, "amount_spent": Decimal("100.50"), "reach": 4000, "_as_of": OCTOBER_REPORT},
        {**period, "amount_spent": Decimal("101.00"), "reach": 4100, "_as_of": NOVEMBER_REPORT},
    ])  # fmt: skip
    con.close()
    return dbt_build(tmp, db_path)


def test_duplicate_natural_key_fails_the_grain_test_and_keeps_the_ad_mart_unbuilt(
    built_with_duplicate_grain: Build,
) -> None:
    build = built_with_duplicate_grain
    assert not build.result.success
    results = {r.node.unique_id: r for r in build.result.result.results}
    (grain_test,) = [
        r for uid, r in results.items()
        if uid.startswith("test.resonance.source_unique_combination_of_columns_meta_ads_campaigns")
    ]  # fmt: skip
    assert str(grain_test.status) == "fail"
    assert grain_test.failures == 1  # one duplicated (account, campaign, period)
    # dbt build gates what follows: nothing downstream of the broken source is built or published.
    statuses = build.statuses()
    assert statuses["model.resonance.stg_meta_ads__campaigns"] == "skipped"
    assert statuses["model.resonance.fct_ad_performance"] == "skipped"
    assert statuses["model.resonance.dim_account"] == "skipped"
    assert build.query("select count(*) from information_schema.tables where table_name = 'fct_ad_performance'") == [
        (0,)
    ]


def test_platforms_without_files_yet_build_empty_marts_whose_tests_pass(built_with_duplicate_grain: Build) -> None:
    statuses = built_with_duplicate_grain.statuses()
    assert statuses["model.resonance.fct_post_performance"] == "success"
    post_tests = {uid: s for uid, s in statuses.items() if uid.startswith("test.") and "post" in uid}
    # the tests against dim_account and dim_date wait for them, and they wait for the broken Meta source (both
    # span every fact, ads included): skipped, not passed
    gated = {uid: s for uid, s in post_tests.items() if "ref_dim_account" in uid or "ref_dim_date" in uid}
    assert gated and set(gated.values()) == {"skipped"}
    assert {uid: s for uid, s in post_tests.items() if uid not in gated and s != "pass"} == {}
    assert built_with_duplicate_grain.query("select count(*) from marts.fct_post_performance") == [(0,)]
    assert mart_columns(built_with_duplicate_grain, "fct_post_performance") == POST_COLUMNS + POST_COLUMNS_ADDED
