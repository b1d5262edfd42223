"""The benchmark's volume: deterministic, sized as its shape says, and made of files Resonance recognises."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from ingest import exports
from ingest.bench import volume
from ingest.bench.run import GLOBS

TINY = volume.Shape(rows=0, days=2, videos=3, chart_videos=2, tweets_per_day=1)


def _digests(landing: Path) -> dict[str, str]:
    return {
        str(p.relative_to(landing)): hashlib.sha256(p.read_bytes()).hexdigest() + f"/{p.stat().st_mtime}"
        for p in sorted(landing.rglob("*"))
        if p.is_file()
    }


def test_the_same_shape_writes_byte_identical_files_with_identical_times(tmp_path):
    volume.write_volume(tmp_path / "a", TINY)
    volume.write_volume(tmp_path / "b", TINY)

    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert first == second
    assert len(first) == volume.CHANNELS * (TINY.days + 1) + volume.X_HANDLES * TINY.days


def test_a_different_shape_writes_different_files(tmp_path):
    volume.write_volume(tmp_path / "a", TINY)
    volume.write_volume(tmp_path / "b", volume.Shape(rows=0, days=2, videos=4, chart_videos=2, tweets_per_day=1))

    assert _digests(tmp_path / "a") != _digests(tmp_path / "b")


def test_each_export_type_holds_the_rows_its_shape_promises(tmp_path):
    landing = tmp_path / "landing"
    volume.write_volume(landing, TINY)

    for export_type, glob in GLOBS.items():
        rows = 0
        for path in landing.glob(glob):
            with open(path, encoding="utf-8", newline="") as handle:
                rows += sum(1 for _ in csv.reader(handle)) - 1  # quoted multi-line tweets are one row
        assert rows == TINY.expected_rows()[export_type], export_type


def test_every_generated_file_is_detected_as_the_export_type_it_was_written_as(tmp_path):
    landing = tmp_path / "landing"
    volume.write_volume(landing, TINY)

    for export_type, glob in GLOBS.items():
        files = list(landing.glob(glob))
        assert files, export_type
        assert {exports.detect(path).name for path in files} == {export_type}


def test_one_more_day_writes_the_day_after_the_last_for_every_daily_export(tmp_path):
    landing = tmp_path / "landing"
    written = volume.one_more_day(landing, TINY)

    day = TINY.last_day.toordinal() + 1
    names = sorted(p.name for p in written)
    assert len(written) == volume.CHANNELS + volume.X_HANDLES
    from datetime import date

    next_day = date.fromordinal(day)
    assert sum(n == f"channel_basic_a3_{next_day:%Y%m%d}.csv" for n in names) == volume.CHANNELS
    assert all(n.endswith(f"_{date.fromordinal(day + 1):%Y%m%d}_en.csv") for n in names if n.startswith("tweet_"))


def test_the_shape_for_ten_million_rows_comes_within_one_percent_of_it():
    shape = volume.Shape.for_rows(10_000_000)

    assert abs(sum(shape.expected_rows().values()) - 10_000_000) < 100_000
    assert shape.days == 30
