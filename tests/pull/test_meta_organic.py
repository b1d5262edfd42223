"""Instagram and Facebook Page pulls against the Meta stand-in: every edge paged to its end, files that load
into their raw tables with the stand-in's exact numbers, restated days, retired metrics, Page tokens."""

from __future__ import annotations

import json
from datetime import date

import pytest
from meta_helpers import FB_LANDING, IG_LANDING, TODAY, TOKEN, fb_target, ig_target, query
from pulls import landed, pull_with

from ingest.load.loader import ingest_landing
from ingest.pull.platforms.meta import URL_ENV, FacebookPuller, InstagramPuller
from ingest.samples.apis.meta import MetaStandIn
from ingest.samples.facebook import FB_PAGE_ID
from ingest.samples.instagram import IG_USER_ID

SINCE = date(2026, 10, 1)
YESTERDAY = date(2026, 12, 6)


@pytest.fixture
def standin(served) -> MetaStandIn:
    standin = MetaStandIn()
    served(standin, URL_ENV)
    return standin


def _ig_served(standin: MetaStandIn) -> dict:
    media = standin.media()
    days = [d for d in standin._served_days(SINCE, YESTERDAY)]
    insights = [i for m in media for i in standin.media_insights(m)]
    return {
        "reach": sum(standin.account_values(IG_USER_ID, d)["reach"] for d in days),
        "days": len(days),
        "media": len(media),
        "likes": sum(m.like_count for m in media),
        "insight_rows": len(insights),
        "insight_sum": sum(i.values[0][0] if i.values else i.total for i in insights),
        "comments": sum(m.comments_count for m in media),
    }


def _ig_raw(paths) -> dict:
    reach, days = query(paths, "select sum(value), count(*) from raw.instagram__account_insights "
                        "where metric = 'reach' and period = 'day'")  # fmt: skip
    media, likes = query(paths, "select count(*), sum(like_count) from raw.instagram__media")
    rows, total = query(paths, "select count(*), sum(value) from raw.instagram__media_insights")
    (comments,) = query(paths, "select count(*) from raw.brand__comments where platform = 'instagram'")
    return {"reach": reach, "days": days, "media": media, "likes": likes, "insight_rows": rows,
            "insight_sum": total, "comments": comments}  # fmt: skip


def test_instagram_lands_every_edge_and_the_raw_tables_hold_exactly_what_was_served(standin, paths) -> None:
    puller = InstagramPuller()
    puller.page_limit = 7  # 20 media: pages of 7, 7, 6; comment threads up to 8: two pages
    pulled = pull_with(puller, ig_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "ok", pulled.report.message
    afters = [r.params.get("after") for r in standin.requests if r.path.endswith(f"/{IG_USER_ID}/media")]
    assert afters.count(None) == 3  # each of the 3 media endpoints lists the one window (Oct 1-Dec 7) ...
    assert len([a for a in afters if a]) == 3 * 2  # ... and follows paging.next twice
    ingest_landing(paths)
    served = _ig_served(standin)
    assert _ig_raw(paths) == served
    assert served["comments"] > 20 and served["days"] == 67


def test_a_comment_page_lands_with_its_media_id_and_no_empty_page_is_landed(standin, paths) -> None:
    puller = InstagramPuller()
    puller.page_limit = 7
    pull_with(puller, ig_target(), paths, today=TODAY, since=SINCE)
    files = landed(paths, IG_LANDING)
    comments = [json.loads(p.read_text()) for p in files if "/comments/" in p.as_posix()]
    assert comments and all(c["media_id"] and c["data"] for c in comments)
    assert all(json.loads(p.read_text())["data"] for p in files)
    texts = [p.read_text() for p in files]
    assert not any(TOKEN in text for text in texts)
    media_pages = [json.loads(p.read_text()) for p in files if "/media/" in p.as_posix()]
    assert any("access_token=REDACTED" in page.get("paging", {}).get("next", "") for page in media_pages)


def _fb_served(standin: MetaStandIn) -> tuple:
    days = standin._served_days(SINCE, YESTERDAY)
    views = sum(standin.page_values(FB_PAGE_ID, d)["page_media_view"] for d in days)
    posts = [i for p, c in standin.posts() for i in standin.post_insights(p, c) if i.name == "post_media_view"]
    return views, len(days), len(posts), sum(i.values[0][0] for i in posts)


def _fb_raw(paths) -> tuple:
    views, days = query(paths, "select sum(value), count(*) from raw.facebook__page_insights "
                        "where metric = 'page_media_view'")  # fmt: skip
    posts, post_views = query(paths, "select count(*), sum(value) from raw.facebook__post_insights "
                              "where metric = 'post_media_view'")  # fmt: skip
    return views, days, posts, post_views


def test_facebook_reads_with_the_page_token_and_lands_page_and_post_insights_exactly(standin, paths) -> None:
    pulled = pull_with(FacebookPuller(), fb_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert len(standin.calls(f"/{FB_PAGE_ID}")) > 0
    token_asks = [r for r in standin.requests if r.path.endswith(f"/{FB_PAGE_ID}")]
    assert len(token_asks) == 1  # the Page token is asked once per pull
    page_calls = [r for r in standin.requests if "/insights" in r.path or "/posts" in r.path]
    assert page_calls and all(r.headers["authorization"] != f"Bearer {TOKEN}" for r in page_calls)
    ingest_landing(paths)
    served = _fb_served(standin)
    assert _fb_raw(paths) == served and served[1] == 67 and served[2] == 12
    written = "".join(p.read_text() for p in landed(paths, FB_LANDING))
    assert "EAAPage" not in written and TOKEN not in written


def test_page_insights_are_asked_90_days_at_a_time_back_to_the_two_year_horizon(standin, paths) -> None:
    pulled = pull_with(FacebookPuller(), fb_target(), paths, today=TODAY)
    page = pulled.report.endpoints[0]
    assert page.first_day == date(2024, 12, 7) and "backfilled from 2024-12-07" in page.backfill_note
    spans = [(r.params["since"], r.params["until"]) for r in standin.requests if r.path.endswith("/insights")
             and FB_PAGE_ID + "/" in r.path]  # fmt: skip
    assert len(spans) == 9  # 730 days in 90-day requests
    assert all((date.fromisoformat(u) - date.fromisoformat(s)).days <= 90 for s, u in spans)


def test_instagram_account_insights_backfill_30_days_per_request_to_the_horizon(standin, paths) -> None:
    pulled = pull_with(InstagramPuller(), ig_target(), paths, today=TODAY)
    account = pulled.report.endpoints[0]
    assert account.first_day == date(2024, 12, 7) and account.last_day == YESTERDAY
    asked = [r for r in standin.requests if r.path.endswith(f"{IG_USER_ID}/insights")]
    assert len(asked) == 25  # 730 days, 30 per request
    assert all((date.fromisoformat(r.params["until"]) - date.fromisoformat(r.params["since"])).days <= 30
               for r in asked)  # fmt: skip


def test_a_restated_day_and_grown_counters_replace_the_older_numbers(standin, paths) -> None:
    pull_with(InstagramPuller(), ig_target(), paths, today=TODAY, since=SINCE)
    ingest_landing(paths)
    before = _ig_raw(paths)
    restated = date(2026, 12, 5)  # inside the 3-day restatement window of account insights
    standin.restate(restated)
    recent = max(m.timestamp.date() for m in standin.media())  # a media of the last 28 days gains likes
    standin.engage(recent)
    pulled = pull_with(InstagramPuller(), ig_target(), paths, today=TODAY)
    assert pulled.report.endpoints[0].first_day == date(2026, 12, 4)  # cursor 12-06 minus 3 days, no more
    assert pulled.report.endpoints[1].first_day == date(2026, 11, 10)  # media: the last 28 days
    ingest_landing(paths)
    after = _ig_raw(paths)
    assert after["days"] == before["days"] and after["reach"] != before["reach"]
    assert after["reach"] == _ig_served(standin)["reach"]
    (likes,) = query(paths, "select sum(like_count) from raw.instagram__media where _snapshot_date = "
                     "(select max(_snapshot_date) from raw.instagram__media)")  # fmt: skip
    assert likes == _ig_served(standin)["likes"]


def test_a_retired_metric_is_dropped_recorded_and_the_pull_goes_on(standin, paths) -> None:
    standin.retire("follower_count")
    pulled = pull_with(InstagramPuller(), ig_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "ok", pulled.report.message
    state = json.loads((paths.root / "state" / "pull" / "instagram" / f"{IG_USER_ID}.json").read_text())
    assert "follower_count" in state["dropped_metrics"]["account_insights"]
    assert "no longer supported" in state["dropped_metrics"]["account_insights"]["follower_count"]["reason"]
    asked = [r.params["metric"] for r in standin.requests if r.path.endswith(f"{IG_USER_ID}/insights")]
    assert asked[0] == "reach,follower_count" and set(asked[1:]) == {"reach"}
    ingest_landing(paths)
    assert _ig_raw(paths)["reach"] == _ig_served(standin)["reach"]
    (followers,) = query(paths, "select count(*) from raw.instagram__account_insights where metric = 'follower_count'")
    assert followers == 0
