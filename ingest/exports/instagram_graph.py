"""Instagram Graph API responses saved as JSON: media, media insights and account insights.

A script or connector calls the Graph API for an Instagram professional account and saves each response
(or a list of responses) as a file in `landing/<account>/...`. Evidence: platform-formats.md sections 0,
2a and 2c; the envelope, insights rows, the Pacific `end_time` rule and error bodies are described in
`ingest.exports.meta_graph`.

- `instagram_media` (`GET /{ig-user-id}/media`): one row per media. `like_count` and `comments_count`
  are lifetime totals at the time of the call, so the key holds `_snapshot_date` and history is kept.
  The account is `owner.id` (the IG user id), else `username`, else the landing folder.
- `instagram_media_insights` (`GET /{media-id}/insights`): long, one row per media, metric, period and
  breakdown value, lifetime figures, again one snapshot per day. The media id is the prefix of each
  element's `id` (`<media-id>/insights/reach/lifetime`), so a file may hold several media: either one
  `{"data": [...]}` with the elements of many media, or a top-level list of per-media responses as a
  connector concatenates them. The response does not name the account: `account_id` is the landing
  folder (join on `media_id` to `instagram__media` for the IG user id). `values: [{"value"}]` and
  `total_value: {"value"}` are both read; `impressions` (deprecated 2025) next to `views` stay two
  metrics; watch times (`ig_reels_avg_watch_time`, `ig_reels_video_view_total_time`) are milliseconds.
  A saved Graph API error body is claimed by this type and quarantined as `api_error` (see meta_graph).
- `instagram_account_insights` (`GET /{ig-user-id}/insights`): time series (`values: [{"value",
  "end_time"}]`, period day/week/days_28), `total_value` figures and breakdowns
  (`follower_demographics` by `age,gender`), hour-keyed `online_followers` and legacy
  `audience_gender_age` objects. Each row has its `date` (Pacific day before `end_time`, or the snapshot
  date for figures without `end_time`); restated days replace older values of the same day.

Telling the insights apart by content: both use unprefixed metric names (`reach`, `views`), and neither
element names its object type. An account response has an `end_time`, a period other than `lifetime`,
or an account-only metric (`follower_demographics`, `online_followers`, `audience_*`,
`follower_count`...); a media response has none of these. Facebook's `page_*` / `post_*` metrics belong
to `facebook_graph`.

As-of: a Graph API response carries no computation time; the file's modification time (when the script
saved it) is used unless the caller overrides it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingest.exports import cells, meta_graph
from ingest.exports.base import Column, ExportType, FileContext, Sniff
from ingest.exports.jsondoc import JsonRecords, as_text, record_batches

if TYPE_CHECKING:
    import pyarrow as pa

ACCOUNT_ONLY_METRICS = frozenset({
    "follower_count", "online_followers", "follower_demographics", "engaged_audience_demographics",
    "reached_audience_demographics", "audience_gender_age", "audience_locale", "audience_country", "audience_city",
    "accounts_engaged", "profile_views", "website_clicks", "email_contacts", "phone_call_clicks",
    "text_message_clicks", "get_directions_clicks", "profile_links_taps", "follows_and_unfollows",
})  # fmt: skip


def _is_instagram_insights(sniff: Sniff, *, account: bool) -> bool:
    head = meta_graph.insights_head(sniff)
    if head is None or head.family != "instagram":
        return False
    looks_account = head.end_times or bool(head.periods - {"lifetime"}) or bool(head.names & ACCOUNT_ONLY_METRICS)
    return looks_account == account


class InstagramMedia(ExportType):
    name = "instagram_media"
    platform = "instagram"
    raw_table = "instagram__media"
    title = "Instagram media list (Graph API JSON)"
    source = "Graph API GET /{ig-user-id}/media?fields=id,caption,comments_count,like_count,media_type,... (saved)"
    file_pattern = "*.json (the saving script names it, e.g. media_<YYYY-MM-DD>.json)"
    signature = ("data", "id", "media_type", "permalink", "timestamp")
    natural_key = ("media_id", "_snapshot_date")
    columns = (
        Column("media_id", "VARCHAR", "`id`: the IG media id, as text.", True),
        Column("account_id", "VARCHAR", "`owner.id` (IG user id), else `username`, else the landing folder.", True),
        Column("owner_id", "VARCHAR", "`owner.id` as written; NULL when the field was not requested."),
        Column("ig_id", "VARCHAR", "`ig_id`: the legacy Instagram media id."),
        Column("username", "VARCHAR", "`username` of the media owner."),
        Column("caption", "VARCHAR", "`caption`, verbatim (absent: NULL)."),
        Column("media_type", "VARCHAR", "`media_type`: IMAGE, VIDEO or CAROUSEL_ALBUM (reels are VIDEO).", True),
        Column("media_product_type", "VARCHAR", "`media_product_type`: FEED, REELS, STORY or AD."),
        Column("permalink", "VARCHAR", "`permalink`: the post's URL on instagram.com."),
        Column("shortcode", "VARCHAR", "`shortcode` from the permalink."),
        Column("timestamp", "TIMESTAMPTZ", "`timestamp`: when the media was published (UTC).", True),
        Column("comments_count", "BIGINT", "Lifetime organic comments at the time of the call."),
        Column("like_count", "BIGINT", "Lifetime organic likes at the time of the call; NULL when hidden."),
        Column("is_comment_enabled", "BOOLEAN", "`is_comment_enabled`."),
        Column("media_url", "VARCHAR", "`media_url`: a signed CDN URL that expires."),
        Column("thumbnail_url", "VARCHAR", "`thumbnail_url` (videos): a signed CDN URL that expires."),
        Column("children_ids", "VARCHAR", "`children.data[].id` joined by ',' (carousel albums only)."),
        Column("children_count", "BIGINT", "Number of carousel children; NULL when not an album."),
    )
    _known = ("id", "ig_id", "username", "caption", "media_type", "media_product_type", "permalink", "shortcode",
              "timestamp", "comments_count", "like_count", "is_comment_enabled", "media_url", "thumbnail_url",
              "children", "owner")  # fmt: skip

    def matches(self, sniff: Sniff) -> bool:
        return sniff.is_json and super().matches(sniff)

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        records = meta_graph.envelope_records(ctx.path, what="media")
        yield from record_batches(self, ctx.path, self._rows(records, ctx))

    def _rows(self, records: JsonRecords, ctx: FileContext) -> Iterator[dict]:
        for number, media in records:
            get = records.get
            row = {
                "media_id": get(number, media, "id", cells.identifier, required=True, not_null=True),
                "owner_id": get(number, media, "owner.id", cells.identifier),
                "ig_id": get(number, media, "ig_id", cells.identifier),
                "username": get(number, media, "username", cells.trimmed),
                "caption": get(number, media, "caption"),
                "media_type": get(number, media, "media_type", cells.trimmed, required=True, not_null=True),
                "media_product_type": get(number, media, "media_product_type", cells.trimmed),
                "permalink": get(number, media, "permalink", cells.trimmed, required=True),
                "shortcode": get(number, media, "shortcode", cells.trimmed),
                "timestamp": get(number, media, "timestamp", meta_graph.graph_time, required=True, not_null=True),
                "comments_count": get(number, media, "comments_count", cells.integer),
                "like_count": get(number, media, "like_count", cells.integer),
                "is_comment_enabled": get(number, media, "is_comment_enabled", meta_graph.boolean),
                "media_url": get(number, media, "media_url", cells.trimmed),
                "thumbnail_url": get(number, media, "thumbnail_url", cells.trimmed),
                "_row_number": number,
                "_extra": JsonRecords.extra(media, self._known),
            }
            children = _children(records, number, media)
            row["children_ids"] = ",".join(children) if children is not None else None
            row["children_count"] = len(children) if children is not None else None
            row["account_id"] = row["owner_id"] or row["username"] or ctx.account_hint
            if row["account_id"] is None:
                raise records.error(
                    "missing_account",
                    "no account: the media has no 'owner.id' or 'username' and the file is not under "
                    "landing/<account>/; request fields=owner,username or pass --account",
                    record=number,
                    field="owner.id",
                )
            yield row


def _children(records: JsonRecords, number: int, media: dict) -> list[str] | None:
    children = media.get("children")
    if children is None:
        return None
    data = children.get("data") if isinstance(children, dict) else None
    if not isinstance(data, list):
        raise records.error("unexpected_shape", "'children' is not {\"data\": [...]}", record=number,
                            field="children")  # fmt: skip
    ids = []
    for index, child in enumerate(data):
        field = f"children.data[{index}].id"
        raw = child.get("id") if isinstance(child, dict) else None
        try:
            child_id = cells.identifier(as_text(raw))
        except cells.CellError as exc:
            raise records.error(exc.rule, exc.problem, record=number, field=field, value=raw) from None
        if child_id is None:
            raise records.error("missing_value", "a carousel child without an id", record=number, field=field)
        ids.append(child_id)
    return ids


class InstagramMediaInsights(ExportType):
    name = "instagram_media_insights"
    platform = "instagram"
    raw_table = "instagram__media_insights"
    title = "Instagram media insights (Graph API JSON)"
    source = "Graph API GET /{ig-media-id}/insights?metric=reach,views,likes,... (saved; one or many media)"
    file_pattern = "*.json (the saving script names it, e.g. media_insights_<YYYY-MM-DD>.json)"
    signature = ("data", "name", "period", "id")
    natural_key = ("media_id", "metric", "period", "breakdown", "breakdown_value", "_snapshot_date")
    columns = (
        Column("media_id", "VARCHAR", "IG media id: the prefix of the element's `id`.", True),
        Column("account_id", "VARCHAR", "The landing folder: media insights do not name their account.", True),
        *meta_graph.insight_columns(dated=False),
    )

    def matches(self, sniff: Sniff) -> bool:
        return meta_graph.is_error_body(sniff) or _is_instagram_insights(sniff, account=False)

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        records = meta_graph.envelope_records(ctx.path, what="insight objects")
        account = ctx.require_account("media insights do not name their account")
        snapshot = self.as_of(ctx).value.date()

        def rows() -> Iterator[dict]:
            for number, element in records:
                media_id = meta_graph.object_id(records, number, element, required=True)
                for row in meta_graph.insight_rows(records, number, element, snapshot=snapshot, dated=False):
                    yield {**row, "media_id": media_id, "account_id": account}

        yield from record_batches(self, ctx.path, rows())


class InstagramAccountInsights(ExportType):
    name = "instagram_account_insights"
    platform = "instagram"
    raw_table = "instagram__account_insights"
    title = "Instagram account insights (Graph API JSON)"
    source = "Graph API GET /{ig-user-id}/insights?metric=reach,follower_count,...&period=day (saved)"
    file_pattern = "*.json (the saving script names it, e.g. account_insights_<since>_<until>.json)"
    signature = ("data", "name", "period", "id")
    natural_key = ("account_id", "metric", "period", "date_basis", "date", "breakdown", "breakdown_value")
    columns = (
        Column("account_id", "VARCHAR", "IG user id: the prefix of the element's `id`, else the landing folder.",
               True),
        *meta_graph.insight_columns(dated=True),
    )  # fmt: skip

    def matches(self, sniff: Sniff) -> bool:
        return _is_instagram_insights(sniff, account=True)

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        records = meta_graph.envelope_records(ctx.path, what="insight objects")
        snapshot = self.as_of(ctx).value.date()

        def rows() -> Iterator[dict]:
            for account, row in meta_graph.owner_insight_rows(
                records, ctx.account_hint, snapshot=snapshot, owner="account"
            ):
                yield {**row, "account_id": account}

        yield from record_batches(self, ctx.path, rows())


EXPORT_TYPES = (InstagramMedia(), InstagramMediaInsights(), InstagramAccountInsights())
