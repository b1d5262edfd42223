"""LinkedIn samples: page analytics workbooks, share statistics API JSON, Campaign Manager CSV.

Byte styles, with their evidence:
- Page content and followers workbooks (platform-formats.md 3a, 7): `<page>_content_<epoch-ms>.xls` and
  `<page>_followers_<epoch-ms>.xls`. Written as legacy `.xls` (BIFF8, via xlwt) or `.xlsx` (via openpyxl),
  chosen by the file's suffix, so both readers are exercised. Content sheets `Metrics` and `All posts` have
  a free-text description row 1 and the header on row 2; the followers workbook has no description row.
  Dates are `MM/DD/YYYY` text cells; counts and rates are number cells (floats when read back); rates are
  fractions; blank cells are left empty. Text that looks like a formula (`=...`, `+1`, `@...`) is written
  as a text cell, never a formula.
- `organizationalEntityShareStatistics` JSON (3b): the API's `{"elements": [...], "paging": {...}}` page,
  epoch-millisecond `timeRange`s on time-bound rows, none on lifetime rows, `share` / `ugcPost` URNs on
  per-post rows; written as the API returns it (compact JSON, UTF-8).
- `organizationalEntityFollowerStatistics` JSON, time-bound (Microsoft Learn, Organization Follower
  Statistics): the same `{"paging", "elements"}` page; each element holds `followerGains`
  (`organicFollowerGain`, `paidFollowerGain`: new followers in the window) and a `timeRange` in epoch ms.
- Campaign Manager campaign performance CSV: see `ingest.exports.linkedin_ads` for the (thin) evidence:
  UTF-16 (LE, with BOM), tab-separated, title lines above the header, CRLF line ends.

Every xlsx is re-zipped with fixed entry times and document dates, so a seed gives byte-identical files.
"""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ingest.samples.common import at, plain, quantize, stamp
from ingest.samples.model import SampleFile

PAGE = "northwind-gear"
PAGE_FOLDER = PAGE  # the landing folder is the page name the files carry, so all LinkedIn tables share one account id
ADS_FOLDER = "northwind-linkedin-ads"
ORGANIZATION = "urn:li:organization:81234567"

CONTENT_DESCRIPTION = (
    "Aggregated metrics for the content published on your Page, by day. Impressions, clicks, reactions, "
    "comments and reposts are split into organic and sponsored; engagement rate is shown as a ratio."
)
POSTS_DESCRIPTION = (
    "All posts published on your Page in the selected period, with their metrics to date. Sponsored "
    "metrics are shown for posts that were promoted."
)
SPLITS = ("organic", "sponsored", "total")
DAILY = ("impressions", "clicks", "reactions", "comments", "reposts")


# ---- workbooks ---------------------------------------------------------------------------------------


def _fixed_zip(data: bytes, moment: datetime) -> bytes:
    """Re-zip an xlsx with fixed entry times and fixed document dates (openpyxl stamps `now`)."""
    stamp_text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp_text.encode() + rb"\3",
                    content,
                )  # fmt: skip
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


Cell = str | int | float | None


def write_workbook(path: Path, sheets: Sequence[tuple[str, Sequence[Sequence[Cell]]]], *,
                   exported_at: datetime | None = None) -> Path:  # fmt: skip
    """Write sheets of rows as `.xls` (BIFF8) or `.xlsx`, by the path's suffix. Strings are text cells
    (even `=...`), numbers number cells, None an empty cell."""
    path.parent.mkdir(parents=True, exist_ok=True)
    moment = exported_at or datetime(2026, 1, 1, tzinfo=UTC)
    if path.suffix.lower() == ".xls":
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        for name, rows in sheets:
            sheet = book.add_sheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write(r, c, value)
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(buffer.getvalue())
    else:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        book.properties.creator = "LinkedIn"
        book.properties.created = moment.astimezone(UTC).replace(tzinfo=None)
        for name, rows in sheets:
            sheet = book.create_sheet(name)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is None:
                        continue
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # text that starts with '=' stays text, never a formula
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(_fixed_zip(buffer.getvalue(), moment))
    return stamp(path, exported_at)


def us_date(day: date | None) -> str | None:
    return None if day is None else f"{day.month:02d}/{day.day:02d}/{day.year}"


def file_name(page: str, kind: str, exported_at: datetime, suffix: str) -> str:
    return f"{page}_{kind}_{int(exported_at.timestamp() * 1000)}{suffix}"


# ---- content -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentDay:
    """One day of the `Metrics` sheet: organic and sponsored counts (negative on a correction day)."""

    day: date
    organic: dict[str, int]  # impressions, clicks, reactions, comments, reposts
    sponsored: dict[str, int]
    unique_impressions_organic: int

    def count(self, metric: str, split: str) -> int:
        if split == "total":
            return self.organic[metric] + self.sponsored[metric]
        return getattr(self, split)[metric]

    def rate(self, split: str) -> float:
        impressions = self.count("impressions", split)
        engaged = sum(self.count(m, split) for m in DAILY[1:])
        return engaged / impressions if impressions else 0.0


@dataclass(frozen=True)
class Post:
    """One row of the `All posts` sheet: lifetime totals at export time."""

    title: str
    link: str
    created: date
    impressions: int
    clicks: int
    likes: int
    comments: int
    reposts: int
    posted_by: str = "Maya Lindqvist"
    post_type: str = "Organic"
    campaign_name: str | None = None
    campaign_start: date | None = None
    campaign_end: date | None = None
    audience: str = "All followers"
    views: int | None = None
    offsite_views: int | None = None
    follows: int | None = None
    content_type: str | None = None

    @property
    def post_id(self) -> str:
        match = re.search(r"urn:li:(?:activity|share|ugcPost):\d+", self.link)
        return match.group(0) if match else self.link

    @property
    def ctr(self) -> float:
        return self.clicks / self.impressions if self.impressions else 0.0

    @property
    def engagement_rate(self) -> float:
        engaged = self.clicks + self.likes + self.comments + self.reposts + (self.follows or 0)
        return engaged / self.impressions if self.impressions else 0.0


def metrics_header(older: bool = False) -> list[str]:
    header = ["Date"]
    for metric in DAILY:
        label = "Shares" if older and metric == "reposts" else metric.capitalize()
        header += [f"{label} ({s})" for s in SPLITS]
        if metric == "impressions":
            header.append("Unique impressions (organic)")
    return [*header, *(f"Engagement rate ({s})" for s in SPLITS)]


def metrics_row(day: ContentDay) -> list[Cell]:
    row: list[Cell] = [us_date(day.day)]
    for metric in DAILY:
        row += [day.count(metric, s) for s in SPLITS]
        if metric == "impressions":
            row.append(day.unique_impressions_organic)
    return [*row, *(day.rate(s) for s in SPLITS)]


POSTS_HEADER = [
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date", "Campaign start date",
    "Campaign end date", "Audience", "Impressions", "Views", "Offsite Views", "Clicks", "Click through rate (CTR)",
    "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type",
]  # fmt: skip
OLDER_POSTS_HEADER = [
    "Update title", "Update link", "Update type", "Campaign name", "Published by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views (excluding off-site video views)",
    "Off-site Views", "Clicks", "Click-Through Rate (CTR)", "Likes", "Comments", "Shares", "Followers",
    "Engagement rate", "Content Type",
]  # fmt: skip


def post_row(post: Post) -> list[Cell]:
    return [
        post.title, post.link, post.post_type, post.campaign_name, post.posted_by, us_date(post.created),
        us_date(post.campaign_start), us_date(post.campaign_end), post.audience, post.impressions, post.views,
        post.offsite_views, post.clicks, post.ctr, post.likes, post.comments, post.reposts, post.follows,
        post.engagement_rate, post.content_type,
    ]  # fmt: skip


@dataclass(frozen=True)
class ContentExport:
    days: tuple[ContentDay, ...]
    posts: tuple[Post, ...]


def write_linkedin_content(
    path: Path,
    days: Iterable[ContentDay],
    posts: Iterable[Post],
    *,
    exported_at: datetime | None = None,
    older_names: bool = False,
) -> Path:
    """A content workbook (.xls or .xlsx by suffix): `Metrics` then `All posts`, each with a description
    row above its header. `older_names` writes the pre-2023 headers (`Shares (...)`, `Update title`, ...)."""
    metrics = [[CONTENT_DESCRIPTION], metrics_header(older_names), *(metrics_row(d) for d in days)]
    all_posts = [[POSTS_DESCRIPTION], OLDER_POSTS_HEADER if older_names else POSTS_HEADER,
                 *(post_row(p) for p in posts)]  # fmt: skip
    return write_workbook(path, [("Metrics", metrics), ("All posts", all_posts)], exported_at=exported_at)


# ---- followers ---------------------------------------------------------------------------------------

FOLLOWERS_HEADER = ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"]


@dataclass(frozen=True)
class FollowerDay:
    day: date
    sponsored: int
    organic: int
    auto_invited: int

    @property
    def total(self) -> int:
        return self.sponsored + self.organic + self.auto_invited


@dataclass(frozen=True)
class FollowersExport:
    days: tuple[FollowerDay, ...]
    demographics: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # sheet -> (value, n)

    @property
    def rows(self) -> int:
        return len(self.days) + sum(len(v) for v in self.demographics.values())


def write_linkedin_followers(path: Path, export: FollowersExport, *, exported_at: datetime | None = None) -> Path:
    """A followers workbook: `New followers` then one sheet per demographic; no description rows."""
    sheets: list[tuple[str, list[list[Cell]]]] = [
        ("New followers", [FOLLOWERS_HEADER, *([us_date(d.day), d.sponsored, d.organic, d.auto_invited, d.total]
                                               for d in export.days)]),
    ]  # fmt: skip
    for sheet, values in export.demographics.items():
        sheets.append((sheet, [[sheet, "Total followers"], *([v, n] for v, n in values)]))
    return write_workbook(path, sheets, exported_at=exported_at)


# ---- share statistics (API JSON) ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShareStatistic:
    """One element: page totals (share_urn None) or one post's; a day (start given) or lifetime."""

    counts: dict[str, int]  # impressionCount, uniqueImpressionsCount, clickCount, likeCount, commentCount,
    #                         shareCount, shareMentionsCount, commentMentionsCount
    start: datetime | None = None
    end: datetime | None = None
    share_urn: str | None = None
    organization: str = ORGANIZATION

    @property
    def engagement(self) -> float:
        c = self.counts
        engaged = c["clickCount"] + c["likeCount"] + c["commentCount"] + c["shareCount"]
        return engaged / c["impressionCount"] if c["impressionCount"] else 0.0


SHARE_COUNTS = ("uniqueImpressionsCount", "shareCount", "shareMentionsCount", "clickCount", "likeCount",
                "impressionCount", "commentMentionsCount", "commentCount")  # fmt: skip


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def share_statistics_element(stat: ShareStatistic) -> dict:
    totals = {k: stat.counts[k] for k in SHARE_COUNTS[:3]}
    totals["engagement"] = stat.engagement
    totals.update({k: stat.counts[k] for k in SHARE_COUNTS[3:]})
    element: dict = {"totalShareStatistics": totals}
    if stat.share_urn is not None:
        key = "ugcPost" if ":ugcPost:" in stat.share_urn else "share"
        element[key] = stat.share_urn
    element["organizationalEntity"] = stat.organization
    if stat.start is not None and stat.end is not None:
        element["timeRange"] = {"start": _ms(stat.start), "end": _ms(stat.end)}
    return element


def write_linkedin_share_statistics(
    path: Path, stats: Iterable[ShareStatistic], *, exported_at: datetime | None = None
) -> Path:
    """The API response page as returned: compact JSON, UTF-8, `elements` then `paging`."""
    elements = [share_statistics_element(s) for s in stats]
    document = {"paging": {"start": 0, "count": 10, "links": []}, "elements": elements}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    return stamp(path, exported_at)


# ---- follower statistics (API JSON) ------------------------------------------------------------------


@dataclass(frozen=True)
class FollowerGain:
    """One time-bound element of organizationalEntityFollowerStatistics: new followers in one window."""

    start: datetime
    end: datetime
    organic: int
    paid: int
    organization: str = ORGANIZATION


def follower_statistics_element(gain: FollowerGain) -> dict:
    """Keys in LinkedIn's order: the range, the gains, the organization."""
    return {
        "timeRange": {"start": _ms(gain.start), "end": _ms(gain.end)},
        "followerGains": {"organicFollowerGain": gain.organic, "paidFollowerGain": gain.paid},
        "organizationalEntity": gain.organization,
    }


def write_linkedin_follower_statistics(
    path: Path, gains: Iterable[FollowerGain], *, exported_at: datetime | None = None
) -> Path:
    """The API response page as returned: compact JSON, UTF-8, `paging` then `elements`."""
    document = {"paging": {"start": 0, "count": 10, "links": []},
                "elements": [follower_statistics_element(g) for g in gains]}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    return stamp(path, exported_at)


def follower_gains_from_export(export: FollowersExport, organization: str = ORGANIZATION) -> tuple[FollowerGain, ...]:
    """The API's daily gains for the days of a followers workbook: the same new followers, split the API's
    way (paid = sponsored; organic = organic + auto-invited), each day a window from 00:00 UTC."""
    gains = []
    for day in export.days:
        start = datetime(day.day.year, day.day.month, day.day.day, tzinfo=UTC)
        gains.append(FollowerGain(start, start + timedelta(days=1), day.organic + day.auto_invited, day.sponsored,
                                  organization))  # fmt: skip
    return tuple(gains)


def follower_gains_daily(rng: random.Random, days: Sequence[date], *, starts_at: timedelta = timedelta(0),
                         organization: str = ORGANIZATION) -> tuple[FollowerGain, ...]:  # fmt: skip
    """New followers per day window; a window starts `starts_at` after midnight UTC (the request's time)."""
    gains = []
    for day in days:
        start = datetime(day.year, day.month, day.day, tzinfo=UTC) + starts_at
        paid = rng.randint(0, 6) if rng.random() < 0.4 else 0
        gains.append(FollowerGain(start, start + timedelta(days=1), rng.randint(2, 28), paid, organization))
    return tuple(gains)


# ---- Campaign Manager campaign performance CSV --------------------------------------------------------

ADS_HEADER = [
    "Start Date (in UTC)", "Account Name", "Campaign Group Name", "Campaign Name", "Campaign ID", "Campaign Type",
    "Campaign Objective", "Campaign Status", "Currency", "Total Spent", "Impressions", "Clicks", "Average CTR",
    "Average CPM", "Average CPC", "Reactions", "Comments", "Shares", "Follows", "Other Clicks",
    "Total Social Actions", "Total Engagements", "Engagement Rate", "Clicks to Landing Page", "Leads",
    "Conversions",
]  # fmt: skip


@dataclass(frozen=True)
class AdsDay:
    """One row: a campaign on one day."""

    day: date
    campaign_id: str
    campaign_name: str
    campaign_group: str
    objective: str
    spent: Decimal  # 2 places, in the account currency
    impressions: int
    clicks: int
    reactions: int
    comments: int
    shares: int
    follows: int
    other_clicks: int
    landing_page_clicks: int
    leads: int
    conversions: int
    account_name: str = "Northwind Gear"
    campaign_type: str = "Sponsored Content"
    status: str = "Active"

    @property
    def social_actions(self) -> int:
        return self.reactions + self.comments + self.shares + self.follows

    @property
    def engagements(self) -> int:
        return self.social_actions + self.clicks + self.other_clicks


def _ratio(numerator: Decimal | int, denominator: int, scale: int = 1) -> str:
    return plain(quantize(Decimal(numerator) * scale / denominator, 6)) if denominator else "0"


def ads_row(row: AdsDay, currency: str) -> list[str]:
    return [
        f"{row.day.month}/{row.day.day}/{row.day.year}", row.account_name, row.campaign_group, row.campaign_name,
        row.campaign_id, row.campaign_type, row.objective, row.status, currency, plain(row.spent),
        str(row.impressions), str(row.clicks), _ratio(row.clicks, row.impressions),
        _ratio(row.spent, row.impressions, 1000), _ratio(row.spent, row.clicks), str(row.reactions),
        str(row.comments), str(row.shares), str(row.follows), str(row.other_clicks), str(row.social_actions),
        str(row.engagements), _ratio(row.engagements, row.impressions), str(row.landing_page_clicks),
        str(row.leads), str(row.conversions),
    ]  # fmt: skip


def ads_preamble(start: date, end: date, generated: datetime, account: str = "Northwind Gear") -> list[str]:
    """The title lines above the header (their exact wording is an assumption; see linkedin_ads)."""
    return [
        "Campaign Performance Report",
        f"Report Start: {start.month}/{start.day}/{start.year}",
        f"Report End: {end.month}/{end.day}/{end.year}",
        f"Date Generated: {generated:%m/%d/%Y %H:%M} UTC",
        f"Account Name: {account}",
    ]


def write_linkedin_ads_campaigns(
    path: Path,
    rows: Sequence[AdsDay],
    currency: str,
    *,
    exported_at: datetime | None = None,
    preamble: Sequence[str] | None = None,
) -> Path:
    """A campaign performance report: UTF-16 LE with BOM, tab-separated, CRLF, title lines above the header."""
    days = [r.day for r in rows] or [date(2026, 10, 1)]
    lines = (
        list(preamble)
        if preamble is not None
        else ads_preamble(min(days), max(days), exported_at or datetime(2026, 12, 1, tzinfo=UTC))
    )
    lines += ["\t".join(ADS_HEADER), *("\t".join(_tsv(c) for c in ads_row(r, currency)) for r in rows)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))  # 'utf-16' writes the LE BOM here
    return stamp(path, exported_at)


def _tsv(cell: str) -> str:
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(ch in cell for ch in '\t"\n') else cell


# ---- demo samples ------------------------------------------------------------------------------------

FOLLOWER_STATISTICS = "organizationalEntityFollowerStatistics"
OCT_NOV = [date(2026, 10, 1) + timedelta(days=i) for i in range(61)]
CORRECTION_DAY = date(2026, 10, 17)

_POST_TEXTS = (
    "Meet the Ridgeline Shell: 3-layer waterproof, 410 g. Built for the shoulder season 🧥",
    "+1 if you're hitting the trail this weekend 🥾",
    '=HYPERLINK("https://northwindgear.example/care") how we repair jackets for free',
    "@Northwind Gear team at the Cascade trail clean-up:\n\n42 volunteers, 180 kg of litter.",
    "-20% on trail shoes until Sunday. Yes, all of them.",
    "We're hiring: Senior Product Designer, Portland (hybrid).",
    "How we test boots: 500 km on a treadmill and a very muddy dog.",
    "Holiday gift guide for the person who is always cold.",
    "Behind the seams: a day at our repair workshop (video)",
    "Our 2026 impact report: 71 % recycled fabrics.",
)
_DEMOGRAPHICS = {
    "Location": ("Greater Seattle Area", "Portland, Oregon Metropolitan Area", "Denver Metropolitan Area",
                 "San Francisco Bay Area", "Greater Vancouver Metropolitan Area", "Greater Minneapolis-St. Paul Area"),
    "Job function": ("Marketing", "Engineering", "Operations", "Sales", "Design", "Business Development"),
    "Seniority": ("Entry", "Senior", "Manager", "Director", "VP", "Owner"),
    "Industry": ("Retail Apparel and Fashion", "Sporting Goods Manufacturing", "Software Development",
                 "Outsourcing and Offshoring Consulting", "Non-profit Organizations"),
    "Company size": ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "10001+"),
}  # fmt: skip


def content_days(rng: random.Random, days: Sequence[date]) -> tuple[ContentDay, ...]:
    result = []
    for day in days:
        weekend = day.weekday() >= 5
        impressions = rng.randint(300, 900) // (2 if weekend else 1)
        sponsored_on = date(2026, 11, 10) <= day <= date(2026, 11, 24)
        organic = {
            "impressions": impressions,
            "clicks": int(impressions * rng.uniform(0.01, 0.05)),
            "reactions": int(impressions * rng.uniform(0.01, 0.04)),
            "comments": rng.randint(0, 6),
            "reposts": rng.randint(0, 4),
        }
        if day == CORRECTION_DAY:  # LinkedIn removed spam impressions counted earlier: a negative day
            organic = {"impressions": -rng.randint(40, 120), "clicks": -rng.randint(1, 5), "reactions": -1,
                       "comments": 0, "reposts": 0}  # fmt: skip
        sponsored_impressions = rng.randint(1500, 6000) if sponsored_on else 0
        sponsored = {
            "impressions": sponsored_impressions,
            "clicks": int(sponsored_impressions * rng.uniform(0.004, 0.012)),
            "reactions": int(sponsored_impressions * rng.uniform(0.002, 0.008)),
            "comments": rng.randint(0, 3) if sponsored_on else 0,
            "reposts": rng.randint(0, 2) if sponsored_on else 0,
        }
        unique = max(0, int(organic["impressions"] * rng.uniform(0.6, 0.85)))
        result.append(ContentDay(day, organic, sponsored, unique))
    return tuple(result)


def content_posts(rng: random.Random, days: Sequence[date]) -> tuple[Post, ...]:
    posts = []
    created = sorted(rng.sample(list(days), len(_POST_TEXTS)), reverse=True)  # newest first, as LinkedIn lists
    for text, day in zip(rng.sample(_POST_TEXTS, len(_POST_TEXTS)), created, strict=True):
        activity = 7_380_000_000_000_000_000 + rng.randint(0, 10**15)
        video = "(video)" in text
        sponsored = text.startswith("-20%")
        impressions = rng.randint(400, 4000) + (12_000 if sponsored else 0)
        posts.append(
            Post(
                title=text,
                link=f"https://www.linkedin.com/feed/update/urn:li:activity:{activity}",
                created=day,
                impressions=impressions,
                clicks=int(impressions * rng.uniform(0.005, 0.04)),
                likes=int(impressions * rng.uniform(0.01, 0.03)),
                comments=rng.randint(0, 12),
                reposts=rng.randint(0, 8),
                posted_by=rng.choice(("Maya Lindqvist", "Theo Okafor")),
                post_type="Sponsored" if sponsored else "Organic",
                campaign_name="Trail Shoes – Prospecting" if sponsored else None,
                campaign_start=day if sponsored else None,
                campaign_end=day + timedelta(days=14) if sponsored else None,
                views=int(impressions * rng.uniform(0.2, 0.5)) if video else None,
                offsite_views=rng.randint(0, 40) if video else None,
                follows=rng.randint(0, 9) if sponsored else None,
                content_type="Video" if video else ("Article" if "report" in text else None),
            )
        )
    return tuple(posts)


def followers_export(rng: random.Random, days: Sequence[date]) -> FollowersExport:
    daily = tuple(
        FollowerDay(day, rng.randint(0, 6) if day >= date(2026, 11, 10) else 0, rng.randint(2, 25),
                    rng.randint(0, 3))
        for day in days
    )  # fmt: skip
    demographics = {
        sheet: tuple(sorted(((v, rng.randint(40, 2400)) for v in values), key=lambda p: -p[1]))
        for sheet, values in _DEMOGRAPHICS.items()
    }
    return FollowersExport(daily, demographics)


def share_statistics_daily(rng: random.Random, days: Sequence[date]) -> tuple[ShareStatistic, ...]:
    """Page totals per day: LinkedIn's day windows start at the request's start time, not at midnight."""
    stats = []
    for day in days:
        start = datetime(day.year, day.month, day.day, 6, 6, 39, tzinfo=UTC)
        impressions = rng.randint(200, 900)
        counts = {
            "impressionCount": impressions,
            "uniqueImpressionsCount": int(impressions * rng.uniform(0.5, 0.8)),
            "clickCount": int(impressions * rng.uniform(0.01, 0.05)),
            "likeCount": int(impressions * rng.uniform(0.01, 0.03)),
            "commentCount": rng.randint(0, 5),
            "shareCount": rng.randint(0, 3),
            "shareMentionsCount": rng.randint(0, 1),
            "commentMentionsCount": rng.randint(0, 1),
        }
        stats.append(ShareStatistic(counts, start, start + timedelta(days=1)))
    return tuple(stats)


def share_statistics_lifetime(rng: random.Random, posts: Sequence[Post]) -> tuple[ShareStatistic, ...]:
    """Lifetime totals: the page's, then one per post (shares and ugcPosts)."""

    def counts(scale: int) -> dict[str, int]:
        return {
            "impressionCount": scale,
            "uniqueImpressionsCount": int(scale * rng.uniform(0.5, 0.8)),
            "clickCount": int(scale * rng.uniform(0.01, 0.05)),
            "likeCount": int(scale * rng.uniform(0.01, 0.03)),
            "commentCount": rng.randint(0, 12),
            "shareCount": rng.randint(0, 8),
            "shareMentionsCount": 0,
            "commentMentionsCount": rng.randint(0, 2),
        }

    stats = [ShareStatistic(counts(sum(p.impressions for p in posts)))]
    for index, post in enumerate(posts):
        number = post.post_id.rsplit(":", 1)[1]
        urn = f"urn:li:ugcPost:{number}" if index % 3 == 0 else f"urn:li:share:{number}"
        stats.append(ShareStatistic(counts(post.impressions), share_urn=urn))
    return tuple(stats)


ADS_CAMPAIGNS = (  # name, group, objective, id
    ("Trail Shoes – Prospecting", "Q4 Footwear", "Website visits", "312845671"),
    ("Ridgeline Shell, Retargeting", "Q4 Outerwear", "Website conversions", "312845672"),
    ("Holiday Lead Gen – B2B Gifting", "Q4 Corporate", "Lead generation", "312845673"),
    ("Brand Awareness Q4", "Q4 Brand", "Brand awareness", "312845674"),
)


def ads_days(rng: random.Random, days: Sequence[date]) -> tuple[AdsDay, ...]:
    rows = []
    for day in days:
        for name, group, objective, campaign_id in ADS_CAMPAIGNS:
            impressions = rng.randint(800, 9000)
            clicks = int(impressions * rng.uniform(0.003, 0.012))
            rows.append(
                AdsDay(
                    day=day, campaign_id=campaign_id, campaign_name=name, campaign_group=group, objective=objective,
                    spent=quantize(impressions * rng.uniform(0.02, 0.06), 2), impressions=impressions,
                    clicks=clicks, reactions=rng.randint(0, 12), comments=rng.randint(0, 2), shares=rng.randint(0, 2),
                    follows=rng.randint(0, 3), other_clicks=rng.randint(0, 20),
                    landing_page_clicks=int(clicks * rng.uniform(0.6, 0.95)),
                    leads=rng.randint(0, 4) if objective == "Lead generation" else 0,
                    conversions=rng.randint(0, 3) if objective == "Website conversions" else 0,
                )
            )  # fmt: skip
    return tuple(rows)


def _write_content(path: Path, sample: SampleFile) -> Path:
    export: ContentExport = sample.rows[0]
    return write_linkedin_content(path, export.days, export.posts, exported_at=sample.exported_at)


def _write_followers(path: Path, sample: SampleFile) -> Path:
    return write_linkedin_followers(path, sample.rows[0], exported_at=sample.exported_at)


def _write_share_statistics(path: Path, sample: SampleFile) -> Path:
    return write_linkedin_share_statistics(path, sample.rows, exported_at=sample.exported_at)


def _write_follower_statistics(path: Path, sample: SampleFile) -> Path:
    return write_linkedin_follower_statistics(path, sample.rows, exported_at=sample.exported_at)


def _write_ads(path: Path, sample: SampleFile) -> Path:
    assert sample.currency is not None
    return write_linkedin_ads_campaigns(path, sample.rows, sample.currency, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """Page `northwind-gear`, October-November 2026: a content `.xls` (with a negative correction day), a
    followers `.xlsx`, two share-statistics API pages (daily page totals; lifetime per post), a
    follower-statistics API page (the workbook's days, as the API splits them), and a Campaign Manager
    report for the USD ad account."""
    exported = at(date(2026, 12, 1), 9, 14)
    rng = random.Random(f"{seed}/linkedin/{PAGE}")
    content = ContentExport(content_days(rng, OCT_NOV), content_posts(rng, OCT_NOV))
    followers = followers_export(rng, OCT_NOV)
    daily = share_statistics_daily(rng, OCT_NOV)
    lifetime = share_statistics_lifetime(rng, content.posts)
    ads = ads_days(random.Random(f"{seed}/linkedin-ads"), OCT_NOV)
    return [
        SampleFile(PurePosixPath(PAGE_FOLDER, file_name(PAGE, "content", exported, ".xls")), "linkedin_content",
                   (content,), exported, _write_content),
        SampleFile(PurePosixPath(PAGE_FOLDER, file_name(PAGE, "followers", exported + timedelta(minutes=1), ".xlsx")),
                   "linkedin_followers", (followers,), exported + timedelta(minutes=1), _write_followers),
        SampleFile(PurePosixPath(PAGE_FOLDER, "organizationalEntityShareStatistics_daily_2026-10-01_2026-12-01.json"),
                   "linkedin_share_statistics", daily, exported, _write_share_statistics),
        SampleFile(PurePosixPath(PAGE_FOLDER, "organizationalEntityShareStatistics_lifetime_2026-12-01.json"),
                   "linkedin_share_statistics", lifetime, exported, _write_share_statistics),
        SampleFile(PurePosixPath(PAGE_FOLDER, f"{FOLLOWER_STATISTICS}_daily_2026-10-01_2026-12-01.json"),
                   "linkedin_follower_statistics", follower_gains_from_export(followers), exported,
                   _write_follower_statistics),
        SampleFile(PurePosixPath(ADS_FOLDER, "account_508765432_campaign_performance_report.csv"),
                   "linkedin_ads_campaigns", ads, exported, _write_ads, "USD"),
    ]  # fmt: skip
