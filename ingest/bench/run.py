"""Drive one benchmark run: generate (or reuse) the volume, run every stage on the same files, save the figures.

Layout under the output folder (default `$RESONANCE_HOME/bench`): `home/landing/` holds the generated exports
(reused when `volume.json` says they were written for the same shape), `home/warehouse/` is rebuilt each run,
`home/drops/` holds the small exports the airflow_latency stage renames into landing, `ceiling.duckdb` and
`peer/` hold the other loaders' results, `memory/` the single-file runs, `pull/` the pull stage's throwaway root
(removed when it ends), and `results.json` everything measured.
Each stage runs in a child process (see `ingest.bench.stages`).
"""

from __future__ import annotations

import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path

from ingest.bench import volume
from ingest.config import DAGS_DIR, Paths

GLOBS = {  # export type -> files under landing (relative glob), for the ceiling and the peer
    "youtube_channel_basic": "*/reporting-api/channel_basic_a3_*.csv",
    "youtube_studio_chart": "*/Content */Chart data.csv",
    "x_tweet_activity": "*/x/tweet_activity_metrics_*.csv",
}


def say(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def run_stage(name: str, spec: dict, folder: Path, env: dict[str, str] | None = None) -> dict:
    """Run one stage in a fresh interpreter; its figures (with `seconds` and `max_rss_mib`, and the machine's
    1-minute load average as it started, `load_at_start`) come back."""
    folder.mkdir(parents=True, exist_ok=True)
    load_at_start = round(os.getloadavg()[0], 2)
    spec_path, result_path = folder / f"{name}.spec.json", folder / f"{name}.result.json"
    spec_path.write_text(json.dumps(spec))
    result_path.unlink(missing_ok=True)
    completed = subprocess.run(
        [sys.executable, "-m", "ingest.bench.stages", name, str(spec_path), str(result_path)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if completed.returncode != 0 or not result_path.exists():
        raise RuntimeError(f"bench stage {name} failed (exit {completed.returncode}):\n{completed.stdout[-4000:]}")
    return json.loads(result_path.read_text()) | {"load_at_start": load_at_start}


def prepare_volume(landing: Path, shape: volume.Shape, manifest: Path) -> tuple[list[Path], float | None]:
    """The base exports for `shape`, reused if already written; anything else under landing is removed."""
    if manifest.exists():
        known = json.loads(manifest.read_text())
        files = [Path(p) for p in known["files"]]
        if known["stamp"] == shape.stamp() and all(p.exists() for p in files):
            keep = {str(p) for p in files}
            for extra in [p for p in landing.rglob("*") if p.is_file() and str(p) not in keep]:
                extra.unlink()
            return files, None
    shutil.rmtree(landing, ignore_errors=True)
    started = time.perf_counter()
    files = volume.write_volume(landing, shape)
    seconds = time.perf_counter() - started
    manifest.write_text(json.dumps({"stamp": shape.stamp(), "files": [str(p) for p in files]}))
    return files, seconds


PEER_ROWS = 2_000_000  # the peer loads at most about this many rows (see `peer_sample`)


def peer_sample(landing: Path, groups: dict[str, list[str]], rows: int, folder: Path) -> tuple[Path, int]:
    """Every n-th file of each export type, hard-linked under `folder` with the same relative paths: the
    peer's throughput is measured on the same bytes, but at most about `PEER_ROWS` of them, because at its
    speed the whole default volume would take it about half an hour on two cores. n = 1 for small runs."""
    step = max(1, -(-rows // PEER_ROWS))
    for files in groups.values():
        for path in map(Path, files[::step]):
            link = folder / path.relative_to(landing)
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, link)
    return folder, step


def fresh(home: Paths) -> Paths:
    """Everything a previous run loaded goes; the generated landing stays."""
    for folder in (home.warehouse, home.quarantine, home.root / "dbt"):
        shutil.rmtree(folder, ignore_errors=True)
    return home.ensure()


def machine() -> dict:
    facts = {
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "ram_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    for package in ("duckdb", "apache-airflow", "dbt-core", "dbt-duckdb", "great-expectations", "pyarrow", "dlt"):
        try:
            facts[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            facts[package] = None
    return facts


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


AIRFLOW_FIRST_HANDLE = 20  # the drops through Airflow are new accounts (brand20, brand21, ...): new rows each


def staged_drops(home: Paths, shape: volume.Shape, export_day: date, count: int) -> list[dict]:
    """`count` small X exports, each of a new handle, written beside landing (`<root>/drops/`) for the
    airflow_latency stage to rename in one at a time; with where each goes and how many posts it holds."""
    staging = home.root / "drops"
    shutil.rmtree(staging, ignore_errors=True)
    drops = []
    for handle in range(AIRFLOW_FIRST_HANDLE, AIRFLOW_FIRST_HANDLE + count):
        path = volume.x_file(staging, handle, export_day, volume.posts(handle, shape, export_day - timedelta(1)))
        with path.open(encoding="utf-8", newline="") as handle_file:
            posts = sum(1 for _ in csv.reader(handle_file)) - 1  # quoted texts span lines: count records
        final = home.landing / path.relative_to(staging)
        drops.append({"staged": str(path), "final": str(final), "account": f"brand{handle:02d}", "rows": posts})
    return drops


def run(
    rows: int,
    out: Path,
    *,
    peer: bool = True,
    airflow_drops: int = 5,
    pull_accounts: tuple[int, ...] = (1, 10, 50),
    pull_months: int = 12,
    brands: tuple[int, int] = (4, 500_000),
) -> dict:
    """Every stage on one volume of `rows` post-day rows, and the pulls of `pull_months` months for each of
    `pull_accounts` accounts; returns (and saves) the results."""
    out.mkdir(parents=True, exist_ok=True)
    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    shape = volume.Shape.for_rows(rows)
    home = Paths(out / "home")
    home.landing.mkdir(parents=True, exist_ok=True)
    stages = out / "stages"
    env = {"RESONANCE_HOME": str(home.root), "GX_ANALYTICS_ENABLED": "False"}
    results: dict = {"started_at": started_at.isoformat(), "machine": machine(), "shape": shape.__dict__}

    say(f"volume: {rows:,} rows requested ({shape})")
    files, generated = prepare_volume(home.landing, shape, out / "volume.json")
    results["volume"] = {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "rows_by_type": shape.expected_rows(),
        "generate_seconds": generated,
    }
    groups = {name: sorted(str(p) for p in home.landing.glob(glob)) for name, glob in GLOBS.items()}

    # The ceiling and the ingest back to back, twice: one pair can be bent by whatever else the machine did
    results["pairs"] = []
    for number in (1, 2):
        say(f"ceiling: DuckDB read_csv (pair {number} of 2)")
        (out / "ceiling.duckdb").unlink(missing_ok=True)
        ceiling = run_stage("ceiling", {"db": str(out / "ceiling.duckdb"), "groups": groups}, stages, env)
        say(f"ingest: Resonance (detect, parse, validate, load) (pair {number} of 2)")
        fresh(home)
        ingest = run_stage("ingest", {"home": str(home.root), "inputs": [str(home.landing)]}, stages, env)
        results["pairs"].append({"ceiling": ceiling, "ingest": ingest})
    # the rest of the report (rows/s, memory, validation share) reads the first pair
    results["ceiling"], results["ingest"] = results["pairs"][0]["ceiling"], results["pairs"][0]["ingest"]

    if peer:
        say("peer: dlt filesystem + read_csv -> DuckDB")
        shutil.rmtree(out / "peer", ignore_errors=True)
        (out / "peer").mkdir(parents=True)
        sample, step = peer_sample(home.landing, groups, rows, out / "peer" / "landing")
        spec = {
            "db": str(out / "peer" / "dlt.duckdb"),
            "pipelines_dir": str(out / "peer" / "pipelines"),
            "landing": sample.as_uri(),
            "globs": GLOBS,
        }
        results["peer"] = run_stage("peer", spec, stages, env) | {"every_nth_file": step}

    say("dbt: full build")
    results["dbt_full"] = run_stage("dbt", {"home": str(home.root)}, stages, env)
    say("dbt: one more day of exports, ingested, then an incremental build")
    extra = volume.one_more_day(home.landing, shape)
    results["ingest_one_day"] = run_stage(
        "ingest", {"home": str(home.root), "inputs": [str(p) for p in extra]}, stages, env
    )
    results["dbt_incremental"] = run_stage("dbt", {"home": str(home.root)}, stages, env)

    say("memory: one report, then the same report ten times larger")
    results["memory"] = {}
    for label, videos in (("normal", shape.videos), ("ten_times", shape.videos * 10)):
        memory_home = Paths(out / "memory" / label)
        shutil.rmtree(memory_home.root, ignore_errors=True)
        path = volume.channel_basic_file(memory_home.landing, 0, volume.FIRST_DAY, videos)
        figures = run_stage("ingest", {"home": str(memory_home.root), "inputs": [str(path)]}, stages / label, env)
        figures["file_bytes"] = path.stat().st_size
        results["memory"][label] = figures
        shutil.rmtree(memory_home.root, ignore_errors=True)

    say("latency: a small export landing -> serving.duckdb")
    small_day = shape.last_day + timedelta(2)
    handle = 0
    small = volume.x_file(home.landing, handle, small_day + timedelta(1), volume.posts(handle, shape, small_day))
    results["latency"] = run_stage(
        "latency",
        {
            "home": str(home.root),
            "file": str(small),
            "account": f"brand{handle:02d}",
            "snapshot_date": str(small_day + timedelta(1)),
        },
        stages,
        env,
    )
    results["latency"]["file_rows"] = sum(1 for _ in small.open(encoding="utf-8")) - 1

    say(f"latency through a running Airflow: {airflow_drops} small exports dropped one after another")
    drops = staged_drops(home, shape, small_day + timedelta(1), airflow_drops)
    results["airflow_latency"] = run_stage("airflow_latency", {"home": str(home.root), "drops": drops}, stages, env)

    count, per_brand = brands
    say(f"brands: {count} brands of {per_brand:,} rows loaded on 1, then 2 Celery workers")
    from ingest.orchestration.cluster import missing_services

    if missing := missing_services():
        results["brands"] = {"skipped": f"{' and '.join(missing)} not installed: make services"}
    else:
        spec = {"root": str(out / "many-brands"), "brands": count, "rows_per_brand": per_brand, "workers": [1, 2]}
        results["brands"] = run_stage("brands", spec, stages, env)

    say("DAG files: import time in a fresh interpreter")
    # Bytecode caches on (an empty PYTHONDONTWRITEBYTECODE is unset) and warm: a dag-processor that parsed a
    # file once has them, so the first, cold import is recorded apart and the second is the figure.
    airflow_env = {
        **env,
        "AIRFLOW_HOME": str(home.airflow_home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "PYTHONDONTWRITEBYTECODE": "",
    }
    results["dag_imports"] = {}
    for dag in sorted(DAGS_DIR.glob("*.py")):
        cold = run_stage("dag_import", {"path": str(dag)}, stages / "dags", airflow_env)
        warm = run_stage("dag_import", {"path": str(dag)}, stages / "dags", airflow_env)
        results["dag_imports"][dag.name] = warm | {"cold_seconds": cold["seconds"]}

    counts = ", ".join(map(str, pull_accounts))
    say(f"pull: {pull_months} month(s) of daily ad insights for {counts} accounts from the API stand-ins")
    spec = {"accounts": list(pull_accounts), "months": pull_months, "root": str(out / "pull")}
    results["pull"] = run_stage("pull", spec, stages, env)

    results["finished_at"] = datetime.now(UTC).isoformat()
    results["total_seconds"] = time.perf_counter() - clock
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    return results
