"""The DAG folder parses cleanly, stays light, and every DAG follows the house rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.config import DAGS_DIR, PROJECT_DIR

DAG_FILES = sorted(p for p in DAGS_DIR.glob("*.py") if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_DIR))


def test_dagbag_has_no_import_errors(dagbag):
    from ingest.orchestration.airflow import DAG_IDS

    assert dagbag.import_errors == {}
    assert (
        set(dagbag.dag_ids)
        == set(DAG_IDS)
        == {
            "resonance_pull",
            "resonance_ingest",
            "resonance_transform",
            "resonance_freshness",
        }
    )


def assert_documented_retried_and_tagged(dag, *, never_retried: set[str] = frozenset()) -> None:
    """The house rules of a DAG; `never_retried` are tasks whose retry would do harm (they retry by a new run).
    Every task has an execution timeout."""
    assert dag.doc_md and len(dag.doc_md) > 100, dag.dag_id
    assert "resonance" in dag.tags, dag.dag_id
    assert dag.max_active_runs == 1, dag.dag_id
    for task in dag.tasks:
        wanted = (lambda n: n == 0) if task.task_id in never_retried else (lambda n: n >= 2)
        assert wanted(task.retries), f"{dag.dag_id}.{task.task_id}: retries {task.retries}"
        # a hung task fails and frees its pool slot instead of holding DuckDB's one writer forever
        assert task.execution_timeout is not None, f"{dag.dag_id}.{task.task_id} has no execution timeout"


def test_every_dag_is_documented_retried_and_tagged(dagbag):
    """The shapes a root without a dbt manifest parses (the transform DAG as one build task)."""
    assert dagbag.dags["resonance_transform"].task_dict.keys() == {"dbt_build", "publish_marts"}
    for dag in dagbag.dags.values():
        assert_documented_retried_and_tagged(dag)


@pytest.mark.slow
def test_the_transform_dag_production_runs_is_documented_retried_and_tagged(monkeypatch, manifest_home):
    """The cosmos shape every root with a manifest parses: publish retries; the build and the per-node tasks
    never do (a retried node task would start dbt beside the build; a new DAG run rebuilds)."""
    from airflow.dag_processing.dagbag import DagBag

    from ingest.transform.dbt import PRODUCER_TASK_ID

    monkeypatch.setenv("RESONANCE_HOME", str(manifest_home.root))
    dag = DagBag(dag_folder=str(DAGS_DIR / "resonance_transform.py")).dags["resonance_transform"]
    node_tasks = {t.task_id for t in dag.tasks if getattr(t, "model_unique_id", None)}
    assert len(node_tasks) >= 24  # a run and a test task per mart
    assert_documented_retried_and_tagged(dag, never_retried={PRODUCER_TASK_ID, *node_tasks})
    assert dag.task_dict["publish_marts"].retries >= 2


def test_tasks_that_write_duckdb_share_the_one_slot_pool(dagbag):
    from ingest.orchestration.assets import WRITER_POOL

    writers = {(d.dag_id, t.task_id) for d in dagbag.dags.values() for t in d.tasks if t.pool == WRITER_POOL}
    assert writers == {
        ("resonance_ingest", "load_new_exports"),
        ("resonance_transform", "dbt_build"),
        ("resonance_transform", "publish_marts"),
        ("resonance_freshness", "check_sources"),  # reads: even a reader blocks DuckDB's writer
    }


def test_every_pool_a_task_takes_is_one_airflow_is_set_up_with(dagbag):
    from ingest.orchestration.pools import airflow_pools

    used = {t.pool for d in dagbag.dags.values() for t in d.tasks} - {"default_pool"}
    assert used == set(airflow_pools())


def test_each_platform_family_is_pulled_by_a_mapped_task_in_its_own_pool_feeding_the_ingest(dagbag):
    from airflow.sdk.definitions.mappedoperator import MappedOperator

    from ingest.orchestration.pools import FAMILIES, PULL_POOLS

    pull = dagbag.dags["resonance_pull"]
    landing = {dagbag.dags["resonance_ingest"].timetable.asset_condition.uri}
    assert set(FAMILIES) == set(PULL_POOLS) == {"meta", "youtube", "linkedin", "tiktok", "x"}
    assert set(pull.task_dict) == {f"find_{f}_accounts" for f in FAMILIES} | {f"pull_{f}" for f in FAMILIES}
    for family in FAMILIES:
        task = pull.task_dict[f"pull_{family}"]
        assert isinstance(task, MappedOperator), task.task_id
        assert task.upstream_task_ids == {f"find_{family}_accounts"}
        assert task.pool == f"resonance_pull_{family}"
        assert {o.uri for o in task.outlets} == landing == {"resonance://landing/"}
        assert task.retries >= 3 and task.retry_exponential_backoff and task.max_retry_delay is not None
    assert pull.timetable.expression == "7 * * * *"  # hourly, off the top of the hour (see the DAG doc)


def test_transform_is_scheduled_on_every_raw_asset_the_ingest_emits(dagbag):
    ingest = dagbag.dags["resonance_ingest"]
    transform = dagbag.dags["resonance_transform"]
    emitted = {o.uri for t in ingest.tasks for o in t.outlets}
    scheduled_on = {a.uri for a in transform.timetable.asset_condition.objects}
    assert emitted == scheduled_on
    assert {"resonance://warehouse/raw/x__tweet_activity", "resonance://warehouse/raw/meta_ads__campaigns"} <= emitted


def heavy_modules_imported_by(dag_file: Path, env: dict[str, str] | None = None) -> list[str]:
    probe = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('dag_under_test', {str(dag_file)!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'great_expectations', 'dbt', 'pandas', 'pyarrow', 'duckdb', 'openpyxl', 'xlrd', 'xlwt'})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT_DIR, env=env
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda p: p.name)
def test_importing_a_dag_file_imports_no_heavy_library(dag_file: Path):
    assert heavy_modules_imported_by(dag_file) == []


@pytest.mark.slow
def test_the_transform_dag_rendered_by_cosmos_from_a_manifest_imports_no_heavy_library(manifest_home):
    env = {**os.environ, "RESONANCE_HOME": str(manifest_home.root)}
    assert heavy_modules_imported_by(DAGS_DIR / "resonance_transform.py", env) == []
