"""What a person reads of the marts: the per-platform summary the demo prints (`resonance demo`)."""

from __future__ import annotations

from decimal import Decimal

import duckdb

from ingest import warehouse
from ingest.config import Paths


def open_serving(home: Paths) -> duckdb.DuckDBPyConnection:
    if not home.serving_db.exists():
        raise FileNotFoundError(f"{home.serving_db} does not exist yet: run `resonance build` (or `make demo`)")
    return warehouse.connect(home.serving_db, read_only=True)


def platform_summary(home: Paths) -> dict:
    """Posts, impressions and engagements per platform; spend per platform and currency (never mixed)."""
    con = open_serving(home)
    try:
        posts = con.execute(
            """
            select platform, count(*) as posts, sum(impressions) as impressions,
                   sum(engagements) as engagements
            from marts.fct_post_performance group by platform order by platform
            """
        ).fetchall()
        ads = con.execute(
            """
            -- is_counted: one source per ad account and month (the rule fct_campaign_roi and fct_channel_mix
            -- use too), so an account exported by hand and through the API is not added twice.
            select platform, currency, count(distinct coalesce(campaign_name, campaign_id)) as campaigns,
                   sum(spend) as spend, sum(impressions) as impressions, sum(clicks) as clicks
            from marts.fct_ad_performance
            where is_counted
            group by platform, currency order by platform, currency
            """
        ).fetchall()
        stories = _stories(con)
        published = con.execute("select published_at from meta.publication").fetchone()[0]
    finally:
        con.close()
    return {
        "posts": [dict(zip(("platform", "posts", "impressions", "engagements"), r, strict=True)) for r in posts],
        "ads": [
            dict(zip(("platform", "currency", "campaigns", "spend", "impressions", "clicks"), r, strict=True))
            for r in ads
        ],
        "stories": stories,
        "published_at": published,
        "serving_db": str(home.serving_db),
        "parquet_dir": str(home.parquet),
    }


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = ?", [table]
    ).fetchone()[0]
    return found > 0


def _stories(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The findings the marts exist to reveal, each as one plain sentence (empty where the data lacks them)."""
    stories = []
    if _has_table(con, "fct_live_sessions"):
        live = con.execute(
            """
            select platform, account_id, title, peak_concurrent_viewers, followers_at_start
            from marts.fct_live_sessions
            where followers_at_start >= 50000 and peak_concurrent_viewers is not null
            order by peak_concurrent_viewers / followers_at_start, started_at limit 1
            """
        ).fetchone()
        if live:
            platform, account, title, peak, followers = live
            stories.append(
                f"Live: {platform} {account} has {followers:,} followers, yet its live session {title!r} peaked "
                f"at {peak:,} concurrent viewers ({1000 * peak / followers:.2f} per 1,000 followers)."
            )
    if _has_table(con, "fct_campaign_roi"):
        deal = con.execute(
            """
            select platform, campaign_key, month_start, roas_attributed, roas, breakeven_roas, roi_on_margin,
                   incrementality_factor, gross_margin
            from marts.fct_campaign_roi
            where scenario = 'base' and attribution_model = 'linear' and roi_on_margin < 0 and roas_attributed >= 2
            order by roas_attributed desc, campaign_key limit 1
            """
        ).fetchone()
        if deal:
            platform, key, month, attributed, roas, breakeven, roi, factor, margin = deal
            stories.append(
                f"ROAS is not ROI: {platform} {key} ({month:%b %Y}) shows an attributed ROAS of {attributed:.2f}, "
                f"but only {factor:.0%} of that revenue is incremental (base scenario) and the margin is "
                f"{margin:.0%}: ROAS {roas:.2f} against a break-even of {breakeven:.2f}, ROI on margin {roi:.0%}."
            )
    if _has_table(con, "fct_creator_performance"):
        # Ratios of sums per tier over the deals that report each side (ingest.serve.report_figures owns them):
        # a deal without engagement data (a YouTube deal: Studio's content export has no likes) adds neither
        # followers nor cost to the engagement ratios and is counted apart; a deal whose revenue is unknown
        # adds no cost to revenue per unit of cost.
        from ingest.serve.report_figures import creator_tiers

        parts = []
        for tier in creator_tiers(con):
            deals, engaged = tier["deals"], tier["deals_with_engagements"]
            known = "" if engaged == deals else f", engagement known for {engaged}"
            parts.append(
                f"{tier['follower_tier']} ({deals} deal{'s' if deals > 1 else ''}{known}): engagement "
                f"{_pct(tier['engagement_rate_by_followers'])} of followers at "
                f"{_money(tier['cost_per_engagement'], tier['reporting_currency'])} per engagement, attributed "
                f"revenue per unit of cost {_n(tier['attributed_revenue_per_cost'])}"
            )
        if parts:
            stories.append("Creators by tier: " + "; ".join(parts) + ".")
    return stories


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def _money(value, currency: str | None) -> str:
    return "-" if value is None else f"{value:,.2f} {currency}"


def _n(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}"
    return f"{value:,}"


def format_summary(summary: dict) -> str:
    lines = ["Organic posts (lifetime totals, latest snapshot per post)"]
    lines.append(f"  {'platform':<10} {'posts':>7} {'impressions':>14} {'engagements':>13}")
    for row in summary["posts"]:
        lines.append(
            f"  {row['platform']:<10} {_n(row['posts']):>7} {_n(row['impressions']):>14} {_n(row['engagements']):>13}"
        )
    lines.append("")
    lines.append("Paid (spend stays in its currency; one source per ad account)")
    lines.append(f"  {'platform':<10} {'currency':<8} {'campaigns':>9} {'spend':>14} {'impressions':>14} {'clicks':>9}")
    for row in summary["ads"]:
        lines.append(
            f"  {row['platform']:<10} {row['currency']:<8} {_n(row['campaigns']):>9} {_n(row['spend']):>14} "
            f"{_n(row['impressions']):>14} {_n(row['clicks']):>9}"
        )
    if summary.get("stories"):
        lines.append("")
        lines.append("What the marts show")
        lines.extend(f"  - {story}" for story in summary["stories"])
    lines.append("")
    lines.append("'-' = the export does not report the metric (NULL, never counted as 0).")
    lines.append(f"Serving file (open read-only): {summary['serving_db']}")
    lines.append(f"Parquet copies:                {summary['parquet_dir']}")
    lines.append(f"Published at:                  {summary['published_at']:%Y-%m-%d %H:%M:%S %Z}")
    return "\n".join(lines)
