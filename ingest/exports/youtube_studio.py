"""YouTube Studio "Advanced mode" table exports: `Table data.csv` by content and by geography.

Studio zips `Table data.csv`, `Chart data.csv` and `Totals.csv`; the table is what Resonance loads. Its
second line is a `Total` row (dropped), ids starting with '-' carry a protective leading space (trimmed),
the file names neither the channel nor the period: the channel comes from the landing folder
(`landing/<channel>/...`) and the as-of from the file's modification time unless the caller says.
Format details and evidence: shared/reference/platform-formats.md section 5c.

Recognising a table: the dimension is the first column (`Content` or `Geography`). That keeps the two
tables from ever matching the same file, nor `Chart data.csv` or `Totals.csv`, whose first column is `Date`.

Studio lets a user pick the metric columns, so only the dimension column is required; a metric the file
does not have is NULL. Header renames are aliases (`Thumbnail impressions` for `Impressions`, 2025+).

The zip's other two files are daily series and load too:
- `Chart data.csv` is long: `Date,<dimension>,<metric>` (`2020-12-31,AD,0`), one row per day and dimension
  value, for the one metric the chart showed. The dimension and the metric change with the view exported,
  so their header names are kept as data (`dimension`, `metric`) beside `dimension_value` and `value`:
  one raw table holds every view, keyed by (channel, day, dimension, dimension value, metric).
- `Totals.csv` is `Date,<metric>` (`2020-12-31,31964`): the channel's daily total of that metric, keyed
  by (channel, day, metric). It can exceed the chart's sum for the same day: Studio charts only the rows
  it loaded (the real CodingTrain files: 15,503,810 views in Totals, 14,344,009 across the chart's
  201 countries).
Both are recognised by shape, not by names (the names are the user's choice of view): the header is
exactly `Date` plus two (chart) or one (totals) columns, and every data line in the sniffed head starts
with an ISO date. That keeps other `Date,...` tables out (TikTok's `Date` columns hold `August 31`).
`value` is a DOUBLE (counts, hours and percent numbers share the column; which one is `metric`);
a duration metric written `H:MM:SS` becomes seconds. Negative values load (`Subscribers` can be -2).
These daily series are not lifetime snapshots: the key is the day, and a later export of the same
days replaces the earlier values (as-of: the file's modification time, or the caller's override).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ingest.exports import cells, columnar, csv_table
from ingest.exports.base import Column, ExportType, FileContext, Sniff, shown_headers

if TYPE_CHECKING:
    import pyarrow as pa

TOTAL_ROW = "Total"


def _require_channel(ctx: FileContext, kind: str) -> str:
    """The landing folder's channel: a Studio export never names its own."""
    return ctx.require_account(
        f"a YouTube Studio {kind} does not name its channel",
        folder="<channel>/...",
        advice="pass the channel explicitly (resonance ingest --account)",
    )


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
        account = _require_channel(ctx, "table")
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(self.fields)
            dimension = bound[0].index  # the first field is the dimension, and it is required
            extra = self.row_constants(table, bound)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    if values[dimension].strip() == TOTAL_ROW:
                        continue
                    record = table.read(row, values, bound)
                    record.update(extra)
                    record["account_id"] = account
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())

    def row_constants(self, table: csv_table.CsvTable, bound: list[cells.BoundField]) -> dict:
        """Values that come from the header rather than the cells (a currency)."""
        return {}


class YouTubeStudioContent(_StudioTable):
    name = "youtube_studio_content"
    platform = "youtube"
    raw_table = "youtube__studio_content"
    title = "YouTube Studio content table (Table data.csv, by video)"
    source = "YouTube Studio > Analytics > Advanced mode > Content > Export current view (zip: Table data.csv)"
    file_pattern = "Table data.csv"
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

    def row_constants(self, table: csv_table.CsvTable, bound: list[cells.BoundField]) -> dict:
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
    source = "YouTube Studio > Analytics > Advanced mode > Geography > Export current view (zip: Table data.csv)"
    file_pattern = "Table data.csv"
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


# ---- the daily series: Chart data.csv and Totals.csv ---------------------------------------------------

_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2},")
_SNIFF_LINES = 50


def _daily_value(text: str) -> float | None:
    """A chart or totals cell: a plain number (`31964`, `1183689.3666`, `5.02`), or `H:MM:SS` as seconds."""
    if ":" in text:
        seconds = cells.seconds(text)
        return None if seconds is None else float(seconds)
    return cells.number(text)


@columnar.register(_daily_value)
def _daily_value_vector(values: pa.StringArray) -> pa.Array | None:
    """Plain numbers only: a chunk holding a duration goes through the row path."""
    return columnar.number(values)


class _StudioDailySeries(ExportType):
    """What Chart data and Totals share: `Date` first, a fixed width, ISO dates, names kept as data."""

    width: ClassVar[int]  # columns in the header, `Date` included
    signature = ("Date",)

    def shape_checks(self, sniff: Sniff) -> list[bool]:
        headers = [h.strip() for h in sniff.headers]
        lines = [line.rstrip("\r") for line in sniff.text.split("\n")[1 : _SNIFF_LINES + 1]]
        data = [line for line in lines if line.strip()]
        return [
            bool(headers) and headers[0].lower() == "date",
            len(headers) == self.width and all(headers),
            bool(data) and all(_ISO_START.match(line) for line in data),  # no rows: the shape is unproven
        ]

    def signature_overlap(self, sniff: Sniff) -> float:
        """1.0 for the exact shape. Anything else is at most 50 % like it, so a `Date,...` file of another
        width never outranks another type's near match (detection names the closest type's missing columns)."""
        if sniff.is_json:
            return 0.0
        checks = self.shape_checks(sniff)
        return 1.0 if all(checks) else min(0.5, sum(checks) / len(checks))

    def missing_signature(self, sniff: Sniff) -> list[str]:
        return [] if self.shape_checks(sniff)[0] else ["Date"]

    def fields(self, headers: list[str]) -> tuple[cells.Field, ...]:
        """Fields bound to this file's own header names (the dimension and metric vary by view)."""
        raise NotImplementedError

    def constants(self, headers: list[str]) -> dict:
        raise NotImplementedError

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        account = _require_channel(ctx, "export")
        with csv_table.CsvTable(ctx.path) as table:
            if len(table.headers) != self.width or table.headers[0].lower() != "date":
                raise table.error(
                    "missing_column",
                    f"expected 'Date' and {self.width - 1} more column(s); "
                    f"headers seen: {shown_headers(table.headers)}",
                    column="Date",
                )
            bound = table.bind(self.fields(table.headers))
            constants = self.constants(table.headers)

            def record(row: int, values: list[str]) -> dict:
                record = table.read(row, values, bound)
                record.update(constants)
                record["account_id"] = account
                record["_row_number"] = row
                return record

            def columns(chunk: columnar.Chunk, converted: dict[str, pa.Array]) -> dict[str, pa.Array]:
                import pyarrow as pa

                fixed = {**constants, "account_id": account}
                return {name: columnar.constant(value, len(chunk), pa.string()) for name, value in fixed.items()}

            yield from columnar.parse_batches(self, table, bound, record=record, columns=columns)


class YouTubeStudioChart(_StudioDailySeries):
    name = "youtube_studio_chart"
    platform = "youtube"
    raw_table = "youtube__studio_chart"
    title = "YouTube Studio chart data (Chart data.csv, one metric by day and dimension)"
    source = "YouTube Studio > Analytics > Advanced mode > Export current view (zip: Chart data.csv)"
    file_pattern = "Chart data.csv"
    width = 3
    natural_key = ("account_id", "date", "dimension", "dimension_value", "metric")
    columns = (
        Column("account_id", "VARCHAR", "Channel, from the landing folder (the file does not name it).", True),
        Column("date", "DATE", "The day (channel-local, as Studio reports it).", True),
        Column("dimension", "VARCHAR", "The second header as written: the view's dimension (`Geography`).", True),
        Column("dimension_value", "VARCHAR", "The dimension's value (`US`, a video id), spaces trimmed.", True),
        Column("metric", "VARCHAR", "The third header as written: the charted metric (`Views`).", True),
        Column(
            "value",
            "DOUBLE",
            "The metric's value that day, in the metric's own unit (a count, hours, or a percent number for "
            "`(%)` metrics); `H:MM:SS` durations as seconds; NULL where the cell is blank; can be negative "
            "(`Subscribers`).",
        ),
    )

    def fields(self, headers: list[str]) -> tuple[cells.Field, ...]:
        return (
            cells.Field("date", ("Date",), cells.iso_date, required=True, not_null=True),
            cells.Field("dimension_value", (headers[1],), cells.trimmed, required=True, not_null=True),
            cells.Field("value", (headers[2],), _daily_value, required=True),
        )

    def constants(self, headers: list[str]) -> dict:
        return {"dimension": headers[1], "metric": headers[2]}


class YouTubeStudioTotals(_StudioDailySeries):
    name = "youtube_studio_totals"
    platform = "youtube"
    raw_table = "youtube__studio_totals"
    title = "YouTube Studio totals (Totals.csv, one metric by day)"
    source = "YouTube Studio > Analytics > Advanced mode > Export current view (zip: Totals.csv)"
    file_pattern = "Totals.csv"
    width = 2
    natural_key = ("account_id", "date", "metric")
    columns = (
        Column("account_id", "VARCHAR", "Channel, from the landing folder (the file does not name it).", True),
        Column("date", "DATE", "The day (channel-local, as Studio reports it).", True),
        Column("metric", "VARCHAR", "The second header as written: the metric (`Views`).", True),
        Column(
            "value",
            "DOUBLE",
            "The channel's total of the metric that day, in the metric's own unit; `H:MM:SS` durations as "
            "seconds; NULL where the cell is blank; can be negative (`Subscribers`).",
        ),
    )

    def fields(self, headers: list[str]) -> tuple[cells.Field, ...]:
        return (
            cells.Field("date", ("Date",), cells.iso_date, required=True, not_null=True),
            cells.Field("value", (headers[1],), _daily_value, required=True),
        )

    def constants(self, headers: list[str]) -> dict:
        return {"metric": headers[1]}


EXPORT_TYPES = (
    YouTubeStudioContent(),
    YouTubeStudioGeography(),
    YouTubeStudioChart(),
    YouTubeStudioTotals(),
)
