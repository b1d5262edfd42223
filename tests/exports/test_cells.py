"""Cell converters: each accepts exactly its platform's style and names the rule it breaks otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ingest.exports import cells
from ingest.exports.cells import CellError


@pytest.mark.parametrize(("written", "value"), [("424.0", 424), ("424", 424), (" 0 ", 0), ("-3", -3), ("7.", 7)])
def test_integer_accepts_whole_numbers_written_as_floats(written: str, value: int) -> None:
    assert cells.integer(written) == value


@pytest.mark.parametrize("written", ["", "-", "  "])
def test_integer_reads_blank_and_dash_as_null(written: str) -> None:
    assert cells.integer(written) is None


@pytest.mark.parametrize(("written", "rule"), [("4.5", "not_an_integer"), ("1.2E+06", "not_an_integer"),
                                               ("abc", "not_a_number"), ("1_000", "not_a_number"),
                                               ("nan", "not_a_number"), ("12,345", "not_a_number")])  # fmt: skip
def test_integer_rejects_fractions_and_text_with_its_rule(written: str, rule: str) -> None:
    with pytest.raises(CellError) as caught:
        cells.integer(written)
    assert caught.value.rule == rule
    assert repr(written) in caught.value.problem


def test_grouped_integer_drops_thousands_separators_only_where_they_group_thousands() -> None:
    assert cells.integer_grouped("12,345") == 12345
    with pytest.raises(CellError, match="not a number"):
        cells.integer_grouped("12,34")


def test_percent_keeps_percent_numbers_as_percent_numbers() -> None:
    assert cells.percent("5.02") == 5.02
    assert cells.percent("4.00%") == 4.0
    assert cells.percent("") is None


@pytest.mark.parametrize(("written", "amount"), [("164.4", Decimal("164.4000")), ("4,500.75", Decimal("4500.7500")),
                                                 ("1,234,567.891", Decimal("1234567.8910")),
                                                 ("0.123456", Decimal("0.1235"))])  # fmt: skip
def test_money_reads_thousands_separators_and_rounds_to_the_column_scale(written: str, amount: Decimal) -> None:
    assert cells.decimal(written) == amount


@pytest.mark.parametrize("written", ["4500,75", "1 234,56", "1e3", "$12"])
def test_money_rejects_decimal_commas_and_symbols(written: str) -> None:
    with pytest.raises(CellError) as caught:
        cells.decimal(written)
    assert caught.value.rule == "not_a_number"


@pytest.mark.parametrize(("written", "value"), [("0:04:34", 274), ("1:02:03", 3723), ("4:05", 245), ("978", 978)])
def test_seconds_reads_clock_durations_and_plain_seconds(written: str, value: int) -> None:
    assert cells.seconds(written) == value


def test_seconds_rejects_a_clock_with_60_minutes() -> None:
    with pytest.raises(CellError) as caught:
        cells.seconds("0:60:00")
    assert caught.value.rule == "bad_duration"


def test_month_day_year_reads_studio_dates_without_the_locale() -> None:
    assert cells.month_day_year("Sep 27, 2024") == date(2024, 9, 27)
    assert cells.month_day_year("Aug 8, 2023") == date(2023, 8, 8)
    assert cells.month_day_year("September 27, 2024") == date(2024, 9, 27)


@pytest.mark.parametrize("written", ["Sep 31, 2024", "Foo 1, 2024", "27/09/2024", "Sep 27 2024"])
def test_month_day_year_rejects_impossible_or_other_dates(written: str) -> None:
    with pytest.raises(CellError) as caught:
        cells.month_day_year(written)
    assert caught.value.rule == "bad_date"


def test_local_datetime_reads_day_only_and_full_timestamps() -> None:
    assert cells.local_datetime("Sep 27, 2024") == datetime(2024, 9, 27)
    assert cells.local_datetime("2026-07-20 13:18:00") == datetime(2026, 7, 20, 13, 18)
    assert cells.local_datetime("") is None


def test_utc_timestamp_converts_offsets_to_utc() -> None:
    assert cells.utc_timestamp("2020-02-06 18:00 +0000") == datetime(2020, 2, 6, 18, 0, tzinfo=UTC)
    assert cells.utc_timestamp("2020-02-06 18:00 +0100") == datetime(2020, 2, 6, 17, 0, tzinfo=UTC)
    with pytest.raises(CellError) as caught:
        cells.utc_timestamp("06/02/2020 18:00")
    assert caught.value.rule == "bad_date"


@pytest.mark.parametrize("written", ["1.22158E+17", "1.22158e+17", "1,22158E+17", "1225479302868873216.0"])
def test_identifier_rejects_ids_a_spreadsheet_mangled(written: str) -> None:
    with pytest.raises(CellError) as caught:
        cells.identifier(written)
    assert caught.value.rule == "mangled_id"


def test_identifier_trims_youtubes_protective_leading_space() -> None:
    assert cells.identifier(" -HHGH-TTqYM") == "-HHGH-TTqYM"
    assert cells.identifier("1225479302868873216") == "1225479302868873216"


def test_split_currency_reads_the_iso_code_and_leaves_lowercase_parentheses() -> None:
    assert cells.split_currency("CPC (all) (EGP)") == ("CPC (all)", "EGP")
    assert cells.split_currency("Amount Spent (USD)") == ("Amount Spent", "USD")
    assert cells.split_currency("CTR (all)") == ("CTR (all)", None)
