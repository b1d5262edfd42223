"""LinkedIn Campaign Manager campaign performance CSV: UTF-16 tab-separated with title lines, currency,
exact parsing and the bad-input set through the loader."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.linkedin_ads import LinkedInAdsCampaigns
from ingest.samples import SampleFile
from ingest.samples.linkedin import ADS_HEADER, AdsDay, write_linkedin_ads_campaigns

ADS = LinkedInAdsCampaigns()
NAME = "account_508765432_campaign_performance_report.csv"


def ads_day(d: int = 1, campaign_id: str = "312845671", **kw: object) -> AdsDay:
    values: dict = dict(
        day=date(2026, 10, d), campaign_id=campaign_id, campaign_name="Trail Shoes – Prospecting",
        campaign_group="Q4 Footwear", objective="Website visits", spent=Decimal("123.45"), impressions=5000,
        clicks=40, reactions=3, comments=1, shares=0, follows=2, other_clicks=5, landing_page_clicks=30, leads=0,
        conversions=1,
    )  # fmt: skip
    values.update(kw)
    return AdsDay(**values)


def parse(path: Path, account: str | None = None) -> pa.Table:
    ctx = FileContext(path, Sniff.of(path), account_hint=account)
    return pa.Table.from_batches(list(ADS.parse(ctx)), schema=ADS.arrow_schema())


def test_generated_report_detects_and_parses_with_exact_totals(landing: Path, samples: list[SampleFile]) -> None:
    (sample,) = [s for s in samples if s.export_type == "linkedin_ads_campaigns"]
    path = landing.joinpath(*sample.path.parts)
    raw = path.read_bytes()
    assert raw.startswith(b"\xff\xfeC\x00a\x00m\x00") and b"\r\x00\n\x00" in raw  # UTF-16 LE, BOM, CRLF
    assert detect(path).name == "linkedin_ads_campaigns"
    table = parse(path, "northwind-linkedin-ads")
    rows: tuple[AdsDay, ...] = sample.rows
    assert table.num_rows == len(rows) == 244
    assert sum(table["total_spent"].to_pylist()) == sum(r.spent for r in rows)
    assert sum(table["impressions"].to_pylist()) == sum(r.impressions for r in rows)
    assert sum(table["total_engagements"].to_pylist()) == sum(r.engagements for r in rows)
    assert set(table["currency"].to_pylist()) == {"USD"}
    assert set(table["account_id"].to_pylist()) == {"508765432"}  # from the file name
    assert table["_row_number"].to_pylist()[0] == 7  # five title lines, the header on line 6


def test_title_lines_are_skipped_and_the_header_found_by_its_first_column(tmp_path: Path) -> None:
    path = write_linkedin_ads_campaigns(tmp_path / NAME, [ads_day()], "EUR", preamble=["Some other title", ""])
    (row,) = parse(path).to_pylist()
    assert (row["_row_number"], row["start_date"], row["currency"]) == (4, date(2026, 10, 1), "EUR")
    assert row["campaign_name"] == "Trail Shoes – Prospecting"
    assert row["average_ctr"] == 0.008  # a fraction, as written


def test_a_utf8_resave_reads_the_same(tmp_path: Path) -> None:
    path = write_linkedin_ads_campaigns(tmp_path / "a" / NAME, [ads_day(), ads_day(2)], "USD")
    resaved = tmp_path / "b" / NAME
    resaved.parent.mkdir()
    resaved.write_text(path.read_text(encoding="utf-16"), encoding="utf-8-sig")
    assert detect(resaved).name == "linkedin_ads_campaigns"
    assert parse(resaved).to_pylist() == parse(path).to_pylist()


def test_spend_without_a_currency_is_missing_currency(tmp_path: Path) -> None:
    path = write_linkedin_ads_campaigns(tmp_path / NAME, [ads_day()], "USD")
    _rewrite_rows(path, path, lambda rows: [r[:8] + r[9:] for r in rows])  # drop the Currency column
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert (caught.value.rule, caught.value.column) == ("missing_currency", "Total Spent")


def test_currency_in_the_spend_header_is_used(tmp_path: Path) -> None:
    path = write_linkedin_ads_campaigns(tmp_path / NAME, [ads_day()], "USD")
    _rewrite_rows(path, path, lambda rows: [[c.replace("Total Spent", "Total Spent (GBP)") for c in rows[0]]]
                  + [r for r in rows[1:]])  # fmt: skip
    _rewrite_rows(path, path, lambda rows: [r[:8] + r[9:] for r in rows])
    assert parse(path)["currency"].to_pylist() == ["GBP"]


def test_campaign_names_with_tabs_commas_and_formula_text_stay_verbatim(tmp_path: Path) -> None:
    names = ["Holiday, Boots\tand Jackets", "=HYPERLINK(1)", "+1 leads", "@team"]
    rows = [ads_day(campaign_id=str(312845670 + i), campaign_name=n) for i, n in enumerate(names)]
    path = write_linkedin_ads_campaigns(tmp_path / NAME, rows, "USD")
    assert parse(path)["campaign_name"].to_pylist() == names


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_bytes().decode("utf-16").split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(ADS_HEADER[0]))
    rows = list(csv.reader(lines[start:], delimiter="\t"))
    return lines[:start], [r for r in rows if r]


def _rewrite_rows(good: Path, target: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> Path:
    preamble, rows = _read(good)
    body = ["\t".join(r) for r in change(rows)]
    target.write_bytes(("\r\n".join([*preamble, *body]) + "\r\n").encode("utf-16"))
    return target


def _rewrite(kind: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], Path]:
    return lambda good: _rewrite_rows(good, badinput.variant(good, kind), change)


def _set(header: str, data_row: int, value: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def change(rows: list[list[str]]) -> list[list[str]]:
        rows[data_row][rows[0].index(header)] = value
        return rows

    return change


def _truncated(good: Path) -> Path:
    """Cut off part-way through the last row, on a character boundary (UTF-16 code units are 2 bytes)."""
    text = good.read_bytes().decode("utf-16").rstrip("\r\n")
    cut = text[: text.rindex("\r\n") + 2 + 25]
    target = badinput.variant(good, "truncated")
    target.write_bytes(cut.encode("utf-16"))
    return target


def _cp1252(good: Path) -> Path:
    """Re-saved by Excel on Windows as "Text (Tab delimited)": cp1252, no BOM."""
    target = badinput.variant(good, "wrong_encoding")
    target.write_bytes(good.read_bytes().decode("utf-16").encode("cp1252", errors="replace"))
    return target


ADS_BAD = {
    "truncated": Bad(_truncated, "truncated_row", row=9, column="Campaign Name"),
    "wrong_encoding": Bad(_cp1252, "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(_rewrite("header_only", lambda rows: rows[:1]), "header_only"),
    "missing_column": Bad(
        _rewrite("missing_column", lambda rows: [r[:4] + r[5:] for r in rows]), "missing_column", column="Campaign ID"
    ),
    "non_numeric": Bad(_rewrite("non_numeric", _set("Clicks", 2, "twelve")), "not_a_number", row=8, column="Clicks"),
    "mangled_id": Bad(
        _rewrite("mangled_id", _set("Campaign ID", 1, "3.12846E+08")),
        "mangled_id",
        row=7,
        column="Campaign ID",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        _rewrite("duplicate_rows", lambda rows: [*rows, rows[1]]), "duplicate_key", row=10, message=("rows 7, 10",)
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def test_ads_bad_input_set_covers_every_kind() -> None:
    assert tuple(ADS_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_ads_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    rows = [replace(ads_day(d), campaign_name="Café stop ☕") for d in (1, 2, 3)]
    good = write_linkedin_ads_campaigns(tmp_path / NAME, rows, "USD")
    badinput.assert_quarantined(home, good, ADS_BAD[kind])
