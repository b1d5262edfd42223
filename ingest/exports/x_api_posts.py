"""X API v2 user timeline pages saved as JSON: each post's lifetime metrics at the time of the call.

`GET /2/users/:id/tweets?tweet.fields=created_at,public_metrics,non_public_metrics,organic_metrics,...`
answers `{"data": [...], "errors": [...], "meta": {...}}` (platform-apis.md 2.5; `resonance pull x` lands
each page as it came, `ingest/samples/x.py` writes the same bytes):

- One row per post. Its counters are lifetime totals that keep moving, so the natural key is the post and
  the snapshot day (`post_id`, `_snapshot_date`), as for the content export: a later pull the same day
  replaces the earlier one, a pull on another day adds a snapshot.
- `public_metrics` (any token): reposts, replies, likes, quotes, bookmarks, impressions.
  `non_public_metrics` and `organic_metrics` exist only for posts created in the last 30 days and only for a
  user-context token; a post without them has NULL in those columns, never 0 (X did not say). Inside them
  `url_link_clicks` is present only for a post holding a link: NULL otherwise.
- `errors` beside `data` (a partial answer: some fields or objects X could not serve) does not make the
  page unusable: the rows in `data` are loaded, the errors are not rows. A page that is only `errors` (no
  `data`) is an API error saved by mistake: rejected as `api_error` with X's own words.
- X answers a window without posts with `meta` alone (`{"meta":{"result_count":0}}`); the pull does not
  land such pages, and a saved one is not recognised as this type (there is nothing in it to load).
- The account is the landing folder (the pull writes under the account's folder), else `author_id` when
  the request asked for it.

As-of: the response does not say when X computed it; the file's modification time (the pull's time) is
used unless the caller overrides it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ingest.exports import cells
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff
from ingest.exports.jsondoc import JsonRecords, as_text, read_json, record_batches

if TYPE_CHECKING:
    import pyarrow as pa

_PUBLIC = (
    ("retweet_count", "Lifetime reposts (retweets) at the time of the call."),
    ("reply_count", "Lifetime replies."),
    ("like_count", "Lifetime likes."),
    ("quote_count", "Lifetime quote posts."),
    ("bookmark_count", "Lifetime bookmarks."),
    ("impression_count", "Lifetime impressions (public since 2023)."),
)
_NON_PUBLIC = (
    ("impression_count", "Impressions (non-public metrics)."),
    ("url_link_clicks", "Clicks on links in the post; NULL when the post holds no link."),
    ("user_profile_clicks", "Clicks through to the author's profile."),
)
_ORGANIC = (
    ("impression_count", "Impressions outside promotion."),
    ("like_count", "Likes outside promotion."),
    ("reply_count", "Replies outside promotion."),
    ("retweet_count", "Reposts outside promotion."),
    ("url_link_clicks", "Link clicks outside promotion; NULL when the post holds no link."),
    ("user_profile_clicks", "Profile clicks outside promotion."),
)
_PRIVATE_NOTE = " NULL when X did not serve private metrics (posts older than 30 days, app-only token)."
_KNOWN = ("id", "text", "created_at", "author_id", "edit_history_tweet_ids", "public_metrics",
          "non_public_metrics", "organic_metrics")  # fmt: skip


def api_time(text: str) -> datetime | None:
    """`2026-11-30T17:04:12.000Z`: the API's ISO-8601 UTC time (milliseconds optional)."""
    value = text.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise cells.CellError("bad_date", f"{text!r} is not an X API time ('2026-11-30T17:04:12.000Z')") from None
    if moment.tzinfo is None:
        raise cells.CellError("bad_date", f"{text!r} has no time zone (X writes UTC with a trailing Z)")
    return moment.astimezone(UTC)


class XApiPosts(ExportType):
    name = "x_api_posts"
    platform = "x"
    raw_table = "x__api_posts"
    title = "X API v2 user timeline with post metrics (JSON)"
    source = (
        "X API v2 GET /2/users/:id/tweets?tweet.fields=created_at,public_metrics,non_public_metrics,"
        "organic_metrics (resonance pull x, or a response saved as JSON)"
    )
    file_pattern = "<landing>/<account>/api/x/posts/<since>_<until>/<pulled at>-<n>-<part>-page<k>.json"
    signature = ("data", "id", "created_at", "public_metrics", "retweet_count", "bookmark_count")
    natural_key = ("post_id", "_snapshot_date")
    columns = (
        Column("post_id", "VARCHAR", "`id`: the post's snowflake id, as text.", True),
        Column("account_id", "VARCHAR", "The landing folder, else `author_id`.", True),
        Column("author_id", "VARCHAR", "`author_id`: the X user id of the author (when requested)."),
        Column("created_at", "TIMESTAMPTZ", "`created_at`: when the post was published (UTC, ms).", True),
        Column("text", "VARCHAR", "`text` as the API writes it (`&amp;` and other entities not decoded)."),
        Column("edit_history_tweet_ids", "VARCHAR", "`edit_history_tweet_ids` joined by ','; one id if never edited."),
        *(Column(name, "BIGINT", description) for name, description in _PUBLIC),
        *(Column(f"non_public_{n}", "BIGINT", d + _PRIVATE_NOTE) for n, d in _NON_PUBLIC),
        *(Column(f"organic_{n}", "BIGINT", d + _PRIVATE_NOTE) for n, d in _ORGANIC),
    )  # fmt: skip

    def matches(self, sniff: Sniff) -> bool:
        return sniff.is_json and self.signature_overlap(sniff) == 1.0

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        document = read_json(ctx.path)
        if not isinstance(document, Mapping):
            raise ExportError("unexpected_shape", f"{ctx.path.name}: expected an object with 'data'")
        if "data" not in document:
            raise ExportError("api_error", f"{ctx.path.name}: an X API answer without posts: {_errors(document)}")
        records = JsonRecords(ctx.path, document["data"], what="posts")

        def rows() -> Iterator[dict]:
            for number, post in records:
                get = records.get
                row = {
                    "post_id": get(number, post, "id", cells.identifier, required=True, not_null=True),
                    "author_id": get(number, post, "author_id", cells.identifier),
                    "created_at": get(number, post, "created_at", api_time, required=True, not_null=True),
                    "text": get(number, post, "text"),
                    "edit_history_tweet_ids": _edit_history(records, number, post),
                    "_row_number": number,
                    "_extra": JsonRecords.extra(post, _KNOWN),
                }
                if "public_metrics" not in post:
                    raise records.error("missing_column", "the post has no 'public_metrics': request "
                                        "tweet.fields=public_metrics", record=number,
                                        field="public_metrics")  # fmt: skip
                for name, _ in _PUBLIC:
                    row[name] = get(number, post, f"public_metrics.{name}", cells.integer)
                for name, _ in _NON_PUBLIC:
                    row[f"non_public_{name}"] = get(number, post, f"non_public_metrics.{name}", cells.integer)
                for name, _ in _ORGANIC:
                    row[f"organic_{name}"] = get(number, post, f"organic_metrics.{name}", cells.integer)
                row["account_id"] = ctx.account_hint or row["author_id"]
                if row["account_id"] is None:
                    raise records.error(
                        "missing_account",
                        "no account: the post has no 'author_id' and the file is not under landing/<account>/; "
                        "request tweet.fields=author_id or pass --account",
                        record=number,
                        field="author_id",
                    )
                yield row

        yield from record_batches(self, ctx.path, rows())


def _edit_history(records: JsonRecords, number: int, post: Mapping) -> str | None:
    history = post.get("edit_history_tweet_ids")
    if history is None:
        return None
    if not isinstance(history, list):
        raise records.error("unexpected_shape", "'edit_history_tweet_ids' is not a list", record=number,
                            field="edit_history_tweet_ids", value=history)  # fmt: skip
    ids = []
    for value in history:
        try:
            ids.append(cells.identifier(as_text(value)))
        except cells.CellError as exc:
            raise records.error(exc.rule, exc.problem, record=number, field="edit_history_tweet_ids",
                                value=value) from None  # fmt: skip
    return ",".join(i for i in ids if i)


def _errors(document: Mapping) -> str:
    """X's own words for a saved error answer (`errors[].detail`, or the problem's `title`/`detail`)."""
    errors = document.get("errors")
    if isinstance(errors, list) and errors:
        details = [str(e.get("detail") or e.get("title")) for e in errors[:3] if isinstance(e, Mapping)]
        return "; ".join(details) + "; pull again once the problem is fixed"
    if "title" in document or "detail" in document:
        return f"{document.get('title')}: {document.get('detail')}; pull again once the problem is fixed"
    return "no 'data' in the document"


EXPORT_TYPES = (XApiPosts(),)
