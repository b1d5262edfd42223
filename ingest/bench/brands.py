"""Many brands on the distributed engine: N brands of M post-day rows each, loaded by the ingest DAG on one
Celery worker, then on two.

Each run starts the compose deployment as local processes (`ingest.orchestration.cluster.LocalCluster`:
PostgreSQL, Redis, every Airflow component) on a fresh deployment root with `RESONANCE_BRANDS` listing the N
brands, each brand's landing holding the same generated volume (hard links to one copy). The DAGs are created
paused; once parsed, the ingest DAG is unpaused and triggered through the REST API (a run with no event maps
`load_new_exports` over every brand; the cron's latest tick may start one too), and the loads are timed from
Airflow's own records, each brand's one successful load whichever run it was in, after checking every row is
in the brands' ledgers: the makespan from the first load's start to the last load's end, the sum of the
loads' durations (the work), and how many loads ran at once. The transform, pull and freshness DAGs stay
paused, so only loads compete for the cores.

What bounds the ratio: each brand's load is one process on one core (the loader is CPU-bound), and a brand's
writer pool lets one load per brand run at a time; with two workers, two brands load at once, on a machine
whose two cores also run the scheduler, the api-server, PostgreSQL and the workers themselves.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from ingest.bench import volume
from ingest.config import Paths

INGEST, LOAD_TASK = "resonance_ingest", "load_new_exports"
BOUND_SECONDS = 3600.0  # a broken pipeline fails the stage here; not a timing assertion


def brand_ids(count: int) -> list[str]:
    return [f"brand{n:02d}" for n in range(1, count + 1)]


def _link_tree(source: Path, destination: Path) -> None:
    """The same files under `destination`, as hard links (no bytes copied; the loader only reads them)."""
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        target = destination / file.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(file, target)
        except OSError:  # another file system
            shutil.copy2(file, target)


def _ledger_rows(home: Paths) -> int:
    import duckdb

    with duckdb.connect(str(home.writer_db), read_only=True) as con:
        return con.execute("select coalesce(sum(rows_parsed), 0) from meta.loads where status = 'loaded'").fetchone()[0]


def measure(spec: dict) -> dict:
    """`spec`: root (a working folder, not itself named `brands`: a root under a `brands` folder is a brand's),
    brands (N), rows_per_brand (M), workers (e.g. [1, 2])."""
    from ingest.orchestration.airflow import DAG_IDS
    from ingest.orchestration.cluster import LocalCluster, wait_for

    root = Path(spec["root"])
    brands = brand_ids(spec["brands"])
    shape = volume.Shape.for_rows(spec["rows_per_brand"])
    source = root / "volume"
    if not (source / "stamp").exists() or (source / "stamp").read_text() != shape.stamp():
        shutil.rmtree(source, ignore_errors=True)
        volume.write_volume(source / "landing", shape)
        (source / "stamp").write_text(shape.stamp())
    rows_per_brand = sum(shape.expected_rows().values())
    files_per_brand = sum(1 for p in (source / "landing").rglob("*") if p.is_file())

    runs = []
    for workers in spec["workers"]:
        deployment = Paths(root / f"workers{workers}")
        shutil.rmtree(deployment.root, ignore_errors=True)
        for brand in brands:
            _link_tree(source / "landing", deployment.for_brand(brand).landing)
        environment = {
            "RESONANCE_BRANDS": ",".join(brands),
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "GX_ANALYTICS_ENABLED": "False",
        }
        started = time.perf_counter()
        with LocalCluster(deployment, workers=workers, extra_env=environment) as cluster:
            start_seconds = time.perf_counter() - started
            cluster.wait_for_dags(DAG_IDS)
            cluster.unpause(INGEST)
            # The trigger maps every brand; the cron's latest 15-minute tick may start a run as the DAG is unpaused
            # too. Whichever run loads a brand is the one timed: each brand has exactly one successful load.
            cluster.trigger(INGEST)
            loads_query = (
                "select rendered_map_index as brand, state, hostname, start_date, end_date from task_instance "
                "where dag_id = %s and task_id = %s and map_index >= 0 and state = 'success' order by start_date"
            )

            def all_loaded(cluster: LocalCluster = cluster, query: str = loads_query) -> list[dict] | None:
                done = cluster.sql(query, (INGEST, LOAD_TASK))
                idle = not any(r["state"] in ("queued", "running") for r in cluster.dag_runs(INGEST))
                return done if idle and sorted(load["brand"] for load in done) == brands else None

            loads = wait_for(all_loaded, f"the {len(brands)} brands to load", BOUND_SECONDS, 1)
            loaded_rows = sum(_ledger_rows(deployment.for_brand(brand)) for brand in brands)
        if loaded_rows != len(brands) * rows_per_brand:
            raise RuntimeError(f"{loaded_rows:,} rows loaded, expected {len(brands) * rows_per_brand:,}: {loads}")
        first = min(load["start_date"] for load in loads)
        last = max(load["end_date"] for load in loads)
        moments = sorted([(load["start_date"], 1) for load in loads] + [(load["end_date"], -1) for load in loads])
        running = peak = 0
        for _, step in moments:
            running += step
            peak = max(peak, running)
        makespan = (last - first).total_seconds()
        runs.append(
            {
                "workers": workers,
                "cluster_start_seconds": start_seconds,
                "makespan_seconds": makespan,
                "load_seconds_sum": sum((load["end_date"] - load["start_date"]).total_seconds() for load in loads),
                "max_concurrent_loads": peak,
                "rows_per_second": len(brands) * rows_per_brand / makespan if makespan else None,
                "hosts": sorted({load["hostname"] for load in loads}),
                "load_at_end": round(os.getloadavg()[0], 2),
            }
        )
        shutil.rmtree(deployment.root, ignore_errors=True)
    return {
        "brands": len(brands),
        "rows_per_brand": rows_per_brand,
        "files_per_brand": files_per_brand,
        "cores": os.cpu_count(),
        "runs": runs,
    }


def speedup(figures: dict) -> float | None:
    """The fewest workers' makespan over the most workers' (2 workers against 1: above 1 is faster)."""
    runs = sorted(figures.get("runs") or [], key=lambda r: r["workers"])
    if len(runs) < 2 or not runs[-1]["makespan_seconds"]:
        return None
    return runs[0]["makespan_seconds"] / runs[-1]["makespan_seconds"]


def report_lines(figures: dict | None) -> list[str]:
    """The many-brands table for BENCHMARKS.md."""
    if not figures:
        return []
    if "skipped" in figures:
        return ["", f"### Many brands on Celery workers: not measured ({figures['skipped']})"]
    lines = [
        "",
        f"### Many brands on Celery workers: {figures['brands']} brands of {figures['rows_per_brand']:,} rows "
        f"({figures['files_per_brand']} files each)",
        "",
        "| workers | makespan s | loads' own seconds, summed | loads at once (max) | rows/s | workers used "
        "| cluster start s | load avg at end |",
        "|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for run in sorted(figures["runs"], key=lambda r: r["workers"]):
        lines.append(
            f"| {run['workers']} | {run['makespan_seconds']:.1f} | {run['load_seconds_sum']:.1f} "
            f"| {run['max_concurrent_loads']} | {run['rows_per_second'] or 0:,.0f} | {', '.join(run['hosts'])} "
            f"| {run['cluster_start_seconds']:.0f} | {run['load_at_end']} |"
        )
    ratio = speedup(figures)
    if ratio is not None:
        lines += ["", f"Two workers against one: **{ratio:.2f}x** the throughput on {figures['cores']} cores."]
    return [*lines, ""]
