"""YouTube Studio exports: `Table data.csv` (content and geography), `Chart data.csv` and `Totals.csv`:
detection, exact parsing, real files, bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.youtube_studio import (
    YouTubeStudioChart,
    YouTubeStudioContent,
    YouTubeStudioGeography,
    YouTubeStudioTotals,
)
from ingest.samples import SampleFile
from ingest.samples.youtube import (
    ChartPoint,
    CountryViews,
    DailyTotal,
    Video,
    write_youtube_chart_data,
    write_youtube_content_table,
    write_youtube_geography_table,
    write_youtube_totals,
)

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


# ---- Chart data.csv and Totals.csv ------------------------------------------------------------------------

CHART_HEAD = "Date,Geography,Views\n2020-12-31,AD,0\n2021-01-01,AD,0\n2021-01-02,AD,11\n"


def test_generated_chart_and_totals_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    chart, totals = sample(samples, "youtube_studio_chart"), sample(samples, "youtube_studio_totals")
    points: tuple[ChartPoint, ...] = chart.rows
    days: tuple[DailyTotal, ...] = totals.rows
    chart_path, totals_path = landing.joinpath(*chart.path.parts), landing.joinpath(*totals.path.parts)
    assert (detect(chart_path).name, detect(totals_path).name) == ("youtube_studio_chart", "youtube_studio_totals")
    table = parse(chart_path, account_hint=CHANNEL)
    assert table.num_rows == len(points) == 27 * 91
    assert sum(table["value"].to_pylist()) == sum(p.value for p in points)
    assert set(table["dimension"].to_pylist()) == {"Geography"} and set(table["metric"].to_pylist()) == {"Views"}
    assert table["dimension_value"].to_pylist() == [p.dimension_value for p in points]
    assert table["date"].to_pylist() == [p.day for p in points]
    assert table["_row_number"].to_pylist() == list(range(2, len(points) + 2))
    daily = parse(totals_path, account_hint=CHANNEL)
    assert daily["date"].to_pylist() == [d.day for d in days]
    assert sum(daily["value"].to_pylist()) == sum(d.value for d in days)
    assert set(daily["metric"].to_pylist()) == {"Views"} and set(daily["account_id"].to_pylist()) == {CHANNEL}
    assert sum(d.value for d in days) >= sum(p.value for p in points)  # Studio charts only the rows it loaded


def test_chart_keeps_its_dimension_and_metric_names_as_data(tmp_path: Path, parse: Parse) -> None:
    path = write_youtube_chart_data(
        tmp_path / "Chart data.csv",
        [ChartPoint(date(2026, 10, 1), "YT_SEARCH", 5), ChartPoint(date(2026, 10, 1), "-HHGH-TTqYM", -2)],
        dimension="Traffic source",
        metric="Subscribers",
    )
    assert detect(path).name == "youtube_studio_chart"
    rows = parse(path, account_hint="ch").to_pylist()
    assert [(r["dimension"], r["dimension_value"], r["metric"], r["value"]) for r in rows] == [
        ("Traffic source", "YT_SEARCH", "Subscribers", 5.0),
        ("Traffic source", "-HHGH-TTqYM", "Subscribers", -2.0),  # negative subscribers load
    ]


def test_chart_duration_metric_is_seconds_and_blank_is_null(tmp_path: Path, parse: Parse) -> None:
    path = tmp_path / "Chart data.csv"
    path.write_text(
        "Date,Geography,Average view duration\n2026-10-01,US,0:04:34\n2026-10-01,CG,\n2026-10-02,US,1.5\n",
        encoding="utf-8",
    )
    assert parse(path, account_hint="ch")["value"].to_pylist() == [274.0, None, 1.5]


def test_totals_keep_the_metric_name_and_decimal_hours(tmp_path: Path, parse: Parse) -> None:
    path = write_youtube_totals(
        tmp_path / "Totals.csv", [DailyTotal(date(2026, 10, 1), 31964)], metric="Watch time (hours)"
    )
    path.write_text(path.read_text(encoding="utf-8").replace("31964", "3196.4417"), encoding="utf-8")
    (row,) = parse(path, account_hint="ch").to_pylist()
    assert (row["date"], row["metric"], row["value"], row["_row_number"]) == (
        date(2026, 10, 1), "Watch time (hours)", 3196.4417, 2,
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Date,Followers,Difference in followers from previous day\nAugust 31,120,3\n",  # TikTok: not ISO dates
        "Date,Geography,Views,Watch time (hours)\n2026-10-01,US,5,0.2\n",  # four columns
        "Day,Geography,Views\n2026-10-01,US,5\n",  # not `Date`
        "Date,Geography,Views\n10/01/2026,US,5\n",  # a spreadsheet re-saved the dates
    ],
)
def test_other_date_tables_are_not_chart_data_or_totals(tmp_path: Path, text: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    sniff = Sniff.of(path)
    assert not YouTubeStudioChart().matches(sniff) and not YouTubeStudioTotals().matches(sniff)
    assert YouTubeStudioChart().signature_overlap(sniff) <= 0.5  # never outranks another type's near match


def test_chart_whose_dates_a_spreadsheet_rewrote_is_not_recognised(tmp_path: Path) -> None:
    path = tmp_path / "Chart data.csv"
    path.write_text(CHART_HEAD.replace("2020-12-31", "12/31/2020"), encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        detect(path)
    assert caught.value.rule == "unknown_export"
    assert "headers seen: ['Date', 'Geography', 'Views']" in caught.value.message


def test_chart_without_a_channel_is_missing_account(tmp_path: Path) -> None:
    path = tmp_path / "Chart data.csv"
    path.write_text(CHART_HEAD, encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        list(YouTubeStudioChart().parse(FileContext(path, Sniff.of(path))))
    assert caught.value.rule == "missing_account"


def test_chart_blank_dimension_value_is_a_missing_value(tmp_path: Path) -> None:
    path = tmp_path / "Chart data.csv"
    path.write_text(CHART_HEAD + "2021-01-03,,4\n", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        list(YouTubeStudioChart().parse(FileContext(path, Sniff.of(path), account_hint="ch")))
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("missing_value", 5, "Geography")


# ---- the real Chart data and Totals ----------------------------------------------------------------------

# Hand-counted with awk over the files (header skipped):
#   awk -F, 'NR>1{n++; s+=$3} END{print n, s}' "Chart data.csv"   -> 73365 14344009
#   awk -F, 'NR>1 && $2=="US"{s+=$3} END{print s}' "Chart data.csv" -> 2638475
#   awk -F, 'NR>1{n++; s+=$2} END{print n, s}' Totals.csv          -> 365 15503810
# 73,365 rows = 365 days (2020-12-31 .. 2021-12-30) x 201 countries; the chart's sum equals the sum of the
# Table data rows, the totals' sum equals the Table's `Total` row.


def test_real_studio_chart_data_loads_with_hand_counted_totals(real_exports: Path, parse: Parse) -> None:
    path = real_exports / "youtube_studio" / "Chart data.csv"
    assert detect(path).name == "youtube_studio_chart"
    table = parse(path, account_hint="codingtrain")
    assert table.num_rows == 73_365
    assert sum(table["value"].to_pylist()) == 14_344_009
    assert len(set(table["dimension_value"].to_pylist())) == 201
    assert len(set(table["date"].to_pylist())) == 365
    assert set(table["dimension"].to_pylist()) == {"Geography"} and set(table["metric"].to_pylist()) == {"Views"}
    us = [v for g, v in zip(table["dimension_value"].to_pylist(), table["value"].to_pylist(), strict=True) if g == "US"]
    assert sum(us) == 2_638_475  # the US row of Table data.csv
    first = table.slice(0, 1).to_pylist()[0]
    assert (first["date"], first["dimension_value"], first["value"], first["_row_number"]) == (
        date(2020, 12, 31), "AD", 0.0, 2,
    )  # fmt: skip


def test_real_studio_totals_load_with_hand_counted_totals(real_exports: Path, parse: Parse) -> None:
    path = real_exports / "youtube_studio" / "Totals.csv"
    assert detect(path).name == "youtube_studio_totals"
    table = parse(path, account_hint="codingtrain")
    assert table.num_rows == 365
    assert sum(table["value"].to_pylist()) == 15_503_810  # = the Total row of Table data.csv
    assert table.slice(0, 1).to_pylist()[0]["value"] == 31_964
    assert (min(table["date"].to_pylist()), max(table["date"].to_pylist())) == (date(2020, 12, 31), date(2021, 12, 30))


# ---- the bad-input sets, through the loader ------------------------------------------------------------

STUDIO_STYLE = CsvStyle()


def _utf16(good: Path) -> Path:
    """Studio's daily series are ASCII, so a Latin-1 re-save changes no byte; the wrong encoding they meet is
    a spreadsheet's "Unicode text" save: UTF-16 with a BOM."""
    return badinput.reencoded(good, target="utf-16")


def _us_date(style: CsvStyle) -> object:
    """No ids here: what a spreadsheet mangles instead is a date (`2026-09-01` -> `11/19/2026`). The 80th data
    row lies beyond the lines detection samples, so the file is recognised and the parser names the cell."""
    return badinput.rewrite(style, "mangled_id", badinput.set_cell("Date", 80, "11/19/2026"))


CHART_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=2458, column="Geography"),
    "wrong_encoding": Bad(_utf16, "bad_encoding", message=("not UTF-8",)),
    # A chart is recognised by its shape, rows of dates included: with no rows its header alone could be any
    # three-column table (TikTok's FollowerHistory.csv is one), so it is quarantined as unknown, naming this
    # type as the nearest.
    "header_only": Bad(
        badinput.rewrite(STUDIO_STYLE, "header_only", badinput.header_only()),
        "unknown_export",
        message=("youtube_studio_chart (50% of its signature)",),
    ),
    # Without its dimension a chart has the Totals shape (`Date,Views`): it is read as totals, and its days
    # repeat once per country, which the loader rejects naming the rows.
    "missing_column": Bad(
        badinput.rewrite(STUDIO_STYLE, "missing_column", badinput.drop_column("Geography")),
        "duplicate_key",
        message=("rows 2, 93", "share the natural key"),
    ),
    "non_numeric": Bad(
        badinput.rewrite(STUDIO_STYLE, "non_numeric", badinput.set_cell("Views", 2, "twelve")),
        "not_a_number",
        row=3,
        column="Views",
    ),
    "mangled_id": Bad(_us_date(STUDIO_STYLE), "bad_date", row=81, column="Date"),
    "duplicate_rows": Bad(
        badinput.rewrite(STUDIO_STYLE, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=2459,
        message=("rows 2, 2459",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}
TOTALS_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=92, column="Views"),
    "wrong_encoding": Bad(_utf16, "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(  # as for the chart: a header without dated rows proves no shape
        badinput.rewrite(STUDIO_STYLE, "header_only", badinput.header_only()),
        "unknown_export",
        message=("nearest known types: youtube_studio_totals",),
    ),
    "missing_column": Bad(
        badinput.rewrite(STUDIO_STYLE, "missing_column", badinput.drop_column("Views")),
        "unknown_export",  # a lone `Date` column is no Studio shape at all
        message=("headers seen: ['Date']",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(STUDIO_STYLE, "non_numeric", badinput.set_cell("Views", 2, "n/a")),
        "not_a_number",
        row=3,
        column="Views",
    ),
    "mangled_id": Bad(_us_date(STUDIO_STYLE), "bad_date", row=81, column="Date"),
    "duplicate_rows": Bad(
        badinput.rewrite(STUDIO_STYLE, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=93,
        message=("rows 2, 93",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def test_studio_daily_bad_input_sets_cover_every_kind() -> None:
    assert tuple(CHART_BAD) == tuple(TOTALS_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_studio_chart_bad_input_is_quarantined_with_a_precise_reason(
    kind: str, home, tmp_path: Path, samples: list[SampleFile]
) -> None:
    good = write_youtube_chart_data(tmp_path / "Chart data.csv", sample(samples, "youtube_studio_chart").rows)
    badinput.assert_quarantined(home, good, CHART_BAD[kind], account=CHANNEL)


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_studio_totals_bad_input_is_quarantined_with_a_precise_reason(
    kind: str, home, tmp_path: Path, samples: list[SampleFile]
) -> None:
    good = write_youtube_totals(tmp_path / "Totals.csv", sample(samples, "youtube_studio_totals").rows)
    badinput.assert_quarantined(home, good, TOTALS_BAD[kind], account=CHANNEL)


# ---- the bad-input sets of the content and geography tables, through the loader ---------------------------

# Both tables carry a `Total` row as row 2, so data starts at row 3 and a "header only" export is the header
# plus its Total row (what Studio writes for a period without views).
CONTENT_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=5),
    "wrong_encoding": Bad(badinput.reencoded, "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(
        badinput.rewrite(STUDIO_STYLE, "header_only", badinput.header_only(header_rows=2)), "header_only"
    ),
    "missing_column": Bad(
        badinput.rewrite(STUDIO_STYLE, "missing_column", badinput.drop_column("Content")),
        "unknown_export",  # without its first column a Studio table is no longer recognisable as one
        message=("nearest known types: youtube_studio_content",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(STUDIO_STYLE, "non_numeric", badinput.set_cell("Views", 3, "27 k")),
        "not_a_number",
        row=4,
        column="Views",
    ),
    "mangled_id": Bad(
        badinput.rewrite(STUDIO_STYLE, "mangled_id", badinput.set_cell("Content", 2, "6.12E+10")),
        "mangled_id",
        row=3,
        column="Content",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(STUDIO_STYLE, "duplicate_rows", badinput.duplicate_row(2)),
        "duplicate_key",
        row=6,
        message=("rows 3, 6",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions",)),
}

GEOGRAPHY_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=5, column="Average view duration"),
    "wrong_encoding": Bad(_utf16, "bad_encoding", message=("not UTF-8",)),  # country codes are ASCII
    "header_only": Bad(
        badinput.rewrite(STUDIO_STYLE, "header_only", badinput.header_only(header_rows=2)), "header_only"
    ),
    "missing_column": Bad(
        badinput.rewrite(STUDIO_STYLE, "missing_column", badinput.drop_column("Views")),
        "unknown_export",  # `Geography` alone is half the signature: too little to call it a Studio table
        message=("nearest known types: youtube_studio_geography",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(STUDIO_STYLE, "non_numeric", badinput.set_cell("Views", 2, "n/a")),
        "not_a_number",
        row=3,
        column="Views",
    ),
    # No ids here: what a spreadsheet mangles is the `H:MM:SS` duration, saved back as a day fraction.
    "mangled_id": Bad(
        badinput.rewrite(STUDIO_STYLE, "mangled_id", badinput.set_cell("Average view duration", 2, "0.0031713")),
        "bad_duration",
        row=3,
        column="Average view duration",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(STUDIO_STYLE, "duplicate_rows", badinput.duplicate_row(2)),
        "duplicate_key",
        row=6,
        message=("rows 3, 6",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions",)),
}


def test_studio_table_bad_input_sets_cover_every_kind() -> None:
    assert tuple(CONTENT_BAD) == tuple(GEOGRAPHY_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_studio_content_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    videos = [
        video("6xFxE92I6Nk", title="Café stop on the Ridgeline trail"),
        video("2q4TS4z4Rpk", title="Packing list – 3 days"),
        video("-HHGH-TTqYM", title="Waterproof test", published=None),
    ]
    good = write_youtube_content_table(tmp_path / "Table data.csv", videos)
    badinput.assert_quarantined(home, good, CONTENT_BAD[kind], account=CHANNEL)


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_studio_geography_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    countries = [
        CountryViews("US", 2_638_475, 342, Decimal("250689.3897")),
        CountryViews("DE", 412_003, 301, Decimal("34446.1225")),
        CountryViews("GL", 0, None, Decimal(0)),
    ]
    good = write_youtube_geography_table(tmp_path / "Table data.csv", countries)
    badinput.assert_quarantined(home, good, GEOGRAPHY_BAD[kind], account=CHANNEL)
