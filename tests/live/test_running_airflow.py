"""The running system: Airflow's own components (`airflow standalone`: scheduler, dag-processor, triggerer,
api-server) on a throwaway root turn every dropped export into fresh marts, one after another: a restated
export replaces the numbers it restates, an export announced through the REST API gets through as well, and
an export that breaks a dbt test leaves serving as it was until its corrected export arrives. Nothing here
calls a DAG directly; every test asserts on the serving file, the only thing BI reads.

One module-scoped Airflow serves every test (start-up costs about a minute), in file order: the broken
export comes last, since until it is corrected every build of X's exports fails. The finalizer stops
every process it started. The waits are bounds on a broken system, not performance assertions.
"""

from __future__ import annotations

import random
import socket
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psutil
import pytest

from ingest.config import Paths
from ingest.landing.announce import AirflowApi
from ingest.orchestration.standalone import Standalone
from ingest.samples.x import X_COUNTS, Tweet, snowflake, write_x_tweet_activity

pytestmark = pytest.mark.slow

INGEST, TRANSFORM = "resonance_ingest", "resonance_transform"
BOUND_SECONDS = 900  # a broken pipeline fails here; a healthy one takes a few minutes on 2 busy cores


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def airflow(tmp_path_factory):
    home = Paths(tmp_path_factory.mktemp("live") / "home")
    # A 5-second watcher poll (30 s by default) keeps the waits short; the behaviour is the same.
    standalone = Standalone(home, port=_free_port(), user="producer", extra_env={"RESONANCE_LANDING_POLL_SECONDS": "5"})
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
    return {INGEST, TRANSFORM} <= dag_ids


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
