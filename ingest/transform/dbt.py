"""Run the dbt project (dbt-duckdb) against the writer's file: one `dbt build` per call.

The profile lives in `dbt_project/profiles.yml` (never ~/.dbt); the writer file, target and log paths
come from the one root, so nothing is written into the project folder. dbt runs in-process through its
Python API: one start-up (~10 s) per build, not one per model.

`dbt_build` runs only what the loads since the last green build can have changed (`ingest.transform.plan`):
the whole project on a first build, after any change to the project, or when the caller passes dbt
arguments; otherwise the nodes downstream of the raw tables that received loads, or nothing at all.

During `dbt_build` the DuckDB file stays open for the whole build (`keep_open`, from
`RESONANCE_DBT_KEEP_OPEN`) and is closed explicitly when dbt returns. dbt-duckdb's other mode, which
profiles.yml keeps as the default for invocations we do not wrap (a hand-run `dbt`), closes and reopens
the database around every node: a checkpoint and a catalog load each time, which was half of a full build.

The Airflow transform DAG renders one task per model from the dbt manifest, `<root>/dbt/target/manifest.json`.
Every dbt command here writes it (the target path is the root's), so each build refreshes what the next
DAG parse renders; `ensure_manifest` runs `dbt parse` once when a root has none yet (a fresh root, before
its first build). The DAG's one `dbt build` is `dbt_build` too, run by cosmos' producer
(`ingest.orchestration.cosmos`); `refuse_dbt_outside_the_build` keeps every other cosmos task from ever
starting dbt, so the build stays the only DuckDB writer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.config import DBT_PROJECT_DIR, Paths

KEEP_OPEN_VARIABLE = "RESONANCE_DBT_KEEP_OPEN"  # read by profiles.yml (keep_open)
PRODUCER_TASK_ID = "dbt_producer_watcher"  # cosmos' name for the task that runs the one `dbt build`


@dataclass(frozen=True)
class BuildResult:
    success: bool
    failed: list[str]  # "model.resonance.fct_x: <message>" for each failed node
    nodes: int
    scope: str = "full"  # "full", or the dbt selection a changed-only build ran ("" when nothing changed)
    reason: str = ""  # why that scope (ingest.transform.plan)
    # The nodes dbt reported (run, failed or skipped), and whether it ran its whole selection: when it did,
    # a node it did not report was outside the selection (unchanged since the last green build).
    reported: frozenset[str] = frozenset()
    completed: bool = True
    loads: tuple[str, ...] = ()  # the meta.loads rows this build transformed (recorded once it is green)


def manifest_path(home: Paths) -> Path:
    return home.dbt_target / "manifest.json"


def dbt_args(
    home: Paths, command: str = "build", *extra: str, target_path: Path | None = None, log_path: Path | None = None
) -> list[str]:
    """The one dbt command line (`resonance build`, the DAGs, the tests): the project and its profiles from
    the project folder, target/ and logs/ under the root. `command` may be two words (`docs generate`).
    `target_path` / `log_path` replace the build's folders for a command that must leave the manifest the
    DAGs read alone (`resonance docs`)."""
    return [
        *command.split(),
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_path or home.dbt_target),
        "--log-path", str(log_path or home.dbt_logs),
        *extra,
    ]  # fmt: skip


def dbt_environment(home: Paths) -> None:
    os.environ["RESONANCE_WRITER_DB"] = str(home.writer_db)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def ensure_sources(home: Paths) -> None:
    """Create every raw table dbt reads, so a build works before a platform's first file arrives."""
    from ingest import warehouse

    con = warehouse.connect(home.writer_db)
    try:
        warehouse.ensure_all(con)
    finally:
        con.close()


def dbt_build(
    home: Paths,
    *extra: str,
    quiet: bool = True,
    changed_only: bool = True,
    invoke: Callable[[list[str]], Any] | None = None,
) -> BuildResult:
    """`dbt build` (seeds, models, tests) on the writer's file: the whole project, or with `changed_only`
    (and no `extra` dbt arguments) only what the loads since the last green build changed. The caller must
    not hold a connection. Also writes the manifest the transform DAG renders its tasks from.

    The one build path: `resonance build`, the single-task DAG and the cosmos DAG's producer all come here,
    so they plan alike, keep the file open alike and record green builds in one place. `invoke` runs dbt
    with the arguments this function chose (`dbtRunner().invoke` by default); the cosmos producer passes
    its own runner, which reports each node to the per-model tasks as dbt finishes it."""
    from ingest import warehouse
    from ingest.transform import plan as build_plan

    dbt_environment(home)
    ensure_sources(home)
    con = warehouse.connect(home.writer_db)
    try:
        plan = build_plan.plan(con, manifest_path(home), changed_only=changed_only and not extra)
    finally:
        con.close()
    scope = "full" if plan.full else " ".join(plan.selectors)
    if plan.nothing_to_do:
        return BuildResult(success=True, failed=[], nodes=0, scope=scope, reason=plan.reason)
    if invoke is None:
        from dbt.cli.main import dbtRunner  # seconds of imports: only when there is something to build

        invoke = dbtRunner().invoke
    args = dbt_args(home, "build", *plan.dbt_arguments(), *extra)
    if quiet:
        args = ["--quiet", *args]
    previous = os.environ.get(KEEP_OPEN_VARIABLE)
    os.environ[KEEP_OPEN_VARIABLE] = "True"  # a Python literal: the profile reads it with `as_bool`
    try:
        outcome = invoke(args)
    finally:
        if previous is None:
            os.environ.pop(KEEP_OPEN_VARIABLE, None)
        else:
            os.environ[KEEP_OPEN_VARIABLE] = previous
        release_duckdb()
    results = list(getattr(outcome.result, "results", None) or [])
    failed = [
        f"{r.node.unique_id}: {r.message}" for r in results if str(r.status) in {"error", "fail", "runtime error"}
    ]
    if outcome.exception is not None:
        failed.append(f"dbt: {outcome.exception}")
    success = bool(outcome.success) and not failed
    reported = frozenset(r.node.unique_id for r in results)
    completed = outcome.exception is None and outcome.result is not None
    if success:
        con = warehouse.connect(home.writer_db)
        try:
            build_plan.record_green_build(con, plan)
        finally:
            con.close()
    return BuildResult(
        success=success,
        failed=failed,
        nodes=len(results),
        scope=scope,
        reason=plan.reason,
        reported=reported,
        completed=completed,
        loads=plan.loads,
    )


def release_duckdb() -> None:
    """Close the database dbt-duckdb kept open (keep_open), so the publish step or the next writer can
    open the file. dbt-duckdb holds it in a class attribute of its connection manager (1.11)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
        if environment is not None:
            environment.close()


def ensure_manifest(home: Paths) -> Path:
    """The root's dbt manifest, written by `dbt parse` (one dbt start-up, no database access) if missing."""
    path = manifest_path(home)
    if path.exists():
        return path
    from dbt.cli.main import dbtRunner

    dbt_environment(home)
    outcome = dbtRunner().invoke(["--quiet", *dbt_args(home, "parse")])
    if not outcome.success or not path.exists():
        raise RuntimeError(f"dbt parse did not write {path}: {outcome.exception or 'see ' + str(home.dbt_logs)}")
    return path


# ---- cosmos interceptor: called with (context, operator) just before a cosmos node task builds a dbt command ----


def refuse_dbt_outside_the_build(context: Any, operator: Any) -> None:
    """A cosmos model or test task only reports what the build did. Cosmos would otherwise start dbt for its
    one model when retried, cleared, or when the build failed before reaching it: a second DuckDB writer
    beside (or after) the build. A new DAG run builds it again (a failed build records nothing as built)."""
    from airflow.sdk.exceptions import AirflowException

    raise AirflowException(
        f"{operator.task_id}: the dbt build (task {PRODUCER_TASK_ID}) did not report this node, and this task "
        "never runs dbt itself (one DuckDB writer at a time). Read the build's log, then trigger the DAG again."
    )
