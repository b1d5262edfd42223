"""The measured steps of the benchmark, each run in a fresh child process (`python -m ingest.bench.stages`).

A child of its own per step, because: peak memory is the child's own `ru_maxrss` (`RUSAGE_SELF`, read by the
child as it ends; the parent's `RUSAGE_CHILDREN` is a running maximum over every child it ever waited for, so
the second measurement could never be lower than the first); imports (GX, dbt, dlt) are paid by the step that
needs them, as in production; and DuckDB's one-writer lock is released between steps.

How each is measured:
- **ceiling**: DuckDB `read_csv` of each export type's files (a list of paths) straight into a table in a
  fresh database file: no detection, conversion, validation or key handling. Every benchmark export is CSV,
  so no other reader is needed.
- **ingest**: `ingest.load.loader.ingest_paths` on the landing folder, exactly what `resonance ingest` runs, into a
  fresh warehouse; validation time is `ingest.load.validate.CLOCK`, accumulated around every batch's validation.
- **peer**: dlt's filesystem source with its `read_csv` reader (the one its documentation leads with) into
  DuckDB, one resource per export type, default write disposition (append), Parquet load files. Append does
  less than Resonance's MERGE by natural key, and Parquet is dlt's fast path (its default for DuckDB,
  `insert_values`, loaded 1.3 million rows in twelve minutes here and had not finished the next 0.4 million
  after seventeen, at 7 GiB resident): both choices favour the peer.
- **dbt**: `ingest.transform.dbt.dbt_build` (one `dbt build`), as the transform DAG runs it.
- **latency**: a small export is ingested, built and published (`ingest.load.loader.ingest_paths`, `dbt_build`,
  `ingest.serve.publish.publish`), then `serving.duckdb` is opened and must show the export's snapshot day.
- **airflow_latency**: small exports dropped one after another into landing with Airflow's own components
  running on the root; stages from its REST API (see `ingest.bench.airflow_latency`).
- **dag_import**: `airflow.sdk` then the DAG file, imported in this fresh interpreter, each timed.
- **pull**: `ingest.pull.run.pull_account` for 1, 10 and 50 ad accounts (Meta ads by async report runs and by
  plain paging, TikTok ads by paging) against the platforms' stand-ins in a process of their own on loopback,
  into a throwaway root (see `ingest.bench.pull`).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def ceiling(spec: dict) -> dict:
    import duckdb

    con = duckdb.connect(spec["db"])
    rows = {}
    try:
        for name, files in spec["groups"].items():
            con.execute(f"create or replace table {name} as select * from read_csv(?, header = true)", [files])
            rows[name] = con.execute(f"select count(*) from {name}").fetchone()[0]
    finally:
        con.close()
    return {"rows": sum(rows.values()), "rows_by_type": rows}


def ingest(spec: dict) -> dict:
    from ingest.config import Paths
    from ingest.load.loader import ingest_paths
    from ingest.load.validate import CLOCK

    home = Paths(Path(spec["home"])).ensure()
    results = ingest_paths([Path(p) for p in spec["inputs"]], home)
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
    rejected = [r.reason for r in results if r.status == "rejected"][:3]
    return {
        "files": len(results),
        "rows": sum(r.rows_parsed for r in results),
        "statuses": statuses,
        "rejected_reasons": rejected,
        "validation_seconds": CLOCK.seconds,
        "validation_batches": CLOCK.batches,
        "batches_validated_by_gx": CLOCK.by_gx,
    }


def peer(spec: dict) -> dict:
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("RUNTIME__LOG_LEVEL", "WARNING")
    import dlt
    import duckdb
    from dlt.sources.filesystem import filesystem, read_csv

    pipeline = dlt.pipeline(
        pipeline_name="resonance_bench_peer",
        destination=dlt.destinations.duckdb(spec["db"]),
        dataset_name="peer",
        pipelines_dir=spec["pipelines_dir"],
    )
    for name, glob in spec["globs"].items():
        files = filesystem(bucket_url=spec["landing"], file_glob=glob)
        pipeline.run((files | read_csv()).with_name(name), loader_file_format="parquet")
    con = duckdb.connect(spec["db"], read_only=True)
    try:
        rows = {name: con.execute(f"select count(*) from peer.{name}").fetchone()[0] for name in spec["globs"]}
    finally:
        con.close()
    return {"rows": sum(rows.values()), "rows_by_type": rows, "dlt_version": dlt.__version__}


def dbt(spec: dict) -> dict:
    from ingest.config import Paths
    from ingest.transform.dbt import dbt_build

    result = dbt_build(Paths(Path(spec["home"])))
    return {"success": result.success, "nodes": result.nodes, "failed": result.failed[:5]}


def latency(spec: dict) -> dict:
    import duckdb

    from ingest.config import Paths
    from ingest.load.loader import ingest_paths
    from ingest.serve.publish import publish
    from ingest.transform.dbt import dbt_build

    home = Paths(Path(spec["home"]))
    started = time.perf_counter()
    loaded = ingest_paths([Path(spec["file"])], home)
    ingested = time.perf_counter()
    build = dbt_build(home)
    built = time.perf_counter()
    publish(home)
    published = time.perf_counter()
    con = duckdb.connect(str(home.serving_db), read_only=True)
    try:
        seen = con.execute(
            "select count(*) from marts.fct_post_daily where account_id = ? and snapshot_date = ?::date",
            [spec["account"], spec["snapshot_date"]],
        ).fetchone()[0]
    finally:
        con.close()
    return {
        "status": [r.status for r in loaded],
        "build_success": build.success,
        "rows_in_serving": seen,
        "ingest_seconds": ingested - started,
        "dbt_seconds": built - ingested,
        "publish_seconds": published - built,
    }


def airflow_latency(spec: dict) -> dict:
    from ingest.bench.airflow_latency import measure

    return measure(spec)


def brands(spec: dict) -> dict:
    from ingest.bench.brands import measure

    return measure(spec)


def dag_import(spec: dict) -> dict:
    import importlib.util

    started = time.perf_counter()
    import airflow.sdk  # noqa: F401 - what every DAG file imports first; timed apart from the file itself

    sdk = time.perf_counter()
    module_spec = importlib.util.spec_from_file_location("bench_dag", spec["path"])
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return {"airflow_sdk_seconds": sdk - started, "dag_file_seconds": time.perf_counter() - sdk}


def pull(spec: dict) -> dict:
    from ingest.bench.pull import measure

    return measure(spec)


STAGES: dict[str, Callable[[dict], dict]] = {
    "ceiling": ceiling,
    "ingest": ingest,
    "peer": peer,
    "dbt": dbt,
    "latency": latency,
    "airflow_latency": airflow_latency,
    "brands": brands,
    "dag_import": dag_import,
    "pull": pull,
}


def main(argv: list[str]) -> int:
    """`python -m ingest.bench.stages <stage> <spec.json> <result.json>`: run one stage, write its figures."""
    name, spec_path, result_path = argv
    spec: dict[str, Any] = json.loads(Path(spec_path).read_text())
    started = time.perf_counter()
    figures = STAGES[name](spec)
    figures["seconds"] = time.perf_counter() - started
    # ru_maxrss is KiB on Linux (bytes on macOS, where the figure would read 1024 times too large)
    figures["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(result_path).write_text(json.dumps(figures, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
