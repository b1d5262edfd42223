"""X daily activity, content, account overview and video overview CSVs: detection, exact parsing of
generated files, the format quirks of platform-formats.md 1b/1c, and the bad-input set through the loader."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import EXPORT_TYPES, detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.x_analytics import XAccountOverview, XContent, XDailyActivity, XVideoOverview
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.x import (
    X_COUNTS,
    X_OVERVIEW_COUNTS,
    ContentPost,
    DailyActivity,
    OverviewDay,
    VideoDay,
    write_x_account_overview,
    write_x_content,
    write_x_daily_activity,
    write_x_video_overview,
    x_content_file_name,
    x_daily_file_name,
)

Parse = Callable[..., pa.Table]
DAILY, CONTENT, OVERVIEW, VIDEO = XDailyActivity(), XContent(), XAccountOverview(), XVideoOverview()
OCTOBER = (date(2026, 10, 1), date(2026, 11, 1))
DAILY_NAME = x_daily_file_name("northwindgear", *OCTOBER)
CONTENT_NAME = x_content_file_name(date(2026, 9, 3), date(2026, 12, 2))
OVERVIEW_NAME = "account_overview_analytics.csv"
VIDEO_NAME = "video_overview_analytics.csv"
TYPES = ("x_daily_activity", "x_content", "x_account_overview", "x_video_overview")


def of_type(samples: list[SampleFile], name: str) -> list[SampleFile]:
    return [s for s in samples if s.export_type == name]


def day_row(day: date = date(2026, 10, 1), *, promoted: dict[str, int] | None = None, **counts: int) -> DailyActivity:
    base = {**dict.fromkeys(X_COUNTS, 0), "impressions": 1088, "engagements": 13, "likes": 2, **counts}
    return DailyActivity(day, 1, base, promoted)


def post(post_id: str = "2116335634816699141", *, text: str = "Meet the Ridgeline 🧥", **counts: int) -> ContentPost:
    base = {"Impressions": 424, "Likes": 9, "Engagements": 12, "Bookmarks": 1, "Shares": 0, "New follows": 0,
            "Replies": 1, "Reposts": 2, "Profile visits": 0, "Detail Expands": 0, "URL Clicks": 0,
            "Hashtag Clicks": 0, "Permalink Clicks": 0}  # fmt: skip
    return ContentPost(post_id, "northwindgear", text, date(2026, 10, 31), {**base, **counts})


def overview_day(day: date, **counts: int | None) -> OverviewDay:
    return OverviewDay(day, {**dict.fromkeys(X_OVERVIEW_COUNTS, 1), **counts})


def video_day(day: date, views: int = 120) -> VideoDay:
    return VideoDay(day, views, views * 9000, 0.25, 9000, Decimal("0.42"))


def as_of(export, path: Path, **context):  # noqa: ANN001, ANN201 - any export type
    return export.as_of(FileContext(path, Sniff.of(path), **context))


# ---- generated files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TYPES)
def test_generated_files_match_exactly_their_own_type(landing: Path, samples: list[SampleFile], name: str) -> None:
    files = of_type(samples, name)
    assert files
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        sniff = Sniff.of(path)
        assert [e.name for e in EXPORT_TYPES if e.matches(sniff)] == [name]
        assert detect(path).name == name


def test_generated_daily_files_parse_with_exact_totals(landing: Path, samples: list[SampleFile], parse: Parse) -> None:
    files = of_type(samples, "x_daily_activity")
    assert sorted(f.path.name for f in files) == sorted(
        x_daily_file_name(h, *m)
        for h in ("northwindgear", "northwind_help")
        for m in (OCTOBER, (OCTOBER[1], date(2026, 12, 1)))
    )
    for sample in files:
        rows: tuple[DailyActivity, ...] = sample.rows
        table = parse(landing.joinpath(*sample.path.parts))
        assert table.num_rows == len(rows)
        assert table["date"].to_pylist() == [r.day for r in rows]
        assert set(table["account_id"].to_pylist()) == {sample.account}
        assert table["_row_number"].to_pylist() == list(range(2, len(rows) + 2))
        assert sum(table["tweets_published"].to_pylist()) == sum(r.tweets_published for r in rows)
        for column in ("impressions", "engagements", "likes", "retweets", "url_clicks", "media_engagements"):
            assert sum(table[column].to_pylist()) == sum(r.counts[column.replace("_", " ")] for r in rows), column
        paid = [r.promoted for r in rows if r.promoted]
        promoted = [v for v in table["promoted_impressions"].to_pylist() if v is not None]
        assert (len(promoted), sum(promoted)) == (len(paid), sum(p["impressions"] for p in paid))


def test_daily_tweets_published_counts_the_tweet_activity_rows_of_each_day(samples: list[SampleFile]) -> None:
    tweets = {(s.account, s.path.name.split("_")[-3]): s.rows for s in of_type(samples, "x_tweet_activity")}
    for sample in of_type(samples, "x_daily_activity"):
        month = tweets[sample.account, sample.path.name.split("_")[-3]]
        assert sum(r.tweets_published for r in sample.rows) == len(month)
    promoted_days = [r for s in of_type(samples, "x_daily_activity") for r in s.rows if r.promoted]
    assert 1 <= len(promoted_days) <= 6


def test_generated_content_covers_the_tweet_activity_posts(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    files = of_type(samples, "x_content")
    assert {f.account for f in files} == {"northwindgear", "northwind_help"}
    for sample in files:
        posts: tuple[ContentPost, ...] = sample.rows
        tweets = [t for s in of_type(samples, "x_tweet_activity") if s.account == sample.account for t in s.rows]
        assert sorted(p.post_id for p in posts) == sorted(t.tweet_id for t in tweets)
        table = parse(landing.joinpath(*sample.path.parts))
        assert table.num_rows == len(posts)
        assert table["post_id"].to_pylist() == [p.post_id for p in posts]
        assert table["post_date"].to_pylist() == [p.day for p in posts]
        assert table["post_text"].to_pylist() == [p.text for p in posts]
        assert set(table["account_id"].to_pylist()) == {sample.account}
        pairs = (
            ("impressions", "Impressions"),
            ("likes", "Likes"),
            ("engagements", "Engagements"),
            ("bookmarks", "Bookmarks"),
            ("reposts", "Reposts"),
            ("permalink_clicks", "Permalink Clicks"),
        )
        for column, header in pairs:
            assert sum(table[column].to_pylist()) == sum(p.counts[header] for p in posts), column
        by_id = {t.tweet_id: t for t in tweets}
        for post_id, posted in zip(table["post_id"].to_pylist(), table["post_time"].to_pylist(), strict=True):
            assert timedelta(0) <= posted - by_id[post_id].time < timedelta(minutes=1)  # snowflake ms vs minute
    texts = [p.text for s in files for p in s.rows]
    assert any("&amp;" in t for t in texts) and not any(" & " in t for t in texts)  # X writes entities


def test_generated_overview_parses_with_nulls_where_cells_are_empty(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = of_type(samples, "x_account_overview")
    assert sample.path.as_posix() == "northwindgear/account_overview_analytics.csv"
    days: tuple[OverviewDay, ...] = sample.rows
    assert [d.day for d in days] == sorted((d.day for d in days), reverse=True)  # newest first
    assert (days[-1].day, days[0].day) == (date(2026, 10, 1), date(2026, 11, 30))
    table = parse(landing.joinpath(*sample.path.parts), account_hint=sample.account)
    assert table["date"].to_pylist() == [d.day for d in days]
    assert set(table["account_id"].to_pylist()) == {"northwindgear"}
    empty = 0
    for header in X_OVERVIEW_COUNTS:
        column = table[header.lower().replace(" ", "_")].to_pylist()
        assert column == [d.counts[header] for d in days], header
        empty += column.count(None)
    assert empty > 0


def test_generated_video_overview_parses_below_its_title_line(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = of_type(samples, "x_video_overview")
    days: tuple[VideoDay, ...] = sample.rows
    path = landing.joinpath(*sample.path.parts)
    assert path.read_text(encoding="utf-8").startswith("Video overview,,,,,\nDate,Views,Watch Time (ms),")
    table = parse(path, account_hint=sample.account)
    assert table.num_rows == len(days)
    assert table["_row_number"].to_pylist() == list(range(3, len(days) + 3))
    assert sum(table["views"].to_pylist()) == sum(d.views for d in days)
    assert sum(table["watch_time_ms"].to_pylist()) == sum(d.watch_time_ms for d in days)
    assert sum(table["estimated_revenue"].to_pylist()) == sum(d.estimated_revenue for d in days)
    assert set(table["currency"].to_pylist()) == {"USD"}


def test_generated_totals_match_fixed_literals_for_seed_7(landing: Path, parse: Parse) -> None:
    daily = parse(landing / "northwindgear" / DAILY_NAME)
    assert (daily.num_rows, sum(daily["tweets_published"].to_pylist())) == (31, 51)
    content = parse(landing / "northwindgear" / CONTENT_NAME)
    assert content.num_rows == 88
    assert content["post_id"][0].as_py() == "2127362004133607018"
    assert content["impressions"][0].as_py() == 4614


# ---- daily activity quirks (1b) ----------------------------------------------------------------------------

# The real row of platform-formats.md 1b (debruine/30DCC-2022), with its 18 promoted dashes.
REAL_DAILY = (
    '"Date","Tweets published","impressions","engagements","engagement rate","retweets","replies","likes",'
    '"user profile clicks","url clicks","hashtag clicks","detail expands","permalink clicks","app opens",'
    '"app installs","follows","email tweet","dial phone","media views","media engagements",'
    + ",".join(f'"promoted {c}"' for c in (*X_COUNTS[:2], "engagement rate", *X_COUNTS[2:]))
    + '\n"2021-08-01","0","1088","13","0.011948529411764705","0","0","2","1","2","0","7","0","0","0","0","0","0",'
    + '"2","1",'
    + ",".join(['"-"'] * 18)
    + "\n"
)


def test_real_daily_row_parses_with_integer_counts_fraction_rate_and_null_promoted(
    tmp_path: Path, parse: Parse
) -> None:
    path = tmp_path / "daily_tweet_activity_metrics_LisaDeBruine_20210801_20210901_en.csv"
    path.write_text(REAL_DAILY, encoding="utf-8")
    assert detect(path).name == "x_daily_activity"
    (row,) = parse(path).to_pylist()
    assert (row["account_id"], row["date"], row["tweets_published"]) == ("LisaDeBruine", date(2021, 8, 1), 0)
    assert (row["impressions"], row["engagements"], row["engagement_rate"]) == (1088, 13, 0.011948529411764705)
    assert (row["likes"], row["user_profile_clicks"], row["detail_expands"], row["media_views"]) == (2, 1, 7, 2)
    assert all(row[c] is None for c in row if c.startswith("promoted_"))


def test_daily_writer_writes_integer_strings_and_dashes(tmp_path: Path) -> None:
    path = write_x_daily_activity(tmp_path / DAILY_NAME, [day_row()])
    line = path.read_bytes().split(b"\n")[1]
    assert line.startswith(b'"2026-10-01","1","1088","13","0.011948529411764705","0","0","2",')
    assert line.endswith(b',"-"' * 18)
    assert line.count(b'"-"') == 18


def test_daily_promoted_day_loads_paid_counts_and_a_real_zero_stays_zero(tmp_path: Path, parse: Parse) -> None:
    paid = {**dict.fromkeys(X_COUNTS, 0), "impressions": 5000, "engagements": 100, "likes": 80}
    path = write_x_daily_activity(tmp_path / DAILY_NAME, [day_row(), day_row(date(2026, 10, 2), promoted=paid)])
    organic, promoted = parse(path).to_pylist()
    assert organic["promoted_impressions"] is None and organic["promoted_engagement_rate"] is None
    assert (promoted["promoted_impressions"], promoted["promoted_likes"]) == (5000, 80)
    assert promoted["promoted_engagement_rate"] == 100 / 5000
    assert promoted["promoted_app_opens"] == 0


def test_daily_account_is_the_file_name_handle_before_the_landing_folder(tmp_path: Path, parse: Parse) -> None:
    path = write_x_daily_activity(tmp_path / x_daily_file_name("north_wind_help", *OCTOBER), [day_row()])
    assert parse(path, account_hint="folder")["account_id"].to_pylist() == ["north_wind_help"]


def test_daily_account_falls_back_to_the_landing_folder(tmp_path: Path, parse: Parse) -> None:
    path = write_x_daily_activity(tmp_path / "daily export.csv", [day_row()])
    assert parse(path, account_hint="northwindgear")["account_id"].to_pylist() == ["northwindgear"]


def test_daily_without_any_account_is_missing_account(tmp_path: Path, parse: Parse) -> None:
    path = write_x_daily_activity(tmp_path / "daily export.csv", [day_row()])
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert caught.value.rule == "missing_account"
    assert "daily export.csv" in caught.value.message and "landing/<account>" in caught.value.message


def test_daily_as_of_is_utc_midnight_of_the_exclusive_end_date(tmp_path: Path) -> None:
    path = write_x_daily_activity(tmp_path / DAILY_NAME, [day_row()], exported_at=datetime(2026, 11, 3, tzinfo=UTC))
    stamp = as_of(DAILY, path)
    assert (stamp.value, stamp.source) == (datetime(2026, 11, 1, tzinfo=UTC), "file_name")
    override = datetime(2026, 11, 15, 12, tzinfo=UTC)
    assert as_of(DAILY, path, as_of_override=override).value == override


def test_daily_as_of_without_a_dated_name_is_the_file_mtime(tmp_path: Path) -> None:
    exported = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    path = write_x_daily_activity(tmp_path / "copy.csv", [day_row()], exported_at=exported)
    assert (as_of(DAILY, path).value, as_of(DAILY, path).source) == (exported, "file_mtime")


def test_per_tweet_file_name_does_not_read_as_a_daily_file_name(tmp_path: Path) -> None:
    path = write_x_daily_activity(tmp_path / "tweet_activity_metrics_someone_20261001_20261101_en.csv", [day_row()])
    assert as_of(DAILY, path).source == "file_mtime"


# ---- content quirks (1c.1) ---------------------------------------------------------------------------------

CONTENT_HEADER = (
    "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
    "Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks\n"
)
# The sample row of platform-formats.md 1c.1, as published.
REAL_CONTENT_ROW = (
    '2074000000000000001,"Tue, Jul 14, 2026",国民民主党 地方議員集計 2026/07/14,'
    "https://x.com/kanta13jp1/status/2074000000000000001,122978,12,300,0,0,0,0,0,129,200,66,0,0\n"
)


def test_content_quoted_weekday_date_with_commas_parses(tmp_path: Path, parse: Parse) -> None:
    path = tmp_path / "account_analytics_content_2026-07-01_2026-07-14.csv"
    path.write_text(CONTENT_HEADER + REAL_CONTENT_ROW, encoding="utf-8")
    assert detect(path).name == "x_content"
    (row,) = parse(path).to_pylist()
    assert (row["post_id"], row["post_date"], row["account_id"]) == (
        "2074000000000000001",
        date(2026, 7, 14),
        "kanta13jp1",
    )
    assert row["post_text"] == "国民民主党 地方議員集計 2026/07/14"
    assert (row["impressions"], row["likes"], row["engagements"], row["profile_visits"]) == (122978, 12, 300, 129)
    assert (row["detail_expands"], row["url_clicks"], row["permalink_clicks"]) == (200, 66, 0)


def test_content_counts_with_thousands_separators_load_as_numbers(tmp_path: Path, parse: Parse) -> None:
    path = write_x_content(tmp_path / CONTENT_NAME, [post(Impressions=1234567, Likes=1234)], thousands=True)
    assert ',"1,234,567","1,234",' in path.read_text(encoding="utf-8")
    (row,) = parse(path).to_pylist()
    assert (row["impressions"], row["likes"]) == (1234567, 1234)


def test_content_weekday_that_disagrees_with_the_date_is_bad_date(tmp_path: Path) -> None:
    path = tmp_path / CONTENT_NAME
    path.write_text(CONTENT_HEADER + REAL_CONTENT_ROW.replace("Tue, Jul 14", "Wed, Jul 14"), encoding="utf-8")
    error = raises(CONTENT, path, "bad_date")
    assert (error.row, error.column) == (2, "Date")
    assert "Jul 14, 2026 is a Tuesday" in error.message


def test_content_formula_looking_text_and_entities_are_stored_verbatim(tmp_path: Path, parse: Parse) -> None:
    texts = ('=HYPERLINK("https://evil.example","click")', "+1 for the Ridgeline", "@northwind_help help!",
             "-abc", "Zips, seams &amp; buckles &lt;3")  # fmt: skip
    ids = [f"21163356348166991{n:02d}" for n in range(len(texts))]
    path = write_x_content(tmp_path / CONTENT_NAME, [post(i, text=t) for i, t in zip(ids, texts, strict=True)])
    assert parse(path)["post_text"].to_pylist() == list(texts)


def test_content_account_comes_from_the_post_link_before_the_folder(tmp_path: Path, parse: Parse) -> None:
    path = write_x_content(tmp_path / CONTENT_NAME, [replace(post(), handle="Other_Handle")])
    assert parse(path, account_hint="folder")["account_id"].to_pylist() == ["Other_Handle"]


def test_content_without_a_link_falls_back_to_the_folder_or_is_missing_account(tmp_path: Path, parse: Parse) -> None:
    path = tmp_path / CONTENT_NAME
    path.write_text(
        CONTENT_HEADER + REAL_CONTENT_ROW.replace("https://x.com/kanta13jp1/status/2074000000000000001", "")
    )
    assert parse(path, account_hint="northwindgear")["account_id"].to_pylist() == ["northwindgear"]
    error = raises(CONTENT, path, "missing_account")
    assert (error.row, error.column) == (2, "Post Link")


def test_content_post_time_is_decoded_from_the_snowflake_id(tmp_path: Path, parse: Parse) -> None:
    path = write_x_content(tmp_path / CONTENT_NAME, [post("1476946213748543488"), post("12345")])
    times = parse(path)["post_time"].to_pylist()
    # The real tweet 1476946213748543488 was posted 2021-12-31 15:59 +0000 (platform-formats.md 1a).
    assert times[0].replace(second=0, microsecond=0) == datetime(2021, 12, 31, 15, 59, tzinfo=UTC)
    assert times[1] is None  # not a snowflake


@pytest.mark.parametrize(
    "name",
    ["account_analytics_content_2026-09-03_2026-12-02.csv", "account_analytics_content_2026-09-03_2026-12-02-2.csv",
     "account_analytics_content_2026-09-03_2026-12-02 (1).csv"],
)  # fmt: skip
def test_content_as_of_is_the_start_of_the_inclusive_to_date(tmp_path: Path, name: str) -> None:
    path = write_x_content(tmp_path / name, [post()], exported_at=datetime(2026, 12, 2, 8, 15, tzinfo=UTC))
    stamp = as_of(CONTENT, path)
    assert (stamp.value, stamp.source) == (datetime(2026, 12, 2, tzinfo=UTC), "file_name")


def test_content_as_of_override_and_mtime_fallback(tmp_path: Path) -> None:
    exported = datetime(2026, 12, 2, 8, 15, tzinfo=UTC)
    path = write_x_content(tmp_path / "posts.csv", [post()], exported_at=exported)
    assert (as_of(CONTENT, path).value, as_of(CONTENT, path).source) == (exported, "file_mtime")
    override = datetime(2026, 12, 5, tzinfo=UTC)
    assert as_of(CONTENT, path, as_of_override=override).source == "override"


# ---- account and video overview quirks (1c.2, 1c.3) ---------------------------------------------------------

OVERVIEW_HEADER = (
    "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,Profile visits,"
    "Create Post,Video views,Media views\n"
)


def test_overview_real_rows_empty_cells_are_null_not_zero(tmp_path: Path, parse: Parse) -> None:
    path = tmp_path / OVERVIEW_NAME
    path.write_text(
        OVERVIEW_HEADER
        + '"Tue, Aug 25, 2026",,10,20,0,1,0,2,1,1,2,2,,0\n"Tue, Mar 10, 2026",2871,24,43,0,1,0,2,1,1,2,2,0,0\n',
        encoding="utf-8",
    )
    assert detect(path).name == "x_account_overview"
    newer, older = parse(path, account_hint="northwindgear").to_pylist()
    assert (newer["date"], newer["impressions"], newer["likes"], newer["video_views"]) == (
        date(2026, 8, 25),
        None,
        10,
        None,
    )
    assert (newer["unfollows"], newer["media_views"], newer["_row_number"]) == (2, 0, 2)
    assert (older["date"], older["impressions"], older["engagements"], older["create_post"]) == (
        date(2026, 3, 10),
        2871,
        43,
        2,
    )


def test_overview_without_a_landing_folder_is_missing_account(tmp_path: Path, parse: Parse) -> None:
    path = write_x_account_overview(tmp_path / OVERVIEW_NAME, [overview_day(date(2026, 11, 30))])
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert caught.value.rule == "missing_account"
    assert "does not name its account" in caught.value.message and OVERVIEW_NAME in caught.value.message


def test_overview_at_the_landing_root_is_quarantined_as_missing_account(home, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_x_account_overview(home.landing / OVERVIEW_NAME, [overview_day(date(2026, 11, 30))])
    (result,) = ingest_paths([path], home)
    assert (result.status, result.reason_rule) == ("rejected", "missing_account")


def test_overview_as_of_is_the_file_time(tmp_path: Path) -> None:
    exported = datetime(2026, 12, 2, 8, 15, tzinfo=UTC)
    path = write_x_account_overview(tmp_path / OVERVIEW_NAME, [overview_day(date(2026, 11, 30))], exported_at=exported)
    assert (as_of(OVERVIEW, path).value, as_of(OVERVIEW, path).source) == (exported, "file_mtime")


def test_video_without_its_title_line_still_reads(tmp_path: Path, parse: Parse) -> None:
    path = write_x_video_overview(tmp_path / VIDEO_NAME, [video_day(date(2026, 11, 30)), video_day(date(2026, 11, 29))])
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "Video overview,,,,,"
    resaved = tmp_path / "copy" / VIDEO_NAME
    resaved.parent.mkdir()
    resaved.write_text("\n".join(lines[1:]), encoding="utf-8")
    assert detect(resaved).name == "x_video_overview"
    titled, plain = parse(path, account_hint="a"), parse(resaved, account_hint="a")
    assert titled["_row_number"].to_pylist() == [3, 4] and plain["_row_number"].to_pylist() == [2, 3]
    assert titled.drop(["_row_number"]).to_pylist() == plain.drop(["_row_number"]).to_pylist()
    assert titled["estimated_revenue"].to_pylist() == [Decimal("0.42")] * 2


def test_video_title_line_without_a_header_is_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / VIDEO_NAME
    path.write_text("Video overview,,,,,\n", encoding="utf-8")
    raises(VIDEO, path, "empty_file", account_hint="a")


def test_content_and_overview_headers_do_not_cross_match(tmp_path: Path) -> None:
    content = write_x_content(tmp_path / CONTENT_NAME, [post()])
    overview = write_x_account_overview(tmp_path / OVERVIEW_NAME, [overview_day(date(2026, 11, 30))])
    assert [e.name for e in EXPORT_TYPES if e.matches(Sniff.of(content))] == ["x_content"]
    assert [e.name for e in EXPORT_TYPES if e.matches(Sniff.of(overview))] == ["x_account_overview"]


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def raises(export, path: Path, rule: str, **context) -> ExportError:  # noqa: ANN001 - any export type
    with pytest.raises(ExportError) as caught:
        list(export.parse(FileContext(path, Sniff.of(path), **context)))
    assert caught.value.rule == rule, caught.value.message
    assert path.name in caught.value.message
    return caught.value


QUOTED = CsvStyle(quoting=csv.QUOTE_ALL)
MINIMAL = CsvStyle()
TITLED = CsvStyle(preamble_lines=1)
UNKNOWN = Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types"))


def utf16(good: Path) -> Path:
    """The daily and overview files hold only ASCII, so a Latin-1 re-save leaves their bytes unchanged (and
    they load, correctly). The encoding damage such a file does meet is Excel's "Unicode Text" save: UTF-16."""
    return badinput.reencoded(good, target="utf-16")


DAILY_BAD = {
    # Cut halfway, the last row ends just after a closing quote: a short row rather than an open quote.
    "truncated": Bad(badinput.truncated, "truncated_row", row=4, column="follows", message=("cut off",)),
    "wrong_encoding": Bad(utf16, "bad_encoding", row=1, message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(QUOTED, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(QUOTED, "missing_column", badinput.drop_column("impressions")),
        "missing_column",
        column="impressions",
        message=("X daily tweet activity",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(QUOTED, "non_numeric", badinput.set_cell("likes", 2, "twelve")),
        "not_a_number",
        row=3,
        column="likes",
    ),
    # The daily file has no id column; the spreadsheet damage it meets is a re-typed date (10/02/2026).
    "mangled_id": Bad(
        badinput.rewrite(QUOTED, "mangled_id", badinput.set_cell("Date", 2, "10/02/2026")),
        "bad_date",
        row=3,
        column="Date",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(QUOTED, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=5,
        message=("rows 2, 5",),
    ),
    "unknown_file": UNKNOWN,
}

CONTENT_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=4, message=("cut off",)),
    "wrong_encoding": Bad(badinput.reencoded, "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(MINIMAL, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(MINIMAL, "missing_column", badinput.drop_column("Impressions")),
        "missing_column",
        column="Impressions",
        message=("X post analytics",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(MINIMAL, "non_numeric", badinput.set_cell("Likes", 2, "twelve")),
        "not_a_number",
        row=3,
        column="Likes",
    ),
    "mangled_id": Bad(
        badinput.rewrite(MINIMAL, "mangled_id", badinput.set_cell("Post id", 1, "2.11634E+18")),
        "mangled_id",
        row=2,
        column="Post id",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(MINIMAL, "duplicate_rows", badinput.duplicate_row(2)),
        "duplicate_key",
        row=5,
        message=("rows 3, 5",),
    ),
    "unknown_file": UNKNOWN,
}

OVERVIEW_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=4, message=("cut off",)),
    "wrong_encoding": Bad(utf16, "bad_encoding", row=1, message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(MINIMAL, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(MINIMAL, "missing_column", badinput.drop_column("Impressions")),
        "missing_column",
        column="Impressions",
        message=("X account overview",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(MINIMAL, "non_numeric", badinput.set_cell("Likes", 2, "twelve")),
        "not_a_number",
        row=3,
        column="Likes",
    ),
    # No id column either; a spreadsheet re-types the date (`2026-11-29`), which is not X's style.
    "mangled_id": Bad(
        badinput.rewrite(MINIMAL, "mangled_id", badinput.set_cell("Date", 2, "2026-11-29")),
        "bad_date",
        row=3,
        column="Date",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(MINIMAL, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=5,
        message=("rows 2, 5",),
    ),
    "unknown_file": UNKNOWN,
}

VIDEO_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=5, message=("cut off",)),
    "wrong_encoding": Bad(utf16, "bad_encoding", row=1, message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(TITLED, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(TITLED, "missing_column", badinput.drop_column("Views")),
        "missing_column",
        column="Views",
        message=("X video overview",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(TITLED, "non_numeric", badinput.set_cell("Views", 2, "many")),
        "not_a_number",
        row=4,
        column="Views",
    ),
    # No id column; as for the account overview, the spreadsheet damage is a re-typed date.
    "mangled_id": Bad(
        badinput.rewrite(TITLED, "mangled_id", badinput.set_cell("Date", 2, "11/29/2026")),
        "bad_date",
        row=4,
        column="Date",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(TITLED, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=6,
        message=("rows 3, 6",),
    ),
    "unknown_file": UNKNOWN,
}


def good_daily(folder: Path) -> Path:
    days = [day_row(date(2026, 10, d), likes=d) for d in (1, 2, 3)]
    return write_x_daily_activity(folder / DAILY_NAME, days)


def good_content(folder: Path) -> Path:
    ids = ("2116335634816699141", "2116335634816699142", "2116335634816699143")
    return write_x_content(folder / CONTENT_NAME, [post(i, text="Café stop on the Ridgeline, trail ☕") for i in ids])


def good_overview(folder: Path) -> Path:
    days = [overview_day(date(2026, 11, d)) for d in (30, 29, 28)]
    return write_x_account_overview(folder / OVERVIEW_NAME, days)


def good_video(folder: Path) -> Path:
    return write_x_video_overview(folder / VIDEO_NAME, [video_day(date(2026, 11, d)) for d in (30, 29, 28)])


BAD_SETS = {
    "x_daily_activity": (DAILY_BAD, good_daily),
    "x_content": (CONTENT_BAD, good_content),
    "x_account_overview": (OVERVIEW_BAD, good_overview),
    "x_video_overview": (VIDEO_BAD, good_video),
}


def test_every_bad_input_set_covers_every_kind() -> None:
    for bad, _ in BAD_SETS.values():
        assert tuple(bad) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
@pytest.mark.parametrize("name", TYPES)
def test_bad_input_is_quarantined_with_a_precise_reason(name: str, kind: str, home, tmp_path: Path) -> None:  # noqa: ANN001
    bad, make_good = BAD_SETS[name]
    good = make_good(tmp_path)
    assert detect(good).name == name
    badinput.assert_quarantined(home, good, bad[kind])


@pytest.mark.parametrize("name", TYPES)
def test_good_files_of_the_bad_input_set_load(name: str, home, tmp_path: Path) -> None:  # noqa: ANN001
    _, make_good = BAD_SETS[name]
    (result,) = ingest_paths([make_good(tmp_path)], home, account="northwind-test")
    assert (result.status, result.rows_parsed) == ("loaded", 3), result.reason
