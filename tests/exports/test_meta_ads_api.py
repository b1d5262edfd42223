"""Meta Marketing API insights JSON: detection, exact parsing, quirks, bad input (JSON mutators)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.meta_ads_api import MetaAdsInsights
from ingest.samples import SampleFile
from ingest.samples.meta_ads import InsightRow

Parse = Callable[..., pa.Table]
INSIGHTS = MetaAdsInsights()
DOC_ROW = {  # platform-formats.md 2h: the documented row plus the typical actions
    "account_id": "1029384756102938",
    "campaign_id": "120210000000000001",
    "campaign_name": "Fall Launch – Ridgeline Shell",
    "date_start": "2025-03-14",
    "date_stop": "2025-04-12",
    "impressions": "361324",
    "reach": "800",
    "frequency": "1.25",
    "clicks": "40",
    "inline_link_clicks": "30",
    "ctr": "4.0",
    "cpc": "0.5",
    "cpm": "15",
    "spend": "5339.5",
    "account_currency": "USD",
    "actions": [{"action_type": "link_click", "value": "30"}, {"action_type": "purchase", "value": "2"}],
    "action_values": [{"action_type": "purchase", "value": "90.5"}],
    "purchase_roas": [{"action_type": "omni_purchase", "value": "6.03"}],
    "video_thruplay_watched_actions": [{"action_type": "video_view", "value": "120"}],
}


def write(path: Path, rows: list[dict], **envelope: object) -> Path:
    document = {"data": rows, "paging": {"cursors": {"before": "MAZDZD", "after": "MAZDZD"}}, **envelope}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def parse_error(path: Path, account_hint: str | None = "northwind-ads-us") -> ExportError:
    with pytest.raises(ExportError) as caught:
        list(INSIGHTS.parse(FileContext(path, Sniff.of(path), account_hint=account_hint)))
    assert path.name in caught.value.message
    return caught.value


def test_generated_insights_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = [s for s in samples if s.export_type == "meta_ads_insights"]
    rows: tuple[InsightRow, ...] = sample.rows
    path = landing.joinpath(*sample.path.parts)
    assert path.read_bytes().isascii() and b'"data":[{' in path.read_bytes()  # compact, \\u-escaped, like the API
    assert detect(path).name == "meta_ads_insights"
    table = parse(path, account_hint=sample.account)
    assert table.num_rows == len(rows) == 28
    assert set(table["currency"].to_pylist()) == {"USD"}
    assert set(table["account_id"].to_pylist()) == {"1029384756102938"}
    assert table["campaign_name"].to_pylist() == [r.campaign_name for r in rows]
    assert sum(table["spend"].to_pylist()) == sum(r.spend for r in rows)
    assert sum(table["impressions"].to_pylist()) == sum(r.impressions for r in rows)
    assert sum(table["link_clicks"].to_pylist()) == sum(r.link_clicks for r in rows)
    assert sum(p for p in table["purchases"].to_pylist() if p) == sum(r.purchases or 0 for r in rows)
    values = [v for v in table["purchase_value"].to_pylist() if v is not None]
    assert sum(values) == sum(r.purchase_value for r in rows if r.purchases and r.purchase_value)
    assert table["purchase_roas"].null_count == sum(not r.purchases for r in rows)  # key missing: NULL
    assert set(table["adset_id"].to_pylist()) == set(table["ad_id"].to_pylist()) == {""}
    assert table["date_start"].to_pylist() == table["date_stop"].to_pylist() == [r.day for r in rows]


def test_documented_row_reads_strings_as_numbers_and_money(tmp_path: Path, parse: Parse) -> None:
    path = write(tmp_path / "insights.json", [DOC_ROW])
    assert detect(path).name == "meta_ads_insights"
    (row,) = parse(path).to_pylist()
    assert (row["impressions"], row["reach"], row["clicks"], row["inline_link_clicks"]) == (361324, 800, 40, 30)
    assert (row["spend"], row["cpc"], row["cpm"], row["currency"]) == (
        Decimal("5339.5000"), Decimal("0.5000"), Decimal("15.0000"), "USD",
    )  # fmt: skip
    assert (row["ctr"], row["frequency"]) == (4.0, 1.25)
    assert (row["date_start"], row["date_stop"]) == (date(2025, 3, 14), date(2025, 4, 12))
    assert (row["link_clicks"], row["purchases"], row["purchase_value"], row["purchase_roas"]) == (
        30.0, 2.0, Decimal("90.5000"), 6.03,
    )  # fmt: skip
    assert row["landing_page_views"] is None  # no such action: NULL, never 0
    assert json.loads(row["actions_json"]) == DOC_ROW["actions"]
    assert row["campaign_name"] == "Fall Launch – Ridgeline Shell"
    thruplays = json.dumps(DOC_ROW["video_thruplay_watched_actions"])
    assert row["_extra"] == [("video_thruplay_watched_actions", thruplays)]  # unknown keys: JSON text in _extra


def test_purchase_variants_are_never_added(tmp_path: Path, parse: Parse) -> None:
    variants = ["offsite_conversion.fb_pixel_purchase", "omni_purchase", "onsite_web_purchase", "purchase"]
    record = {**DOC_ROW, "actions": [{"action_type": t, "value": "3"} for t in variants]}
    (row,) = parse(write(tmp_path / "insights.json", [record])).to_pylist()
    assert row["purchases"] == 3.0


def test_missing_purchase_roas_and_actions_are_null(tmp_path: Path, parse: Parse) -> None:
    record = {k: v for k, v in DOC_ROW.items() if k not in ("actions", "action_values", "purchase_roas")}
    (row,) = parse(write(tmp_path / "insights.json", [record])).to_pylist()
    assert row["purchases"] is row["purchase_roas"] is row["purchase_value"] is row["actions_json"] is None


def test_attribution_window_keys_are_kept_in_the_json_text(tmp_path: Path, parse: Parse) -> None:
    actions = [{"action_type": "link_click", "value": 1.0, "1d_click": 1.0, "7d_click": 1.0, "28d_click": 1.0}]
    (row,) = parse(write(tmp_path / "insights.json", [{**DOC_ROW, "actions": actions}])).to_pylist()
    assert row["link_clicks"] == 1.0
    assert json.loads(row["actions_json"]) == actions


def test_absent_levels_are_empty_strings_and_the_folder_is_the_account(tmp_path: Path, parse: Parse) -> None:
    record = {k: v for k, v in DOC_ROW.items() if k not in ("account_id", "campaign_id", "campaign_name")}
    (row,) = parse(write(tmp_path / "insights.json", [record]), account_hint="northwind-ads-us").to_pylist()
    assert (row["account_id"], row["campaign_id"], row["adset_id"], row["ad_id"]) == ("northwind-ads-us", "", "", "")


def test_record_without_account_currency_is_missing_currency(tmp_path: Path) -> None:
    record = {k: v for k, v in DOC_ROW.items() if k != "account_currency"}
    error = parse_error(write(tmp_path / "insights.json", [DOC_ROW, record]))
    assert (error.rule, error.row, error.column) == ("missing_currency", 2, "account_currency")


def test_breakdown_rows_are_rejected(tmp_path: Path) -> None:
    error = parse_error(write(tmp_path / "insights.json", [{**DOC_ROW, "age": "65+", "gender": "female"}]))
    assert (error.rule, error.row, error.column) == ("unsupported_breakdown", 1, "age")


def test_api_error_response_is_rejected_with_metas_message(tmp_path: Path) -> None:
    path = tmp_path / "insights.json"
    path.write_text(json.dumps({"error": {"message": "Invalid OAuth access token.", "code": 190}}))
    error = parse_error(path)
    assert error.rule == "api_error" and "Invalid OAuth access token." in error.message


def test_number_as_a_json_number_in_an_id_is_a_mangled_id(tmp_path: Path) -> None:
    error = parse_error(write(tmp_path / "insights.json", [{**DOC_ROW, "campaign_id": 1.2021e17}]))
    assert (error.rule, error.row, error.column) == ("mangled_id", 1, "campaign_id")


# ---- the bad-input set, through the loader (JSON mutators) -------------------------------------------------


def _variant(kind: str, change: Callable[[dict], dict]) -> Callable[[Path], Path]:
    def make(good: Path) -> Path:
        document = json.loads(good.read_text(encoding="utf-8"))
        path = badinput.variant(good, kind)
        path.write_text(json.dumps(change(document), separators=(",", ":")), encoding="utf-8")
        return path

    return make


def _set(index: int, key: str, value: object) -> Callable[[dict], dict]:
    def change(document: dict) -> dict:
        document["data"][index][key] = value
        return document

    return change


def _drop(key: str) -> Callable[[dict], dict]:
    def change(document: dict) -> dict:
        for record in document["data"]:
            record.pop(key, None)
        return document

    return change


def _cut(good: Path) -> Path:
    """The response cut off half-way (an interrupted download; the API writes it on one line), after a comma
    between two fields. (Cut inside a string, jsondoc.read_json reports 'malformed_json', not
    'truncated_file': Python names the string's start as the error position.)"""
    data = good.read_bytes()
    path = badinput.variant(good, "truncated")
    path.write_bytes(data[: data.rindex(b", ", 0, len(data) // 2) + 1])
    return path


def _latin1(good: Path) -> Path:
    """The response re-saved as Latin-1 (its `–` and `é` unescaped first, as a text editor shows them)."""
    text = json.dumps(json.loads(good.read_text(encoding="utf-8")), ensure_ascii=False)
    path = badinput.variant(good, "wrong_encoding")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    return path


BAD = {
    "truncated": Bad(_cut, "truncated_file", row=1, message=("cut off",)),
    "wrong_encoding": Bad(_latin1, "bad_encoding", message=("not UTF-8",)),
    # An empty page (`{"data":[],"paging":...}`) names none of the insights fields, so nothing says what it
    # is: it is an unknown file, quarantined with the keys it has.
    "header_only": Bad(
        _variant("header_only", lambda d: {**d, "data": []}),
        "unknown_export",
        message=("headers seen: ['data', 'paging'",),
    ),
    # `date_stop` is required; detection (data, date_start, date_stop, spend: 75 % left) names it as missing.
    "missing_column": Bad(_variant("missing_column", _drop("date_stop")), "missing_column", column="date_stop"),
    "non_numeric": Bad(
        _variant("non_numeric", _set(1, "impressions", "lots")), "not_a_number", row=2, column="impressions"
    ),  # fmt: skip
    "mangled_id": Bad(
        _variant("mangled_id", _set(0, "campaign_id", "1.20211E+17")),
        "mangled_id",
        row=1,
        column="campaign_id",
        message=("scientific notation",),
    ),  # fmt: skip
    "duplicate_rows": Bad(
        _variant("duplicate_rows", lambda d: {**d, "data": [*d["data"], d["data"][0]]}),
        "duplicate_key",
        row=4,
        message=("rows 1, 4",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def test_bad_input_set_covers_every_kind() -> None:
    assert tuple(BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    rows = [
        {**DOC_ROW, "campaign_id": f"12021000000000000{n}", "campaign_name": f"Soldes d'été – {n}"} for n in range(3)
    ]
    good = write(tmp_path / "insights_campaign_daily.json", rows)
    badinput.assert_quarantined(home, good, BAD[kind], account="northwind-ads-us")
