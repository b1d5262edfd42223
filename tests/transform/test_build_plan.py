"""What a build runs (ingest.transform.plan), decided from the ledger, the record of green builds and the project's
fingerprint; no dbt here (tests/transform/test_changed_only_build.py runs the builds)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.config import DBT_PROJECT_DIR
from ingest.transform import plan as build_plan
from ingest.warehouse import connect, ensure_ledger

SOURCES = {  # raw table -> (dbt source, table), as a manifest lists them
    "x__tweet_activity": ("x", "tweet_activity"),
    "youtube__channel_basic": ("youtube", "channel_basic"),
    "instagram__media": ("instagram", "media"),
    "instagram__media_insights": ("instagram", "media_insights"),
}


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the dbt project, so a test can change a file of it."""
    copy = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, copy, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    return copy


@pytest.fixture
def manifest(tmp_path) -> Path:
    sources = {
        f"source.resonance.{source}.{table}": {
            "source_name": source, "name": table, "schema": "raw", "identifier": raw_table,
        }
        for raw_table, (source, table) in SOURCES.items()
    }  # fmt: skip
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"sources": sources}))
    return path


@pytest.fixture
def con(tmp_path) -> duckdb.DuckDBPyConnection:
    con = connect(tmp_path / "writer.duckdb")
    ensure_ledger(con)
    yield con
    con.close()


def add_load(con: duckdb.DuckDBPyConnection, load_id: str, raw_tables: str | list[str], status: str = "loaded") -> None:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    tables = [raw_tables] if isinstance(raw_tables, str) else raw_tables
    con.execute(
        "insert into meta.loads (load_id, source_path, file_name, sha256, size_bytes, raw_tables, status, "
        "started_at, finished_at, duration_ms) values (?, ?, ?, ?, 1, ?, ?, ?, ?, 1)",
        [load_id, f"landing/{load_id}.csv", f"{load_id}.csv", load_id, tables, status, now, now],
    )


def test_a_warehouse_without_a_green_build_gets_a_full_build(con, manifest, project) -> None:
    add_load(con, "l1", "x__tweet_activity")
    plan = build_plan.plan(con, manifest, project_dir=project)
    assert plan.full and plan.reason == "no green build yet"
    assert plan.dbt_arguments() == ["--full-refresh"]  # incremental facts may come from another version
    assert plan.loads == ("l1",)


def test_after_a_green_build_only_the_sources_of_new_loads_and_their_descendants_are_selected(
    con, manifest, project
) -> None:
    add_load(con, "l1", "x__tweet_activity")
    build_plan.record_green_build(con, build_plan.plan(con, manifest, project_dir=project))
    add_load(con, "l2", "youtube__channel_basic")
    add_load(con, "l3", ["instagram__media", "instagram__media_insights"])  # one file, two raw tables
    add_load(con, "l4", "x__tweet_activity", status="rejected")  # wrote nothing to raw
    add_load(con, "l5", "tiktok__not_a_dbt_source")  # no model reads it

    plan = build_plan.plan(con, manifest, project_dir=project)

    assert not plan.full and not plan.nothing_to_do
    assert plan.selectors == (
        "source:instagram.media", "source:instagram.media_insights", "source:youtube.channel_basic",
    )  # fmt: skip
    assert plan.dbt_arguments() == [
        "--select", "source:instagram.media+", "source:instagram.media_insights+", "source:youtube.channel_basic+",
        "--exclude-resource-type", "unit_test",
    ]  # fmt: skip


def test_no_load_since_the_last_green_build_means_nothing_to_build(con, manifest, project) -> None:
    add_load(con, "l1", "x__tweet_activity")
    build_plan.record_green_build(con, build_plan.plan(con, manifest, project_dir=project))
    add_load(con, "l2", "x__tweet_activity", status="duplicate")
    plan = build_plan.plan(con, manifest, project_dir=project)
    assert plan.nothing_to_do and plan.reason == "no new loads"


def test_a_green_build_of_an_empty_warehouse_counts(con, manifest, project) -> None:
    build_plan.record_green_build(con, build_plan.plan(con, manifest, project_dir=project))
    assert build_plan.plan(con, manifest, project_dir=project).nothing_to_do


def test_a_failed_build_records_nothing_so_the_next_selects_its_sources_again(con, manifest, project) -> None:
    add_load(con, "l1", "x__tweet_activity")
    build_plan.record_green_build(con, build_plan.plan(con, manifest, project_dir=project))
    add_load(con, "l2", "youtube__channel_basic")
    build_plan.plan(con, manifest, project_dir=project)  # this build fails: record_green_build is not called
    add_load(con, "l3", "x__tweet_activity")
    plan = build_plan.plan(con, manifest, project_dir=project)
    assert plan.selectors == ("source:x.tweet_activity", "source:youtube.channel_basic")


def test_any_change_to_the_project_makes_the_next_build_full(con, manifest, project) -> None:
    add_load(con, "l1", "x__tweet_activity")
    build_plan.record_green_build(con, build_plan.plan(con, manifest, project_dir=project))
    seed = project / "seeds" / "follower_tiers.csv"
    seed.write_text(seed.read_text() + "\n")

    plan = build_plan.plan(con, manifest, project_dir=project)

    assert plan.full and plan.reason == "the dbt project changed since the last green build"
    assert plan.dbt_arguments() == ["--full-refresh"]  # the edited seed reaches every row of every fact
    build_plan.record_green_build(con, plan)  # the older fingerprint's record is dropped
    assert con.execute("select count(distinct project_fingerprint) from meta.dbt_built_loads").fetchone() == (1,)
    assert build_plan.plan(con, manifest, project_dir=project).nothing_to_do


def test_asking_for_a_full_build_builds_everything_whatever_the_record(con, manifest, project) -> None:
    add_load(con, "l1", "x__tweet_activity")
    build_plan.record_green_build(con, build_plan.plan(con, manifest, project_dir=project))
    plan = build_plan.plan(con, manifest, changed_only=False, project_dir=project)
    assert plan.full and plan.dbt_arguments() == []


def test_the_fingerprint_follows_file_contents_and_names_only(project) -> None:
    before = build_plan.project_fingerprint(project)
    assert build_plan.project_fingerprint(project) == before
    (project / "target").mkdir()
    (project / "target" / "manifest.json").write_text("{}")  # a stray dbt artifact is not the project
    assert build_plan.project_fingerprint(project) == before
    (project / "macros" / "type_double.sql").rename(project / "macros" / "type_double_renamed.sql")
    assert build_plan.project_fingerprint(project) != before
