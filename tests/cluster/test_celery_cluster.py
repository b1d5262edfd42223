"""The distributed engine, started for real: PostgreSQL, Redis, the api-server, scheduler, dag-processor, triggerer
and two Celery workers as local processes (`ingest.orchestration.cluster.LocalCluster`, configured as
docker-compose.yml configures its containers) on a throwaway root. Exports dropped into landing are loaded by the
ingest DAG on a Celery worker; a worker killed in the middle of a load loses nothing and doubles nothing, because
the scheduler fails the dead try within seconds and the other worker's retry loads what the dead one had not
committed.

One cluster serves the file (start-up takes about a minute), in file order. Only the ingest DAG runs: the others
are paused once parsed, so no dbt build holds the writer's pool or the two cores while loads are timed and
killed. The test reads copies of the writer's DuckDB file taken while no ingest run is queued or running (even a
read-only connection would block DuckDB's writer, and fail a load that starts meanwhile), or the file itself
while its only writer is dead. The waits are bounds on a broken system, not performance assertions.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import duckdb
import psutil
import pytest

from ingest.bench.volume import COUNTRIES, FIRST_DAY, STATUSES, channel_basic_file, channel_id
from ingest.config import Paths
from ingest.orchestration.airflow import DAG_IDS, INGEST_DAG
from ingest.orchestration.cluster import LocalCluster, TaskTry, missing_services, wait_for
from ingest.samples import generate_samples

pytestmark = pytest.mark.slow

LOAD_TASK = "load_new_exports"
BOUND_SECONDS = 300
# Two daily channel_basic_a3 reports of one channel, 5,000 videos each (200,001 rows, about 35 MB): a few seconds
# of loading each, so a worker killed once the first is committed dies while the second is loading.
BIG_CHANNEL, BIG_VIDEOS = 9, 5_000
BIG_ROWS = BIG_VIDEOS * len(COUNTRIES) * len(STATUSES) + 1

T = TypeVar("T")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if missing := missing_services():
        pytest.skip(f"the cluster test needs {' and '.join(missing)}: run `make services` (as root)")
    home = Paths(tmp_path_factory.mktemp("cluster") / "home")
    # A 5-second watcher poll (30 s by default) keeps the waits short; the behaviour is the same.
    cluster = LocalCluster(home, workers=2, extra_env={"RESONANCE_LANDING_POLL_SECONDS": "5"})
    started: list[psutil.Process] = []
    with cluster:
        cluster.wait_for_dags(DAG_IDS)
        for dag_id in DAG_IDS:
            if dag_id != INGEST_DAG:
                cluster.pause(dag_id)
        yield cluster
        started = cluster.processes()
    left = [p for p in started if _alive(p)]
    assert not left, f"processes outlived the cluster: {[p.cmdline()[:4] for p in left]}"


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# ---- reading the writer's file without touching it -----------------------------------------------------------


def _read(db: Path, query: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


def _settled(cluster: LocalCluster, read: Callable[[Path], T | None], what: str) -> T:
    """The first truthy `read(copy)` of a copy of the writer's file (and its WAL) taken while no ingest run was
    queued or running, before the copy as after it. A copy takes no lock, so, unlike even a read-only
    connection, it never makes a load that starts meanwhile fail on DuckDB's lock; such a copy is thrown away,
    as is one torn by another writer (a failure callback recording a failed try)."""
    writer = cluster.home.writer_db

    def attempt() -> T | None:
        runs = cluster.dag_runs(INGEST_DAG)
        if any(r["state"] in ("queued", "running") for r in runs):
            return None
        folder = Path(tempfile.mkdtemp(prefix="snapshot-", dir=cluster.home.root))
        try:
            copy = folder / writer.name
            shutil.copyfile(writer, copy)
            if (wal := writer.with_name(writer.name + ".wal")).exists():
                shutil.copyfile(wal, folder / wal.name)
            if cluster.dag_runs(INGEST_DAG) != runs:
                return None
            return read(copy)
        except (duckdb.Error, FileNotFoundError):
            return None
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return wait_for(attempt, what, BOUND_SECONDS, 2)


def _ledger(db: Path) -> dict[str, list[tuple]]:
    """`source_path -> [(status, rows_parsed, rows_inserted)]` from meta.loads."""
    ledger: dict[str, list[tuple]] = {}
    for source, *rest in _read(db, "select source_path, status, rows_parsed, rows_inserted from meta.loads"):
        ledger.setdefault(source, []).append(tuple(rest))
    return ledger


def _once_recorded(paths: set[str]) -> Callable[[Path], tuple[dict, dict] | None]:
    """A reader for `_settled`: (the ledger, the raw tables' row counts) once the ledger names all of `paths`."""

    def read(db: Path) -> tuple[dict, dict] | None:
        ledger = _ledger(db)
        return (ledger, _raw_counts(db)) if paths <= ledger.keys() else None

    return read


def _raw_counts(db: Path) -> dict[str, int]:
    tables = [t for (t,) in _read(db, "select table_name from information_schema.tables where table_schema = 'raw'")]
    return {table: _read(db, f'select count(*) from raw."{table}"')[0][0] for table in tables}


def _channel_rows(db: Path) -> dict[str, int]:
    """Raw rows of the big reports' channel, per source file."""
    query = "select _source_file, count(*) from raw.youtube__channel_basic where channel_id = ? group by all"
    return dict(_read(db, query, [channel_id(BIG_CHANNEL)]))


def _drop(staged: Path, landing: Path) -> list[Path]:
    """Move every file under `staged` to the same place under `landing`, each by one rename (the watcher never
    sees a half-written file). Returns the landed paths."""
    landed = []
    for file in sorted(p for p in staged.rglob("*") if p.is_file()):
        target = landing / file.relative_to(staged)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(file, target)
        landed.append(target)
    return landed


def _load_tries(cluster: LocalCluster, since: datetime) -> list[TaskTry]:
    """Tries of the load task that ended after `since`."""
    return [t for t in cluster.task_tries(INGEST_DAG, task_id=LOAD_TASK) if t.end_date and t.end_date >= since]


# ---- the tests -----------------------------------------------------------------------------------------------


def test_dropped_exports_are_loaded_on_a_celery_worker_and_the_same_bytes_again_change_nothing(cluster, tmp_path):
    home = cluster.home
    since = datetime.now(UTC)
    generate_samples(tmp_path / "samples")
    landed = _drop(tmp_path / "samples", home.landing)
    paths = {str(p) for p in landed}
    assert len(paths) > 60  # the demo's sample exports, every platform

    ledger, raw_before = _settled(cluster, _once_recorded(paths), "the ledger to name every dropped sample export")
    assert {source: [row[0] for row in ledger[source]] for source in paths} == dict.fromkeys(paths, ["loaded"])
    assert sum(raw_before.values()) > 0
    loads = _load_tries(cluster, since)
    assert loads and all(t.hostname in cluster.worker_names for t in loads), loads
    assert any(t.state == "success" for t in loads), loads

    # The same bytes again, as a browser names a second download of a report (`Views.csv` -> `Views (1).csv`).
    again = tmp_path / "again"
    for file in landed:
        copy = again / file.relative_to(home.landing)
        copy = copy.with_name(f"{copy.stem} (1){copy.suffix}")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, copy)
    since = datetime.now(UTC)
    copies = {str(p) for p in _drop(again, home.landing)}
    ledger, raw_after = _settled(cluster, _once_recorded(copies), "the ledger to name every copy")
    assert {source: [row[0] for row in ledger[source]] for source in copies} == dict.fromkeys(copies, ["duplicate"])
    assert {source: [row[0] for row in ledger[source]] for source in paths} == dict.fromkeys(paths, ["loaded"])
    assert raw_after == raw_before
    # Nothing new loaded, so the task skips (and emits no raw asset event), on a worker all the same.
    loads = _load_tries(cluster, since)
    assert loads and all(t.hostname in cluster.worker_names for t in loads), loads
    assert {t.state for t in loads} == {"skipped"}, loads


def test_a_worker_killed_mid_load_loses_nothing_and_the_other_worker_retries_the_rest(cluster, tmp_path):
    home = cluster.home
    staged = tmp_path / "big"
    days = (FIRST_DAY, FIRST_DAY + timedelta(days=1))
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(channel_basic_file, [staged] * 2, [BIG_CHANNEL] * 2, days, [BIG_VIDEOS] * 2))
    since = datetime.now(UTC)
    paths = {str(p) for p in _drop(staged, home.landing)}
    assert len(paths) == 2

    def running_load() -> TaskTry | None:
        tries = [
            t for t in cluster.task_tries(INGEST_DAG, task_id=LOAD_TASK) if t.queued_dttm and t.queued_dttm > since
        ]
        return next((t for t in tries if t.state == "running" and t.hostname), None)

    first = wait_for(running_load, "the load of the two reports to start on a worker", BOUND_SECONDS, 0.5)
    victim = first.hostname
    assert victim in cluster.worker_names
    survivor = next(w for w in cluster.worker_names if w != victim)

    # Kill the worker the moment the first report is committed (the task prints a line per file loaded).
    def first_file_done() -> str | None:
        log = cluster.task_log(INGEST_DAG, first.run_id, LOAD_TASK, first.try_number, first.map_index)
        return "[1/1]" if "[1/1]" in log else ("[1/2]" if "[1/2]" in log else None)

    seen = wait_for(first_file_done, "the first report to be committed", BOUND_SECONDS, 0.1)
    assert seen == "[1/2]", "the watcher announced the reports apart: the run had one file to load"
    cluster.kill_worker(victim)
    assert victim not in cluster.worker_names

    # The only writer is dead (so a read-only connection blocks nobody): its committed report is in the ledger
    # and the raw table; the one it was loading left no trace.
    ledger = _ledger(home.writer_db)
    committed = [source for source in paths if source in ledger]
    assert len(committed) == 1, f"the kill came after both reports were committed: {ledger.keys() & paths}"
    assert ledger[committed[0]] == [("loaded", BIG_ROWS, BIG_ROWS)]
    assert _channel_rows(home.writer_db) == {committed[0]: BIG_ROWS}

    # The scheduler fails the silent try (no heartbeat for 20 s) and the retry runs on the surviving worker.
    run = cluster.wait_for_run(INGEST_DAG, first.run_id, timeout=BOUND_SECONDS)
    assert run["state"] == "success", run
    tries = cluster.task_tries(INGEST_DAG, run_id=first.run_id, task_id=LOAD_TASK)
    assert [(t.try_number, t.state, t.hostname) for t in tries] == [(1, "failed", victim), (2, "success", survivor)]

    # Each report loaded once, all its rows, nothing twice. And the dead try is in the failure ledger, naming
    # the worker it died on: the scheduler's heartbeat check had the dag-processor run the task's
    # on_retry_callback.
    def after_the_retry(db: Path) -> tuple[dict, dict, list[tuple]] | None:
        query = "select try_number, will_retry, hostname from meta.task_failures where run_id = ? and task_id = ?"
        failed = _read(db, query, [first.run_id, LOAD_TASK])
        return (_ledger(db), _channel_rows(db), failed) if failed else None

    ledger, rows, failed = _settled(cluster, after_the_retry, "the killed try in meta.task_failures")
    assert {source: ledger[source] for source in paths} == dict.fromkeys(paths, [("loaded", BIG_ROWS, BIG_ROWS)])
    assert rows == dict.fromkeys(paths, BIG_ROWS)
    assert failed == [(1, True, victim)]

    # Another worker joins; with the survivor killed too, a run can only land on the newcomer.
    newcomer = cluster.start_worker()
    cluster.kill_worker(survivor)
    run_id = cluster.trigger(INGEST_DAG)
    assert cluster.wait_for_run(INGEST_DAG, run_id, timeout=BOUND_SECONDS)["state"] == "success"
    assert [t.hostname for t in cluster.task_tries(INGEST_DAG, run_id=run_id, task_id=LOAD_TASK)] == [newcomer]
