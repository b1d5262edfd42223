"""Samples of the brand's own data: the four CSV templates and Graph API comments responses.

Templates (`ingest.exports.brand_templates`): no platform writes them, a person does, in a spreadsheet. The
samples are what Excel's "CSV UTF-8 (Comma delimited)" save gives: a UTF-8 BOM, CRLF line ends, quotes
only around cells that need them, money as displayed (`129.90`), times as typed in ISO 8601 with an offset.

Graph API comments (`ingest.exports.comments`): the response body saved as is, one page per file, named
`comments_<media id>.json`: compact JSON without spaces or a trailing newline, non-ASCII as `\\uXXXX`,
`/` escaped as `\\/` (how graph.facebook.com writes bodies), empty edges left out (a comment without replies
has no `replies` key), `paging.cursors` present. Times are `2026-10-05T14:02:11+0000` (offset without
colon, platform-formats.md 2a and 2c).

The story is in the constants below so a later mart can be tuned against it: a macro creator (812k) and
four micro creators (8k-40k) with promo codes and UTMs (`fall_launch_ridgeline`, `holiday_sale`), ~300
orders over October-November 2026 in USD and EUR where the micro creators' codes sell more than the macro
one's, a live session on an account with ~104k followers that drew 31 peak viewers, and a few hundred
comments with brand replies.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from ingest.samples.common import ID_ALPHABET, at, quantize, stamp
from ingest.samples.model import SampleFile

BRAND_FOLDER = "northwind-brand"
COMMENTS_FOLDER = "northwindgear-instagram-comments"
FACEBOOK_COMMENTS_FOLDER = "northwindgear-facebook-comments"
BRAND_HANDLE = "northwindgear"
FACEBOOK_PAGE_ID = "104857392018475"
DENVER, BERLIN = ZoneInfo("America/Denver"), ZoneInfo("Europe/Berlin")
PERIOD = (date(2026, 10, 1), date(2026, 12, 1))  # end exclusive

# ---- the story --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreatorDeal:
    """One row of the creator campaigns template, plus how many orders its promo code drives (the story)."""

    campaign_id: str
    creator_handle: str
    platform: str
    followers_at_signing: int | None
    fee: Decimal
    currency: str
    promo_code: str | None
    utm_campaign: str | None
    starts_on: date
    ends_on: date | None
    post_urls: tuple[str, ...] = ()
    product_cost: Decimal | None = None
    agency_fee: Decimal | None = None
    orders_driven: int = 0  # orders carrying the promo code (story, not a template column)


CREATOR_DEALS: tuple[CreatorDeal, ...] = (
    CreatorDeal("NW-FL26-01", "peakpaula", "instagram", 812_000, Decimal("18000.00"), "USD", "PAULA15",
                "fall_launch_ridgeline", date(2026, 10, 1), date(2026, 10, 21),
                ("https://www.instagram.com/p/DPa1Ridge01/", "https://www.instagram.com/reel/DPb2Ridge02/"),
                Decimal("460.00"), Decimal("2700.00"), orders_driven=14),
    CreatorDeal("NW-FL26-01", "trailmix_ana", "instagram", 23_400, Decimal("1200.00"), "USD", "ANA10",
                "fall_launch_ridgeline", date(2026, 10, 1), date(2026, 10, 31),
                ("https://www.instagram.com/p/DPc3AnaTrail/",), Decimal("229.00"), orders_driven=26),
    CreatorDeal("NW-FL26-01", "trailmix_ana", "tiktok", 38_900, Decimal("900.00"), "USD", "ANA10",
                "fall_launch_ridgeline", date(2026, 10, 1), date(2026, 10, 31),
                ("https://www.tiktok.com/@trailmix_ana/video/7561234567890123456",), orders_driven=0),
    CreatorDeal("NW-FL26-02", "kletter_lea", "instagram", 8_700, Decimal("600.00"), "EUR", "LEA10",
                "fall_launch_ridgeline_eu", date(2026, 10, 8), date(2026, 11, 7),
                ("https://www.instagram.com/p/DPd4LeaKlettern/", "https://www.instagram.com/p/DPe5LeaGipfel/"),
                Decimal("229.00"), orders_driven=17),
    CreatorDeal("NW-HS26-01", "ben_outdoors", "youtube", 31_200, Decimal("1500.00"), "USD", "BEN20",
                "holiday_sale", date(2026, 11, 16), date(2026, 11, 30),
                ("https://www.youtube.com/watch?v=Bn7OutDr2Tq",), orders_driven=21),
    CreatorDeal("NW-HS26-01", "sam_climbs", "tiktok", 14_800, Decimal("700.00"), "USD", "SAM20",
                "holiday_sale", date(2026, 11, 16), None,
                ("https://www.tiktok.com/@sam_climbs/video/7569876543210987654",), orders_driven=15),
)  # fmt: skip

PRODUCTS = (  # name, USD price, EUR price
    ("Ridgeline shell", Decimal("229.00"), Decimal("219.00")),
    ("Summit 40 pack", Decimal("149.00"), Decimal("139.00")),
    ("Trail shoes", Decimal("139.00"), Decimal("129.90")),
    ("Merino base layer", Decimal("79.00"), Decimal("74.90")),
    ("Alpine beanie", Decimal("29.00"), Decimal("27.90")),
)
ORDER_COUNT = 300  # including refunds
REFUND_COUNT = 9
EUR_SHARE = 0.3
# Non-creator traffic: (utm_source, utm_medium, utm_campaign, weight); None = direct, no UTMs.
TRAFFIC = (
    (None, None, None, 40),
    ("google", "cpc", "brand_search", 14),
    ("facebook", "paid_social", "fall_launch_ridgeline", 10),
    ("instagram", "paid_social", "holiday_sale", 9),
    ("newsletter", "email", "holiday_sale", 8),
    ("instagram", "social", "organic_profile_link", 6),
)
SITE_CODES = (("WELCOME10", 10), ("HOLIDAY20", 8))  # non-creator codes and their weights
HOLIDAY_SALE = (date(2026, 11, 20), date(2026, 12, 1))  # 20 % off everything, end exclusive


@dataclass(frozen=True)
class Order:
    """One row of the orders template. `ordered_at` carries the shop's local offset, as written."""

    order_id: str
    ordered_at: datetime
    revenue: Decimal
    currency: str
    order_type: str = "order"
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    utm_content: str | None = None
    discount_code: str | None = None
    customer_id_sha256: str | None = None


@dataclass(frozen=True)
class LiveSession:
    platform: str
    account_id: str
    started_at: datetime
    duration_minutes: float | None
    peak_concurrent_viewers: int | None
    unique_viewers: int | None
    followers_at_start: int | None
    title: str
    session_id: str | None = None  # None: left blank, the loader derives one


LIVE_SESSIONS: tuple[LiveSession, ...] = (
    LiveSession("instagram", BRAND_HANDLE, datetime(2026, 10, 8, 17, 0, tzinfo=DENVER), 52.0, 31, 212,
                104_300, "Ridgeline shell launch: ask us anything", "17912345678901234"),
    LiveSession("tiktok", BRAND_HANDLE, datetime(2026, 10, 22, 19, 30, tzinfo=DENVER), 38.5, 148, 2_310,
                41_800, "Packing for a 3-day trek 🎒", "7563311223344556677"),
    LiveSession("youtube", "UCnw7Gear0Outdoor5Live2x", datetime(2026, 11, 5, 18, 0, tzinfo=DENVER), 61.0,
                64, 890, 12_400, 'Repair, don\'t replace: fixing zips live, "Q&A"', "Lv5RepairZp"),
    LiveSession("instagram", BRAND_HANDLE, datetime(2026, 11, 25, 12, 0, tzinfo=DENVER), 45.0, 27, None,
                106_900, "Holiday sale: staff picks, live"),
)  # fmt: skip

# ---- comments ---------------------------------------------------------------------------------------------

FANS = ("trailmix_ana", "ben_outdoors", "KarinHikes", "dmitri_rv", "sam_climbs", "LeaWandert", "alpine_jo",
        "mountain.mo", "hike_with_hana", "raul.rocks", "gravel_grace", "tom_treks")  # fmt: skip
FAN_COMMENTS = (
    "Does the Ridgeline come in tall sizes?",
    "Love this colour 😍",
    "How does it pack down? Will it fit a running vest?",
    "Ordered mine yesterday, can't wait!",
    "@{friend} we need these for the Dolomites trip",
    "Is the holiday discount valid in the EU store?",
    "🔥🔥🔥",
    "Still waiting on my order from last week...",
    '=HYPERLINK("http://free-gear.example","claim your prize")',
    "+1 for a women's fit",
    "Did the zip issue get fixed on the new batch?",
    "Best rain shell I've owned. 3 seasons, no leaks.",
    "What's the weight in size M?",
    "-20°C at the summit and still warm, thanks Northwind",
)
QUESTION_MARKERS = ("?", "waiting", "zip")
BRAND_REPLIES = (
    "@{user} Yes! Tall sizes S-XL are on the site now 🙌",
    "@{user} Thanks for waiting! Could you DM us your order number? We'll check right away.",
    "@{user} It packs into its own pocket, about the size of a water bottle.",
    "@{user} The code works in both stores ✅",
    "@{user} The new batch has a redesigned zip garage. Repairs for the old one are free.",
    "@{user} 340 g in size M.",
)


@dataclass(frozen=True)
class GraphComment:
    """A comment as the Graph API returns it, with its replies (Instagram shape, or Facebook's)."""

    comment_id: str
    username: str  # Instagram username; on Facebook, the `from.name`
    text: str
    created_at: datetime  # UTC
    like_count: int
    replies: tuple[GraphComment, ...] = ()
    from_id: str | None = None  # Facebook: `from.id`

    @property
    def is_brand(self) -> bool:
        return self.username.lower() == BRAND_HANDLE or self.from_id == FACEBOOK_PAGE_ID

    def flat(self) -> list[tuple[GraphComment, str | None]]:
        """(comment, parent id) for this comment and its replies, in document order."""
        return [(self, None), *((reply, self.comment_id) for reply in self.replies)]


@dataclass(frozen=True)
class TemplateComment:
    """One row of the comments template."""

    platform: str
    account_id: str
    post_id: str
    comment_id: str
    commenter: str
    created_at: datetime
    text: str
    parent_comment_id: str | None = None
    like_count: int | None = None


@dataclass(frozen=True)
class CommentsPage:
    """One saved Graph API comments response: the media it is about and its comments."""

    media_id: str
    comments: tuple[GraphComment, ...]
    after_cursor: str = field(default="")
    facebook: bool = False

    def flat(self) -> list[tuple[GraphComment, str | None]]:
        return [pair for comment in self.comments for pair in comment.flat()]


# ---- writers: the templates -------------------------------------------------------------------------------

ORDER_HEADER = ("order_id", "order_type", "ordered_at", "revenue", "currency", "utm_source", "utm_medium",
                "utm_campaign", "utm_content", "discount_code", "customer_id_sha256")  # fmt: skip
CAMPAIGN_HEADER = ("campaign_id", "creator_handle", "platform", "followers_at_signing", "fee", "product_cost",
                   "agency_fee", "currency", "post_urls", "promo_code", "utm_campaign", "starts_on",
                   "ends_on")  # fmt: skip
LIVE_HEADER = ("platform", "account_id", "session_id", "started_at", "duration_minutes", "peak_concurrent_viewers",
               "unique_viewers", "followers_at_start", "title")  # fmt: skip
COMMENT_HEADER = ("platform", "account_id", "post_id", "comment_id", "parent_comment_id", "commenter",
                  "created_at", "text", "like_count")  # fmt: skip


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    return str(value)


def write_template(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, exported_at: datetime | None = None
) -> Path:
    """A template saved by Excel as "CSV UTF-8": BOM, CRLF, minimal quoting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
    return stamp(path, exported_at)


def write_brand_orders(path: Path, orders: Iterable[Order], *, exported_at: datetime | None = None) -> Path:
    rows = ([getattr(o, c) for c in ORDER_HEADER] for o in orders)
    return write_template(path, ORDER_HEADER, rows, exported_at=exported_at)


def write_brand_creator_campaigns(
    path: Path, deals: Iterable[CreatorDeal], *, exported_at: datetime | None = None
) -> Path:
    def row(deal: CreatorDeal) -> list[object]:
        values = {**deal.__dict__, "post_urls": " | ".join(deal.post_urls) or None}
        return [values[c] for c in CAMPAIGN_HEADER]

    return write_template(path, CAMPAIGN_HEADER, (row(d) for d in deals), exported_at=exported_at)


def write_brand_live_sessions(
    path: Path, sessions: Iterable[LiveSession], *, exported_at: datetime | None = None
) -> Path:
    rows = ([getattr(s, c) for c in LIVE_HEADER] for s in sessions)
    return write_template(path, LIVE_HEADER, rows, exported_at=exported_at)


def write_brand_comments(
    path: Path, comments: Iterable[TemplateComment], *, exported_at: datetime | None = None
) -> Path:
    rows = ([getattr(c, h) for h in COMMENT_HEADER] for c in comments)
    return write_template(path, COMMENT_HEADER, rows, exported_at=exported_at)


# ---- writer: Graph API comments ---------------------------------------------------------------------------


def graph_time(moment: datetime) -> str:
    """`2026-10-05T14:02:11+0000`, as the Graph API writes times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _graph_comment(comment: GraphComment, *, facebook: bool, reply: bool = False) -> dict:
    if facebook:
        body: dict = {"created_time": graph_time(comment.created_at),
                      "from": {"name": comment.username, "id": comment.from_id},
                      "message": comment.text, "like_count": comment.like_count, "id": comment.comment_id}  # fmt: skip
        edge = "comments"
    else:
        body = {"id": comment.comment_id, "text": comment.text, "timestamp": graph_time(comment.created_at),
                "username": comment.username, "like_count": comment.like_count}  # fmt: skip
        edge = "replies"
    if comment.replies and not reply:
        body[edge] = {"data": [_graph_comment(r, facebook=facebook, reply=True) for r in comment.replies]}
    return body


def graph_dumps(document: object) -> str:
    """JSON as graph.facebook.com writes it: compact, ASCII with \\u escapes, `/` escaped."""
    return json.dumps(document, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def write_meta_graph_comments(path: Path, page: CommentsPage, *, exported_at: datetime | None = None) -> Path:
    """One saved Graph API comments response (`comments_<media id>.json`)."""
    document = {
        "data": [_graph_comment(c, facebook=page.facebook) for c in page.comments],
        "paging": {"cursors": {"before": "QVFIU" + page.after_cursor[::-1], "after": "QVFIU" + page.after_cursor}},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(graph_dumps(document).encode("ascii"))
    return stamp(path, exported_at)


# ---- generation -------------------------------------------------------------------------------------------


def customer_sha256(email: str) -> str:
    """What the brand puts in `customer_id_sha256`: SHA-256 of the trimmed, lower-cased e-mail."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def _moment(rng: random.Random, first: date, end: date, zone: ZoneInfo) -> datetime:
    days = (end - first).days
    local = datetime(first.year, first.month, first.day) + timedelta(
        days=rng.randrange(days), hours=rng.choice((7, 9, 11, 12, 13, 18, 19, 20, 21, 22)), minutes=rng.randrange(60),
        seconds=rng.randrange(60),
    )  # fmt: skip
    return local.replace(tzinfo=zone)


def _basket(rng: random.Random, currency: str, day: date) -> Decimal:
    items = rng.choices(PRODUCTS, weights=(3, 3, 4, 5, 6), k=rng.choice((1, 1, 1, 2, 2, 3)))
    total = sum((usd if currency == "USD" else eur) for _, usd, eur in items)
    if HOLIDAY_SALE[0] <= day < HOLIDAY_SALE[1]:
        total = total * Decimal("0.8")
    return quantize(total, 2)


def generate_orders(rng: random.Random) -> tuple[Order, ...]:
    """~300 orders and refunds over October-November 2026, sorted by time; creator codes per the story."""
    customers = [customer_sha256(f"customer{n:03d}@example.com") for n in range(220)]
    drafts: list[dict] = []
    for deal in CREATOR_DEALS:
        end = (deal.ends_on or PERIOD[1] - timedelta(1)) + timedelta(days=5)  # codes keep selling a little
        for _ in range(deal.orders_driven):
            currency = deal.currency
            zone = BERLIN if currency == "EUR" else DENVER
            drafts.append({"ordered_at": _moment(rng, deal.starts_on, min(end, PERIOD[1]), zone),
                           "currency": currency, "utm_source": deal.platform, "utm_medium": "influencer",
                           "utm_campaign": deal.utm_campaign, "utm_content": deal.creator_handle,
                           "discount_code": deal.promo_code})  # fmt: skip
    sources, weights = zip(*((t[:3], t[3]) for t in TRAFFIC), strict=True)
    while len(drafts) < ORDER_COUNT - REFUND_COUNT:
        currency = "EUR" if rng.random() < EUR_SHARE else "USD"
        moment = _moment(rng, PERIOD[0], PERIOD[1], BERLIN if currency == "EUR" else DENVER)
        source, medium, campaign = rng.choices(sources, weights)[0]
        code = None
        if rng.random() < 0.18:
            code = rng.choices([c for c, _ in SITE_CODES], [w for _, w in SITE_CODES])[0]
        drafts.append({"ordered_at": moment, "currency": currency, "utm_source": source, "utm_medium": medium,
                       "utm_campaign": campaign, "discount_code": code})  # fmt: skip
    drafts.sort(key=lambda d: d["ordered_at"])
    orders = []
    for number, draft in enumerate(drafts, start=1):
        customer = None if rng.random() < 0.1 else rng.choice(customers)  # guest checkout: no customer id
        revenue = _basket(rng, draft["currency"], draft["ordered_at"].date())
        orders.append(Order(f"NW-{100000 + number}", revenue=revenue, customer_id_sha256=customer, **draft))
    for number, original in enumerate(rng.sample(orders, REFUND_COUNT), start=1):
        last = datetime(2026, 11, 30, 18, tzinfo=original.ordered_at.tzinfo)  # refunds stay in the period
        refunded_at = min(original.ordered_at + timedelta(days=rng.randint(3, 20), hours=rng.randint(1, 8)), last)
        orders.append(Order(f"NW-R{5000 + number}", refunded_at, -original.revenue, original.currency, "refund",
                            customer_id_sha256=original.customer_id_sha256))  # fmt: skip
    return tuple(sorted(orders, key=lambda o: o.ordered_at))


# The posts commented on: fixed, so file names (`comments_<media id>.json`) do not change with the seed.
INSTAGRAM_MEDIA = ("17900985964896134", "17912597280426712", "17928895164327312", "17945310728816590",
                   "17962204517733028", "17980380574518442")  # fmt: skip
FACEBOOK_POSTS = (f"{FACEBOOK_PAGE_ID}_9511555393579289",)


def _comment_text(rng: random.Random) -> str:
    return rng.choice(FAN_COMMENTS).format(friend=rng.choice(FANS))


def _thread(rng: random.Random, posted: datetime, id_of: Callable[[], str], *, facebook: bool) -> GraphComment:
    """A fan comment, maybe answered by other fans and by the brand."""
    comment_id = id_of()
    fan = rng.choice(FANS) if rng.random() < 0.5 else f"hiker_{rng.randrange(900):03d}"
    text = _comment_text(rng)
    created = posted + timedelta(minutes=rng.randrange(5, 60 * 48))
    replies = []
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        created_reply = created + timedelta(minutes=rng.randrange(3, 600))
        replies.append(GraphComment(id_of(), rng.choice(FANS), _comment_text(rng), created_reply, rng.randrange(4),
                                    from_id=_fb_user(rng) if facebook else None))  # fmt: skip
    if any(marker in text for marker in QUESTION_MARKERS) and rng.random() < 0.7:
        answered = created + timedelta(minutes=rng.choice((12, 35, 90, 240, 900, 2000)))
        name = "Northwind Gear" if facebook else BRAND_HANDLE
        reply = rng.choice(BRAND_REPLIES).format(user=fan)
        replies.append(GraphComment(id_of(), name, reply, answered, rng.randrange(3),
                                    from_id=FACEBOOK_PAGE_ID if facebook else None))  # fmt: skip
    replies.sort(key=lambda r: r.created_at)
    return GraphComment(comment_id, fan, text, created, rng.choice((0, 0, 1, 2, 3, 5, 12)), tuple(replies),
                        from_id=_fb_user(rng) if facebook else None)  # fmt: skip


def _fb_user(rng: random.Random) -> str:
    return "100" + "".join(rng.choice("0123456789") for _ in range(12))


def _comment_ids(rng: random.Random, facebook_post: str | None) -> Callable[[], str]:
    """Comment ids in increasing order: Instagram's 17-digit ids, Facebook's `<post id>_<comment id>`."""
    numbers = iter(range(rng.randrange(10**13, 9 * 10**13), 10**14))
    if facebook_post is not None:
        post = facebook_post.split("_")[1]
        return lambda: f"{post}_{next(numbers)}"
    return lambda: f"178{next(numbers):014d}"


def generate_comment_pages(rng: random.Random, count: int, *, facebook: bool = False) -> tuple[CommentsPage, ...]:
    pages = []
    for index in range(count):
        posted = datetime(2026, 10, 3, 16, tzinfo=UTC) + timedelta(days=9 * index, hours=rng.randrange(6))
        media = FACEBOOK_POSTS[index] if facebook else INSTAGRAM_MEDIA[index]
        id_of = _comment_ids(rng, media if facebook else None)
        threads = [_thread(rng, posted, id_of, facebook=facebook) for _ in range(rng.randint(25, 45))]
        threads.sort(key=lambda c: c.created_at, reverse=True)  # newest first
        cursor = "".join(rng.choice(ID_ALPHABET[:62]) for _ in range(40))
        pages.append(CommentsPage(media, tuple(threads), cursor, facebook))
    return tuple(pages)


def generate_template_comments(rng: random.Random) -> tuple[TemplateComment, ...]:
    """TikTok comments copied into the template (no API export for them), with brand replies."""
    rows = []
    for video in range(3):
        post_id = f"75{rng.randrange(10**16, 10**17)}"
        posted = datetime(2026, 10, 10, 1, tzinfo=UTC) + timedelta(days=14 * video)
        for _ in range(rng.randint(12, 20)):
            comment_id = f"75{rng.randrange(10**16, 10**17)}"
            fan = rng.choice(FANS)
            text = _comment_text(rng)
            created = posted + timedelta(minutes=rng.randrange(5, 3000))
            rows.append(TemplateComment("tiktok", BRAND_HANDLE, post_id, comment_id, fan, created, text,
                                        like_count=rng.randrange(40)))  # fmt: skip
            if any(marker in text for marker in QUESTION_MARKERS):
                rows.append(TemplateComment("tiktok", BRAND_HANDLE, post_id, f"75{rng.randrange(10**16, 10**17)}",
                                            "@NorthwindGear", created + timedelta(minutes=rng.randrange(10, 400)),
                                            rng.choice(BRAND_REPLIES).format(user=fan), comment_id,
                                            rng.randrange(5)))  # fmt: skip
    return tuple(rows)


# ---- the demo landing folder ------------------------------------------------------------------------------


def _orders(path: Path, sample: SampleFile) -> Path:
    return write_brand_orders(path, sample.rows, exported_at=sample.exported_at)


def _campaigns(path: Path, sample: SampleFile) -> Path:
    return write_brand_creator_campaigns(path, sample.rows, exported_at=sample.exported_at)


def _lives(path: Path, sample: SampleFile) -> Path:
    return write_brand_live_sessions(path, sample.rows, exported_at=sample.exported_at)


def _comments(path: Path, sample: SampleFile) -> Path:
    return write_brand_comments(path, sample.rows, exported_at=sample.exported_at)


def _graph(path: Path, sample: SampleFile) -> Path:
    (page,) = sample.rows
    return write_meta_graph_comments(path, page, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """The four templates under `northwind-brand/`, and Graph API comments pages (six Instagram media,
    one Facebook post) under `northwindgear-instagram-comments/` and `northwindgear-facebook-comments/`."""
    saved = at(date(2026, 12, 1), 10)
    # The story is fixed; only the row order of the hand-filled templates follows the seed.
    deals, lives = list(CREATOR_DEALS), list(LIVE_SESSIONS)
    random.Random(f"{seed}/brand/order-of-rows").shuffle(deals)
    random.Random(f"{seed}/brand/order-of-rows").shuffle(lives)
    brand = PurePosixPath(BRAND_FOLDER)
    files = [
        SampleFile(brand / "brand_orders_2026-10_2026-11.csv", "brand_orders",
                   generate_orders(random.Random(f"{seed}/brand/orders")), saved, _orders),
        SampleFile(brand / "brand_creator_campaigns.csv", "brand_creator_campaigns", tuple(deals), saved,
                   _campaigns),
        SampleFile(brand / "brand_live_sessions.csv", "brand_live_sessions", tuple(lives), saved, _lives),
        SampleFile(brand / "brand_comments_tiktok.csv", "brand_comments",
                   generate_template_comments(random.Random(f"{seed}/brand/tiktok-comments")), saved, _comments),
    ]  # fmt: skip
    for folder, count, facebook in (
        (COMMENTS_FOLDER, len(INSTAGRAM_MEDIA), False),
        (FACEBOOK_COMMENTS_FOLDER, len(FACEBOOK_POSTS), True),
    ):
        for page in generate_comment_pages(random.Random(f"{seed}/brand/{folder}"), count, facebook=facebook):
            name = PurePosixPath(folder, f"comments_{page.media_id}.json")
            files.append(SampleFile(name, "meta_graph_comments", (page,), saved, _graph))
    return files
