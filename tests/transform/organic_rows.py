"""The organic marts' hand-made raw rows (X, Instagram, Facebook and TikTok), shared by the organic and the
integrity tests: a first set, the rows that arrive later, and a warehouse holding them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
from marts_build import insert_raw, utc

from ingest.warehouse import connect, ensure_all

# ---- raw rows: four platforms ----------------------------------------------------------------------------

X_DAY_1 = utc(2026, 11, 1, 22)
X_DAY_2 = utc(2026, 11, 2, 6)
X_DAY_3 = utc(2026, 11, 3, 6)
META_EXPORT = utc(2026, 11, 4, 8)
TIKTOK_DAY_1 = utc(2026, 11, 3, 7)
TIKTOK_DAY_2 = utc(2026, 11, 5, 7)


def first_rows(con: duckdb.DuckDBPyConnection) -> None:
    # X: tweet 2001 in the legacy export on day 1; on day 2 in both exports (the content export wins).
    insert_raw(con, "x__tweet_activity", [
        {"tweet_id": "2001", "account_id": "brand", "tweet_time": utc(2026, 11, 1, 10), "_as_of": X_DAY_1,
         "tweet_permalink": "https://x.com/brand/status/2001",
         "impressions": 100, "engagements": 12, "likes": 4, "replies": 1, "retweets": 1, "url_clicks": 2},
        {"tweet_id": "2001", "account_id": "brand", "tweet_time": utc(2026, 11, 1, 10), "_as_of": X_DAY_2,
         "tweet_permalink": "https://x.com/brand/status/2001",
         "impressions": 290, "engagements": 38, "likes": 9, "replies": 2, "retweets": 3, "url_clicks": 4},
    ])  # fmt: skip
    insert_raw(con, "x__content", [
        {"post_id": "2001", "account_id": "brand", "post_time": utc(2026, 11, 1, 10), "_as_of": X_DAY_2,
         "post_date": date(2026, 11, 1), "post_link": "https://x.com/brand/status/2001",
         "impressions": 300, "engagements": 40, "likes": 10, "replies": 2, "reposts": 3, "bookmarks": 1,
         "url_clicks": 5, "shares": 7},
    ])  # fmt: skip
    # Instagram (Business Suite): a reel whose export has no saves.
    insert_raw(con, "instagram__mbs_posts", [
        {"post_id": "ig1", "account_id": "17841", "publish_time": datetime(2026, 11, 3, 9), "_as_of": META_EXPORT,
         "post_type": "IG reel", "date": "Lifetime", "permalink": "https://www.instagram.com/reel/ig1/",
         "reach": 500, "views": 900, "likes": 40, "comments": 5, "shares": 3, "saves": None},
    ])  # fmt: skip
    # Facebook: a Business Suite photo post, and the Page's follower count and reach from Graph insights.
    insert_raw(con, "facebook__mbs_posts", [
        {"post_id": "page1_1", "account_id": "page1", "publish_time": datetime(2026, 11, 3, 12), "_as_of": META_EXPORT,
         "post_type": "Photos", "date": "Lifetime", "permalink": "https://www.facebook.com/page1/posts/1",
         "reach": 1000, "views": 2500, "reactions": 70, "comments": 20, "shares": 10, "total_clicks": 50,
         "reactions_comments_and_shares": 100},
    ])  # fmt: skip
    page_day = {"page_id": "page1", "account_id": "page1", "period": "day", "date_basis": "end_time",
                "breakdown": "", "breakdown_value": "", "value_form": "values", "_as_of": META_EXPORT}  # fmt: skip
    insert_raw(con, "facebook__page_insights", [
        {**page_day, "metric": "page_follows", "date": date(2026, 11, 2), "end_time": utc(2026, 11, 3, 8),
         "value": 19990},
        {**page_day, "metric": "page_follows", "date": date(2026, 11, 3), "end_time": utc(2026, 11, 4, 8),
         "value": 20000},
        {**page_day, "metric": "page_total_media_view_unique", "date": date(2026, 11, 2),
         "end_time": utc(2026, 11, 3, 8), "value": 1200},
        {**page_day, "metric": "page_total_media_view_unique", "date": date(2026, 11, 3),
         "end_time": utc(2026, 11, 4, 8), "value": 1500},
    ])  # fmt: skip
    # TikTok: a video and the account's day.
    insert_raw(con, "tiktok__studio_content", [
        {"video_id": "tt1", "account_id": "ttacct", "post_time": datetime(2026, 11, 2, 18), "_as_of": TIKTOK_DAY_1,
         "account_handle": "tt", "video_link": "https://www.tiktok.com/@tt/video/tt1",
         "total_views": 10000, "total_likes": 800, "total_comments": 50, "total_shares": 30, "reach": 7000},
    ])  # fmt: skip
    insert_raw(con, "tiktok__studio_overview", [
        {"account_id": "ttacct", "date": date(2026, 11, 2), "_as_of": TIKTOK_DAY_1, "video_views": 12000,
         "likes": 900, "comments": 60, "shares": 40, "followers": 60000, "net_followers": 150},
    ])  # fmt: skip


def later_rows(con: duckdb.DuckDBPyConnection) -> None:
    """A day-3 X export that lowers the likes (a correction) and a second TikTok snapshot."""
    insert_raw(con, "x__content", [
        {"post_id": "2001", "account_id": "brand", "post_time": utc(2026, 11, 1, 10), "_as_of": X_DAY_3,
         "post_date": date(2026, 11, 1), "post_link": "https://x.com/brand/status/2001",
         "impressions": 350, "engagements": 41, "likes": 9, "replies": 2, "reposts": 4, "bookmarks": 1,
         "url_clicks": 5, "shares": 7},
    ])  # fmt: skip
    insert_raw(con, "tiktok__studio_content", [
        {"video_id": "tt1", "account_id": "ttacct", "post_time": datetime(2026, 11, 2, 18), "_as_of": TIKTOK_DAY_2,
         "account_handle": "tt", "video_link": "https://www.tiktok.com/@tt/video/tt1",
         "total_views": 15000, "total_likes": 1000, "total_comments": 60, "total_shares": 40, "reach": 9000},
    ])  # fmt: skip


def new_warehouse(tmp: Path, *row_writers) -> Path:
    db_path = tmp / "warehouse" / "resonance.duckdb"
    con = connect(db_path)
    ensure_all(con)
    for write in row_writers:
        write(con)
    con.close()
    return db_path


X_DAY_20 = utc(2026, 11, 20, 6)


def restated_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Weeks later: X restates tweet 2001's day-1 snapshot (more likes; the loader replaces the row by its
    natural key and writes its own load id and as-of), and the legacy export reports the tweet on day 20."""
    con.execute(
        "update raw.x__tweet_activity set likes = 6, _as_of = ?, _load_id = 'load-x__tweet_activity-restated' "
        "where tweet_id = '2001' and _snapshot_date = ?",
        [X_DAY_1.replace(hour=23), X_DAY_1.date()],
    )
    insert_raw(con, "x__tweet_activity", [
        {"tweet_id": "2001", "account_id": "brand", "tweet_time": utc(2026, 11, 1, 10), "_as_of": X_DAY_20,
         "tweet_permalink": "https://x.com/brand/status/2001",
         "impressions": 500, "engagements": 60, "likes": 15, "replies": 3, "retweets": 5, "url_clicks": 6},
    ])  # fmt: skip
