"""Pigeon posts: a made-up platform's per-post CSV, written by following the README's "Adding an export
type" literally (tests/transform/test_adding_a_platform.py copies the project and adds these files).

`pigeon_posts_<YYYY-MM-DD>.csv` from Pigeon > Insights > Export: lifetime totals per post at export time,
so the raw table keeps one snapshot per post per day. The file does not name its account: the landing
folder does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ingest.exports import cells, csv_table
from ingest.exports.base import AsOf, Column, ExportType, FileContext, utc_midnight

if TYPE_CHECKING:
    import pyarrow as pa

_FIELDS = (
    cells.Field("post_id", ("Post ID",), cells.identifier, required=True, not_null=True),
    cells.Field("post_url", ("Post URL",), cells.trimmed),
    cells.Field("posted_at", ("Posted at",), cells.utc_timestamp, required=True, not_null=True),
    cells.Field("views", ("Views",), cells.integer, required=True),
    cells.Field("likes", ("Likes",), cells.integer, required=True),
    cells.Field("replies", ("Replies",), cells.integer, required=True),
)
_NAME = re.compile(r"pigeon_posts_(\d{4}-\d{2}-\d{2})(?: \(\d+\))?\.csv", re.IGNORECASE)


class PigeonPosts(ExportType):
    name = "pigeon_posts"
    platform = "pigeon"
    raw_table = "pigeon__posts"
    title = "Pigeon posts (per-post lifetime totals)"
    source = "Pigeon > Insights > Export > Posts"
    file_pattern = "pigeon_posts_<YYYY-MM-DD>.csv"
    signature = ("Post ID", "Post URL", "Posted at", "Views", "Likes", "Replies")
    natural_key = ("post_id", "_snapshot_date")
    columns = (
        Column("post_id", "VARCHAR", "Pigeon's post id, as text.", required=True),
        Column("account_id", "VARCHAR", "The account: the landing folder the file was dropped in.", True),
        Column("post_url", "VARCHAR", "Link to the post."),
        Column("posted_at", "TIMESTAMPTZ", "When the post was published, UTC.", True),
        Column("views", "BIGINT", "Lifetime views at export time."),
        Column("likes", "BIGINT", "Lifetime likes at export time."),
        Column("replies", "BIGINT", "Lifetime replies at export time."),
    )

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        account = ctx.require_account("a Pigeon posts export does not name its account")
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(_FIELDS)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    record["account_id"] = account
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())

    def as_of(self, ctx: FileContext) -> AsOf:
        """UTC midnight after the export day in the file name, else the default."""
        match = _NAME.fullmatch(ctx.path.name)
        if ctx.as_of_override is None and match:
            return AsOf(utc_midnight(date.fromisoformat(match.group(1))), "file_name")
        return super().as_of(ctx)


EXPORT_TYPES = (PigeonPosts(),)
