"""Latency through a running Airflow: small X exports dropped into landing one after another, each timed
from the drop until `serving.duckdb` shows its rows, and split into stages from Airflow's own records.

Why beside the in-process `latency` stage: that one calls ingest, dbt and publish back to back, so it
shows the work and none of the waiting. A user drops a file and waits for the watcher to see it, the
scheduler to start the ingest run, the raw asset event to start the transform run, cosmos' producer to
build and publish to swap. Here Airflow's own components (`ingest.orchestration.standalone.Standalone`, the watcher
polling every 5 s) run on the benchmark's root, which already holds its volume and a green build.

Each drop is a new account (`brand20`, `brand21`, ...), so its rows are new to serving; it is written
beside landing and renamed in. Once serving shows all its posts (polled read-only, once a second), its
figures come from the REST API: the landing asset event naming the file (the watcher's), the raw asset
event naming it (so the ingest run that really loaded it is measured, whether the watcher's or the
sweep's), the `load_new_exports` task of that run, and the `dbt_producer_watcher` and `publish_marts`
tasks of the transform run that event created. Only then is the next file dropped. If that transform run
fails instead (Airflow 3.3 can fail a deferred cosmos node task on a stale executor event), the drop is
recorded with its failed tasks and no publish or total, rather than waited on until the next drop's run.

Stages per drop (seconds): detection = drop -> landing event; queueing = landing event -> ingest task
start, + ingest end -> producer start, + producer end -> publish start; ingest, dbt and publish = the three
tasks' durations; total = drop -> serving shows the rows (wall clock). Nothing is asserted on timing.
"""

from __future__ import annotations

import shutil
import socket
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

INGEST, TRANSFORM = "resonance_ingest", "resonance_transform"
INGEST_TASK, PRODUCER_TASK, PUBLISH_TASK = "load_new_exports", "dbt_producer_watcher", "publish_marts"
STAGES = ("detection", "queueing", "ingest", "dbt", "publish", "total")
POLL_SECONDS = "5"  # the watcher's poll (30 s by default): part of detection, so it is reported with it
BOUND_SECONDS = 900.0  # a broken pipeline fails the stage here; not a timing assertion

T = TypeVar("T")


@dataclass(frozen=True)
class DropTimes:
    """The moments of one drop's way to serving (UTC). `landing_event` is None if no watcher event named it."""

    dropped: datetime
    landing_event: datetime | None
    ingest_start: datetime
    ingest_end: datetime
    producer_start: datetime
    producer_end: datetime
    publish_start: datetime | None  # None: the transform run failed before publish, and serving never showed it
    publish_end: datetime | None
    served: datetime | None


def split(t: DropTimes) -> dict[str, float | None]:
    """The stages of one drop, in seconds. Without a landing event (the sweep found the file first), detection
    is None and queueing counts only the gaps inside the pipeline; without a publish, publish, total and
    queueing are None."""

    def gap(start: datetime | None, end: datetime | None) -> float | None:
        return (end - start).total_seconds() if start and end else None

    gaps = [gap(t.ingest_end, t.producer_start), gap(t.producer_end, t.publish_start)]
    if t.landing_event:
        gaps.append(gap(t.landing_event, t.ingest_start))
    known = [g for g in gaps if g is not None]
    return {
        "detection": gap(t.dropped, t.landing_event),
        "queueing": sum(known) if len(known) == len(gaps) else None,
        "ingest": gap(t.ingest_start, t.ingest_end),
        "dbt": gap(t.producer_start, t.producer_end),
        "publish": gap(t.publish_start, t.publish_end),
        "total": gap(t.dropped, t.served),
    }


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100), linear between the closest ranks (numpy's default); None if empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(drops: list[dict[str, float | None]]) -> dict[str, dict[str, float | None]]:
    """p50 and p95 of each stage over the drops (a stage missing in a drop is left out of its figure)."""
    summary = {}
    for stage in STAGES:
        values = [value for d in drops if (value := d.get(stage)) is not None]
        summary[stage] = {"p50": percentile(values, 50), "p95": percentile(values, 95)}
    return summary


# ---- the run itself (in the stage's child process) --------------------------------------------------------


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Start Airflow on `spec["home"]`, drop each of `spec["drops"]` in turn, and stop Airflow whatever happens."""
    from ingest.config import Paths
    from ingest.landing.announce import AirflowApi
    from ingest.orchestration.standalone import Standalone

    home = Paths(Path(spec["home"]))
    # A fresh metadata DB and watcher memory: no run or event of an earlier benchmark is mistaken for this one's.
    shutil.rmtree(home.airflow_home, ignore_errors=True)
    shutil.rmtree(home.watch_state, ignore_errors=True)
    standalone = Standalone(
        home, port=_free_port(), user="bench", extra_env={"RESONANCE_LANDING_POLL_SECONDS": POLL_SECONDS}
    )
    clock = time.perf_counter()
    try:
        standalone.start(timeout=BOUND_SECONDS)
        api = AirflowApi.login(standalone.base_url, "bench", standalone.password())
        landing_id = _wait_for(lambda: _landing_asset(api), "the DAGs to be parsed and the landing asset to exist")
        # The watcher's first poll announces the base volume (all loaded already): let that run end first.
        _wait_for(lambda: _events(api, asset_id=landing_id), "the watcher's first landing event")
        _wait_for(lambda: _quiet(api), "Airflow to finish the runs the start-up caused")
        ready = time.perf_counter() - clock
        drops = [_drop(api, home, drop, landing_id) for drop in spec["drops"]]
    finally:
        standalone.stop()
    splits = [d["seconds"] for d in drops]
    return {"poll_seconds": float(POLL_SECONDS), "startup_seconds": ready, "drops": drops, **summarize(splits)}


def _drop(api: Any, home: Any, drop: dict[str, Any], landing_id: int) -> dict[str, Any]:
    """Rename one staged export into landing, wait for serving to show it, then read its stages from Airflow."""
    staged, final = Path(drop["staged"]), Path(drop["final"])
    final.parent.mkdir(parents=True, exist_ok=True)
    dropped = datetime.now(UTC)
    staged.rename(final)
    since = dropped.isoformat()

    def raw_event() -> dict | None:
        return _naming(_events(api, source_dag_id=INGEST, since=since), final.name)

    def outcome() -> str | None:
        """Served, or its transform run failed (then serving would wait for the next drop's run: not this one)."""
        if _served_posts(home.serving_db, drop["account"]) == drop["rows"]:
            return "served"
        run = (raw := raw_event()) and _created_run(api, raw)
        return "transform run failed" if run and _run_state(api, TRANSFORM, run) == "failed" else None

    result = _wait_for(outcome, f"serving to show the {drop['rows']} posts of {final.name}", poll=1.0)
    served = datetime.now(UTC) if result == "served" else None
    raw = _wait_for(raw_event, "its raw event")
    landing = _naming(_events(api, asset_id=landing_id, since=since), final.name)
    ingest = _wait_for(lambda: _task(api, INGEST, raw["source_run_id"], INGEST_TASK), "its ingest task to end")
    transform_run = _wait_for(lambda: _created_run(api, raw), "the transform run its raw event created")
    producer = _wait_for(lambda: _task(api, TRANSFORM, transform_run, PRODUCER_TASK), "the dbt producer to end")
    publish: dict = {}
    if served:
        publish = _wait_for(lambda: _task(api, TRANSFORM, transform_run, PUBLISH_TASK), "publish_marts to end")
    times = DropTimes(
        dropped=dropped,
        landing_event=_at(landing["timestamp"]) if landing else None,
        ingest_start=_at(ingest["start_date"]),
        ingest_end=_at(ingest["end_date"]),
        producer_start=_at(producer["start_date"]),
        producer_end=_at(producer["end_date"]),
        publish_start=_at(publish.get("start_date")),
        publish_end=_at(publish.get("end_date")),
        served=served,
    )
    failed = [] if served else _tasks(api, TRANSFORM, transform_run, state="failed")
    return {
        "file": final.name,
        "outcome": result,
        "failed_tasks": failed,
        "rows_in_serving": drop["rows"] if served else 0,
        "ingest_run": raw["source_run_id"],
        "ingest_run_type": raw["source_run_id"].split("__")[0],  # asset_triggered (an event) or scheduled (sweep)
        "transform_run": transform_run,
        "seconds": split(times),
    }


def _wait_for(condition: Callable[[], T | None], what: str, *, poll: float = 3.0) -> T:
    deadline = time.monotonic() + BOUND_SECONDS
    while time.monotonic() < deadline:
        try:
            value = condition()
        except RuntimeError:  # Airflow 3.3 answers 500 for an asset event whose run is queued (no start date)
            value = None
        if value:
            return value
        time.sleep(poll)
    raise TimeoutError(f"waited {BOUND_SECONDS:.0f} s for {what}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _at(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp) if stamp else None


def _landing_asset(api: Any) -> int | None:
    dag_ids = {dag["dag_id"] for dag in api.get("dags")["dags"]}
    if not {INGEST, TRANSFORM} <= dag_ids:
        return None
    try:
        return api.asset_id()
    except LookupError:
        return None


def _quiet(api: Any) -> bool:
    return not any(r["state"] in ("queued", "running") for dag in (INGEST, TRANSFORM) for r in api.dag_runs(dag))


def _events(api: Any, *, since: str | None = None, **filters: Any) -> list[dict]:
    params = {"order_by": "-timestamp", "limit": 100, **filters} | ({"timestamp_gte": since} if since else {})
    return api.get("assets/events", **params)["asset_events"]


def _naming(events: list[dict], name: str) -> dict | None:
    """The earliest event naming the file: a loaded path in a raw event's `extra["files"]`, a landing key in the
    watcher's `extra["payload"]["files"]`."""

    def files(extra: dict | None) -> list:
        extra = extra or {}
        return [*extra.get("files", []), *(extra.get("payload") or {}).get("files", [])]

    hits = [e for e in events if any(str(f).endswith(name) for f in files(e.get("extra")))]
    return min(hits, key=lambda e: e["timestamp"]) if hits else None


def _task_instances(api: Any, dag_id: str, run_id: str) -> list[dict]:
    """Every task instance of the run: pages of 100 (the API's page limit; a transform run has more)."""
    path, found = f"dags/{dag_id}/dagRuns/{urllib.parse.quote(run_id, safe='')}/taskInstances", []
    while True:
        page = api.get(path, limit=100, offset=len(found))
        found += page["task_instances"]
        if not page["task_instances"] or len(found) >= page["total_entries"]:
            return found


def _task(api: Any, dag_id: str, run_id: str, task_id: str) -> dict | None:
    """The task instance once it has ended (None before)."""
    found = [t for t in _task_instances(api, dag_id, run_id) if t["task_id"] == task_id]
    return found[0] if found and found[0]["end_date"] else None


def _tasks(api: Any, dag_id: str, run_id: str, *, state: str) -> list[str]:
    return sorted(t["task_id"] for t in _task_instances(api, dag_id, run_id) if t["state"] == state)


def _run_state(api: Any, dag_id: str, run_id: str) -> str:
    return api.get(f"dags/{dag_id}/dagRuns/{urllib.parse.quote(run_id, safe='')}")["state"]


def _created_run(api: Any, raw: dict) -> str | None:
    for event in _events(api, source_dag_id=INGEST, source_run_id=raw["source_run_id"]):
        if event["id"] == raw["id"]:
            return next((r["run_id"] for r in event["created_dagruns"] if r["dag_id"] == TRANSFORM), None)
    return None


def _served_posts(serving_db: Path, account: str) -> int | None:
    """Posts of `account` in the published serving file (read-only, as BI opens it; None before a publish)."""
    import duckdb

    if not serving_db.exists():
        return None
    try:
        with duckdb.connect(str(serving_db), read_only=True) as con:
            return con.execute(
                "select count(*) from marts.fct_post_performance where platform = 'x' and account_id = ?", [account]
            ).fetchone()[0]
    except duckdb.Error:  # mid-swap on a slow filesystem: look again
        return None
