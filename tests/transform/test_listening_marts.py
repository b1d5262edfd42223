"""Listening marts end to end: hand-made raw live sessions and comments -> `dbt build` -> exact mart values.

Rows are written straight into the raw tables `ingest.warehouse.ensure_all` creates (no parser involved), so
these tests pin the dbt layer alone: fct_live_sessions and fct_conversation_daily.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import duckdb
import pytest
from marts_build import TAXONOMY_COLUMNS, Build, dbt_build, insert_raw, naive, utc

from ingest.warehouse import connect, ensure_all

pytestmark = pytest.mark.slow

LIVE_COLUMNS = [
    "platform", "session_id", "account_id", "title", "started_at", "reporting_time_zone", "started_at_local",
    "started_on_local", "duration_minutes", "peak_concurrent_viewers", "unique_viewers", "followers_at_start",
    "follower_tier", "peak_viewers_per_1k_followers", "unique_viewers_per_1k_followers", "attendance_rate",
    "attendance_band", "as_of",
]  # fmt: skip
CONVERSATION_COLUMNS = [
    "platform", "account_id", "date_day", "comments_received", "brand_replies", "threads_started",
    "threads_replied", "reply_rate", "median_minutes_to_first_brand_reply", "unanswered_threads_over_24h",
    "distinct_commenters",
]  # fmt: skip
DENVER_SUMMER = timezone(timedelta(hours=-6))
BERLIN_SUMMER = timezone(timedelta(hours=2))


# ---- raw rows ---------------------------------------------------------------------------------------------

LIVE_FIRST_NOTE = utc(2026, 10, 9, 8)
LIVE_CORRECTED_NOTE = utc(2026, 10, 10, 8)
POST_P1_LOADED = utc(2026, 10, 12, 12)
TIKTOK_TEMPLATE_SAVED = utc(2026, 10, 10, 20)


def seed_live_sessions(con: duckdb.DuckDBPyConnection) -> None:
    # 17900001 was first noted with a 17:00 start, then corrected to 17:05 (Denver time) in a newer file: the
    # raw key (platform, account, start) keeps both rows; the mart keeps the newest per session id.
    launch = {"platform": "instagram", "account_id": "acme", "session_id": "17900001",
              "title": "Ridgeline launch: ask us anything"}  # fmt: skip
    insert_raw(con, "brand__live_sessions", [
        {**launch, "started_at": datetime(2026, 10, 8, 17, 0, tzinfo=DENVER_SUMMER), "duration_minutes": 50.0,
         "peak_concurrent_viewers": 20, "unique_viewers": 25, "followers_at_start": 100000,
         "_as_of": LIVE_FIRST_NOTE},
        {**launch, "started_at": datetime(2026, 10, 8, 17, 5, tzinfo=DENVER_SUMMER), "duration_minutes": 52.5,
         "peak_concurrent_viewers": 31, "unique_viewers": 30, "followers_at_start": 100000,
         "_as_of": LIVE_CORRECTED_NOTE},
        # A small, engaged channel: 700 of 20,000 followers watched.
        {"platform": "youtube", "account_id": "UCacme", "session_id": "yt-live-1",
         "started_at": utc(2026, 10, 9, 16), "duration_minutes": 90.0, "peak_concurrent_viewers": 250,
         "unique_viewers": 700, "followers_at_start": 20000, "_as_of": LIVE_CORRECTED_NOTE},
        # Followers noted as 0 (a new account), and a live whose numbers were not noted at all.
        {"platform": "tiktok", "account_id": "acme", "session_id": "tiktok-acme-20261009T180000Z",
         "started_at": utc(2026, 10, 9, 18), "peak_concurrent_viewers": 4, "unique_viewers": 9,
         "followers_at_start": 0, "_as_of": LIVE_CORRECTED_NOTE},
        {"platform": "tiktok", "account_id": "acme", "session_id": "tiktok-acme-20261010T180000Z",
         "started_at": utc(2026, 10, 10, 18), "_as_of": LIVE_CORRECTED_NOTE},
    ])  # fmt: skip


def comment(
    platform: str,
    account: str,
    post: str,
    comment_id: str,
    created: datetime,
    as_of: datetime,
    *,
    by: str | None,
    brand: bool = False,
    parent: str | None = None,
) -> dict:
    """A raw.brand__comments row; `by` is the commenter's hash (None: not noted)."""
    return {"platform": platform, "account_id": account, "post_id": post, "comment_id": comment_id,
            "parent_comment_id": parent, "commenter_hash": by, "is_brand_reply": brand, "created_at": created,
            "text": f"text of {comment_id}", "like_count": 0, "_as_of": as_of}  # fmt: skip


def seed_comments(con: duckdb.DuckDBPyConnection) -> None:
    def p1(comment_id: str, created: datetime, **kw) -> dict:
        return comment("instagram", "acme", "p1", comment_id, created, POST_P1_LOADED, **kw)

    insert_raw(con, "brand__comments", [
        # The brand's own caption comment starts no thread and is not a reply.
        p1("b0", utc(2026, 10, 10, 9), by="h_acme", brand=True),
        # t1: answered by the brand after 45 minutes; a fan replies in between; the brand replies again, once
        # to the fan's reply (a reply to a reply still belongs to t1).
        p1("t1", utc(2026, 10, 10, 10), by="h_ana"),
        p1("t1_brand", utc(2026, 10, 10, 10, 45), by="h_acme", brand=True, parent="t1"),
        p1("t1_fan", utc(2026, 10, 10, 11), by="h_ben", parent="t1"),
        p1("t1_fan_brand", utc(2026, 10, 10, 13), by="h_acme", brand=True, parent="t1_fan"),
        # t2: posted 01:30 in Berlin = 23:30 UTC on the 10th; the brand answers 120 minutes later, on the 11th.
        p1("t2", datetime(2026, 10, 11, 1, 30, tzinfo=BERLIN_SUMMER), by="h_ben"),
        p1("t2_brand", utc(2026, 10, 11, 1, 30), by="h_acme", brand=True, parent="t2"),
        # t3: never answered, and the post was loaded 46 h later: unanswered for more than 24 h.
        p1("t3", utc(2026, 10, 10, 14), by="h_cy"),
        # t4: unanswered, but the post was loaded only 10 h later: not yet overdue.
        p1("t4", utc(2026, 10, 12, 2), by="h_ana"),
        # A TikTok template row whose commenter was not noted.
        comment("tiktok", "northwind", "v1", "tt1", utc(2026, 10, 10, 18, 4), TIKTOK_TEMPLATE_SAVED, by=None),
    ])  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    tmp = tmp_path_factory.mktemp("dbt-listening")
    db_path = tmp / "warehouse" / "resonance.duckdb"
    con = connect(db_path)
    ensure_all(con)
    seed_live_sessions(con)
    seed_comments(con)
    con.close()
    return dbt_build(tmp, db_path)


def mart_columns(built: Build, table: str) -> list[str]:
    rows = built.query(
        "select column_name from information_schema.columns "
        f"where table_schema = 'marts' and table_name = '{table}' order by ordinal_position"
    )
    return [name for (name,) in rows]


# ---- tests ------------------------------------------------------------------------------------------------


def test_build_succeeds_with_listening_models_unit_tests_and_grain_tests_passing(built: Build) -> None:
    assert built.result.success
    statuses = built.statuses()
    assert set(statuses.values()) <= {"success", "pass"}, statuses
    for model in ("fct_live_sessions", "fct_conversation_daily"):
        assert statuses[f"model.resonance.{model}"] == "success"
        assert any(uid.startswith(f"test.resonance.unique_combination_of_columns_{model}") for uid in statuses)
    unit_tests = [uid for uid in statuses if uid.startswith("unit_test.resonance.fct_")]
    assert len([uid for uid in unit_tests if "live_sessions" in uid or "conversation" in uid]) >= 3


def test_mart_columns_are_exactly_the_published_contract(built: Build) -> None:
    assert mart_columns(built, "fct_live_sessions") == LIVE_COLUMNS + TAXONOMY_COLUMNS
    assert mart_columns(built, "fct_conversation_daily") == CONVERSATION_COLUMNS + TAXONOMY_COLUMNS


def test_live_sessions_rate_viewers_against_followers_with_null_for_unknown_or_zero_followers(built: Build) -> None:
    rows = built.query(f"select {', '.join(LIVE_COLUMNS)} from marts.fct_live_sessions order by 1, 2")
    corrected_start = datetime(2026, 10, 8, 23, 5)  # 17:05 in Denver (UTC-6)
    assert rows == [
        ("instagram", "17900001", "acme", "Ridgeline launch: ask us anything", corrected_start, "UTC",
         corrected_start, date(2026, 10, 8), 52.5, 31, 30, 100000, "mid", 0.31, 0.3, 0.0003, "poor",
         naive(LIVE_CORRECTED_NOTE)),
        ("tiktok", "tiktok-acme-20261009T180000Z", "acme", None, datetime(2026, 10, 9, 18), "UTC",
         datetime(2026, 10, 9, 18), date(2026, 10, 9), None, 4, 9, 0, "nano", None, None, None, None,
         naive(LIVE_CORRECTED_NOTE)),
        ("tiktok", "tiktok-acme-20261010T180000Z", "acme", None, datetime(2026, 10, 10, 18), "UTC",
         datetime(2026, 10, 10, 18), date(2026, 10, 10), None, None, None, None, None, None, None, None, None,
         naive(LIVE_CORRECTED_NOTE)),
        ("youtube", "yt-live-1", "UCacme", None, datetime(2026, 10, 9, 16), "UTC", datetime(2026, 10, 9, 16),
         date(2026, 10, 9), 90.0, 250, 700, 20000, "micro", 12.5, 35.0, 0.035, "excellent",
         naive(LIVE_CORRECTED_NOTE)),
    ]  # fmt: skip


def test_a_corrected_start_time_keeps_one_row_per_session(built: Build) -> None:
    assert built.query("select count(*) from staging.stg_brand__live_sessions where session_id = '17900001'") == [(2,)]
    assert built.query("select count(*) from marts.fct_live_sessions where session_id = '17900001'") == [(1,)]


def test_conversation_daily_counts_threads_replies_and_response_time_by_utc_day(built: Build) -> None:
    rows = built.query(f"select {', '.join(CONVERSATION_COLUMNS)} from marts.fct_conversation_daily order by 1, 2, 3")
    assert rows == [
        # platform, account, day, received, brand replies, threads, replied, reply rate, median minutes,
        # unanswered > 24 h, distinct commenters
        # the 10th: t1, t1_fan, t2 (23:30 UTC), t3 from 3 people; the brand replied twice (t1_brand,
        # t1_fan_brand) that day; t1 answered after 45 min and t2 after 120 min: median 82.5; t3 overdue.
        ("instagram", "acme", date(2026, 10, 10), 4, 2, 3, 2, 2 / 3, 82.5, 1, 3),
        # the 11th: only the brand's answer to t2.
        ("instagram", "acme", date(2026, 10, 11), 0, 1, 0, 0, None, None, 0, 0),
        # the 12th: t4, unanswered but only 10 h old at the last load.
        ("instagram", "acme", date(2026, 10, 12), 1, 0, 1, 0, 0.0, None, 0, 1),
        # no commenter noted: a comment and a thread, but nobody to count as a distinct commenter.
        ("tiktok", "northwind", date(2026, 10, 10), 1, 0, 1, 0, 0.0, None, 0, 0),
    ]  # fmt: skip


def test_reply_rate_over_several_days_is_recomputed_from_the_sums(built: Build) -> None:
    (rate_of_sums, average_of_rates) = built.query(
        "select sum(threads_replied) * 1.0 / sum(threads_started), avg(reply_rate) "
        "from marts.fct_conversation_daily where platform = 'instagram'"
    )[0]
    assert float(rate_of_sums) == 0.5  # 2 of the 4 threads over three days were answered
    assert average_of_rates == pytest.approx(1 / 3)  # what averaging the daily rates would wrongly say


def test_a_reply_to_a_reply_belongs_to_the_top_level_thread(built: Build) -> None:
    rows = built.query(
        "select comment_id, thread_id from intermediate.int_comments_threaded "
        "where comment_id like 't1%' order by comment_id"
    )
    assert rows == [("t1", "t1"), ("t1_brand", "t1"), ("t1_fan", "t1"), ("t1_fan_brand", "t1")]
