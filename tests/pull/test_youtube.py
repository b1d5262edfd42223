"""YouTube Reporting API pulls against the stand-in: Google's refresh-token flow, the reporting job, reports
listed by createTime and downloaded (gzip or not), Google's throttles, crashes and restated days, down to the
raw table's totals."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest
from pulls import landed, pull_with

from ingest.load.loader import ingest_landing
from ingest.pull.accounts import Account, Credentials, Target
from ingest.pull.platforms.youtube import TOKEN_URL_ENV, URL_ENV, YouTubePuller, next_pacific_midnight
from ingest.samples.apis import json_answer
from ingest.samples.apis.youtube import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_REFRESH_TOKEN,
    Report,
    YouTubeStandIn,
    google_error,
    quota_exceeded,
    rate_limited,
    unauthenticated,
    unavailable,
)
from ingest.samples.youtube import YOUTUBE_CHANNEL_ID, channel_basic_csv

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # the platform's clock when TODAY's pull runs
MIDNIGHT = datetime(2026, 12, 7, tzinfo=UTC)  # the first pull lands every report created before this
JOB_CREATED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
EMPTY_DAY = date(2026, 11, 28)
RESTATED_DAY = date(2026, 11, 30)
LANDING = "northwindgear-youtube"
STATE = ("state", "pull", "youtube", f"{YOUTUBE_CHANNEL_ID}.json")


def _target(refresh_token: str = DEMO_REFRESH_TOKEN, channel: str = YOUTUBE_CHANNEL_ID) -> Target:
    creds = Credentials("resonance_youtube", refresh_token, DEMO_CLIENT_ID, {"client_secret": DEMO_CLIENT_SECRET})
    return Target(Account("youtube", channel, LANDING), creds)


@pytest.fixture
def api(served, monkeypatch: pytest.MonkeyPatch) -> YouTubeStandIn:
    """A channel whose job was created on 12-01: five days of history (11-26..11-30, created 12-03 12:00, the
    11-28 one empty), daily reports 12-01..12-05 (created two days later, the last one today), and 11-30
    restated the same day as its first report, six hours later (a backfill)."""
    standin = YouTubeStandIn(now=NOW)
    served_at = served(standin, URL_ENV)
    monkeypatch.setenv(TOKEN_URL_ENV, f"{served_at.url}/token")
    standin.job = standin.channel_with_history(JOB_CREATED, history_days=5, empty_days=frozenset({EMPTY_DAY}))
    standin.restate(standin.job, RESTATED_DAY, datetime(2026, 12, 3, 18, 0, tzinfo=UTC))
    return standin


def _raw_by_day(paths) -> dict[date, tuple[int, int]]:
    with duckdb.connect(str(paths.writer_db), read_only=True) as con:
        found = con.execute("select date, count(*), sum(views) from raw.youtube__channel_basic group by all").fetchall()
    return {day: (rows, views) for day, rows, views in found}


def _served_by_day(standin: YouTubeStandIn, reports: dict[date, Report]) -> dict[date, tuple[int, int]]:
    served = {}
    for day, report in reports.items():
        rows = standin.rows(report)
        if rows:
            served[day] = (len(rows), sum(r.views for r in rows))
    return served


def _downloaded(standin: YouTubeStandIn) -> list[str]:
    return [r.path.rsplit("/", 1)[1] for r in standin.calls("/v1/media/")]


def _lists(standin: YouTubeStandIn) -> list:
    return [r for r in standin.requests if r.path.endswith("/reports")]


def _state(paths) -> dict:
    return json.loads(paths.root.joinpath(*STATE).read_text())


def test_every_page_of_the_report_list_is_followed_and_each_report_landed_once(api, paths) -> None:
    puller = YouTubePuller()
    puller.page_size = 3
    pulled = pull_with(puller, _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok", pulled.report.message
    lists = _lists(api)
    assert [r.params.get("pageToken") is not None for r in lists] == [False, True, True, True]  # 11 listed, 3 a page
    assert all(r.params["createdAfter"] == "2026-10-07T23:59:59Z" for r in lists)
    wanted = sorted(r.id for r in api.listed(api.job) if r.created < MIDNIGHT)
    assert sorted(_downloaded(api)) == wanted and len(wanted) == 10  # not 12-05's, created today
    assert len(landed(paths, LANDING)) == 9  # the empty day is not landed
    ingest_landing(paths)
    assert _raw_by_day(paths) == _served_by_day(api, api.latest(api.job, created_before=MIDNIGHT))


def test_a_restated_report_in_the_same_pull_wins_in_the_raw_table(api, paths) -> None:
    first, restated = sorted((r for r in api.reports if r.day == RESTATED_DAY), key=lambda r: r.created)
    assert _lists(api) == []  # the stand-in lists newest first: the puller must order them itself
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok", pulled.report.message
    names = [p.name for p in landed(paths, LANDING) if f"_{RESTATED_DAY:%Y%m%d}_" in p.name]
    assert len(names) == 2  # both land: landing keeps what YouTube said, and when
    ingest_landing(paths)
    restated_rows = api.rows(restated)
    assert _raw_by_day(paths)[RESTATED_DAY] == (len(restated_rows), sum(r.views for r in restated_rows))
    assert sum(r.views for r in api.rows(first)) != sum(r.views for r in restated_rows)


def test_a_second_pull_downloads_only_reports_created_after_the_cursor_and_a_restatement_wins(api, paths) -> None:
    pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    ingest_landing(paths)
    assert _state(paths)["cursors"]["channel_basic_a3"]["through"] == "2026-12-06"
    before = set(_downloaded(api))
    api.now = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
    new = {
        api.publish(api.job, date(2026, 12, 6), datetime(2026, 12, 8, 6, 0, tzinfo=UTC)).id,
        api.restate(api.job, date(2026, 12, 2), datetime(2026, 12, 8, 9, 0, tzinfo=UTC)).id,
        next(r.id for r in api.reports if r.day == date(2026, 12, 5)),  # created 12-07 06:00, after the cursor
    }
    pulled = pull_with(YouTubePuller(), _target(), paths, today=date(2026, 12, 9))
    assert pulled.report.outcome == "ok", pulled.report.message
    assert set(_downloaded(api)) - before == new and len(_downloaded(api)) == len(before) + 3
    assert _lists(api)[-1].params["createdAfter"] == "2026-12-06T23:59:59Z"
    ingest_landing(paths)
    served = _served_by_day(api, api.latest(api.job, created_before=datetime(2026, 12, 9, tzinfo=UTC)))
    assert _raw_by_day(paths) == served
    assert served[date(2026, 12, 2)] == _served_by_day(api, {date(2026, 12, 2): api.reports[-1]})[date(2026, 12, 2)]
    again = pull_with(YouTubePuller(), _target(), paths, today=date(2026, 12, 9))
    assert again.client.requests == 0  # the cursor is through yesterday: nothing to ask


def test_a_missing_job_is_created_and_the_pull_says_reports_come_in_48_hours(served, monkeypatch, paths, caplog):
    standin = YouTubeStandIn(now=NOW)
    monkeypatch.setenv(TOKEN_URL_ENV, f"{served(standin, URL_ENV).url}/token")
    with caplog.at_level(logging.WARNING, logger="ingest.pull.platforms.youtube"):
        pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok" and pulled.report.files == 0
    (create,) = [r for r in standin.calls("/v1/jobs") if r.method == "POST"]
    assert json.loads(create.body)["reportTypeId"] == "channel_basic_a3"
    assert "48 hours" in caplog.text
    (job,) = standin.jobs
    standin.now = NOW + timedelta(hours=49)  # YouTube has made the job's history
    for day in (date(2026, 12, 4), date(2026, 12, 5), date(2026, 12, 6)):
        standin.publish(job, day, NOW + timedelta(hours=48), history=True)
    later = pull_with(YouTubePuller(), _target(), paths, today=date(2026, 12, 10))
    assert later.report.outcome == "ok" and later.report.files == 3
    assert [r.method for r in standin.calls("/v1/jobs")].count("POST") == 1  # found, not created again


def test_a_job_the_api_no_longer_knows_is_created_again(api, paths, caplog) -> None:
    def gone(request):
        api.delete_job(api.job)
        return google_error(404, "NOT_FOUND", "Requested entity was not found.", reason="notFound")

    api.script("reports.list", gone)
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert [r.method for r in api.calls("/v1/jobs") if r.path == "/v1/jobs"] == ["GET", "GET", "POST"]
    assert "gone (404)" in caplog.text
    assert landed(paths, LANDING) == []  # a new job has no reports yet


def test_daily_quota_exhausted_stops_the_channel_until_midnight_pacific(api, paths) -> None:
    api.script("reports.list", quota_exceeded)
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "throttled"
    assert "quotaExceeded" in pulled.report.message and "midnight Pacific" in pulled.report.message
    assert pulled.client.requests == 3 and pulled.client.waits == []  # token, jobs, the list: never retried
    assert "channel_basic_a3" not in _state(paths)["cursors"]


def test_429_and_503_wait_as_retry_after_says_then_back_off(api, paths) -> None:
    api.script("reports.list", rate_limited(7))
    api.script("download", unavailable(2))
    api.script("download", unavailable())
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert pulled.client.waits == [7.0, 2.0, 2.0]  # the same download's third try: backoff (1, 2, ...) s
    ingest_landing(paths)
    assert _raw_by_day(paths) == _served_by_day(api, api.latest(api.job, created_before=MIDNIGHT))


def test_a_revoked_refresh_token_is_fatal_at_once_with_what_to_do(api, paths) -> None:
    api.revoked.add(DEMO_REFRESH_TOKEN)
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "failed"
    message = pulled.report.message
    assert "invalid_grant" in message and "resonance_youtube" in message and "consent" in message
    assert DEMO_REFRESH_TOKEN not in message and DEMO_CLIENT_SECRET not in message
    assert pulled.client.requests == 1  # never retried
    assert landed(paths, LANDING) == []


def test_an_expired_access_token_is_refreshed_once_and_the_pull_goes_on(api, paths) -> None:
    def expire(request):
        api.expire_access_tokens()
        return unauthenticated()

    api.script("download", expire, when=lambda r: "202612" in r.url.path)
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert len(api.calls("/token")) == 2 and len(api.issued) == 2
    ingest_landing(paths)
    assert _raw_by_day(paths) == _served_by_day(api, api.latest(api.job, created_before=MIDNIGHT))


def test_a_google_account_without_a_channel_fails_after_one_refresh(api, paths) -> None:
    api.refresh_tokens["1//0no-channel-refresh-token"] = None
    pulled = pull_with(YouTubePuller(), _target("1//0no-channel-refresh-token"), paths, today=TODAY)
    assert pulled.report.outcome == "failed"
    assert "no YouTube channel" in pulled.report.message and "resonance_youtube" in pulled.report.message
    assert [r.path for r in api.requests] == ["/token", "/v1/jobs", "/token", "/v1/jobs"]
    assert not any(token in pulled.report.message for token in api.issued)


def test_a_token_consented_for_another_channel_stops_that_account(api, paths) -> None:
    pulled = pull_with(YouTubePuller(), _target(channel="UCsomeOtherChannel00000"), paths, today=TODAY)
    assert pulled.report.outcome == "failed"
    assert YOUTUBE_CHANNEL_ID in pulled.report.message and "another channel" in pulled.report.message
    assert landed(paths, LANDING) == []


def test_a_pull_failing_mid_listing_or_mid_download_then_rerun_twice_gives_exact_totals(api, paths) -> None:
    puller = YouTubePuller()
    puller.page_size = 3
    api.script("reports.list", unavailable(), times=6, when=lambda r: "pageToken" in r.query_params)
    failed = pull_with(puller, _target(), paths, today=TODAY)
    assert failed.report.outcome == "failed" and landed(paths, LANDING) == []
    # Then a download fails for good: the windows before it are landed, the cursor stops before it.
    stuck = next(r for r in api.reports if r.day == date(2026, 12, 2))  # created 12-04
    api.script("download", unavailable(), times=6, when=lambda r: stuck.id in r.url.path)
    partial = pull_with(puller, _target(), paths, today=TODAY)
    assert partial.report.outcome == "failed"
    assert _state(paths)["cursors"]["channel_basic_a3"]["through"] == "2026-12-03"
    assert len(landed(paths, LANDING)) == 6  # created through 12-03: history (4 with rows), its restatement, 12-01
    ingest_landing(paths)
    for attempt in range(2):  # the rerun, and a rerun of the rerun
        again = pull_with(puller, _target(), paths, today=TODAY)
        assert again.report.outcome == "ok", again.report.message
        ingest_landing(paths)
        assert _raw_by_day(paths) == _served_by_day(api, api.latest(api.job, created_before=MIDNIGHT)), attempt
    # Each report downloaded once (the failed listing downloaded nothing), the stuck one tried 6 more times.
    once = [r.id for r in api.listed(api.job) if r.created < MIDNIGHT]
    assert sorted(_downloaded(api)) == sorted(once + [stuck.id] * 6)


def test_the_first_pull_backfills_what_youtube_keeps_bounded_by_60_days(served, monkeypatch, paths) -> None:
    standin = YouTubeStandIn(now=NOW, videos=1, retention=timedelta(days=90), page_size=100)
    monkeypatch.setenv(TOKEN_URL_ENV, f"{served(standin, URL_ENV).url}/token")
    job = standin.channel_with_history(datetime(2026, 9, 1, tzinfo=UTC), history_days=0)
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    endpoint = pulled.report.endpoints[0]
    assert endpoint.first_day == date(2026, 10, 8) and endpoint.last_day == date(2026, 12, 6)
    assert "backfilled from 2026-10-08 (the platform keeps 60 days)" in endpoint.backfill_note
    (listing,) = _lists(standin)
    assert listing.params["createdAfter"] == "2026-10-07T23:59:59Z"
    days = sorted(r.day for r in standin.reports if r.id in set(_downloaded(standin)))
    assert days[0] == date(2026, 10, 6) and days[-1] == date(2026, 12, 4)  # created 10-08 .. 12-06
    assert len(standin.listed(job)) > len(days)  # the stand-in kept older ones; the pull did not reach them
    assert _state(paths)["backfill"]["channel_basic_a3"] == {"first_day": "2026-10-08", "horizon_days": 60}


def test_header_only_empty_days_are_not_landed_nor_quarantined(api, paths) -> None:
    empty = next(r for r in api.reports if r.day == EMPTY_DAY)
    pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert empty.id in _downloaded(api)
    assert not [p for p in landed(paths, LANDING) if f"_{EMPTY_DAY:%Y%m%d}_" in p.name]
    ingest_landing(paths)
    assert EMPTY_DAY not in _raw_by_day(paths)
    assert not [p for p in paths.quarantine.rglob("*") if p.is_file()]


def test_gzip_downloads_land_as_the_plain_csv(api, paths) -> None:
    pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    files = {p.name: p.read_bytes() for p in landed(paths, LANDING)}
    modes = set()
    for report in api.listed(api.job):
        if report.created >= MIDNIGHT or report.empty:
            continue
        (body,) = [b for name, b in files.items() if f"_created{report.created:%Y%m%dT%H%M%S}Z" in name
                   and f"_{report.day:%Y%m%d}_" in name]  # fmt: skip
        assert body == channel_basic_csv(api.rows(report)).encode()
        modes.add(report.compression)
    assert modes == {"", "gzip", "gzip-file"}
    assert all(r.headers.get("accept-encoding", "").startswith("gzip") for r in api.calls("/v1/media/"))


def test_no_token_reaches_landing_or_the_state(api, paths) -> None:
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "ok"
    written = [p.read_text() for p in paths.root.rglob("*") if p.is_file() and p.suffix in {".json", ".csv"}]
    secrets = [*api.issued, DEMO_REFRESH_TOKEN, DEMO_CLIENT_SECRET]
    assert written and not any(s in text for s in secrets for text in written)
    assert all(r.headers["authorization"] == f"Bearer {api.issued[0]}" for r in api.calls("/v1/"))
    assert "authorization" not in api.calls("/token")[0].headers


def test_an_error_echoing_the_access_token_is_redacted(api, paths) -> None:
    def echo(request):
        said = f"Invalid argument in {request.headers['authorization']} for {DEMO_REFRESH_TOKEN}"
        return google_error(400, "INVALID_ARGUMENT", said, reason="badRequest")

    api.script("reports.list", echo)
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "failed" and "INVALID_ARGUMENT" in pulled.report.message
    assert api.issued and not any(s in pulled.report.message for s in [*api.issued, DEMO_REFRESH_TOKEN])
    assert "REDACTED" in pulled.report.message
    assert api.issued[0] not in paths.root.joinpath(*STATE).read_text()


def test_a_download_url_on_another_host_never_gets_the_token(api, paths) -> None:
    report = {"id": "1", "jobId": api.job, "startTime": "2026-12-01T08:00:00Z", "endTime": "2026-12-02T08:00:00Z",
              "createTime": "2026-12-03T06:00:00Z", "downloadUrl": "https://elsewhere.example/v1/media/1"}  # fmt: skip
    api.script("reports.list", json_answer({"reports": [report]}))
    pulled = pull_with(YouTubePuller(), _target(), paths, today=TODAY)
    assert pulled.report.outcome == "failed" and "elsewhere.example" in pulled.report.message
    assert landed(paths, LANDING) == []


def test_the_daily_quota_resets_at_midnight_pacific_summer_and_winter() -> None:
    assert next_pacific_midnight(datetime(2026, 12, 7, 10, 0, tzinfo=UTC)) == datetime(2026, 12, 8, 8, tzinfo=UTC)
    assert next_pacific_midnight(datetime(2026, 7, 1, 6, 59, tzinfo=UTC)) == datetime(2026, 7, 1, 7, tzinfo=UTC)
