"""Meta Marketing API campaign insights against the stand-in: plain paging for short windows, async report runs
for long ones (polled, deferred to Airflow and resumed, failed and split, stuck), shrinking, restatement and the
37-month horizon, down to the raw table's totals."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from meta_helpers import AD_ACCOUNT, ADS_LANDING, TODAY, TOKEN, ads_target, raw_ads, served_ads
from pulls import landed, pull_with

from ingest.load.loader import ingest_landing
from ingest.pull.platforms.meta import URL_ENV, MetaAdsPuller
from ingest.pull.run import JobPending
from ingest.pull.state import PullState
from ingest.samples.apis import json_answer
from ingest.samples.apis.meta import MetaStandIn, failed_job, reduce_data, skipped_job, stuck_job

YESTERDAY = TODAY - timedelta(days=1)
INSIGHTS = f"/act_{AD_ACCOUNT}/insights"


@pytest.fixture
def standin(served) -> MetaStandIn:
    standin = MetaStandIn()
    served(standin, URL_ENV)
    return standin


def _posts(standin: MetaStandIn) -> list:
    return [r for r in standin.requests if r.method == "POST"]


def _polls(standin: MetaStandIn) -> list:
    return [r for r in standin.requests if r.path.rsplit("/", 1)[-1] in standin.jobs]


def _ranges(requests: list) -> list[tuple[str, str]]:
    return [
        (json.loads(r.params["time_range"])["since"], json.loads(r.params["time_range"])["until"]) for r in requests
    ]


def test_a_short_window_is_read_synchronously_following_every_page(standin, paths) -> None:
    puller = MetaAdsPuller()
    puller.page_limit = 5
    pulled = pull_with(puller, ads_target(), paths, today=TODAY, since=date(2026, 12, 1))
    assert pulled.report.outcome == "ok", pulled.report.message
    asked = [r for r in standin.requests if r.path.endswith(INSIGHTS)]
    assert [r.method for r in asked] == ["GET"] * 5 and not standin.jobs  # 6 days x 4 campaigns in pages of 5
    assert [bool(r.params.get("after")) for r in asked] == [False, True, True, True, True]
    assert all(r.params["level"] == "campaign" and r.params["time_increment"] == "1" for r in asked)
    assert all(r.path.startswith("/v24.0/") for r in standin.requests)
    ingest_landing(paths)
    assert raw_ads(paths) == served_ads(standin, date(2026, 12, 1), YESTERDAY) and raw_ads(paths)[0] == 24


def test_a_long_window_is_an_async_report_run_started_polled_and_read(standin, paths) -> None:
    puller = MetaAdsPuller()
    puller.page_limit = 50
    pulled = pull_with(puller, ads_target(), paths, today=TODAY, since=date(2026, 11, 1))
    assert pulled.report.outcome == "ok", pulled.report.message
    assert _ranges(_posts(standin)) == [("2026-11-01", "2026-12-06")]
    (run,) = standin.jobs
    assert len(_polls(standin)) == 3  # Not Started, Running 50 %, Completed 100 %
    results = [r for r in standin.requests if r.path.endswith(f"/{run}/insights")]
    assert len(results) == 3  # 36 days x 4 campaigns = 144 rows, pages of 50
    ingest_landing(paths)
    assert raw_ads(paths) == served_ads(standin, date(2026, 11, 1), YESTERDAY) and raw_ads(paths)[0] == 144


def test_with_defer_jobs_a_started_run_is_handed_to_airflow_then_read_without_starting_another(standin, paths) -> None:
    since = date(2026, 11, 1)
    with pytest.raises(JobPending) as pending:
        pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=since, defer_jobs=True)
    job = pending.value.job
    assert list(standin.jobs) == [job] and _polls(standin) == []  # started, not polled in the worker
    state = PullState.load(paths.root, "meta_ads", AD_ACCOUNT)
    assert state.pending_job("campaign_insights", "2026-11-01_2026-12-06") == job
    assert state.data["last_pull"]["outcome"] == "waiting"
    puller = MetaAdsPuller()  # what the trigger does between the two attempts: ask until done
    client = puller.client(ads_target())
    statuses = [puller.job_status(client, ads_target(), job) for _ in range(3)]
    client.close()
    assert statuses == ["running", "running", "done"]
    resumed = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=since, defer_jobs=True)
    assert resumed.report.outcome == "ok", resumed.report.message
    assert len(_posts(standin)) == 1  # no second job
    assert (
        PullState.load(paths.root, "meta_ads", AD_ACCOUNT).pending_job("campaign_insights", "2026-11-01_2026-12-06")
        is None
    )
    ingest_landing(paths)
    assert raw_ads(paths) == served_ads(standin, since, YESTERDAY)


def test_a_resumed_run_still_running_defers_again(standin, paths) -> None:
    with pytest.raises(JobPending) as first:
        pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=date(2026, 11, 1), defer_jobs=True)
    with pytest.raises(JobPending) as again:
        pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=date(2026, 11, 1), defer_jobs=True)
    assert again.value.job == first.value.job and len(_posts(standin)) == 1 and len(_polls(standin)) == 1


@pytest.mark.parametrize("outcome", [failed_job, skipped_job], ids=["failed", "skipped"])
def test_a_failed_run_splits_the_window_and_halves_of_a_week_are_read_synchronously(standin, paths, outcome) -> None:
    standin.script("report_run", outcome)
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=date(2026, 11, 23))
    assert pulled.report.outcome == "ok", pulled.report.message
    assert _ranges(_posts(standin)) == [("2026-11-23", "2026-12-06")]  # 14 days: async, failed
    synchronous = [r for r in standin.requests if r.path.endswith(INSIGHTS) and r.method == "GET"]
    assert _ranges(synchronous) == [("2026-11-23", "2026-11-29"), ("2026-11-30", "2026-12-06")]
    ingest_landing(paths)
    assert raw_ads(paths) == served_ads(standin, date(2026, 11, 23), YESTERDAY)


def test_a_run_meta_cannot_build_is_split_until_its_parts_complete(served, paths) -> None:
    standin = MetaStandIn(fail_jobs_over_days=20)
    served(standin, URL_ENV)
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=date(2026, 11, 1))
    assert pulled.report.outcome == "ok", pulled.report.message
    assert _ranges(_posts(standin)) == [("2026-11-01", "2026-12-06"), ("2026-11-01", "2026-11-18"),
                                        ("2026-11-19", "2026-12-06")]  # fmt: skip
    ingest_landing(paths)
    assert raw_ads(paths) == served_ads(standin, date(2026, 11, 1), YESTERDAY)


def test_a_stuck_run_is_given_up_after_the_timeout_without_landing_anything(standin, paths) -> None:
    standin.script("report_run", stuck_job, times=100)
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=date(2026, 11, 1))
    assert pulled.report.outcome == "failed"
    assert "still 'Job Running at 0 %' after 30 minutes" in pulled.report.message
    assert 10 <= len(_polls(standin)) <= 40  # 5 s doubling to 60 s, for 30 minutes
    assert landed(paths, ADS_LANDING) == []


def test_too_many_rows_and_reduce_the_data_halve_the_window(served, paths) -> None:
    standin = MetaStandIn(max_rows=20)  # a week is 28 rows: "Too many rows"
    served(standin, URL_ENV)
    standin.script("ads_insights", reduce_data, when=lambda r: json.loads(r.query_params["time_range"])["since"]
                   == "2026-12-03")  # fmt: skip
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=date(2026, 11, 30))
    assert pulled.report.outcome == "ok", pulled.report.message
    asked = _ranges([r for r in standin.requests if r.path.endswith(INSIGHTS)])
    assert asked == [("2026-11-30", "2026-12-06"), ("2026-11-30", "2026-12-02"), ("2026-12-03", "2026-12-06"),
                     ("2026-12-03", "2026-12-04"), ("2026-12-05", "2026-12-06")]  # fmt: skip
    ingest_landing(paths)
    assert raw_ads(paths) == served_ads(standin, date(2026, 11, 30), YESTERDAY)


def test_a_pull_failing_mid_pagination_then_rerun_twice_gives_exact_totals(standin, paths) -> None:
    puller = MetaAdsPuller()
    puller.page_limit = 5
    unavailable = json_answer({"error": {"message": "An unknown error has occurred.", "type": "OAuthException",
                                         "code": 1, "is_transient": False, "fbtrace_id": "x"}}, status=500)  # fmt: skip
    third = "b2Zmc2V0OjEw"  # the cursor of rows 10.. (page 3)
    standin.script("ads_insights", unavailable, times=6, when=lambda r: r.query_params.get("after") == third)
    first = pull_with(puller, ads_target(), paths, today=TODAY, since=date(2026, 12, 1))
    assert first.report.outcome == "failed" and first.client.waits == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert "campaign_insights" not in PullState.load(paths.root, "meta_ads", AD_ACCOUNT).data["cursors"]
    assert landed(paths, ADS_LANDING) == []  # a window's pages land together or not at all
    for attempt in range(2):
        again = pull_with(puller, ads_target(), paths, today=TODAY, since=date(2026, 12, 1))
        assert again.report.outcome == "ok", again.report.message
        ingest_landing(paths)
        assert raw_ads(paths) == served_ads(standin, date(2026, 12, 1), YESTERDAY), attempt


def test_a_restated_day_within_28_days_replaces_the_older_numbers(standin, paths) -> None:
    pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=date(2026, 10, 1))
    ingest_landing(paths)
    before = raw_ads(paths)
    standin.restate(date(2026, 11, 12))  # a late conversion, 25 days back
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY)
    assert pulled.report.endpoints[0].first_day == date(2026, 11, 9)  # cursor 12-06 minus 28 days
    ingest_landing(paths)
    after = raw_ads(paths)
    assert after[0] == before[0] and after[1] != before[1]
    assert after == served_ads(standin, date(2026, 10, 1), YESTERDAY)


def test_the_first_pull_backfills_37_months_in_async_runs_and_never_asks_older(standin, paths) -> None:
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok", pulled.report.message
    endpoint = pulled.report.endpoints[0]
    assert endpoint.first_day == TODAY - timedelta(days=1123) == date(2023, 11, 10)
    assert "backfilled from 2023-11-10" in endpoint.backfill_note
    ranges = _ranges(_posts(standin))
    assert len(ranges) == 13 and ranges[0][0] == "2023-11-10" and ranges[-1][1] == "2026-12-06"
    ingest_landing(paths)
    assert raw_ads(paths) == served_ads(standin, date(2023, 11, 10), YESTERDAY)


def test_no_token_reaches_landing_the_state_or_a_url(standin, paths) -> None:
    puller = MetaAdsPuller()
    puller.page_limit = 5
    pull_with(puller, ads_target(), paths, today=TODAY, since=date(2026, 12, 1))
    pages = [p.read_text() for p in landed(paths, ADS_LANDING)]
    nexts = [json.loads(text)["paging"].get("next", "") for text in pages]
    assert sum("access_token=REDACTED" in n for n in nexts) == 4  # every page but the last had a next URL
    written = [p.read_text() for p in paths.root.rglob("*") if p.is_file() and p.suffix == ".json"]
    assert written and not any(TOKEN in text for text in written)
    assert all("access_token" not in r.params for r in standin.requests)  # followed without the token in the URL
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in standin.requests)
