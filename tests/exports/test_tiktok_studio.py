"""TikTok Studio exports (Overview.csv, FollowerHistory.csv, content): detection, exact parsing, the year rule
for dates written without a year, the content export's number styles, and bad input."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import EXPORT_TYPES, detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.tiktok_studio import (
    TikTokFollowerHistory,
    TikTokStudioContent,
    TikTokStudioOverview,
    abbreviated_count,
    watch_seconds,
)
from ingest.samples import SampleFile
from ingest.samples.tiktok import (
    CONTENT_VERSIONS,
    FollowerDay,
    OverviewDay,
    TikTokVideo,
    write_tiktok_content,
    write_tiktok_follower_history,
    write_tiktok_overview,
)

Parse = Callable[..., pa.Table]
OVERVIEW = TikTokStudioOverview()
FOLLOWERS = TikTokFollowerHistory()
CONTENT = TikTokStudioContent()
ACCOUNT = "northwindgear-tiktok"


def parse_at(path: Path, as_of: datetime | None = None, *, account: str | None = ACCOUNT, export=None) -> pa.Table:
    export = export or detect(path)
    ctx = FileContext(path, Sniff.of(path), account_hint=account, as_of_override=as_of)
    return pa.Table.from_batches(list(export.parse(ctx)), schema=export.arrow_schema())


def raises(path: Path, rule: str, as_of: datetime | None = None, *, account: str | None = ACCOUNT) -> ExportError:
    with pytest.raises(ExportError) as caught:
        parse_at(path, as_of, account=account)
    assert caught.value.rule == rule, caught.value.message
    assert path.name in caught.value.message
    return caught.value


def write_lines(path: Path, *lines: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def day(d: date, views: int = 100, comments: int | None = 2, shares: int | None = 3) -> OverviewDay:
    return OverviewDay(d, views, 5, 7, comments, shares)


def by_type(samples: list[SampleFile], name: str) -> list[SampleFile]:
    """The brand's own samples of a type (creators' exports of the same types are pinned in test_samples)."""
    return [s for s in samples if s.export_type == name and s.path.parts[0].startswith("northwindgear")]


def matching(path: Path) -> list[str]:
    sniff = Sniff.of(path)
    return [e.name for e in EXPORT_TYPES if e.matches(sniff)]


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_overview_files_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    files = by_type(samples, "tiktok_studio_overview")
    assert len(files) == 2
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        assert matching(path) == ["tiktok_studio_overview"]
        table = parse(path, account_hint=sample.account)
        rows: tuple[OverviewDay, ...] = sample.rows
        assert table.num_rows == len(rows)
        assert table["date"].to_pylist() == [r.day for r in rows]
        assert set(table["account_id"].to_pylist()) == {ACCOUNT}
        for column in ("video_views", "profile_views", "likes", "comments", "shares"):
            expected = [getattr(r, column) for r in rows]
            assert table[column].to_pylist() == expected, column
        assert -1 in table["comments"].to_pylist()
        assert table["shares"].null_count == 1
        assert table["_row_number"].to_pylist() == list(range(2, len(rows) + 2))


def test_generated_follower_files_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    files = by_type(samples, "tiktok_follower_history")
    assert len(files) == 2
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        assert matching(path) == ["tiktok_follower_history"]
        table = parse(path, account_hint=sample.account)
        rows: tuple[FollowerDay, ...] = sample.rows
        assert table["date"].to_pylist() == [r.day for r in rows]
        assert table["followers"].to_pylist() == [r.followers for r in rows]
        assert table["followers"].null_count == 1  # the `undefined` day
        differences = table["difference_in_followers_from_previous_day"].to_pylist()
        assert sum(differences) == sum(r.difference for r in rows)
        assert -6 in differences


def test_demo_overview_spans_the_new_year_in_one_file(landing: Path, samples: list[SampleFile], parse: Parse) -> None:
    sample = next(s for s in by_type(samples, "tiktok_studio_overview") if s.rows[0].day.year == 2025)
    raw = landing.joinpath(*sample.path.parts).read_text(encoding="utf-8")
    assert '"December 31",' in raw and '"January 1",' in raw and "2025" not in raw and "2026" not in raw
    dates = parse(landing.joinpath(*sample.path.parts), account_hint=ACCOUNT)["date"].to_pylist()
    assert (dates[0], dates[-1]) == (date(2025, 12, 5), date(2026, 1, 31))
    assert date(2025, 12, 31) in dates and date(2026, 1, 1) in dates


def test_generated_content_file_detects_and_parses_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = by_type(samples, "tiktok_studio_content")
    path = landing.joinpath(*sample.path.parts)
    assert matching(path) == ["tiktok_studio_content"]
    table = parse(path, account_hint=sample.account)
    videos: tuple[TikTokVideo, ...] = sample.rows
    assert table.num_rows == len(videos)
    assert table["video_id"].to_pylist() == [v.video_id for v in videos]
    assert table["video_title"].to_pylist() == [v.title for v in videos]
    assert table["post_time"].to_pylist() == [v.post_time for v in videos]
    assert set(table["account_id"].to_pylist()) == {ACCOUNT}
    assert set(table["account_handle"].to_pylist()) == {"northwindgear"}
    for column, attribute in (("total_views", "views"), ("total_likes", "likes"), ("total_comments", "comments"),
                              ("total_shares", "shares"), ("reach", "reach")):  # fmt: skip
        assert sum(table[column].to_pylist()) == sum(getattr(v, attribute) for v in videos), column
    assert [Decimal(str(s)) for s in table["average_watch_time_seconds"].to_pylist()] == [
        v.average_watch_seconds for v in videos
    ]
    raw = path.read_text(encoding="utf-8")
    assert "K," in raw and ',"' in raw  # abbreviated and grouped counts are really in the file


# ---- the year rule -------------------------------------------------------------------------------------


def test_december_to_january_wrap_steps_the_year_back(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "Overview.csv", '"Date","Video Views","Profile Views","Likes","Comments","Shares"',
                       '"December 30","10","1","1","0","0"', '"December 31","11","1","1","0","0"',
                       '"January 1","12","1","1","0","0"', '"January 2","13","1","1","0","0"')  # fmt: skip
    table = parse_at(path, datetime(2026, 1, 3, 9, tzinfo=UTC))
    assert table["date"].to_pylist() == [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2)]


def test_last_row_is_the_day_before_the_file_mtime(tmp_path: Path) -> None:
    days = [day(date(2024, 11, 28)), day(date(2024, 11, 29)), day(date(2024, 11, 30))]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days, exported_at=datetime(2024, 12, 1, 8, tzinfo=UTC))
    assert parse_at(path)["date"].to_pylist() == [d.day for d in days]


def test_as_of_override_decides_the_year_instead_of_the_mtime(tmp_path: Path) -> None:
    days = [day(date(2026, 11, 29)), day(date(2026, 11, 30))]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days, exported_at=datetime(2026, 12, 1, tzinfo=UTC))
    table = parse_at(path, datetime(2023, 12, 1, tzinfo=UTC))
    assert table["date"].to_pylist() == [date(2023, 11, 29), date(2023, 11, 30)]


@pytest.mark.parametrize(
    "exported", [datetime(2027, 1, 1, 0, 30, tzinfo=UTC), datetime(2026, 12, 31, 23, tzinfo=UTC),
                 datetime(2027, 1, 3, 12, tzinfo=UTC)],
)  # fmt: skip
def test_a_day_of_lag_or_time_zone_either_way_never_moves_the_last_row_a_year(tmp_path: Path, exported) -> None:
    path = write_tiktok_overview(tmp_path / "Overview.csv", [day(date(2026, 12, 30)), day(date(2026, 12, 31))])
    assert parse_at(path, exported)["date"].to_pylist() == [date(2026, 12, 30), date(2026, 12, 31)]


def test_a_february_export_copied_in_december_is_refused_not_shifted_to_next_year(tmp_path: Path) -> None:
    """A copy resets the modification time: the nearest year to December for `February 28` is next year,
    after the export's own day. Refused with the row and the guessed date, never loaded as the future."""
    days = [day(date(2026, 2, 26)), day(date(2026, 2, 27)), day(date(2026, 2, 28))]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days, exported_at=datetime(2026, 12, 5, tzinfo=UTC))
    error = raises(path, "bad_date")
    assert (error.row, error.column) == (4, "Date")
    assert "would be 2027-02-28: after the export's own day 2026-12-05 (the file's modification time)" in error.message
    assert "--as-of" in error.message
    # told the export day, the same file loads with the right year
    assert parse_at(path, datetime(2026, 3, 1, tzinfo=UTC))["date"].to_pylist() == [d.day for d in days]


def test_february_29_takes_the_leap_year_of_its_neighbours(tmp_path: Path) -> None:
    days = [day(date(2028, 2, 28)), day(date(2028, 2, 29)), day(date(2028, 3, 1))]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days)
    assert parse_at(path, datetime(2028, 3, 2, tzinfo=UTC))["date"].to_pylist() == [d.day for d in days]


def test_a_full_year_with_one_wrap_is_dated_exactly(tmp_path: Path) -> None:
    days = [day(date.fromordinal(date(2026, 1, 5).toordinal() + n)) for n in range(365)]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days)
    dates = parse_at(path, datetime(2027, 1, 5, tzinfo=UTC))["date"].to_pylist()
    assert (dates[0], dates[-1], len(set(dates))) == (date(2026, 1, 5), date(2027, 1, 4), 365)


def test_rows_out_of_order_are_rejected_rather_than_misdated(tmp_path: Path) -> None:
    days = [day(date(2026, 11, 3)), day(date(2026, 11, 1)), day(date(2026, 11, 2))]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days)
    error = raises(path, "date_order", datetime(2026, 11, 4, tzinfo=UTC))
    assert (error.row, error.column) == (2, "Date")
    assert "ascending" in error.message


def test_newest_first_rows_are_rejected_rather_than_misdated(tmp_path: Path) -> None:
    days = [day(date(2026, 11, n)) for n in (5, 4, 3, 2, 1)]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days)
    assert raises(path, "date_order", datetime(2026, 11, 6, tzinfo=UTC)).row == 5


def test_a_gap_of_a_few_days_still_loads(tmp_path: Path) -> None:
    days = [day(date(2026, 10, 20)), day(date(2026, 11, 1)), day(date(2026, 11, 2))]
    path = write_tiktok_overview(tmp_path / "Overview.csv", days)
    assert parse_at(path, datetime(2026, 11, 3, tzinfo=UTC))["date"].to_pylist() == [d.day for d in days]


def test_a_day_written_twice_is_a_duplicate_key_naming_both_rows(tmp_path: Path) -> None:
    days = [day(date(2026, 11, 1)), day(date(2026, 11, 2)), day(date(2026, 11, 1))]
    error = raises(write_tiktok_overview(tmp_path / "Overview.csv", days), "duplicate_key")
    assert (error.row, error.column) == (4, "Date")
    assert "rows 2, 4" in error.message and "'November 1'" in error.message


def test_a_date_that_is_no_day_is_bad_date(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "Overview.csv", '"Date","Video Views","Profile Views","Likes","Comments","Shares"',
                       '"February 30","10","1","1","0","0"')  # fmt: skip
    error = raises(path, "bad_date")
    assert (error.row, error.column, error.value) == (2, "Date", "February 30")


def test_daily_series_without_a_landing_folder_is_missing_account(tmp_path: Path) -> None:
    path = write_tiktok_overview(tmp_path / "Overview.csv", [day(date(2026, 11, 1))])
    raises(path, "missing_account", account=None)


# ---- Overview and FollowerHistory cells ----------------------------------------------------------------


def test_unquoted_overview_reads_the_same_as_the_quoted_one(tmp_path: Path) -> None:
    days = [day(date(2026, 11, 1), comments=-1), day(date(2026, 11, 2), shares=None)]
    quoted = write_tiktok_overview(tmp_path / "quoted" / "Overview.csv", days)
    assert quoted.read_text(encoding="utf-8").splitlines()[1] == '"November 1","100","5","7","-1","3"'
    rows = list(csv.reader(quoted.read_text(encoding="utf-8").splitlines()))
    plain = tmp_path / "plain" / "Overview.csv"
    plain.parent.mkdir()
    with open(plain, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    assert plain.read_text(encoding="utf-8").startswith("Date,Video Views,")
    as_of = datetime(2026, 11, 3, tzinfo=UTC)
    assert parse_at(plain, as_of).to_pylist() == parse_at(quoted, as_of).to_pylist()


def test_negative_comments_load_and_blank_cells_are_null(tmp_path: Path) -> None:
    path = write_tiktok_overview(tmp_path / "Overview.csv", [day(date(2026, 11, 1), comments=-1, shares=None)])
    assert '"-1",""' in path.read_text(encoding="utf-8")
    row = parse_at(path, datetime(2026, 11, 2, tzinfo=UTC)).to_pylist()[0]
    assert (row["comments"], row["shares"], row["video_views"]) == (-1, None, 100)


def test_overview_daily_variant_loads_followers_and_net_followers(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "Overview.csv", "Date,Video views,Profile views,Likes,Comments,Shares,Followers,"
                       "Net followers", "November 1,120,4,9,1,0,10405,-3")  # fmt: skip
    assert matching(path) == ["tiktok_studio_overview"]
    row = parse_at(path, datetime(2026, 11, 2, tzinfo=UTC)).to_pylist()[0]
    assert (row["date"], row["video_views"], row["followers"], row["net_followers"]) == (date(2026, 11, 1), 120,
                                                                                         10405, -3)  # fmt: skip
    assert row["_extra"] is None


def test_follower_history_undefined_is_null_and_negative_difference_loads(tmp_path: Path) -> None:
    rows = [FollowerDay(date(2026, 8, 30), None, 12), FollowerDay(date(2026, 8, 31), 10405, -6)]
    path = write_tiktok_follower_history(tmp_path / "FollowerHistory.csv", rows)
    assert '"August 30","undefined","12"' in path.read_text(encoding="utf-8")
    table = parse_at(path, datetime(2026, 9, 1, tzinfo=UTC))
    assert table["followers"].to_pylist() == [None, 10405]
    assert table["difference_in_followers_from_previous_day"].to_pylist() == [12, -6]
    assert table["date"].to_pylist() == [date(2026, 8, 30), date(2026, 8, 31)]


# ---- content export ------------------------------------------------------------------------------------


def video(video_id: str = "7412345678901234567", **changes) -> TikTokVideo:
    values = dict(video_id=video_id, handle="northwindgear", title="Yacht day, white party",
                  post_time=datetime(2026, 8, 2, 19, 5), views=18_400, likes=1_200, comments=48, shares=31,
                  average_watch_seconds=Decimal("11.5"), reach=3_400_000)  # fmt: skip
    return TikTokVideo(**{**values, **changes})


@pytest.mark.parametrize("version", sorted(CONTENT_VERSIONS))
def test_every_content_version_binds_its_columns_by_header(tmp_path: Path, version: str) -> None:
    path = write_tiktok_content(tmp_path / ACCOUNT / "Content.csv", [video()], version=version)
    assert path.read_text(encoding="utf-8").split("\n")[0] == ",".join(CONTENT_VERSIONS[version])
    assert matching(path) == ["tiktok_studio_content"]
    row = parse_at(path).to_pylist()[0]
    assert (row["video_id"], row["video_title"], row["post_time"]) == (
        "7412345678901234567", "Yacht day, white party", datetime(2026, 8, 2, 19, 5))  # fmt: skip
    assert (row["total_views"], row["total_likes"], row["total_comments"], row["total_shares"]) == (18400, 1200, 48, 31)
    watch = {"post_time": None, "reach": 11.5, "publish_time": 11.0}[version]  # `0:11` in the clock version
    assert row["average_watch_time_seconds"] == watch
    assert row["reach"] == (3_400_000 if version == "reach" else None)


def test_content_evidence_row_loads_abbreviations_and_grouped_counts(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "Content.csv", "Video title,Video link,Video publish time,Total views,Total likes,"
                       "Total comments,Total shares,Average watch time",
                       '"Yacht day, white party",https://www.tiktok.com/@fabul11/video/7412345678901234567,'
                       '2026-08-02 19:05:00,"18,400",1.2K,48,31,0:12')  # fmt: skip
    row = parse_at(path).to_pylist()[0]
    assert (row["total_views"], row["total_likes"], row["average_watch_time_seconds"]) == (18400, 1200, 12.0)
    assert (row["account_handle"], row["account_id"]) == ("fabul11", ACCOUNT)


ABBREVIATED = [("1.2K", 1200), ("3.4M", 3_400_000), ("18,400", 18400), ("48", 48), ("1.25k", 1250),
               ("2B", 2_000_000_000), ("", None), ("-", None)]  # fmt: skip


@pytest.mark.parametrize(("text", "value"), ABBREVIATED)
def test_abbreviated_counts_convert_to_whole_numbers(text: str, value: int | None) -> None:
    assert abbreviated_count(text) == value


@pytest.mark.parametrize(("text", "value"), [("11.5", 11.5), ("0:12", 12.0), ("1:02:03", 3723.0), ("", None)])
def test_watch_time_is_seconds_or_a_clock(text: str, value: float | None) -> None:
    assert watch_seconds(text) == value


def test_content_account_falls_back_to_the_link_handle_outside_a_folder(tmp_path: Path) -> None:
    path = write_tiktok_content(tmp_path / "Content.csv", [video()])
    row = parse_at(path, account=None).to_pylist()[0]
    assert (row["account_id"], row["account_handle"]) == ("northwindgear", "northwindgear")


def test_formula_looking_captions_are_stored_verbatim(tmp_path: Path) -> None:
    titles = ['=HYPERLINK("https://evil.example","x")', "+1 for merino", "@northwindgear", "-abc ❄️"]
    ids = [f"741234567890123456{n}" for n in range(4)]
    path = write_tiktok_content(tmp_path / "Content.csv", [video(i, title=t) for i, t in zip(ids, titles, strict=True)])
    assert parse_at(path)["video_title"].to_pylist() == titles


def test_content_link_that_is_not_a_tiktok_video_is_bad_link(tmp_path: Path) -> None:
    path = write_tiktok_content(tmp_path / "Content.csv", [video()])
    path.write_text(path.read_text(encoding="utf-8").replace("www.tiktok.com/@", "example.com/@"), encoding="utf-8")
    error = raises(path, "bad_link")
    assert (error.row, error.column) == (2, "Video link")


def test_content_keeps_one_snapshot_per_video_per_day_and_a_local_post_time() -> None:
    assert CONTENT.natural_key == ("video_id", "_snapshot_date")
    assert {c.name: c.type for c in CONTENT.columns}["post_time"] == "TIMESTAMP"


# ---- the bad-input set, through the loader ----------------------------------------------------------------

QUOTED = CsvStyle(quoting=csv.QUOTE_ALL)
CONTENT_STYLE = CsvStyle()


def utf16_resave(good: Path) -> Path:
    """Excel's "Unicode text" re-save (UTF-16 with BOM): what re-encoding does to an ASCII-only file."""
    path = badinput.variant(good, "wrong_encoding")
    path.write_bytes(good.read_text(encoding="utf-8").encode("utf-16"))
    return path


# Overview and FollowerHistory hold only ASCII (dates and numbers), so a Latin-1 re-save changes no byte;
# the re-encoding that does happen to them is a UTF-16 re-save, which fails to read as UTF-8. They hold no id
# either: what a spreadsheet mangles in them is the date, `December 30` re-saved as `30-Dec` (bad_date).
OVERVIEW_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_file", row=4, message=("cut off",)),
    "wrong_encoding": Bad(utf16_resave, "bad_encoding", row=1, message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(QUOTED, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(QUOTED, "missing_column", badinput.drop_column("Likes")), "missing_column", column="Likes"
    ),
    "non_numeric": Bad(
        badinput.rewrite(QUOTED, "non_numeric", badinput.set_cell("Likes", 2, "twelve")),
        "not_a_number",
        row=3,
        column="Likes",
    ),
    "mangled_id": Bad(
        badinput.rewrite(QUOTED, "mangled_id", badinput.set_cell("Date", 1, "30-Dec")),
        "bad_date",
        row=2,
        column="Date",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(QUOTED, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=5,
        message=("rows 2, 5",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}
FOLLOWERS_BAD = {
    **OVERVIEW_BAD,
    # With two signature headers, dropping one leaves a file no type recognises; the required column a
    # detected file can lack is `Date`, which parsing binds by header.
    "missing_column": Bad(
        badinput.rewrite(QUOTED, "missing_column", badinput.drop_column("Date")), "missing_column", column="Date"
    ),
    "non_numeric": Bad(
        badinput.rewrite(QUOTED, "non_numeric", badinput.set_cell("Followers", 2, "ten thousand")),
        "not_a_number",
        row=3,
        column="Followers",
    ),
}
# A video id lives inside the link, which a spreadsheet leaves alone; the id still goes through the id
# check, so a link carrying a spreadsheet-style `7.41235E+18` is refused as mangled_id.
CONTENT_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=4, column="Post time"),
    "wrong_encoding": Bad(badinput.reencoded, "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(CONTENT_STYLE, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(CONTENT_STYLE, "missing_column", badinput.drop_column("Total views")),
        "missing_column",
        column="Total views",
    ),
    "non_numeric": Bad(
        badinput.rewrite(CONTENT_STYLE, "non_numeric", badinput.set_cell("Total likes", 2, "lots")),
        "not_a_number",
        row=3,
        column="Total likes",
    ),
    "mangled_id": Bad(
        badinput.rewrite(
            CONTENT_STYLE,
            "mangled_id",
            badinput.set_cell("Video link", 1, "https://www.tiktok.com/@northwindgear/video/7.41235E+18"),
        ),
        "mangled_id",
        row=2,
        column="Video link",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(CONTENT_STYLE, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=5,
        message=("rows 2, 5",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


@pytest.mark.parametrize("bad", [OVERVIEW_BAD, FOLLOWERS_BAD, CONTENT_BAD])
def test_tiktok_studio_bad_input_sets_cover_every_kind(bad: dict) -> None:
    assert tuple(bad) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_overview_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    days = [day(date(2026, 12, 30)), day(date(2026, 12, 31)), day(date(2027, 1, 1))]
    good = write_tiktok_overview(tmp_path / "Overview.csv", days, exported_at=datetime(2027, 1, 2, tzinfo=UTC))
    badinput.assert_quarantined(home, good, OVERVIEW_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_follower_history_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    rows = [FollowerDay(date(2026, 12, 30), 10400, 3), FollowerDay(date(2026, 12, 31), 10394, -6),
            FollowerDay(date(2027, 1, 1), None, 4)]  # fmt: skip
    good = write_tiktok_follower_history(tmp_path / "FollowerHistory.csv", rows)
    badinput.assert_quarantined(home, good, FOLLOWERS_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_content_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    videos = [video(f"741234567890123456{n}", title=f"Café stop {n} on the Ridgeline trail ☕") for n in range(3)]
    good = write_tiktok_content(tmp_path / "Content.csv", videos, version="post_time")
    badinput.assert_quarantined(home, good, CONTENT_BAD[kind])
