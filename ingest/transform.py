"""Run the dbt project (dbt-duckdb) against the writer's file: one `dbt build` per call.

The profile lives in `dbt_project/profiles.yml` (never ~/.dbt); the writer file, target and log paths
come from the one root, so nothing is written into the project folder. dbt runs in-process through its
Python API: one start-up (~10 s) per build, not one per model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ingest.config import DBT_PROJECT_DIR, Paths


@dataclass(frozen=True)
class BuildResult:
    success: bool
    failed: list[str]  # "model.resonance.fct_x: <message>" for each failed node
    nodes: int


def dbt_args(home: Paths, command: str = "build", *extra: str) -> list[str]:
    return [
        command,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(home.dbt_target),
        "--log-path", str(home.dbt_logs),
        *extra,
    ]  # fmt: skip


def dbt_environment(home: Paths) -> None:
    os.environ["RESONANCE_WRITER_DB"] = str(home.writer_db)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def dbt_build(home: Paths, *extra: str, quiet: bool = True) -> BuildResult:
    """`dbt build` (seeds, models, tests) on the writer's file. The caller must not hold a connection."""
    from dbt.cli.main import dbtRunner

    from ingest import warehouse

    dbt_environment(home)
    con = warehouse.connect(home.writer_db)  # sources must exist even before a platform's first file
    try:
        warehouse.ensure_all(con)
    finally:
        con.close()
    args = dbt_args(home, "build", *extra)
    if quiet:
        args = ["--quiet", *args]
    outcome = dbtRunner().invoke(args)
    results = list(getattr(outcome.result, "results", None) or [])
    failed = [
        f"{r.node.unique_id}: {r.message}" for r in results if str(r.status) in {"error", "fail", "runtime error"}
    ]
    if outcome.exception is not None:
        failed.append(f"dbt: {outcome.exception}")
    return BuildResult(success=bool(outcome.success) and not failed, failed=failed, nodes=len(results))
