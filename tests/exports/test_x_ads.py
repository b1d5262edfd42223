"""X Ads promoted-tweet xlsx: detection, exact parsing, the file's cell styles, currency, bad input."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.sheets import Workbook, excel_datetime
from ingest.exports.x_ads import XAdsPromotedTweets, currency_from_path, period
from ingest.samples import SampleFile
from ingest.samples.x_ads import HEADER, PromotedTweet, write_inline_xlsx, write_x_ads_promoted_tweets

X_ADS = XAdsPromotedTweets()
NAME = "2026-10-01-to-2026-10-31-18ce54d4x5t.xlsx"


def promoted(tweet_id: str = "1980000000000000001", **kw: object) -> PromotedTweet:
    values: dict = dict(
        period_start=date(2026, 10, 1), period_end=date(2026, 10, 31), placement="All on Twitter",
        text="Ridgeline Shell 🧥 https://t.co/x", campaign_id="i13575374", ad_group_id="i2468100", status="Active",
        tweet_id=tweet_id, published=datetime(2026, 9, 20, 15, 0, 30), impressions=6681, spend=Decimal("44.12"),
        likes=12, retweets=3, replies=1, link_clicks=40,
    )  # fmt: skip
    values.update(kw)
    return PromotedTweet(**values)


def parse(path: Path, account: str | None = "northwind-x-ads") -> pa.Table:
    ctx = FileContext(path, Sniff.of(path), account_hint=account)
    return pa.Table.from_batches(list(X_ADS.parse(ctx)), schema=X_ADS.arrow_schema())


def in_usd(tmp_path: Path) -> Path:
    return tmp_path / "northwind-x-ads" / "currency=USD"


def test_generated_x_ads_files_detect_and_parse_with_exact_totals(landing: Path, samples: list[SampleFile]) -> None:
    files = [s for s in samples if s.export_type == "x_ads_promoted_tweets"]
    assert len(files) == 2
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        assert sample.path.parts[:2] == ("northwind-x-ads", "currency=USD")
        assert detect(path).name == "x_ads_promoted_tweets"
        table = parse(path)
        rows: tuple[PromotedTweet, ...] = sample.rows
        assert table.num_rows == len(rows)
        assert table["tweet_id"].to_pylist() == [r.tweet_id for r in rows]
        assert sum(table["impressions"].to_pylist()) == sum(r.impressions for r in rows)
        assert sum(v for v in table["spend"].to_pylist() if v is not None) == sum(r.spend for r in rows if r.spend)
        assert table["spend"].null_count == sum(r.spend is None for r in rows)
        assert table["link_clicks"].null_count == sum(r.link_clicks is None for r in rows)
        assert set(table["currency"].to_pylist()) == {"USD"}
        assert table["_row_number"].to_pylist() == list(range(2, len(rows) + 2))


def test_the_file_uses_inline_strings_float_numbers_and_a_serial_publish_date(tmp_path: Path) -> None:
    path = write_x_ads_promoted_tweets(in_usd(tmp_path) / NAME, [promoted()])
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "sharedStrings" not in " ".join(archive.namelist())
    assert '<c r="D2" t="inlineStr"><is><t xml:space="preserve">i13575374</t></is></c>' in sheet
    assert '<c r="I2"><v>6681.0</v></c>' in sheet
    with Workbook(path) as book:
        (header, row) = list(book.rows("results"))
    assert tuple(header) == HEADER
    assert row[8] == 6681.0 and isinstance(row[7], float)  # the serial is a bare number, no date format
    (parsed,) = parse(path).to_pylist()
    assert parsed["impressions"] == 6681
    assert parsed["tweet_publish_time"] == datetime(2026, 9, 20, 15, 0, 30)
    assert (parsed["period_start"], parsed["period_end"]) == (date(2026, 10, 1), date(2026, 10, 31))
    assert parsed["spend"] == Decimal("44.1200")


def test_excel_serial_dates_convert_explicitly() -> None:
    assert excel_datetime("42828.6252662037") == datetime(2017, 4, 3, 15, 0, 23)
    assert excel_datetime("-") is None
    with pytest.raises(ValueError):
        excel_datetime("yesterday")


def test_time_period_is_split_into_inclusive_days() -> None:
    assert period("Apr 1, 2017 - Apr 30, 2017") == (date(2017, 4, 1), date(2017, 4, 30))
    with pytest.raises(ValueError):
        period("Apr 30, 2017 - Apr 1, 2017")


def test_dashes_are_null_not_zero(tmp_path: Path) -> None:
    path = write_x_ads_promoted_tweets(in_usd(tmp_path) / NAME, [promoted(spend=None, link_clicks=None)])
    (row,) = parse(path).to_pylist()
    assert (row["spend"], row["link_clicks"], row["likes"]) == (None, None, 12)


def test_formula_looking_tweet_text_is_stored_verbatim(tmp_path: Path) -> None:
    texts = ["=the warmest thing we make", "+1 if muddy", "@northwindgear fixes it", "-20% today"]
    path = write_x_ads_promoted_tweets(
        in_usd(tmp_path) / NAME, [promoted(str(1980000000000000001 + i), text=t) for i, t in enumerate(texts)]
    )
    assert parse(path)["tweet_text"].to_pylist() == texts


def test_currency_comes_from_a_currency_folder_and_is_never_guessed(tmp_path: Path) -> None:
    assert currency_from_path(Path("landing/acct/currency=eur/x.xlsx")) == "EUR"
    assert currency_from_path(Path("landing/acct/x.xlsx")) is None
    path = write_x_ads_promoted_tweets(tmp_path / "northwind-x-ads" / NAME, [promoted()])
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert (caught.value.rule, caught.value.column) == ("missing_currency", "Spend")
    assert "currency=USD" in caught.value.message


def test_without_a_landing_folder_the_account_is_missing(tmp_path: Path) -> None:
    path = write_x_ads_promoted_tweets(in_usd(tmp_path) / NAME, [promoted()])
    with pytest.raises(ExportError) as caught:
        parse(path, account=None)
    assert caught.value.rule == "missing_account"


def test_ids_stored_as_numbers_are_mangled_ids(tmp_path: Path) -> None:
    rows = [list(HEADER), ["Oct 1, 2026 - Oct 31, 2026", "All on Twitter", "t", "i1", "i2", "Active",
                           1.980000000000000e18, 46285.5, 10.0, 1.0, 0.0, 0.0, 0.0, "-"]]  # fmt: skip
    path = write_inline_xlsx(in_usd(tmp_path) / NAME, rows)
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("mangled_id", 2, "Tweet ID")
    assert "sheet 'results'" in caught.value.message


def test_a_workbook_without_a_results_sheet_is_not_x_ads(tmp_path: Path) -> None:
    path = write_inline_xlsx(tmp_path / NAME, [list(HEADER)], sheet="Sheet1")
    assert not X_ADS.matches(Sniff.of(path))
    assert X_ADS.missing_signature(Sniff.of(path))[0] == "sheet 'results'"


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def _rows(path: Path) -> list[list[object]]:
    with Workbook(path) as book:
        return [list(r) for r in book.rows("results")]


def _rewrite(kind: str, change: Callable[[list[list[object]]], list[list[object]]]) -> Callable[[Path], Path]:
    def make(good: Path) -> Path:
        return write_inline_xlsx(badinput.variant(good, kind), change(_rows(good)))

    return make


def _set(header: str, data_row: int, value: object) -> Callable[[list[list[object]]], list[list[object]]]:
    def change(rows: list[list[object]]) -> list[list[object]]:
        rows[data_row][list(HEADER).index(header)] = value
        return rows

    return change


def _truncated(good: Path) -> Path:
    target = badinput.variant(good, "truncated")
    target.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return target


def _csv_renamed(good: Path) -> Path:
    target = badinput.variant(good, "wrong_encoding")
    target.write_text(",".join(HEADER) + "\nOct 1, 2026 - Oct 31, 2026,All on Twitter\n", encoding="cp1252")
    return target


def _unknown(good: Path) -> Path:
    return write_inline_xlsx(good.with_name("campaigns.xlsx"), [["Campaign name", "Spend"], ["Fall", 1.0]])


# See test_linkedin_pages: a cut-off xlsx is no readable zip, and a mislabelled file (CSV text named .xlsx)
# is no workbook; detection looks at bytes, so both are unknown exports, quarantined before any row is read.
X_ADS_BAD = {
    "truncated": Bad(_truncated, "unknown_export", message=("no readable header",)),
    "wrong_encoding": Bad(_csv_renamed, "unknown_export", message=("Time period",)),
    "header_only": Bad(_rewrite("header_only", lambda rows: rows[:1]), "header_only", message=("no data rows",)),
    "missing_column": Bad(
        _rewrite("missing_column", lambda rows: [r[:9] + r[10:] for r in rows]),
        "missing_column",
        column="Spend",
        message=("sheet 'results'",),
    ),
    "non_numeric": Bad(_rewrite("non_numeric", _set("Likes", 2, "twelve")), "not_a_number", row=3, column="Likes"),
    "mangled_id": Bad(
        _rewrite("mangled_id", _set("Tweet ID", 1, "1.98E+18")),
        "mangled_id",
        row=2,
        column="Tweet ID",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        _rewrite("duplicate_rows", lambda rows: [*rows, rows[1]]), "duplicate_key", row=5, message=("rows 2, 5",)
    ),
    "unknown_file": Bad(_unknown, "unknown_export", message=("nearest known types",)),
}


def test_x_ads_bad_input_set_covers_every_kind() -> None:
    assert tuple(X_ADS_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_x_ads_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    rows = [promoted(str(1980000000000000001 + i), text=f"Café stop ☕ {i}") for i in range(3)]
    good = write_x_ads_promoted_tweets(in_usd(tmp_path) / NAME, rows,
                                       exported_at=datetime(2026, 11, 1, 10, tzinfo=UTC))  # fmt: skip
    badinput.assert_quarantined(home, good, X_ADS_BAD[kind], account="northwind-x-ads")


def test_same_report_twice_with_new_numbers_restates_the_rows(home, tmp_path: Path) -> None:
    from ingest.load.loader import ingest_paths

    first = write_x_ads_promoted_tweets(in_usd(tmp_path / "a") / NAME, [promoted()],
                                        exported_at=datetime(2026, 11, 1, tzinfo=UTC))  # fmt: skip
    second = write_x_ads_promoted_tweets(in_usd(tmp_path / "b") / NAME, [replace(promoted(), impressions=7000)],
                                         exported_at=datetime(2026, 11, 2, tzinfo=UTC))  # fmt: skip
    results = ingest_paths([first, second], home, account="northwind-x-ads")
    assert [(r.status, r.rows_inserted, r.rows_updated) for r in results] == [("loaded", 1, 0), ("loaded", 0, 1)]
