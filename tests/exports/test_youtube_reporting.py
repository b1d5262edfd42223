"""YouTube Reporting API `channel_basic_a3` (and a2) CSV: detection, exact parsing, quirks, bad input."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest import warehouse
from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.youtube_reporting import YouTubeChannelBasic
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.youtube import CHANNEL_BASIC_A3_HEADER, ChannelBasicRow, write_youtube_channel_basic

Parse = Callable[..., pa.Table]
CHANNEL_ID = "UCJgDI_pBbQ4ATUlU5dTekNg"
REPORT = YouTubeChannelBasic()


def row(video_id: str = "mgDmuzA9-iM", **fields: object) -> ChannelBasicRow:
    values: dict = {
        "day": date(2026, 6, 10),
        "channel_id": CHANNEL_ID,
        "video_id": video_id,
        "live_or_on_demand": "on_demand",
        "subscribed_status": "unknown",
        "country_code": "US",
        "views": 18,
        "engaged_views": 15,
        "likes": 2,
        "comments": 1,
        "shares": 0,
        "watch_time_minutes": 85.756416666666667,
        "subscribers_gained": 1,
        "subscribers_lost": 0,
    }
    return ChannelBasicRow(**{**values, **fields})


def reports(samples: list[SampleFile]) -> list[SampleFile]:
    return [s for s in samples if s.export_type == "youtube_channel_basic"]


def test_generated_reports_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    found = reports(samples)
    assert len(found) == 2
    for report in found:
        rows: tuple[ChannelBasicRow, ...] = report.rows
        path = landing.joinpath(*report.path.parts)
        assert detect(path).name == "youtube_channel_basic"
        table = parse(path, account_hint=report.account)
        assert table.num_rows == len(rows)
        assert set(table["account_id"].to_pylist()) == {"northwindgear-youtube"}
        assert table["video_id"].to_pylist() == [r.video_id for r in rows]
        assert sum(table["views"].to_pylist()) == sum(r.views for r in rows)
        assert sum(table["engaged_views"].to_pylist()) == sum(r.engaged_views for r in rows)
        assert sum(table["subscribers_gained"].to_pylist()) == sum(r.subscribers_gained for r in rows)
        assert table["watch_time_minutes"].to_pylist() == [r.watch_time_minutes for r in rows]  # exact floats
        assert table["video_id"].to_pylist().count("") == 3  # the channel-level rows
        assert set(table["date"].to_pylist()) == {rows[0].day}


def test_date_is_yyyymmdd_and_long_floats_load_exactly(tmp_path: Path, parse: Parse) -> None:
    path = write_youtube_channel_basic(tmp_path / "report.csv", [row()])
    assert "\n20260610,UCJgDI_pBbQ4ATUlU5dTekNg,mgDmuzA9-iM,on_demand,unknown,US,18," in path.read_text()
    (record,) = parse(path).to_pylist()
    assert record["date"] == date(2026, 6, 10)
    assert record["watch_time_minutes"] == 85.756416666666667
    assert record["account_id"] == CHANNEL_ID  # no landing folder: the report's channel


def test_columns_bind_by_header_in_any_order(tmp_path: Path, parse: Parse) -> None:
    shuffled = list(CHANNEL_BASIC_A3_HEADER)
    random.Random(3).shuffle(shuffled)
    assert shuffled[:6] != list(CHANNEL_BASIC_A3_HEADER[:6])
    rows = [row(), row("abcdefghijk", country_code="ZZ", views=7, engaged_views=6)]
    path = write_youtube_channel_basic(tmp_path / "report.csv", rows, header=shuffled)
    assert detect(path).name == "youtube_channel_basic"
    table = parse(path, account_hint="ch")
    assert table["video_id"].to_pylist() == ["mgDmuzA9-iM", "abcdefghijk"]
    assert table["views"].to_pylist() == [18, 7]
    assert table["engaged_views"].to_pylist() == [15, 6]
    assert table["country_code"].to_pylist() == ["US", "ZZ"]


def test_a2_report_without_engaged_views_loads_with_null(tmp_path: Path, parse: Parse) -> None:
    a2 = [h for h in CHANNEL_BASIC_A3_HEADER if h != "engaged_views"]
    path = write_youtube_channel_basic(tmp_path / "channel_basic_a2.csv", [row()], header=a2)
    assert detect(path).name == "youtube_channel_basic"
    (record,) = parse(path).to_pylist()
    assert (record["views"], record["engaged_views"], record["_extra"]) == (18, None, None)


def test_channel_level_row_has_an_empty_string_video_id(tmp_path: Path, parse: Parse) -> None:
    path = write_youtube_channel_basic(tmp_path / "report.csv", [row(""), row()])
    assert f"\n20260610,{CHANNEL_ID},,on_demand," in path.read_text()
    assert parse(path)["video_id"].to_pylist() == ["", "mgDmuzA9-iM"]


def test_live_or_on_demand_and_subscribed_status_are_case_insensitive(tmp_path: Path, parse: Parse) -> None:
    path = write_youtube_channel_basic(
        tmp_path / "report.csv", [row(live_or_on_demand="LIVE", subscribed_status="Subscribed")]
    )
    (record,) = parse(path).to_pylist()
    assert (record["live_or_on_demand"], record["subscribed_status"]) == ("live", "subscribed")


def test_other_channel_reports_are_not_channel_basic(tmp_path: Path) -> None:
    path = tmp_path / "channel_province_a2.csv"
    path.write_text(  # the real 2018 header and row of platform-formats.md 5a
        "date,channel_id,video_id,live_or_on_demand,subscribed_status,country_code,province_code,views,"
        "watch_time_minutes,average_view_duration_seconds\n"
        "20180511,UCJgDI_pBbQ4ATUlU5dTekNg,mgDmuzA9-iM,on_demand,unknown,US,US-CA,18,85.756416666666667,285.8\n",
        encoding="utf-8",
    )
    assert not REPORT.matches(Sniff.of(path))


def test_bad_yyyymmdd_date_names_row_and_column(tmp_path: Path) -> None:
    path = write_youtube_channel_basic(tmp_path / "report.csv", [row(), row("abcdefghijk")])
    path.write_text(
        path.read_text().replace("\n20260610,UCJgDI_pBbQ4ATUlU5dTekNg,abc", "\n2026-06-10,UCJgDI_pBbQ4ATUlU5dTekNg,abc")
    )
    with pytest.raises(ExportError) as caught:
        list(REPORT.parse(FileContext(path, Sniff.of(path))))
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("bad_date", 3, "date")


def test_a_newer_report_for_the_same_day_replaces_the_older(home, tmp_path: Path) -> None:
    older = write_youtube_channel_basic(tmp_path / "a" / "channel_basic_a3_20260610.csv", [row(views=18)])
    newer = write_youtube_channel_basic(tmp_path / "b" / "channel_basic_a3_20260610.csv", [row(views=21)])
    first, second = datetime(2026, 6, 12, tzinfo=UTC), datetime(2026, 6, 20, tzinfo=UTC)
    (loaded,) = ingest_paths([newer], home, account="ch", as_of=second)
    (stale,) = ingest_paths([older], home, account="ch", as_of=first)  # arrives late: kept out
    assert (loaded.rows_inserted, stale.rows_stale) == (1, 1)
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        assert con.execute("select views from raw.youtube__channel_basic").fetchall() == [(21,)]
    finally:
        con.close()


# ---- the bad-input set, through the loader ---------------------------------------------------------------

STYLE = CsvStyle()
BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=4),
    # The report is ASCII: the wrong encoding it meets is a UTF-16 "Unicode text" save.
    "wrong_encoding": Bad(
        lambda good: badinput.reencoded(good, target="utf-16"), "bad_encoding", message=("not UTF-8",)
    ),
    "header_only": Bad(badinput.rewrite(STYLE, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(STYLE, "missing_column", badinput.drop_column("subscribed_status")),
        "missing_column",
        column="subscribed_status",
    ),
    "non_numeric": Bad(
        badinput.rewrite(STYLE, "non_numeric", badinput.set_cell("views", 2, "many")),
        "not_a_number",
        row=3,
        column="views",
    ),
    "mangled_id": Bad(
        badinput.rewrite(STYLE, "mangled_id", badinput.set_cell("video_id", 1, "1.23457E+10")),
        "mangled_id",
        row=2,
        column="video_id",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(STYLE, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=5,
        message=("rows 2, 5",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def test_bad_input_set_covers_every_kind() -> None:
    assert tuple(BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    rows = [row(), replace(row(), country_code="DE"), row("")]
    good = write_youtube_channel_basic(tmp_path / "channel_basic_a3_20260610.csv", rows)
    badinput.assert_quarantined(home, good, BAD[kind], account="northwindgear-youtube")
