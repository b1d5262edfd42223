"""The HTML report's charts and page, without dbt: SVG primitives on known values, and the page rendered from
a serving file built here with a few hand-written mart rows (the demo's report is checked against its marts in
test_end_to_end.py)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import duckdb
import pytest

from ingest.cli import EXIT_OK, EXIT_USAGE, main
from ingest.serve import svg
from ingest.serve.html_report import write_report


def parse(markup: str) -> ET.Element:
    """The SVG as XML: it must be well-formed (escaped text, closed elements) to parse at all."""
    return ET.fromstring(markup)


def bars(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    return {(g.get("data-row"), g.get("data-series")): g for g in root.iter("g") if g.get("class") == "bar"}


def chart(rows: list[tuple[str, list[svg.Bar]]], series: tuple[str, ...] = ("spend",)) -> ET.Element:
    colors = ("#111111", "#222222", "#333333")
    return parse(
        svg.BarChart(
            [svg.Row(label, values) for label, values in rows],
            [svg.Series(name, colors[i]) for i, name in enumerate(series)],
            axis_label="USD",
        ).svg()
    )


def test_bar_lengths_are_in_proportion_to_the_values():
    root = chart([("a", [svg.Bar(10)]), ("b", [svg.Bar(20)]), ("c", [svg.Bar(45)])])
    widths = {row: float(g.find("rect").get("width")) for (row, _), g in bars(root).items()}
    assert widths["b"] == pytest.approx(2 * widths["a"], abs=0.2)
    assert widths["c"] == pytest.approx(4.5 * widths["a"], abs=0.2)
    assert {g.get("data-value") for g in bars(root).values()} == {"10", "20", "45"}


def test_bars_of_every_series_share_one_axis_starting_at_zero():
    root = chart([("meta", [svg.Bar(300), svg.Bar(100)])], series=("spend", "revenue"))
    spend, revenue = (bars(root)[("meta", name)].find("rect") for name in ("spend", "revenue"))
    assert spend.get("x") == revenue.get("x")
    assert float(spend.get("width")) == pytest.approx(3 * float(revenue.get("width")), abs=0.2)


def test_an_unknown_value_is_drawn_as_not_reported_never_as_a_bar_of_zero():
    root = chart([("linkedin", [svg.Bar(None, missing="no revenue tracking")]), ("meta", [svg.Bar(0)])])
    marks = [g for g in root.iter("g") if g.get("class") == "not-reported"]
    assert [m.get("data-row") for m in marks] == ["linkedin"]
    assert marks[0].get("data-value") == ""
    assert "no revenue tracking" in "".join(marks[0].itertext())
    assert set(bars(root)) == {("meta", "spend")}  # a reported 0 is a bar (of width 0), the unknown is not
    assert float(bars(root)[("meta", "spend")].find("rect").get("width")) == 0


def test_a_whisker_spans_the_low_to_high_scenarios_around_the_bar():
    root = chart([("creator", [svg.Bar(60, low=30, high=90)]), ("x", [svg.Bar(100)])])
    bar = bars(root)[("creator", "spend")]
    whisker = bar.find("path")
    assert (whisker.get("data-low"), whisker.get("data-high")) == ("30", "90")
    xs = [float(n) for n in re.findall(r"M([\d.]+) ", whisker.get("d"))]
    rect = bar.find("rect")
    left, width = float(rect.get("x")), float(rect.get("width"))
    assert min(xs) == pytest.approx(left + width / 2, abs=0.2) and max(xs) == pytest.approx(left + 1.5 * width, abs=0.2)


def test_text_from_the_data_is_escaped():
    label = '<script>alert("x")</script> & "Q&A"'
    markup = svg.BarChart(
        [svg.Row(label, [svg.Bar(1)], note="<b>note</b>")], [svg.Series("s & t", "#000")], axis_label="a < b"
    ).svg()
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)
    assert bars(root)[(label, "s & t")] is not None  # attribute values round-trip
    texts = ["".join(t.itertext()) for t in root.iter("text")]
    assert any(label in t for t in texts) and "<b>note</b>" in texts and "a < b" in texts


def test_a_long_label_is_shortened_on_screen_and_kept_whole_in_its_title():
    label = "instagram · a very long account name that would not fit the label column"
    root = parse(svg.BarChart([svg.Row(label, [svg.Bar(1)])], [svg.Series("s", "#000")], "x", width=400).svg())
    text = next(t for t in root.iter("text") if t.get("class") == "row-label")
    assert text.find("title").text == label
    assert text.find("title").tail.endswith("\u2026") and len(text.find("title").tail) < len(label)


def test_a_line_breaks_at_a_day_the_platform_did_not_report():
    points = [(date(2026, 10, d), v) for d, v in ((1, 10), (2, 12), (3, None), (4, 9), (5, 11))]
    root = parse(svg.LineChart([svg.Line("ig", "#000", points)], "people").svg())
    paths = [p for p in root.iter("path")]
    assert len(paths) == 2  # 1-2 Oct, then 4-5 Oct: nothing is drawn through the unknown day
    days = [c.get("data-day") for c in root.iter("circle")]
    assert days == ["2026-10-01", "2026-10-02", "2026-10-04", "2026-10-05"]


def test_points_only_chart_draws_no_line_between_distant_days():
    points = [(date(2026, 10, 1), 30.0), (date(2026, 11, 1), 60.0)]
    root = parse(svg.LineChart([svg.Line("tt", "#000", points)], "minutes", connect=False).svg())
    assert not list(root.iter("path"))
    cy = {c.get("data-day"): float(c.get("cy")) for c in root.iter("circle")}
    assert cy["2026-11-01"] < cy["2026-10-01"]  # higher value, higher on the page


@pytest.mark.parametrize(("low", "high"), [(0, 33.3), (0, 0.1574), (0, 46_979.92), (-5, 12), (0, 1), (2, 2)])
def test_axis_ticks_are_round_and_cover_every_value(low, high):
    ticks = svg.nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high and 2 <= len(ticks) <= 7
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


def test_month_ticks_over_a_long_span_and_weeks_over_a_short_one():
    assert svg.date_ticks(date(2026, 1, 10), date(2026, 12, 5))[0] == date(2026, 2, 1)
    assert svg.date_ticks(date(2026, 10, 1), date(2026, 10, 29)) == [date(2026, 10, d) for d in (1, 8, 15, 22, 29)]


# ---- the page, from a serving file holding only some marts -------------------------------------------------


@pytest.fixture
def serving_home(home):
    """A serving file with meta.publication, a channel mix and ROI rows, one live session, and no other mart."""
    con = duckdb.connect(str(home.serving_db))
    con.execute("create schema marts; create schema meta")
    con.execute("create table meta.publication (published_at timestamptz, source_db varchar, tables varchar[])")
    con.execute(
        "insert into meta.publication values (?, 'w', ['fct_channel_mix'])", [datetime(2026, 12, 1, 8, tzinfo=UTC)]
    )
    con.execute(
        """
        create table marts.fct_channel_mix as select * from (values
            ('meta', date '2026-11-01', 'USD', 'linear', 'base', 0.6, 300.0::decimal(18,4), 100.0::decimal(18,4),
             600.0::decimal(18,4), 360.0::decimal(18,4), 300.0::decimal(18,4), null::bigint, null::bigint),
            ('linkedin', date '2026-11-01', 'USD', 'linear', 'base', 0.6, 200.0, 0.0, null, null, 300.0, null, null),
            ('instagram', date '2026-11-01', 'USD', 'linear', 'base', 0.6, null, null, null, null, 300.0, 4, 150)
        ) as t(platform, month_start, reporting_currency, attribution_model, scenario, incrementality_factor,
               spend_reporting, tracked_spend_reporting, attributed_revenue_reporting, incremental_revenue_reporting,
               total_spend_reporting, posts_published, engagements)
        """
    )
    con.execute(
        """
        create table marts.fct_campaign_roi as select * from (values
            ('meta', 'linear', 'low', 0.3, 180.0::decimal(18,4), 2.5, 0.4),
            ('meta', 'linear', 'base', 0.6, 360.0::decimal(18,4), 2.5, 0.4),
            ('meta', 'linear', 'high', 0.9, 540.0::decimal(18,4), 2.5, 0.4),
            ('meta', 'last_touch', 'base', 0.6, 9999.0::decimal(18,4), 2.5, 0.4),
            ('linkedin', 'linear', 'low', 0.3, null, 2.5, 0.4),
            ('linkedin', 'linear', 'base', 0.6, null, 2.5, 0.4),
            ('linkedin', 'linear', 'high', 0.9, null, 2.5, 0.4)
        ) as t(platform, attribution_model, scenario, incrementality_factor, incremental_revenue_reporting,
               breakeven_roas, gross_margin)
        """
    )
    con.execute(
        """
        create table marts.fct_live_sessions as select * from (values
            ('instagram', 'brand', 's1', '</script><b>Q&A</b>', timestamp '2026-10-08 23:00', date '2026-10-08',
             'UTC', 60.0, 30::bigint, null::bigint, 100000::bigint, 'mid', 0.3, null::double, null::double,
             null::varchar)
        ) as t(platform, account_id, session_id, title, started_at, started_on_local, reporting_time_zone,
               duration_minutes, peak_concurrent_viewers, unique_viewers, followers_at_start, follower_tier,
               peak_viewers_per_1k_followers, unique_viewers_per_1k_followers, attendance_rate, attendance_band)
        """
    )
    con.execute("create table marts.fct_post_performance (platform varchar, engagements bigint)")  # no rows
    con.close()
    return home


def report_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_the_page_shows_spend_and_revenue_with_unknown_revenue_as_no_tracking(serving_home, tmp_path):
    html = write_report(serving_home, tmp_path / "report.html").read_text()
    money = report_data(html)["sections"]["money"]
    channels = {c["channel"]: c for c in money["channels"]}
    assert set(channels) == {"meta", "linkedin"}  # instagram is organic only: no spend, not a channel
    assert channels["meta"]["spend"] == 300 and channels["meta"]["share_of_spend_tracked"] == pytest.approx(1 / 3)
    assert channels["meta"]["incremental_revenue"] == {"low": 180, "base": 360, "high": 540}  # linear model only
    assert channels["meta"]["roas_on_tracked_spend"] == pytest.approx(3.6)
    assert channels["linkedin"]["attributed_revenue"] is None and channels["linkedin"]["revenue_tracked"] is False
    assert channels["linkedin"]["incremental_revenue"] == {"low": None, "base": None, "high": None}
    assert "no revenue tracking: revenue and ROAS unknown, not 0" in html
    assert 'data-row="linkedin" data-series="Attributed revenue (linear)" data-value=""' in html
    assert "a channel breaks even only above a ROAS of 2.50" in html


def test_a_mart_that_is_absent_or_empty_is_said_so_in_its_section(serving_home, tmp_path):
    html = write_report(serving_home, tmp_path / "report.html").read_text()
    sections = report_data(html)["sections"]
    assert sections["reach"] == {"status": "absent", "note": "marts.fct_account_daily is not in this serving file."}
    assert sections["engagement"]["status"] == "empty"
    assert "marts.fct_post_performance has no rows yet." in html
    assert "marts.fct_conversation_daily is not in this serving file." in html
    assert '<time datetime="2026-12-01T08:00:00+00:00">2026-12-01 08:00:00 UTC</time>' in html


def test_text_from_the_marts_cannot_close_the_json_block_or_add_markup(serving_home, tmp_path):
    html = write_report(serving_home, tmp_path / "report.html").read_text()
    assert "<b>Q&A</b>" not in html and "&lt;/script&gt;&lt;b&gt;Q&amp;A&lt;/b&gt;" in html
    (session,) = report_data(html)["sections"]["live"]["sessions"]
    assert session["title"] == "</script><b>Q&A</b>" and session["unique_viewers"] is None
    assert "unique viewers not noted" in html


def test_report_command_writes_the_file_and_prints_its_path(serving_home, capsys):
    assert main(["report"]) == EXIT_OK
    path = serving_home.reports / "resonance-report.html"
    assert capsys.readouterr().out.strip() == str(path) and path.read_text().startswith("<!doctype html>")


def test_report_command_exits_2_without_a_serving_file(home, capsys):
    assert main(["report"]) == EXIT_USAGE
    assert "does not exist yet" in capsys.readouterr().err
    assert not (home.reports / "resonance-report.html").exists()


def test_the_summary_divides_creator_revenue_by_the_cost_of_deals_whose_revenue_is_known():
    """A deal no code or UTM can name has unknown revenue: it adds no cost to revenue per unit of cost."""
    from ingest.serve.report import _stories

    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_creator_performance as select * from (values "
            "('micro', 20000, 20000, 1000, 100.0, 300.0, 'USD', 'linear'), "
            "('micro', 30000, 30000, 1500, 100.0, null, 'USD', 'linear')) "
            "as t(follower_tier, followers_at_signing, max_platform_followers_at_signing, engagements, "
            "deal_cost_reporting, attributed_revenue_reporting, reporting_currency, attribution_model)"
        )
        (story,) = _stories(con)
    assert "micro (2 deals): engagement 5.0% of followers at 0.08 USD per engagement" in story
    assert "attributed revenue per unit of cost 3.00" in story  # 300 / 100, not 300 / 200
