"""`resonance report`: the published marts as one self-contained HTML page with charts.

The page is for a person who will not write SQL: reach over time, engagement rates, spend against the
revenue it earned, creator tiers, live attendance and reply times. It reads `serving.duckdb` read-only
(as any BI tool does) and writes one file holding everything it shows: the CSS, the charts as inline SVG
(`svg.py`), the exact figures as tables, and the same figures as JSON in
`<script type="application/json" id="report-data">` for a program or a test. Nothing is fetched when it
is opened: no script, font, stylesheet or image from the network.

The metric rules hold on the page as in the marts: reach is plotted as each platform reported it for a
day, never added up; rates are ratios of sums over the rows reporting both sides, named for their
denominator; NULL is shown as "not reported" (or why it is unknown), never as 0; money is in the marts'
reporting currency and says so; ROAS is revenue per unit of cost, not ROI.
"""

from __future__ import annotations

import contextlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import escape
from pathlib import Path

from ingest.config import Paths
from ingest.serve import svg
from ingest.serve.report import open_serving
from ingest.serve.report_figures import gather

REPORT_FILE = "resonance-report.html"

# One colour per platform on every chart (Okabe-Ito, readable by people with colour-vision deficiencies).
PLATFORM_COLORS = {
    "facebook": "#0072B2",
    "meta": "#0072B2",
    "instagram": "#CC79A7",
    "linkedin": "#56B4E9",
    "tiktok": "#009E73",
    "x": "#3E4C59",
    "youtube": "#D55E00",
    "creator": "#E69F00",
}
SPARE_COLORS = ("#8E6C8A", "#7A9E3B", "#B07A2A", "#4F6D7A")
SPEND, TRACKED, ATTRIBUTED, INCREMENTAL = "#52606D", "#9AA5B1", "#0072B2", "#009E73"
NOT_REPORTED = "not reported"

SECTIONS = (
    ("reach", "Reach per account, day by day"),
    ("engagement", "Engagement rate by platform and post type"),
    ("money", "Spend against attributed and incremental revenue"),
    ("creators", "Creator deals by follower tier"),
    ("live", "Live attendance against followers"),
    ("replies", "Reply times to comments"),
)


def default_path(home: Paths) -> Path:
    return home.reports / REPORT_FILE


def write_report(home: Paths, out: Path | None = None) -> Path:
    """Render the report from the published marts into `out` (a file, or a folder to write
    resonance-report.html into; default `<root>/reports/resonance-report.html`) and return its path.
    Written beside and renamed into place, so a browser never opens half a file."""
    con = open_serving(home)
    try:
        data = gather(con)
    finally:
        con.close()
    data["serving_db"] = str(home.serving_db)
    path = Path(out) if out is not None else default_path(home)
    if path.is_dir():
        path = path / REPORT_FILE
    page = render(data)
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(page, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise ReportNotWritten(f"cannot write {path}: {error.strerror or error}") from error
    return path


class ReportNotWritten(Exception):
    """The report's file could not be written (a folder that cannot be created, no permission, disk full)."""


# ---- writing the page --------------------------------------------------------------------------------


def render(data: dict) -> str:
    sections = data["sections"]
    renderers = {
        "reach": _render_reach,
        "engagement": _render_engagement,
        "money": _render_money,
        "creators": _render_creators,
        "live": _render_live,
        "replies": _render_replies,
    }
    body = []
    for key, title in SECTIONS:
        section = sections.get(key) or {"status": "absent", "note": "Not computed."}
        if section.get("status") != "ok":
            body.append(_section(key, title, "", f'<p class="unavailable">{_e(section["note"])}</p>'))
        else:
            body.append(renderers[key](section, title))
    published = data.get("published_at")
    stamp = _when(published) if published else "unknown (meta.publication is missing)"
    money = sections.get("money", {})
    currency = money.get("reporting_currency") or "the reporting currency"
    contents = "".join(f'<li><a href="#{key}">{_e(title)}</a></li>' for key, title in SECTIONS)
    source = data.get("serving_db", "serving.duckdb")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="resonance report">
<title>Resonance report, marts published {_e(stamp)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<header>
<p class="kicker">Resonance</p>
<h1>Social media report</h1>
<p class="published">Marts published <strong><time datetime="{_e(_iso(published))}">{_e(stamp)}</time></strong>
 &middot; read from <code>{_e(Path(source).name)}</code> &middot; money in {_e(currency)}</p>
<p class="legend-note"><span class="nr">not reported</span> means the export does not carry the number (NULL in
the marts): it is unknown, never counted as 0. Each chart's exact figures are in the table under it.</p>
<nav><ol>{contents}</ol></nav>
</header>
{"".join(body)}
<footer>Written by <code>resonance report</code> from <code>{_e(source)}</code>. The page loads nothing from the
network: its charts are inline SVG and its figures are also in the JSON block <code>#report-data</code>.</footer>
</main>
<script type="application/json" id="report-data">{_json(data)}</script>
</body>
</html>
"""


def _section(key: str, title: str, lede: str, content: str) -> str:
    lede_html = f'<p class="lede">{_e(lede)}</p>' if lede else ""
    return f'<section id="{key}" class="card"><h2>{_e(title)}</h2>{lede_html}{content}</section>\n'


def _render_reach(section: dict, title: str) -> str:
    series = section["series"]
    parts = []
    if series:
        lines = [
            svg.Line(f"{s['platform']} · {s['account_id']}", _color(s["platform"], i), _every_day(s["points"]))
            for i, s in enumerate(series)
        ]
        chart = svg.LineChart(lines, "people reached that day", value_format=_count, title=title)
        parts.append(f"<figure>{chart.svg()}</figure>")
    else:
        parts.append('<p class="unavailable">No account reports daily reach.</p>')
    parts.append(
        _how(
            "Each line is one account's daily reach exactly as the platform computed it for that single day "
            "(marts.fct_account_daily.reach): unique people, so days are never added up into a weekly or "
            "monthly reach, and accounts are never added together. A gap is a day the export did not report."
        )
    )
    notes = []
    silent = section["not_reported"]
    if silent:
        names = ", ".join(f"{s['platform']} · {s['account_id']}" for s in silent)
        notes.append(f"Reach not reported by the export (no line drawn): {names}.")
    for s in series:
        if s["days_reported"] < s["days"]:
            gaps = [d for d, v in s["points"] if v is None]
            notes.append(
                f"{s['platform']} · {s['account_id']}: reach not reported on "
                f"{', '.join(_day(d) for d in gaps[:6])}{' and more' if len(gaps) > 6 else ''}."
            )
    parts.append(_notes(notes))
    summary = _table(
        ["account", "first day", "last day", "days", "days with reach", "lowest daily reach", "highest daily reach"],
        [
            [
                f"{s['platform']} · {s['account_id']}",
                _day(s["first_day"]),
                _day(s["last_day"]),
                _count(s["days"]),
                _count(s["days_reported"]),
                _count(s["min_reach"]),
                _count(s["max_reach"]),
            ]
            for s in series
        ],
        numeric=range(3, 7),
    )
    parts.append(summary)
    if series:
        all_days = sorted({d for s in series for d, _ in s["points"]})
        values = {(i, d): v for i, s in enumerate(series) for d, v in s["points"]}
        daily = _table(
            ["day", *(f"{s['platform']} · {s['account_id']}" for s in series)],
            [[_day(d), *(_cell_count(values, (i, d)) for i in range(len(series)))] for d in all_days],
            numeric=range(1, len(series) + 1),
        )
        parts.append(_details(f"Daily reach, {len(all_days)} days (– = no row for the day)", daily))
    return _section("reach", title, "Unique people reached each day, as each platform reports it.", "".join(parts))


def _render_engagement(section: dict, title: str) -> str:
    def panel(rows: list[dict], label, rate: str, denominator: str, heading: str, only_known: bool = False) -> str:
        shown = [r for r in rows if r[rate] is not None] if only_known else rows
        unknown = [r for r in rows if r[rate] is None] if only_known else []
        chart = ""
        if shown:
            chart = svg.BarChart(
                [
                    svg.Row(
                        label(r), [svg.Bar(r[rate], missing=_why_no_rate(r, denominator))], note=_posts_note(r, rate)
                    )
                    for r in shown
                ],
                [svg.Series(heading, "#3E7CB1")],
                axis_label=f"engagements per {denominator}, %",
                value_format=_pct,
                tick_format=_pct_tick,
                width=480,
                title=heading,
            ).svg()
        missing = ""
        if unknown:
            by_reason: dict[str, list[str]] = defaultdict(list)
            for r in unknown:
                by_reason[_why_no_rate(r, denominator)].append(label(r))
            missing = (
                '<p class="panel-note">'
                + "<br>".join(
                    f'<span class="nr">{_e(reason)}</span>: {_e(", ".join(names))}'
                    for reason, names in by_reason.items()
                )
                + "</p>"
            )
        return f'<figure class="panel"><figcaption>{_e(heading)}</figcaption>{chart}{missing}</figure>'

    platforms, types = section["by_platform"], section["by_post_type"]

    def by_platform(r: dict) -> str:
        return r["platform"]

    def by_type(r: dict) -> str:
        return f"{r['platform']} · {r['post_type'] or 'type not given'}"

    parts = [
        '<h3 class="sub">By platform</h3><div class="panels">',
        panel(platforms, by_platform, "rate_by_impressions", "impression", "Engagements per impression"),
        panel(platforms, by_platform, "rate_by_followers", "follower at posting", "Engagements per follower"),
        "</div>",
        _how(
            "engagement rate = sum of engagements / sum of impressions (per impression), or / sum of followers "
            "at posting time (per follower), per platform, over the posts (marts.fct_post_performance, latest "
            "lifetime snapshot) that report both numbers: a ratio of sums, not an average of the posts' own "
            "rates. Engagements count each platform's own interactions (seed engagement_definitions), so "
            "platforms compare loosely. Rates against reach are not shown: reach is unique people per post and "
            "is never summed across posts."
        ),
        '<h3 class="sub">By post type</h3><div class="panels">',
        panel(types, by_type, "rate_by_impressions", "impression", "Engagements per impression", only_known=True),
        panel(types, by_type, "rate_by_followers", "follower at posting", "Engagements per follower", only_known=True),
        "</div>",
        _notes(["'type not given': the export does not say the post's format (X, Facebook Graph, most LinkedIn)."]),
    ]
    headers = [
        "platform",
        "post type",
        "posts",
        "posts with engagements and impressions",
        "engagements / impressions",
        "rate per impression",
        "posts with engagements and followers",
        "engagements / followers at posting",
        "rate per follower",
    ]

    def rate_cells(r: dict, by: str, numerator: str, denominator: str, unit: str) -> list[str | Unknown]:
        rate = r[f"rate_by_{by}"]
        if rate is None:
            return [Unknown(_why_no_rate(r, unit), span=3)]
        return [_count(r[f"posts_by_{by}"]), f"{r[numerator]:,.0f} / {r[denominator]:,.0f}", _pct(rate)]

    def line(r: dict, post_type: str) -> list[str | Unknown]:
        return [
            r["platform"],
            post_type,
            _count(r["posts"]),
            *rate_cells(r, "impressions", "engagements_by_impressions", "impressions", "impression"),
            *rate_cells(r, "followers", "engagements_by_followers", "followers_at_posting", "follower at posting"),
        ]

    rows = [line(r, "all") for r in platforms] + [line(r, r["post_type"] or "type not given") for r in types]
    parts.append(_details("Figures per platform and post type", _table(headers, rows, numeric=range(2, 9))))
    return _section(
        "engagement",
        title,
        "How often people interact with a post, for every impression and for every follower.",
        "".join(parts),
    )


def _render_money(section: dict, title: str) -> str:
    currency = section["reporting_currency"] or "reporting currency"
    channels = section["channels"]
    if not channels:
        return _section("money", title, "", '<p class="unavailable">No channel has spend in the marts.</p>')
    scenarios = section["scenarios"]
    base = section["scenario"]
    low, high = scenarios[0]["scenario"], scenarios[-1]["scenario"]
    factors = ", ".join(f"{s['scenario']} {s['incrementality_factor']:.0%}" for s in scenarios)

    def money(value: float) -> str:
        return f"{value:,.0f}"

    rows = []
    for c in channels:
        no_revenue = "no revenue tracking" if not c["revenue_tracked"] else NOT_REPORTED
        inc = c["incremental_revenue"]
        tracked_label = None
        if c["tracked_spend"] is not None:
            tracked_label = f"{money(c['tracked_spend'])} ({_pct0(c['share_of_spend_tracked'])})"
        rows.append(
            svg.Row(
                c["channel"],
                [
                    svg.Bar(c["spend"]),
                    svg.Bar(c["tracked_spend"], label=tracked_label, missing=NOT_REPORTED),
                    svg.Bar(c["attributed_revenue"], missing=f"attributed revenue: {no_revenue}"),
                    svg.Bar(
                        inc.get(base),
                        low=inc.get(low),
                        high=inc.get(high),
                        missing=f"incremental revenue: {no_revenue}",
                    ),
                ],
                note=f"{_pct0(c['share_of_spend_tracked'])} of spend tracked"
                if c["share_of_spend_tracked"] is not None
                else "",
            )
        )
    period = f"{_month(min(c['first_month'] for c in channels))} to {_month(max(c['last_month'] for c in channels))}"
    chart = svg.BarChart(
        rows,
        [
            svg.Series("Spend", SPEND),
            svg.Series("of which revenue-tracked", TRACKED),
            svg.Series(f"Attributed revenue ({section['attribution_model']})", ATTRIBUTED),
            svg.Series(f"Incremental revenue ({base}; whisker {low} to {high})", INCREMENTAL),
        ],
        axis_label=f"{currency} (reporting currency), {period}",
        value_format=money,
        bar_height=13,
        title=title,
    )
    parts = [f"<figure>{chart.svg()}</figure>"]
    breakeven = section["breakeven_roas"]
    breakeven_text = ""
    if breakeven and breakeven["low"] is not None:
        be = _span_of(breakeven["low"], breakeven["high"], "{:.2f}")
        margin = _span_of(breakeven["margin_low"], breakeven["margin_high"], "{:.0%}")
        breakeven_text = (
            f" ROAS is revenue per unit of cost, not ROI: at a gross margin of {margin} a channel breaks even "
            f"only above a ROAS of {be}."
        )
    parts.append(
        _how(
            f"Per channel, over {period}: spend = sum of marts.fct_channel_mix.spend_reporting (ad spend: the rows "
            "fct_ad_performance marks is_counted, one source per ad account and month; and creator deal costs), "
            "converted to "
            f"{currency}; revenue-tracked spend is the part on campaigns an order can name (a mapped UTM or a "
            "promo code), and share tracked = tracked spend / spend. Attributed revenue = sum of orders credited "
            f"under the {section['attribution_model']} attribution model; incremental revenue = attributed "
            f"revenue x the scenario's incrementality factor ({factors}), summed from marts.fct_campaign_roi. "
            f"ROAS ({base}) in the table = incremental revenue / revenue-tracked spend." + breakeven_text
        )
    )
    notes = []
    untracked = [c["channel"] for c in channels if not c["revenue_tracked"]]
    if untracked:
        notes.append(
            f"No revenue tracking for {', '.join(untracked)}: no order can name their campaigns (no mapped UTM, no "
            "promo code), so their revenue is unknown, not 0. Map their UTMs (seed utm_campaign_map) to know it."
        )
    partial = [c for c in channels if c["revenue_tracked"] and (c["share_of_spend_tracked"] or 0) < 0.999]
    for c in partial:
        notes.append(
            f"{c['channel']}: only {_pct0(c['share_of_spend_tracked'])} of spend is revenue-tracked; its revenue "
            "covers those campaigns only."
        )
    if section["months_with_unconverted_cost"]:
        months = ", ".join(_month(m) for m in section["months_with_unconverted_cost"])
        notes.append(f"Some cost had no FX rate in {months}: those months' spend is incomplete.")
    parts.append(_notes(notes))
    headers = [
        "channel",
        "spend",
        "revenue-tracked spend",
        "share tracked",
        "attributed revenue",
        *(f"incremental, {s['scenario']}" for s in scenarios),
        f"ROAS ({base})",
    ]
    table_rows = []
    for c in channels:
        revenue: list[str | Unknown] = [
            _maybe(c["attributed_revenue"], _money2, NOT_REPORTED),
            *(_maybe(c["incremental_revenue"].get(s["scenario"]), _money2, NOT_REPORTED) for s in scenarios),
            _maybe(c["roas_on_tracked_spend"], lambda v: f"{v:.2f}", NOT_REPORTED),
        ]
        if not c["revenue_tracked"]:
            revenue = [Unknown("no revenue tracking: revenue and ROAS unknown, not 0", span=len(revenue))]
        table_rows.append(
            [
                c["channel"],
                _maybe(c["spend"], _money2, NOT_REPORTED),
                _maybe(c["tracked_spend"], _money2, NOT_REPORTED),
                _maybe(c["share_of_spend_tracked"], _pct1, "no spend"),
                *revenue,
            ]
        )
    parts.append(_table(headers, table_rows, numeric=range(1, len(headers)), caption=f"Money in {currency}."))
    return _section(
        "money",
        title,
        "What each channel cost, what the orders credit it with, and how much of that it caused under low, "
        "base and high incrementality.",
        "".join(parts),
    )


def _render_creators(section: dict, title: str) -> str:
    tiers = section["tiers"]
    currency = next((t["reporting_currency"] for t in tiers if t["reporting_currency"]), "reporting currency")
    model = next((t["attribution_model"] for t in tiers if t["attribution_model"]), "")

    def label(t: dict) -> str:
        return t["follower_tier"] or "tier unknown"

    def note(t: dict, counted: str) -> str:
        deals = f"{t['deals']} deal{'s' if t['deals'] != 1 else ''}"
        return deals if t[counted] == t["deals"] else f"{t[counted]} of {deals}"

    def panel(field: str, heading: str, axis: str, fmt, missing: str, tick_format=_plain_tick) -> str:
        counted = "deals_with_revenue" if field == "attributed_revenue_per_cost" else "deals_with_engagements"
        chart = svg.BarChart(
            [svg.Row(label(t), [svg.Bar(t[field], missing=missing)], note=note(t, counted)) for t in tiers],
            [svg.Series(heading, INCREMENTAL if field == "attributed_revenue_per_cost" else "#3E7CB1")],
            axis_label=axis,
            value_format=fmt,
            tick_format=tick_format,
            width=330,
            title=heading,
        )
        return f'<figure class="panel"><figcaption>{_e(heading)}</figcaption>{chart.svg()}</figure>'

    parts = [
        '<div class="panels three">',
        panel(
            "engagement_rate_by_followers",
            "Engagement rate",
            "engagements per follower, %",
            _pct,
            "engagement not reported",
            _pct_tick,
        ),
        panel(
            "cost_per_engagement",
            "Cost per engagement",
            f"{currency} per engagement",
            _money2,
            "engagement not reported",
        ),
        panel(
            "attributed_revenue_per_cost",
            "Attributed revenue per unit of cost",
            f"{currency} per {currency} of cost",
            _money2,
            "revenue not reported",
        ),
        "</div>",
        _how(
            "Per follower tier (the creator's largest single-platform audience, seed follower_tiers), ratios of "
            "sums over the deals that report both sides (marts.fct_creator_performance): engagement rate = "
            "sum of engagements / sum of followers at signing; cost per engagement = sum of deal costs / sum "
            "of engagements; attributed revenue per unit of cost = sum of attributed revenue "
            f"({model} model, before incrementality: a ROAS, not an ROI) / sum of deal costs. Deal costs are "
            f"fee + product + agency fee in {currency}."
        ),
    ]
    notes = [
        f"{d['creator_handle']} ({d['campaign_id']}, {d['follower_tier'] or 'tier unknown'}): engagement not "
        f"reported ({d['posts_matched']} of {d['posts_listed']} listed posts loaded), left out of the engagement "
        "ratios."
        for d in section["deals_without_engagements"]
    ]
    parts.append(_notes(notes))
    engagement = _table(
        [
            "tier",
            "deals",
            "deals with engagements",
            "engagements",
            "their followers at signing",
            "engagement rate",
            "their cost",
            "cost per engagement",
        ],
        [
            [
                label(t),
                _count(t["deals"]),
                _count(t["deals_with_engagements"]),
                _maybe(t["engagements"], _count, NOT_REPORTED),
                _maybe(t["followers_at_signing"], _count, NOT_REPORTED),
                _maybe(t["engagement_rate_by_followers"], _pct, NOT_REPORTED),
                _maybe(t["cost_of_engaged_deals"], _money2, NOT_REPORTED),
                _maybe(t["cost_per_engagement"], _money2, NOT_REPORTED),
            ]
            for t in tiers
        ],
        numeric=range(1, 8),
        caption=f"Engagement per tier, over the deals with engagements. Money in {currency}.",
    )
    revenue = _table(
        ["tier", "deals", "deals with revenue", "attributed revenue", "their cost", "revenue per unit of cost"],
        [
            [
                label(t),
                _count(t["deals"]),
                _count(t["deals_with_revenue"]),
                _maybe(t["attributed_revenue"], _money2, NOT_REPORTED),
                _maybe(t["cost"], _money2, NOT_REPORTED),
                _maybe(t["attributed_revenue_per_cost"], lambda v: f"{v:.2f}", NOT_REPORTED),
            ]
            for t in tiers
        ],
        numeric=range(1, 6),
        caption=f"Attributed revenue per tier ({model} model, before incrementality). Money in {currency}.",
    )
    parts.append(engagement + revenue)
    return _section(
        "creators",
        title,
        "Do small, engaged audiences beat big ones? Engagement, its cost and the revenue credited per tier.",
        "".join(parts),
    )


def _render_live(section: dict, title: str) -> str:
    sessions = section["sessions"]

    def label(s: dict) -> str:
        return f"{s['platform']} · {s['account_id']}"

    def note(s: dict) -> str:
        followers = f"{s['followers_at_start']:,} followers" if s["followers_at_start"] is not None else "followers?"
        return f"{_day(s['started_on_local'])} · {followers}"

    rows = [
        svg.Row(
            label(s),
            [
                svg.Bar(s["peak_viewers_per_1k_followers"], missing="peak viewers not noted"),
                svg.Bar(s["unique_viewers_per_1k_followers"], missing="unique viewers not noted"),
            ],
            note=note(s),
        )
        for s in sessions
    ]
    chart = svg.BarChart(
        rows,
        [svg.Series("Peak concurrent viewers", "#CC79A7"), svg.Series("Unique viewers", "#8E6C8A")],
        axis_label="viewers per 1,000 followers at the start of the live",
        value_format=lambda v: f"{v:,.2f}",
        title=title,
    )
    parts = [
        f"<figure>{chart.svg()}</figure>",
        _how(
            "Per live session (marts.fct_live_sessions, from the brand's live sessions template): viewers x 1,000 "
            "/ followers at the start of the live. The attendance band is that of unique viewers / followers "
            "(seed live_attendance_bands). Unique viewers are the live's reach, so sessions are compared "
            "by their rates and never added up."
        ),
    ]
    headers = [
        "day",
        "account",
        "title",
        "followers at start",
        "peak viewers",
        "unique viewers",
        "peak per 1,000",
        "unique per 1,000",
        "attendance band",
    ]
    table_rows = [
        [
            _day(s["started_on_local"]),
            label(s),
            s["title"] if s["title"] is not None else None,
            _maybe(s["followers_at_start"], _count, "not noted"),
            _maybe(s["peak_concurrent_viewers"], _count, "not noted"),
            _maybe(s["unique_viewers"], _count, "not noted"),
            _maybe(s["peak_viewers_per_1k_followers"], lambda v: f"{v:.2f}", "unknown"),
            _maybe(s["unique_viewers_per_1k_followers"], lambda v: f"{v:.2f}", "unknown"),
            _maybe(s["attendance_band"], str, "unknown"),
        ]
        for s in sessions
    ]
    parts.append(_table(headers, table_rows, numeric=range(3, 8), missing="not noted", wide=(2,)))
    return _section(
        "live",
        title,
        "How many of an account's followers came to its lives: big audiences do not guarantee a crowd.",
        "".join(parts),
    )


def _render_replies(section: dict, title: str) -> str:
    days, accounts = section["days"], section["accounts"]
    keys = [(a["platform"], a["account_id"]) for a in accounts]
    lines = [
        svg.Line(
            f"{platform} · {account}",
            _color(platform, i),
            [
                (d["date_day"], d["median_minutes_to_first_brand_reply"] / 60)
                for d in days
                if (d["platform"], d["account_id"]) == (platform, account)
                and d["median_minutes_to_first_brand_reply"] is not None
            ],
        )
        for i, (platform, account) in enumerate(keys)
    ]
    lines = [line for line in lines if line.points]
    parts = []
    if lines:
        chart = svg.LineChart(
            lines,
            "median hours to the brand's first reply",
            value_format=lambda v: f"{v:,.0f} h",
            connect=False,
            title="Median time to first brand reply, per day",
        )
        caption = "<figcaption>Median time to first brand reply, per day</figcaption>"
        parts.append(f"<figure>{caption}{chart.svg()}</figure>")
    else:
        parts.append('<p class="unavailable">No thread was answered: there is no reply time to show.</p>')
    rate = svg.BarChart(
        [
            svg.Row(
                f"{a['platform']} · {a['account_id']}",
                [svg.Bar(a["reply_rate"], missing="no thread started")],
                note=f"{a['threads_replied']:,} of {a['threads_started']:,} threads answered",
            )
            for a in accounts
        ],
        [svg.Series("Reply rate", "#3E7CB1")],
        axis_label="threads the brand answered, % of threads started",
        value_format=_pct0,
        title="Reply rate per account",
    )
    parts.append(f'<figure class="narrow"><figcaption>Reply rate per account</figcaption>{rate.svg()}</figure>')
    parts.append(
        _how(
            "From marts.fct_conversation_daily: a dot is one day's median minutes (shown in hours) from a "
            "thread's first comment to the brand's first reply, over the threads started that day that the "
            "brand answered. The mart holds daily medians only (no percentile such as p90), and medians are "
            "never averaged across days. Reply rate = sum of threads answered / sum of threads started over "
            "the account's days (a ratio of sums). A thread counts as unanswered after 24 h once its post's "
            "comments were loaded a day later."
        )
    )
    no_median = [d for d in days if d["median_minutes_to_first_brand_reply"] is None and d["threads_started"]]
    if no_median:
        parts.append(_notes([f"{len(no_median)} day(s) had threads but no answered one: no median that day (not 0)."]))
    summary = _table(
        [
            "platform · account",
            "days",
            "comments received",
            "threads started",
            "threads answered",
            "reply rate",
            "unanswered after 24 h",
            "days with a median",
        ],
        [
            [
                f"{a['platform']} · {a['account_id']}",
                _count(a["days"]),
                _count(a["comments_received"]),
                _count(a["threads_started"]),
                _count(a["threads_replied"]),
                _maybe(a["reply_rate"], _pct1, "no thread started"),
                _count(a["unanswered_threads_over_24h"]),
                _count(a["days_with_median"]),
            ]
            for a in accounts
        ],
        numeric=range(1, 8),
    )
    parts.append(summary)
    daily = _table(
        [
            "platform · account",
            "day",
            "threads started",
            "threads answered",
            "reply rate",
            "median minutes to first reply",
            "unanswered after 24 h",
        ],
        [
            [
                f"{d['platform']} · {d['account_id']}",
                _day(d["date_day"]),
                _count(d["threads_started"]),
                _count(d["threads_replied"]),
                _maybe(d["reply_rate"], _pct1, "no thread started"),
                _maybe(d["median_minutes_to_first_brand_reply"], lambda v: f"{v:,.1f}", "none answered"),
                _count(d["unanswered_threads_over_24h"]),
            ]
            for d in days
        ],
        numeric=range(2, 7),
    )
    parts.append(_details(f"Per day, {len(days)} account days", daily))
    return _section(
        "replies",
        title,
        "People come to talk: how fast, and how often, the brand answers the threads on its posts.",
        "".join(parts),
    )


# ---- small pieces ------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _color(platform: str, index: int) -> str:
    return PLATFORM_COLORS.get(platform, SPARE_COLORS[index % len(SPARE_COLORS)])


def _how(text: str) -> str:
    return f'<p class="how"><strong>How it is computed.</strong> {_e(text)}</p>'


def _notes(notes: list[str]) -> str:
    if not notes:
        return ""
    return '<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>"


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{_e(summary)}</summary>{content}</details>"


@dataclass(frozen=True)
class Unknown:
    """A table cell the marts hold as NULL: written as its reason (never 0), across `span` columns."""

    reason: str = NOT_REPORTED
    span: int = 1


def _table(
    headers: list[str], rows: list[list], numeric=(), missing: str = NOT_REPORTED, caption: str = "", wide=()
) -> str:
    """A figures table; a cell None is written as `missing`, an `Unknown` as its reason. Numeric columns are
    right-aligned and never wrap; `wide` columns (free text) keep room to read."""
    numeric, wide = set(numeric), set(wide)
    head = "".join(f'<th{" class=num" if i in numeric else ""} scope="col">{_e(h)}</th>' for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells, column = [], 0
        for cell in row:
            cls = ' class="num"' if column in numeric else ' class="wide"' if column in wide else ""
            if cell is None:
                cell = Unknown(missing)
            if isinstance(cell, Unknown):
                span = f' colspan="{cell.span}"' if cell.span > 1 else ""
                cls = ' class="nr-span"' if cell.span > 1 else cls
                cells.append(f'<td{cls}{span}><span class="nr">{_e(cell.reason)}</span></td>')
                column += cell.span
            else:
                cells.append(f"<td{cls}>{_e(cell)}</td>")
                column += 1
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption_html = f"<caption>{_e(caption)}</caption>" if caption else ""
    return (
        f'<div class="table"><table>{caption_html}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _maybe(value: object, fmt, missing: str) -> str | Unknown:
    """A formatted value, or the reason it is unknown (a table writes it as such, never as 0)."""
    return Unknown(missing) if value is None else fmt(value)


def _why_no_rate(row: dict, denominator: str) -> str:
    column = {"impression": "impressions", "follower at posting": "followers"}[denominator]
    if not row["posts_with_engagements"]:
        return "not reported: no engagements"
    if not row[f"posts_with_{column}"]:
        return f"not reported: no {'follower counts' if column == 'followers' else column}"
    if not row[f"posts_by_{column}"]:
        return "not reported: no post has both"
    return f"unknown: 0 {column}"


def _posts_note(row: dict, rate: str) -> str:
    counted = row["posts_by_impressions" if rate == "rate_by_impressions" else "posts_by_followers"]
    return f"{counted:,} of {row['posts']:,} posts" if counted else f"{row['posts']:,} posts"


def _every_day(points: list) -> list[tuple[date, float | None]]:
    """Daily points with the days that have no row at all added as unknown, so no line is drawn across them."""
    known = dict(points)
    if not known:
        return []
    first, last = min(known), max(known)
    return [(day, known.get(day)) for day in (first + timedelta(days=i) for i in range((last - first).days + 1))]


def _cell_count(values: dict, key: tuple) -> str | Unknown:
    if key not in values:
        return "–"
    return _maybe(values[key], _count, NOT_REPORTED)


def _span_of(low: float, high: float, fmt: str) -> str:
    """`low`, or `low to high` when they differ (a setting that changed over the period, e.g. the margin)."""
    return fmt.format(low) if high == low else f"{fmt.format(low)} to {fmt.format(high)}"


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{value:.2%}"


def _pct_tick(value: float) -> str:
    return f"{value:.0%}" if round(value * 100, 6) == round(value * 100) else f"{value:.1%}"


def _plain_tick(value: float) -> str:
    return f"{value:,g}"


def _pct1(value: float) -> str:
    return f"{value:.1%}"


def _pct0(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _money2(value: float) -> str:
    return f"{value:,.2f}"


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _month(value: date) -> str:
    return f"{value:%b %Y}"


def _when(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S %Z}".strip() if isinstance(value, datetime) else str(value)


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else ""


def _json(data: dict) -> str:
    """The figures as JSON, safe inside a <script> element (no `</` can close it early)."""

    def default(value: object) -> object:
        if isinstance(value, date | datetime):
            return value.isoformat()
        if isinstance(value, Decimal):
            return float(value)
        raise TypeError(f"{type(value).__name__} is not JSON")

    text = json.dumps(data, default=default, allow_nan=False, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f7fa; color: #1f2933;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 24px 56px; }
header { margin-bottom: 8px; }
.kicker { margin: 0; color: #3e7cb1; font-weight: 600; letter-spacing: .08em; text-transform: uppercase;
  font-size: 12px; }
h1 { margin: 2px 0 6px; font-size: 28px; line-height: 1.2; }
.published { margin: 0 0 8px; color: #3e4c59; }
.legend-note { margin: 0 0 12px; color: #52606d; font-size: 13px; }
nav ol { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0; padding: 10px 14px; list-style: none;
  background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; counter-reset: section; font-size: 14px; }
nav li { counter-increment: section; }
nav li::before { content: counter(section) ". "; color: #7b8794; }
nav a { color: #1f5f99; text-decoration: none; }
nav a:hover { text-decoration: underline; }
section.card { background: #fff; border: 1px solid #e4e7eb; border-radius: 10px; padding: 20px 24px 16px;
  margin: 18px 0; box-shadow: 0 1px 2px rgba(31, 41, 51, .04); }
h2 { margin: 0 0 2px; font-size: 20px; line-height: 1.3; }
h3.sub { margin: 14px 0 4px; font-size: 15px; color: #3e4c59; }
.lede { margin: 0 0 12px; color: #52606d; }
figure { margin: 8px 0; }
figcaption { font-size: 13px; font-weight: 600; color: #3e4c59; margin-bottom: 2px; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; overflow: visible; }
figure.narrow { max-width: 760px; }
.panels { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px 24px; }
.panels.three { grid-template-columns: repeat(3, minmax(0, 1fr)); }
@media (max-width: 760px) { .panels, .panels.three { grid-template-columns: 1fr; } }
.how { margin: 10px 0 6px; padding: 6px 0 6px 12px; border-left: 3px solid #cbd2d9; color: #3e4c59;
  font-size: 13px; }
ul.notes { margin: 6px 0; padding-left: 20px; color: #7c5e10; font-size: 13px; }
.unavailable { padding: 12px 14px; background: #f5f7fa; border: 1px dashed #cbd2d9; border-radius: 6px;
  color: #52606d; }
.nr { color: #7b8794; font-style: italic; }
.table { overflow-x: auto; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e4e7eb; text-align: left; vertical-align: top; }
th { font-weight: 600; color: #3e4c59; background: #f8f9fb; border-bottom: 1px solid #cbd2d9; }
td.num, th.num { text-align: right; }
td.num, td:first-child { white-space: nowrap; }
td.wide { min-width: 14em; }
td.nr-span { text-align: center; background: repeating-linear-gradient(135deg, #fafbfc 0 6px, #f2f4f7 6px 12px); }
caption { caption-side: bottom; text-align: left; padding-top: 4px; color: #7b8794; font-size: 12px; }
.panel-note { margin: 4px 0 0; font-size: 12px; color: #52606d; }
tbody tr:hover { background: #f8fafc; }
details { margin: 8px 0; }
details summary { cursor: pointer; color: #1f5f99; font-size: 13px; }
details[open] summary { margin-bottom: 4px; }
code { font-size: 13px; background: #eef1f4; padding: 1px 4px; border-radius: 3px; }
footer { margin-top: 24px; color: #7b8794; font-size: 12px; }
@media print { body { background: #fff; } section.card { break-inside: avoid; box-shadow: none; } }
"""
