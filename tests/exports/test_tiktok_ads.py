"""TikTok Ads: the Ads Manager export (CSV) and the Business API report (JSON): detection, exact parsing,
format quirks (full-width header, `4.00%`, `Total` row, string/int numbers, HTTP-200 errors), bad input."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import EXPORT_TYPES, detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.tiktok import (
    ADS_MANAGER_HEADER,
    AdDay,
    ReportRow,
    write_tiktok_ads_manager,
    write_tiktok_ads_report,
    write_tiktok_api_error,
)

Parse = Callable[..., pa.Table]
ACCOUNT = "northwind-tiktok-ads"
ADVERTISER = "7123456789012345678"


def matching(path: Path) -> list[str]:
    sniff = Sniff.of(path)
    return [e.name for e in EXPORT_TYPES if e.matches(sniff)]


def parse_with(path: Path, account: str | None = ACCOUNT) -> pa.Table:
    export = detect(path)
    ctx = FileContext(path, Sniff.of(path), account_hint=account)
    return pa.Table.from_batches(list(export.parse(ctx)), schema=export.arrow_schema())


def raises(path: Path, rule: str, account: str | None = ACCOUNT) -> ExportError:
    with pytest.raises(ExportError) as caught:
        parse_with(path, account)
    assert caught.value.rule == rule, caught.value.message
    assert path.name in caught.value.message
    return caught.value


def ad_day(ad_name: str = "Ridgeline Shell – waterfall", day: date = date(2026, 11, 1), **changes) -> AdDay:
    values = dict(day=day, campaign_name="Holiday Sale, Boots & Jackets", ad_group_name="US 18-34 Outdoor",
                  ad_name=ad_name, website_url="https://northwind.example/ridgeline", currency="USD",
                  cost=Decimal("12.50"), impressions=1000, clicks=40, reach=800, video_views=600, video_views_2s=400,
                  video_views_6s=200, video_views_p25=300, video_views_p50=150, video_views_p75=90,
                  video_views_p100=50, average_play_per_view=Decimal("1.52"), average_play_per_user=Decimal("1.64"),
                  paid_likes=9, clicks_all=55, conversions=2, campaign_budget=Decimal("150.00"))  # fmt: skip
    return AdDay(**{**values, **changes})


def report_row(ad_id: str = "1840200000000000001", day: date = date(2026, 11, 1), **changes) -> ReportRow:
    values = dict(advertiser_id=ADVERTISER, ad_id=ad_id, adgroup_id="1840100000000000001",
                  campaign_id="1714125042508817", campaign_name="Website Traffic – Ridgeline",
                  adgroup_name="US 18-34", ad_name="Ridgeline Shell – waterfall", day=day, spend=Decimal("20.00"),
                  impressions=5830, reach=4806, clicks=69, video_play_actions=5173, likes=36, conversion=0,
                  average_video_play=1.52)  # fmt: skip
    return ReportRow(**{**values, **changes})


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_ads_manager_file_detects_and_parses_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = [s for s in samples if s.export_type == "tiktok_ads_manager"]
    path = landing.joinpath(*sample.path.parts)
    assert matching(path) == ["tiktok_ads_manager"]
    table = parse(path, account_hint=sample.account)
    ads: tuple[AdDay, ...] = sample.rows
    assert table.num_rows == len(ads)  # the Total row is not loaded
    assert sum(table["cost"].to_pylist()) == sum(a.cost for a in ads)
    for column, attribute in (("impressions", "impressions"), ("clicks_destination", "clicks"), ("reach", "reach"),
                              ("video_views_at_100_percent", "video_views_p100"), ("conversions", "conversions"),
                              ("paid_likes", "paid_likes")):  # fmt: skip
        assert sum(table[column].to_pylist()) == sum(getattr(a, attribute) for a in ads), column
    assert table["ctr_destination_percent"].to_pylist() == [float(a.ctr_percent) for a in ads]
    assert set(table["currency"].to_pylist()) == {"USD"}
    assert set(table["account_id"].to_pylist()) == {ACCOUNT}
    assert table["website_url_ad_level"].null_count == 0
    assert table["_row_number"].to_pylist() == list(range(2, len(ads) + 2))
    assert path.read_text(encoding="utf-8-sig").rstrip("\n").rsplit("\n", 1)[1].startswith("Total,")


def test_generated_api_report_detects_and_parses_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = [s for s in samples if s.export_type == "tiktok_ads_report"]
    path = landing.joinpath(*sample.path.parts)
    assert matching(path) == ["tiktok_ads_report"]
    table = parse(path, account_hint=sample.account)
    rows: tuple[ReportRow, ...] = sample.rows
    assert table.num_rows == len(rows)
    assert set(table["advertiser_id"].to_pylist()) == {ADVERTISER}
    assert set(table["account_id"].to_pylist()) == {ACCOUNT}
    assert set(table["data_level"].to_pylist()) == {"AUCTION_AD"}
    assert table["level_id"].to_pylist() == [r.ad_id for r in rows]
    assert table["stat_time_day"].to_pylist() == [r.day for r in rows]
    assert sum(table["spend"].to_pylist()) == sum(r.spend for r in rows)
    assert sum(table["impressions"].to_pylist()) == sum(r.impressions for r in rows)
    assert sum(table["clicks"].to_pylist()) == sum(r.clicks for r in rows)
    likes = [r.likes for r in rows if "likes" not in r.metric_nulls]
    assert table["likes"].null_count == len(rows) - len(likes) > 0
    assert sum(v for v in table["likes"].to_pylist() if v is not None) == sum(likes)
    assert table["secondary_goal_result"].null_count == len(rows)


# ---- Ads Manager quirks ----------------------------------------------------------------------------------


def test_ads_manager_header_has_the_full_width_parenthesis_and_its_ascii_twin_binds_too(tmp_path: Path) -> None:
    full = write_tiktok_ads_manager(tmp_path / "full" / "report.csv", [ad_day()])
    assert "Website URL (Ad level\uff09".encode() in full.read_bytes()
    ascii_ = tmp_path / "ascii" / "report.csv"
    ascii_.parent.mkdir()
    ascii_.write_text(full.read_text(encoding="utf-8-sig").replace("\uff09", ")"), encoding="utf-8")
    for path in (full, ascii_):
        row = parse_with(path).to_pylist()[0]
        assert row["website_url_ad_level"] == "https://northwind.example/ridgeline"
        assert row["_extra"] is None


def test_ads_manager_ctr_percent_string_loads_as_a_percent_number(tmp_path: Path) -> None:
    path = write_tiktok_ads_manager(tmp_path / "report.csv", [ad_day()])
    assert ",4.00%," in path.read_text(encoding="utf-8-sig")
    row = parse_with(path).to_pylist()[0]
    assert (row["ctr_destination_percent"], row["cost"], row["cpc_destination"], row["currency"]) == (
        4.0, Decimal("12.5"), Decimal("0.31"), "USD")  # fmt: skip


@pytest.mark.parametrize("total", ["Total", "Total: 2 results", " Total "])
def test_ads_manager_total_row_is_dropped_wherever_it_is(tmp_path: Path, total: str) -> None:
    path = write_tiktok_ads_manager(tmp_path / "report.csv", [ad_day(), ad_day("Mud test part 2")])
    text = path.read_text(encoding="utf-8-sig").splitlines()
    header, first, second, total_line = text
    moved = [header, total_line.replace("Total", total, 1), first, second]
    path.write_text("\n".join(moved) + "\n", encoding="utf-8")
    table = parse_with(path)
    assert table["ad_name"].to_pylist() == ["Ridgeline Shell – waterfall", "Mud test part 2"]
    assert table["_row_number"].to_pylist() == [3, 4]


def test_ads_manager_formula_looking_names_are_stored_verbatim(tmp_path: Path) -> None:
    names = ["-20% Tundra Bag", "+1 for merino", "=SUM(A1:A9)", "@northwindgear"]
    path = write_tiktok_ads_manager(tmp_path / "report.csv", [ad_day(n) for n in names])
    assert parse_with(path)["ad_name"].to_pylist() == names


def test_ads_manager_blank_budget_is_null(tmp_path: Path) -> None:
    path = write_tiktok_ads_manager(tmp_path / "report.csv", [ad_day(campaign_budget=None)])
    assert parse_with(path)["campaign_budget"].to_pylist() == [None]


def test_ads_manager_without_a_landing_folder_is_missing_account(tmp_path: Path) -> None:
    raises(write_tiktok_ads_manager(tmp_path / "report.csv", [ad_day()]), "missing_account", account=None)


def test_ads_manager_natural_key_is_names_because_the_export_has_no_ids() -> None:
    (export,) = [e for e in EXPORT_TYPES if e.name == "tiktok_ads_manager"]
    assert export.natural_key == ("account_id", "date", "campaign_name", "ad_group_name", "ad_name")
    assert not any(h.lower().endswith(" id") for h in ADS_MANAGER_HEADER)


# ---- API report quirks -----------------------------------------------------------------------------------


def report_document(*items: dict, code: int = 0) -> dict:
    return {"code": code, "message": "OK", "request_id": "20261201081530ABC",
            "data": {"list": list(items), "page_info": {"page": 1, "page_size": 10, "total_number": len(items),
                                                        "total_page": 1}}}  # fmt: skip


def write_json(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_report_reads_numbers_as_strings_or_ints_nulls_and_int_ids(tmp_path: Path) -> None:
    item = {"dimensions": {"stat_time_day": "2024-01-01 00:00:00", "ad_id": 11111111},
            "metrics": {"spend": "20.00", "impressions": "5830", "reach": 4806, "clicks": "69", "ctr": "1.18",
                        "cpc": "0.29", "cpm": "3.43", "frequency": "1.21", "video_play_actions": 5173,
                        "average_video_play": 1.52, "likes": 36, "conversion": "0", "cost_per_result": "0.290",
                        "campaign_id": 1714125042508817, "campaign_name": "Website Traffic20211020010104",
                        "secondary_goal_result": None},
            "advertiser_id": 872746382648}  # fmt: skip
    row = parse_with(write_json(tmp_path / "report.json", report_document(item))).to_pylist()[0]
    assert (row["advertiser_id"], row["level_id"], row["ad_id"], row["campaign_id"]) == (
        "872746382648", "11111111", "11111111", "1714125042508817")  # fmt: skip
    assert (row["spend"], row["impressions"], row["reach"], row["ctr"]) == (Decimal("20"), 5830, 4806, 1.18)
    assert (row["cost_per_result"], row["average_video_play"], row["likes"]) == (Decimal("0.29"), 1.52, 36)
    assert (row["secondary_goal_result"], row["currency"], row["stat_time_day"]) == (None, None, date(2024, 1, 1))


def test_report_level_comes_from_the_id_dimension(tmp_path: Path) -> None:
    item = {"dimensions": {"campaign_id": "1714125042508817", "stat_time_day": "2026-11-01 00:00:00"},
            "metrics": {"spend": "5.00", "campaign_name": "Holiday"}}  # fmt: skip
    row = parse_with(write_json(tmp_path / ADVERTISER / "report.json", report_document(item)), ADVERTISER).to_pylist()
    assert (row[0]["data_level"], row[0]["level_id"], row[0]["advertiser_id"]) == (
        "AUCTION_CAMPAIGN", "1714125042508817", ADVERTISER)  # fmt: skip


def test_report_unknown_metrics_and_dimensions_go_to_extra(tmp_path: Path) -> None:
    item = {"dimensions": {"ad_id": "1", "stat_time_day": "2026-11-01 00:00:00", "country_code": "US"},
            "metrics": {"spend": "5.00", "real_time_app_install": "3"}, "advertiser_id": ADVERTISER}  # fmt: skip
    row = parse_with(write_json(tmp_path / "report.json", report_document(item))).to_pylist()[0]
    assert dict(row["_extra"]) == {"dimensions.country_code": '"US"', "metrics.real_time_app_install": '"3"'}


def test_report_error_answer_is_detected_and_quarantined_as_api_error(home, tmp_path: Path) -> None:
    path = write_tiktok_api_error(tmp_path / ACCOUNT / "report_integrated_get_page1.json")
    assert matching(path) == ["tiktok_ads_report"]
    (result,) = ingest_paths([path], home)
    assert (result.status, result.reason_rule) == ("rejected", "api_error")
    assert "code 40001" in result.reason
    assert "Access token is incorrect or has been revoked." in result.reason
    assert badinput.raw_row_count(home, result) == 0


def test_report_hourly_rows_are_refused_naming_the_day_dimension(tmp_path: Path) -> None:
    item = {"dimensions": {"stat_time_hour": "2024-01-01 09:00:00", "ad_id": "11111111"}, "metrics": {}}
    error = raises(write_json(tmp_path / "report.json", report_document(item)), "missing_column")
    assert (error.row, error.column) == (1, "dimensions.stat_time_day")
    assert "hourly" in error.message


def test_report_day_with_a_time_of_day_is_bad_date(tmp_path: Path) -> None:
    item = {"dimensions": {"stat_time_day": "2024-01-01 09:00:00", "ad_id": "1"}, "metrics": {}}
    error = raises(write_json(tmp_path / "report.json", report_document(item)), "bad_date")
    assert (error.row, error.column) == (1, "dimensions.stat_time_day")


def test_other_json_is_not_a_tiktok_report(tmp_path: Path) -> None:
    path = write_json(tmp_path / "insights.json", {"data": [{"id": "1", "name": "x"}], "paging": {}})
    assert matching(path) == []


# ---- the bad-input sets, through the loader ----------------------------------------------------------------

BOM = CsvStyle(encoding="utf-8-sig")


def cp1252_resave(good: Path) -> Path:
    """Excel's Latin-1 "CSV" re-save: no BOM, Windows-1252 bytes (the en dash becomes 0x96)."""
    return badinput.reencoded(good, source="utf-8-sig")


# The Ads Manager export has no ids at all; what a spreadsheet mangles in it is the day, `2026-11-01`
# re-saved as `11/1/2026`, which is bad_date. The Total row is the last line, so a download cut off in
# the middle of it is a short row (truncated_row) at that line.
ADS_MANAGER_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=5),
    "wrong_encoding": Bad(cp1252_resave, "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(badinput.rewrite(BOM, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(BOM, "missing_column", badinput.drop_column("Ad group name")),
        "missing_column",
        column="Ad group name",
    ),
    "non_numeric": Bad(
        badinput.rewrite(BOM, "non_numeric", badinput.set_cell("Impressions", 2, "n/a")),
        "not_a_number",
        row=3,
        column="Impressions",
    ),
    "mangled_id": Bad(
        badinput.rewrite(BOM, "mangled_id", badinput.set_cell("By Day", 1, "11/1/2026")),
        "bad_date",
        row=2,
        column="By Day",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(BOM, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=6,
        message=("rows 2, 6",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def json_variant(kind: str, change: Callable[[dict], object]) -> Callable[[Path], Path]:
    """A mutator applying `change` to the parsed response and writing it back compact, as the API does."""

    def make(good: Path) -> Path:
        document = json.loads(good.read_text(encoding="utf-8"))
        changed = change(document)
        path = badinput.variant(good, kind)
        path.write_text(json.dumps(document if changed is None else changed, ensure_ascii=False,
                                   separators=(",", ":")), encoding="utf-8")  # fmt: skip
        return path

    return make


def json_truncated(good: Path) -> Path:
    data = good.read_bytes()
    path = badinput.variant(good, "truncated")
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def _item(document: dict, number: int) -> dict:
    return document["data"]["list"][number - 1]


REPORT_BAD = {
    "truncated": Bad(json_truncated, "truncated_file", row=1, message=("cut off",)),
    "wrong_encoding": Bad(lambda good: badinput.reencoded(good), "bad_encoding", message=("not UTF-8",)),
    "header_only": Bad(
        json_variant("header_only", lambda d: d["data"].update(list=[])), "header_only", message=("no records",)
    ),
    "missing_column": Bad(
        json_variant("missing_column", lambda d: _item(d, 2)["dimensions"].pop("stat_time_day") and None),
        "missing_column",
        row=2,
        column="dimensions.stat_time_day",
    ),
    "non_numeric": Bad(
        json_variant("non_numeric", lambda d: _item(d, 2)["metrics"].update(impressions="twelve")),
        "not_a_number",
        row=2,
        column="metrics.impressions",
    ),
    "mangled_id": Bad(
        json_variant("mangled_id", lambda d: _item(d, 1)["dimensions"].update(ad_id=1.8402e18)),
        "mangled_id",
        row=1,
        column="dimensions.ad_id",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        json_variant("duplicate_rows", lambda d: d["data"]["list"].append(_item(d, 1))),
        "duplicate_key",
        row=4,
        message=("rows 1, 4",),
    ),
    "unknown_file": Bad(
        json_variant("unknown_file", lambda d: {"data": [{"id": "1", "impressions": "5"}], "paging": {}}),
        "unknown_export",
        message=("nearest known types",),
    ),
}


@pytest.mark.parametrize("bad", [ADS_MANAGER_BAD, REPORT_BAD])
def test_tiktok_ads_bad_input_sets_cover_every_kind(bad: dict) -> None:
    assert tuple(bad) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_ads_manager_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    ads = [ad_day(), ad_day("-20% Tundra Bag"), ad_day("Mud test part 2")]
    good = write_tiktok_ads_manager(tmp_path / "Northwind Gear Ad report.csv", ads)
    badinput.assert_quarantined(home, good, ADS_MANAGER_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_api_report_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    rows = [report_row(f"184020000000000000{n}", ad_name=f"Café stop {n} – Ridgeline") for n in range(3)]
    good = write_tiktok_ads_report(tmp_path / "report_integrated_get_page1.json", rows)
    badinput.assert_quarantined(home, good, REPORT_BAD[kind])


def test_report_rows_of_two_days_are_two_keys(tmp_path: Path) -> None:
    rows = [report_row(day=date(2026, 11, 1)), replace(report_row(day=date(2026, 11, 2)), spend=Decimal("7.25"))]
    table = parse_with(write_tiktok_ads_report(tmp_path / "report.json", rows))
    assert table["stat_time_day"].to_pylist() == [date(2026, 11, 1), date(2026, 11, 2)]
    assert table["spend"].to_pylist() == [Decimal("20"), Decimal("7.25")]


def test_csv_header_constant_matches_the_written_file(tmp_path: Path) -> None:
    path = write_tiktok_ads_manager(tmp_path / "report.csv", [ad_day()])
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == ADS_MANAGER_HEADER
    assert path.read_bytes().startswith(b"\xef\xbb\xbfBy Day,Campaign name,")
