"""LinkedIn REST pulls against the stand-in: Rest.li literal queries, the pinned version and its sunset,
bare 429s and the daily quota, tokens and scopes, crashes, restatements and the 12-month horizon, down to
both raw tables' totals."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import duckdb
import httpx
import pytest
from pulls import landed, pull_with, target

from ingest.load.loader import ingest_landing
from ingest.pull.platforms.linkedin import LINKEDIN_VERSION, URL_ENV, LinkedInPuller, time_intervals
from ingest.pull.windows import Window
from ingest.samples.apis import json_answer
from ingest.samples.apis.linkedin import ORGANIZATION_ID, TOKEN, LinkedInStandIn, throttled

TODAY = date(2026, 12, 7)
FIRST = date(2026, 11, 1)  # the stand-in page's first day with numbers
LAST = TODAY - timedelta(days=2)  # LinkedIn's newest day: 2 days back
LANDING = "northwind-gear"
SHARES = "/organizationalEntityShareStatistics"
FOLLOWERS = "/organizationalEntityFollowerStatistics"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "LinkedIn-Version": LINKEDIN_VERSION,
           "X-Restli-Protocol-Version": "2.0.0"}  # fmt: skip
URN = f"urn%3Ali%3Aorganization%3A{ORGANIZATION_ID}"


def _target(token: str = TOKEN, organization: str = ORGANIZATION_ID):
    return target("linkedin", organization, LANDING, token, "resonance_linkedin")


def _ms(day: date) -> int:
    return int(datetime.combine(day, time(0), tzinfo=UTC).timestamp() * 1000)


def _served_totals(standin: LinkedInStandIn, first: date = FIRST, last: date = LAST) -> dict[str, tuple[int, int]]:
    """Rows and the main count (impressions; new followers) each endpoint serves for the days, as of now."""
    shares = standin.served("share_statistics", first, last)
    gains = standin.served("follower_statistics", first, last)
    return {
        "share_statistics": (len(shares), sum(e["totalShareStatistics"]["impressionCount"] for e in shares)),
        "follower_statistics": (
            len(gains),
            sum(e["followerGains"]["organicFollowerGain"] + e["followerGains"]["paidFollowerGain"] for e in gains),
        ),
    }


def _raw_totals(paths) -> dict[str, tuple[int, int]]:
    with duckdb.connect(str(paths.writer_db), read_only=True) as con:
        ((share_rows, impressions),) = con.execute(
            "select count(*), coalesce(sum(impression_count), 0) from raw.linkedin__share_statistics "
            "where granularity = 'day' and share_urn = ''"
        ).fetchall()
        ((gain_rows, gains),) = con.execute(
            "select count(*), coalesce(sum(organic_follower_gain + paid_follower_gain), 0) "
            "from raw.linkedin__follower_statistics"
        ).fetchall()
    return {"share_statistics": (share_rows, impressions), "follower_statistics": (gain_rows, gains)}


@pytest.fixture
def api(served):
    return served(LinkedInStandIn(today=TODAY, first_day=FIRST), URL_ENV, prefix="/rest")


@pytest.fixture
def standin(api) -> LinkedInStandIn:
    return api.standin


def _puller(page_size: int = 100) -> LinkedInPuller:
    puller = LinkedInPuller()
    puller.page_size = page_size
    return puller


def _finder(api, window: Window) -> str:
    """The share statistics finder's URL for `window`, written literally as the puller writes it."""
    return f"{api.url}{SHARES}?q=organizationalEntity&organizationalEntity={URN}&timeIntervals={time_intervals(window)}"


def _state(paths) -> dict:
    return json.loads(next((paths.root / "state" / "pull" / "linkedin").glob("*.json")).read_text())


# ---- paging and what lands ------------------------------------------------------------------------------


def test_every_page_is_followed_through_the_next_links_on_both_endpoints(standin, paths) -> None:
    pulled = pull_with(_puller(page_size=10), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    for path_part, folder in ((SHARES, "/share_statistics/"), (FOLLOWERS, "/follower_statistics/")):
        starts = [int(r.params["start"]) for r in standin.calls(path_part)]
        assert starts == [0, 10, 20, 30]  # 35 days in pages of 10: the last page has no next link
        assert all(r.params["count"] == "10" for r in standin.calls(path_part))
        pages = [p for p in landed(paths, LANDING) if folder in p.as_posix()]
        assert sum(len(json.loads(p.read_text())["elements"]) for p in pages) == 35
    assert [e.rows for e in pulled.report.endpoints] == [35, 35]


def test_both_statistics_load_into_their_raw_tables_with_exact_totals(standin, paths) -> None:
    pulled = pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    results = ingest_landing(paths)
    assert results and all(r.status == "loaded" for r in results), [(r.status, r.reason) for r in results]
    assert _raw_totals(paths) == _served_totals(standin)
    with duckdb.connect(str(paths.writer_db), read_only=True) as con:
        days = con.execute(
            "select min(day), max(day), count(distinct account_id), min(account_id) "
            "from raw.linkedin__follower_statistics"
        ).fetchall()
    assert days == [(FIRST, LAST, 1, LANDING)]  # windows from 00:00 UTC: each is its own UTC day


# ---- the protocol: headers, the literal Rest.li query -----------------------------------------------------


def test_every_call_sends_the_pinned_version_and_the_restli_protocol(api, standin, paths) -> None:
    pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert standin.requests
    for seen in standin.requests:
        assert seen.headers["linkedin-version"] == LINKEDIN_VERSION
        assert seen.headers["x-restli-protocol-version"] == "2.0.0"
        assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    # and the stand-in, like LinkedIn, refuses a call without either header
    for missing, code in (("LinkedIn-Version", "VERSION_MISSING"), ("X-Restli-Protocol-Version", "ILLEGAL_ARGUMENT")):
        headers = {k: v for k, v in HEADERS.items() if k != missing}
        answer = httpx.get(_finder(api, Window(FIRST, FIRST)), headers=headers)
        assert (answer.status_code, answer.json()["code"]) == (400, code)


def test_the_restli_query_reaches_the_server_literally_and_a_mangled_one_is_refused(api, standin, paths) -> None:
    pulled = pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    end = _ms(LAST + timedelta(days=1))
    literal = f"timeIntervals=(timeRange:(start:{_ms(FIRST)},end:{end}),timeGranularityType:DAY)"
    assert standin.raw_queries and all(literal in query for query in standin.raw_queries)
    assert all(f"organizationalEntity={URN}&" in query for query in standin.raw_queries)
    # what a generic HTTP framework sends: the same parameters, their Rest.li syntax percent-escaped
    params = {"q": "organizationalEntity", "organizationalEntity": f"urn:li:organization:{ORGANIZATION_ID}",
              "timeIntervals": time_intervals(Window(FIRST, LAST))}  # fmt: skip
    mangled = httpx.get(f"{api.url}{SHARES}", params=params, headers=HEADERS)
    assert "%28timeRange%3A" in standin.raw_queries[-1]
    assert mangled.status_code == 400 and "timeIntervals" in mangled.json()["message"]


# ---- throttling ---------------------------------------------------------------------------------------


def test_a_bare_429_is_retried_once_after_a_short_pause(standin, paths) -> None:
    standin.script("share_statistics", throttled)
    pulled = pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert pulled.client.waits == [60.0]  # LinkedIn gives no wait time: the puller's own short pause
    for path in landed(paths, LANDING):
        assert "elements" in json.loads(path.read_text())  # no 429 body landed


def test_a_second_429_in_a_row_is_the_daily_quota_and_stops_the_account_until_midnight_utc(standin, paths) -> None:
    standin.script("share_statistics", throttled, times=2)
    pulled = pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "throttled"
    assert "daily quota" in pulled.report.message and "00:00 UTC" in pulled.report.message
    assert pulled.client.waits == [60.0] and pulled.client.requests == 2  # no third try, no long sleep
    assert _state(paths)["cursors"] == {}  # nothing advanced: the next run starts here
    assert landed(paths, LANDING) == []


# ---- what only a person can fix -------------------------------------------------------------------------


def test_a_retired_api_version_stops_the_account_naming_the_pinned_version(served, paths) -> None:
    standin = LinkedInStandIn(today=TODAY, first_day=FIRST, oldest_version="202612", newest_version="202701")
    served(standin, URL_ENV, prefix="/rest")
    pulled = pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "failed"
    message = pulled.report.message
    assert "426" in message and "NONEXISTENT_VERSION" in message and f"Requested version {LINKEDIN_VERSION}" in message
    assert f"pinned API version {LINKEDIN_VERSION}" in message and "LINKEDIN_VERSION" in message
    assert "newer active version" in message
    assert pulled.client.requests == 1 and pulled.client.waits == []  # never retried


@pytest.mark.parametrize(("kind", "code"), [("expired", "EXPIRED_ACCESS_TOKEN"), ("revoked", "REVOKED_ACCESS_TOKEN")])
def test_an_expired_or_revoked_token_stops_the_account_at_once_with_how_to_renew(standin, paths, kind, code) -> None:
    old = "AQX-old-linkedin-token"
    standin.tokens[old] = {ORGANIZATION_ID}
    getattr(standin, kind).add(old)
    pulled = pull_with(_puller(), _target(old), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "failed"
    message = pulled.report.message
    assert code in message and "resonance_linkedin" in message and "refresh token" in message
    assert "60 days" in message and old not in message
    assert pulled.client.requests == 1 and pulled.client.waits == []
    assert landed(paths, LANDING) == []


def test_a_missing_scope_stops_the_account_naming_the_scope(standin, paths) -> None:
    standin.scopes[TOKEN] = {"r_organization_social"}  # share statistics yes, follower statistics no
    pulled = pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "failed"
    assert "403" in pulled.report.message and "rw_organization_admin" in pulled.report.message
    assert len(standin.calls(FOLLOWERS)) == 1  # never retried
    assert "share_statistics" in _state(paths)["cursors"]  # what it may read was pulled


# ---- crashes, restatements, the horizon --------------------------------------------------------------------


def test_a_pull_that_fails_mid_pagination_then_reruns_twice_gives_exact_totals(standin, paths) -> None:
    # The third page of share statistics fails for good (every retry too): the pull stops mid-window.
    unavailable = json_answer({"status": 503, "code": "SERVICE_UNAVAILABLE", "message": "down"}, status=503)
    standin.script("share_statistics", unavailable, times=6, when=lambda r: r.query_params.get("start") == "20")
    first = pull_with(_puller(page_size=10), _target(), paths, today=TODAY, since=FIRST)
    assert first.report.outcome == "failed"
    assert "share_statistics" not in _state(paths)["cursors"]  # the window never completed
    ingest_landing(paths)
    for attempt in range(2):  # the rerun, and a rerun of the rerun: the same totals
        again = pull_with(_puller(page_size=10), _target(), paths, today=TODAY, since=FIRST)
        assert again.report.outcome == "ok", again.report.message
        ingest_landing(paths)
        assert _raw_totals(paths) == _served_totals(standin), attempt


def test_a_restated_day_replaces_the_older_numbers_on_the_next_pull(standin, paths) -> None:
    pull_with(_puller(), _target(), paths, today=TODAY)
    ingest_landing(paths)
    before = _raw_totals(paths)
    standin.restate(LAST - timedelta(days=2))  # inside the 5-day restatement window
    pulled = pull_with(_puller(), _target(), paths, today=TODAY)
    ingest_landing(paths)
    after = _raw_totals(paths)
    assert [e.first_day for e in pulled.report.endpoints] == [LAST - timedelta(days=4)] * 2  # 5 days, no more
    for endpoint in ("share_statistics", "follower_statistics"):
        assert after[endpoint][0] == before[endpoint][0] and after[endpoint][1] != before[endpoint][1]
    assert after == _served_totals(standin)


def test_the_first_pull_backfills_twelve_months_and_no_further(api, standin, paths) -> None:
    pulled = pull_with(_puller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok", pulled.report.message  # LinkedIn accepted every window
    oldest = date(2025, 12, 8)  # the oldest whole UTC day within 12 months of any moment of 2026-12-07
    for endpoint in pulled.report.endpoints:
        assert (endpoint.first_day, endpoint.last_day) == (oldest, LAST)
        assert f"backfilled from {oldest}" in endpoint.backfill_note
    starts = sorted(int(q.split("start:")[1].split(",")[0]) for q in standin.raw_queries)
    assert starts[0] == _ms(oldest)
    assert len(standin.calls(SHARES)) == 5  # 364 days, 90 per request
    # one day further back, or a day less than 2 days old, is what LinkedIn refuses
    yesterday = TODAY - timedelta(days=1)
    for window in (Window(oldest - timedelta(days=1), oldest), Window(yesterday, yesterday)):
        refused = httpx.get(_finder(api, window), headers=HEADERS)
        assert refused.status_code == 400 and refused.json()["message"] == "Invalid timeIntervals parameter"


def test_the_token_never_reaches_landing_or_the_state(standin, paths) -> None:
    echo = json_answer({"status": 429, "code": "TOO_MANY_REQUESTS", "message": f"slow down Bearer {TOKEN}"}, status=429)
    standin.script("follower_statistics", echo)
    pulled = pull_with(_puller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    written = [p.read_text() for p in paths.root.rglob("*") if p.is_file() and p.suffix == ".json"]
    assert written and not any(TOKEN in text for text in written)


def test_the_pinned_version_is_not_past_linkedins_one_year_support() -> None:
    """LinkedIn supports a version for at least a year after its release; past that it may answer 426 any day."""
    released = date(int(LINKEDIN_VERSION[:4]), int(LINKEDIN_VERSION[4:6]), 1)
    sunset = released.replace(year=released.year + 1)
    assert datetime.now(UTC).date() < sunset, (
        f"LinkedIn-Version {LINKEDIN_VERSION} is a year old: move LINKEDIN_VERSION in "
        "ingest/pull/platforms/linkedin.py to a newer active version"
    )
