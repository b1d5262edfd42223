"""Sources silent past their window are flagged: by the module, and by the hourly DAG failing visibly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from itertools import count

import duckdb
import pytest

from ingest import warehouse
from ingest.config import PROJECT_DIR, Paths
from ingest.monitor.freshness import DEFAULT_WINDOW, FreshnessConfigError, Windows, parse_window, source_freshness

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
_ids = count(1)


def add_load(home: Paths, export_type: str, account: str | None, at: datetime, status: str = "loaded") -> None:
    """One ledger row, as ingest.load.loader writes it (only the columns freshness reads matter)."""
    raw_table = {"x_tweet_activity": "x__tweet_activity", "meta_ads_campaigns": "meta_ads__campaigns"}[export_type]
    con = warehouse.connect(home.writer_db)
    try:
        warehouse.ensure_ledger(con)
        load_id = f"load-{next(_ids)}"
        con.execute(
            """insert into meta.loads (load_id, source_path, file_name, sha256, size_bytes, export_type, raw_tables,
                                       account_id, status, started_at, finished_at, duration_ms)
               values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 1)""",
            [
                load_id,
                f"/l/{load_id}.csv",
                f"{load_id}.csv",
                load_id,
                export_type,
                [raw_table],
                account,
                status,
                at,
                at,
            ],  # fmt: skip
        )
    finally:
        con.close()


def by_source(home: Paths, windows: Windows | None = None) -> dict[tuple, tuple]:
    return {
        (s.platform, s.account_id, s.export_type): (s.silent, s.silent_for, s.window)
        for s in source_freshness(home, NOW, windows)
    }


def test_a_source_is_silent_once_its_last_loaded_file_is_older_than_the_window(home):
    add_load(home, "x_tweet_activity", "northwindgear", NOW - timedelta(days=9))
    add_load(home, "x_tweet_activity", "northwindlabs", NOW - timedelta(days=7))
    assert by_source(home) == {
        ("x", "northwindgear", "x_tweet_activity"): (True, timedelta(days=9), DEFAULT_WINDOW),
        ("x", "northwindlabs", "x_tweet_activity"): (False, timedelta(days=7), DEFAULT_WINDOW),
    }


def test_duplicates_and_rejected_files_do_not_count_as_fresh_data(home):
    add_load(home, "meta_ads_campaigns", "act_1", NOW - timedelta(days=10))
    add_load(home, "meta_ads_campaigns", "act_1", NOW - timedelta(hours=1), status="duplicate")
    add_load(home, "meta_ads_campaigns", "act_1", NOW - timedelta(hours=1), status="rejected")
    add_load(home, "x_tweet_activity", "only_rejects", NOW - timedelta(days=20), status="rejected")
    sources = by_source(home)
    assert sources[("meta_ads", "act_1", "meta_ads_campaigns")][:2] == (True, timedelta(days=10))
    # never loaded: counted from its first file
    assert sources[("x", "only_rejects", "x_tweet_activity")][:2] == (True, timedelta(days=20))


def test_windows_come_from_freshness_toml_per_export_type_with_a_default(home):
    (home.root / "freshness.toml").write_text('default = "2d"\n[windows]\nx_tweet_activity = "12h"\n')
    add_load(home, "x_tweet_activity", "northwindgear", NOW - timedelta(hours=13))
    add_load(home, "meta_ads_campaigns", "act_1", NOW - timedelta(hours=13))
    assert by_source(home) == {
        ("x", "northwindgear", "x_tweet_activity"): (True, timedelta(hours=13), timedelta(hours=12)),
        ("meta_ads", "act_1", "meta_ads_campaigns"): (False, timedelta(hours=13), timedelta(days=2)),
    }


def test_a_window_for_an_unknown_export_type_or_a_bad_duration_is_an_error(home):
    (home.root / "freshness.toml").write_text('[windows]\nx_tweet_activty = "12h"\n')
    with pytest.raises(FreshnessConfigError, match="no export type named x_tweet_activty; known: .*x_tweet_activity"):
        Windows.load(home)
    with pytest.raises(FreshnessConfigError, match="'12 hours'"):
        parse_window("12 hours")
    assert parse_window("90m") == timedelta(minutes=90) and parse_window("1w") == timedelta(days=7)


def test_the_readmes_freshness_example_is_a_valid_configuration(home):
    """Copied as the README shows it, the example must load (it once named a module, not an export type)."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    example = readme.split("`$RESONANCE_HOME/freshness.toml`", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (home.root / "freshness.toml").write_text(textwrap.dedent(example))
    windows = Windows.load(home)
    assert windows.default == timedelta(days=8)
    assert windows.by_export_type == {"meta_ads_insights": timedelta(hours=36)}


def test_no_warehouse_yet_means_no_sources(home):
    assert source_freshness(home, NOW) == []


# The DAG, run by Airflow's own runner in a fresh process on a throwaway root: failed while a source is
# silent, green once the source delivers.
RUN_FRESHNESS_TWICE = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from pathlib import Path

    import duckdb

    from ingest.config import Paths
    from ingest.orchestration.airflow import configure_airflow, run_dag

    home = Paths(Path(sys.argv[1]))
    configure_airflow(home, quiet=True)
    print("STATE", run_dag("resonance_freshness"), flush=True)
    con = duckdb.connect(str(home.writer_db))
    con.execute("update meta.loads set finished_at = ?", [datetime.now(UTC)])
    con.close()
    print("STATE", run_dag("resonance_freshness"), flush=True)
    """
)


@pytest.fixture(scope="module")
def freshness_runs(tmp_path_factory) -> tuple[Paths, list[str]]:
    """A root with one source silent for 30 days, and the freshness DAG run twice on it (see above)."""
    home = Paths(tmp_path_factory.mktemp("freshness") / "home").ensure()
    add_load(home, "x_tweet_activity", "northwindgear", datetime.now(UTC) - timedelta(days=30))
    run = subprocess.run(
        [sys.executable, "-c", RUN_FRESHNESS_TWICE, str(home.root)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    states = [line.split()[1] for line in run.stdout.splitlines() if line.startswith("STATE ")]
    assert len(states) == 2, run.stderr[-3000:] + run.stdout[-3000:]
    return home, states


@pytest.mark.slow
def test_freshness_dag_fails_without_retrying_while_a_source_is_silent_and_passes_once_it_delivers(freshness_runs):
    home, states = freshness_runs
    assert states == ["failed", "success"]
    con = duckdb.connect(str(home.writer_db), read_only=True)
    try:
        failures = con.execute(
            "select task_id, try_number, will_retry, exception_type, exception from meta.task_failures"
        ).fetchall()
    finally:
        con.close()
    assert [f[:4] for f in failures] == [("check_sources", 1, False, "AirflowFailException")]
    assert "x / northwindgear / x_tweet_activity: last loaded" in failures[0][4]


@pytest.mark.slow
def test_status_shows_the_last_run_of_each_dag_from_airflows_metadata_db(freshness_runs):
    home, _ = freshness_runs
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}  # as a user's shell would be
    run = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "--home", str(home.root), "status", "--json"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert [(r["dag_id"], r["state"], r["run_type"]) for r in report["dag_runs"]] == [
        ("resonance_freshness", "success", "manual")
    ]
    assert report["dag_runs"][0]["start_date"] <= report["dag_runs"][0]["end_date"]
    assert report["airflow"] is None
    assert report["silent_sources"] == []
    assert [(f["dag_id"], f["task_id"]) for f in report["task_failures"]] == [("resonance_freshness", "check_sources")]
