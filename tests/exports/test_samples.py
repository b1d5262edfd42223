"""The sample generator: deterministic, and writing the bytes the platforms write."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

from ingest.samples import SampleFile, generate_samples, sample_files


def snapshot(landing: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(landing).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(landing.rglob("*"))
        if p.is_file()
    }


def test_generator_is_deterministic_to_the_byte_and_the_mtime(tmp_path: Path) -> None:
    first = generate_samples(tmp_path / "a")
    second = generate_samples(tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert len(first) == len(sample_files()) == len(set(first))


def test_generator_seed_changes_the_data(tmp_path: Path) -> None:
    generate_samples(tmp_path / "a", seed=7)
    generate_samples(tmp_path / "b", seed=8)
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a.keys() == b.keys()
    assert all(a[name][0] != b[name][0] for name in a)


def test_samples_land_under_an_account_folder_and_nothing_else_is_written(
    landing: Path, samples: list[SampleFile]
) -> None:
    written = {p.relative_to(landing) for p in landing.rglob("*") if p.is_file()}
    assert written == {Path(*s.path.parts) for s in samples}
    assert all(len(s.path.parts) >= 2 for s in samples)  # landing/<account>/...: the folder names the account
    assert {"northwindgear", "northwind_help", "northwindgear-youtube", "northwind-ads-us"} <= {
        s.account for s in samples
    }


def test_sample_mtimes_are_the_fixed_export_times(landing: Path, samples: list[SampleFile]) -> None:
    for sample in samples:
        path = landing.joinpath(*sample.path.parts)
        assert datetime.fromtimestamp(path.stat().st_mtime, tz=UTC) == sample.exported_at


def test_x_samples_are_quoted_lf_files_with_x_number_styles(landing: Path, samples: list[SampleFile]) -> None:
    for sample in (s for s in samples if s.export_type == "x_tweet_activity"):
        assert re.fullmatch(r"tweet_activity_metrics_[a-z_]+_2026(10|11)01_2026(11|12)01_en\.csv", sample.path.name)
        assert 30 <= len(sample.rows) <= 60
        raw = landing.joinpath(*sample.path.parts).read_bytes()
        assert raw.startswith(b'"Tweet id","Tweet permalink","Tweet text","time","impressions"')
        assert b"\r" not in raw
        rows = list(csv.reader(raw.decode("utf-8").splitlines(keepends=True)))
        assert all(len(r) == 40 for r in rows)
        for row in rows[1:]:
            assert re.fullmatch(r"\d{19}", row[0])
            assert all(re.fullmatch(r"\d+\.0", c) for c in row[4:6] + row[7:15])
            assert all(re.fullmatch(r"\d+", c) for c in row[15:22])
        quoted_fields = raw.count(b'","') + raw.count(b'"\n"')
        assert quoted_fields == 39 * len(rows) + (len(rows) - 1)  # every field quoted
    texts = [t.text for s in samples if s.export_type == "x_tweet_activity" for t in s.rows]
    assert any("\n" in t for t in texts) and any('"' in t for t in texts)
    assert any(re.search(r"[\U0001F300-\U0001FAFF]", t) for t in texts)
    promoted = [t for s in samples if s.export_type == "x_tweet_activity" for t in s.rows if t.promoted]
    assert 1 <= len(promoted) <= 10


def test_x_sample_writes_dashes_for_organic_promoted_columns(landing: Path, samples: list[SampleFile]) -> None:
    sample = next(s for s in samples if s.export_type == "x_tweet_activity" and any(t.promoted for t in s.rows))
    with open(landing.joinpath(*sample.path.parts), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    for tweet, row in zip(sample.rows, rows, strict=True):
        if tweet.promoted is None:
            assert row[22:] == ["-"] * 18
        else:
            assert row[22] == f"{tweet.promoted['impressions']}.0"


def test_studio_sample_has_total_row_padded_dash_ids_and_quoted_dates(landing: Path, samples: list[SampleFile]) -> None:
    content = next(s for s in samples if s.export_type == "youtube_studio_content")
    assert content.path.parent.name.startswith("Content 2026-09-01_2026-11-30")
    raw = landing.joinpath(*content.path.parts).read_text(encoding="utf-8")
    lines = raw.split("\n")
    assert lines[0].startswith("Content,Video title,Video publish time,Duration,Stayed to watch (%),")
    assert lines[1].startswith("Total,,,,")
    assert sum(line.startswith(" -") for line in lines) == 5
    assert re.search(r',"[A-Z][a-z]{2} \d{1,2}, \d{4}",', raw)
    assert ",-2," in raw
    assert "\r" not in raw and not raw.startswith("\ufeff")


def test_meta_sample_has_bom_account_and_campaign_ids_and_quoted_comma_name(landing: Path) -> None:
    for path in sorted([*landing.glob("northwind-ads-us/*.csv"), *landing.glob("northwind-ads-eu/*.csv")]):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfReporting starts,Reporting ends,Account ID,Campaign name,Campaign ID,")
        assert b'"CPM (cost per 1,000 impressions) (' in raw
        assert b',"Holiday Sale, Boots & Jackets",' in raw
