"""The figures `resonance report` shows, read from the published marts (serving.duckdb, read-only).

One function per section of the page, each returning plain values: numbers, dates, text, and None where
the marts hold NULL (unknown, never 0). A section whose mart is absent or empty says so in `status` and
`note` instead of failing. Aggregates follow the metric rules: reach is never added up, rates are ratios
of sums over the rows reporting both sides, money stays in the marts' reporting currency, and spend comes
only from fct_channel_mix (fct_ad_performance holds overlapping sources of the same spend).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

import duckdb


def gather(con: duckdb.DuckDBPyConnection) -> dict:
    """Every figure the page shows, as plain values (None where the marts hold NULL)."""
    publication = None
    if _has_table(con, "meta", "publication"):
        row = con.execute("select max(published_at) from meta.publication").fetchone()
        publication = row[0] if row else None
        if isinstance(publication, datetime) and publication.tzinfo is not None:
            publication = publication.astimezone(UTC)
    return {
        "published_at": publication,
        "sections": {
            "reach": _reach(con),
            "engagement": _engagement(con),
            "money": _money(con),
            "creators": _creators(con),
            "live": _live(con),
            "replies": _replies(con),
        },
    }


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
    ).fetchone()[0]
    return found > 0


def _missing_mart(con: duckdb.DuckDBPyConnection, table: str) -> dict | None:
    """None when marts.<table> has rows, else the section's reason for showing nothing."""
    if not _has_table(con, "marts", table):
        return {"status": "absent", "note": f"marts.{table} is not in this serving file."}
    if con.execute(f"select count(*) from marts.{table}").fetchone()[0] == 0:
        return {"status": "empty", "note": f"marts.{table} has no rows yet."}
    return None


def _rows(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> list[dict]:
    result = con.execute(query, params or [])
    names = [column[0] for column in result.description]
    return [{name: _plain(value) for name, value in zip(names, row, strict=True)} for row in result.fetchall()]


def _plain(value: object) -> object:
    """Decimal sums as floats (what JSON and the charts take); NaN as unknown."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _reach(con: duckdb.DuckDBPyConnection) -> dict:
    missing = _missing_mart(con, "fct_account_daily")
    if missing:
        return missing
    days = _rows(
        con,
        "select platform, account_id, activity_date, reach from marts.fct_account_daily "
        "order by platform, account_id, activity_date",
    )
    by_account: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for day in days:
        by_account[(day["platform"], day["account_id"])].append(day)
    series, silent = [], []
    for (platform, account), rows in by_account.items():
        reported = [r for r in rows if r["reach"] is not None]
        if not reported:
            silent.append({"platform": platform, "account_id": account, "days": len(rows)})
            continue
        series.append(
            {
                "platform": platform,
                "account_id": account,
                "days": len(rows),
                "days_reported": len(reported),
                "first_day": rows[0]["activity_date"],
                "last_day": rows[-1]["activity_date"],
                "min_reach": min(r["reach"] for r in reported),
                "max_reach": max(r["reach"] for r in reported),
                "points": [[r["activity_date"], r["reach"]] for r in rows],
            }
        )
    return {"status": "ok", "series": series, "not_reported": silent}


_RATES = """
    count(*) as posts,
    count(engagements) as posts_with_engagements,
    count(impressions) as posts_with_impressions,
    count(followers_at_posting) as posts_with_followers,
    count(*) filter (where engagements is not null and impressions is not null) as posts_by_impressions,
    sum(engagements) filter (where impressions is not null) as engagements_by_impressions,
    sum(impressions) filter (where engagements is not null) as impressions,
    sum(engagements) filter (where impressions is not null)
        / nullif(sum(impressions) filter (where engagements is not null), 0) as rate_by_impressions,
    count(*) filter (where engagements is not null and followers_at_posting is not null) as posts_by_followers,
    sum(engagements) filter (where followers_at_posting is not null) as engagements_by_followers,
    sum(followers_at_posting) filter (where engagements is not null) as followers_at_posting,
    sum(engagements) filter (where followers_at_posting is not null)
        / nullif(sum(followers_at_posting) filter (where engagements is not null), 0) as rate_by_followers
"""


def _engagement(con: duckdb.DuckDBPyConnection) -> dict:
    missing = _missing_mart(con, "fct_post_performance")
    if missing:
        return missing
    by_platform = _rows(con, f"select platform, {_RATES} from marts.fct_post_performance group by platform order by 1")
    by_type = _rows(
        con,
        f"select platform, post_type, {_RATES} from marts.fct_post_performance group by platform, post_type "
        "order by platform, post_type nulls last",
    )
    return {"status": "ok", "by_platform": by_platform, "by_post_type": by_type}


def _money(con: duckdb.DuckDBPyConnection) -> dict:
    missing = _missing_mart(con, "fct_channel_mix")
    if missing:
        return missing
    settings = _rows(
        con,
        "select distinct reporting_currency, attribution_model, scenario, incrementality_factor "
        "from marts.fct_channel_mix order by all",
    )
    # A channel is a platform-month source of spend (ad platforms and `creator`); organic-only rows have NULL
    # spend and are not channels here. Sums over months: spend and revenue add up; shares are recomputed as
    # ratios of the sums.
    channels = _rows(
        con,
        """
        select platform as channel,
               count(*) as months,
               min(month_start) as first_month,
               max(month_start) as last_month,
               sum(spend_reporting) as spend,
               sum(tracked_spend_reporting) as tracked_spend,
               sum(tracked_spend_reporting) / nullif(sum(spend_reporting), 0) as share_of_spend_tracked,
               count(attributed_revenue_reporting) as months_with_revenue,
               sum(attributed_revenue_reporting) as attributed_revenue,
               sum(incremental_revenue_reporting) as incremental_revenue_mix
        from marts.fct_channel_mix
        where spend_reporting is not null
        group by platform
        order by sum(spend_reporting) desc, platform
        """,
    )
    unconverted = [
        r["month_start"]
        for r in _rows(
            con,
            "select distinct month_start from marts.fct_channel_mix where total_spend_reporting is null "
            "and month_start in (select month_start from marts.fct_channel_mix where spend_reporting is not null) "
            "order by 1",
        )
    ]
    model = settings[0]["attribution_model"] if settings else None
    mix_scenario = settings[0]["scenario"] if settings else None
    scenarios = [{"scenario": mix_scenario, "incrementality_factor": settings[0]["incrementality_factor"]}]
    incremental: dict[str, dict[str, float | None]] = {
        c["channel"]: {mix_scenario: c["incremental_revenue_mix"]} for c in channels
    }
    breakeven = None
    if _missing_mart(con, "fct_campaign_roi") is None:
        scenarios = (
            _rows(
                con,
                "select scenario, min(incrementality_factor) as incrementality_factor from marts.fct_campaign_roi "
                "where attribution_model = ? group by scenario order by 2, 1",
                [model],
            )
            or scenarios  # no ROI row under the mix's model: the mix's own scenario only
        )
        for row in _rows(
            con,
            """
            select platform as channel, scenario,
                   count(incremental_revenue_reporting) as rows_with_revenue,
                   sum(incremental_revenue_reporting) as incremental_revenue
            from marts.fct_campaign_roi where attribution_model = ? group by platform, scenario
            """,
            [model],
        ):
            if row["channel"] in incremental:
                known = row["incremental_revenue"] if row["rows_with_revenue"] else None
                incremental[row["channel"]][row["scenario"]] = known
        breakeven = _rows(
            con,
            "select min(breakeven_roas) as low, max(breakeven_roas) as high, min(gross_margin) as margin_low, "
            "max(gross_margin) as margin_high from marts.fct_campaign_roi",
        )[0]
    for channel in channels:
        if not channel["months_with_revenue"]:
            channel["attributed_revenue"] = None
        channel["revenue_tracked"] = bool(channel["tracked_spend"])
        channel["incremental_revenue"] = {
            s["scenario"]: incremental[channel["channel"]].get(s["scenario"]) for s in scenarios
        }
        base = channel["incremental_revenue"].get(mix_scenario)
        tracked = channel["tracked_spend"]
        channel["roas_on_tracked_spend"] = base / tracked if base is not None and tracked else None
        del channel["incremental_revenue_mix"]
    return {
        "status": "ok",
        "reporting_currency": ", ".join(sorted({s["reporting_currency"] for s in settings if s["reporting_currency"]})),
        "attribution_model": model,
        "scenario": mix_scenario,
        "scenarios": scenarios,
        "breakeven_roas": breakeven,
        "months_with_unconverted_cost": unconverted,
        "channels": channels,
    }


def creator_tiers(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Per follower tier: deals, engagement rate, cost per engagement, attributed revenue per unit of cost.
    The one place these ratios are computed: the HTML report and the demo summary both read them."""
    # Ratios of sums per tier, each over the deals that report both its numerator and its denominator: a deal
    # whose posts were not loaded (engagements NULL) adds neither followers nor cost to the engagement ratios.
    return _rows(
        con,
        """
        select follower_tier,
               count(*) as deals,
               count(engagements) as deals_with_engagements,
               sum(engagements) filter (where followers_at_signing is not null) as engagements,
               sum(followers_at_signing) filter (where engagements is not null) as followers_at_signing,
               sum(engagements) filter (where followers_at_signing is not null)
                   / nullif(sum(followers_at_signing) filter (where engagements is not null), 0)
                   as engagement_rate_by_followers,
               sum(deal_cost_reporting) filter (where engagements is not null) as cost_of_engaged_deals,
               sum(deal_cost_reporting) filter (where engagements is not null)
                   / nullif(sum(engagements) filter (where deal_cost_reporting is not null), 0)
                   as cost_per_engagement,
               count(attributed_revenue_reporting) as deals_with_revenue,
               sum(attributed_revenue_reporting) filter (where deal_cost_reporting is not null)
                   as attributed_revenue,
               sum(deal_cost_reporting) filter (where attributed_revenue_reporting is not null) as cost,
               sum(attributed_revenue_reporting) filter (where deal_cost_reporting is not null)
                   / nullif(sum(deal_cost_reporting) filter (where attributed_revenue_reporting is not null), 0)
                   as attributed_revenue_per_cost,
               min(max_platform_followers_at_signing) as smallest_audience,
               max(reporting_currency) as reporting_currency,
               max(attribution_model) as attribution_model
        from marts.fct_creator_performance
        group by follower_tier
        order by min(max_platform_followers_at_signing) nulls last
        """,
    )


def _creators(con: duckdb.DuckDBPyConnection) -> dict:
    missing = _missing_mart(con, "fct_creator_performance")
    if missing:
        return missing
    tiers = creator_tiers(con)
    unengaged = _rows(
        con,
        "select creator_handle, campaign_id, follower_tier, posts_listed, posts_matched "
        "from marts.fct_creator_performance where engagements is null order by creator_handle, campaign_id",
    )
    return {"status": "ok", "tiers": tiers, "deals_without_engagements": unengaged}


def _live(con: duckdb.DuckDBPyConnection) -> dict:
    missing = _missing_mart(con, "fct_live_sessions")
    if missing:
        return missing
    sessions = _rows(
        con,
        """
        select platform, account_id, session_id, title, started_on_local, reporting_time_zone,
               duration_minutes, peak_concurrent_viewers, unique_viewers, followers_at_start, follower_tier,
               peak_viewers_per_1k_followers, unique_viewers_per_1k_followers, attendance_rate, attendance_band
        from marts.fct_live_sessions order by started_at, platform, session_id
        """,
    )
    return {"status": "ok", "sessions": sessions}


def _replies(con: duckdb.DuckDBPyConnection) -> dict:
    missing = _missing_mart(con, "fct_conversation_daily")
    if missing:
        return missing
    days = _rows(
        con,
        """
        select platform, account_id, date_day, comments_received, brand_replies, threads_started,
               threads_replied, reply_rate, median_minutes_to_first_brand_reply, unanswered_threads_over_24h
        from marts.fct_conversation_daily order by platform, account_id, date_day
        """,
    )
    accounts = _rows(
        con,
        """
        select platform, account_id,
               count(*) as days,
               min(date_day) as first_day,
               max(date_day) as last_day,
               sum(comments_received) as comments_received,
               sum(threads_started) as threads_started,
               sum(threads_replied) as threads_replied,
               sum(threads_replied) / nullif(sum(threads_started), 0) as reply_rate,
               sum(unanswered_threads_over_24h) as unanswered_threads_over_24h,
               count(median_minutes_to_first_brand_reply) as days_with_median
        from marts.fct_conversation_daily group by platform, account_id order by platform, account_id
        """,
    )
    return {"status": "ok", "days": days, "accounts": accounts}
