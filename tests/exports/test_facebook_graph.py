"""Facebook Page and post insights (Graph API JSON): detection, exact parsing of generated files, the
format's quirks on hand-written responses, error bodies and the bad-input set."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from graph_cases import expected_rows, insights_bad, matching, of_type

from ingest.exports import detect
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.facebook import write_facebook_page_insights, write_facebook_post_insights
from ingest.samples.instagram import Insight, day_end_time, days, write_graph_json

Parse = Callable[..., pa.Table]
PAGE = "100000000000001"
POST_A, POST_B = f"{PAGE}_1220000000000001", f"{PAGE}_1220000000000002"


def daily(name: str, by_day: dict[date, object], period: str = "day", page: str = PAGE) -> Insight:
    values = tuple((v, day_end_time(d)) for d, v in by_day.items())
    return Insight(page, name, period, name, "Quotidien : portée de la Page", values=values)


def lifetime(post: str, name: str, value: object) -> Insight:
    return Insight(post, name, "lifetime", name, "Durée de vie : vues", values=((value, None),))


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_page_insights_parse_with_exact_totals_per_metric(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "facebook_page_insights")
    path = landing.joinpath(*sample.path.parts)
    assert detect(path).name == "facebook_page_insights"
    table = parse(path, account_hint=sample.account)
    insights: tuple[Insight, ...] = sample.rows
    assert table.num_rows == sum(len(expected_rows(i)) for i in insights)
    sums, expected = Counter(), Counter()
    for row in table.to_pylist():
        sums[row["metric"]] += row["value"]
    for insight in insights:
        expected[insight.name] += sum(r[2] for r in expected_rows(insight))
    assert sums == expected
    assert set(table["page_id"].to_pylist()) == set(table["account_id"].to_pylist()) == {PAGE}
    views = [r for r in table.to_pylist() if r["metric"] == "page_media_view"]
    assert [r["date"] for r in views] == days(date(2026, 10, 1), date(2026, 11, 30))
    reactions = {r["breakdown_value"] for r in table.to_pylist() if r["metric"] == "page_actions_post_reactions_total"}
    assert reactions <= {"like", "love", "wow", "haha", "sorry", "anger"} and "like" in reactions


def test_generated_post_insights_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "facebook_post_insights")
    path = landing.joinpath(*sample.path.parts)
    assert detect(path).name == "facebook_post_insights"
    table = parse(path, account_hint=sample.account)
    insights: tuple[Insight, ...] = sample.rows
    assert table.num_rows == sum(len(expected_rows(i)) for i in insights)
    assert sum(table["value"].to_pylist()) == sum(r[2] for i in insights for r in expected_rows(i))
    assert set(table["post_id"].to_pylist()) == {i.object_id for i in insights}
    assert len(set(table["post_id"].to_pylist())) == 12
    assert set(table["page_id"].to_pylist()) == {PAGE}
    assert set(table["end_time"].to_pylist()) == {None}


# ---- format quirks ---------------------------------------------------------------------------------------


def test_page_days_follow_the_pacific_end_time_rule_in_winter_and_summer(tmp_path: Path, parse: Parse) -> None:
    path = write_graph_json(
        tmp_path / "page.json",
        {
            "data": [
                {
                    "name": "page_media_view",
                    "period": "day",
                    "values": [
                        {"value": 5, "end_time": "2026-11-01T07:00:00+0000"},
                        {"value": 6, "end_time": "2026-11-02T08:00:00+0000"},
                        {"value": 7, "end_time": "2027-01-01T08:00:00+0000"},
                    ],
                    "title": "Daily Media views",
                    "description": "",
                    "id": f"{PAGE}/insights/page_media_view/day",
                }
            ]
        },
        None,
    )
    rows = parse(path).to_pylist()
    assert [r["date"] for r in rows] == [date(2026, 10, 31), date(2026, 11, 1), date(2026, 12, 31)]
    assert rows[1]["end_time"] == datetime(2026, 11, 2, 8, tzinfo=UTC)


def test_deprecated_metrics_load_beside_their_replacements_and_age_gender_keys_split(
    tmp_path: Path, parse: Parse
) -> None:
    week = {date(2015, 9, 20): {"M.25-34": 18, "F.25-34": 12, "U.18-24": 1}}
    day = {date(2026, 10, 1): 100}
    insights = [
        daily("page_impressions_by_age_gender_unique", week, period="week"),
        daily("page_impressions", day),
        daily("page_media_view", day | {date(2026, 10, 1): 140}),
        daily("page_fans", {date(2026, 10, 1): 12480}),
        daily("page_follows", {date(2026, 10, 1): 12502}),
    ]
    path = write_facebook_page_insights(tmp_path / "page.json", insights)
    assert matching(path) == ["facebook_page_insights"]
    rows = parse(path).to_pylist()
    demographics = [(r["breakdown"], r["breakdown_value"], r["value"], r["date"]) for r in rows[:3]]
    assert demographics == [("key", "M.25-34", 18, date(2015, 9, 20)), ("key", "F.25-34", 12, date(2015, 9, 20)),
                            ("key", "U.18-24", 1, date(2015, 9, 20))]  # fmt: skip
    by_metric = {r["metric"]: r["value"] for r in rows[3:]}
    assert by_metric == {"page_impressions": 100, "page_media_view": 140, "page_fans": 12480, "page_follows": 12502}


def test_post_id_names_the_page_and_object_values_split_by_type(tmp_path: Path, parse: Parse) -> None:
    insights = [
        lifetime(POST_A, "post_clicks_by_type", {"photo view": 30, "link clicks": 5}),
        lifetime(POST_A, "post_reactions_by_type_total", {"like": 10, "love": 2}),
        lifetime(POST_B, "post_impressions_unique", 900),
        lifetime(POST_B, "post_total_media_view_unique", 950),
    ]
    path = write_facebook_post_insights(tmp_path / "posts.json", insights, concatenated=True)
    assert matching(path) == ["facebook_post_insights"]
    rows = parse(path).to_pylist()
    assert [(r["post_id"], r["metric"], r["breakdown_value"], r["value"]) for r in rows] == [
        (POST_A, "post_clicks_by_type", "photo view", 30), (POST_A, "post_clicks_by_type", "link clicks", 5),
        (POST_A, "post_reactions_by_type_total", "like", 10), (POST_A, "post_reactions_by_type_total", "love", 2),
        (POST_B, "post_impressions_unique", "", 900), (POST_B, "post_total_media_view_unique", "", 950)]  # fmt: skip
    assert {r["page_id"] for r in rows} == {PAGE}
    assert [r["_row_number"] for r in rows] == [1, 1, 2, 2, 3, 4]


def test_page_post_and_instagram_insights_never_match_each_other(tmp_path: Path) -> None:
    page = write_facebook_page_insights(tmp_path / "p.json", [daily("page_media_view", {date(2026, 10, 1): 1})])
    post = write_facebook_post_insights(tmp_path / "q.json", [lifetime(POST_A, "post_media_view", 1)])
    instagram = write_facebook_page_insights(tmp_path / "i.json", [daily("reach", {date(2026, 10, 1): 1})])
    mixed = write_facebook_page_insights(tmp_path / "m.json", [daily("page_media_view", {date(2026, 10, 1): 1}),
                                                                 daily("reach", {date(2026, 10, 1): 1})])  # fmt: skip
    assert matching(page) == ["facebook_page_insights"]
    assert matching(post) == ["facebook_post_insights"]
    assert matching(instagram) == ["instagram_account_insights"]
    assert matching(mixed) == []  # page and Instagram metrics in one file: no type claims it


def test_facebook_error_body_is_quarantined_as_api_error(home, tmp_path: Path) -> None:
    body = {"error": {"message": "(#100) The value must be a valid insights metric", "type": "OAuthException",
                      "code": 100, "fbtrace_id": "Xyz"}}  # fmt: skip
    path = write_graph_json(tmp_path / "northwindgear-facebook-api" / "page_insights.json", body, None)
    (result,) = ingest_paths([path], home)
    assert (result.status, result.reason_rule) == ("rejected", "api_error")
    assert "(#100) The value must be a valid insights metric" in result.reason and "code 100" in result.reason


def test_pretty_printed_response_reads_the_same_as_compact(tmp_path: Path, parse: Parse) -> None:
    insights = [daily("page_views_total", {date(2026, 10, 1): 3, date(2026, 10, 2): 4})]
    compact = write_facebook_page_insights(tmp_path / "c.json", insights)
    pretty = tmp_path / "p" / "c.json"
    pretty.parent.mkdir()
    pretty.write_text(json.dumps(json.loads(compact.read_text(encoding="utf-8")), indent=2), encoding="utf-8")
    assert matching(pretty) == ["facebook_page_insights"]
    assert parse(pretty).to_pylist() == parse(compact).to_pylist()


# ---- the bad-input set, through the loader ----------------------------------------------------------------

PAGE_BAD = insights_bad(3, "1.00000E+14/insights/page_media_view/day")
POST_BAD = insights_bad(3, "1.22E+15/insights/post_media_view/lifetime")


def test_bad_input_sets_cover_every_kind() -> None:
    assert tuple(PAGE_BAD) == tuple(POST_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_page_insights_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    by_day = {date(2026, 10, 1): 100, date(2026, 10, 2): 120}
    insights = [daily("page_media_view", by_day), daily("page_views_total", by_day),
                daily("page_total_media_view_unique", by_day, period="week")]  # fmt: skip
    good = write_facebook_page_insights(tmp_path / "page_insights.json", insights)
    badinput.assert_quarantined(home, good, PAGE_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_post_insights_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    insights = [lifetime(POST_A, "post_media_view", 10), lifetime(POST_A, "post_clicks", 2),
                lifetime(POST_B, "post_media_view", 5)]  # fmt: skip
    good = write_facebook_post_insights(tmp_path / "post_insights.json", insights)
    badinput.assert_quarantined(home, good, POST_BAD[kind])
