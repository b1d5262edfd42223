"""The transform DAG: cosmos renders one task per mart (every model and seed with
`RESONANCE_TRANSFORM_TASKS=all`) from the manifest, one `dbt build` does the work in the writer pool, no other
task ever starts dbt, and publish runs only after a green build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.config import DAGS_DIR, PROJECT_DIR, Paths
from ingest.orchestration.assets import SERVING, WRITER_POOL
from ingest.transform.dbt import PRODUCER_TASK_ID, refuse_dbt_outside_the_build

RUNNER = Path(__file__).with_name("transform_run.py")


def parse_transform_dag(monkeypatch, home: Paths):
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv("RESONANCE_HOME", str(home.root))
    bag = DagBag(dag_folder=str(DAGS_DIR / "resonance_transform.py"))
    assert bag.import_errors == {}
    return bag.dags["resonance_transform"]


@pytest.fixture(scope="module")
def manifest_nodes(dbt_manifest) -> dict:
    return json.loads(dbt_manifest.read_text())["nodes"]


@pytest.fixture
def transform(monkeypatch, manifest_home):
    return parse_transform_dag(monkeypatch, manifest_home)


def node_tasks(dag) -> list:
    return [t for t in dag.tasks if getattr(t, "model_unique_id", None)]


def test_without_a_manifest_the_dag_is_one_build_task_then_publish(monkeypatch, tmp_path):
    dag = parse_transform_dag(monkeypatch, Paths(tmp_path / "fresh-root"))
    assert {t.task_id: sorted(t.downstream_task_ids) for t in dag.tasks} == {
        "dbt_build": ["publish_marts"],
        "publish_marts": [],
    }
    assert dag.task_dict["dbt_build"].pool == WRITER_POOL


def is_mart(node: dict) -> bool:
    return node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")


@pytest.mark.slow
def test_every_mart_has_exactly_one_task_and_no_other_model_does(transform, manifest_nodes):
    expected = {uid for uid, node in manifest_nodes.items() if is_mart(node)}
    rendered = [t.model_unique_id for t in node_tasks(transform) if not t.is_test_sensor]
    assert len(rendered) == len(set(rendered))
    assert set(rendered) == expected and len(expected) >= 12
    assert len(transform.tasks) < 40  # not one task per staging model: each task costs seconds per run


@pytest.mark.slow
def test_with_all_tasks_every_dbt_model_and_seed_has_exactly_one_task(monkeypatch, manifest_home, manifest_nodes):
    monkeypatch.setenv("RESONANCE_TRANSFORM_TASKS", "all")
    dag = parse_transform_dag(monkeypatch, manifest_home)
    expected = {uid for uid, node in manifest_nodes.items() if node["resource_type"] in {"model", "seed"}}
    rendered = [t.model_unique_id for t in node_tasks(dag) if not t.is_test_sensor]
    assert len(rendered) == len(set(rendered))
    assert set(rendered) == expected
    assert len([uid for uid in expected if uid.startswith("model.")]) > 50


def test_the_build_reads_the_load_ids_its_triggering_raw_table_events_carry():
    from types import SimpleNamespace

    from ingest.orchestration.cosmos import announced_loads

    events = {
        "raw/x__tweet_activity": [SimpleNamespace(extra={"files": ["a.csv"], "rows": 3, "load_ids": ["l1", "l2"]})],
        "raw/brand__orders": [SimpleNamespace(extra={"load_ids": ["l2", "l3"]}), SimpleNamespace(extra=None)],
    }
    assert announced_loads({"triggering_asset_events": events}) == {"l1", "l2", "l3"}
    assert announced_loads({}) == set()  # a run started by hand or by dag.test(): no events


def test_an_unknown_task_scope_is_refused_with_the_choices(monkeypatch):
    from ingest.orchestration.cosmos import rendered_selection

    monkeypatch.setenv("RESONANCE_TRANSFORM_TASKS", "some")
    with pytest.raises(ValueError, match="use one of marts, all"):
        rendered_selection()


@pytest.mark.slow
def test_a_marts_tests_run_in_a_task_right_after_it(transform, manifest_nodes):
    tested = {
        parent
        for node in manifest_nodes.values()
        if node["resource_type"] == "test"
        for parent in node["depends_on"]["nodes"]
        if parent in manifest_nodes and is_mart(manifest_nodes[parent])
    }
    run_task = {t.model_unique_id: t for t in node_tasks(transform) if not t.is_test_sensor}
    test_tasks = [t for t in node_tasks(transform) if t.is_test_sensor]
    assert {t.model_unique_id for t in test_tasks} == tested
    for test_task in test_tasks:
        assert test_task.upstream_task_ids == {run_task[test_task.model_unique_id].task_id}
    # A mart downstream of a tested mart waits for those tests, as `dbt build` does.
    fct = run_task["model.resonance.fct_post_performance"]
    assert any(transform.task_dict[u].is_test_sensor for u in fct.upstream_task_ids)


@pytest.mark.slow
def test_only_the_build_and_publish_take_the_writer_pool_and_no_other_task_can_start_dbt(transform):
    from ingest.orchestration.cosmos import BuildProducer

    build = transform.task_dict[PRODUCER_TASK_ID]
    assert {t.task_id for t in transform.tasks if t.pool == WRITER_POOL} == {PRODUCER_TASK_ID, "publish_marts"}
    assert build.base_cmd == ["build"] and build.retries == 0
    # the build is ingest.transform.dbt.dbt_build, in the project folder, never cosmos' temp copy of it
    assert type(build) is BuildProducer and build.interceptors == []
    for node_task in node_tasks(transform):
        assert node_task.interceptors == [refuse_dbt_outside_the_build], node_task.task_id
        assert node_task.retries == 0, node_task.task_id  # cosmos' retry runs dbt for the one model
        # Whatever path cosmos takes to run dbt for one node (retry, clear, a build that died early), it
        # goes through build_and_run_cmd, whose interceptors run first: it fails before dbt starts.
        with pytest.raises(Exception, match="never runs dbt itself"):
            node_task.build_and_run_cmd(context={}, cmd_flags=[])


@pytest.mark.slow
def test_every_node_task_waits_for_the_build_to_finish_and_publish_waits_for_all(transform):
    build = transform.task_dict[PRODUCER_TASK_ID]
    publish = transform.task_dict["publish_marts"]
    downstream_of_build = build.get_flat_relative_ids(upstream=False)
    assert {t.task_id for t in transform.tasks} - downstream_of_build == {PRODUCER_TASK_ID}
    first = [t for t in build.downstream_list if t is not publish]
    assert first and all(t.trigger_rule == "all_done" for t in first)
    assert publish.get_flat_relative_ids(upstream=True) == {t.task_id for t in transform.tasks} - {"publish_marts"}
    assert publish.trigger_rule == "all_success"
    assert [o.uri for o in publish.outlets] == [SERVING.uri]


def run_transform(root: Path, *options: str) -> dict:
    run = subprocess.run(
        [sys.executable, str(RUNNER), str(root), *options],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_failing_dbt_test_fails_its_task_and_the_run_and_nothing_is_published(manifest_home):
    home = manifest_home
    outcome = run_transform(home.root, "gift-order")
    tasks = outcome["tasks"]
    assert outcome["state"] == "failed"
    # stg_brand__orders has no task of its own: the build task fails and names its failing test
    assert tasks[PRODUCER_TASK_ID] == "failed"
    log = (home.airflow_home / "logs" / "transform.log").read_text(errors="replace")
    assert "accepted_values_stg_brand__orders" in log
    assert tasks["publish_marts"] == "upstream_failed"
    # Every mart depends on it (dim_date and dim_account span the brand's orders, and every fact is tested
    # against them): dbt skipped them, and no mart task reports success.
    assert tasks["dim_date.run"] != "success" and tasks["fct_campaign_roi.run"] != "success"
    assert not home.serving_db.exists()
    assert not [e for e in outcome["asset_events"] if e["uri"] == SERVING.uri]


def x_export(folder: Path, handle: str, impressions: list[int]) -> Path:
    """An X tweet activity export of `handle`: one post per figure in `impressions`."""
    from datetime import UTC, datetime

    from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity

    posted = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    tweets = [
        Tweet(str(1_850_000_000_000_000_000 + 1000 * len(handle) + i), handle, f"post {i}", posted,
              dict.fromkeys(X_COUNTS, 0) | {"impressions": figure, "engagements": 10, "likes": 10})
        for i, figure in enumerate(impressions)
    ]  # fmt: skip
    path = folder / handle / f"tweet_activity_metrics_{handle}_20261101_20261201_en.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_x_tweet_activity(path, tweets)


def served_impressions(home: Paths) -> dict[str, int]:
    query = "select account_id, sum(impressions) from marts.fct_post_performance where platform = 'x' group by 1"
    with duckdb.connect(str(home.serving_db), read_only=True) as con:
        return dict(con.execute(query).fetchall())


@pytest.mark.slow
def test_every_event_run_builds_what_its_loads_changed_and_publishes_it_and_the_cli_finds_nothing_left(
    manifest_home, manifest_nodes, tmp_path
):
    """Cosmos cloned the project into a new temp folder per run, and dbt's partial parse (in the root's
    target folder) kept the first run's folder: every seed of the second run failed. Each run here loads a
    new export first, as the ingest DAG does, and serving must show it. The first run builds every node
    and publishes every mart."""
    home = manifest_home
    first = run_transform(home.root, f"ingest={x_export(tmp_path, 'firstbrand', [100, 200])}")
    assert first["state"] == "success", first["build"]
    marts = [node["name"] for node in manifest_nodes.values() if is_mart(node)]
    assert {f"{mart}.run" for mart in marts} <= set(first["tasks"])
    assert set(first["tasks"].values()) == {"success"}
    assert first["build"]["nodes"] > 300  # the build ran every node, each mart task reported its own
    (serving_event,) = [e for e in first["asset_events"] if e["uri"] == SERVING.uri]
    assert "fct_post_performance" in serving_event["extra"]["tables"]
    with duckdb.connect(str(home.serving_db), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert {"fct_post_performance", "fct_ad_performance", "dim_account"} <= tables
    assert served_impressions(home) == {"firstbrand": 300}

    second = run_transform(home.root, f"ingest={x_export(tmp_path, 'secondbrand', [40])}")
    assert second["state"] == "success", second["build"]
    assert set(second["tasks"].values()) == {"success"}
    assert served_impressions(home) == {"firstbrand": 300, "secondbrand": 40}
    # the plan of `resonance build`: everything first, then only what the new load reaches
    assert first["build"]["scope"] == "full" and first["build"]["success"]
    assert second["build"]["scope"] == "source:x.tweet_activity"
    assert 0 < second["build"]["nodes"] < first["build"]["nodes"] / 2

    # the nodes it left out are reported by the producer as not rebuilt, so no task waits on the triggerer
    def not_rebuilt(run: dict, node: str) -> bool:
        return node.replace(".", "__") in run["not_rebuilt"]  # cosmos' XCom keys spell "." as "__"

    assert not first["not_rebuilt"]
    assert not_rebuilt(second, "model.resonance.fct_live_sessions")
    assert not not_rebuilt(second, "model.resonance.fct_post_performance")

    third = run_transform(home.root)  # an event with nothing new behind it: no dbt, serving as it was
    assert third["state"] == "success"
    assert third["build"] == {
        "success": True, "scope": "", "reason": "no new loads", "nodes": 0, "announced_loads": []
    }  # fmt: skip
    assert served_impressions(home) == {"firstbrand": 300, "secondbrand": 40}

    # The DAG records its green builds where `resonance build` looks for them: one record, one plan.
    cli = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "--home", str(home.root), "build"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr[-2000:]
    assert "dbt build passed: 0 nodes (no new loads)" in cli.stdout + cli.stderr
