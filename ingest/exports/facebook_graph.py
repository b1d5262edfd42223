"""Facebook Page and post insights, Graph API responses saved as JSON.

A script or connector calls the Graph API for a Facebook Page and saves each response (or a list of
responses) as a file in `landing/<page>/...`. Evidence: platform-formats.md sections 0, 2a and 2b; the
envelope, insights rows, the Pacific `end_time` rule and error bodies are described in
`ingest.exports.meta_graph`.

- `facebook_page_insights` (`GET /{page-id}/insights?metric=...&period=day&since=&until=`): long, one
  row per page, metric, period, day and breakdown value. Current metrics (`page_media_view`,
  `page_total_media_view_unique`, `page_follows`, `page_daily_follows_unique`, `page_post_engagements`,
  `page_views_total`) and deprecated ones still found in older saves (`page_impressions*`, `page_fans`)
  are all kept as the metrics Meta named, never merged into their replacements. Object values
  (`page_impressions_by_age_gender_unique` with `M.25-34` keys, reactions `{"like": 10}`, hour-of-day
  `page_fans_online`) become one row per key. `end_time` ends a Pacific-time day: the row's `date` is
  the Pacific date before it (DST-safe: `T07:00` in summer, `T08:00` in winter). The page id is the
  prefix of each element's `id` (`<page-id>/insights/<metric>/<period>`), else the landing folder.
- `facebook_post_insights` (`GET /{post-id}/insights`): lifetime figures (`values: [{"value"}]`, no
  `end_time`) such as `post_media_view`, `post_total_media_view_unique`, deprecated
  `post_impressions_unique`, object values `post_clicks_by_type` and `post_reactions_by_type_total`.
  Lifetime counters, so the key holds `_snapshot_date`. The post id is the prefix of the element's `id`
  (`<page-id>_<post-id>/insights/...`), and the page the part before its `_`. A file may hold many posts
  (one `data` list, or a top-level list of per-post responses).

Both tables also have `account_id` (= the page id), the column every raw table names its account by.

Telling them apart by content: every metric of a page response starts with `page_` and its ids are plain
page ids; every metric of a post response starts with `post_` and its ids are `<page>_<post>`.
Instagram's unprefixed metrics belong to `instagram_graph`.

As-of: a Graph API response carries no computation time; the file's modification time is used unless the
caller overrides it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingest.exports import meta_graph
from ingest.exports.base import Column, ExportType, FileContext, Sniff
from ingest.exports.jsondoc import record_batches

if TYPE_CHECKING:
    import pyarrow as pa


class FacebookPageInsights(ExportType):
    name = "facebook_page_insights"
    platform = "facebook"
    raw_table = "facebook__page_insights"
    title = "Facebook Page insights (Graph API JSON)"
    source = "Graph API GET /{page-id}/insights?metric=page_media_view,...&period=day&since=&until= (saved)"
    file_pattern = "*.json (the saving script names it, e.g. page_insights_<since>_<until>.json)"
    signature = ("data", "name", "period", "id")
    natural_key = ("page_id", "metric", "period", "date_basis", "date", "breakdown", "breakdown_value")
    columns = (
        Column("page_id", "VARCHAR", "Facebook Page id: the prefix of the element's `id`, else the landing folder.",
               True),
        Column("account_id", "VARCHAR", "The page id again: the account every raw table names.", True),
        *meta_graph.insight_columns(dated=True),
    )  # fmt: skip

    def matches(self, sniff: Sniff) -> bool:
        head = meta_graph.insights_head(sniff)
        return head is not None and head.family == "page" and not any("_" in i for i in head.object_ids)

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        records = meta_graph.envelope_records(ctx.path, what="insight objects")
        snapshot = self.as_of(ctx).value.date()

        def rows() -> Iterator[dict]:
            for page, row in meta_graph.owner_insight_rows(records, ctx.account_hint, snapshot=snapshot, owner="page"):
                yield {**row, "page_id": page, "account_id": page}

        yield from record_batches(self, ctx.path, rows())


class FacebookPostInsights(ExportType):
    name = "facebook_post_insights"
    platform = "facebook"
    raw_table = "facebook__post_insights"
    title = "Facebook post insights (Graph API JSON)"
    source = "Graph API GET /{page-post-id}/insights?metric=post_media_view,... (saved; one or many posts)"
    file_pattern = "*.json (the saving script names it, e.g. post_insights_<YYYY-MM-DD>.json)"
    signature = ("data", "name", "period", "id")
    natural_key = ("post_id", "metric", "period", "breakdown", "breakdown_value", "_snapshot_date")
    columns = (
        Column("post_id", "VARCHAR", "`<page-id>_<post-id>`: the prefix of the element's `id`.", True),
        Column("page_id", "VARCHAR", "The page: the part of `post_id` before '_', else the landing folder.", True),
        Column("account_id", "VARCHAR", "The page id again: the account every raw table names.", True),
        *meta_graph.insight_columns(dated=False),
    )

    def matches(self, sniff: Sniff) -> bool:
        head = meta_graph.insights_head(sniff)
        return head is not None and head.family == "post"

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        records = meta_graph.envelope_records(ctx.path, what="insight objects")
        snapshot = self.as_of(ctx).value.date()

        def rows() -> Iterator[dict]:
            for number, element in records:
                post = meta_graph.object_id(records, number, element, required=True)
                page = post.split("_", 1)[0] if "_" in post else ctx.account_hint
                if page is None:
                    raise records.error("missing_account", f"no page: the post id {post!r} is not <page>_<post> "
                                        "and the file is not under landing/<page>/", record=number,
                                        field="id")  # fmt: skip
                for row in meta_graph.insight_rows(records, number, element, snapshot=snapshot, dated=False):
                    yield {**row, "post_id": post, "page_id": page, "account_id": page}

        yield from record_batches(self, ctx.path, rows())


EXPORT_TYPES = (FacebookPageInsights(), FacebookPostInsights())
