"""Detection: every file is exactly one known type, or rejected naming the headers seen and the nearest types."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.exports import EXPORT_TYPES, detect
from ingest.exports.base import ExportError, Sniff
from ingest.samples import SampleFile


def matching(path: Path) -> list[str]:
    sniff = Sniff.of(path)
    return [e.name for e in EXPORT_TYPES if e.matches(sniff)]


def test_every_generated_file_matches_exactly_its_own_type(landing: Path, samples: list[SampleFile]) -> None:
    for sample in samples:
        assert matching(landing.joinpath(*sample.path.parts)) == [sample.export_type], sample.path


def test_real_x_and_studio_tables_match_exactly_one_type(real_exports: Path) -> None:
    x_exports = sorted((real_exports / "x").glob("*.csv"))
    assert x_exports, f"no real X export under {real_exports / 'x'}: nothing would be checked"
    for path in x_exports:
        assert matching(path) == ["x_tweet_activity"], path.name
    assert matching(real_exports / "youtube_studio" / "Table data.csv") == ["youtube_studio_geography"]


@pytest.mark.parametrize(("name", "export_type"), [("Chart data.csv", "youtube_studio_chart"),
                                                   ("Totals.csv", "youtube_studio_totals")])  # fmt: skip
def test_studio_chart_data_and_totals_match_exactly_their_own_type(
    real_exports: Path, name: str, export_type: str
) -> None:
    assert matching(real_exports / "youtube_studio" / name) == [export_type]


def test_studio_table_is_content_or_geography_by_its_first_column(tmp_path: Path) -> None:
    content = tmp_path / "content.csv"
    content.write_text("Content,Video title,Geography,Views\nTotal,,,1\n", encoding="utf-8")
    geography = tmp_path / "geography.csv"
    geography.write_text("Geography,Content,Video title,Views\nTotal,,,1\n", encoding="utf-8")
    assert matching(content) == ["youtube_studio_content"]
    assert matching(geography) == ["youtube_studio_geography"]


def test_unknown_file_lists_the_headers_seen_and_the_nearest_types(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks_export.csv"
    path.write_text('"Tweet id","Bookmarked at","impressions","engagements","folder"\n'
                    '"1476946213748543488","2026-10-01","1088","13","reading"\n', encoding="utf-8")  # fmt: skip
    with pytest.raises(ExportError) as caught:
        detect(path)
    error = caught.value
    assert error.rule == "unknown_export"
    assert error.headers == ["Tweet id", "Bookmarked at", "impressions", "engagements", "folder"]
    assert "headers seen: ['Tweet id', 'Bookmarked at'" in error.message
    assert "nearest known types: x_tweet_activity (50% of its signature)" in error.message


def test_meta_report_without_a_money_header_is_not_detected(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text("\ufeffReporting starts,Reporting ends,Campaign name,Impressions\n2026-10-01,2026-10-31,A,5\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(ExportError) as caught:
        detect(path)
    assert caught.value.rule == "unknown_export"
    assert "meta_ads_campaigns (80% of its signature)" in caught.value.message


def test_binary_file_is_an_unknown_export(tmp_path: Path) -> None:
    path = tmp_path / "content.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00\x00\x00" + bytes(64))
    with pytest.raises(ExportError) as caught:
        detect(path)
    assert caught.value.rule == "unknown_export"
    assert "no readable header" in caught.value.message
