"""Three brands on the distributed engine: the compose deployment as local processes (PostgreSQL, Redis, every
Airflow component, two Celery workers; `ingest.orchestration.cluster.LocalCluster`) with
`RESONANCE_BRANDS=acme,globex,initech`.

The demo's sample exports are dealt out to the three brands by account, and each brand's share is in its landing
before the cluster starts: each brand's watcher announces it at its first poll, the ingest DAG maps
`load_new_exports` over the brands (each instance in its brand's writer pool), the raw asset events start the
transform DAG, which maps `build_and_publish` the same way. The test checks that the loads ran on both workers and
overlapped in time, and that every brand's published marts are exactly those of a separate single-brand run of the
same files (`resonance sweep` and `resonance build` on a root of its own). Then one brand gets one more export:
only that brand loads and builds, and the other brands' serving files are not touched.

The waits are bounds on a broken system, not performance assertions.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.config import PROJECT_DIR, Paths
from ingest.orchestration.airflow import FRESHNESS_DAG, INGEST_DAG, PULL_DAG, TRANSFORM_DAG
from ingest.orchestration.cluster import LocalCluster, missing_services, wait_for
from ingest.orchestration.pools import writer_pool
from ingest.samples import generate_samples

pytestmark = pytest.mark.slow

BRANDS = ("acme", "globex", "initech")
LOAD_TASK, BUILD_TASK = "load_new_exports", "build_and_publish"
BOUND_SECONDS = 900
# Two builds of the same files differ in the last bits of a few sums of doubles (fct_campaign_roi's fractional
# attribution credits: DuckDB adds in parallel, in no fixed order), so doubles are compared at 9 decimals.
DOUBLE_DECIMALS = 9
# Lineage, not figures: the load that brought a row (ids are random per warehouse, so two runs of the same files
# never share them; fct_post_daily carries it to find the snapshots its incremental build has not seen).
LINEAGE_COLUMNS = {"load_id"}


def _deal_samples(folder: Path) -> dict[str, list[Path]]:
    """The demo's sample exports, dealt out to the brands by account folder (round robin, in name order)."""
    samples = generate_samples(folder / "all")
    accounts = sorted({p.relative_to(folder / "all").parts[0] for p in samples})
    brand_of = {account: BRANDS[i % len(BRANDS)] for i, account in enumerate(accounts)}
    dealt: dict[str, list[Path]] = defaultdict(list)
    for path in samples:
        dealt[brand_of[path.relative_to(folder / "all").parts[0]]].append(path)
    return dealt


def _place(files: list[Path], source_root: Path, landing: Path) -> list[Path]:
    placed = []
    for file in files:
        target = landing / file.relative_to(source_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.read_bytes())
        os.utime(target, (file.stat().st_atime, file.stat().st_mtime))
        placed.append(target)
    return placed


def _single_brand_run(root: Path) -> Path:
    """`resonance sweep` then `resonance build` on a root of its own: the serving file they publish."""
    env = {**os.environ, "RESONANCE_BRANDS": "", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    for command in (["sweep"], ["build"]):
        run = subprocess.run([sys.executable, "-m", "ingest.cli", "--home", str(root), *command], cwd=PROJECT_DIR,
                             env=env, capture_output=True, text=True, timeout=BOUND_SECONDS)  # fmt: skip
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    return Paths(root).serving_db


def _marts(serving_db: Path) -> dict[str, list[tuple]]:
    """Every mart's rows, sorted, every column but lineage (doubles rounded to DOUBLE_DECIMALS)."""
    with duckdb.connect(str(serving_db), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name, data_type from information_schema.columns where table_schema = 'marts' "
            "order by table_name, ordinal_position"
        ).fetchall()
        by_table: dict[str, list[str]] = defaultdict(list)
        for table, column, data_type in columns:
            if column in LINEAGE_COLUMNS:
                continue
            exact = data_type not in ("DOUBLE", "FLOAT")
            by_table[table].append(f'"{column}"' if exact else f'round("{column}", {DOUBLE_DECIMALS})')
        selects = {table: ", ".join(cols) for table, cols in by_table.items()}
        return {
            table: sorted(con.execute(f"select {select} from marts.{table}").fetchall(), key=repr)
            for table, select in selects.items()
        }


def _instances(cluster: LocalCluster, dag_id: str, task_id: str, since: datetime | None = None) -> list[dict]:
    """The mapped instances of `task_id`, those of runs queued after `since` when given (an instance not started
    yet has no start date to go by)."""
    runs = {r["run_id"] for r in cluster.dag_runs(dag_id, since=since)}
    found = cluster.sql(
        "select run_id, map_index, rendered_map_index as brand, pool, state, hostname, start_date, end_date "
        "from task_instance where dag_id = %s and task_id = %s and map_index >= 0 order by start_date",
        (dag_id, task_id),
    )
    return [i for i in found if i["run_id"] in runs]


def _idle(cluster: LocalCluster) -> bool:
    """No ingest or transform run queued or running, and no asset event waiting to become one."""
    dags = (INGEST_DAG, TRANSFORM_DAG)
    if any(r["state"] in ("queued", "running") for d in dags for r in cluster.dag_runs(d)):
        return False
    waiting = cluster.sql("select count(*) as n from asset_dag_run_queue where target_dag_id in %s", (dags,))
    return waiting[0]["n"] == 0


def _announced(deployment: Paths) -> bool:
    """Every brand's watcher has made its first announcement (its listing cursor is written once it has)."""
    return all(any(deployment.for_brand(b).watch_state.glob("*.json")) for b in BRANDS)


def _published(cluster: LocalCluster, brands: set[str], since: datetime | None = None) -> list[dict] | None:
    """The build instances once every brand in `brands` has published after `since` and nothing is running."""
    builds = _instances(cluster, TRANSFORM_DAG, BUILD_TASK, since)
    done = {b["brand"] for b in builds if b["state"] == "success"}
    failed = [b for b in builds if b["state"] in ("failed", "upstream_failed")]
    assert not failed, failed
    return builds if brands <= done and _idle(cluster) else None


def test_three_brands_load_on_both_workers_at_once_and_publish_what_three_single_brand_runs_publish(tmp_path):
    if missing := missing_services():
        pytest.skip(f"the cluster test needs {' and '.join(missing)}: run `make services` (as root)")
    deployment = Paths(tmp_path / "home")
    dealt = _deal_samples(tmp_path / "samples")
    assert set(dealt) == set(BRANDS) and all(dealt.values())
    for brand in BRANDS:
        _place(dealt[brand], tmp_path / "samples" / "all", deployment.for_brand(brand).landing)
        _place(dealt[brand], tmp_path / "samples" / "all", tmp_path / "single" / brand / "landing")

    environment = {"RESONANCE_BRANDS": ",".join(BRANDS), "RESONANCE_LANDING_POLL_SECONDS": "3"}
    with LocalCluster(deployment, workers=2, extra_env=environment) as cluster:
        cluster.wait_for_dags([INGEST_DAG, TRANSFORM_DAG, PULL_DAG, FRESHNESS_DAG])
        for dag_id in (PULL_DAG, FRESHNESS_DAG):  # hourly; nothing to pull, and no ledger to check yet
            cluster.pause(dag_id)
        # The single-brand runs go on beside the cluster's, one after another.
        with ThreadPoolExecutor(max_workers=1) as pool:
            references = pool.map(_single_brand_run, [tmp_path / "single" / b for b in BRANDS])
            # Each brand's watcher announces its landing at its first poll; once all have and every run is over,
            # every brand has published.
            wait_for(lambda: _announced(deployment), "every brand's watcher to announce", BOUND_SECONDS, 3)
            builds = wait_for(lambda: _published(cluster, set(BRANDS)), "every brand to publish", BOUND_SECONDS, 3)
            expected = dict(zip(BRANDS, references, strict=True))

        # Every brand loaded, once, on a Celery worker, in its own writer pool; the two workers both loaded, and
        # two brands' loads ran at the same time.
        loads = [i for i in _instances(cluster, INGEST_DAG, LOAD_TASK) if i["state"] == "success"]
        assert sorted(i["brand"] for i in loads) == sorted(BRANDS), loads
        assert all(i["pool"] == writer_pool(i["brand"]) for i in loads), loads
        assert {i["hostname"] for i in loads} == set(cluster.worker_names), loads
        assert any(
            a["start_date"] < b["end_date"] and b["start_date"] < a["end_date"]
            for a in loads for b in loads if a["brand"] < b["brand"]
        ), f"no two brands' loads overlapped: {loads}"  # fmt: skip
        assert all(b["pool"] == writer_pool(b["brand"]) for b in builds), builds

        # Each brand's published marts are exactly what a single-brand run of its files publishes.
        for brand in BRANDS:
            got = _marts(deployment.for_brand(brand).serving_db)
            assert got == _marts(expected[brand]), f"{brand}: marts differ from its single-brand run"
        assert not deployment.serving_db.exists()  # no `default` brand configured: nothing of its own

        # One more export for one brand, and the same file in its single-brand root: only that brand loads and
        # builds, the others' serving files stay as they were, and it still publishes what its single run does.
        others = {b: deployment.for_brand(b).serving_db.stat().st_mtime_ns for b in BRANDS if b != "globex"}
        since = datetime.now(UTC)
        late = _late_export(tmp_path / "late")
        _place([late], tmp_path / "late", deployment.for_brand("globex").landing)
        _place([late], tmp_path / "late", tmp_path / "single" / "globex" / "landing")
        reference = _single_brand_run(tmp_path / "single" / "globex")  # while the cluster loads and builds it
        wait_for(lambda: _published(cluster, {"globex"}, since), "globex to publish again", BOUND_SECONDS, 3)
        # A run may map other brands too (Airflow hands a run every event since the previous run, and a watcher's
        # first announcement can reach two runs): those instances find nothing new and skip.
        late_loads = _instances(cluster, INGEST_DAG, LOAD_TASK, since)
        late_builds = _instances(cluster, TRANSFORM_DAG, BUILD_TASK, since)
        assert [i["brand"] for i in late_loads if i["state"] == "success"] == ["globex"], late_loads
        assert [i["brand"] for i in late_builds if i["state"] == "success"] == ["globex"], late_builds
        assert {i["state"] for i in late_loads + late_builds if i["brand"] != "globex"} <= {"skipped"}
        assert {b: deployment.for_brand(b).serving_db.stat().st_mtime_ns for b in others} == others
        assert _marts(deployment.for_brand("globex").serving_db) == _marts(reference)


def _late_export(folder: Path) -> Path:
    """An X tweet activity export of a new account: rows no brand has yet."""
    from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity

    counts = dict.fromkeys(X_COUNTS, 0) | {"impressions": 1234, "likes": 56}
    tweet = Tweet(tweet_id="990001", handle="globexlate", text="late", time=datetime(2026, 11, 2, tzinfo=UTC),
                  counts=counts)  # fmt: skip
    return write_x_tweet_activity(folder / "globexlate" / "tweet_activity.csv", [tweet])
