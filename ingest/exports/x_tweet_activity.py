"""X (Twitter) legacy per-tweet "tweet activity" CSV.

`tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv`, downloaded from analytics.twitter.com.
Lifetime totals per tweet at export time, so the raw table keeps one snapshot per tweet per day.
Format details and evidence: shared/reference/platform-formats.md section 1a.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingest.exports.base import Column, ExportType, FileContext

if TYPE_CHECKING:
    import pyarrow as pa

_COUNTS = (
    "impressions", "engagements", "retweets", "replies", "likes", "user_profile_clicks", "url_clicks",
    "hashtag_clicks", "detail_expands", "permalink_clicks", "app_opens", "app_installs", "follows",
    "email_tweet", "dial_phone", "media_views", "media_engagements",
)  # fmt: skip


class XTweetActivity(ExportType):
    name = "x_tweet_activity"
    platform = "x"
    raw_table = "x__tweet_activity"
    title = "X tweet activity (legacy per-tweet CSV)"
    signature = ("Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements")
    natural_key = ("tweet_id", "_snapshot_date")
    columns = (
        Column("tweet_id", "VARCHAR", "Tweet snowflake id, as text.", required=True),
        Column("account_id", "VARCHAR", "Screen name taken from the permalink.", required=True),
        Column("tweet_permalink", "VARCHAR"),
        Column("tweet_text", "VARCHAR"),
        Column("tweet_time", "TIMESTAMPTZ", "Posting time (the file's `time`, UTC, minute precision).", True),
        *(Column(n, "BIGINT", f"Lifetime `{n.replace('_', ' ')}` at export time.") for n in _COUNTS[:2]),
        Column("engagement_rate", "DOUBLE", "engagements / impressions, a fraction."),
        *(Column(n, "BIGINT", f"Lifetime `{n.replace('_', ' ')}` at export time.") for n in _COUNTS[2:]),
        *(Column(f"promoted_{n}", "BIGINT", "Paid part; NULL where the file says '-'.") for n in _COUNTS[:2]),
        Column("promoted_engagement_rate", "DOUBLE", "NULL where the file says '-'."),
        *(Column(f"promoted_{n}", "BIGINT", "Paid part; NULL where the file says '-'.") for n in _COUNTS[2:]),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        raise NotImplementedError
