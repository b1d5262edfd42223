"""X legacy tweet activity CSV: detection, exact parsing of generated and real files, and bad input."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.x_tweet_activity import XTweetActivity
from ingest.samples import SampleFile
from ingest.samples.x import Tweet, write_x_tweet_activity, x_file_name

Parse = Callable[..., pa.Table]
X = XTweetActivity()
OCTOBER = (date(2026, 10, 1), date(2026, 11, 1))
NAME = "tweet_activity_metrics_northwindgear_20261001_20261101_en.csv"
COUNTS = dict.fromkeys(
    ("impressions", "engagements", "retweets", "replies", "likes", "user profile clicks", "url clicks",
     "hashtag clicks", "detail expands", "permalink clicks", "app opens", "app installs", "follows",
     "email tweet", "dial phone", "media views", "media engagements"), 0,
)  # fmt: skip


def tweet(tweet_id: str = "1851234567890123456", *, promoted: dict[str, int] | None = None, **counts: int) -> Tweet:
    return Tweet(
        tweet_id=tweet_id,
        handle="northwindgear",
        text='Meet the "Ridgeline" 🧥\n\nWaterproof.',
        time=datetime(2026, 10, 30, 22, 28, tzinfo=UTC),
        counts={**COUNTS, "impressions": 424, "engagements": 12, "likes": 9, "retweets": 3, **counts},
        promoted=promoted,
    )


def rewrite(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> Path:
    """Re-write an X file (quoted, LF) after changing its rows (header included)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(change(rows))
    return path


def x_samples(samples: list[SampleFile]) -> list[SampleFile]:
    return [s for s in samples if s.export_type == "x_tweet_activity"]


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_x_files_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    files = x_samples(samples)
    assert len(files) == 4
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        assert detect(path).name == "x_tweet_activity"
        table = parse(path)
        tweets: tuple[Tweet, ...] = sample.rows
        assert table.num_rows == len(tweets)
        assert table["tweet_id"].to_pylist() == [t.tweet_id for t in tweets]
        assert set(table["account_id"].to_pylist()) == {sample.account}
        assert table["tweet_text"].to_pylist() == [t.text for t in tweets]
        assert table["tweet_time"].to_pylist() == [t.time for t in tweets]
        assert table["_row_number"].to_pylist() == list(range(2, len(tweets) + 2))
        for column, header in (("impressions", "impressions"), ("engagements", "engagements"),
                               ("likes", "likes"), ("url_clicks", "url clicks"),
                               ("media_engagements", "media engagements")):  # fmt: skip
            assert sum(table[column].to_pylist()) == sum(t.counts[header] for t in tweets), column
        paid = [t.promoted for t in tweets if t.promoted]
        promoted = [v for v in table["promoted_impressions"].to_pylist() if v is not None]
        assert sum(promoted) == sum(p["impressions"] for p in paid)
        assert len(promoted) == len(paid)


def test_generated_x_totals_match_fixed_literals_for_seed_7(landing: Path, parse: Parse) -> None:
    table = parse(landing / "northwindgear" / NAME)
    assert table.num_rows == 51
    assert table["tweet_id"][0].as_py() == "2116335634816699141"
    assert table["impressions"][0].as_py() == 285
    assert table["engagements"][0].as_py() == 15


def test_x_promoted_dash_loads_as_null(tmp_path: Path, parse: Parse) -> None:
    paid = {**COUNTS, "impressions": 12000, "engagements": 300, "likes": 250, "retweets": 50}
    path = write_x_tweet_activity(
        tmp_path / NAME, [tweet("1851234567890123456"), tweet("1851234567890123457", promoted=paid)]
    )
    table = parse(path)
    organic, promoted = table.to_pylist()
    promoted_columns = [c for c in table.column_names if c.startswith("promoted_")]
    assert len(promoted_columns) == 18
    assert all(organic[c] is None for c in promoted_columns)
    assert promoted["promoted_impressions"] == 12000
    assert promoted["promoted_likes"] == 250
    assert promoted["promoted_engagement_rate"] == 300 / 12000
    assert promoted["promoted_app_opens"] == 0  # a real zero stays zero


def test_x_float_counts_load_as_whole_numbers_and_rate_as_fraction(tmp_path: Path, parse: Parse) -> None:
    path = write_x_tweet_activity(tmp_path / NAME, [tweet(impressions=424, engagements=3)])
    assert '"424.0","3.0","0.007075471698113208"' in path.read_text(encoding="utf-8")
    row = parse(path).to_pylist()[0]
    assert (row["impressions"], row["engagements"], row["engagement_rate"]) == (424, 3, 0.007075471698113208)


def test_x_tweet_text_keeps_embedded_newlines_and_quotes(tmp_path: Path, parse: Parse) -> None:
    path = write_x_tweet_activity(tmp_path / NAME, [tweet()])
    assert parse(path)["tweet_text"][0].as_py() == 'Meet the "Ridgeline" 🧥\n\nWaterproof.'


def test_x_reads_the_same_with_bom_and_crlf(tmp_path: Path, parse: Parse) -> None:
    plain = write_x_tweet_activity(
        tmp_path / "plain" / NAME, [tweet("1851234567890123456"), tweet("1851234567890123499")]
    )
    rows = list(csv.reader(open(plain, encoding="utf-8", newline="")))
    resaved = tmp_path / "resaved" / NAME
    resaved.parent.mkdir()
    with open(resaved, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)  # unquoted where possible, CRLF, BOM
    assert resaved.read_bytes().startswith(b"\xef\xbb\xbfTweet id,")
    assert detect(resaved).name == "x_tweet_activity"
    assert parse(resaved).to_pylist() == parse(plain).to_pylist()


def test_x_account_comes_from_an_x_com_permalink(tmp_path: Path, parse: Parse) -> None:
    path = write_x_tweet_activity(tmp_path / "export.csv", [tweet()])
    rewrite(
        path,
        lambda rows: [rows[0], [rows[1][0], "https://x.com/Other_Handle/status/1851234567890123456", *rows[1][2:]]],
    )
    assert parse(path, account_hint="folder")["account_id"].to_pylist() == ["Other_Handle"]


def test_x_account_falls_back_to_the_file_name_handle(tmp_path: Path, parse: Parse) -> None:
    path = write_x_tweet_activity(tmp_path / x_file_name("northwind_help", *OCTOBER), [tweet()])
    rewrite(path, lambda rows: [rows[0], [rows[1][0], "", *rows[1][2:]]])
    assert parse(path, account_hint="folder")["account_id"].to_pylist() == ["northwind_help"]


def test_x_without_any_account_is_missing_account(tmp_path: Path, parse: Parse) -> None:
    path = write_x_tweet_activity(tmp_path / "export.csv", [tweet()])
    rewrite(path, lambda rows: [rows[0], [rows[1][0], "", *rows[1][2:]]])
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert (caught.value.rule, caught.value.row) == ("missing_account", 2)


def test_x_2015_favorites_header_loads_as_likes(tmp_path: Path, parse: Parse) -> None:
    path = write_x_tweet_activity(tmp_path / NAME, [tweet(likes=7, promoted={**COUNTS, "likes": 5, "impressions": 9})])
    rewrite(
        path,
        lambda rows: [
            [{"likes": "favorites", "promoted likes": "promoted favorites"}.get(h, h) for h in rows[0]],
            *rows[1:],
        ],
    )
    row = parse(path).to_pylist()[0]
    assert (row["likes"], row["promoted_likes"]) == (7, 5)


def test_x_as_of_is_utc_midnight_of_the_exclusive_end_date_in_the_file_name(tmp_path: Path) -> None:
    path = write_x_tweet_activity(tmp_path / "tweet_activity_metrics_north_wind_20261001_20261101_en.csv", [tweet()])
    as_of = X.as_of(FileContext(path, Sniff.of(path)))
    assert (as_of.value, as_of.source) == (datetime(2026, 11, 1, tzinfo=UTC), "file_name")


def test_x_as_of_override_wins_over_the_file_name(tmp_path: Path) -> None:
    path = write_x_tweet_activity(tmp_path / NAME, [tweet()])
    override = datetime(2026, 11, 15, 12, tzinfo=UTC)
    as_of = X.as_of(FileContext(path, Sniff.of(path), as_of_override=override))
    assert (as_of.value, as_of.source) == (override, "override")


def test_x_as_of_without_a_dated_name_is_the_file_mtime(tmp_path: Path) -> None:
    exported = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    path = write_x_tweet_activity(tmp_path / "copy of export.csv", [tweet()], exported_at=exported)
    as_of = X.as_of(FileContext(path, Sniff.of(path)))
    assert (as_of.value, as_of.source) == (exported, "file_mtime")


def test_x_batches_are_bounded_by_batch_rows(landing: Path, samples: list[SampleFile]) -> None:
    export = XTweetActivity()
    export.batch_rows = 10
    sample = x_samples(samples)[0]
    path = landing.joinpath(*sample.path.parts)
    batches = list(export.parse(FileContext(path, Sniff.of(path))))
    assert [b.num_rows for b in batches] == [10] * (len(sample.rows) // 10) + [len(sample.rows) % 10]
    assert all(b.schema == export.arrow_schema() for b in batches)


# ---- real files ------------------------------------------------------------------------------------------

# Hand-counted from the files (rows, sum of impressions, engagements, likes, retweets, url clicks).
REAL_TOTALS = {
    "singletweet.csv": ("Lauren_Schaefer", 1, 260, 4, 3, 1, 0),
    "twotweets.csv": ("Lauren_Schaefer", 2, 466, 10, 6, 2, 0),
    "threetweets_ken.csv": ("kenwalger", 3, 3480, 96, 32, 7, 43),
    "twotweets_updated.csv": ("Lauren_Schaefer", 5, 1323, 23, 7, 3, 3),
}


@pytest.mark.parametrize("name", sorted(REAL_TOTALS))
def test_real_x_files_parse_with_hand_counted_totals(real_exports: Path, parse: Parse, name: str) -> None:
    path = real_exports / "x" / name
    account, rows, impressions, engagements, likes, retweets, url_clicks = REAL_TOTALS[name]
    assert detect(path).name == "x_tweet_activity"
    table = parse(path)
    assert table.num_rows == rows
    assert set(table["account_id"].to_pylist()) == {account}
    assert sum(table["impressions"].to_pylist()) == impressions
    assert sum(table["engagements"].to_pylist()) == engagements
    assert sum(table["likes"].to_pylist()) == likes
    assert sum(table["retweets"].to_pylist()) == retweets
    assert sum(table["url_clicks"].to_pylist()) == url_clicks
    assert table["_row_number"].to_pylist() == list(range(2, rows + 2))
    assert table["promoted_impressions"].null_count == rows


def test_real_restated_x_file_reads_unsuffixed_counts(real_exports: Path, parse: Parse) -> None:
    rows = parse(real_exports / "x" / "twotweets_updated.csv").to_pylist()
    assert [r["tweet_id"] for r in rows[:2]] == ["1225785799146430465", "1225479302868873216"]
    assert [(r["impressions"], r["engagements"]) for r in rows[:2]] == [(332, 10), (285, 6)]
    assert rows[0]["engagement_rate"] == 0.029126213592233


def test_real_single_tweet_keeps_its_multiline_text_and_utc_time(real_exports: Path, parse: Parse) -> None:
    row = parse(real_exports / "x" / "singletweet.csv").to_pylist()[0]
    assert row["tweet_id"] == "1225479302868873216"
    assert row["tweet_time"] == datetime(2020, 2, 6, 18, 0, tzinfo=UTC)
    assert row["tweet_text"].startswith("For the fellow #parents out there...\n\nTech conferences with childcare\n")
    assert row["tweet_text"].endswith("#WomenInTech #WomenInSTEM #PeopleInTech")
    assert row["engagement_rate"] == 0.0153846153846154


# ---- bad input -------------------------------------------------------------------------------------------


@pytest.fixture
def two_tweets(tmp_path: Path) -> Path:
    return write_x_tweet_activity(tmp_path / NAME, [tweet("1851234567890123456"), tweet("1851234567890123457")])


def _raises(path: Path, rule: str) -> ExportError:
    with pytest.raises(ExportError) as caught:
        list(X.parse(FileContext(path, Sniff.of(path))))
    assert caught.value.rule == rule, caught.value.message
    assert path.name in caught.value.message
    return caught.value


def test_x_missing_required_column_names_it_and_lists_the_headers_seen(two_tweets: Path) -> None:
    likes = 9
    rewrite(two_tweets, lambda rows: [r[:likes] + r[likes + 1 :] for r in rows])
    error = _raises(two_tweets, "missing_column")
    assert error.column == "likes"
    assert "'likes' (or 'favorites')" in error.message
    assert "'retweets'" in error.message and "'replies'" in error.message  # the headers seen


def test_x_non_numeric_count_names_row_and_column(two_tweets: Path) -> None:
    rewrite(two_tweets, lambda rows: [rows[0], rows[1], [*rows[2][:4], "abc", *rows[2][5:]]])
    error = _raises(two_tweets, "not_a_number")
    assert (error.row, error.column, error.value) == (3, "impressions", "abc")
    assert "row 3, column 'impressions'" in error.message


def test_x_fractional_count_is_not_an_integer(two_tweets: Path) -> None:
    rewrite(two_tweets, lambda rows: [rows[0], [*rows[1][:9], "4.5", *rows[1][10:]], rows[2]])
    error = _raises(two_tweets, "not_an_integer")
    assert (error.row, error.column) == (2, "likes")


def test_x_tweet_id_in_scientific_notation_is_a_mangled_id(two_tweets: Path) -> None:
    rewrite(two_tweets, lambda rows: [rows[0], rows[1], ["1.22158E+17", *rows[2][1:]]])
    error = _raises(two_tweets, "mangled_id")
    assert (error.row, error.column) == (3, "Tweet id")
    assert "scientific notation" in error.message


def test_x_bad_time_is_bad_date(two_tweets: Path) -> None:
    rewrite(two_tweets, lambda rows: [rows[0], [*rows[1][:3], "30/10/2026 22:28", *rows[1][4:]], rows[2]])
    error = _raises(two_tweets, "bad_date")
    assert (error.row, error.column) == (2, "time")


def test_x_header_only_file_is_rejected(two_tweets: Path) -> None:
    rewrite(two_tweets, lambda rows: rows[:1])
    error = _raises(two_tweets, "header_only")
    assert "no data rows" in error.message


def test_x_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(b"")
    _raises(path, "empty_file")


def test_x_truncated_row_is_rejected_with_its_row_number(two_tweets: Path) -> None:
    text = two_tweets.read_text(encoding="utf-8")
    two_tweets.write_text(text[: text.rindex('","-"')] + '"\n', encoding="utf-8")  # cut the last row short
    error = _raises(two_tweets, "truncated_row")
    assert error.row == 3
    assert error.column == "promoted media engagements"


def test_x_file_ending_inside_a_quoted_cell_is_a_truncated_file(two_tweets: Path) -> None:
    text = two_tweets.read_text(encoding="utf-8")
    two_tweets.write_text(
        text + '"1851234567890123458","https://twitter.com/a/status/1","unterminated\n', encoding="utf-8"
    )
    error = _raises(two_tweets, "truncated_file")
    assert error.row == 4


def test_x_blank_tweet_id_is_a_missing_value(two_tweets: Path) -> None:
    rewrite(two_tweets, lambda rows: [rows[0], ["", *rows[1][1:]], rows[2]])
    error = _raises(two_tweets, "missing_value")
    assert (error.row, error.column) == (2, "Tweet id")


def test_x_row_with_an_unquoted_comma_has_extra_fields(two_tweets: Path) -> None:
    rewrite(two_tweets, lambda rows: [rows[0], rows[1], [*rows[2][:2], "Hello", "world", *rows[2][3:]]])
    error = _raises(two_tweets, "extra_fields")
    assert error.row == 3


def test_x_file_that_is_not_utf8_is_bad_encoding(two_tweets: Path) -> None:
    two_tweets.write_bytes(two_tweets.read_bytes().replace(b"Ridgeline", b"Ridgel\xefne"))
    assert _raises(two_tweets, "bad_encoding").row is not None


# ---- the bad-input set, through the loader ----------------------------------------------------------------

X_STYLE = CsvStyle(quoting=csv.QUOTE_ALL)
X_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_file", row=4, message=("cut off",)),
    "wrong_encoding": Bad(badinput.reencoded, "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(X_STYLE, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(X_STYLE, "missing_column", badinput.drop_column("impressions")),
        "missing_column",
        column="impressions",
    ),
    "non_numeric": Bad(
        badinput.rewrite(X_STYLE, "non_numeric", badinput.set_cell("likes", 2, "twelve")),
        "not_a_number",
        row=3,
        column="likes",
    ),
    "mangled_id": Bad(
        badinput.rewrite(X_STYLE, "mangled_id", badinput.set_cell("Tweet id", 1, "1.85123E+18")),
        "mangled_id",
        row=2,
        column="Tweet id",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(X_STYLE, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=5,
        message=("rows 2, 5",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def test_x_bad_input_set_covers_every_kind() -> None:
    assert tuple(X_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_x_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    ids = ("1851234567890123456", "1851234567890123457", "1851234567890123458")
    tweets = [replace(tweet(i), text="Café stop on the Ridgeline trail ☕") for i in ids]
    good = write_x_tweet_activity(tmp_path / NAME, tweets)
    badinput.assert_quarantined(home, good, X_BAD[kind])
