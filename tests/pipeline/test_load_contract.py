"""The load contract: exactly once, never half, never older over newer, and bad files quarantined with a reason."""

from __future__ import annotations

import csv
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest import warehouse
from ingest.load.loader import Loader, ingest_landing, ingest_paths
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity

DAY1 = datetime(2026, 11, 1, tzinfo=UTC)
DAY2 = datetime(2026, 11, 2, tzinfo=UTC)


def tweet(tweet_id: str, impressions: int, *, handle: str = "northwindgear", likes: int = 3) -> Tweet:
    counts = dict.fromkeys(X_COUNTS, 0)
    counts.update(impressions=impressions, engagements=likes + 2, likes=likes, retweets=1, replies=1)
    return Tweet(
        tweet_id=tweet_id,
        handle=handle,
        text=f"tweet {tweet_id}\nwith a second line 🚀",
        time=datetime(2026, 10, 5, 12, 30, tzinfo=UTC),
        counts=counts,
    )


def raw_rows(home, table: str = "x__tweet_activity") -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute(f"select * from raw.{table} order by all").fetchall()
    finally:
        con.close()


def ledger(home) -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute(
            "select file_name, status, reason_rule, reason_column, reason_row from meta.loads"
        ).fetchall()
    finally:
        con.close()


def test_file_breaking_a_rule_is_quarantined_with_file_row_column_and_rule_and_good_data_stays(home):
    good = write_x_tweet_activity(home.landing / "northwindgear" / "good.csv", [tweet("101", 500), tweet("102", 700)])
    assert [r.status for r in ingest_landing(home)] == ["loaded"]
    before = raw_rows(home)

    bad_tweets = [tweet("103", 400), tweet("104", -5), tweet("105", 300)]
    bad = write_x_tweet_activity(home.landing / "northwindgear" / "negative.csv", bad_tweets)
    (result,) = ingest_landing(home)

    assert result.status == "rejected"
    assert result.reason_rule == "expectation_failed"
    assert result.reason_column == "impressions"
    assert result.reason_row == 3  # header is row 1, tweet 103 row 2, tweet 104 row 3
    assert "negative.csv" in result.reason and "expect_column_values_to_be_between" in result.reason
    assert "row 3 = -5" in result.reason
    assert raw_rows(home) == before
    assert good.exists() and not bad.exists()  # the rejected file left landing
    reason = json.loads((home.quarantine / result.load_id / "negative.csv.reason.json").read_text())
    assert (reason["rule"], reason["column"], reason["row"]) == ("expectation_failed", "impressions", 3)
    assert reason["failed_expectations"][0]["rows"] == [3]
    assert reason["headers_seen"][:4] == ["Tweet id", "Tweet permalink", "Tweet text", "time"]
    assert (home.quarantine / result.load_id / "negative.csv").read_bytes().count(b'"-5.0"') == 1


def test_same_file_twice_changes_no_row_and_is_recorded_as_duplicate(home, tmp_path):
    export = write_x_tweet_activity(tmp_path / "a.csv", [tweet("201", 100), tweet("202", 200)])
    copy = tmp_path / "renamed_copy.csv"
    copy.write_bytes(export.read_bytes())

    first = ingest_paths([export], home, as_of=DAY1)
    snapshot = raw_rows(home)
    again = ingest_paths([export, copy], home, as_of=DAY2)

    assert [r.status for r in first] == ["loaded"]
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert raw_rows(home) == snapshot
    assert "same bytes as a.csv" in again[1].reason


def test_older_export_arriving_after_a_newer_one_does_not_overwrite_it(home, tmp_path):
    newer = write_x_tweet_activity(tmp_path / "newer.csv", [tweet("301", 900, likes=40)])
    older = write_x_tweet_activity(tmp_path / "older.csv", [tweet("301", 600, likes=20)])

    ingest_paths([newer], home, as_of=datetime(2026, 11, 3, 18, 0, tzinfo=UTC))
    (late,) = ingest_paths([older], home, as_of=datetime(2026, 11, 3, 9, 0, tzinfo=UTC))

    assert (late.status, late.rows_stale, late.rows_updated, late.rows_inserted) == ("loaded", 1, 0, 0)
    con = warehouse.connect(home.writer_db, read_only=True)
    impressions, likes, source = con.execute(
        "select impressions, likes, _source_file from raw.x__tweet_activity where tweet_id = '301'"
    ).fetchone()
    con.close()
    assert (impressions, likes) == (900, 40) and source.endswith("newer.csv")


def test_newer_export_of_the_same_day_replaces_the_older_values(home, tmp_path):
    older = write_x_tweet_activity(tmp_path / "older.csv", [tweet("401", 600)])
    newer = write_x_tweet_activity(tmp_path / "newer.csv", [tweet("401", 950)])
    ingest_paths([older], home, as_of=datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
    (restated,) = ingest_paths([newer], home, as_of=datetime(2026, 11, 3, 18, 0, tzinfo=UTC))
    assert (restated.rows_updated, restated.rows_stale) == (1, 0)
    assert [r[5] for r in raw_rows(home)] == [950]  # column 6 is impressions


def test_an_older_snapshot_day_is_kept_as_history_beside_the_newer_one(home, tmp_path):
    ingest_paths([write_x_tweet_activity(tmp_path / "d2.csv", [tweet("501", 800)])], home, as_of=DAY2)
    ingest_paths([write_x_tweet_activity(tmp_path / "d1.csv", [tweet("501", 500)])], home, as_of=DAY1)
    con = warehouse.connect(home.writer_db, read_only=True)
    history = con.execute(
        "select _snapshot_date, impressions from raw.x__tweet_activity order by _snapshot_date"
    ).fetchall()
    con.close()
    assert history == [(DAY1.date(), 500), (DAY2.date(), 800)]


def test_a_file_failing_half_way_leaves_the_raw_tables_as_they_were(home, tmp_path, monkeypatch):
    from ingest.exports.x_tweet_activity import XTweetActivity

    ingest_paths([write_x_tweet_activity(tmp_path / "base.csv", [tweet("601", 100)])], home, as_of=DAY1)
    before = raw_rows(home)
    # Three batches of two rows; the third batch breaks a rule after two batches were staged.
    monkeypatch.setattr(XTweetActivity, "batch_rows", 2)
    rows = [tweet(str(700 + i), 100 + i) for i in range(5)] + [tweet("799", -1)]
    (result,) = ingest_paths([write_x_tweet_activity(tmp_path / "big.csv", rows)], home, as_of=DAY2)

    assert result.status == "rejected" and result.reason_row == 7
    assert raw_rows(home) == before


def test_an_unexpected_error_mid_load_rolls_back_and_leaves_the_file_in_landing(home, monkeypatch):
    path = write_x_tweet_activity(home.landing / "northwindgear" / "ok.csv", [tweet("801", 100)])

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Loader, "_settle", crash)  # its rows are in raw.x__tweet_activity by then
    with pytest.raises(OSError, match="disk full"):
        ingest_landing(home)

    assert path.exists()
    con = warehouse.connect(home.writer_db, read_only=True)
    assert con.execute("select count(*) from raw.x__tweet_activity").fetchone()[0] == 0
    assert con.execute("select count(*) from meta.loads").fetchone()[0] == 0
    con.close()
    monkeypatch.undo()
    assert [r.status for r in ingest_landing(home)] == ["loaded"]  # the retry loads it


def test_a_file_with_the_same_natural_key_twice_is_rejected_naming_both_rows(home, tmp_path):
    path = write_x_tweet_activity(tmp_path / "dup.csv", [tweet("901", 1), tweet("902", 2), tweet("901", 3)])
    (result,) = ingest_paths([path], home, as_of=DAY1)
    assert (result.status, result.reason_rule) == ("rejected", "duplicate_key")
    assert "rows 2, 4" in result.reason and "tweet_id='901'" in result.reason


def test_an_unknown_file_is_quarantined_with_its_headers_and_the_nearest_types(home):
    stray = home.landing / "northwindgear" / "orders.csv"
    stray.parent.mkdir(parents=True)
    stray.write_text("order_id,total,currency\n1,10.00,EUR\n")
    (result,) = ingest_landing(home)
    assert (result.status, result.reason_rule) == ("rejected", "unknown_export")
    reason = json.loads((home.quarantine / result.load_id / "orders.csv.reason.json").read_text())
    assert reason["headers_seen"] == ["order_id", "total", "currency"]
    assert "nearest known types" in reason["message"]


def test_the_sweep_skips_files_it_has_already_seen(home):
    write_x_tweet_activity(home.landing / "northwindgear" / "one.csv", [tweet("1001", 10)])
    assert [r.status for r in ingest_landing(home)] == ["loaded"]
    assert ingest_landing(home) == []
    write_x_tweet_activity(home.landing / "northwindgear" / "two.csv", [tweet("1002", 20)])
    assert [r.path.rsplit("/", 1)[1] for r in ingest_landing(home)] == ["two.csv"]


def test_account_comes_from_the_landing_folder_when_the_file_does_not_name_it(home):
    from dataclasses import replace
    from pathlib import PurePosixPath

    from ingest.samples import sample_files, write_sample

    youtube = next(f for f in sample_files() if f.export_type == "youtube_studio_geography")
    write_sample(home.landing, replace(youtube, path=PurePosixPath("acme-channel/Geography 2026/Table data.csv")))
    (result,) = ingest_landing(home)
    assert (result.status, result.account_id) == ("loaded", "acme-channel")


def test_ledger_keeps_one_row_per_file_seen(home, tmp_path):
    a = write_x_tweet_activity(tmp_path / "a.csv", [tweet("1101", 10)])
    ingest_paths([a, a], home, as_of=DAY1)
    assert [(r[0], r[1]) for r in ledger(home)] == [("a.csv", "loaded"), ("a.csv", "duplicate")]
    with pytest.raises(duckdb.ConstraintException):  # the ledger's key is the load id
        con = warehouse.connect(home.writer_db)
        try:
            load_id = con.execute("select load_id from meta.loads limit 1").fetchone()[0]
            con.execute("insert into meta.loads select * from meta.loads where load_id = ?", [load_id])
        finally:
            con.close()


def test_unknown_extra_columns_are_kept_in_extra_and_reported_as_drift(home, tmp_path):
    export = write_x_tweet_activity(tmp_path / "a.csv", [tweet("301", 100), tweet("302", 200)])
    with open(export, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0] += ["bookmarks", "=cmd|' /C calc'!A0"]  # a new column, and one whose name looks like a formula
    rows[1:] = [row + ["7", "=1+1"] for row in rows[1:]]
    with open(export, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)

    (result,) = ingest_paths([export], home, as_of=DAY1)

    assert result.status == "loaded", result.reason
    assert result.drift_columns == ["=cmd|' /C calc'!A0", "bookmarks"]
    assert "drift: unknown columns kept in _extra" in result.line()
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        extras = con.execute("select tweet_id, _extra from raw.x__tweet_activity order by tweet_id").fetchall()
        drift = con.execute("select drift_columns from meta.loads").fetchone()[0]
    finally:
        con.close()
    assert extras == [
        ("301", {"bookmarks": "7", "=cmd|' /C calc'!A0": "=1+1"}),
        ("302", {"bookmarks": "7", "=cmd|' /C calc'!A0": "=1+1"}),
    ]
    assert drift == ["=cmd|' /C calc'!A0", "bookmarks"]


def test_raw_table_created_by_an_older_version_gains_new_columns_and_keeps_its_rows(home):
    con = warehouse.connect(home.writer_db)
    try:
        con.execute("create schema raw")
        con.execute("create table raw.x__tweet_activity (tweet_id varchar not null, _as_of timestamptz)")
        con.execute("insert into raw.x__tweet_activity values ('1', now())")
        con.execute("create schema meta")
        con.execute("create table meta.loads (load_id varchar primary key)")
        Loader(con, home)
        columns = [r[0] for r in con.execute("describe raw.x__tweet_activity").fetchall()]
        ledger_columns = [r[0] for r in con.execute("describe meta.loads").fetchall()]
        kept = con.execute("select tweet_id from raw.x__tweet_activity").fetchall()
    finally:
        con.close()
    assert {"_extra", "impressions", "_snapshot_date"} <= set(columns)
    assert "drift_columns" in ledger_columns
    assert kept == [("1",)]


def test_ingest_of_a_folder_skips_exactly_what_landing_never_loads(home, tmp_path) -> None:
    """`resonance ingest FOLDER` and the landing sweep share one rule: an Office lock file, a `_SUCCESS`
    marker, a browser's unfinished `*.download`, anything hidden and quarantine are never exports."""
    folder = tmp_path / "exports" / "northwindgear"
    export = write_x_tweet_activity(folder / "tweet_activity_metrics_northwindgear_20261101_20261201_en.csv",
                                    [tweet("1850000000000000001", 10)])  # fmt: skip
    skipped = [folder / name for name in ("~$report.xlsx", "_SUCCESS", "tweets.csv.download", ".hidden/tweets.csv")]
    for path in [*skipped, tmp_path / "exports" / "_quarantine" / "northwindgear" / "tweets.csv"]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(export.read_bytes())
    results = ingest_paths([tmp_path / "exports"], home)
    assert [(r.status, r.path.rsplit("/", 1)[-1]) for r in results] == [("loaded", export.name)]
    assert len(raw_rows(home)) == 1


def test_a_named_pipe_in_landing_is_recorded_and_the_files_after_it_still_load(home) -> None:
    """Opening a pipe blocks until a writer comes: the sweep used to hang there, holding the writer pool."""
    folder = home.landing / "northwindgear"
    folder.mkdir(parents=True)
    pipe = folder / "a_export.csv"
    os.mkfifo(pipe)
    good = write_x_tweet_activity(folder / "tweet_activity_metrics_northwindgear_20261101_20261201_en.csv",
                                  [tweet("1850000000000000001", 10)])  # fmt: skip
    settled = DAY1.timestamp()
    for path in (pipe, good):
        os.utime(path, (settled, settled))

    for sweep in (1, 2):  # the second sweep neither hangs nor records the pipe again
        outcome: list = []
        worker = threading.Thread(target=lambda out=outcome: out.append(ingest_landing(home)), daemon=True)
        worker.start()
        worker.join(timeout=120)
        assert not worker.is_alive(), f"sweep {sweep} hangs on the pipe"
        (results,) = outcome
        if sweep == 1:
            assert [(r.status, r.reason_rule, Path(r.path).name) for r in results] == [
                ("rejected", "not_a_file", pipe.name),
                ("loaded", None, good.name),
            ]
            assert "named pipe" in results[0].reason
        else:
            assert results == []
        assert len(raw_rows(home)) == 1
    assert not pipe.exists()  # moved aside, its reason beside it
    (reason_file,) = home.quarantine.glob("*/a_export.csv.reason.json")
    assert json.loads(reason_file.read_text())["rule"] == "not_a_file"


def test_a_file_gone_before_its_turn_is_recorded_as_vanished_and_the_rest_load(home, tmp_path) -> None:
    good = write_x_tweet_activity(tmp_path / "good.csv", [tweet("1850000000000000001", 10)])
    results = ingest_paths([tmp_path / "gone.csv", good], home)
    assert [(r.status, r.reason_rule) for r in results] == [("rejected", "vanished"), ("loaded", None)]
    assert sorted(ledger(home)) == [
        ("gone.csv", "rejected", "vanished", None, None),
        ("good.csv", "loaded", None, None, None),
    ]


def test_symlinks_in_landing_load_under_the_landing_folder_that_names_them(home, tmp_path) -> None:
    """An account folder linked into landing is followed (it was skipped without a word), a linked file takes
    its account from its landing folder (not from its target's folder), and a link loop is walked once."""
    from datetime import date

    from ingest.samples.tiktok import OverviewDay, write_tiktok_overview

    def overview(folder: Path, first: int) -> Path:
        days = [OverviewDay(date(2026, 11, first + n), 100, 5, 7, 2, 3) for n in range(2)]
        return write_tiktok_overview(folder / "Overview.csv", days, exported_at=datetime(2026, 11, 20, tzinfo=UTC))

    elsewhere = tmp_path / "elsewhere"
    overview(elsewhere / "shop-tiktok", 1)
    (home.landing / "linked-account").symlink_to(elsewhere / "shop-tiktok", target_is_directory=True)
    target = overview(elsewhere / "not-an-account", 5)
    (home.landing / "brand-tiktok").mkdir(parents=True)
    (home.landing / "brand-tiktok" / "Overview.csv").symlink_to(target)
    (home.landing / "brand-tiktok" / "loop").symlink_to(home.landing, target_is_directory=True)

    for _ in range(2):  # the second sweep finds nothing new
        ingest_landing(home)
        con = warehouse.connect(home.writer_db, read_only=True)
        try:
            accounts = con.execute(
                "select account_id, min(date), count(*) from raw.tiktok__studio_overview group by 1 order by 1"
            ).fetchall()
            statuses = con.execute("select status, count(*) from meta.loads group by 1").fetchall()
        finally:
            con.close()
        assert accounts == [("brand-tiktok", date(2026, 11, 5), 2), ("linked-account", date(2026, 11, 1), 2)]
        assert statuses == [("loaded", 2)]
