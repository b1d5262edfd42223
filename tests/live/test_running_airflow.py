"""The running system: Airflow's own components (`airflow standalone`: scheduler, dag-processor, triggerer,
api-server) on a throwaway root turn a dropped export into fresh marts, and an export announced through
the REST API starts the ingest DAG too. Nothing here calls a DAG directly.

One module-scoped Airflow serves both tests (start-up costs about a minute); the finalizer stops every
process it started. The waits are bounds on a broken system, not performance assertions.
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

from ingest.announce import AirflowApi
from ingest.config import Paths
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity
from ingest.standalone import Standalone

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


def _tweets(handle: str, count: int) -> list[Tweet]:
    rng = random.Random(handle)
    posted = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    counts = dict.fromkeys(X_COUNTS, 0) | {"impressions": 1000, "engagements": 40, "likes": 25, "replies": 15}
    return [
        Tweet(str(1_850_000_000_000_000_000 + rng.randrange(10**15)), handle, f"post {i}", posted, counts)
        for i in range(count)
    ]


def _finished(api: AirflowApi, dag_id: str, run_id: str) -> dict | None:
    run = next(r for r in api.dag_runs(dag_id) if r["dag_run_id"] == run_id)
    return run if run["state"] in ("success", "failed") else None


def _drop_export(home: Paths, handle: str, posts: int) -> Path:
    """Write the export beside landing, then rename it in: the watcher never sees a half-written file."""
    folder = home.landing / handle
    folder.mkdir(parents=True, exist_ok=True)
    partial = home.root / f"{handle}.partial.csv"
    write_x_tweet_activity(partial, _tweets(handle, posts))
    final = folder / f"tweet_activity_metrics_{handle}_20261101_20261201_en.csv"
    partial.rename(final)
    return final


def _served_posts(home: Paths, account: str) -> int | None:
    """Posts of `account` in the published serving file (None until a publish has happened)."""
    if not home.serving_db.exists():
        return None
    with duckdb.connect(str(home.serving_db), read_only=True) as con:
        return con.execute(
            "select count(*) from marts.fct_post_performance where platform = 'x' and account_id = ?", [account]
        ).fetchone()[0]


def test_a_dropped_export_reaches_the_serving_file_through_the_watcher_and_both_dags(airflow):
    standalone, api = airflow
    home = standalone.home
    started = datetime.now(UTC).isoformat()

    _drop_export(home, "livecheck", posts=3)

    assert _wait_for(lambda: _served_posts(home, "livecheck") == 3, "serving to hold the 3 dropped posts")
    ingest_runs = [r for r in api.dag_runs(INGEST) if r["start_date"] >= started and r["state"] == "success"]
    assert any(r["run_type"] == "asset_triggered" for r in ingest_runs), (
        f"no asset-triggered ingest run since the drop: {ingest_runs}"
    )
    # Publish writes the serving file before the scheduler marks its run successful: wait for the mark.
    _wait_for(
        lambda: [r for r in api.dag_runs(TRANSFORM) if r["state"] == "success"], "a transform run marked successful"
    )
    transform_runs = api.dag_runs(TRANSFORM)
    assert all(r["run_type"] == "asset_triggered" for r in transform_runs), (
        f"a transform run that no asset event started: {transform_runs}"
    )


def test_an_export_announced_through_the_rest_api_starts_an_ingest_run_and_is_loaded(airflow):
    standalone, api = airflow
    export = _drop_export(standalone.home, "announced", posts=2)
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
    # loaded). Either way the raw asset's events name it; the marts were already shown by the test above.
    raw_asset = api.asset_id("resonance://warehouse/raw/x__tweet_activity")

    def files_in_raw_events() -> list[Path] | None:
        try:
            events = api.get("assets/events", asset_id=raw_asset, limit=100)["asset_events"]
        except RuntimeError:  # Airflow 3.3.2 answers 500 while a run an event created is queued (no start_date)
            return None
        loaded = [Path(f) for e in events for f in e["extra"].get("files", [])]
        return loaded if any(f.name == export.name and f.parent.name == "announced" for f in loaded) else None

    assert _wait_for(files_in_raw_events, "a raw asset event naming the announced file")
