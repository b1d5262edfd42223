"""What a person reads: the ledger (`resonance status`) and the per-platform summary of the marts."""

from __future__ import annotations

from decimal import Decimal

import duckdb

from ingest import warehouse
from ingest.config import Paths

LEDGER_COLUMNS = (
    "load_id", "file_name", "export_type", "raw_table", "account_id", "status", "rows_parsed",
    "rows_inserted", "rows_updated", "rows_stale", "as_of", "as_of_source", "drift_columns", "reason_rule", "reason",
    "quarantine_path", "source_path", "started_at", "duration_ms",
)  # fmt: skip


def ledger(home: Paths, limit: int | None = None) -> list[dict]:
    """Every file seen, newest first. Read through a short-lived connection to the writer's file."""
    if not home.writer_db.exists():
        return []
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        if not con.execute(
            "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = 'loads'"
        ).fetchone()[0]:
            return []
        query = f"select {', '.join(LEDGER_COLUMNS)} from meta.loads order by started_at desc, load_id desc"
        if limit:
            query += f" limit {int(limit)}"
        cursor = con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


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
            select platform, currency, count(distinct campaign_id) as campaigns, sum(spend) as spend,
                   sum(impressions) as impressions, sum(clicks) as clicks
            from marts.fct_ad_performance group by platform, currency order by platform, currency
            """
        ).fetchall()
        published = con.execute("select published_at from meta.publication").fetchone()[0]
    finally:
        con.close()
    return {
        "posts": [dict(zip(("platform", "posts", "impressions", "engagements"), r, strict=True)) for r in posts],
        "ads": [
            dict(zip(("platform", "currency", "campaigns", "spend", "impressions", "clicks"), r, strict=True))
            for r in ads
        ],
        "published_at": published,
        "serving_db": str(home.serving_db),
        "parquet_dir": str(home.parquet),
    }


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
    lines.append("Paid (spend stays in its currency)")
    lines.append(f"  {'platform':<10} {'currency':<8} {'campaigns':>9} {'spend':>14} {'impressions':>14} {'clicks':>9}")
    for row in summary["ads"]:
        lines.append(
            f"  {row['platform']:<10} {row['currency']:<8} {_n(row['campaigns']):>9} {_n(row['spend']):>14} "
            f"{_n(row['impressions']):>14} {_n(row['clicks']):>9}"
        )
    lines.append("")
    lines.append("'-' = the export does not report the metric (NULL, never counted as 0).")
    lines.append(f"Serving file (open read-only): {summary['serving_db']}")
    lines.append(f"Parquet copies:                {summary['parquet_dir']}")
    lines.append(f"Published at:                  {summary['published_at']:%Y-%m-%d %H:%M:%S %Z}")
    return "\n".join(lines)
