"""Brands in the DAGs: runs map their DuckDB tasks over brands, each instance in its brand's writer pool.

The pool of a mapped instance is set by the cluster policy (`ingest.orchestration.policy`) as the scheduler
expands the task, so the slow test runs the real DAGs under Airflow's own runner and reads the pools back
from the metadata DB. The Celery test (tests/cluster) shows the same pools on a real scheduler and workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ingest.config import PROJECT_DIR, Paths
from ingest.landing.stores import is_export_name
from ingest.orchestration.brands import brands_for_run, events_for_brand
from ingest.orchestration.pools import WRITER_POOL, airflow_pools, writer_pool

BRANDS = ["acme", "globex", "initech"]


def test_a_run_without_events_or_with_an_event_naming_no_brand_maps_over_every_brand():
    assert brands_for_run([], BRANDS) == BRANDS
    assert brands_for_run([{"brand": "acme"}, {"files": ["x.csv"]}], BRANDS) == BRANDS  # a REST event


def test_a_run_maps_over_the_configured_brands_its_events_name_in_configured_order():
    events = [{"brand": "initech"}, {"brand": "acme"}, {"brand": "acme"}, {"brand": "gone"}]
    assert brands_for_run(events, BRANDS) == ["acme", "initech"]  # `gone` has no pool any more: left out


def test_a_watcher_event_names_its_brand_inside_the_payload_airflow_wraps_it_in():
    stored = {"from_trigger": True, "payload": {"brand": "globex", "landing": "/x", "count": 0, "files": []}}
    assert brands_for_run([stored], BRANDS) == ["globex"]
    assert events_for_brand([stored], "acme") == []


def test_a_brand_sees_its_own_events_and_those_naming_no_brand():
    events = [{"brand": "acme", "files": ["a"]}, {"brand": "globex", "files": ["g"]}, {"files": ["rest"]}]
    assert events_for_brand(events, "acme") == [events[0], events[2]]


def test_each_brand_has_a_one_slot_writer_pool_and_the_default_brand_keeps_the_old_name():
    pools = airflow_pools(["acme"])
    assert writer_pool("default") == WRITER_POOL
    assert pools[writer_pool("acme")]["slots"] == 1 and pools[WRITER_POOL]["slots"] == 1


def test_a_brand_watcher_keeps_its_brand_through_serialization_and_the_default_one_keeps_its_identity():
    from ingest.landing.watcher import LandingTrigger

    classpath, kwargs = LandingTrigger(brand="acme", poll_seconds=5).serialize()
    assert LandingTrigger(**kwargs).brand == "acme"
    assert LandingTrigger(poll_seconds=5).serialize()[1] == {"poll_seconds": 5}  # as before brands


def test_the_default_brands_s3_listing_skips_the_other_brands_prefixes():
    assert not is_export_name("_brands/acme/northwind/t.csv")
    assert is_export_name("northwind/t.csv")


# Airflow must be configured before it is imported, so the DAG runs in its own process.
RUN_BRANDS = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from ingest.config import Paths
from ingest.orchestration.airflow import FRESHNESS_DAG, INGEST_DAG, configure_airflow, run_dag
home = Paths(Path(sys.argv[1]))
configure_airflow(home, quiet=True)
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity
brands = sys.argv[2].split(",")
for n, brand in enumerate(brands):
    counts = dict.fromkeys(X_COUNTS, 0) | {"impressions": 10 * (n + 1)}
    tweet = Tweet(tweet_id=str(n + 1), handle="northwindgear", text=brand, time=datetime(2026, 10, 5, tzinfo=UTC),
                  counts=counts)
    write_x_tweet_activity(home.for_brand(brand).landing / "northwindgear" / "t.csv", [tweet])
from airflow.models.taskinstance import TaskInstance
from airflow.utils.session import create_session
runs = []
for dag_id in (INGEST_DAG, INGEST_DAG, FRESHNESS_DAG):
    state = run_dag(dag_id, log_file=home.root / "dag.log")
    with create_session() as session:
        latest = session.query(TaskInstance).filter(TaskInstance.dag_id == dag_id, TaskInstance.map_index >= 0)
        tis = sorted(latest, key=lambda ti: (ti.run_id, ti.map_index))
        run_id = tis[-1].run_id
        instances = [[ti.task_id, ti.map_index, ti.rendered_map_index, ti.pool, str(ti.state)]
                     for ti in tis if ti.run_id == run_id]
        runs.append({"dag": dag_id, "state": state, "instances": instances})
print(json.dumps(runs))
"""


def _loads(home: Paths) -> list[tuple[str, list[str]]]:
    from ingest import warehouse

    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute("select status, raw_tables from meta.loads order by started_at").fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_every_brand_loads_its_own_landing_in_its_own_writer_pool_and_a_second_run_changes_nothing(tmp_path):
    deployment = Paths(tmp_path / "home")
    brands = ["acme", "globex"]
    run = subprocess.run(
        [sys.executable, "-c", RUN_BRANDS, str(deployment.root), ",".join(brands)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "RESONANCE_BRANDS": ",".join(brands)},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    first, second, freshness = json.loads(run.stdout.strip().splitlines()[-1])

    # First run: one instance per brand, labelled with it, in that brand's pool; each brand loaded its file.
    assert first["state"] == "success"
    assert first["instances"] == [
        ["load_new_exports", 0, "acme", writer_pool("acme"), "success"],
        ["load_new_exports", 1, "globex", writer_pool("globex"), "success"],
    ]
    for brand in brands:
        assert _loads(deployment.for_brand(brand)) == [("loaded", ["x__tweet_activity"])]
    assert not deployment.writer_db.exists()  # the default brand is not configured: nothing of its own

    # Second run: the same pools; nothing new, so each instance skips and no ledger changes.
    assert [i[3:] for i in second["instances"]] == [[writer_pool(b), "skipped"] for b in brands]
    for brand in brands:
        assert _loads(deployment.for_brand(brand)) == [("loaded", ["x__tweet_activity"])]

    # The freshness check reads every brand's ledger, each in its brand's pool.
    assert [(i[2], i[3]) for i in freshness["instances"]] == [(b, writer_pool(b)) for b in brands]


PARSE_DAGS = """
import json
from ingest.orchestration.airflow import load_dags
from airflow.sdk.definitions.mappedoperator import MappedOperator
shapes = {}
for dag_id, dag in sorted(load_dags().dags.items()):
    shapes[dag_id] = {
        "max_active_runs": dag.max_active_runs,
        "mapped": sorted(t.task_id for t in dag.tasks
                         if isinstance(t, MappedOperator) and t.pool == "resonance_duckdb_writer"),
        "tasks": len(dag.tasks),
    }
print(json.dumps(shapes))
"""


@pytest.mark.slow
def test_with_brands_every_dag_maps_its_duckdb_tasks_over_brands_and_runs_may_overlap(tmp_path):
    env = {**os.environ, "RESONANCE_BRANDS": "acme,globex,initech", "RESONANCE_HOME": str(tmp_path / "home"),
           "AIRFLOW_HOME": str(tmp_path / "airflow"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}  # fmt: skip
    run = subprocess.run([sys.executable, "-c", PARSE_DAGS], cwd=PROJECT_DIR, capture_output=True, text=True,
                         timeout=300, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    shapes = json.loads(run.stdout.strip().splitlines()[-1])
    assert shapes["resonance_ingest"]["mapped"] == ["load_new_exports"]
    assert shapes["resonance_transform"]["mapped"] == ["build_and_publish"]
    assert shapes["resonance_transform"]["tasks"] == 2  # brands_to_build >> build_and_publish, no per-mart tasks
    assert shapes["resonance_freshness"]["mapped"] == ["check_sources"]
    assert shapes["resonance_ingest"]["max_active_runs"] == shapes["resonance_transform"]["max_active_runs"] == 3
