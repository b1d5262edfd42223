"""LinkedIn organizationalEntityFollowerStatistics JSON (time-bound, DAY): detection, exact parsing, the day
key, a re-fetched day replacing the older one, the lifetime answer left unknown, and the bad-input set
through the loader."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest import warehouse
from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.linkedin_follower_statistics import LinkedInFollowerStatistics
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.linkedin import FollowerGain, FollowersExport, write_linkedin_follower_statistics

API = LinkedInFollowerStatistics()
NAME = "organizationalEntityFollowerStatistics.json"
START = datetime(2026, 11, 1, tzinfo=UTC)


def gain(start: datetime = START, organic: int = 5, paid: int = 1, hours: int = 24) -> FollowerGain:
    return FollowerGain(start, start + timedelta(hours=hours), organic, paid)


def parse(path: Path, account: str | None = None) -> pa.Table:
    ctx = FileContext(path, Sniff.of(path), account_hint=account)
    return pa.Table.from_batches(list(API.parse(ctx)), schema=API.arrow_schema())


def test_the_demo_page_detects_and_parses_with_the_workbooks_exact_totals(
    landing: Path, samples: list[SampleFile]
) -> None:
    (sample,) = [s for s in samples if s.export_type == "linkedin_follower_statistics"]
    path = landing.joinpath(*sample.path.parts)
    assert detect(path).name == "linkedin_follower_statistics"
    table = parse(path, account="northwind-gear")
    gains: tuple[FollowerGain, ...] = sample.rows
    assert table.num_rows == len(gains) == 61
    assert sum(table["organic_follower_gain"].to_pylist()) == sum(g.organic for g in gains)
    assert sum(table["paid_follower_gain"].to_pylist()) == sum(g.paid for g in gains)
    # the same new followers as the followers workbook of the same days
    (workbook,) = [s for s in samples if s.export_type == "linkedin_followers"]
    export: FollowersExport = workbook.rows[0]
    assert sum(g.organic + g.paid for g in gains) == sum(d.total for d in export.days)
    assert table["day"].to_pylist() == [d.day for d in export.days]
    assert set(table["account_id"].to_pylist()) == {"northwind-gear"}


def test_time_ranges_are_epoch_milliseconds_and_the_day_is_the_windows_midpoint(tmp_path: Path) -> None:
    late = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)  # a window asked at 20:00 UTC: most of it is on Nov 3
    path = write_linkedin_follower_statistics(tmp_path / NAME, [gain(), gain(late)])
    assert '"timeRange":{"start":1793491200000,"end":1793577600000}' in path.read_text()
    first, second = parse(path).to_pylist()
    assert (first["day"], first["time_range_start"], first["time_range_end"]) == (
        date(2026, 11, 1), START, START + timedelta(days=1)
    )  # fmt: skip
    assert second["day"] == date(2026, 11, 3)
    assert (first["organization_urn"], first["account_id"]) == ("urn:li:organization:81234567", "81234567")
    assert (first["organic_follower_gain"], first["paid_follower_gain"]) == (5, 1)


def test_a_window_that_is_not_one_day_is_refused(tmp_path: Path) -> None:
    path = write_linkedin_follower_statistics(tmp_path / NAME, [gain(), gain(START + timedelta(days=1), hours=24 * 30)])
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("bad_time_range", 2, "timeRange.end")


def test_the_lifetime_answer_is_not_this_type(tmp_path: Path) -> None:
    path = tmp_path / "followerStatistics.json"
    path.write_text('{"elements":[{"followerCountsByGeo":[],"organizationalEntity":"urn:li:organization:1"}]}')
    with pytest.raises(ExportError) as caught:
        detect(path)
    assert caught.value.rule == "unknown_export"


def test_a_refetched_day_replaces_the_older_numbers(home, tmp_path: Path) -> None:
    fetched = datetime(2026, 12, 1, tzinfo=UTC)
    files = [
        write_linkedin_follower_statistics(tmp_path / "a" / NAME, [gain(organic=5), gain(START + timedelta(days=1))],
                                           exported_at=fetched),
        write_linkedin_follower_statistics(tmp_path / "b" / NAME, [gain(organic=9)],
                                           exported_at=fetched + timedelta(days=1)),
    ]  # fmt: skip
    results = ingest_paths(files, home)
    assert [r.status for r in results] == ["loaded", "loaded"], [r.reason for r in results]
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        rows = con.execute("select day, organic_follower_gain from raw.linkedin__follower_statistics order by day")
        assert rows.fetchall() == [(date(2026, 11, 1), 9), (date(2026, 11, 2), 5)]
    finally:
        con.close()


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def _edit(kind: str, change: Callable[[dict], None]) -> Callable[[Path], Path]:
    def make(good: Path) -> Path:
        document = json.loads(good.read_text(encoding="utf-8"))
        change(document)
        target = badinput.variant(good, kind)
        target.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        return target

    return make


def _cut(good: Path) -> Path:
    """Cut off between two values (after a comma), as a download stopped halfway."""
    data = good.read_bytes()
    target = badinput.variant(good, "truncated")
    target.write_bytes(data[: data.rindex(b",", 0, len(data) // 2) + 1])
    return target


def _unknown(good: Path) -> Path:
    path = good.with_name("networkSizes.json")
    path.write_text('{"firstDegreeSize":4120}')
    return path


BAD = {
    "truncated": Bad(_cut, "truncated_file", message=("cut off",)),
    "wrong_encoding": Bad(lambda g: badinput.reencoded(g, target="cp1252"), "bad_encoding", message=("not UTF-8",)),
    # an empty page holds none of the keys that identify follower statistics: unknown, for a person to look at
    "header_only": Bad(_edit("header_only", lambda d: d.__setitem__("elements", [])), "unknown_export"),
    "missing_column": Bad(
        _edit("missing_column", lambda d: d["elements"][1].pop("timeRange")),
        "missing_column",
        row=2,
        column="timeRange.start",
    ),  # fmt: skip
    "non_numeric": Bad(
        _edit("non_numeric", lambda d: d["elements"][2]["followerGains"].__setitem__("paidFollowerGain", "two")),
        "not_a_number",
        row=3,
        column="followerGains.paidFollowerGain",
    ),  # fmt: skip
    # the organization is a URN; a bare number (a spreadsheet's idea of an id) is refused
    "mangled_id": Bad(
        _edit("mangled_id", lambda d: d["elements"][0].__setitem__("organizationalEntity", 8.1234567e7)),
        "bad_urn",
        row=1,
        column="organizationalEntity",
    ),  # fmt: skip
    "duplicate_rows": Bad(
        _edit("duplicate_rows", lambda d: d["elements"].append(d["elements"][0])),
        "duplicate_key",
        row=4,
        message=("rows 1, 4",),
    ),  # fmt: skip
    "unknown_file": Bad(_unknown, "unknown_export", message=("firstDegreeSize",)),
}


def test_bad_input_set_covers_every_kind() -> None:
    assert tuple(BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    good = write_linkedin_follower_statistics(tmp_path / NAME, [gain(START + timedelta(days=i)) for i in range(3)])
    if kind == "wrong_encoding":  # reencoded() needs non-ASCII text to turn into invalid UTF-8
        good.write_text(good.read_text().replace('"links":[]', '"links":[],"note":"Café ☕"'), encoding="utf-8")
    badinput.assert_quarantined(home, good, BAD[kind])
