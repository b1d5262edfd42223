"""YouTube Studio "Advanced mode" table exports: `Table data.csv` by content and by geography.

Studio zips `Table data.csv`, `Chart data.csv` and `Totals.csv`; the table is what Resonance loads. Its
second line is a `Total` row (dropped), ids starting with '-' carry a protective leading space (trimmed),
the file names neither the channel nor the period: the channel comes from the landing folder
(`landing/<channel>/...`) and the as-of from the file's modification time unless the caller says.
Format details and evidence: shared/reference/platform-formats.md section 5c.

Recognising a table: the dimension is the first column (`Content` or `Geography`). That keeps the two
tables from ever matching the same file, and keeps `Chart data.csv` (`Date,Geography,Views`) and
`Totals.csv` (`Date,Views`) out: they repeat the table's numbers by day and are not loaded.

Studio lets a user pick the metric columns, so only the dimension column is required; a metric the file
does not have is NULL. Header renames are aliases (`Thumbnail impressions` for `Impressions`, 2025+).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ingest.exports import cells
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

TOTAL_ROW = "Total"


class _StudioTable(ExportType):
    """What both Studio tables share: the dimension column first, a `Total` row to drop, no channel name."""

    dimension: ClassVar[str]  # the first header: 'Content' or 'Geography'
    fields: ClassVar[tuple[cells.Field, ...]]

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of the signature headers found, counting "the dimension is the first column" as one more."""
        headers = [h.strip().lower() for h in sniff.headers]
        checks = [h.lower() in headers for h in self.signature]
        checks.append(bool(headers) and headers[0] == self.dimension.lower())
        return sum(checks) / len(checks)

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        if ctx.account_hint is None:
            raise ExportError(
                "missing_account",
                f"{ctx.path.name}: a YouTube Studio table does not name its channel; drop it under "
                "landing/<channel>/... or pass the channel explicitly (resonance ingest --account)",
            )
        with cells.CsvTable(ctx.path) as table:
            bound = table.bind(self.fields)
            dimension = bound[0].index  # the first field is the dimension, and it is required
            extra = self.row_constants(table, bound)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    if values[dimension].strip() == TOTAL_ROW:
                        continue
                    record = table.read(row, values, bound)
                    record.update(extra)
                    record["account_id"] = ctx.account_hint
                    record["_row_number"] = row
                    yield record

            yield from cells.record_batches(self, table, records())

    def row_constants(self, table: cells.CsvTable, bound: list[cells.BoundField]) -> dict:
        """Values that come from the header rather than the cells (a currency)."""
        return {}


class YouTubeStudioContent(_StudioTable):
    name = "youtube_studio_content"
    platform = "youtube"
    raw_table = "youtube__studio_content"
    title = "YouTube Studio content table (Table data.csv, by video)"
    signature = ("Content", "Video title")
    dimension = "Content"
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

    fields = (
        cells.Field("video_id", ("Content",), cells.identifier, required=True, not_null=True),
        cells.Field("video_title", ("Video title",)),
        cells.Field("video_publish_time", ("Video publish time",), cells.local_datetime),
        cells.Field("duration_seconds", ("Duration",), cells.seconds),
        cells.Field("views", ("Views",), cells.integer),
        cells.Field("engaged_views", ("Engaged views",), cells.integer),
        cells.Field("unique_viewers", ("Unique viewers",), cells.integer),
        cells.Field("new_viewers", ("New viewers",), cells.integer),
        cells.Field("returning_viewers", ("Returning viewers",), cells.integer),
        cells.Field("casual_viewers", ("Casual viewers",), cells.integer),
        cells.Field("average_views_per_viewer", ("Average views per viewer",), cells.number),
        cells.Field("watch_time_hours", ("Watch time (hours)",), cells.number),
        cells.Field("average_view_duration_seconds", ("Average view duration",), cells.seconds),
        cells.Field("average_percentage_viewed", ("Average percentage viewed (%)",), cells.percent),
        cells.Field("stayed_to_watch_percent", ("Stayed to watch (%)",), cells.percent),
        cells.Field("likes", ("Likes",), cells.integer),
        cells.Field("dislikes", ("Dislikes",), cells.integer),
        cells.Field("comments", ("Comments added", "Comments"), cells.integer),
        cells.Field("shares", ("Shares",), cells.integer),
        cells.Field("subscribers", ("Subscribers",), cells.integer),
        cells.Field("impressions", ("Impressions", "Thumbnail impressions"), cells.integer),
        cells.Field(
            "impressions_ctr_percent",
            ("Impressions click-through rate (%)", "Thumbnail click-through rate (%)"),
            cells.percent,
        ),
        cells.Field("estimated_revenue", ("Estimated revenue",), cells.decimal, money=True),
    )

    def row_constants(self, table: cells.CsvTable, bound: list[cells.BoundField]) -> dict:
        """`estimated_revenue_currency` from the header `Estimated revenue (USD)`."""
        revenue = next((b for b in bound if b.field.name == "estimated_revenue"), None)
        if revenue is None:
            return {}
        if revenue.currency is None:
            raise table.error(
                "missing_currency",
                "the revenue header names no currency; Studio writes it as 'Estimated revenue (USD)'",
                column=revenue.header,
            )
        return {"estimated_revenue_currency": revenue.currency}


class YouTubeStudioGeography(_StudioTable):
    name = "youtube_studio_geography"
    platform = "youtube"
    raw_table = "youtube__studio_geography"
    title = "YouTube Studio geography table (Table data.csv, by country)"
    signature = ("Geography", "Views")
    dimension = "Geography"
    natural_key = ("account_id", "geography", "_snapshot_date")
    columns = (
        Column("account_id", "VARCHAR", "Channel, from the landing folder (the file does not name it).", True),
        Column("geography", "VARCHAR", "ISO 3166-1 alpha-2 country code as Studio writes it.", True),
        Column("views", "BIGINT"),
        Column("average_view_duration_seconds", "BIGINT", "From H:MM:SS; NULL where the file is blank."),
        Column("watch_time_hours", "DOUBLE"),
    )

    fields = (
        cells.Field("geography", ("Geography",), cells.trimmed, required=True, not_null=True),
        cells.Field("views", ("Views",), cells.integer),
        cells.Field("average_view_duration_seconds", ("Average view duration",), cells.seconds),
        cells.Field("watch_time_hours", ("Watch time (hours)",), cells.number),
    )


EXPORT_TYPES = (
    YouTubeStudioContent(),
    YouTubeStudioGeography(),
)
