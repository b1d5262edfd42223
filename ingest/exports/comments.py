"""Comments and replies on the brand's own posts: one raw table, `raw.brand__comments`, fed by two formats.

People come to social networks to talk, so who commented, who answered and how fast matters as much as reach.
Two export types load the same table, with identical columns and the same natural key `(platform,
comment_id)`, so one staging model and one mart read both:

- `meta_graph_comments` (this module): a Graph API comments response saved as JSON, Instagram or Facebook;
- `brand_comments` (`ingest.exports.brand_templates`): the CSV template a person fills for any platform.

People are never stored as written. The commenter (Instagram `username`, Facebook `from.id`, the template's
`commenter`) is turned into `commenter_hash` with `identity.pseudonymize` under the installation's key at
parse time; comparing the commenter with the brand's own account (`is_brand_reply`) happens before hashing.
Comment text is stored verbatim: `=HYPERLINK("x")`, `@northwindgear`, `+1` stay text.

`meta_graph_comments`, decisions and why:

- The request: `GET /{media-id}/comments?fields=id,text,timestamp,username,like_count,
  replies{id,text,timestamp,username,like_count}` (Instagram), or `GET /{post-id}/comments?fields=id,message,
  created_time,from{name,id},like_count,comments{...}` style for Facebook, where `from{name,id}` and
  `created_time` replace `username` and `timestamp` (and `text` may be called `message`). The saved body is
  `{"data":[...], "paging":{...}}`, one page per file. Replies (`replies.data`, or `comments.data` on
  Facebook) are flattened into rows with `parent_comment_id` set to the comment they answer. A reply page
  that has its own `paging.next` holds only the first replies: fetch the rest with
  `/{comment-id}/replies` and save that page as its own file with a `media_id` field (it loads by key).
- The media (post) id is the file name `comments_<media id>.json`, as a saver names one response per
  media; a `media_id` (or `post_id`) field at the top of the document, if the saver added one, wins. They
  must agree when both are there (`media_id_mismatch`); neither is `missing_media_id`.
- The account: the landing folder `landing/<handle>[-<anything>]/` (e.g. `northwindgear-instagram-comments`
  -> `northwindgear`). Instagram and Facebook usernames cannot contain `-` (letters, digits, `.` and `_`
  only), so the handle is the folder name up to its first `-`. `account_id` is that handle, lower-cased.
- Brand replies: Instagram, `username` equals the handle (case-insensitive, `@` ignored). Facebook, the
  page's own comments come `from` the page: `from.id` equals the page id, which is the part of the post id
  (`<page id>_<post id>`) before `_`; `from.name` is not used (a fan may call themselves anything).
- The platform is told by the record's shape: `username`/`timestamp` is Instagram, `from`/`created_time`
  is Facebook. Detection needs `data`, `id`, `text`/`message` and one of those pairs in the JSON keys.
- An empty page (`{"data":[]}`, a media nobody commented on) has no comment keys to recognise; saved as
  `comments_<media id>.json` it is taken as this type and rejected as 'header_only' (nothing to load).
- `_row_number` counts comments and replies in document order, a reply right after its parent comment
  (comment 1, its replies, comment 2, ...): the `record N` an error names.
- The as-of is when the file was saved (mtime), or the override: like counts keep changing, and a newer
  save of the same comment replaces the older row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ingest.exports import cells, jsondoc
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff
from ingest.exports.identity import normalize_identity, pseudonymize

if TYPE_CHECKING:
    import pyarrow as pa

# ---- what both comment formats share ----------------------------------------------------------------

COMMENTS_TABLE = "brand__comments"
COMMENTS_KEY = ("platform", "comment_id")
COMMENT_COLUMNS: tuple[Column, ...] = (
    Column("platform", "VARCHAR", "instagram, facebook, tiktok, youtube, x or linkedin (lower case).", True),
    Column("account_id", "VARCHAR", "The brand's account whose post was commented on (handle or id).", True),
    Column("post_id", "VARCHAR", "The post (Instagram media) the comment is on, as text.", True),
    Column("comment_id", "VARCHAR", "The platform's comment id, as text. Natural key with `platform`.", True),
    Column("parent_comment_id", "VARCHAR", "The comment this one replies to; NULL for a top-level comment."),
    Column(
        "commenter_hash",
        "VARCHAR",
        "Keyed hash (identity.pseudonymize, 32 hex) of the commenter's handle or id: the same person gets the "
        "same token across files, nobody without the installation's key can reverse it. NULL when the "
        "platform did not say who commented. The commenter is never stored as written.",
    ),
    Column(
        "is_brand_reply",
        "BOOLEAN",
        "True when the commenter is the brand's own account (compared before hashing).",
        True,
    ),
    Column("created_at", "TIMESTAMPTZ", "When the comment was posted (UTC).", True),
    Column("text", "VARCHAR", "The comment as written, verbatim (formula-looking text stays text)."),
    Column("like_count", "BIGINT", "Likes on the comment when the file was saved; NULL when not reported."),
)

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_ZONED = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?P<zone>Z|[+-]\d{2}:?\d{2})?")


def zoned_timestamp(text: str) -> datetime | None:
    """An ISO 8601 time with its zone, converted to UTC: `2026-10-05T14:02:11+02:00`, `...Z`, Graph API's
    `2026-10-05T14:02:11+0000`, a space instead of `T`, seconds optional. A time without a zone is refused
    ('missing_time_zone'): the same wall-clock time is a different instant in Denver and in Berlin, and a
    guess would shift orders and comments across days. Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    match = _ISO_ZONED.fullmatch(value)
    if match and match["zone"] is None:
        raise cells.CellError(
            "missing_time_zone",
            f"{text!r} has no time zone, so it is not one instant; write it with its UTC offset "
            "(2026-10-05T14:02:11+02:00) or in UTC with a Z (2026-10-05T12:02:11Z)",
        )
    if match:
        try:
            return datetime.fromisoformat(value).astimezone(UTC)
        except ValueError:
            pass
    if _DATE_ONLY.fullmatch(value):
        raise cells.CellError(
            "missing_time_zone",
            f"{text!r} is a date without a time and zone; write the time with its UTC offset "
            "(2026-10-05T14:02:11+02:00) or in UTC with a Z",
        )
    raise cells.CellError("bad_date", f"{text!r} is not an ISO 8601 time with zone (2026-10-05T14:02:11+02:00)")


def same_identity(a: str | None, b: str | None) -> bool:
    """Two handles or ids name the same account (trimmed, case-insensitive, a leading `@` ignored)."""
    return bool(a and b and a.strip() and normalize_identity(a) == normalize_identity(b))


# ---- the Graph API comments response ----------------------------------------------------------------

_FILE_NAME = re.compile(r"comments_(?P<media>[^./\\]+?)(?: \(\d+\))?\.json", re.IGNORECASE)
_INSTAGRAM_KEYS = ("username", "timestamp")
_FACEBOOK_KEYS = ("from", "created_time")
_KNOWN = {"id", "text", "message", "timestamp", "created_time", "username", "from", "like_count", "replies",
          "comments", "parent", "parent_id"}  # fmt: skip


_EMPTY_DATA = re.compile(r'"data"\s*:\s*\[\s*\]')
_ENVELOPE_KEYS = {"data", "paging", "cursors", "before", "after", "next", "previous", "media_id", "post_id"}


def _is_empty_page(sniff: Sniff) -> bool:
    """`{"data":[]}` saved as `comments_<media id>.json`: a media without comments. The content alone is any
    empty Graph API edge, so here (and only here) the file name decides, and the parse says 'header_only'."""
    return (
        media_id_from_file_name(sniff.path.name) is not None
        and set(sniff.headers) <= _ENVELOPE_KEYS
        and _EMPTY_DATA.search(sniff.text) is not None
    )


def media_id_from_file_name(name: str) -> str | None:
    """`comments_17912345678901234.json` -> `17912345678901234`; None for any other name."""
    match = _FILE_NAME.fullmatch(name)
    return match["media"] if match else None


def handle_from_folder(folder: str | None) -> str | None:
    """`northwindgear-instagram-comments` -> `northwindgear`: the folder name up to its first `-`."""
    if not folder or not folder.strip():
        return None
    return folder.split("-", 1)[0].strip().lower() or None


class MetaGraphComments(ExportType):
    name = "meta_graph_comments"
    platform = "brand"
    raw_table = COMMENTS_TABLE
    title = "Meta Graph API comments with replies (Instagram or Facebook, JSON)"
    source = (
        "Graph API GET /{media-id}/comments?fields=id,text,timestamp,username,like_count,"
        "replies{id,text,timestamp,username,like_count} (Facebook: /{post-id}/comments, from{name,id})"
    )
    file_pattern = "comments_<media id>.json"
    signature = ("data", "id", "text", "username", "timestamp")
    natural_key = COMMENTS_KEY
    columns = COMMENT_COLUMNS

    def _variants(self) -> tuple[tuple[str, ...], ...]:
        return (
            ("data", "id", "text", *_INSTAGRAM_KEYS),
            ("data", "id", "text", *_FACEBOOK_KEYS),
            ("data", "id", "message", *_FACEBOOK_KEYS),
        )

    def _best(self, sniff: Sniff) -> tuple[float, list[str]]:
        if not sniff.is_json:
            return 0.0, list(self.signature)
        if _is_empty_page(sniff):
            return 1.0, []
        seen = set(sniff.headers)
        scored = [(sum(k in seen for k in v) / len(v), [k for k in v if k not in seen]) for v in self._variants()]
        return max(scored, key=lambda s: s[0])

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of the best-matching variant's keys (Instagram, or Facebook with `text` or `message`)."""
        return self._best(sniff)[0]

    def missing_signature(self, sniff: Sniff) -> list[str]:
        return self._best(sniff)[1]

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        document = jsondoc.read_json(ctx.path)
        if not isinstance(document, Mapping) or "data" not in document:
            raise ExportError("unexpected_shape", f'{ctx.path.name}: expected a Graph API response {{"data": [...]}}')
        media_id = _media_id(ctx, document)
        handle = handle_from_folder(ctx.account_hint)
        if handle is None:
            raise ctx.missing_account(
                "a comments response does not name the account",
                folder="<handle>-instagram-comments/",
                advice="pass --account <handle>",
            )
        flat = _flatten(jsondoc.JsonRecords(ctx.path, document["data"], what="comments"), ctx.path)
        rows = jsondoc.JsonRecords(ctx.path, [record for record, _ in flat], what="comments and replies")

        def records() -> Iterator[dict]:
            for (number, record), (_, parent) in zip(rows, flat, strict=True):
                yield _comment_row(rows, number, record, parent, media_id, handle, ctx.identity_key)

        yield from jsondoc.record_batches(self, ctx.path, records())


def _media_id(ctx: FileContext, document: Mapping) -> str:
    named = media_id_from_file_name(ctx.path.name)
    field = next((k for k in ("media_id", "post_id") if document.get(k) not in (None, "")), None)
    stated = None
    if field is not None:
        try:
            stated = cells.identifier(jsondoc.as_text(document[field]))
        except cells.CellError as exc:
            raise ExportError(exc.rule, f"{ctx.path.name}, field '{field}': {exc.problem}", column=field) from None
    if stated and named and stated != named:
        raise ExportError(
            "media_id_mismatch",
            f"{ctx.path.name}: the file name says media {named} but the '{field}' field says {stated}; "
            "rename the file or fix the field",
            column=field,
        )
    media = stated or named
    if not media:
        raise ExportError(
            "missing_media_id",
            f"{ctx.path.name}: no media id: name the file comments_<media id>.json (the id in the request "
            '/{media-id}/comments) or add a top-level "media_id" field when saving the response',
        )
    try:
        return cells.identifier(media)
    except cells.CellError as exc:
        raise ExportError(exc.rule, f"{ctx.path.name}: media id in the file name: {exc.problem}") from None


def _flatten(comments: jsondoc.JsonRecords, path: object) -> list[tuple[Mapping, Mapping | None]]:
    """(record, parent) in document order: each comment, then its replies."""
    flat: list[tuple[Mapping, Mapping | None]] = []
    for number, comment in comments:
        flat.append((comment, None))
        for key in ("replies", "comments"):
            replies = comment.get(key)
            if replies is None:
                continue
            data = replies.get("data") if isinstance(replies, Mapping) else None
            if not isinstance(data, list):
                raise comments.error(
                    "unexpected_shape", f"expected {{\"data\": [...]}} under '{key}'", record=number, field=key
                )
            for reply in data:
                if not isinstance(reply, Mapping):
                    raise comments.error("unexpected_shape", "a reply is not an object", record=number, field=key)
                flat.append((reply, comment))
    return flat


def _comment_row(
    rows: jsondoc.JsonRecords,
    number: int,
    record: Mapping,
    parent: Mapping | None,
    media_id: str,
    handle: str,
    key: bytes,
) -> dict:
    facebook = "from" in record or "created_time" in record
    get = rows.get
    comment_id = get(number, record, "id", cells.identifier, required=True, not_null=True)
    if facebook:
        created = get(number, record, "created_time", zoned_timestamp, required=True, not_null=True)
        who = get(number, record, "from.id", cells.identifier)
        page_id = media_id.split("_", 1)[0] if "_" in media_id else None
        brand = same_identity(who, page_id) or same_identity(who, handle)
        text_field = "message" if "message" in record else "text"
    else:
        created = get(number, record, "timestamp", zoned_timestamp, required=True, not_null=True)
        who = get(number, record, "username", cells.trimmed, required=True)
        brand = same_identity(who, handle)
        text_field = "text"
    parent_id = None
    if parent is not None:
        parent_id = cells.identifier(jsondoc.as_text(parent.get("id")))
    elif record.get("parent_id") is not None:  # a replies page saved on its own
        parent_id = get(number, record, "parent_id", cells.identifier)
    return {
        "platform": "facebook" if facebook else "instagram",
        "account_id": handle,
        "post_id": media_id,
        "comment_id": comment_id,
        "parent_comment_id": parent_id,
        "commenter_hash": pseudonymize(who, key),
        "is_brand_reply": brand,
        "created_at": created,
        "text": get(number, record, text_field, _verbatim),
        "like_count": get(number, record, "like_count", cells.integer),
        "_row_number": number,
        "_extra": jsondoc.JsonRecords.extra(record, _KNOWN),
    }


def _verbatim(value: str) -> str | None:
    """Comment text exactly as written; an empty string is NULL (nothing was said)."""
    return value if value != "" else None


EXPORT_TYPES = (MetaGraphComments(),)
