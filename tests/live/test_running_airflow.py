"""The running system: Airflow's own components (`airflow standalone`: scheduler, dag-processor, triggerer,
api-server) on a throwaway root turn every dropped export into fresh marts, one after another: a restated
export replaces the numbers it restates, an export announced through the REST API gets through as well, a
pull from the platforms' APIs (local stand-ins on 127.0.0.1, Meta's report run waited for on the
triggerer) reaches the marts, and an export that breaks a dbt test leaves serving as it was until its
corrected export arrives. Nothing here calls a DAG's code directly; every test asserts on the serving file,
the only thing BI reads.

One module-scoped Airflow serves every test (start-up costs about a minute), in file order: the broken
export comes last, since until it is corrected every build of X's exports fails. The finalizer stops
every process it started. The waits are bounds on a broken system, not performance assertions.
"""

from __future__ import annotations

import json
import random
import socket
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import psutil
import pytest

from ingest.config import Paths
from ingest.landing.announce import AirflowApi
from ingest.orchestration.pull import JOB_POLL_ENV
from ingest.orchestration.standalone import Standalone
from ingest.pull.platforms import meta as meta_pull
from ingest.pull.platforms import tiktok as tiktok_pull
from ingest.pull.state import PullState
from ingest.samples.apis import serve
from ingest.samples.apis.meta import MetaStandIn
from ingest.samples.apis.tiktok import TikTokStandIn
from ingest.samples.meta_ads import META_ACCOUNTS
from ingest.samples.tiktok import TIKTOK_ADVERTISER_ID
from ingest.samples.x import X_COUNTS, Tweet, snowflake, write_x_tweet_activity

pytestmark = pytest.mark.slow

INGEST, TRANSFORM, PULL = "resonance_ingest", "resonance_transform", "resonance_pull"
BOUND_SECONDS = 900  # a broken pipeline fails here; a healthy one takes a few minutes on 2 busy cores


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The platforms' APIs the pull DAG reads: Meta's Marketing API and TikTok's API for Business, as stand-ins.
AD_ACCOUNT, TIKTOK_LANDING = META_ACCOUNTS[0][1], "northwind-tiktok-ads"


@pytest.fixture(scope="module")
def platform_apis():
    """The stand-ins on 127.0.0.1, and the API URLs the Airflow processes pull from. The connections are
    created by the pull test through the REST API (Airflow's metadata DB, as Admin > Connections does):
    until then the pull DAG's runs (the scheduler starts one for the latest hourly tick at start-up) find
    no connection and skip every family."""
    today = datetime.now(UTC).date()
    meta, tiktok = MetaStandIn(today=today), TikTokStandIn(first_day=today - timedelta(days=60))
    with serve(meta) as meta_api, serve(tiktok) as tiktok_api:
        env = {
            meta_pull.URL_ENV: meta_api.url,
            tiktok_pull.URL_ENV: tiktok_api.url,
            JOB_POLL_ENV: "2",  # the triggerer asks about a report run every 2 s (30 s for Meta by default)
        }
        yield meta, tiktok, env


CONNECTIONS = (
    {"connection_id": "resonance_meta", "conn_type": "generic", "password": "meta-demo-token",
     "extra": json.dumps({"accounts": {"meta_ads": [{"id": AD_ACCOUNT}]}})},
    {"connection_id": "resonance_tiktok", "conn_type": "generic", "password": "tiktok-demo-token",
     "extra": json.dumps({"accounts": {"tiktok_ads": [{"id": TIKTOK_ADVERTISER_ID, "landing": TIKTOK_LANDING}]}})},
)  # fmt: skip


@pytest.fixture(scope="module")
def airflow(tmp_path_factory, platform_apis):
    home = Paths(tmp_path_factory.mktemp("live") / "home")
    # A 5-second watcher poll (30 s by default) keeps the waits short; the behaviour is the same.
    extra_env = {"RESONANCE_LANDING_POLL_SECONDS": "5", **platform_apis[2]}
    standalone = Standalone(home, port=_free_port(), user="producer", extra_env=extra_env)
    try:
        standalone.start(timeout=BOUND_SECONDS)
        api = AirflowApi.login(standalone.base_url, "producer", standalone.password())
        _wait_for(lambda: _dags_parsed(api), "the dag-processor to parse the DAGs")
        yield standalone, api
    finally:
        started = _process_tree(standalone)
        standalone.stop()
    assert standalone.process.poll() is not None, "airflow standalone still running after stop()"
    left = [p for p in started if _alive(p)]
    assert not left, f"processes outlived stop(): {[p.cmdline()[:3] for p in left]}"


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _process_tree(standalone: Standalone) -> list[psutil.Process]:
    if standalone.process is None or standalone.process.poll() is not None:
        return []
    parent = psutil.Process(standalone.process.pid)
    return [parent, *parent.children(recursive=True)]


def _dags_parsed(api: AirflowApi) -> bool:
    dag_ids = {dag["dag_id"] for dag in api.get("dags")["dags"]}
    return {PULL, INGEST, TRANSFORM} <= dag_ids


def _wait_for(condition, what: str, bound: float = BOUND_SECONDS):
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(3)
    raise AssertionError(f"waited {bound:.0f} s for {what}")


def _tweets(handle: str, count: int, *, impressions: int = 1000, epoch_post: int | None = None) -> list[Tweet]:
    """`count` posts of `handle`, the same ids on every call; `epoch_post` is written with the time
    1970-01-01 00:00, as a tool that writes an empty timestamp as zero does."""
    rng = random.Random(handle)
    tweets = []
    for i in range(count):
        posted = datetime(2026, 11, 2 + 3 * i, 15, 0, tzinfo=UTC)
        counts = dict.fromkeys(X_COUNTS, 0) | {"impressions": impressions + i, "engagements": 40, "likes": 25}
        shown = datetime(1970, 1, 1, tzinfo=UTC) if i == epoch_post else posted
        tweets.append(Tweet(snowflake(posted, rng), handle, f"post {i}", shown, counts))
    return tweets


def _finished(api: AirflowApi, dag_id: str, run_id: str) -> dict | None:
    run = next(r for r in api.dag_runs(dag_id) if r["dag_run_id"] == run_id)
    return run if run["state"] in ("success", "failed") else None


def _drop_export(home: Paths, handle: str, tweets: list[Tweet], *, copy: int = 0) -> Path:
    """Write the export beside landing, then rename it in: the watcher never sees a half-written file.
    `copy` > 0 names it as a browser names a second download of the same report (`... (1).csv`)."""
    folder = home.landing / handle
    folder.mkdir(parents=True, exist_ok=True)
    partial = home.root / f"{handle}.partial.csv"
    write_x_tweet_activity(partial, tweets)
    suffix = f" ({copy})" if copy else ""
    final = folder / f"tweet_activity_metrics_{handle}_20261101_20261201_en{suffix}.csv"
    partial.rename(final)
    return final


def _served(home: Paths, account: str) -> dict[str, tuple] | None:
    """`post_id -> (published_date, impressions)` of `account` in the serving file (None before a publish)."""
    if not home.serving_db.exists():
        return None
    with duckdb.connect(str(home.serving_db), read_only=True) as con:
        rows = con.execute(
            "select post_id, published_date, impressions from marts.fct_post_performance "
            "where platform = 'x' and account_id = ?",
            [account],
        ).fetchall()
    return {post_id: (str(day), impressions) for post_id, day, impressions in rows}


def _expected(tweets: list[Tweet]) -> dict[str, tuple]:
    return {t.tweet_id: (str(t.time.date()), t.counts["impressions"]) for t in tweets}


def _serving_shows(home: Paths, account: str, tweets: list[Tweet]) -> bool:
    return _served(home, account) == _expected(tweets)


def _runs_since(api: AirflowApi, dag_id: str, since: str) -> list[dict]:
    return [r for r in api.dag_runs(dag_id) if (r["start_date"] or "") >= since]


def test_exports_dropped_one_after_another_each_reach_serving_and_a_restatement_replaces_numbers(airflow):
    standalone, api = airflow
    home = standalone.home
    started = datetime.now(UTC).isoformat()

    first = _tweets("livecheck", 3)
    _drop_export(home, "livecheck", first)
    assert _wait_for(lambda: _serving_shows(home, "livecheck", first), "serving to hold the 3 dropped posts")
    ingest_runs = [r for r in _runs_since(api, INGEST, started) if r["state"] == "success"]
    assert any(r["run_type"] == "asset_triggered" for r in ingest_runs), ingest_runs

    # Next, together: the same report downloaded again (same posts, same as-of, revised counts), and a
    # second account's first export. (One event for both keeps this test to two transform runs.)
    restated = _tweets("livecheck", 3, impressions=5000)
    second = _tweets("secondcheck", 2)
    _drop_export(home, "livecheck", restated, copy=1)
    _drop_export(home, "secondcheck", second)
    assert _wait_for(lambda: _serving_shows(home, "secondcheck", second), "serving to hold the next export")
    assert _wait_for(lambda: _serving_shows(home, "livecheck", restated), "serving to show the restated numbers")

    # Publish writes the serving file before the scheduler marks its run successful: wait for the marks.
    _wait_for(
        lambda: len([r for r in _runs_since(api, TRANSFORM, started) if r["state"] == "success"]) >= 2,
        "two transform runs marked successful",
    )
    transform_runs = _runs_since(api, TRANSFORM, started)
    assert all(r["run_type"] == "asset_triggered" for r in transform_runs), transform_runs
    assert not [r for r in transform_runs if r["state"] == "failed"], transform_runs


def test_an_export_announced_through_the_rest_api_is_loaded_and_reaches_serving(airflow):
    standalone, api = airflow
    home = standalone.home
    announced = _tweets("announced", 2)
    export = _drop_export(home, "announced", announced)
    marker = f"rest-{time.time_ns()}"

    event = api.announce({"producer": "partner-upload", "file": str(export), "marker": marker})
    assert event["extra"]["from_rest_api"] is True

    def announced_run():
        for run in api.dag_runs(INGEST):
            events = api.triggering_events(INGEST, run["dag_run_id"])
            if any(e["extra"].get("marker") == marker for e in events):
                return run
        return None

    run = _wait_for(announced_run, "an ingest run triggered by the announced event")
    assert run["run_type"] == "asset_triggered"
    finished = _wait_for(lambda: _finished(api, INGEST, run["dag_run_id"]), "the announced ingest run to finish")
    assert finished["state"] == "success"
    # The watcher may have seen the file first (loads are idempotent: one run loads it, the other finds it
    # loaded). Either way the raw asset's events name it, and serving shows its posts.
    raw_asset = api.asset_id("resonance://warehouse/raw/x__tweet_activity")

    def files_in_raw_events() -> list[Path] | None:
        try:
            events = api.get("assets/events", asset_id=raw_asset, limit=100)["asset_events"]
        except RuntimeError:  # Airflow 3.3.2 answers 500 while a run an event created is queued (no start_date)
            return None
        loaded = [Path(f) for e in events for f in e["extra"].get("files", [])]
        return loaded if any(f.name == export.name and f.parent.name == "announced" for f in loaded) else None

    assert _wait_for(files_in_raw_events, "a raw asset event naming the announced file")
    assert _wait_for(lambda: _serving_shows(home, "announced", announced), "serving to hold the announced posts")


def _all_finished(api: AirflowApi, dag_id: str, *, run_type: str) -> bool:
    """Runs of `run_type` exist, and every run of the DAG has finished."""
    runs = api.dag_runs(dag_id)
    return any(r["run_type"] == run_type for r in runs) and all(r["state"] in ("success", "failed") for r in runs)


def _create(api: AirflowApi, path: str, body: dict, attempts: int = 5) -> None:
    """POST `body`, again after a 500: the API server on SQLite answers "Database error" while the scheduler
    holds the write lock. A 409 means an earlier attempt got through."""
    for attempt in range(attempts):
        try:
            api.post(path, body)
            return
        except RuntimeError as error:
            if "HTTP 409" in str(error):
                return
            if "HTTP 500" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(2)


def _ad_spend(home: Paths) -> dict[tuple[str, str], tuple] | None:
    """`(source, account_id) -> (first day, last day, spend)` of the API sources in the serving file."""
    if not home.serving_db.exists():
        return None
    with duckdb.connect(str(home.serving_db), read_only=True) as con:
        rows = con.execute(
            "select source, account_id, min(period_start), max(period_end), sum(spend) from marts.fct_ad_performance "
            "where source in ('meta_ads_insights', 'tiktok_ads_report') group by all"
        ).fetchall()
    return {(source, account): (str(first), str(last), spend) for source, account, first, last, spend in rows}


def test_a_pull_run_lands_what_the_platform_apis_serve_and_the_published_marts_show_it(airflow, platform_apis):
    """One hourly pull of two accounts pulled through yesterday before: Meta ads re-reads its 28 restated days
    as an async report run (the task defers, the triggerer polls the run, the task resumes and reads it),
    TikTok its 7. The landing event runs the ingest DAG, which runs the transform DAG; the published
    fct_ad_performance holds exactly the days and spend the stand-ins served."""
    standalone, api = airflow
    meta, tiktok, _ = platform_apis
    home = standalone.home
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    for platform, account, endpoints in (
        ("meta_ads", AD_ACCOUNT, ("campaign_insights",)),
        ("tiktok_ads", TIKTOK_ADVERTISER_ID, ("report_ad", "report_campaign")),
    ):
        state = PullState.load(home.root, platform, account)
        for endpoint in endpoints:
            state.advance(endpoint, yesterday, files=0, rows=0)

    # The scheduler starts a run for the latest hourly tick when it first sees the DAG; without connections
    # it skips every family. Let it finish first, or it would pull too once the connections exist.
    _wait_for(lambda: _all_finished(api, PULL, run_type="scheduled"), "the start-up pull run to finish")
    for connection in CONNECTIONS:
        _create(api, "connections", connection)
    run_id = f"live-pull-{time.time_ns()}"
    _create(api, f"dags/{PULL}/dagRuns", {"dag_run_id": run_id, "logical_date": None})
    finished = _wait_for(lambda: _finished(api, PULL, run_id), "the pull run to finish")
    assert finished["state"] == "success", finished
    assert len([r for r in meta.requests if r.method == "POST"]) == 1  # one report run, started once
    # The report run was polled until complete (Not Started, Running, Completed), by the triggerer: a task
    # that may defer never polls in a loop.
    assert meta.jobs and all(job.done and job.polls >= 3 for job in meta.jobs.values())

    meta_days = (yesterday - timedelta(days=27), yesterday)
    tiktok_days = (yesterday - timedelta(days=6), yesterday)
    meta_items = meta.ad_items(AD_ACCOUNT, *meta_days, ["spend"])
    tiktok_items = tiktok.items(TIKTOK_ADVERTISER_ID, "AUCTION_AD", *tiktok_days)
    expected = {
        ("meta_ads_insights", AD_ACCOUNT): (
            str(meta_days[0]), str(meta_days[1]), sum((Decimal(i["spend"]) for i in meta_items), Decimal(0))
        ),
        ("tiktok_ads_report", TIKTOK_LANDING): (
            str(tiktok_days[0]), str(tiktok_days[1]),
            sum((Decimal(i["metrics"]["spend"]) for i in tiktok_items), Decimal(0)),
        ),
    }  # fmt: skip
    assert all(spend > 0 for *_, spend in expected.values())
    assert _wait_for(lambda: _ad_spend(home) == expected, "serving to show the pulled days and spend")

    # The pull's own landing events name the accounts and files (the watcher may have announced them too).
    landing = api.asset_id()

    def pull_events() -> set | None:
        try:
            events = api.get("assets/events", asset_id=landing, limit=100)["asset_events"]
        except RuntimeError:  # Airflow 3.3.2 answers 500 while a run an event created is queued (no start_date)
            return None
        return {(e["extra"]["platform"], e["extra"]["outcome"], e["extra"]["files"] > 0)
                for e in events if e["extra"].get("producer") == PULL}  # fmt: skip

    assert _wait_for(pull_events, "the landing events of the pull") == {
        ("meta_ads", "ok", True),
        ("tiktok_ads", "ok", True),
    }


def test_an_export_that_breaks_a_dbt_test_leaves_serving_as_it_was_until_its_correction_arrives(airflow):
    """A post dated 1970-01-01 passes the load's checks (a timestamp is there) but breaks the marts' tests
    against dim_date. Its build fails, publish does not run, and BI keeps the last green marts; the
    corrected download replaces the bad row (same as-of) and its build publishes it."""
    standalone, api = airflow
    home = standalone.home
    before = {account: _served(home, account) for account in ("livecheck", "secondcheck", "announced")}
    assert all(before.values()), "the earlier tests publish these accounts first"
    started = datetime.now(UTC).isoformat()

    _drop_export(home, "brokencheck", _tweets("brokencheck", 3, epoch_post=1))
    failed = _wait_for(
        lambda: [r for r in _runs_since(api, TRANSFORM, started) if r["state"] == "failed"],
        "the transform run of the broken export to fail",
    )
    assert failed
    assert _served(home, "brokencheck") == {}
    assert {account: _served(home, account) for account in before} == before

    corrected = _tweets("brokencheck", 3)
    _drop_export(home, "brokencheck", corrected, copy=1)
    assert _wait_for(lambda: _serving_shows(home, "brokencheck", corrected), "serving to hold the corrected export")
    assert {account: _served(home, account) for account in before} == before
