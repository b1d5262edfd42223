"""The brand's own data: CSV templates a person fills (orders, creator campaigns, live sessions, comments).

No platform exports these. Blank templates with an example row are in `ingest/exports/templates/<name>.csv`
and each column is described in `ingest/exports/templates/README.md`. What every template shares:

- CSV, UTF-8 (a BOM, as Excel's "CSV UTF-8" writes, is fine), comma separated, LF or CRLF, one header row.
  Headers match case- and spacing-insensitively (`Order_ID` is `order_id`). A missing required column
  rejects the file naming it; a column the template does not know is kept in `_extra` and reported as
  drift in the ledger. Files are recognised by their required columns, whatever they are called.
- Times carry their zone: ISO 8601 with an offset (`2026-10-05T14:02:11+02:00`) or UTC with `Z`. A time
  without one is rejected ('missing_time_zone'), because a wall-clock time is a different instant in each
  zone and a guess would move orders across days. Dates are `YYYY-MM-DD`.
- Money is a plain decimal (`129.90`; `1,299.00` is read as a thousands separator) with its ISO 4217
  `currency` on the same row (`usd` is read as `USD`). Counts are whole numbers (`12,000` allowed).
- Ids are text; an id a spreadsheet turned into `1.2E+17` is rejected ('mangled_id').
- Templates that hold no account column (orders, creator campaigns) belong to the brand named by the
  landing folder (`landing/northwind-brand/...` -> `account_id = northwind-brand`) or `--account`.
- The as-of is when the file was saved (mtime) or the override; a newer file replaces rows by natural key.

`brand_orders` -> `raw.brand__orders`, key `(order_id)`. Orders and refunds from the shop, for attribution
(UTMs, discount codes; see shared/reference/roi-methods.md). Required: `order_id, ordered_at, revenue,
currency`. Optional: `order_type, utm_source, utm_medium, utm_campaign, utm_content, discount_code,
customer_id_sha256`.
  - `order_type` is `order` (the default for a blank cell or no column) or `refund`. A refund is its own
    row with its own `order_id` and a negative (or zero) `revenue`; the expectation suite rejects a
    negative revenue on an `order` and a positive one on a `refund`, so a sign slip cannot pass silently.
  - UTM values and discount codes are kept as written (trimmed); staging adds case-folded forms to join on.
  - `customer_id_sha256` must already be a SHA-256 (64 hex digits) of the customer's e-mail or id,
    trimmed and lower-cased before hashing. Anything else (an e-mail, a plain customer number) rejects the
    whole file with rule 'unhashed_identity', naming row and column but never echoing the value, and
    saying how to hash. We reject rather than hash it for the brand because a file holding plain e-mails
    should not travel at all, and silently fixing it would teach people to send them. Even the SHA-256 is
    not stored: a plain hash of an e-mail can be reversed by hashing guesses, so the warehouse keeps
    `customer_hash = pseudonymize(sha256, identity key)`, stable across files and loads.

`brand_creator_campaigns` -> `raw.brand__creator_campaigns`, key `(campaign_id, platform, creator_handle)`.
One row per creator per platform in a campaign. Required: `campaign_id, creator_handle, platform, fee,
currency`. Optional: `followers_at_signing, post_urls, promo_code, utm_campaign, starts_on, ends_on,
product_cost, agency_fee` (the full cost of a deal, not only the fee: roi-methods.md B.6).
  - Creator handles are public business identities the brand contracts with, not private people, so they
    are stored as written (trimmed, lower-cased, without `@`), never hashed.
  - `post_urls` holds several URLs separated by `|` or whitespace; stored as a `VARCHAR[]` list. Each must
    start with http:// or https:// ('bad_url').
  - `platform` is lower-cased; the suite accepts instagram, tiktok, youtube, x, linkedin, facebook.

`brand_live_sessions` -> `raw.brand__live_sessions`, key `(platform, account_id, started_at)`. Live
metrics are not in any export or API (platform-formats.md section 6), so a person copies them from the app.
Required: `platform, account_id, started_at, peak_concurrent_viewers`. Optional: `session_id,
duration_minutes, unique_viewers, followers_at_start, title`. A blank viewer count is NULL (not seen),
never 0. Without a `session_id` one is derived from the key: `<platform>-<account_id>-<YYYYMMDDTHHMMSSZ>`
(UTC start), so the same session gets the same id in every file.

`brand_comments` -> `raw.brand__comments` (shared with `meta_graph_comments`, see `ingest.exports.comments`),
key `(platform, comment_id)`. Required: `platform, account_id, post_id, comment_id, commenter,
created_at, text`. Optional: `parent_comment_id` (blank for a top-level comment), `like_count`,
`brand_handle`, `is_brand_reply`.
  - `commenter` (handle or id) is hashed at parse time into `commenter_hash`; it is never stored raw.
  - `is_brand_reply` is true when the commenter, before hashing, is `account_id` or `brand_handle` (for an
    account whose id is a number while replies show a handle), or when the file says `true`.
  - `text` is stored verbatim (`=HYPERLINK("x")`, `@northwindgear` stay text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ingest.exports import cells, csv_table
from ingest.exports.base import Column, ExportType, FileContext, Sniff
from ingest.exports.comments import COMMENT_COLUMNS, COMMENTS_KEY, COMMENTS_TABLE, same_identity, zoned_timestamp
from ingest.exports.identity import looks_hashed, pseudonymize

if TYPE_CHECKING:
    import pyarrow as pa

MONEY = "DECIMAL(18,4)"
URL_LIST = "VARCHAR[]"


# ---- converters the templates need beyond `cells` ------------------------------------------------------


def _currency(text: str) -> str | None:
    """An ISO 4217 code: three letters, upper-cased (`usd` -> `USD`). Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        raise cells.CellError("bad_currency", f"{text!r} is not an ISO 4217 currency code (USD, EUR, ...)")
    return value.upper()


def _code(text: str) -> str | None:
    """A short code (platform, order type): trimmed and lower-cased; the suite judges the value."""
    return text.strip().lower() or None


def _handle(text: str) -> str | None:
    """A public handle: trimmed, lower-cased, without a leading `@`."""
    return text.strip().lower().removeprefix("@").strip() or None


def _boolean(text: str) -> bool | None:
    """`true`/`false` (also yes/no, 1/0, any case). Blank is NULL."""
    value = text.strip().lower()
    if not value:
        return None
    if value in ("true", "yes", "1", "y"):
        return True
    if value in ("false", "no", "0", "n"):
        return False
    raise cells.CellError("not_a_boolean", f"{text!r} is not true or false")


def _url_list(text: str) -> list[str] | None:
    """URLs separated by `|` or whitespace (line breaks too), in order; blank is NULL."""
    urls = [part for part in re.split(r"[|\s]+", text) if part]
    if not urls:
        return None
    for url in urls:
        if not re.match(r"https?://\S+\.\S+", url, re.IGNORECASE):
            raise cells.CellError("bad_url", f"{url!r} is not a URL (https://...); separate several with '|'")
    return urls


# ---- the shared template reader -----------------------------------------------------------------------


class _Template(ExportType):
    """A CSV template: fields by header name, the required ones are the signature."""

    fields: ClassVar[tuple[cells.Field, ...]]
    account_from_folder: ClassVar[bool] = False  # the file has no account column: the landing folder is it

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of the required headers found, compared case- and spacing-insensitively."""
        if sniff.is_json:
            return 0.0
        seen = {cells.normalize_header(h) for h in sniff.headers}
        return sum(cells.normalize_header(h) in seen for h in self.signature) / len(self.signature)

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        if self.account_from_folder and not ctx.account_hint:
            raise ctx.missing_account(
                f"the {self.name} template has no account column",
                folder="<brand>/...",
                advice="pass the brand explicitly (resonance ingest --account)",
            )
        with csv_table.CsvTable(ctx.path) as table:
            bound = table.bind(self.fields)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    if self.account_from_folder:
                        record["account_id"] = ctx.account_hint
                    self.finish(record, table, row, ctx)
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())

    def finish(self, record: dict, table: csv_table.CsvTable, row: int, ctx: FileContext) -> None:
        """Derive the columns that are not a cell as written (hashes, defaults)."""


def _field(name: str, convert=cells.text, *, required: bool = False, not_null: bool | None = None) -> cells.Field:
    return cells.Field(name, (name,), convert, required=required, not_null=required if not_null is None else not_null)


# ---- brand_orders ---------------------------------------------------------------------------------------

CUSTOMER_COLUMN = "customer_id_sha256"


class BrandOrders(_Template):
    name = "brand_orders"
    platform = "brand"
    raw_table = "brand__orders"
    title = "Brand orders and refunds (CSV template)"
    source = "Filled by the brand from its shop (template ingest/exports/templates/brand_orders.csv)"
    file_pattern = "brand_orders*.csv"
    signature = ("order_id", "ordered_at", "revenue", "currency")
    natural_key = ("order_id",)
    account_from_folder = True
    columns = (
        Column("account_id", "VARCHAR", "The brand (shop) the orders belong to: the landing folder.", True),
        Column("order_id", "VARCHAR", "The shop's order (or refund) id, as text. Natural key.", True),
        Column("order_type", "VARCHAR", "`order` or `refund`; `order` when the file leaves it blank.", True),
        Column("ordered_at", "TIMESTAMPTZ", "When the order (or refund) was placed, UTC.", True),
        Column("revenue", MONEY, "Order revenue in `currency`; negative only for a refund.", True),
        Column("currency", "VARCHAR", "ISO 4217 code of `revenue`.", True),
        Column("utm_source", "VARCHAR", "utm_source of the visit that ordered, as written."),
        Column("utm_medium", "VARCHAR", "utm_medium, as written."),
        Column("utm_campaign", "VARCHAR", "utm_campaign, as written (matches creator campaigns' utm_campaign)."),
        Column("utm_content", "VARCHAR", "utm_content, as written."),
        Column("discount_code", "VARCHAR", "Discount or promo code used, as written (creator codes match here)."),
        Column(
            "customer_hash",
            "VARCHAR",
            "Keyed hash (identity.pseudonymize) of the file's customer_id_sha256; the SHA-256 itself is not kept.",
        ),
    )
    fields = (
        _field("order_id", cells.identifier, required=True),
        _field("ordered_at", zoned_timestamp, required=True),
        _field("revenue", cells.decimal, required=True),
        _field("currency", _currency, required=True),
        _field("order_type", _code),
        _field("utm_source", cells.trimmed),
        _field("utm_medium", cells.trimmed),
        _field("utm_campaign", cells.trimmed),
        _field("utm_content", cells.trimmed),
        _field("discount_code", cells.trimmed),
        _field(CUSTOMER_COLUMN, cells.trimmed),
    )

    def finish(self, record: dict, table: csv_table.CsvTable, row: int, ctx: FileContext) -> None:
        record["order_type"] = record.get("order_type") or "order"
        customer = record.pop(CUSTOMER_COLUMN, None)
        if customer is not None and not looks_hashed(customer):
            header = next(h for h in table.headers if cells.normalize_header(h) == CUSTOMER_COLUMN)
            kind = "an e-mail address" if "@" in customer else "a plain id, not a SHA-256"
            raise table.error(
                "unhashed_identity",
                f"the customer id looks like {kind} (the value is not repeated here). Resonance does not take "
                "customer identities as written: put the SHA-256 of the trimmed, lower-cased e-mail or "
                "customer id in this column, as 64 hex digits, e.g. in Python "
                "hashlib.sha256(email.strip().lower().encode()).hexdigest(), or "
                "printf '%s' \"$EMAIL\" | sha256sum; then drop the file again",
                row=row,
                column=header,
            )
        record["customer_hash"] = pseudonymize(customer.lower() if customer else None, ctx.identity_key)


# ---- brand_creator_campaigns -----------------------------------------------------------------------------


class BrandCreatorCampaigns(_Template):
    name = "brand_creator_campaigns"
    platform = "brand"
    raw_table = "brand__creator_campaigns"
    title = "Brand creator (influencer) campaigns (CSV template)"
    source = (
        "Filled by the brand from its creator contracts (template ingest/exports/templates/brand_creator_campaigns.csv)"  # noqa: E501
    )
    file_pattern = "brand_creator_campaigns*.csv"
    signature = ("campaign_id", "creator_handle", "platform", "fee", "currency")
    natural_key = ("campaign_id", "platform", "creator_handle")
    account_from_folder = True
    columns = (
        Column("account_id", "VARCHAR", "The brand running the campaign: the landing folder.", True),
        Column("campaign_id", "VARCHAR", "The brand's campaign id, as text.", True),
        Column("creator_handle", "VARCHAR", "Creator's public handle, lower case, without `@` (not hashed).", True),
        Column(
            "platform", "VARCHAR", "Where the creator posts: instagram, tiktok, youtube, x, linkedin, facebook.", True
        ),  # noqa: E501
        Column("followers_at_signing", "BIGINT", "Creator's followers on `platform` when the deal was signed."),
        Column("fee", MONEY, "The creator's fee for this platform's part of the campaign, in `currency`.", True),
        Column("product_cost", MONEY, "Cost of product sent to the creator, in `currency`; NULL when none recorded."),
        Column("agency_fee", MONEY, "Agency fee for the deal, in `currency`; NULL when none recorded."),
        Column("currency", "VARCHAR", "ISO 4217 code of the money columns.", True),
        Column("post_urls", URL_LIST, "The creator's campaign posts, in the order written."),
        Column("promo_code", "VARCHAR", "The creator's discount code, as written (matches orders' discount_code)."),
        Column("utm_campaign", "VARCHAR", "utm_campaign on the creator's links, as written."),
        Column("starts_on", "DATE", "First day of the campaign for this creator."),
        Column("ends_on", "DATE", "Last day (inclusive); NULL while ongoing."),
    )
    fields = (
        _field("campaign_id", cells.identifier, required=True),
        _field("creator_handle", _handle, required=True),
        _field("platform", _code, required=True),
        _field("fee", cells.decimal, required=True),
        _field("currency", _currency, required=True),
        _field("followers_at_signing", cells.integer_grouped),
        _field("product_cost", cells.decimal),
        _field("agency_fee", cells.decimal),
        _field("post_urls", _url_list),
        _field("promo_code", cells.trimmed),
        _field("utm_campaign", cells.trimmed),
        _field("starts_on", cells.iso_date),
        _field("ends_on", cells.iso_date),
    )


# ---- brand_live_sessions ---------------------------------------------------------------------------------


class BrandLiveSessions(_Template):
    name = "brand_live_sessions"
    platform = "brand"
    raw_table = "brand__live_sessions"
    title = "Brand live sessions (CSV template)"
    source = (
        "Filled by the brand from each app's live summary (template ingest/exports/templates/brand_live_sessions.csv)"  # noqa: E501
    )
    file_pattern = "brand_live_sessions*.csv"
    signature = ("platform", "account_id", "started_at", "peak_concurrent_viewers")
    natural_key = ("platform", "account_id", "started_at")
    columns = (
        Column("platform", "VARCHAR", "instagram, tiktok, youtube, facebook, linkedin or x (lower case).", True),
        Column("account_id", "VARCHAR", "The brand's account that went live (handle or id, as written).", True),
        Column("session_id", "VARCHAR", "The platform's id for the live, else <platform>-<account>-<UTC start>.", True),
        Column("started_at", "TIMESTAMPTZ", "When the live started, UTC.", True),
        Column("duration_minutes", "DOUBLE", "Length of the live in minutes."),
        Column("peak_concurrent_viewers", "BIGINT", "Most viewers watching at the same moment; NULL if not noted."),
        Column("unique_viewers", "BIGINT", "Distinct accounts that watched at all (reach of the live); never summed."),
        Column("followers_at_start", "BIGINT", "The account's followers when the live started."),
        Column("title", "VARCHAR", "Title of the live, as written."),
    )
    fields = (
        _field("platform", _code, required=True),
        _field("account_id", cells.trimmed, required=True),
        _field("started_at", zoned_timestamp, required=True),
        _field("peak_concurrent_viewers", cells.integer_grouped, required=True, not_null=False),
        _field("session_id", cells.identifier),
        _field("duration_minutes", cells.number_grouped),
        _field("unique_viewers", cells.integer_grouped),
        _field("followers_at_start", cells.integer_grouped),
        _field("title", cells.text),
    )

    def finish(self, record: dict, table: csv_table.CsvTable, row: int, ctx: FileContext) -> None:
        if record.get("session_id") is None:
            record["session_id"] = derived_session_id(record["platform"], record["account_id"], record["started_at"])


def derived_session_id(platform: str, account_id: str, started_at) -> str:
    """The id of a live session the file gives none for: `<platform>-<account_id>-<UTC start>`."""
    return f"{platform}-{account_id}-{started_at:%Y%m%dT%H%M%SZ}"


# ---- brand_comments --------------------------------------------------------------------------------------


class BrandComments(_Template):
    name = "brand_comments"
    platform = "brand"
    raw_table = COMMENTS_TABLE
    title = "Brand comments and replies (CSV template)"
    source = "Filled by the brand from any platform's comments (template ingest/exports/templates/brand_comments.csv)"  # noqa: E501
    file_pattern = "brand_comments*.csv"
    signature = ("platform", "account_id", "post_id", "comment_id", "commenter", "created_at", "text")
    natural_key = COMMENTS_KEY
    columns = COMMENT_COLUMNS
    fields = (
        _field("platform", _code, required=True),
        _field("account_id", cells.trimmed, required=True),
        _field("post_id", cells.identifier, required=True),
        _field("comment_id", cells.identifier, required=True),
        _field("commenter", cells.trimmed, required=True, not_null=False),
        _field("created_at", zoned_timestamp, required=True),
        _field("text", cells.text, required=True, not_null=False),
        _field("parent_comment_id", cells.identifier),
        _field("like_count", cells.integer_grouped),
        _field("brand_handle", cells.trimmed),
        _field("is_brand_reply", _boolean),
    )

    def finish(self, record: dict, table: csv_table.CsvTable, row: int, ctx: FileContext) -> None:
        commenter = record.pop("commenter", None)
        brand_handle = record.pop("brand_handle", None)
        said = record.get("is_brand_reply")
        record["is_brand_reply"] = bool(
            said or same_identity(commenter, record["account_id"]) or same_identity(commenter, brand_handle)
        )
        record["commenter_hash"] = pseudonymize(commenter, ctx.identity_key)


EXPORT_TYPES = (BrandOrders(), BrandCreatorCampaigns(), BrandLiveSessions(), BrandComments())
