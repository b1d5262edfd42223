"""TikTok API for Business pulls against the stand-in: paging, HTTP-200 throttles, shrinking, tokens,
crashes and restatements, down to the raw table's totals."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import duckdb
import pytest
from pulls import landed, pull_with, target

from ingest.load.loader import ingest_landing
from ingest.pull.platforms.tiktok import URL_ENV, TikTokAdsPuller
from ingest.samples.apis import json_answer
from ingest.samples.apis.tiktok import TikTokStandIn, maintenance, throttled
from ingest.samples.tiktok import TIKTOK_ADVERTISER_ID

TODAY = date(2026, 12, 7)
FIRST = date(2026, 11, 1)  # the stand-in's first day with spend
LANDING = "northwind-tiktok-ads"
TOKEN = "tiktok-demo-token"


def _target(token: str = TOKEN, advertiser: str = TIKTOK_ADVERTISER_ID):
    return target("tiktok_ads", advertiser, LANDING, token, "resonance_tiktok")


def _served_totals(standin: TikTokStandIn, first: date, last: date) -> tuple[int, Decimal]:
    """Ad-level rows and spend the stand-in serves for the days, as of now."""
    items = standin.items(TIKTOK_ADVERTISER_ID, "AUCTION_AD", first, last)
    return len(items), sum((Decimal(i["metrics"]["spend"]) for i in items), Decimal(0))


def _raw_totals(paths) -> tuple[int, Decimal]:
    with duckdb.connect(str(paths.writer_db), read_only=True) as con:
        ((rows, spend),) = con.execute(
            "select count(*), sum(spend) from raw.tiktok_ads__report where data_level = 'AUCTION_AD'"
        ).fetchall()
    return rows, spend


@pytest.fixture
def standin(served) -> TikTokStandIn:
    standin = TikTokStandIn(first_day=FIRST)
    served(standin, URL_ENV)
    return standin


def test_every_page_is_followed_and_landed_as_its_own_file(standin, paths) -> None:
    puller = TikTokAdsPuller()
    puller.page_size = 25
    pulled = pull_with(puller, _target(), paths, today=TODAY, since=FIRST)
    rows, _ = _served_totals(standin, FIRST, date(2026, 12, 6))
    assert pulled.report.outcome == "ok", pulled.report.message
    ad_pages = [p for p in landed(paths, LANDING) if "/report_ad/" in p.as_posix()]
    assert sum(len(json.loads(p.read_text())["data"]["list"]) for p in ad_pages) == rows == 36 * 4
    asked = [int(r.params["page"]) for r in standin.calls("/report/") if r.params["data_level"] == "AUCTION_AD"]
    assert asked == [1, 2, 3, 4, 5, 1]  # 30 days x 4 ads in pages of 25, then 6 days (24 rows, one page)
    assert all(int(r.params["page_size"]) == 25 for r in standin.calls("/report/"))


def test_a_throttle_sent_with_http_200_is_retried_not_landed(standin, paths) -> None:
    standin.script("report", throttled, times=2)
    standin.script("report", maintenance)
    pulled = pull_with(TikTokAdsPuller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert pulled.client.waits == [1.0, 2.0, 4.0]  # backoff: TikTok gives no wait time
    for path in landed(paths, LANDING):
        assert json.loads(path.read_text())["code"] == 0  # no error envelope reached landing
    rows, spend = _served_totals(standin, FIRST, date(2026, 12, 6))
    ingest_landing(paths)
    assert _raw_totals(paths) == (rows, spend)


def test_query_too_large_halves_the_window_until_the_platform_accepts_it(served, paths) -> None:
    standin = TikTokStandIn(first_day=FIRST, max_days=8)
    served(standin, URL_ENV)
    pulled = pull_with(TikTokAdsPuller(), _target(), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "ok", pulled.report.message
    spans = {(r.params["start_date"], r.params["end_date"]) for r in standin.calls("/report/")}
    accepted = [s for s in spans if (date.fromisoformat(s[1]) - date.fromisoformat(s[0])).days < 8]
    assert ("2026-11-01", "2026-11-30") in spans  # asked first, refused with 40067
    assert len(accepted) >= 5
    ingest_landing(paths)
    assert _raw_totals(paths) == _served_totals(standin, FIRST, date(2026, 12, 6))


def test_a_revoked_token_stops_that_advertiser_at_once_with_what_to_do(standin, paths) -> None:
    standin.revoked.add("old-token")
    pulled = pull_with(TikTokAdsPuller(), _target("old-token"), paths, today=TODAY, since=FIRST)
    assert pulled.report.outcome == "failed"
    assert "40001" in pulled.report.message and "resonance_tiktok" in pulled.report.message
    assert "old-token" not in pulled.report.message
    assert pulled.client.requests == 1  # never retried
    assert landed(paths, LANDING) == []


def test_an_advertiser_the_token_cannot_see_fails_alone(standin, paths) -> None:
    other = pull_with(TikTokAdsPuller(), _target(advertiser="999"), paths, today=TODAY, since=FIRST)
    good = pull_with(TikTokAdsPuller(), _target(), paths, today=TODAY, since=FIRST)
    assert (other.report.outcome, good.report.outcome) == ("failed", "ok")
    assert "40002" in other.report.message


def test_a_pull_killed_mid_pagination_then_rerun_gives_exact_totals(standin, paths) -> None:
    puller = TikTokAdsPuller()
    puller.page_size = 25
    # The third page fails for good (every retry too): the pull stops mid-window, as a killed one would.
    unavailable = json_answer({"code": 50000, "message": "System error"}, status=503)
    standin.script("report", unavailable, times=6, when=lambda r: r.query_params.get("page") == "3")
    first = pull_with(puller, _target(), paths, today=TODAY, since=FIRST)
    assert first.report.outcome == "failed"
    state = json.loads(next((paths.root / "state" / "pull" / "tiktok_ads").glob("*.json")).read_text())
    assert "report_ad" not in state["cursors"]  # the window never completed: the cursor did not move
    ingest_landing(paths)
    for attempt in range(2):  # the rerun, and a rerun of the rerun: the same totals
        again = pull_with(puller, _target(), paths, today=TODAY, since=FIRST)
        assert again.report.outcome == "ok", again.report.message
        ingest_landing(paths)
        assert _raw_totals(paths) == _served_totals(standin, FIRST, date(2026, 12, 6)), attempt


def test_a_restated_day_replaces_the_older_numbers_on_the_next_pull(standin, paths) -> None:
    pull_with(TikTokAdsPuller(), _target(), paths, today=TODAY)
    ingest_landing(paths)
    before = _raw_totals(paths)
    standin.restate(date(2026, 12, 4))  # inside the 7-day restatement window
    pulled = pull_with(TikTokAdsPuller(), _target(), paths, today=TODAY)
    ingest_landing(paths)
    after = _raw_totals(paths)
    assert pulled.report.endpoints[0].first_day == date(2026, 11, 30)  # cursor 12-06 minus 7 days, no more
    assert after[0] == before[0] and after[1] != before[1]
    assert after == _served_totals(standin, FIRST, date(2026, 12, 6))


def test_the_first_pull_backfills_to_the_horizon_and_says_so(standin, paths) -> None:
    pulled = pull_with(TikTokAdsPuller(), _target(), paths, today=TODAY)
    ad = pulled.report.endpoints[0]
    assert ad.first_day == date(2025, 12, 7) and ad.last_day == date(2026, 12, 6)
    assert "backfilled from 2025-12-07" in ad.backfill_note
    assert len({r.params["start_date"] for r in standin.calls("/report/")}) == 13  # 366 days, 30 per request


def test_the_token_never_reaches_landing_or_the_state(standin, paths) -> None:
    standin.script("report", json_answer({"code": 40100, "message": f"slow down {TOKEN}", "request_id": "r"}))
    pull_with(TikTokAdsPuller(), _target(), paths, today=TODAY, since=FIRST)
    written = [p.read_text() for p in paths.root.rglob("*") if p.is_file() and p.suffix == ".json"]
    assert written and not any(TOKEN in text for text in written)
    assert all(r.headers["access-token"] == TOKEN for r in standin.calls("/report/"))
