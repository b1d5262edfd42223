"""YouTube Studio `Table data.csv` (content and geography): detection, exact parsing, bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.youtube_studio import YouTubeStudioContent, YouTubeStudioGeography
from ingest.samples import SampleFile
from ingest.samples.youtube import CountryViews, Video, write_youtube_content_table, write_youtube_geography_table

Parse = Callable[..., pa.Table]
CHANNEL = "northwindgear-youtube"


def sample(samples: list[SampleFile], export_type: str) -> SampleFile:
    (found,) = [s for s in samples if s.export_type == export_type]
    return found


def video(video_id: str = "6xFxE92I6Nk", **fields: object) -> Video:
    values: dict = {
        "video_id": video_id,
        "title": "Is PHP the new JavaScript?",
        "published": date(2024, 9, 27),
        "duration_seconds": 978,
        "views": 27102,
        "engaged_views": 27102,
        "average_view_duration_seconds": 263,
        "watch_time_hours": Decimal("1981.735"),
        "subscribers": 305,
        "impressions": 332014,
        "impressions_ctr_percent": Decimal("5.02"),
        "estimated_revenue": Decimal("56.827"),
    }
    return Video(**{**values, **fields})


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_content_table_detects_and_parses_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    content = sample(samples, "youtube_studio_content")
    videos: tuple[Video, ...] = content.rows
    path = landing.joinpath(*content.path.parts)
    assert detect(path).name == "youtube_studio_content"
    table = parse(path, account_hint=CHANNEL)
    assert table.num_rows == len(videos) == 40
    assert set(table["account_id"].to_pylist()) == {CHANNEL}
    assert table["video_id"].to_pylist() == [v.video_id for v in videos]
    assert table["_row_number"].to_pylist() == list(range(3, 43))  # row 2 is the Total row
    assert sum(table["views"].to_pylist()) == sum(v.views for v in videos)
    assert sum(table["impressions"].to_pylist()) == sum(v.impressions for v in videos)
    assert sum(table["subscribers"].to_pylist()) == sum(v.subscribers for v in videos)
    revenue = [r for r in table["estimated_revenue"].to_pylist() if r is not None]
    assert sum(revenue) == sum(v.estimated_revenue for v in videos if v.estimated_revenue is not None)
    assert len(revenue) == 36  # four videos without revenue: NULL, not 0
    assert round(sum(table["watch_time_hours"].to_pylist()), 4) == float(sum(v.watch_time_hours for v in videos))
    assert set(table["estimated_revenue_currency"].to_pylist()) == {"USD"}
    assert table["new_viewers"].null_count == 30
    assert table["video_publish_time"].null_count == 1
    assert -2 in table["subscribers"].to_pylist()


def test_generated_content_table_trims_the_leading_space_of_dash_ids(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    content = sample(samples, "youtube_studio_content")
    path = landing.joinpath(*content.path.parts)
    assert "\n -" in path.read_text(encoding="utf-8")
    ids = parse(path, account_hint=CHANNEL)["video_id"].to_pylist()
    dashed = [i for i in ids if i.startswith("-")]
    assert len(dashed) == 5
    assert all(len(i) == 11 for i in ids)


def test_generated_geography_table_detects_and_parses_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    geography = sample(samples, "youtube_studio_geography")
    countries: tuple[CountryViews, ...] = geography.rows
    path = landing.joinpath(*geography.path.parts)
    assert detect(path).name == "youtube_studio_geography"
    table = parse(path, account_hint=CHANNEL)
    assert table["geography"].to_pylist() == [c.geography for c in countries]
    assert sum(table["views"].to_pylist()) == sum(c.views for c in countries)
    assert round(sum(table["watch_time_hours"].to_pylist()), 4) == float(sum(c.watch_time_hours for c in countries))
    assert table["average_view_duration_seconds"].null_count == 5  # the zero-view countries


def test_studio_video_row_reads_dates_durations_and_percents(tmp_path: Path, parse: Parse) -> None:
    path = write_youtube_content_table(tmp_path / "Table data.csv", [video(), video("-HHGH-TTqYM", published=None)])
    assert "\n -HHGH-TTqYM,Is PHP the new JavaScript?,,978," in path.read_text(encoding="utf-8")
    first, second = parse(path, account_hint="ch").to_pylist()
    assert first["video_publish_time"] == datetime(2024, 9, 27)
    assert first["average_view_duration_seconds"] == 263
    assert first["average_percentage_viewed"] == 26.89
    assert first["impressions_ctr_percent"] == 5.02
    assert first["estimated_revenue"] == Decimal("56.8270")
    assert first["unique_viewers"] is None
    assert (second["video_id"], second["video_publish_time"], second["_row_number"]) == ("-HHGH-TTqYM", None, 4)


def test_studio_2025_thumbnail_headers_are_aliases_of_impressions(tmp_path: Path, parse: Parse) -> None:
    path = tmp_path / "Table data.csv"
    path.write_text(
        "Content,Video title,Video publish time,Duration,Likes,Dislikes,New viewers,Returning viewers,Views,"
        "Watch time (hours),Subscribers,Thumbnail impressions,Thumbnail click-through rate (%)\n"
        "Total,,,,7940,433,0,0,504631,42600.6525,7421,5943695,5.22\n"
        "2q4TS4z4Rpk,Ultimate Guide to Acing FRM Part I 2024: Exam Insights & Strategic Study Plan,"
        '"Jan 6, 2024",2496,196,1,,,8542,927.5816,140,138912,4.02\n',
        encoding="utf-8",
    )
    assert detect(path).name == "youtube_studio_content"
    (row,) = parse(path, account_hint="frm").to_pylist()
    assert (row["impressions"], row["impressions_ctr_percent"]) == (138912, 4.02)
    assert (row["likes"], row["dislikes"], row["views"], row["duration_seconds"]) == (196, 1, 8542, 2496)
    assert row["new_viewers"] is None
    assert row["estimated_revenue_currency"] is None  # no revenue column: no currency


def test_studio_table_without_a_channel_is_missing_account(tmp_path: Path) -> None:
    path = write_youtube_content_table(tmp_path / "Table data.csv", [video()])
    with pytest.raises(ExportError) as caught:
        list(YouTubeStudioContent().parse(FileContext(path, Sniff.of(path))))
    assert caught.value.rule == "missing_account"
    assert "landing/<channel>" in caught.value.message


def test_studio_table_with_only_the_total_row_is_header_only(tmp_path: Path) -> None:
    path = write_youtube_content_table(tmp_path / "Table data.csv", [])
    with pytest.raises(ExportError) as caught:
        list(YouTubeStudioContent().parse(FileContext(path, Sniff.of(path), account_hint="ch")))
    assert caught.value.rule == "header_only"


def test_studio_bad_publish_date_names_row_and_column(tmp_path: Path) -> None:
    path = write_youtube_content_table(tmp_path / "Table data.csv", [video(), video("abcdefghijk")])
    path.write_text(path.read_text(encoding="utf-8").replace('"Sep 27, 2024"', '"Sep 31, 2024"'), encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        list(YouTubeStudioContent().parse(FileContext(path, Sniff.of(path), account_hint="ch")))
    error = caught.value
    assert (error.rule, error.row, error.column) == ("bad_date", 3, "Video publish time")
    assert "Table data.csv, row 3, column 'Video publish time'" in error.message


def test_studio_bad_duration_names_its_rule(tmp_path: Path) -> None:
    path = write_youtube_geography_table(tmp_path / "Table data.csv", [CountryViews("US", 10, 90, Decimal("0.25"))])
    path.write_text(path.read_text(encoding="utf-8").replace("US,10,0:01:30", "US,10,1m30s"), encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        list(YouTubeStudioGeography().parse(FileContext(path, Sniff.of(path), account_hint="ch")))
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("bad_duration", 3, "Average view duration")


# ---- the real geography table ----------------------------------------------------------------------------


def test_real_studio_geography_table_parses_with_hand_counted_totals(real_exports: Path, parse: Parse) -> None:
    path = real_exports / "youtube_studio" / "Table data.csv"
    assert detect(path).name == "youtube_studio_geography"
    table = parse(path, account_hint="codingtrain")
    assert table.num_rows == 201
    assert sum(table["views"].to_pylist()) == 14_344_009  # the Total row says 15,503,810: Studio caps rows
    assert round(sum(table["watch_time_hours"].to_pylist()), 4) == 1_078_604.379
    assert table["average_view_duration_seconds"].null_count == 9
    assert sum(v for v in table["average_view_duration_seconds"].to_pylist() if v is not None) == 50_420
    assert "Total" not in table["geography"].to_pylist()
    first, last = table.slice(0, 1).to_pylist()[0], table.slice(200, 1).to_pylist()[0]
    assert first == {
        "account_id": "codingtrain",
        "geography": "US",
        "views": 2_638_475,
        "average_view_duration_seconds": 342,
        "watch_time_hours": 250_689.3897,
        "_row_number": 3,
        "_extra": None,
    }
    assert (last["geography"], last["views"], last["average_view_duration_seconds"], last["_row_number"]) == (
        "XK",
        0,
        None,
        203,
    )
