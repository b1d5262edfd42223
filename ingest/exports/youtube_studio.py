"""YouTube Studio "Advanced mode" table exports: `Table data.csv` by content and by geography.

Studio zips `Table data.csv`, `Chart data.csv` and `Totals.csv`; the table is what Resonance loads. Its
second line is a `Total` row (dropped), ids starting with '-' carry a protective leading space (trimmed),
the file names neither the channel nor the period: the channel comes from the landing folder
(`landing/<channel>/...`) and the as-of from the file's modification time unless the caller says.
Format details and evidence: shared/reference/platform-formats.md section 5c.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingest.exports.base import Column, ExportType, FileContext

if TYPE_CHECKING:
    import pyarrow as pa


class YouTubeStudioContent(ExportType):
    name = "youtube_studio_content"
    platform = "youtube"
    raw_table = "youtube__studio_content"
    title = "YouTube Studio content table (Table data.csv, by video)"
    signature = ("Content", "Video title")
    natural_key = ("account_id", "video_id", "_snapshot_date")
    columns = (
        Column("account_id", "VARCHAR", "Channel, from the landing folder (the file does not name it).", True),
        Column("video_id", "VARCHAR", "`Content`, leading protective space trimmed.", required=True),
        Column("video_title", "VARCHAR"),
        Column("video_publish_time", "TIMESTAMP", "Channel-local publish time; midnight when day-only."),
        Column("duration_seconds", "BIGINT"),
        Column("views", "BIGINT"),
        Column("engaged_views", "BIGINT"),
        Column("unique_viewers", "BIGINT"),
        Column("new_viewers", "BIGINT"),
        Column("returning_viewers", "BIGINT"),
        Column("casual_viewers", "BIGINT"),
        Column("average_views_per_viewer", "DOUBLE"),
        Column("watch_time_hours", "DOUBLE"),
        Column("average_view_duration_seconds", "BIGINT", "From the file's H:MM:SS."),
        Column("average_percentage_viewed", "DOUBLE", "A percent number (26.92 = 26.92 %)."),
        Column("stayed_to_watch_percent", "DOUBLE", "A percent number."),
        Column("likes", "BIGINT"),
        Column("dislikes", "BIGINT"),
        Column("comments", "BIGINT", "`Comments added`."),
        Column("shares", "BIGINT"),
        Column("subscribers", "BIGINT", "Net subscribers gained; can be negative."),
        Column("impressions", "BIGINT", "`Impressions`, or `Thumbnail impressions` in 2025+ exports."),
        Column("impressions_ctr_percent", "DOUBLE", "A percent number."),
        Column("estimated_revenue", "DECIMAL(18,4)"),
        Column("estimated_revenue_currency", "VARCHAR", "From the header, e.g. `Estimated revenue (USD)`."),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        raise NotImplementedError


class YouTubeStudioGeography(ExportType):
    name = "youtube_studio_geography"
    platform = "youtube"
    raw_table = "youtube__studio_geography"
    title = "YouTube Studio geography table (Table data.csv, by country)"
    signature = ("Geography", "Views")
    natural_key = ("account_id", "geography", "_snapshot_date")
    columns = (
        Column("account_id", "VARCHAR", "Channel, from the landing folder (the file does not name it).", True),
        Column("geography", "VARCHAR", "ISO 3166-1 alpha-2 country code as Studio writes it.", True),
        Column("views", "BIGINT"),
        Column("average_view_duration_seconds", "BIGINT", "From H:MM:SS; NULL where the file is blank."),
        Column("watch_time_hours", "DOUBLE"),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        raise NotImplementedError
