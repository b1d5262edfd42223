"""Failed Airflow task tries, recorded in the ledger (`meta.task_failures`) so `resonance status` shows them
next to the loads, without anyone opening Airflow's UI.

`record_task_failure` is the `on_failure_callback` (the last try failed) and `record_task_retry` the
`on_retry_callback` (a try failed and will be retried) of every Resonance task, through `DEFAULT_ARGS` in
`ingest.orchestration.assets`. Both write the same row, told apart by `will_retry`.

What Airflow 3.3 gives it and where it runs (checked in the Task SDK, `execution_time/task_runner.py`):
the callback runs in the task's own process on the worker (in `finalize()`, after `run()`), with the task's
template context, in which `ti` carries dag_id, task_id, run_id, map_index and try_number, and `exception`
holds the exception the task raised (or a string, or None). A callback that raises is only logged, so this
one catches everything itself and says in the task log what it could not record.

By then the terminal state has been sent to the API server, so the task's slot in the DuckDB writer pool
can already be free, and another writer may hold the file's lock. The recorder therefore retries on a lock
conflict with backoff for a bounded time (`LOCK_WAIT_SECONDS`); past that it gives up, and the failure
stays in Airflow's task log, which names it. Rows are keyed by the try, so a second call for the same try
changes nothing.
"""

from __future__ import annotations

import logging
import socket
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ingest.config import Paths

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 120.0
EXCEPTION_TEXT_LIMIT = 4000  # a traceback's tail; the whole one is in Airflow's task log


@dataclass(frozen=True)
class TaskFailure:
    dag_id: str
    task_id: str
    run_id: str
    map_index: int
    try_number: int
    will_retry: bool
    exception_type: str | None
    exception: str | None
    hostname: str
    failed_at: datetime

    @property
    def failure_id(self) -> str:
        return f"{self.dag_id}/{self.run_id}/{self.task_id}/{self.map_index}/{self.try_number}"

    @classmethod
    def from_context(cls, context: Mapping[str, Any], *, will_retry: bool) -> TaskFailure:
        ti = context["ti"]
        error = context.get("exception")
        if isinstance(error, BaseException):
            kind = type(error).__name__
            text = "".join(traceback.format_exception(error)).strip()
        else:
            kind, text = None, None if error is None else str(error)
        map_index = getattr(ti, "map_index", None)
        return cls(
            dag_id=ti.dag_id,
            task_id=ti.task_id,
            run_id=ti.run_id,
            map_index=-1 if map_index is None else int(map_index),
            try_number=int(ti.try_number),
            will_retry=will_retry,
            exception_type=kind,
            exception=None if text is None else text[-EXCEPTION_TEXT_LIMIT:],
            hostname=getattr(ti, "hostname", None) or socket.gethostname(),
            failed_at=datetime.now(UTC),
        )


def record_task_failure(context: Mapping[str, Any]) -> None:
    """`on_failure_callback`: the task's last try failed. Never raises."""
    _record(context, will_retry=False)


def record_task_retry(context: Mapping[str, Any]) -> None:
    """`on_retry_callback`: a try failed and Airflow will run the task again. Never raises."""
    _record(context, will_retry=True)


def _record(context: Mapping[str, Any], *, will_retry: bool) -> None:
    try:
        failure = TaskFailure.from_context(context, will_retry=will_retry)
    except Exception:
        log.exception("could not read the failed task from Airflow's context; not recorded in the ledger")
        return
    try:
        write_failure(Paths.from_env(), failure)
    except Exception:
        log.exception("could not record task failure %s in meta.task_failures", failure.failure_id)


def write_failure(home: Paths, failure: TaskFailure, lock_wait_seconds: float = LOCK_WAIT_SECONDS) -> None:
    import duckdb

    from ingest import warehouse

    deadline = time.monotonic() + lock_wait_seconds
    delay = 0.5
    while True:
        try:
            con = warehouse.connect(home.writer_db)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 15.0)
    try:
        warehouse.ensure_ledger(con)
        con.execute(
            """
            insert into meta.task_failures
                (failure_id, dag_id, task_id, run_id, map_index, try_number, will_retry, exception_type,
                 exception, hostname, failed_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (failure_id) do nothing
            """,
            [
                failure.failure_id,
                failure.dag_id,
                failure.task_id,
                failure.run_id,
                failure.map_index,
                failure.try_number,
                failure.will_retry,
                failure.exception_type,
                failure.exception,
                failure.hostname,
                failure.failed_at,
            ],
        )
    finally:
        con.close()


def recent_failures(home: Paths, limit: int = 10, *, include_retried: bool = False) -> list[dict]:
    """The latest failed tries, newest first: by default only tasks that failed for good."""
    from ingest import warehouse

    if not home.writer_db.exists():
        return []
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = ?",
            ["task_failures"],
        ).fetchone()[0]
        if not exists:
            return []
        cursor = con.execute(
            f"""
            select dag_id, task_id, run_id, map_index, try_number, will_retry, exception_type, exception,
                   hostname, failed_at
            from meta.task_failures
            {"" if include_retried else "where not will_retry"}
            order by failed_at desc, failure_id desc
            limit ?
            """,
            [int(limit)],
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
