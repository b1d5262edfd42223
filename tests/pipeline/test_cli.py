"""The `resonance` command's exit codes and outputs, which scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest

from ingest.cli import (
    EXIT_BROKEN_PIPE,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_SILENT,
    EXIT_USAGE,
    EXIT_WRITER_BUSY,
    main,
)
from ingest.config import PROJECT_DIR
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity


def _tweet(tweet_id: str, impressions: int) -> Tweet:
    counts = dict.fromkeys(X_COUNTS, 0) | {"impressions": impressions}
    return Tweet(tweet_id, "northwindgear", "hello", datetime(2026, 10, 1, 9, 0, tzinfo=UTC), counts)


def test_ingest_exits_0_when_everything_loaded_and_prints_a_line_per_file(home, tmp_path, capsys):
    path = write_x_tweet_activity(tmp_path / "ok.csv", [_tweet("1", 10), _tweet("2", 20)])
    assert main(["ingest", str(path), "--as-of", "2026-11-01T00:00:00+00:00"]) == EXIT_OK
    assert "[1/1] loaded     ok.csv -> raw.x__tweet_activity: 2 rows" in capsys.readouterr().out


def test_ingest_exits_1_when_a_file_is_rejected(home, tmp_path):
    good = write_x_tweet_activity(tmp_path / "good.csv", [_tweet("1", 10)])
    bad = write_x_tweet_activity(tmp_path / "bad.csv", [_tweet("2", -1)])
    assert main(["ingest", str(good), str(bad)]) == EXIT_REJECTED


def exit_code(argv: list[str]) -> int:
    """What the shell sees: main's return value, or the code argparse exits with on a bad argument."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code


def test_ingest_exits_2_for_a_missing_path_or_an_as_of_without_zone(home, tmp_path):
    assert main(["ingest", str(tmp_path / "nope.csv")]) == EXIT_USAGE
    path = write_x_tweet_activity(tmp_path / "ok.csv", [_tweet("1", 10)])
    assert exit_code(["ingest", str(path), "--as-of", "2026-11-01T00:00:00"]) == EXIT_USAGE


def test_an_as_of_that_is_not_a_time_is_a_usage_error_not_a_traceback(home, tmp_path, capsys):
    path = write_x_tweet_activity(tmp_path / "ok.csv", [_tweet("1", 10)])
    assert exit_code(["ingest", str(path), "--as-of", "yesterday"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "'yesterday' is not an ISO time" in err and "Traceback" not in err


def test_a_root_that_cannot_be_created_is_a_usage_error_naming_it(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert exit_code(["--home", str(blocker / "root"), "status"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"cannot use {blocker / 'root'} as the root" in err and "Traceback" not in err


def test_a_reader_that_closes_the_pipe_ends_the_output_quietly(tmp_path):
    """`resonance exports | head`: the reader is gone before the command writes; no traceback, exit 141."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "ingest.cli", "--home", str(tmp_path / "home"), "exports"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=PROJECT_DIR, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert run.returncode == EXIT_BROKEN_PIPE == 141
    assert run.stderr == ""


def test_sql_exits_2_before_anything_was_published(home, capsys):
    assert main(["sql", "select 1"]) == EXIT_USAGE
    assert "does not exist yet" in capsys.readouterr().err


def test_docs_exits_2_before_anything_was_published_and_says_what_to_run(home, capsys):
    assert main(["docs"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "nothing is published yet" in err and "`resonance build` (or `make demo`)" in err
    assert "Traceback" not in err


def test_status_json_lists_each_file_with_its_type_status_rows_and_reason(home, tmp_path, capsys):
    write_x_tweet_activity(tmp_path / "good.csv", [_tweet("1", 10)])
    write_x_tweet_activity(tmp_path / "bad.csv", [_tweet("2", -1)])
    main(["ingest", str(tmp_path)])
    capsys.readouterr()
    assert main(["status", "--json"]) == EXIT_OK
    rows = {r["file_name"]: r for r in json.loads(capsys.readouterr().out)["loads"]}
    assert (rows["good.csv"]["status"], rows["good.csv"]["rows_parsed"]) == ("loaded", 1)
    assert rows["bad.csv"]["status"] == "rejected" and "impressions" in rows["bad.csv"]["reason"]
    assert rows["good.csv"]["export_type"] == "x_tweet_activity"


def test_sql_csv_output_escapes_formula_text_but_not_numbers(home, capsys):
    import duckdb

    con = duckdb.connect(str(home.serving_db))
    con.execute("create table posts (post_text varchar, delta bigint)")
    con.execute("""insert into posts values ('=HYPERLINK("http://x.example","win")', -3), ('@northwindgear hi', 4),
                   ('plain text', 5)""")
    con.close()
    assert main(["sql", "select * from posts", "--format", "csv"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [
        "post_text,delta",
        '"\'=HYPERLINK(""http://x.example"",""win"")",-3',
        "'@northwindgear hi,4",
        "plain text,5",
    ]


def test_tweet_text_that_looks_like_a_formula_is_stored_verbatim(home, tmp_path):
    import duckdb

    formula = '=HYPERLINK("http://x.example","win")'
    tweet = Tweet("7", "northwindgear", formula, datetime(2026, 10, 1, 9, 0, tzinfo=UTC), dict.fromkeys(X_COUNTS, 0))
    path = write_x_tweet_activity(tmp_path / "formula.csv", [tweet])
    assert main(["ingest", str(path)]) == EXIT_OK
    con = duckdb.connect(str(home.writer_db), read_only=True)
    try:
        assert con.execute("select tweet_text from raw.x__tweet_activity").fetchall() == [(formula,)]
    finally:
        con.close()


def test_exports_command_lists_every_registered_type_with_its_raw_tables(capsys):
    from ingest.exports import EXPORT_TYPES

    assert main(["exports"]) == EXIT_OK
    out = capsys.readouterr().out
    for export in EXPORT_TYPES:
        assert export.name in out
        for part in export.parts():
            assert f"raw.{part.raw_table}" in out


def test_status_shows_the_unknown_columns_of_a_file_that_drifted(home, tmp_path, capsys):
    path = write_x_tweet_activity(tmp_path / "drift.csv", [_tweet("1", 10)])
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] += ',"bookmarks"'
    lines[1] += ',"4"'
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["ingest", str(path)]) == EXIT_OK
    capsys.readouterr()
    assert main(["status"]) == EXIT_OK
    assert "drift: unknown columns kept in _extra: bookmarks" in capsys.readouterr().out


@pytest.fixture
def no_airflow_db(monkeypatch):
    """A root where Airflow never ran, and no metadata DB configured by environment."""
    monkeypatch.delenv("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", raising=False)


def test_status_on_a_root_where_airflow_never_ran_says_so_and_still_shows_the_ledger(
    home, tmp_path, capsys, no_airflow_db
):
    path = write_x_tweet_activity(tmp_path / "ok.csv", [_tweet("1", 10)])
    assert main(["ingest", str(path)]) == EXIT_OK
    capsys.readouterr()
    assert main(["status"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "loaded     x_tweet_activity" in out
    assert f"Airflow has not run under {home.root} yet" in out
    assert "Task failures (latest, failed after their last retry)\n  none" in out
    assert "Silent sources (no file loaded within their freshness window)\n  none" in out
    assert not (home.airflow_home / "airflow.db").exists()  # reading never creates Airflow's DB


def test_status_shows_final_task_failures_and_silent_sources(home, capsys, no_airflow_db):
    from ingest import warehouse
    from ingest.monitor.failures import TaskFailure, write_failure

    con = warehouse.connect(home.writer_db)
    warehouse.ensure_ledger(con)
    long_ago = datetime.now(UTC) - timedelta(days=40)
    con.execute(
        """insert into meta.loads (load_id, source_path, file_name, sha256, size_bytes, export_type, raw_tables,
                                   account_id, status, started_at, finished_at, duration_ms)
           values ('l1', '/l/a.csv', 'a.csv', 'abc', 1, 'x_tweet_activity', ['x__tweet_activity'], 'northwindgear',
                   'loaded', ?, ?, 1)""",
        [long_ago, long_ago],
    )
    con.close()
    for try_number, will_retry in ((1, True), (2, False)):
        write_failure(
            home,
            TaskFailure("resonance_transform", "dbt_build", "manual__1", -1, try_number, will_retry, "AirflowException",
                        "Traceback ...\nAirflowException: dbt build failed: model stg_x__posts",
                        "worker-1", datetime(2026, 11, 20, 9, try_number, tzinfo=UTC)),
        )  # fmt: skip
    assert main(["status"]) == EXIT_OK
    out = capsys.readouterr().out
    assert (
        "2026-11-20 09:02 resonance_transform.dbt_build try 2 (manual__1): "
        "AirflowException: dbt build failed: model stg_x__posts" in out
    )
    assert "try 1" not in out  # a retried try is not a failure of the pipeline
    assert "x / northwindgear / x_tweet_activity: last loaded" in out and "(window 8d)" in out

    assert main(["status", "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert [(f["task_id"], f["try_number"]) for f in report["task_failures"]] == [("dbt_build", 2)]
    assert [(s["account_id"], s["silent"]) for s in report["silent_sources"]] == [("northwindgear", True)]
    assert report["dag_runs"] == [] and "has not run" in report["airflow"]


def test_freshness_exits_5_while_a_source_is_silent_and_2_on_a_bad_window(home, tmp_path, capsys):
    path = write_x_tweet_activity(tmp_path / "ok.csv", [_tweet("1", 10)])
    assert main(["ingest", str(path)]) == EXIT_OK
    capsys.readouterr()
    assert main(["freshness"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("fresh   x / northwindgear / x_tweet_activity: last loaded")
    (home.root / "freshness.toml").write_text('[windows]\nx_tweet_activity = "3d"\n')
    import duckdb

    con = duckdb.connect(str(home.writer_db))
    con.execute("update meta.loads set finished_at = finished_at - interval 4 days")
    con.close()
    assert main(["freshness", "--json"]) == EXIT_SILENT
    assert [s["silent"] for s in json.loads(capsys.readouterr().out)] == [True]
    (home.root / "freshness.toml").write_text('[windows]\nx_tweet_activity = "soon"\n')
    assert main(["freshness"]) == EXIT_USAGE


def hold_the_writer(db_path) -> subprocess.Popen:
    """Another process holding the writer's file (as an ingest, a build or a notebook does) until told to go."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys\n"
         f"con = duckdb.connect({str(db_path)!r})\nprint('holding', flush=True)\nsys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_second_writer_waits_its_turn_and_gives_up_with_its_own_exit_code(home, tmp_path, capsys):
    from ingest import warehouse

    warehouse.connect(home.writer_db).close()
    path = write_x_tweet_activity(tmp_path / "ok.csv", [_tweet("1", 10)])
    holder = hold_the_writer(home.writer_db)
    try:
        assert main(["ingest", str(path), "--wait", "1"]) == EXIT_WRITER_BUSY
        err = capsys.readouterr().err
        assert "waiting for the writer lock" in err and "stayed locked by another process for 1 s" in err
        assert "Traceback" not in err

        threading.Timer(2.0, lambda: holder.communicate("go\n")).start()  # the other writer finishes meanwhile
        assert main(["ingest", str(path), "--wait", "60"]) == EXIT_OK
        assert "[1/1] loaded     ok.csv" in capsys.readouterr().out
    finally:
        holder.kill()
        holder.wait()


def test_brand_selects_the_brands_own_root_and_a_bad_brand_is_a_usage_error(home, tmp_path, capsys):
    path = write_x_tweet_activity(tmp_path / "ok.csv", [_tweet("1", 10)])
    args = ["--brand", "acme", "ingest", str(path), "--as-of", "2026-11-01T00:00:00+00:00", "--account", "nw"]
    assert main(args) == EXIT_OK
    assert main([*args]) == EXIT_OK  # the same file again: a duplicate in acme's ledger, not a second load
    out = capsys.readouterr().out
    assert "loaded     ok.csv" in out and "duplicate" in out
    acme = home.for_brand("acme")
    assert acme.writer_db.exists() and not home.writer_db.exists()  # acme's warehouse, not the default brand's
    assert main(["--brand", "../etc", "status"]) == EXIT_USAGE
    assert "--brand: brand '../etc'" in capsys.readouterr().err
