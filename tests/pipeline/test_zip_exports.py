"""Zip exports (YouTube Studio downloads one): every member loads as if dropped alone beside the zip, the
ledger names it `<zip>!<member>`, and a zip that could harm the machine is refused whole."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from ingest import warehouse
from ingest.config import Paths
from ingest.load.loader import ingest_landing
from ingest.samples import generate_samples

RAW_TABLES = ("youtube__studio_chart", "youtube__studio_totals")


def studio_files(tmp_path: Path) -> list[Path]:
    """A YouTube Studio download's Chart data.csv and Totals.csv, from the sample generator."""
    written = generate_samples(tmp_path / "samples")
    (chart,) = [p for p in written if p.name == "Chart data.csv"]
    return [chart, chart.with_name("Totals.csv")]


def raw(home: Paths, table: str) -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        columns = [c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ? "
            "and column_name not in ('_load_id', '_source_file') order by ordinal_position", [table]
        ).fetchall()]  # fmt: skip
        return con.execute(f"select {', '.join(columns)} from raw.{table} order by all").fetchall()
    finally:
        con.close()


def ledger(home: Paths) -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute(
            "select source_path, export_type, status, reason_rule from meta.loads order by source_path"
        ).fetchall()
    finally:
        con.close()


def test_a_zip_loads_each_member_as_if_dropped_alone_and_names_it_zip_bang_member(tmp_path) -> None:
    files = studio_files(tmp_path)
    zipped, plain = Paths(tmp_path / "zipped").ensure(), Paths(tmp_path / "plain").ensure()
    archive = zipped.landing / "northwindgear-yt" / "Content 2026-12-01.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as writer:
        for path in files:
            writer.write(path, path.name)
    (plain.landing / "northwindgear-yt").mkdir(parents=True)
    for path in files:
        target = plain.landing / "northwindgear-yt" / path.name
        target.write_bytes(path.read_bytes())
    stamp = files[0].stat().st_mtime  # the download's time: the as-of both ways
    for path in [archive, *(plain.landing / "northwindgear-yt").iterdir()]:
        os.utime(path, (stamp, stamp))

    for _ in range(2):  # the second sweep finds nothing new in either
        ingest_landing(zipped)
        ingest_landing(plain)
        assert ledger(zipped) == [
            (str(archive), None, "loaded", None),
            (f"{archive}!Chart data.csv", "youtube_studio_chart", "loaded", None),
            (f"{archive}!Totals.csv", "youtube_studio_totals", "loaded", None),
        ]
        for table in RAW_TABLES:
            assert raw(zipped, table) == raw(plain, table) != []


def test_a_zip_whose_member_leaves_its_folder_is_refused_whole_and_quarantined(tmp_path) -> None:
    home = Paths(tmp_path / "home").ensure()
    chart, _ = studio_files(tmp_path)
    archive = home.landing / "acct" / "export.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as writer:
        writer.write(chart, "Chart data.csv")
        writer.writestr("../../outside.csv", "a,b\n1,2\n")

    (result,) = ingest_landing(home)

    assert (result.status, result.reason_rule) == ("rejected", "zip_unsafe")
    assert "'../../outside.csv' would be written outside the folder" in result.reason
    assert not archive.exists() and not (tmp_path / "outside.csv").exists()
    (reason,) = home.quarantine.glob("*/export.zip.reason.json")
    assert json.loads(reason.read_text())["rule"] == "zip_unsafe"
    assert raw(home, "youtube__studio_chart") == []


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path) -> None:
    home = Paths(tmp_path / "home").ensure()
    archive = home.landing / "acct" / "bomb.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as writer:
        writer.writestr("Chart data.csv", b"0" * 20_000_000)  # 20 MB of one byte: about 20 KB compressed

    (result,) = ingest_landing(home)

    assert (result.status, result.reason_rule) == ("rejected", "zip_unsafe")
    assert "a zip bomb's ratio" in result.reason
    assert not (home.warehouse / "unzip").exists()  # checked from the zip's directory, never unpacked
