"""The HTML report's charts, without dbt: SVG primitives on known values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from ingest.serve import svg


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
