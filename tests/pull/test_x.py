"""X API v2 user timeline pulls against the stand-in: paging, the reset header, pre-emptive waits, tokens,
private metrics and their 30 days, crashes and the moving lifetime counters, down to the raw table's totals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest
from pulls import Pulled, landed, target

from ingest.load.loader import ingest_landing
from ingest.pull.platforms.x import PRIVATE_FIELDS, URL_ENV, XPuller
from ingest.pull.run import pull_account
from ingest.samples.apis import json_answer
from ingest.samples.apis.x import XStandIn
from ingest.samples.x import X_USER_IDS, api_counts

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 12, tzinfo=UTC).timestamp()
FIRST = date(2026, 9, 1)  # the stand-in account's first post
USER = X_USER_IDS["northwindgear"]
LANDING = "northwindgear-x"
TOKEN = "x-user-token"
APP_TOKEN = "x-app-bearer"


@dataclass
class FakeClock:
    """One time for the puller and the stand-in; the client's sleeps move it instead of passing."""

    now: float = NOW

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def pull_x(paths, clock: FakeClock, *, token: str = TOKEN, user: str = USER, today: date = TODAY, page_size: int = 100,
           **options: object) -> Pulled:  # fmt: skip
    """`pull_with` for X: the waits are recorded (`client.waits`), never slept, and they move the fake clock
    the stand-in reads, as real waiting would."""
    puller = XPuller(clock=clock)
    puller.page_size = page_size
    tgt = target("x", user, LANDING, token, "resonance_x")
    client = puller.client(tgt)
    client.sleep = clock.sleep
    report = pull_account(puller, tgt, paths, today=today, client=client, progress=lambda line: None, **options)
    return Pulled(report, client)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def standin(served, clock) -> XStandIn:
    standin = XStandIn(today=TODAY, first_day=FIRST, clock=clock)
    served(standin, URL_ENV)
    return standin


Totals = tuple[int, int, int, int, int]


def _expected(standin: XStandIn, snapshot_of, *, private: bool = True) -> Totals:
    """(posts, likes, impressions, posts with private metrics, profile clicks) for the posts as of the day
    `snapshot_of(post)` says (None: not pulled)."""
    posts = likes = impressions = with_private = clicks = 0
    for post in standin.posts(USER):
        day = snapshot_of(post)
        if day is None:
            continue
        counts = api_counts(post, day)
        posts += 1
        likes += counts["like_count"]
        impressions += counts["impression_count"]
        if private and (day - post.created_at.date()).days < 30:
            with_private += 1
            clicks += counts["user_profile_clicks"]
    return posts, likes, impressions, with_private, clicks


def _raw(paths) -> Totals:
    with duckdb.connect(str(paths.writer_db), read_only=True) as con:
        (row,) = con.execute(
            "select count(*), sum(like_count), sum(impression_count), count(non_public_impression_count), "
            "coalesce(sum(non_public_user_profile_clicks), 0) from raw.x__api_posts"
        ).fetchall()
    return tuple(int(v) for v in row)


def _private_asked(request) -> bool:
    return any(f in request.params["tweet.fields"].split(",") for f in PRIVATE_FIELDS)


def test_every_page_is_followed_by_its_next_token_and_landed_as_its_own_file(standin, paths, clock) -> None:
    pulled = pull_x(paths, clock, since=FIRST, page_size=10)
    assert pulled.report.outcome == "ok", pulled.report.message
    pages = [json.loads(p.read_text()) for p in landed(paths, LANDING)]
    assert sum(len(p["data"]) for p in pages) == len(standin.posts(USER)) > 100
    assert all(len(p["data"]) <= 10 and p["meta"]["result_count"] == len(p["data"]) for p in pages)
    calls = standin.calls("/tweets")
    asked = [(c.params["start_time"], c.params.get("pagination_token")) for c in calls]
    assert len(set(asked)) == len(asked)  # each page asked once
    tokens = [token for _, token in asked]
    assert tokens.count(None) == 3  # three parts: Sep 1 - Nov 7 without private metrics (two windows), then with
    followed = {p["meta"]["next_token"] for p in pages if "next_token" in p["meta"]}
    assert followed == {t for t in tokens if t}
    assert all(c.params["max_results"] == "10" for c in calls)
    ingest_landing(paths)
    assert _raw(paths) == _expected(standin, lambda post: TODAY)


def test_a_429_waits_exactly_until_the_reset_the_headers_name(standin, paths, clock) -> None:
    standin.script("timeline", standin.throttled(reset=int(NOW) + 37))
    pulled = pull_x(paths, clock, since=date(2026, 11, 20))
    assert pulled.report.outcome == "ok", pulled.report.message
    assert pulled.client.waits == [37.0]  # reset - now, not a guessed backoff
    assert len(standin.calls("/tweets")) == 2
    ingest_landing(paths)
    since = date(2026, 11, 20)
    assert _raw(paths) == _expected(standin, lambda post: TODAY if post.created_at.date() >= since else None)


def test_a_200_saying_no_requests_left_waits_for_the_reset_before_the_next_call(served, paths, clock) -> None:
    standin = XStandIn(today=TODAY, first_day=FIRST, clock=clock, limit=2, window_seconds=600)
    served(standin, URL_ENV)
    pulled = pull_x(paths, clock, since=FIRST, page_size=25)
    assert pulled.report.outcome == "ok", pulled.report.message
    calls = standin.calls("/tweets")
    assert len(calls) >= 5
    # Every second call spent the window; the next one waited the full window first and was never refused:
    # no request was sent twice.
    assert pulled.client.waits == [600.0] * ((len(calls) - 1) // 2)
    asked = [(c.params["start_time"], c.params.get("pagination_token")) for c in calls]
    assert len(set(asked)) == len(asked)
    ingest_landing(paths)
    assert _raw(paths) == _expected(standin, lambda post: TODAY)


def test_an_expired_token_stops_the_account_at_once_with_what_to_do(standin, paths, clock) -> None:
    standin.expired.add(TOKEN)
    pulled = pull_x(paths, clock, since=FIRST)
    assert pulled.report.outcome == "failed"
    assert "401" in pulled.report.message and "renew the OAuth 2.0" in pulled.report.message
    assert "connection resonance_x" in pulled.report.message and TOKEN not in pulled.report.message
    assert pulled.client.requests == 1  # never retried
    assert landed(paths, LANDING) == []


def test_a_free_tier_app_stops_the_account_naming_the_access_level_needed(standin, paths, clock) -> None:
    standin.access_level = "free"
    pulled = pull_x(paths, clock, since=FIRST)
    assert pulled.report.outcome == "failed" and pulled.client.requests == 1
    assert "Basic tier or higher" in pulled.report.message and "client-not-enrolled" in pulled.report.message


def test_an_unknown_user_id_fails_that_account_alone(standin, paths, clock) -> None:
    pulled = pull_x(paths, clock, since=FIRST, user="999")
    assert pulled.report.outcome == "failed" and "extra.accounts.x" in pulled.report.message


def test_private_metrics_are_asked_for_the_last_30_days_only_and_older_posts_keep_null(standin, paths, clock) -> None:
    pulled = pull_x(paths, clock, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    private_since = f"{TODAY - timedelta(days=29):%Y-%m-%d}T00:00:00Z"
    calls = standin.calls("/tweets")
    assert any(_private_asked(c) for c in calls) and any(not _private_asked(c) for c in calls)
    assert all(c.params["start_time"] >= private_since for c in calls if _private_asked(c))
    assert all(c.params.get("end_time", "9") <= private_since for c in calls if not _private_asked(c))
    ingest_landing(paths)
    assert _raw(paths) == _expected(standin, lambda post: TODAY)
    with duckdb.connect(str(paths.writer_db), read_only=True) as con:
        old = con.execute(
            "select count(*), count(non_public_impression_count), count(organic_like_count) from raw.x__api_posts "
            "where created_at < ?",
            [datetime(2026, 11, 8, tzinfo=UTC)],
        ).fetchone()
        no_link = con.execute(
            "select count(*) from raw.x__api_posts where non_public_impression_count is not null "
            "and non_public_url_link_clicks is null"
        ).fetchone()[0]
    assert old[0] > 0 and old[1:] == (0, 0)  # unknown, not zero
    assert no_link > 0  # a post without a link has no link clicks: NULL


def test_an_app_only_token_gets_public_metrics_and_null_private_ones(standin, paths, clock) -> None:
    pulled = pull_x(paths, clock, token=APP_TOKEN, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert len([c for c in standin.calls("/tweets") if _private_asked(c)]) == 1  # refused once, asked again
    ingest_landing(paths)
    assert _raw(paths) == _expected(standin, lambda post: TODAY, private=False)


def test_a_partial_error_page_is_landed_as_is_and_its_posts_loaded(standin, paths, clock) -> None:
    error = {"value": "2127362004133607018", "detail": "Could not find tweet with non_public_metrics",
             "title": "Not Found Error", "resource_type": "tweet", "parameter": "non_public_metrics",
             "resource_id": "2127362004133607018",
             "type": "https://api.twitter.com/2/problems/resource-not-found"}  # fmt: skip
    standin.script("timeline", lambda request: standin.answer(request, errors=[error]))
    pulled = pull_x(paths, clock, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    documents = [json.loads(p.read_text()) for p in landed(paths, LANDING)]
    assert sum("errors" in d for d in documents) == 1
    results = ingest_landing(paths)
    assert all(r.status == "loaded" for r in results), [r.reason for r in results]
    assert _raw(paths) == _expected(standin, lambda post: TODAY)


def test_a_pull_killed_mid_pagination_then_rerun_twice_gives_exact_totals(standin, paths, clock) -> None:
    unavailable = json_answer({"title": "Service Unavailable", "detail": "Service Unavailable", "status": 503,
                               "type": "about:blank"}, status=503)  # fmt: skip
    standin.script("timeline", unavailable, times=6, when=lambda r: "pagination_token" in r.query_params)
    first = pull_x(paths, clock, since=FIRST, page_size=20)
    assert first.report.outcome == "failed"
    assert first.client.waits == [1.0, 2.0, 4.0, 8.0, 16.0]  # no reset header on a 503: backoff
    state = json.loads(next((paths.root / "state" / "pull" / "x").glob("*.json")).read_text())
    assert "posts" not in state["cursors"]
    ingest_landing(paths)
    for attempt in range(2):
        again = pull_x(paths, clock, since=FIRST, page_size=20)
        assert again.report.outcome == "ok", again.report.message
        ingest_landing(paths)
        assert _raw(paths) == _expected(standin, lambda post: TODAY), attempt


def test_posts_of_the_last_30_days_are_pulled_again_and_the_newer_counters_win(standin, paths, clock) -> None:
    pull_x(paths, clock)
    ingest_landing(paths)
    before = _raw(paths)
    assert before == _expected(standin, lambda post: TODAY)
    standin.today, clock.now = TODAY + timedelta(days=1), NOW + 86_400
    pulled = pull_x(paths, clock, today=TODAY + timedelta(days=1))
    assert pulled.report.endpoints[0].first_day == TODAY - timedelta(days=29)  # cursor minus 30 days, no more
    ingest_landing(paths)
    repulled = datetime(2026, 11, 8, tzinfo=UTC)  # TODAY - 29 days
    expected = _expected(standin, lambda post: TODAY + timedelta(days=1) if post.created_at >= repulled else TODAY)
    after = _raw(paths)
    assert after == expected and after[0] == before[0] and after[1] > before[1] and after[2] > before[2]


def test_the_first_pull_backfills_730_days_and_says_so(standin, paths, clock) -> None:
    pulled = pull_x(paths, clock)
    posts = pulled.report.endpoints[0]
    assert posts.first_day == TODAY - timedelta(days=730) and posts.last_day == TODAY
    assert "backfilled from 2024-12-07" in posts.backfill_note
    starts = sorted({c.params["start_time"] for c in standin.calls("/tweets")})
    assert starts[0] == "2024-12-07T00:00:00Z"
    assert all("end_time" not in c.params or c.params["end_time"] <= "2026-12-07" for c in standin.calls("/tweets"))


def test_the_timeline_cap_leaves_older_windows_empty_and_nothing_is_landed_for_them(served, paths, clock) -> None:
    standin = XStandIn(today=TODAY, first_day=FIRST, clock=clock, timeline_cap=40)
    served(standin, URL_ENV)
    pulled = pull_x(paths, clock, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert sum(len(json.loads(p.read_text())["data"]) for p in landed(paths, LANDING)) == 40


def test_the_token_never_reaches_landing_or_the_state(standin, paths, clock) -> None:
    leak = {"detail": f"token {TOKEN} is rate limited", "title": "Too Many Requests", "type": "about:blank"}
    standin.script("timeline", lambda request: standin.answer(request, errors=[leak]))
    standin.script("timeline", json_answer({**leak, "status": 429}, status=429, headers={"x-rate-limit-reset": "x"}))
    pulled = pull_x(paths, clock, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    written = [p.read_text() for p in paths.root.rglob("*") if p.is_file() and p.suffix == ".json"]
    assert written and not any(TOKEN in text for text in written)
    assert any("REDACTED is rate limited" in text for text in written)
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in standin.calls("/tweets"))
