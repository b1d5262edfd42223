"""From dropped exports to published marts through Airflow's own runner, and publishing beside a reader.

Expected figures come from the sample generator's in-memory rows, not from re-reading the files, so a
parser, loader, model or publish bug shows up as a wrong number.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

import duckdb
import pytest

from ingest.config import PROJECT_DIR, Paths
from ingest.samples import sample_files
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Paths:
    """`resonance demo` in a fresh process on a throwaway root: Airflow's dag.test() runs both DAGs."""
    home = Paths(tmp_path_factory.mktemp("demo") / "home")
    run = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "--home", str(home.root), "demo"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:] + run.stdout[-3000:]
    (home.root / "demo-stdout.txt").write_text(run.stdout)
    return home


def expected_posts() -> dict[str, tuple[int, int]]:
    """platform -> (posts, impressions) from the latest export of every post in the samples."""
    latest: dict[tuple[str, str], tuple[datetime, int]] = {}
    for sample in sample_files():
        for row in sample.rows:
            if sample.export_type == "x_tweet_activity":
                key, impressions = ("x", row.tweet_id), row.counts["impressions"]
            elif sample.export_type == "x_content":  # the 2024+ export of the same posts, taken later
                key, impressions = ("x", row.post_id), row.counts["Impressions"]
            elif sample.export_type == "youtube_studio_content":
                key, impressions = ("youtube", row.video_id), row.impressions
            else:
                continue
            if key not in latest or latest[key][0] <= sample.exported_at:
                latest[key] = (sample.exported_at, impressions)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (platform, _), (_, impressions) in latest.items():
        totals[platform][0] += 1
        totals[platform][1] += impressions
    return {platform: tuple(v) for platform, v in totals.items()}


def expected_spend() -> dict[str, Decimal]:
    spend: dict[str, Decimal] = defaultdict(Decimal)
    for sample in sample_files():
        if sample.export_type == "meta_ads_campaigns":
            for period in sample.rows:
                spend[sample.currency] += period.amount_spent
    return dict(spend)


def serving(home: Paths, query: str) -> list[tuple]:
    con = duckdb.connect(str(home.serving_db), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_dag_runs_on_sample_exports_publish_post_marts_with_the_samples_totals(demo_home):
    rows = serving(
        demo_home,
        "select platform, count(*), sum(impressions) from marts.fct_post_performance group by 1 order by 1",
    )
    published = {platform: (posts, impressions) for platform, posts, impressions in rows}
    assert {platform: published[platform] for platform in ("x", "youtube")} == expected_posts()
    assert {"facebook", "instagram", "linkedin", "tiktok"} <= set(published)


def test_dag_runs_publish_ad_spend_per_currency_never_mixed(demo_home):
    rows = serving(
        demo_home,
        "select currency, sum(spend) from marts.fct_ad_performance where source = 'meta_ads_campaigns' group by 1",
    )
    assert dict(rows) == expected_spend()
    assert len(rows) >= 2  # the samples hold several currencies: a mixed total would be one row


def test_demo_prints_a_summary_per_platform_and_where_the_serving_file_is(demo_home):
    out = (demo_home.root / "demo-stdout.txt").read_text()
    posts = expected_posts()
    assert f"{posts['x'][1]:,}" in out and f"{posts['youtube'][1]:,}" in out
    assert "meta       MXN" in out and f"{expected_spend()['MXN']:,.2f}" in out
    assert str(demo_home.serving_db) in out


def test_demo_summary_tells_the_stories_the_marts_reveal(demo_home):
    out = (demo_home.root / "demo-stdout.txt").read_text()
    assert "What the marts show" in out
    assert "Live: instagram northwindgear has 106,900 followers" in out  # and fewer than 30 peak viewers
    assert "ROAS is not ROI:" in out and "ROI on margin -" in out
    assert "Creators by tier: nano" in out and "macro (1 deal)" in out
    # the creators' own exports carry the engagement; the YouTube deal has none (Studio reports no likes)
    assert "micro (3 deals, engagement known for 2): engagement 7.5% of followers at 0.53 USD per engagement" in out
    assert "macro (1 deal): engagement 1.1% of followers at 2.33 USD per engagement" in out


def test_creator_exports_match_the_deals_posts_and_micro_creators_out_engage_the_macro_one(demo_home):
    """The creators' own content exports (landing/<handle>/) hold every post the template lists but the
    YouTube one; per tier, as ratios of sums, micro creators earn more engagement per follower and pay less
    per engagement than the macro creator."""
    deals = serving(
        demo_home,
        "select creator_handle, posts_listed, posts_matched, engagements from marts.fct_creator_performance "
        "order by creator_handle",
    )
    assert deals == [
        ("ben_outdoors", 1, 0, None),
        ("kletter_lea", 2, 2, 520 + 41 + 19 + 36 + 410 + 33 + 14 + 27),
        ("peakpaula", 2, 2, 5_200 + 140 + 90 + 170 + 3_100 + 95 + 160 + 145),
        ("sam_climbs", 1, 1, 1_100 + 64 + 95),
        ("trailmix_ana", 2, 2, 1_480 + 96 + 52 + 118 + 2_400 + 140 + 210),
    ]
    tiers = dict(
        (tier, (rate, cost))
        for tier, rate, cost in serving(
            demo_home,
            "select follower_tier, sum(engagements) / sum(case when engagements is not null "
            "then followers_at_signing end), sum(case when engagements is not null then deal_cost_reporting end) "
            "/ sum(engagements) from marts.fct_creator_performance group by 1",
        )
    )
    assert tiers["micro"][0] > 5 * tiers["macro"][0]
    assert tiers["micro"][1] < tiers["macro"][1] / 3
    assert tiers["nano"][0] > tiers["micro"][0]


REPORT_DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)
# Anything a browser would fetch: an attribute pointing at another host, a CSS import or url().
REMOTE = re.compile(r"""(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*(?:[a-z]+:)?//|@import|url\(""", re.I)


def report_figures(html: str) -> dict:
    return json.loads(REPORT_DATA.search(html).group(1))


def test_demo_writes_a_self_contained_html_report_whose_figures_are_the_marts(demo_home, tmp_path):
    """`resonance demo` writes the report and says where. Every figure in it is recomputed here with SQL on
    serving.duckdb: reach as reported per day, rates as ratios of sums, spend from the channel mix, unknown
    revenue never 0. A second render of the same publication gives the same figures."""
    from ingest.serve.html_report import write_report

    path = demo_home.reports / "resonance-report.html"
    assert f"Report: {path}" in (demo_home.root / "demo-stdout.txt").read_text()
    html = path.read_text()
    figures = report_figures(html)
    assert report_figures(write_report(demo_home, tmp_path / "again.html").read_text()) == figures

    assert not REMOTE.search(html) and "http://" not in html and "https://" not in html  # nothing to fetch
    charts = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(charts) >= 9 and all(ET.fromstring(chart) is not None for chart in charts)  # well-formed SVG
    (published,) = serving(demo_home, "select published_at from meta.publication")[0]
    assert figures["published_at"] == published.astimezone(UTC).isoformat()
    sections = figures["sections"]

    # 1. Reach: every point is the mart's own daily value (NULL stays null); accounts without reach are listed.
    reach = {(s["platform"], s["account_id"], d): v for s in sections["reach"]["series"] for d, v in s["points"]}
    mart = serving(
        demo_home,
        "select platform, account_id, activity_date, reach from marts.fct_account_daily where (platform, account_id) "
        "in (select (platform, account_id) from marts.fct_account_daily group by all having count(reach) > 0)",
    )
    assert reach == {(p, a, d.isoformat()): r for p, a, d, r in mart} and len(reach) > 150
    assert reach[("instagram", "northwindgear", "2026-12-01")] is None
    silent = {(s["platform"], s["account_id"]) for s in sections["reach"]["not_reported"]}
    assert {("x", "northwindgear"), ("youtube", "northwindgear"), ("tiktok", "northwindgear")} <= silent

    # 2. Engagement rate per platform: sum / sum over the posts reporting both (not the mean of post rates).
    expected = serving(
        demo_home,
        "select platform, sum(engagements) filter (where impressions is not null) "
        "/ sum(impressions) filter (where engagements is not null), "
        "sum(engagements) filter (where followers_at_posting is not null) "
        "/ sum(followers_at_posting) filter (where engagements is not null), "
        "avg(engagement_rate_by_impressions) from marts.fct_post_performance group by platform order by platform",
    )
    shown = {r["platform"]: r for r in sections["engagement"]["by_platform"]}
    for platform, by_impressions, by_followers, _ in expected:
        assert shown[platform]["rate_by_impressions"] == pytest.approx(by_impressions), platform
        assert shown[platform]["rate_by_followers"] == pytest.approx(by_followers), platform
    x_rate = shown["x"]["rate_by_impressions"]
    assert x_rate == pytest.approx(17_693 / 344_643) and f"{x_rate:.2%}" in html
    assert x_rate != pytest.approx(next(mean for p, *_, mean in expected if p == "x"), rel=1e-3)
    assert shown["instagram"]["rate_by_impressions"] is None  # its exports carry no impressions
    assert 'data-row="instagram" data-series="Engagements per impression" data-value=""' in html

    # 3. Spend per channel from fct_channel_mix (base scenario); revenue under low/base/high from the ROI mart.
    mix = serving(
        demo_home,
        "select platform, sum(spend_reporting), sum(attributed_revenue_reporting) from marts.fct_channel_mix "
        "where scenario = 'base' and spend_reporting is not null group by platform",
    )
    channels = {c["channel"]: c for c in sections["money"]["channels"]}
    assert set(channels) == {"meta", "tiktok", "linkedin", "x", "creator"}
    for platform, spend, attributed in mix:
        assert channels[platform]["spend"] == pytest.approx(float(spend)), platform
        assert channels[platform]["attributed_revenue"] == (
            None if attributed is None else pytest.approx(float(attributed))
        )
    for platform, scenario, incremental in serving(
        demo_home,
        "select platform, scenario, sum(incremental_revenue_reporting) from marts.fct_campaign_roi "
        "where attribution_model = 'linear' group by all",
    ):
        expected_revenue = None if incremental is None else pytest.approx(float(incremental))
        assert channels[platform]["incremental_revenue"][scenario] == expected_revenue, (platform, scenario)
    ((tracked, spent),) = serving(
        demo_home,
        "select sum(tracked_spend_reporting), sum(spend_reporting) from marts.fct_channel_mix "
        "where scenario = 'base' and platform = 'meta'",
    )
    assert 0 < tracked < spent  # part of Meta's spend is tracked: a ratio of the sums, not a 0 or a 1
    assert channels["meta"]["share_of_spend_tracked"] == pytest.approx(float(tracked / spent))
    linkedin = channels["linkedin"]
    assert linkedin["attributed_revenue"] is None and linkedin["incremental_revenue"]["base"] is None
    money_section = re.search(r'<section id="money".*?</section>', html, re.S).group(0)
    row = re.search(r"<tr><td>linkedin</td>.*?</tr>", money_section).group(0)
    assert 'colspan="5"><span class="nr">no revenue tracking' in row  # unknown, and said so, never 0.00
    assert 'data-row="linkedin" data-series="Attributed revenue (linear)" data-value=""' in html
    assert "USD (reporting currency)" in html

    # 4. Creator tiers: ratios of sums over the deals reporting both sides.
    tiers = {t["follower_tier"]: t for t in sections["creators"]["tiers"]}
    for tier, rate, cost_per_engagement, roas in serving(
        demo_home,
        "select follower_tier, sum(engagements) / sum(followers_at_signing) filter (where engagements is not null), "
        "sum(deal_cost_reporting) filter (where engagements is not null) / sum(engagements), "
        "sum(attributed_revenue_reporting) / sum(deal_cost_reporting) from marts.fct_creator_performance group by 1",
    ):
        assert tiers[tier]["engagement_rate_by_followers"] == pytest.approx(rate), tier
        assert tiers[tier]["cost_per_engagement"] == pytest.approx(cost_per_engagement), tier
        assert tiers[tier]["attributed_revenue_per_cost"] == pytest.approx(roas), tier
    assert tiers["micro"]["deals"] == 3 and tiers["micro"]["deals_with_engagements"] == 2

    # 5. Live sessions: the mart's viewers and rates, the missing unique viewers not noted rather than 0.
    sessions = [
        (s["session_id"], s["peak_concurrent_viewers"], s["unique_viewers"], s["peak_viewers_per_1k_followers"])
        for s in sections["live"]["sessions"]
    ]
    assert sessions == serving(
        demo_home,
        "select session_id, peak_concurrent_viewers, unique_viewers, peak_viewers_per_1k_followers "
        "from marts.fct_live_sessions order by started_at, platform, session_id",
    )
    assert any(unique is None for _, _, unique, _ in sessions) and "unique viewers not noted" in html

    # 6. Reply times: the mart's daily medians as they are, reply rate as a ratio of the days' sums.
    medians = {
        (d["platform"], d["date_day"]): d["median_minutes_to_first_brand_reply"] for d in sections["replies"]["days"]
    }
    assert medians == {
        (p, d.isoformat()): m
        for p, d, m in serving(
            demo_home,
            "select platform, date_day, median_minutes_to_first_brand_reply from marts.fct_conversation_daily",
        )
    }
    rates = {a["platform"]: a["reply_rate"] for a in sections["replies"]["accounts"]}
    assert rates["instagram"] == pytest.approx(70 / 237)


def test_one_account_has_one_id_whatever_the_source(demo_home):
    """Graph exports (platform ids), Business Suite files (file ids and landing folders) and the templates
    (handles) name the brand's Instagram account three ways: dim_account holds it once."""
    accounts = serving(demo_home, "select platform, account_id from marts.dim_account order by 1, 2")
    brand = [account for platform, account in accounts if platform in ("instagram", "facebook")]
    assert brand.count("northwindgear") == 2
    assert not [a for a in brand if a.startswith("1784140") or a.startswith("northwindgear-")]
    posts = serving(
        demo_home, "select distinct account_id from marts.fct_post_performance where platform = 'instagram'"
    )
    assert sorted(a for (a,) in posts) == ["kletter_lea", "northwindgear", "peakpaula", "trailmix_ana"]


def test_dag_runs_recorded_every_sample_file_as_loaded_and_emitted_raw_asset_events(demo_home):
    con = duckdb.connect(str(demo_home.writer_db), read_only=True)
    statuses = con.execute("select status, count(*) from meta.loads group by 1").fetchall()
    pulled = con.execute(
        "select count(*) from meta.loads where source_path similar to '.*/api/(tiktok_ads|linkedin)/.*'"
    ).fetchone()
    con.close()
    # every sample file, and the 4 pages the demo pulled from the stand-ins (2 TikTok, 2 LinkedIn)
    assert statuses == [("loaded", len(sample_files()) + 4)] and pulled == (4,)
    check = (
        "from airflow.models.asset import AssetEvent, AssetModel\n"
        "from airflow.utils.session import create_session\n"
        "with create_session() as s:\n"
        "    events = s.query(AssetModel).join(AssetEvent, AssetEvent.asset_id == AssetModel.id)\n"
        "    print(sorted({a.uri for a in events}))\n"
    )
    from ingest.orchestration.airflow import airflow_environment

    out = subprocess.run(
        [sys.executable, "-c", check],
        env={**__import__("os").environ, **airflow_environment(demo_home)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "resonance://warehouse/raw/x__tweet_activity" in out
    assert "resonance://warehouse/serving" in out


def test_a_build_after_the_demo_finds_nothing_new_to_build(demo_home):
    """The demo's transform DAG records its green build where `resonance build` looks: no rebuild of 370
    nodes for loads that were already built."""
    from ingest.transform.dbt import dbt_build

    result = dbt_build(demo_home)
    assert result.success and result.nodes == 0 and result.reason == "no new loads"


def test_a_reader_holding_the_serving_file_open_does_not_stop_a_new_load_and_publish(demo_home, tmp_path):
    from ingest.load.loader import ingest_paths
    from ingest.serve.publish import publish
    from ingest.transform.dbt import dbt_build

    before = serving(demo_home, "select count(*) from marts.fct_post_performance")[0][0]
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys\n"
            f"con = duckdb.connect({str(demo_home.serving_db)!r}, read_only=True)\n"
            "print(con.execute('select count(*) from marts.fct_post_performance').fetchone()[0], flush=True)\n"
            "sys.stdin.readline()\n"
            "print(con.execute('select count(*) from marts.fct_post_performance').fetchone()[0], flush=True)\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert int(reader.stdout.readline()) == before  # the reader holds the file open now
        counts = dict.fromkeys(X_COUNTS, 1)
        new = Tweet("1999999999999999999", "northwindgear", "a new tweet", datetime(2026, 11, 20, tzinfo=UTC), counts)
        (result,) = ingest_paths([write_x_tweet_activity(tmp_path / "new.csv", [new])], demo_home)
        assert result.status == "loaded"
        assert dbt_build(demo_home).success
        publish(demo_home)

        assert serving(demo_home, "select count(*) from marts.fct_post_performance")[0][0] == before + 1
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == before  # it kept reading the file it opened
    finally:
        reader.kill()
        reader.wait()


def test_sample_rows_of_every_audience_and_video_export_reach_the_marts(demo_home):
    """LinkedIn demographics, Studio geography and chart data land in fct_audience_breakdown row for row;
    the X video overview's views in fct_account_daily.video_views; LinkedIn share statistics cover the same
    days as the page export, which wins, so LinkedIn's account days keep the page export's figures, and the
    December days the demo pulled from the LinkedIn stand-in add theirs."""
    from ingest.samples.apis.demo import SINCE, UNTIL, linkedin_standin

    expected: dict[str, int] = defaultdict(int)
    followers = 0
    video_views = 0
    page_impressions = 0
    for sample in sample_files():
        if sample.export_type == "linkedin_followers":
            for pairs in sample.rows[0].demographics.values():
                expected["linkedin_follower_demographics"] += len(pairs)
                followers += sum(n for _, n in pairs)
        elif sample.export_type in ("youtube_studio_geography", "youtube_studio_chart"):
            expected[sample.export_type] += len(sample.rows)
        elif sample.export_type == "x_video_overview":
            video_views += sum(day.views for day in sample.rows)
        elif sample.export_type == "linkedin_content":
            page_impressions += sum(day.organic["impressions"] for day in sample.rows[0].days)
    pulled = linkedin_standin().served("share_statistics", SINCE, UNTIL)
    page_impressions += sum(element["totalShareStatistics"]["impressionCount"] for element in pulled)
    rows = serving(demo_home, "select source, count(*) from marts.fct_audience_breakdown group by 1")
    assert dict(rows) == expected
    assert serving(
        demo_home,
        "select sum(followers) from marts.fct_audience_breakdown where source = 'linkedin_follower_demographics'",
    ) == [(followers,)]
    assert serving(demo_home, "select sum(video_views) from marts.fct_account_daily where platform = 'x'") == [
        (video_views,)
    ]
    assert serving(demo_home, "select sum(impressions) from marts.fct_account_daily where platform = 'linkedin'") == [
        (page_impressions,)
    ]


def test_a_duckdb_1_1_client_opens_the_serving_file_and_reads_the_same_rows(demo_home):
    """BI tools ship DuckDB 1.x: the serving file must not need 2.0. DuckDB 1.1.3 runs in an environment of its
    own (uv, as `make setup` installs it), reading every mart's row count."""
    import json
    import shutil

    uv = [shutil.which("uv")] if shutil.which("uv") else ["python3", "-m", "uv"]
    tables = [name for (name,) in serving(demo_home, "select table_name from information_schema.tables "
                                                      "where table_schema = 'marts' order by 1")]  # fmt: skip
    counts = {table: serving(demo_home, f"select count(*) from marts.{table}")[0][0] for table in tables}
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        'tables = [t for (t,) in con.execute("select table_name from information_schema.tables '
        "where table_schema = 'marts' order by 1\").fetchall()]\n"
        "print(json.dumps([duckdb.__version__, {t: con.execute(f'select count(*) from marts.{t}').fetchone()[0] "
        "for t in tables}]))\n"
    )
    run = subprocess.run(
        [*uv, "run", "--no-project", "--with", "duckdb==1.1.3", "python", "-c", script, str(demo_home.serving_db)],
        capture_output=True, text=True, timeout=300, cwd=demo_home.root,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    version, old_counts = json.loads(run.stdout.strip().splitlines()[-1])
    assert version == "1.1.3"
    assert old_counts == counts and len(counts) >= 12


def test_every_mart_and_every_column_carries_its_dbt_description_in_serving_and_parquet(demo_home):
    import json

    tables = serving(demo_home, "select table_name, comment from duckdb_tables() where schema_name = 'marts'")
    assert len(tables) >= 12 and all(comment for _, comment in tables), tables
    columns = serving(
        demo_home, "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'"
    )
    assert [(t, c) for t, c, comment in columns if not comment] == []
    with duckdb.connect() as con:
        for table, _ in tables:
            parquet = demo_home.parquet / f"{table}.parquet"
            metadata = dict(con.execute(f"select decode(key), decode(value) from parquet_kv_metadata('{parquet}')")
                            .fetchall())  # fmt: skip
            described = json.loads(metadata["column_descriptions"])
            assert metadata["description"] and {c for t, c, _ in columns if t == table} <= set(described), table


def test_campaigns_no_order_can_name_have_unknown_revenue_not_zero(demo_home):
    """The demo's LinkedIn campaigns have no mapped UTM and no code: their revenue, ROAS and ROI are NULL,
    and the channel mix says none of LinkedIn's spend is tracked instead of showing it earned 0 %."""
    roi = serving(
        demo_home,
        "select distinct revenue_tracking, attributed_revenue_reporting is null, roas is null, "
        "roi_on_margin is null from marts.fct_campaign_roi where platform = 'linkedin'",
    )
    assert roi == [("none", True, True, True)]
    mix = serving(
        demo_home,
        "select distinct share_of_spend_tracked, attributed_revenue_reporting "
        "from marts.fct_channel_mix where platform = 'linkedin' and spend_reporting > 0",
    )
    assert mix == [(0.0, None)]
    tracked = serving(
        demo_home, "select distinct revenue_tracking from marts.fct_campaign_roi where platform = 'creator'"
    )
    assert tracked and {t for (t,) in tracked} <= {"utm", "code", "utm_and_code"}


def test_summary_roi_and_channel_mix_count_one_source_per_ad_account_and_show_the_same_spend(demo_home):
    """TikTok's account is in both its Ads Manager export and its API report for the same November days:
    the fact keeps both, `is_counted` adds one, and the summary, the ROI mart and the mix show that number."""
    every_row = dict(
        serving(demo_home, "select platform, sum(spend_reporting) from marts.fct_ad_performance group by 1")
    )
    counted = dict(
        serving(
            demo_home,
            "select platform, sum(spend_reporting) from marts.fct_ad_performance where is_counted group by 1",
        )
    )
    assert every_row["tiktok"] > counted["tiktok"]  # the overlap is real: adding every row counts days twice
    roi = dict(
        serving(
            demo_home,
            "select platform, sum(ad_spend_reporting) from marts.fct_campaign_roi "
            "where attribution_model = 'linear' and scenario = 'base' and platform <> 'creator' group by 1",
        )
    )
    mix = dict(
        serving(
            demo_home,
            "select platform, sum(spend_reporting) from marts.fct_channel_mix "
            "where platform in ('meta', 'tiktok', 'linkedin', 'x') group by 1",
        )
    )
    assert roi == mix == counted  # no demo row spans two months, so the monthly marts hold every counted row
    (tiktok_usd,) = serving(
        demo_home,
        "select sum(spend) from marts.fct_ad_performance where is_counted and platform = 'tiktok' and currency = 'USD'",
    )[0]
    out = (demo_home.root / "demo-stdout.txt").read_text()
    assert f"tiktok     USD              2      {tiktok_usd:,.2f}" in out
    overlaps = serving(
        demo_home,
        "select count(*) from marts.fct_ad_performance as a join marts.fct_ad_performance as b "
        "on a.platform = b.platform and a.account_id = b.account_id and a.source < b.source "
        "and a.period_start <= b.period_end and b.period_start <= a.period_end where a.is_counted and b.is_counted",
    )
    assert overlaps == [(0,)]


def test_every_fact_names_its_network_and_channel_so_meta_paid_and_organic_line_up(demo_home):
    facts = [
        table
        for (table,) in serving(
            demo_home, "select table_name from duckdb_tables() where schema_name = 'marts' and table_name like 'fct_%'"
        )
    ]
    assert len(facts) >= 10
    for table in facts:
        query = f"select column_name from duckdb_columns() where schema_name = 'marts' and table_name = '{table}'"
        columns = {column for (column,) in serving(demo_home, query)}
        assert {"network", "network_group", "channel_type"} <= columns, table
    meta = serving(
        demo_home,
        "select channel_type, string_agg(distinct platform, ',' order by platform), sum(spend_reporting) is not null, "
        "sum(engagements) is not null from marts.fct_channel_mix where network_group = 'meta' group by 1 order by 1",
    )
    assert meta == [("organic", "facebook,instagram", False, True), ("paid", "meta", True, False)]
    posts = serving(
        demo_home,
        "select distinct network, network_group, channel_type from marts.fct_post_performance "
        "where platform = 'instagram'",
    )
    assert posts == [("instagram", "meta", "organic")]
