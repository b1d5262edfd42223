"""Instagram Graph API JSON (media, media insights, account insights): detection, exact parsing of generated
files, the format's quirks on hand-written responses, error bodies and the bad-input set."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad
from graph_cases import (
    common_bad,
    edit,
    expected_rows,
    insights_bad,
    json_mutator,
    matching,
    of_type,
    set_key,
)

from ingest.exports import detect
from ingest.exports.base import ExportError
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.instagram import (
    Insight,
    Media,
    day_end_time,
    days,
    write_graph_json,
    write_instagram_account_insights,
    write_instagram_media,
    write_instagram_media_insights,
)

Parse = Callable[..., pa.Table]
USER = "17841400000000001"
MEDIA_A, MEDIA_B = "18011111111111111", "18022222222222222"


def media(media_id: str = MEDIA_A, **changes: object) -> Media:
    base = Media(
        media_id=media_id,
        caption="Café stop on the Ridgeline trail ☕",
        comments_count=4,
        like_count=120,
        media_type="IMAGE",
        media_product_type="FEED",
        shortcode="CtZs0Y3v2lx",
        timestamp=datetime(2026, 10, 12, 19, 20, 2, tzinfo=UTC),
    )
    return replace(base, **changes)


def lifetime(object_id: str, name: str, value: object, **kw: object) -> Insight:
    return Insight(object_id, name, "lifetime", "Couverture", "Nombre de comptes uniques qui ont vu votre réel.",
                   values=((value, None),), **kw)  # fmt: skip


def daily(name: str, by_day: dict[date, object], period: str = "day") -> Insight:
    values = tuple((v, day_end_time(d)) for d, v in by_day.items())
    return Insight(USER, name, period, name.title(), "Portée", values=values)


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_media_file_detects_and_parses_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "instagram_media")
    path = landing.joinpath(*sample.path.parts)
    assert detect(path).name == "instagram_media"
    table = parse(path, account_hint=sample.account)
    rows: tuple[Media, ...] = sample.rows
    assert 15 <= len(rows) <= 25
    assert table.num_rows == len(rows)
    assert table["media_id"].to_pylist() == [m.media_id for m in rows]
    assert set(table["account_id"].to_pylist()) == {USER}
    assert sum(table["like_count"].to_pylist()) == sum(m.like_count for m in rows)
    assert sum(table["comments_count"].to_pylist()) == sum(m.comments_count for m in rows)
    assert table["caption"].to_pylist() == [m.caption for m in rows]
    assert table["timestamp"].to_pylist() == [m.timestamp for m in rows]
    assert sum(c or 0 for c in table["children_count"].to_pylist()) == sum(len(m.children or ()) for m in rows)
    assert table["_row_number"].to_pylist() == list(range(1, len(rows) + 1))


def test_generated_media_insights_parse_to_one_row_per_metric_value(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "instagram_media_insights")
    path = landing.joinpath(*sample.path.parts)
    assert detect(path).name == "instagram_media_insights"
    assert json.loads(path.read_text(encoding="utf-8"))[0].keys() == {"data"}  # a list of per-media responses
    table = parse(path, account_hint=sample.account)
    insights: tuple[Insight, ...] = sample.rows
    assert table.num_rows == sum(len(expected_rows(i)) for i in insights)
    assert table["_row_number"].to_pylist() == list(range(1, len(insights) + 1))  # numbered across responses
    sums: Counter[str] = Counter()
    for row in table.to_pylist():
        sums[row["metric"]] += row["value"]
    expected: Counter[str] = Counter()
    for insight in insights:
        expected[insight.name] += sum(r[2] for r in expected_rows(insight))
    assert sums == expected
    assert {"reach", "views", "ig_reels_avg_watch_time", "saved"} <= set(sums)
    assert set(table["media_id"].to_pylist()) == {i.object_id for i in insights}
    assert set(table["value_form"].to_pylist()) == {"values", "total_value"}


def test_generated_account_insights_parse_with_exact_totals_and_days(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "instagram_account_insights")
    path = landing.joinpath(*sample.path.parts)
    assert detect(path).name == "instagram_account_insights"
    table = parse(path)
    insights: tuple[Insight, ...] = sample.rows
    expected = [r for i in insights for r in expected_rows(i)]
    assert table.num_rows == len(expected)
    assert sum(table["value"].to_pylist()) == sum(r[2] for r in expected)
    assert set(table["account_id"].to_pylist()) == {USER}
    reach = [r for r in table.to_pylist() if (r["metric"], r["period"]) == ("reach", "day")]
    assert [r["date"] for r in reach] == days(date(2026, 10, 1), date(2026, 11, 30))  # DST switch included
    assert [r["end_time"].hour for r in reach[29:33]] == [7, 7, 8, 8]  # ends of Oct 30, 31, Nov 1, 2
    undated = [r for r in table.to_pylist() if r["end_time"] is None]
    assert {(r["date"], r["date_basis"]) for r in undated} == {(sample.exported_at.date(), "as_of")}


# ---- format quirks, on hand-written responses ------------------------------------------------------------


def test_end_time_marks_the_end_of_a_pacific_day_across_the_dst_switch(tmp_path: Path, parse: Parse) -> None:
    path = write_graph_json(tmp_path / "account.json", {"data": [{
        "name": "reach", "period": "day", "values": [
            {"value": 10, "end_time": "2026-10-02T07:00:00+0000"},
            {"value": 11, "end_time": "2026-11-01T07:00:00+0000"},
            {"value": 12, "end_time": "2026-11-02T08:00:00+0000"},
            {"value": 13, "end_time": "2026-11-03T08:00:00+0000"}],
        "title": "Reach", "description": "", "id": f"{USER}/insights/reach/day"}]}, None)  # fmt: skip
    rows = parse(path).to_pylist()
    assert [r["date"] for r in rows] == [date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 2)]
    assert rows[2]["end_time"] == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert {r["date_basis"] for r in rows} == {"end_time"}


def test_values_and_total_value_forms_both_load_and_impressions_stays_apart_from_views(
    tmp_path: Path, parse: Parse
) -> None:
    insights = [
        lifetime(MEDIA_A, "impressions", 1800),
        Insight(MEDIA_A, "views", "lifetime", "Views", "", total=2400, total_value_form=True),
        lifetime(MEDIA_A, "reach", 1500),
    ]
    path = write_instagram_media_insights(tmp_path / "insights.json", insights, concatenated=False)
    assert matching(path) == ["instagram_media_insights"]
    rows = {r["metric"]: r for r in parse(path, account_hint="northwindgear").to_pylist()}
    assert (rows["impressions"]["value"], rows["views"]["value"]) == (1800, 2400)
    assert (rows["impressions"]["value_form"], rows["views"]["value_form"]) == ("values", "total_value")
    assert rows["views"]["media_id"] == MEDIA_A


def test_media_insights_file_may_hold_several_media_in_either_form(tmp_path: Path, parse: Parse) -> None:
    insights = [lifetime(MEDIA_A, "reach", 10), lifetime(MEDIA_A, "saved", 2), lifetime(MEDIA_B, "reach", 30)]
    one = parse(write_instagram_media_insights(tmp_path / "one.json", insights, concatenated=False), account_hint="a")
    many = parse(write_instagram_media_insights(tmp_path / "many.json", insights), account_hint="a")
    assert json.loads((tmp_path / "many.json").read_text(encoding="utf-8")) == [
        {"data": [insights[0].element(), insights[1].element()]}, {"data": [insights[2].element()]}]  # fmt: skip
    assert one.to_pylist() == many.to_pylist()
    assert one["media_id"].to_pylist() == [MEDIA_A, MEDIA_A, MEDIA_B]


def test_reel_watch_times_stay_in_milliseconds_and_fractions_go_to_value_double(tmp_path: Path, parse: Parse) -> None:
    insights = [lifetime(MEDIA_A, "ig_reels_avg_watch_time", 12549), lifetime(MEDIA_A, "reach", 2006.5)]
    rows = parse(write_instagram_media_insights(tmp_path / "reel.json", insights), account_hint="a").to_pylist()
    assert (rows[0]["value"], rows[0]["value_double"]) == (12549, None)
    assert (rows[1]["value"], rows[1]["value_double"]) == (None, 2006.5)
    assert rows[0]["title"] == "Couverture"  # localized labels are kept, never used as keys


def test_breakdowns_and_object_values_become_one_row_per_key(tmp_path: Path, parse: Parse) -> None:
    insights = [
        Insight(USER, "follower_demographics", "lifetime", "Follower demographics", "",
                breakdowns=((("age", "gender"), ((("18-24", "F"), 10), (("25-34", "U"), 2))),),
                total_value_form=True),
        Insight(USER, "follower_demographics", "lifetime", "Follower demographics", "",
                breakdowns=((("city",), ((("London, England",), 7),)),), total_value_form=True),
        daily("online_followers", {date(2026, 11, 30): {str(h): 100 + h for h in range(24)}}, period="lifetime"),
        daily("audience_gender_age", {date(2026, 11, 30): {"F.18-24": 5, "M.65+": 1}}, period="lifetime"),
        daily("reach", {date(2026, 11, 30): {}}),  # no data: an empty object, no rows
    ]  # fmt: skip
    path = write_instagram_account_insights(tmp_path / "account.json", insights)
    assert matching(path) == ["instagram_account_insights"]
    rows = parse(path).to_pylist()
    keys = [(r["metric"], r["breakdown"], r["breakdown_value"], r["value"]) for r in rows]
    assert keys[:3] == [("follower_demographics", "age,gender", "18-24,F", 10),
                        ("follower_demographics", "age,gender", "25-34,U", 2),
                        ("follower_demographics", "city", "London, England", 7)]  # fmt: skip
    hours = [k for k in keys if k[0] == "online_followers"]
    assert len(hours) == 24 and hours[23] == ("online_followers", "key", "23", 123)
    assert [k for k in keys if k[0] == "audience_gender_age"] == [
        ("audience_gender_age", "key", "F.18-24", 5),
        ("audience_gender_age", "key", "M.65+", 1),
    ]
    assert not [k for k in keys if k[0] == "reach"]
    assert {r["breakdown"] for r in rows if r["metric"] == "online_followers"} == {"key"}


def test_plain_values_have_empty_breakdown_strings_not_null(tmp_path: Path, parse: Parse) -> None:
    path = write_instagram_account_insights(tmp_path / "a.json", [daily("reach", {date(2026, 10, 5): 900})])
    row = parse(path).to_pylist()[0]
    assert (row["breakdown"], row["breakdown_value"], row["date"]) == ("", "", date(2026, 10, 5))


def test_formula_looking_captions_are_kept_verbatim(tmp_path: Path, parse: Parse) -> None:
    captions = ['=HYPERLINK("x")', "+1 reason", "@alpine_jo shot this", "-20% today", None]
    ids = [f"1801111111111111{n}" for n in range(len(captions))]
    path = write_instagram_media(tmp_path / "m.json", [media(i, caption=c) for i, c in zip(ids, captions, strict=True)])
    assert parse(path)["caption"].to_pylist() == captions


def test_carousel_children_and_account_fallbacks(tmp_path: Path, parse: Parse) -> None:
    album = media(MEDIA_A, media_type="CAROUSEL_ALBUM", children=("18033333333333333", "18044444444444444"))
    path = write_instagram_media(tmp_path / "m.json", [album, media(MEDIA_B)])
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["data"][1]["owner"]
    write_graph_json(path, document, None)
    rows = parse(path, account_hint="folder").to_pylist()
    assert (rows[0]["children_ids"], rows[0]["children_count"]) == ("18033333333333333,18044444444444444", 2)
    assert (rows[0]["account_id"], rows[1]["account_id"]) == (USER, "northwindgear")  # owner.id, then username
    del document["data"][1]["username"]
    write_graph_json(path, document, None)
    assert parse(path, account_hint="folder")["account_id"].to_pylist() == [USER, "folder"]


def test_media_and_account_insights_are_told_apart_by_content(tmp_path: Path) -> None:
    lifetime_only = write_instagram_account_insights(tmp_path / "1.json", [lifetime(USER, "reach", 5)])
    with_end_time = write_instagram_account_insights(tmp_path / "2.json", [daily("reach", {date(2026, 10, 1): 5})])
    account_metric = write_instagram_account_insights(tmp_path / "3.json", [
        Insight(USER, "follower_demographics", "lifetime", "", "", breakdowns=((("country",), ((("US",), 1),)),),
                total_value_form=True)])  # fmt: skip
    day_total = write_instagram_account_insights(tmp_path / "4.json", [
        Insight(USER, "views", "day", "", "", total=5, total_value_form=True)])  # fmt: skip
    assert matching(lifetime_only) == ["instagram_media_insights"]  # lifetime, no end_time: a media response
    assert matching(with_end_time) == ["instagram_account_insights"]
    assert matching(account_metric) == ["instagram_account_insights"]
    assert matching(day_total) == ["instagram_account_insights"]


def test_media_insights_without_a_landing_folder_are_missing_account(tmp_path: Path, parse: Parse) -> None:
    path = write_instagram_media_insights(tmp_path / "i.json", [lifetime(MEDIA_A, "reach", 1)])
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert caught.value.rule == "missing_account"


def test_bad_end_time_names_record_and_field(tmp_path: Path, parse: Parse) -> None:
    path = write_graph_json(tmp_path / "a.json", {"data": [
        {"name": "reach", "period": "day", "values": [{"value": 1, "end_time": "2026-10-02T07:00:00+0000"}],
         "id": f"{USER}/insights/reach/day"},
        {"name": "reach", "period": "week", "values": [{"value": 1, "end_time": "10/02/2026"}],
         "id": f"{USER}/insights/reach/week"}]}, None)  # fmt: skip
    with pytest.raises(ExportError) as caught:
        parse(path)
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("bad_date", 2, "values[0].end_time")


# ---- error bodies ------------------------------------------------------------------------------------------

ERROR_BODY = {"error": {"message": "Invalid parameter", "type": "OAuthException", "code": 100,
                        "error_subcode": 2108006, "is_transient": False,
                        "error_user_title": "Media posted before business account conversion",
                        "fbtrace_id": "AbCdEf123"}}  # fmt: skip


def test_graph_api_error_body_is_quarantined_as_api_error_with_metas_message(home, tmp_path: Path) -> None:
    path = write_graph_json(tmp_path / "media_insights_2026-12-01.json", ERROR_BODY, None)
    assert matching(path) == ["instagram_media_insights"]  # exactly one type claims error bodies
    (result,) = ingest_paths([path], home)
    assert (result.status, result.reason_rule) == ("rejected", "api_error")
    for fragment in ("Invalid parameter", "code 100", "error_subcode 2108006", "OAuthException",
                     "Media posted before business account conversion", "media_insights_2026-12-01.json"):  # fmt: skip
        assert fragment in result.reason, fragment


def test_error_inside_a_list_of_responses_names_its_position(tmp_path: Path, parse: Parse) -> None:
    good = {"data": [lifetime(MEDIA_A, "reach", 3).element()]}
    path = write_graph_json(tmp_path / "i.json", [good, good, ERROR_BODY], None)
    with pytest.raises(ExportError) as caught:
        parse(path, account_hint="a")
    assert (caught.value.rule, caught.value.row) == ("api_error", 3)
    assert "response 3" in caught.value.message


# ---- the bad-input set, through the loader ----------------------------------------------------------------


MEDIA_BAD = common_bad(
    3,
    # `{"data": []}` names no fields, so no type can claim it by content (a Marketing API or any other Graph
    # edge answers the same): it is an unknown export, not this type's header_only.
    header_only=Bad(json_mutator("header_only", lambda d: {"data": [], "paging": {}}), "unknown_export"),
    missing=Bad(json_mutator("missing_column", edit(1, lambda m: m.pop("timestamp"))), "missing_column", row=2,
                column="timestamp"),
    non_numeric=Bad(json_mutator("non_numeric", edit(1, set_key("like_count", "twelve"))), "not_a_number", row=2,
                    column="like_count"),
    mangled=Bad(json_mutator("mangled_id", edit(0, set_key("id", 1.80111e16))), "mangled_id", row=1, column="id",
                message=("scientific notation",)),
)  # fmt: skip


MEDIA_INSIGHTS_BAD = insights_bad(3, "1.80111E+16/insights/reach/lifetime")
ACCOUNT_BAD = insights_bad(3, "1.78414E+16/insights/reach/day")


def test_bad_input_sets_cover_every_kind() -> None:
    for bad in (MEDIA_BAD, MEDIA_INSIGHTS_BAD, ACCOUNT_BAD):
        assert tuple(bad) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_media_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    good = write_instagram_media(tmp_path / "media_2026-12-01.json",
                                 [media(MEDIA_A), media(MEDIA_B), media("18055555555555555")])  # fmt: skip
    badinput.assert_quarantined(home, good, MEDIA_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_media_insights_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    insights = [lifetime(MEDIA_A, "reach", 10), lifetime(MEDIA_A, "views", 20), lifetime(MEDIA_B, "reach", 5)]
    good = write_instagram_media_insights(tmp_path / "media_insights_2026-12-01.json", insights)
    badinput.assert_quarantined(home, good, MEDIA_INSIGHTS_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_account_insights_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    days = {date(2026, 10, 1): 100, date(2026, 10, 2): 120}
    insights = [daily("reach", days), daily("follower_count", days), daily("reach", days, period="week")]
    good = write_instagram_account_insights(tmp_path / "account_insights.json", insights)
    badinput.assert_quarantined(home, good, ACCOUNT_BAD[kind])
