"""TikTok samples: Studio `Overview.csv`, `FollowerHistory.csv` and the content export (platform-formats.md
4a), the Ads Manager report export (4b) and a Business API `report/integrated/get` page (4c).

Byte styles, and where each comes from:
- `Overview.csv` / `FollowerHistory.csv` (4a, section 0): UTF-8 without BOM, LF, every field quoted (the
  fixture said to mirror real files), dates without a year (`"December 30"`), oldest day first, blank cells
  as `""`, negative comments (`-1`) and follower differences, a literal `undefined` in `Followers`.
- Content export (4a): minimal quoting, LF; `Post time` `YYYY-MM-DD HH:MM:SS`; views grouped
  (`"18,400"`), likes, comments, shares and reach abbreviated once they reach 1,000 (`1.2K`, `3.4M`);
  average watch time `11.5` (seconds) or, in the `Video publish time` version, `0:12`. The three header
  versions of 4a are written in their own column orders.
- Ads Manager export (4b): the header list of 4b, with the FULL-WIDTH `）` in `Website URL (Ad level）`;
  `CTR (destination)` as `4.00%`; a trailing `Total` row. 4b says nothing about encoding or line ends:
  UTF-8 with BOM and LF are used here (the parser reads either way).
- API report (4c): the compact JSON envelope; numbers as strings (`"spend":"20.00"`) mixed with ints
  (`"likes":36`), `campaign_id` and `advertiser_id` as ints, `null` for `secondary_goal_result`,
  `stat_time_day` `YYYY-MM-DD 00:00:00`. `write_tiktok_api_error` writes the HTTP-200 error answer.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ingest.samples.common import at, plain, quantize, stamp
from ingest.samples.model import SampleFile

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
OVERVIEW_HEADER = ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares")
FOLLOWER_HEADER = ("Date", "Followers", "Difference in followers from previous day")
CONTENT_VERSIONS = {
    "post_time": ("Video title", "Video link", "Post time", "Total likes", "Total comments", "Total shares",
                  "Total views"),
    "reach": ("Video title", "Post time", "Video link", "Total views", "Total likes", "Total comments",
              "Total shares", "Average watch time", "Reach"),
    "publish_time": ("Video title", "Video link", "Video publish time", "Total views", "Total likes",
                     "Total comments", "Total shares", "Average watch time"),
}  # fmt: skip
ADS_MANAGER_HEADER = (
    "By Day", "Campaign name", "Ad group name", "Ad name", "Website URL (Ad level\uff09", "Currency", "Cost",
    "CPC (destination)", "CPM", "Impressions", "Clicks (destination)", "CTR (destination)", "Reach",
    "Cost per 1,000 people reached", "Frequency", "Video views", "2-second video views", "6-second video views",
    "Video views at 25%", "Video views at 50%", "Video views at 75%", "Video views at 100%",
    "Average play time per video view", "Average play time per user", "Paid likes", "Clicks (all)",
    "Conversions", "Campaign budget",
)  # fmt: skip


# ---- Studio daily series ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewDay:
    """One row of `Overview.csv`. None is a blank cell."""

    day: date
    video_views: int | None
    profile_views: int | None
    likes: int | None
    comments: int | None
    shares: int | None


@dataclass(frozen=True)
class FollowerDay:
    """One row of `FollowerHistory.csv`. `followers` None is written `undefined`."""

    day: date
    followers: int | None
    difference: int


def studio_date(day: date) -> str:
    """`December 30`: how Studio writes a day (no year)."""
    return f"{MONTHS[day.month - 1]} {day.day}"


def _quoted(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], exported_at: datetime | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return stamp(path, exported_at)


def write_tiktok_overview(path: Path, days: Iterable[OverviewDay], *, exported_at: datetime | None = None) -> Path:
    """`Overview.csv`: every field quoted, LF, `"Month D"` dates, oldest first."""
    rows = ([studio_date(d.day), *(plain(v) for v in (d.video_views, d.profile_views, d.likes, d.comments, d.shares))]
            for d in days)  # fmt: skip
    return _quoted(path, OVERVIEW_HEADER, rows, exported_at)


def write_tiktok_follower_history(
    path: Path, days: Iterable[FollowerDay], *, exported_at: datetime | None = None
) -> Path:
    """`FollowerHistory.csv`: every field quoted, LF, `undefined` where TikTok had no follower count."""
    rows = ([studio_date(d.day), "undefined" if d.followers is None else str(d.followers), str(d.difference)]
            for d in days)  # fmt: skip
    return _quoted(path, FOLLOWER_HEADER, rows, exported_at)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def _overview(rng: random.Random, first: date, last: date) -> tuple[OverviewDay, ...]:
    days = _days(first, last)
    negative, blank = rng.sample(range(len(days)), 2)
    rows = []
    for index, day in enumerate(days):
        views = int(rng.lognormvariate(7.2, 0.7))
        rows.append(
            OverviewDay(
                day=day,
                video_views=views,
                profile_views=int(views * rng.uniform(0.02, 0.06)),
                likes=int(views * rng.uniform(0.03, 0.09)),
                comments=-1 if index == negative else int(views * rng.uniform(0.0, 0.006)),
                shares=None if index == blank else int(views * rng.uniform(0.002, 0.012)),
            )
        )
    return tuple(rows)


def _followers(rng: random.Random, first: date, last: date, start: int) -> tuple[FollowerDay, ...]:
    days = _days(first, last)
    loss, undefined = rng.sample(range(1, len(days)), 2)
    rows, followers = [], start
    for index, day in enumerate(days):
        difference = -6 if index == loss else rng.randint(-2, 45)
        followers += difference
        rows.append(FollowerDay(day, None if index == undefined else followers, difference))
    return tuple(rows)


# ---- Studio content ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TikTokVideo:
    """One row of the content export, with the values as TikTok reports them (abbreviated ones already
    rounded the way the file shows them, so totals computed here equal what a parser can read)."""

    video_id: str
    handle: str
    title: str
    post_time: datetime  # account-local wall clock, no zone
    views: int
    likes: int
    comments: int
    shares: int
    average_watch_seconds: Decimal  # one decimal place
    reach: int

    @property
    def link(self) -> str:
        return f"https://www.tiktok.com/@{self.handle}/video/{self.video_id}"


def abbreviated(value: int) -> str:
    """`1200` -> `1.2K`, `3400000` -> `3.4M`, below 1,000 as is (TikTok's style)."""
    for scale, suffix in ((1_000_000, "M"), (1_000, "K")):
        if abs(value) >= scale:
            return plain(quantize(Decimal(value) / scale, 1)) + suffix
    return str(value)


def tiktok_rounded(value: int) -> int:
    """The value a `1.2K`-style cell stands for: rounded to the 0.1 K or 0.1 M TikTok shows."""
    for scale in (1_000_000, 1_000):
        if abs(value) >= scale:
            return int(quantize(Decimal(value) / scale, 1) * scale)
    return value


def _watch(seconds: Decimal, clock: bool) -> str:
    if not clock:
        return plain(seconds)
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _content_cells(video: TikTokVideo, version: str) -> dict[str, str]:
    return {
        "Video title": video.title,
        "Video link": video.link,
        "Post time": video.post_time.strftime("%Y-%m-%d %H:%M:%S"),
        "Video publish time": video.post_time.strftime("%Y-%m-%d %H:%M:%S"),
        "Total views": f"{video.views:,}",
        "Total likes": abbreviated(video.likes),
        "Total comments": abbreviated(video.comments),
        "Total shares": abbreviated(video.shares),
        "Average watch time": _watch(video.average_watch_seconds, clock=version == "publish_time"),
        "Reach": abbreviated(video.reach),
    }


def write_tiktok_content(
    path: Path, videos: Iterable[TikTokVideo], *, version: str = "reach", exported_at: datetime | None = None
) -> Path:
    """The Studio content export in one of its header versions (`CONTENT_VERSIONS`): minimal quoting, LF."""
    header = CONTENT_VERSIONS[version]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for video in videos:
            cells = _content_cells(video, version)
            writer.writerow([cells[h] for h in header])
    return stamp(path, exported_at)


_CAPTIONS = (
    "Ridgeline Shell vs. a waterfall 🌊 #waterproof #hikingtiktok",
    "Packing a 40 L bag for 5 days, white-sand edition",
    "POV: you forgot your rain layer ☔",
    "+1 for merino, change my mind",
    "@northwindgear repair workshop: zip fix in 60 s",
    "-20°C test night in the Tundra bag ❄️",
    "Trail shoe mud test, part 2",
    "Which colour should we drop next? 👇",
    "Sunrise on the glacier, no filter",
    '=HYPERLINK("northwind.example") is not a formula, it\'s a caption',
    "Layering 101 in 30 seconds",
    'Boot care routine, "before & after"',
)


def _videos(rng: random.Random, handle: str, first: date, count: int = 24) -> tuple[TikTokVideo, ...]:
    videos = []
    for index in range(count):
        views = int(rng.lognormvariate(8.8, 1.3))
        posted = datetime.combine(first + timedelta(rng.randrange(58)), datetime.min.time()) + timedelta(
            hours=rng.randint(7, 22), minutes=rng.randint(0, 59)
        )
        videos.append(
            TikTokVideo(
                video_id=str(7_430_000_000_000_000_000 + rng.randrange(10**16)),
                handle=handle,
                title=_CAPTIONS[index % len(_CAPTIONS)] + ("" if index < len(_CAPTIONS) else " (re-post)"),
                post_time=posted,
                views=views,
                likes=tiktok_rounded(int(views * rng.uniform(0.03, 0.12))),
                comments=tiktok_rounded(int(views * rng.uniform(0.001, 0.01))),
                shares=tiktok_rounded(int(views * rng.uniform(0.002, 0.02))),
                average_watch_seconds=quantize(rng.uniform(3.0, 25.0), 1),
                reach=tiktok_rounded(int(views * rng.uniform(0.6, 0.9))),
            )
        )
    return tuple(sorted(videos, key=lambda v: v.post_time))


# ---- Ads Manager export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdDay:
    """One row of an Ads Manager export: one ad on one day. Ratios are derived as Ads Manager rounds them."""

    day: date
    campaign_name: str
    ad_group_name: str
    ad_name: str
    website_url: str
    currency: str
    cost: Decimal  # 2 places
    impressions: int
    clicks: int
    reach: int
    video_views: int
    video_views_2s: int
    video_views_6s: int
    video_views_p25: int
    video_views_p50: int
    video_views_p75: int
    video_views_p100: int
    average_play_per_view: Decimal  # 2 places, seconds
    average_play_per_user: Decimal
    paid_likes: int
    clicks_all: int
    conversions: int
    campaign_budget: Decimal | None  # None: no budget cap (blank)

    def per(self, count: int, scale: int = 1) -> Decimal | None:
        return None if not count else quantize(self.cost * scale / count, 2)

    @property
    def ctr_percent(self) -> Decimal:
        return quantize(Decimal(100 * self.clicks) / self.impressions, 2)

    @property
    def frequency(self) -> Decimal:
        return quantize(Decimal(self.impressions) / self.reach, 2)


def _ads_manager_row(ad: AdDay) -> list[str]:
    return [
        ad.day.isoformat(), ad.campaign_name, ad.ad_group_name, ad.ad_name, ad.website_url, ad.currency,
        f"{ad.cost:.2f}", plain(ad.per(ad.clicks)), plain(ad.per(ad.impressions, 1000)), str(ad.impressions),
        str(ad.clicks), f"{ad.ctr_percent:.2f}%", str(ad.reach), plain(ad.per(ad.reach, 1000)),
        f"{ad.frequency:.2f}", str(ad.video_views), str(ad.video_views_2s), str(ad.video_views_6s),
        str(ad.video_views_p25), str(ad.video_views_p50), str(ad.video_views_p75), str(ad.video_views_p100),
        f"{ad.average_play_per_view:.2f}", f"{ad.average_play_per_user:.2f}", str(ad.paid_likes),
        str(ad.clicks_all), str(ad.conversions), "" if ad.campaign_budget is None else f"{ad.campaign_budget:.2f}",
    ]  # fmt: skip


def _ads_manager_total(ads: Sequence[AdDay]) -> list[str]:
    def total(attribute: str) -> str:
        return str(sum(getattr(a, attribute) for a in ads))

    cost = sum((a.cost for a in ads), Decimal(0))
    impressions, clicks = sum(a.impressions for a in ads), sum(a.clicks for a in ads)
    return [
        "Total", "", "", "", "", "", f"{cost:.2f}",
        plain(quantize(cost / clicks, 2)) if clicks else "", plain(quantize(cost * 1000 / impressions, 2)),
        str(impressions), str(clicks), f"{quantize(Decimal(100 * clicks) / impressions, 2):.2f}%", "", "", "",
        total("video_views"), total("video_views_2s"), total("video_views_6s"), total("video_views_p25"),
        total("video_views_p50"), total("video_views_p75"), total("video_views_p100"), "", "",
        total("paid_likes"), total("clicks_all"), total("conversions"), "",
    ]  # fmt: skip


def write_tiktok_ads_manager(path: Path, ads: Sequence[AdDay], *, exported_at: datetime | None = None) -> Path:
    """An Ads Manager report export: UTF-8 with BOM, minimal quoting, LF, the `Total` row last."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ADS_MANAGER_HEADER)
        writer.writerows(_ads_manager_row(a) for a in ads)
        writer.writerow(_ads_manager_total(ads))
    return stamp(path, exported_at)


_ADS = (  # campaign, ad group, ad, landing page, daily budget
    ("Holiday Sale, Boots & Jackets", "US 18-34 Outdoor", "Ridgeline Shell – waterfall", "/ridgeline", "150.00"),
    ("Holiday Sale, Boots & Jackets", "US 18-34 Outdoor", "-20% Tundra Bag", "/tundra", "150.00"),
    ("Trail Shoes – Prospecting", "Broad US", "+1 for merino", "/trail", None),
    ("Trail Shoes – Prospecting", "Broad US", "Mud test part 2", "/trail", None),
)


def _ad_days(rng: random.Random, first: date, last: date, currency: str = "USD") -> tuple[AdDay, ...]:
    rows = []
    for day in _days(first, last):
        for campaign, group, ad, page, budget in _ADS:
            impressions = rng.randint(3_000, 60_000)
            reach = int(impressions / rng.uniform(1.05, 1.6))
            clicks = int(impressions * rng.uniform(0.004, 0.02))
            plays = int(impressions * rng.uniform(0.5, 0.9))
            p25 = int(plays * rng.uniform(0.3, 0.6))
            p50 = int(p25 * rng.uniform(0.4, 0.7))
            p75 = int(p50 * rng.uniform(0.5, 0.8))
            rows.append(
                AdDay(
                    day=day,
                    campaign_name=campaign,
                    ad_group_name=group,
                    ad_name=ad,
                    website_url=f"https://northwind.example{page}?utm_source=tiktok",
                    currency=currency,
                    cost=quantize(impressions * rng.uniform(0.004, 0.011), 2),
                    impressions=impressions,
                    clicks=clicks,
                    reach=reach,
                    video_views=plays,
                    video_views_2s=int(plays * rng.uniform(0.5, 0.8)),
                    video_views_6s=int(plays * rng.uniform(0.2, 0.4)),
                    video_views_p25=p25,
                    video_views_p50=p50,
                    video_views_p75=p75,
                    video_views_p100=int(p75 * rng.uniform(0.5, 0.8)),
                    average_play_per_view=quantize(rng.uniform(1.2, 6.5), 2),
                    average_play_per_user=quantize(rng.uniform(1.5, 8.0), 2),
                    paid_likes=int(plays * rng.uniform(0.005, 0.03)),
                    clicks_all=int(clicks * rng.uniform(1.1, 1.6)),
                    conversions=int(clicks * rng.uniform(0.0, 0.08)),
                    campaign_budget=None if budget is None else Decimal(budget),
                )
            )
    return tuple(rows)


# ---- Business API report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    """One row of a daily AUCTION_AD report."""

    advertiser_id: str
    ad_id: str
    adgroup_id: str
    campaign_id: str
    campaign_name: str
    adgroup_name: str
    ad_name: str
    day: date
    spend: Decimal  # 2 places
    impressions: int
    reach: int
    clicks: int
    video_play_actions: int
    likes: int
    conversion: int
    average_video_play: float
    metric_nulls: tuple[str, ...] = ()  # metrics the API returned as null

    @property
    def ctr(self) -> Decimal:
        return quantize(Decimal(100 * self.clicks) / self.impressions, 2)


def report_item(row: ReportRow) -> dict:
    """One row of `data.list`, as the API writes it (metrics as strings, some as numbers)."""
    per = lambda count, scale=1: "0.00" if not count else f"{quantize(row.spend * scale / count, 2):.2f}"  # noqa: E731
    metrics = {
        "spend": f"{row.spend:.2f}", "impressions": str(row.impressions), "reach": str(row.reach),
        "clicks": str(row.clicks), "ctr": f"{row.ctr:.2f}", "cpc": per(row.clicks), "cpm": per(row.impressions, 1000),
        "frequency": f"{quantize(Decimal(row.impressions) / row.reach, 2):.2f}",
        "video_play_actions": row.video_play_actions, "video_watched_2s": row.video_play_actions // 2,
        "video_watched_6s": row.video_play_actions // 5, "video_views_p25": row.video_play_actions // 3,
        "video_views_p50": row.video_play_actions // 6, "video_views_p75": row.video_play_actions // 9,
        "video_views_p100": row.video_play_actions // 14, "average_video_play": row.average_video_play,
        "average_video_play_per_user": round(row.average_video_play * 1.08, 2), "likes": row.likes, "comments": 0,
        "shares": 0, "follows": 0, "profile_visits": 0, "conversion": str(row.conversion),
        "cost_per_conversion": per(row.conversion), "result": str(row.clicks), "cost_per_result": per(row.clicks),
        "currency": "USD", "campaign_name": row.campaign_name, "campaign_id": int(row.campaign_id),
        "adgroup_name": row.adgroup_name, "adgroup_id": row.adgroup_id, "ad_name": row.ad_name,
        "placement_type": "Automatic Placement", "promotion_type": "Website", "secondary_goal_result": None,
    }  # fmt: skip
    for name in row.metric_nulls:
        metrics[name] = None
    return {
        "dimensions": {"ad_id": row.ad_id, "stat_time_day": f"{row.day.isoformat()} 00:00:00"},
        "metrics": metrics,
        "advertiser_id": int(row.advertiser_id),
    }


def write_tiktok_ads_report(
    path: Path, rows: Sequence[ReportRow], *, request_id: str = "202612010815301234567890ABCDEF",
    exported_at: datetime | None = None,
) -> Path:  # fmt: skip
    """One `report/integrated/get` response page as the API sends it: compact JSON, UTF-8, no newline."""
    document = {
        "code": 0,
        "message": "OK",
        "request_id": request_id,
        "data": {
            "list": [report_item(r) for r in rows],
            "page_info": {"page": 1, "page_size": 1000, "total_number": len(rows), "total_page": 1},
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return stamp(path, exported_at)


def write_tiktok_api_error(
    path: Path, *, code: int = 40001, message: str = "Access token is incorrect or has been revoked.",
    request_id: str = "2026120108153012345678ERR0", exported_at: datetime | None = None,
) -> Path:  # fmt: skip
    """The error answer the API sends with HTTP 200, saved as if it were a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"code": code, "message": message, "request_id": request_id}
    path.write_bytes(json.dumps(document, separators=(",", ":")).encode("utf-8"))
    return stamp(path, exported_at)


ReportAd = tuple[str, str, str, str, str, str]  # campaign, ad group, ad, campaign id, ad group id, ad id


def report_ads(rng: random.Random) -> tuple[ReportAd, ...]:
    """The advertiser's campaigns, ad groups and ads with their ids (drawn once: ids never change)."""
    campaigns = {c: str(1_840_000_000_000_000 + rng.randrange(10**14)) for c, *_ in _ADS}
    groups = {g: str(1_840_100_000_000_000 + rng.randrange(10**14)) for _, g, *_ in _ADS}
    return tuple(
        (c, g, a, campaigns[c], groups[g], str(1_840_200_000_000_000 + rng.randrange(10**14))) for c, g, a, *_ in _ADS
    )


def report_day(rng: random.Random, advertiser_id: str, ads: Sequence[ReportAd], day: date) -> list[ReportRow]:
    """One day of AUCTION_AD rows, one per ad."""
    rows = []
    for campaign, group, ad, campaign_id, group_id, ad_id in ads:
        impressions = rng.randint(3_000, 60_000)
        clicks = int(impressions * rng.uniform(0.004, 0.02))
        rows.append(
            ReportRow(
                advertiser_id=advertiser_id,
                ad_id=ad_id,
                adgroup_id=group_id,
                campaign_id=campaign_id,
                campaign_name=campaign,
                adgroup_name=group,
                ad_name=ad,
                day=day,
                spend=quantize(impressions * rng.uniform(0.004, 0.011), 2),
                impressions=impressions,
                reach=int(impressions / rng.uniform(1.05, 1.6)),
                clicks=clicks,
                video_play_actions=int(impressions * rng.uniform(0.5, 0.9)),
                likes=int(impressions * rng.uniform(0.001, 0.01)),
                conversion=int(clicks * rng.uniform(0.0, 0.08)),
                average_video_play=round(rng.uniform(1.2, 6.5), 2),
                metric_nulls=("likes",) if rng.random() < 0.05 else (),
            )
        )
    return rows


def _report_rows(rng: random.Random, advertiser_id: str, first: date, last: date) -> tuple[ReportRow, ...]:
    ads = report_ads(rng)
    return tuple(row for day in _days(first, last) for row in report_day(rng, advertiser_id, ads, day))


# ---- the demo landing folder -------------------------------------------------------------------------------

TIKTOK_ACCOUNT = "northwindgear-tiktok"  # landing folder of the TikTok account @northwindgear
TIKTOK_HANDLE = "northwindgear"
TIKTOK_ADS_ACCOUNT = "northwind-tiktok-ads"
TIKTOK_ADVERTISER_ID = "7123456789012345678"
# (folder, first day, last day, export time): the first range wraps December -> January
STUDIO_RANGES = (
    ("Analytics 2026-02-01", date(2025, 12, 5), date(2026, 1, 31), at(date(2026, 2, 1), 8, 30)),
    ("Analytics 2026-12-01", date(2026, 10, 3), date(2026, 11, 30), at(date(2026, 12, 1), 8, 30)),
)
ADS_RANGE = (date(2026, 11, 1), date(2026, 11, 30))


def _writer(function, **options):  # noqa: ANN001, ANN202 - adapts a write_* function to SampleFile.write
    def write(path: Path, sample: SampleFile) -> Path:
        return function(path, sample.rows, exported_at=sample.exported_at, **options)

    return write


def samples(seed: int) -> list[SampleFile]:
    """Two Overview/FollowerHistory pairs (one across the new year), a content export, an Ads Manager
    export and an API report page."""
    files = []
    for index, (folder, first, last, exported) in enumerate(STUDIO_RANGES):
        base = PurePosixPath(TIKTOK_ACCOUNT, folder)
        overview = _overview(random.Random(f"{seed}/tiktok/overview/{index}"), first, last)
        followers = _followers(random.Random(f"{seed}/tiktok/followers/{index}"), first, last, 8_400 + 3_000 * index)
        files.append(SampleFile(base / "Overview.csv", "tiktok_studio_overview", overview, exported,
                                _writer(write_tiktok_overview)))  # fmt: skip
        files.append(SampleFile(base / "FollowerHistory.csv", "tiktok_follower_history", followers,
                                exported + timedelta(minutes=1), _writer(write_tiktok_follower_history)))  # fmt: skip
    content_at = at(date(2026, 12, 1), 8, 35)
    files.append(
        SampleFile(
            PurePosixPath(TIKTOK_ACCOUNT, "Content 2026-12-01", "Content.csv"),
            "tiktok_studio_content",
            _videos(random.Random(f"{seed}/tiktok/content"), TIKTOK_HANDLE, date(2026, 10, 3)),
            content_at,
            _writer(write_tiktok_content),
        )
    )
    first, last = ADS_RANGE
    ads_at = at(last + timedelta(1), 9)
    files.append(
        SampleFile(
            PurePosixPath(TIKTOK_ADS_ACCOUNT, "Northwind Gear Ad report 2026-11-01 to 2026-11-30.csv"),
            "tiktok_ads_manager",
            _ad_days(random.Random(f"{seed}/tiktok/ads-manager"), first, last),
            ads_at,
            _writer(write_tiktok_ads_manager),
            "USD",
        )
    )
    files.append(
        SampleFile(
            PurePosixPath(TIKTOK_ADS_ACCOUNT, "report_integrated_get_AUCTION_AD_2026-11-01_2026-11-30_page1.json"),
            "tiktok_ads_report",
            _report_rows(random.Random(f"{seed}/tiktok/report"), TIKTOK_ADVERTISER_ID, first, last),
            ads_at + timedelta(minutes=5),
            _writer(write_tiktok_ads_report),
            "USD",
        )
    )
    return files
