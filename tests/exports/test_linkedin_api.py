"""LinkedIn organizationalEntityShareStatistics JSON: detection, exact parsing, the NULL-safe period key,
restatements, and the bad-input set through the loader."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest import warehouse
from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.linkedin_api import LinkedInShareStatistics
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.linkedin import SHARE_COUNTS, ShareStatistic, write_linkedin_share_statistics

API = LinkedInShareStatistics()
NAME = "organizationalEntityShareStatistics.json"
START = datetime(2021, 10, 12, 6, 6, 39, tzinfo=UTC)


def stat(start: datetime | None = START, share: str | None = None, impressions: int = 500) -> ShareStatistic:
    counts = dict.fromkeys(SHARE_COUNTS, 1)
    counts["impressionCount"] = impressions
    return ShareStatistic(counts, start, start + timedelta(days=1) if start else None, share)


def parse(path: Path, account: str | None = None) -> pa.Table:
    ctx = FileContext(path, Sniff.of(path), account_hint=account)
    return pa.Table.from_batches(list(API.parse(ctx)), schema=API.arrow_schema())


def test_generated_share_statistics_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile]
) -> None:
    files = [s for s in samples if s.export_type == "linkedin_share_statistics"]
    assert len(files) == 2
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        assert detect(path).name == "linkedin_share_statistics"
        table = parse(path)
        stats: tuple[ShareStatistic, ...] = sample.rows
        assert table.num_rows == len(stats)
        assert sum(table["impression_count"].to_pylist()) == sum(s.counts["impressionCount"] for s in stats)
        assert sum(table["click_count"].to_pylist()) == sum(s.counts["clickCount"] for s in stats)
        assert table["share_urn"].to_pylist() == [s.share_urn or "" for s in stats]
        assert table["_row_number"].to_pylist() == list(range(1, len(stats) + 1))


def test_time_ranges_are_epoch_milliseconds_and_day_granularity(tmp_path: Path) -> None:
    path = write_linkedin_share_statistics(tmp_path / NAME, [stat()])
    assert '"timeRange":{"start":1634018799000,"end":1634105199000}' in path.read_text()
    (row,) = parse(path).to_pylist()
    assert (row["time_range_start"], row["time_range_end"]) == (START, START + timedelta(days=1))
    assert (row["granularity"], row["period"]) == ("day", "2021-10-12T06:06:39Z/2021-10-13T06:06:39Z")
    assert row["organization_urn"] == "urn:li:organization:81234567"
    assert row["account_id"] == "81234567"  # no landing folder: the organization's id


def test_lifetime_rows_have_no_range_and_a_snapshot_period(tmp_path: Path) -> None:
    exported = datetime(2026, 12, 1, 9, tzinfo=UTC)
    path = write_linkedin_share_statistics(
        tmp_path / NAME, [stat(None), stat(None, "urn:li:ugcPost:7380000000000000001")], exported_at=exported
    )
    page, post = parse(path).to_pylist()
    assert (page["granularity"], page["period"], page["time_range_start"]) == ("lifetime", "lifetime/2026-12-01", None)
    assert (page["share_urn"], post["share_urn"]) == ("", "urn:li:ugcPost:7380000000000000001")


def _raw(home, sql: str) -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_refetched_day_replaces_it_and_lifetime_snapshots_accumulate(home, tmp_path: Path) -> None:
    day1 = datetime(2026, 12, 1, tzinfo=UTC)
    files = [
        write_linkedin_share_statistics(tmp_path / "a" / NAME, [stat(), stat(None)], exported_at=day1),
        write_linkedin_share_statistics(
            tmp_path / "b" / NAME,
            [stat(impressions=650), stat(None, impressions=9)],
            exported_at=day1 + timedelta(days=1),
        ),  # fmt: skip
    ]
    results = ingest_paths(files, home)
    assert [r.status for r in results] == ["loaded", "loaded"], [r.reason for r in results]
    rows = _raw(home, "select granularity, impression_count from raw.linkedin__share_statistics order by all")
    assert rows == [("day", 650), ("lifetime", 9), ("lifetime", 500)]


def test_a_timestamp_in_seconds_is_refused(tmp_path: Path) -> None:
    path = write_linkedin_share_statistics(tmp_path / NAME, [stat()])
    document = json.loads(path.read_text())
    document["elements"][0]["timeRange"] = {"start": 1634018799, "end": 1634018799 - 1}
    path.write_text(json.dumps(document))
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("bad_time_range", 1, "timeRange.end")


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def _edit(kind: str, change: Callable[[dict], None]) -> Callable[[Path], Path]:
    def make(good: Path) -> Path:
        document = json.loads(good.read_text(encoding="utf-8"))
        change(document)
        target = badinput.variant(good, kind)
        target.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        return target

    return make


def _set_count(index: int, key: str, value: object) -> Callable[[dict], None]:
    return lambda d: d["elements"][index]["totalShareStatistics"].__setitem__(key, value)


def _cut(good: Path) -> Path:
    """Cut off between two values (after a comma). A cut inside a string is reported by the shared reader
    as malformed_json ("Unterminated string"), not truncated_file: see the report on jsondoc.read_json."""
    data = good.read_bytes()
    target = badinput.variant(good, "truncated")
    target.write_bytes(data[: data.rindex(b",", 0, len(data) // 2) + 1])
    return target


def _unknown(good: Path) -> Path:
    path = good.with_name("followerStatistics.json")
    path.write_text('{"elements":[{"followerCountsByGeo":[],"organizationalEntity":"urn:li:organization:1"}]}')
    return path


API_BAD = {
    "truncated": Bad(_cut, "truncated_file", message=("cut off",)),
    "wrong_encoding": Bad(lambda g: badinput.reencoded(g, target="cp1252"), "bad_encoding", message=("not UTF-8",)),
    # An empty page (`"elements": []`) holds none of the keys that identify share statistics, so detection
    # cannot tell it from any other empty LinkedIn API page: it is an unknown export naming this type as the
    # nearest, quarantined for a person to look at, rather than loaded as "no data".
    "header_only": Bad(
        _edit("header_only", lambda d: d.__setitem__("elements", [])),
        "unknown_export",
        message=("nearest known types: linkedin_share_statistics",),
    ),
    "missing_column": Bad(
        _edit("missing_column", lambda d: d["elements"][1].pop("organizationalEntity")),
        "missing_column",
        row=2,
        column="organizationalEntity",
    ),
    "non_numeric": Bad(
        _edit("non_numeric", _set_count(1, "clickCount", "twelve")),
        "not_a_number",
        row=2,
        column="totalShareStatistics.clickCount",
    ),
    # The id fields are URNs; a share URN whose number a spreadsheet or float turned into 1.2e18 is refused.
    "mangled_id": Bad(
        _edit("mangled_id", lambda d: d["elements"][0].__setitem__("share", 7.38e18)),
        "bad_urn",
        row=1,
        column="share",
    ),
    "duplicate_rows": Bad(
        _edit("duplicate_rows", lambda d: d["elements"].append(d["elements"][0])),
        "duplicate_key",
        row=4,
        message=("rows 1, 4",),
    ),
    # LinkedIn's follower statistics page shares 2 of the 3 signature keys: too few for a near match, so it is
    # unknown, naming share statistics as the nearest type.
    "unknown_file": Bad(
        _unknown, "unknown_export", message=("followerCountsByGeo", "nearest known types: linkedin_share_statistics")
    ),
}


def test_api_bad_input_set_covers_every_kind() -> None:
    assert tuple(API_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_api_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    stats = [stat(START + timedelta(days=i)) for i in range(3)]
    good = write_linkedin_share_statistics(tmp_path / NAME, stats)
    if kind == "wrong_encoding":  # reencoded() needs non-ASCII text to turn into invalid UTF-8
        good.write_text(good.read_text().replace('"links":[]', '"links":[],"note":"Café ☕"'), encoding="utf-8")
    badinput.assert_quarantined(home, good, API_BAD[kind])
