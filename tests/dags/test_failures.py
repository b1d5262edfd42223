"""A failing task leaves its tries in the ledger (meta.task_failures) through the callbacks in DEFAULT_ARGS."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from types import SimpleNamespace

import duckdb
import pytest

from ingest.config import PROJECT_DIR, Paths
from ingest.monitor.failures import TaskFailure, recent_failures, record_task_failure, write_failure

# A DAG built on the project's DEFAULT_ARGS whose one task always raises; one retry, without delay, so
# dag.test() runs both tries at once. dag.test() serializes the DAG from its bundle (the DAGs folder), so
# the DAG gets a folder of its own.
FAILING_DAG = textwrap.dedent(
    """
    from datetime import timedelta

    import pendulum
    from airflow.sdk import dag, task

    from ingest.orchestration.assets import DEFAULT_ARGS

    @dag(
        dag_id="resonance_failing",
        schedule=None,
        start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
        default_args={**DEFAULT_ARGS, "retries": 1, "retry_delay": timedelta(0), "retry_exponential_backoff": 0},
    )
    def resonance_failing():
        @task
        def parse_export():
            raise ValueError("export parser exploded on row 7")

        parse_export()

    resonance_failing()
    """
)

# Runs it in a fresh process on a throwaway home (Airflow reads its home and DAGs folder when first imported).
RUNNER = textwrap.dedent(
    """
    import os, subprocess, sys
    from pathlib import Path

    from ingest.config import Paths
    from ingest.orchestration.airflow import airflow_environment

    home, dags = Paths(Path(sys.argv[1])).ensure(), sys.argv[2]
    os.environ.update({**airflow_environment(home), "AIRFLOW__CORE__DAGS_FOLDER": dags})
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True)

    from airflow.dag_processing.dagbag import DagBag

    print("STATE", DagBag(dag_folder=dags).dags["resonance_failing"].test().state)
    """
)


@pytest.mark.slow
def test_a_task_that_raises_leaves_each_failed_try_in_the_ledger(tmp_path):
    home = Paths(tmp_path / "home")
    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "resonance_failing.py").write_text(FAILING_DAG)
    run = subprocess.run(
        [sys.executable, "-c", RUNNER, str(home.root), str(dags)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "STATE failed" in run.stdout, run.stderr[-3000:] + run.stdout[-3000:]

    con = duckdb.connect(str(home.writer_db), read_only=True)
    try:
        rows = con.execute(
            """select dag_id, task_id, try_number, will_retry, exception_type, exception, run_id, failed_at
               from meta.task_failures order by try_number"""
        ).fetchall()
    finally:
        con.close()
    assert [row[:5] for row in rows] == [
        ("resonance_failing", "parse_export", 1, True, "ValueError"),
        ("resonance_failing", "parse_export", 2, False, "ValueError"),
    ]
    assert all("export parser exploded on row 7" in row[5] for row in rows)
    assert rows[0][6] == rows[1][6] and rows[0][6].startswith("manual__")
    assert all(row[7] is not None for row in rows)
    # What `resonance status` shows: the task that failed for good, not the try that was retried.
    assert [(f["task_id"], f["try_number"]) for f in recent_failures(home)] == [("parse_export", 2)]


def _context(try_number: int, exception: object) -> dict:
    ti = SimpleNamespace(dag_id="d", task_id="t", run_id="r", map_index=-1, try_number=try_number, hostname="w1")
    return {"ti": ti, "exception": exception}


def test_the_same_try_recorded_twice_is_one_row(home):
    failure = TaskFailure.from_context(_context(3, RuntimeError("boom")), will_retry=False)
    write_failure(home, failure)
    write_failure(home, failure)
    assert [(f["try_number"], f["exception_type"], f["hostname"]) for f in recent_failures(home)] == [
        (3, "RuntimeError", "w1")
    ]


def test_a_callback_that_cannot_write_the_ledger_logs_and_does_not_raise(home, caplog):
    home.writer_db.parent.mkdir(parents=True, exist_ok=True)
    home.writer_db.write_text("not a duckdb file")
    record_task_failure(_context(1, "a failure given as text"))
    assert "could not record task failure d/r/t/-1/1" in caplog.text


def test_a_writer_holding_the_lock_delays_the_record_then_it_gives_up_within_its_bound(home):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; con = duckdb.connect({str(home.writer_db)!r}); print('held', flush=True); "
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        failure = TaskFailure.from_context(_context(1, None), will_retry=True)
        with pytest.raises(duckdb.IOException, match="lock"):
            write_failure(home, failure, lock_wait_seconds=1.0)
    finally:
        holder.communicate(input="", timeout=30)
    write_failure(home, failure, lock_wait_seconds=1.0)  # the lock is free again: recorded
    rows = recent_failures(home, include_retried=True)
    assert [(f["try_number"], f["will_retry"], f["exception"]) for f in rows] == [(1, True, None)]


def test_failures_are_read_newest_first_and_only_final_ones_by_default(home):
    for try_number, will_retry, minute in ((1, True, 1), (2, False, 2)):
        failure = TaskFailure.from_context(_context(try_number, None), will_retry=will_retry)
        write_failure(
            home, TaskFailure(**{**failure.__dict__, "failed_at": datetime(2026, 11, 1, 9, minute, tzinfo=UTC)})
        )
    assert [f["try_number"] for f in recent_failures(home, include_retried=True)] == [2, 1]
    assert [f["try_number"] for f in recent_failures(home)] == [2]
