"""A build after one more day of exports runs only what those loads changed (ingest.transform.plan), and every
mart then holds exactly what a full build of the same files holds.

The files are the benchmark's volume at a tiny scale (YouTube channel_basic and Studio chart, X tweet
activity), loaded through the real loader so the ledger says what changed, as in production."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from ingest.bench.volume import Shape, one_more_day, write_volume
from ingest.config import Paths
from ingest.load.loader import ingest_paths
from ingest.transform.dbt import BuildResult, dbt_build
from ingest.warehouse import connect

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Builds:
    first: BuildResult
    first_node_ids: list[str]
    changed: BuildResult
    changed_node_ids: list[str]
    unchanged: BuildResult
    incremental_home: Paths
    full: BuildResult
    full_home: Paths


def run_node_ids(home: Paths) -> list[str]:
    return [r["unique_id"] for r in json.loads((home.dbt_target / "run_results.json").read_text())["results"]]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    tmp = tmp_path_factory.mktemp("changed-only")
    shape = Shape.for_rows(3_000)
    write_volume(tmp / "landing", shape)
    one_more_day(tmp / "later", shape)
    base, later = [tmp / "landing"], [tmp / "later"]  # folders read as landing: <account>/<file>

    home = Paths(tmp / "incremental").ensure()
    ingest_paths(base, home)
    first = dbt_build(home)
    first_node_ids = run_node_ids(home)
    ingest_paths(later, home)
    changed = dbt_build(home)
    changed_node_ids = run_node_ids(home)
    unchanged = dbt_build(home)

    full_home = Paths(tmp / "full").ensure()
    ingest_paths([*base, *later], full_home)
    full = dbt_build(full_home)
    return Builds(first, first_node_ids, changed, changed_node_ids, unchanged, home, full, full_home)


def columns(con, table: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?",
            [table],
        ).fetchall()
    }


def marts(home: Paths) -> dict[str, list[tuple]]:
    con = connect(home.writer_db, read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        # load_id is lineage: the two warehouses loaded the same files under different load ids
        return {
            table: con.execute(f"select * exclude (load_id) from marts.{table} order by all").fetchall()
            if "load_id" in columns(con, table)
            else con.execute(f"select * from marts.{table} order by all").fetchall()
            for table in tables
        }
    finally:
        con.close()


def test_the_first_build_of_a_warehouse_runs_the_whole_project(builds: Builds) -> None:
    assert builds.first.success and builds.first.scope == "full", builds.first.failed
    assert any(node.startswith("seed.") for node in builds.first_node_ids)
    assert any(node.startswith("unit_test.") for node in builds.first_node_ids)


def test_a_build_after_one_more_day_runs_only_the_nodes_downstream_of_the_changed_sources(builds: Builds) -> None:
    assert builds.changed.success, builds.changed.failed
    assert builds.changed.scope == "source:x.tweet_activity source:youtube.channel_basic"
    nodes = builds.changed_node_ids
    assert 0 < len(nodes) < len(builds.first_node_ids) / 2
    assert {"model.resonance.fct_post_daily", "model.resonance.fct_account_daily"} <= set(nodes)
    assert "model.resonance.fct_ad_performance" not in nodes  # no paid export arrived
    assert not [node for node in nodes if node.startswith(("seed.", "unit_test."))]
    assert any(node.startswith("test.resonance.unique_combination_of_columns_fct_post_daily") for node in nodes)


def test_a_build_with_no_new_loads_runs_nothing(builds: Builds) -> None:
    assert builds.unchanged.success and builds.unchanged.nodes == 0
    assert builds.unchanged.reason == "no new loads"


def test_every_mart_after_the_changed_only_build_equals_a_full_build_of_the_same_files(builds: Builds) -> None:
    assert builds.full.success and builds.full.scope == "full", builds.full.failed
    incremental, full = marts(builds.incremental_home), marts(builds.full_home)
    assert sorted(incremental) == sorted(full) and "fct_post_performance" in full
    assert full["fct_post_daily"] and full["fct_account_daily"]
    for table, rows in full.items():
        assert incremental[table] == rows, table


def test_the_build_releases_the_warehouse_file(builds: Builds) -> None:
    con = connect(builds.incremental_home.writer_db, read_only=True)  # would fail while dbt held it
    try:
        assert con.execute("select count(*) from meta.dbt_built_loads").fetchone()[0] > 0
    finally:
        con.close()


def test_published_marts_are_complete_after_a_changed_only_build(builds: Builds) -> None:
    from ingest.serve.publish import publish

    publication = publish(builds.incremental_home)
    assert set(publication.tables) >= set(marts(builds.full_home))
    assert all(publication.tables[table] == len(rows) for table, rows in marts(builds.full_home).items())
