"""Deterministic sample exports, written byte for byte the way the platforms write them.

One code path makes both the demo landing folder (`generate_samples`) and test fixtures (the `write_*`
functions with rows a test chooses), so a test exercises exactly the bytes a demo loads. The rows are
kept in memory (`sample_files`), which lets tests compute expected totals without re-reading the files.

Byte styles copied from real files (shared/reference/platform-formats.md):
- X legacy tweet activity (1a): UTF-8 without BOM, LF, every field quoted, 40 columns; the first ten
  counts and the engagement rate as floats (`"424.0"`, `"0.038461538461538464"`), later counts as
  integers, `-` in all promoted columns of an organic tweet. No public file shows a promoted tweet; its
  promoted columns here follow the organic columns' styles.
- YouTube Studio `Table data.csv` (5c): UTF-8 without BOM, LF, minimal quoting, `Total` second, ids
  starting with `-` written with a leading space, `"Sep 27, 2024"` publish dates, blank cells.
- Meta Ads Manager campaign report (2g): UTF-8 with BOM, minimal quoting, currency in the money headers.

Everything derives from `random.Random` seeded per file from `seed` and fixed dates; file modification
times are set to a fixed export time, so an as-of taken from mtime is deterministic too.
"""

from __future__ import annotations

import csv
import os
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path, PurePosixPath

# ---- shared --------------------------------------------------------------------------------------------

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _plain(value: Decimal | int | None) -> str:
    """A number without trailing zeros (`1981.735`, `100`, `0.03`); None is a blank cell."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _q(value: float | Decimal, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def _stamp(path: Path, exported_at: datetime | None) -> Path:
    if exported_at is not None:
        moment = exported_at.timestamp()
        os.utime(path, (moment, moment))
    return path


def _t_co(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choice(_ID_ALPHABET[:62]) for _ in range(10))


# ---- X legacy tweet activity ---------------------------------------------------------------------------

X_COUNTS = (
    "impressions", "engagements", "retweets", "replies", "likes", "user profile clicks", "url clicks",
    "hashtag clicks", "detail expands", "permalink clicks", "app opens", "app installs", "follows",
    "email tweet", "dial phone", "media views", "media engagements",
)  # fmt: skip
_X_FLOAT_COUNTS = 10  # impressions .. permalink clicks are written "424.0"; the rest "0"
X_HEADER = (
    "Tweet id", "Tweet permalink", "Tweet text", "time",
    *X_COUNTS[:2], "engagement rate", *X_COUNTS[2:],
    *(f"promoted {c}" for c in X_COUNTS[:2]), "promoted engagement rate", *(f"promoted {c}" for c in X_COUNTS[2:]),
)  # fmt: skip
_TWITTER_EPOCH_MS = 1288834974657


@dataclass(frozen=True)
class Tweet:
    """One row of an X tweet activity export: lifetime counts keyed by the header's names."""

    tweet_id: str
    handle: str
    text: str
    time: datetime  # UTC, minute precision
    counts: dict[str, int]
    promoted: dict[str, int] | None = None  # None: organic ('-' in every promoted column)

    @property
    def permalink(self) -> str:
        return f"https://twitter.com/{self.handle}/status/{self.tweet_id}"


def _x_metric_cells(counts: dict[str, int] | None) -> list[str]:
    if counts is None:
        return ["-"] * (len(X_COUNTS) + 1)
    impressions, engagements = counts["impressions"], counts["engagements"]
    rate = engagements / impressions if impressions else 0.0
    written = [repr(float(counts[c])) if i < _X_FLOAT_COUNTS else str(counts[c]) for i, c in enumerate(X_COUNTS)]
    return [*written[:2], repr(rate), *written[2:]]


def x_row(tweet: Tweet) -> list[str]:
    """The 40 cells of a tweet as X writes them."""
    return [
        tweet.tweet_id,
        tweet.permalink,
        tweet.text,
        tweet.time.strftime("%Y-%m-%d %H:%M +0000"),
        *_x_metric_cells(tweet.counts),
        *_x_metric_cells(tweet.promoted),
    ]


def write_x_tweet_activity(path: Path, tweets: Iterable[Tweet], *, exported_at: datetime | None = None) -> Path:
    """An X legacy tweet activity CSV: UTF-8, no BOM, LF, every field quoted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(X_HEADER)
        writer.writerows(x_row(t) for t in tweets)
    return _stamp(path, exported_at)


def x_file_name(handle: str, start: date, end: date, lang: str = "en") -> str:
    """`tweet_activity_metrics_<handle>_<start>_<end>_<lang>.csv`, end exclusive."""
    return f"tweet_activity_metrics_{handle}_{start:%Y%m%d}_{end:%Y%m%d}_{lang}.csv"


def snowflake(moment: datetime, rng: random.Random) -> str:
    """A 19-digit tweet id as X mints them: milliseconds since X's epoch, shifted, plus worker bits."""
    millis = int(moment.timestamp() * 1000) + rng.randrange(60_000)
    return str(((millis - _TWITTER_EPOCH_MS) << 22) | rng.randrange(1 << 22))


_GEAR_POSTS = (
    'Meet the "Ridgeline" shell 🧥\n\nWaterproof, packable, 340 g.\n{link}',
    "First snow on the pass ❄️ Who's heading out this weekend? #trailrunning #outdoors",
    'Restock alert 🚨 The "Summit 40" pack is back in all three colours.\n{link}',
    "We asked 1,200 hikers what they carry. The answers, thread 🧵👇\n\n1/5 {link}",
    "Repair, don't replace 🪡 Our free repair program now covers zips, seams & buckles.\n{link}",
    'Field test: 3 days, 2 storms, 0 wet socks.\n\n"Best boots I\'ve owned" (Maya, guide) 🥾\n{link}',
    "Layering 101 for cold mornings:\n- base: merino\n- mid: fleece\n- shell: Ridgeline\n#hiking",
    "Sunrise from camp 2 🌄 Photo by @alpine_jo #NorthwindOutside",
    "Weekend deal: 20% off trail shoes until Sunday 🏃\u200d♀️ {link}",
    "Which trail should we map next? Reply with your favourite ⛰️",
)
_HELP_POSTS = (
    "@{user} Sorry about the delay! Your order shipped this morning 📦 Tracking is in your inbox.",
    "@{user} Thanks for flagging this. Could you DM us your order number? We'll sort it out today.",
    "Heads up: our support chat is closed on Nov 26 🦃 Email still works: help@northwind.example",
    "@{user} The Ridgeline runs true to size. If you're between sizes, go up for layering 👍",
    'Returns are free for 60 days ✅\n\nStart one here: {link}\n\nQuestions? Reply "help".',
    "@{user} Yes! Zips are covered by our repair program 🪡 {link}",
    'Known issue: some tracking links show "label created" for 48h. Your parcel is moving 🚚',
)
_USERS = ("trailmix_ana", "ben_outdoors", "KarinHikes", "dmitri_rv", "sam_climbs", "LeaWandert")


def _tweet_counts(rng: random.Random, text: str, scale: float = 1.0) -> dict[str, int]:
    has_link, has_media = "t.co/" in text, rng.random() < 0.45
    impressions = max(40, int(rng.lognormvariate(7.0, 0.9) * scale))
    likes = int(impressions * rng.uniform(0.004, 0.04))
    counts = {
        "impressions": impressions,
        "retweets": int(likes * rng.uniform(0.05, 0.35)),
        "replies": rng.randint(0, max(1, likes // 4)),
        "likes": likes,
        "user profile clicks": int(impressions * rng.uniform(0.0, 0.006)),
        "url clicks": int(impressions * rng.uniform(0.002, 0.02)) if has_link else 0,
        "hashtag clicks": rng.randint(0, 3) if "#" in text else 0,
        "detail expands": int(impressions * rng.uniform(0.002, 0.015)),
        "permalink clicks": rng.randint(0, 2),
        "app opens": 0,
        "app installs": 0,
        "follows": rng.choice((0, 0, 0, 1, 2)),
        "email tweet": 0,
        "dial phone": 0,
        "media views": int(impressions * rng.uniform(0.05, 0.3)) if has_media else 0,
    }
    counts["media engagements"] = int(counts["media views"] * rng.uniform(0.02, 0.1))
    counts["engagements"] = sum(v for k, v in counts.items() if k not in ("impressions", "media views"))
    return {c: counts[c] for c in X_COUNTS}


def _month_tweets(rng: random.Random, handle: str, start: date, end: date, promoted: int) -> tuple[Tweet, ...]:
    posts = _GEAR_POSTS if handle == "northwindgear" else _HELP_POSTS
    minutes = int((end - start).total_seconds() // 60)
    first = datetime(start.year, start.month, start.day, tzinfo=UTC)
    count = rng.randint(30, 60)
    times = sorted((first + timedelta(minutes=m) for m in rng.sample(range(minutes), count)), reverse=True)
    promoted_at = set(rng.sample(range(count), promoted))
    tweets = []
    for index, moment in enumerate(times):
        text = rng.choice(posts).format(link=_t_co(rng), user=rng.choice(_USERS))
        paid = _tweet_counts(rng, text, scale=12.0) if index in promoted_at else None
        tweets.append(Tweet(snowflake(moment, rng), handle, text, moment, _tweet_counts(rng, text), paid))
    return tuple(tweets)


# ---- YouTube Studio ------------------------------------------------------------------------------------

YOUTUBE_CONTENT_HEADER = (
    "Content", "Video title", "Video publish time", "Duration", "Stayed to watch (%)", "Unique viewers",
    "Average views per viewer", "New viewers", "Returning viewers", "Casual viewers", "Engaged views",
    "Average view duration", "Average percentage viewed (%)", "Views", "Watch time (hours)", "Subscribers",
    "Estimated revenue (USD)", "Impressions", "Impressions click-through rate (%)",
)  # fmt: skip
YOUTUBE_GEOGRAPHY_HEADER = ("Geography", "Views", "Average view duration", "Watch time (hours)")


@dataclass(frozen=True)
class Video:
    """One row of a Studio content table. Blank cells are None; decimals are as Studio rounds them."""

    video_id: str
    title: str
    published: date | None
    duration_seconds: int
    views: int
    engaged_views: int
    average_view_duration_seconds: int
    watch_time_hours: Decimal  # 4 places
    subscribers: int
    impressions: int
    impressions_ctr_percent: Decimal  # 2 places
    estimated_revenue: Decimal | None = None  # 3 places
    stayed_to_watch_percent: Decimal | None = None
    unique_viewers: int | None = None
    new_viewers: int | None = None
    returning_viewers: int | None = None
    casual_viewers: int | None = None

    @property
    def average_percentage_viewed(self) -> Decimal:
        return _q(100 * self.average_view_duration_seconds / self.duration_seconds, 2)

    @property
    def average_views_per_viewer(self) -> Decimal | None:
        return None if not self.unique_viewers else _q(self.views / self.unique_viewers, 2)


@dataclass(frozen=True)
class CountryViews:
    """One row of a Studio geography table."""

    geography: str
    views: int
    average_view_duration_seconds: int | None  # blank where there were no views
    watch_time_hours: Decimal


def _clock(total: int) -> str:
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _studio_date(day: date | None) -> str:
    return "" if day is None else f"{_MONTH_ABBR[day.month - 1]} {day.day}, {day.year}"


def _weighted(pairs: Sequence[tuple[Decimal | None, int]]) -> Decimal:
    filled = [(v, w) for v, w in pairs if v is not None]
    weight = sum(w for _, w in filled)
    return _q(sum(v * w for v, w in filled) / weight, 2) if weight else Decimal(0)


def _content_row(video: Video) -> list[str]:
    return [
        (" " + video.video_id) if video.video_id.startswith("-") else video.video_id,
        video.title,
        _studio_date(video.published),
        str(video.duration_seconds),
        _plain(video.stayed_to_watch_percent),
        _plain(video.unique_viewers),
        _plain(video.average_views_per_viewer),
        _plain(video.new_viewers),
        _plain(video.returning_viewers),
        _plain(video.casual_viewers),
        str(video.engaged_views),
        _clock(video.average_view_duration_seconds),
        _plain(video.average_percentage_viewed),
        str(video.views),
        _plain(video.watch_time_hours),
        str(video.subscribers),
        _plain(video.estimated_revenue),
        str(video.impressions),
        _plain(video.impressions_ctr_percent),
    ]


def _content_total(videos: Sequence[Video]) -> list[str]:
    views = sum(v.views for v in videos)
    hours = sum(v.watch_time_hours for v in videos)
    unique = sum(v.unique_viewers or 0 for v in videos)
    return [
        "Total",
        "",
        "",
        "",
        _plain(_weighted([(v.stayed_to_watch_percent, v.views) for v in videos])),
        str(unique),
        _plain(_q(sum(v.views for v in videos if v.unique_viewers) / unique, 2) if unique else 0),
        str(sum(v.new_viewers or 0 for v in videos)),
        str(sum(v.returning_viewers or 0 for v in videos)),
        str(sum(v.casual_viewers or 0 for v in videos)),
        str(sum(v.engaged_views for v in videos)),
        _clock(int(hours * 3600 / views)) if views else "0:00:00",
        _plain(_weighted([(v.average_percentage_viewed, v.views) for v in videos])),
        str(views),
        _plain(hours),
        str(sum(v.subscribers for v in videos)),
        _plain(sum(v.estimated_revenue or 0 for v in videos)),
        str(sum(v.impressions for v in videos)),
        _plain(_weighted([(v.impressions_ctr_percent, v.impressions) for v in videos])),
    ]


def write_youtube_content_table(path: Path, videos: Sequence[Video], *, exported_at: datetime | None = None) -> Path:
    """A Studio `Table data.csv` by content: header, `Total`, one row per video; LF, minimal quoting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(YOUTUBE_CONTENT_HEADER)
        writer.writerow(_content_total(videos))
        writer.writerows(_content_row(v) for v in videos)
    return _stamp(path, exported_at)


def write_youtube_geography_table(
    path: Path, countries: Sequence[CountryViews], *, exported_at: datetime | None = None
) -> Path:
    """A Studio `Table data.csv` by geography: header, `Total`, one row per country."""
    views = sum(c.views for c in countries)
    hours = sum((c.watch_time_hours for c in countries), Decimal(0))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(YOUTUBE_GEOGRAPHY_HEADER)
        writer.writerow(["Total", str(views), _clock(int(hours * 3600 / views)) if views else "", _plain(hours)])
        for c in countries:
            duration = "" if c.average_view_duration_seconds is None else _clock(c.average_view_duration_seconds)
            writer.writerow([c.geography, str(c.views), duration, _plain(c.watch_time_hours)])
    return _stamp(path, exported_at)


_VIDEO_TITLES = (
    "Ridgeline Shell: 6 Months, 4 Countries, 1 Jacket",
    "How to Pack a 40 L Bag for 5 Days",
    "Waterproof vs Water-Resistant, Explained",
    "We Tested 12 Trail Shoes in the Mud",
    "Fixing a Broken Zip in 5 Minutes",
    "Merino, Fleece, Down: What to Wear When",
    "Winter Camping for Beginners (Part 1)",
    "Winter Camping for Beginners (Part 2)",
    "Inside the Northwind Repair Workshop",
    "Sunrise Hike to the Glacier ❄️",
    "Boot Care: Clean, Dry, Wax, Repeat",
    "The 10 Essentials, Revisited",
    "Trail Running Form Tips from a Coach",
    "Our Gear List for the Haute Route",
    "Q&A: Your Questions, Our Designers",
    "Rain Gear Myths That Keep You Wet",
    "Layering for Ski Touring",
    "Choosing a Sleeping Bag: Temperature Ratings",
    "Ultralight vs Comfortable: Where's the Line?",
    "A Day with a Mountain Guide",
)


def _video_id(rng: random.Random, dash: bool) -> str:
    body = "".join(rng.choice(_ID_ALPHABET) for _ in range(10))
    return ("-" if dash else rng.choice(_ID_ALPHABET[:62])) + body


def _videos(rng: random.Random, count: int = 40) -> tuple[Video, ...]:
    dashed = set(rng.sample(range(count), 5))
    negative, unpublished = rng.sample(range(count), 2)
    no_revenue = set(rng.sample(range(count), 4))
    detailed = set(rng.sample(range(count), 10))
    videos = []
    for index in range(count):
        short = rng.random() < 0.2
        duration = rng.randint(20, 59) if short else rng.randint(180, 1800)
        views = int(rng.lognormvariate(8.0, 1.4))
        average = max(1, int(duration * rng.uniform(0.2, 0.9 if short else 0.55)))
        impressions = int(views * rng.uniform(8, 30))
        unique = int(views * rng.uniform(0.7, 0.95)) if index in detailed else None
        returning = int(unique * rng.uniform(0.1, 0.4)) if unique else None
        title = _VIDEO_TITLES[index % len(_VIDEO_TITLES)]
        if index >= len(_VIDEO_TITLES):
            title = f"{title} #shorts" if short else f"{title} (Director's Cut, 2026)"
        videos.append(
            Video(
                video_id=_video_id(rng, index in dashed),
                title=title,
                published=None if index == unpublished else date(2023, 1, 1) + timedelta(rng.randrange(1400)),
                duration_seconds=duration,
                views=views,
                engaged_views=int(views * rng.uniform(0.8, 1.0)),
                average_view_duration_seconds=average,
                watch_time_hours=_q(views * average / 3600, 4),
                subscribers=-2 if index == negative else int(views * rng.uniform(0.0, 0.02)),
                impressions=impressions,
                impressions_ctr_percent=_q(100 * views / impressions * rng.uniform(0.3, 0.8), 2),
                estimated_revenue=None if index in no_revenue else _q(views * rng.uniform(0.0005, 0.004), 3),
                stayed_to_watch_percent=_q(rng.uniform(40, 90), 2) if short else None,
                unique_viewers=unique,
                new_viewers=None if unique is None else unique - returning,
                returning_viewers=returning,
                casual_viewers=None if unique is None else int(unique * rng.uniform(0.3, 0.6)),
            )
        )
    return tuple(sorted(videos, key=lambda v: -v.views))


_COUNTRIES = ("US", "DE", "GB", "CA", "FR", "NL", "CH", "AT", "SE", "NO", "IT", "ES", "AU", "NZ", "JP",
              "IN", "PL", "CZ", "DK", "FI", "BE", "IE", "PT", "BR", "MX")  # fmt: skip
_NO_VIEWS = ("GL", "SC", "TL", "VG", "XK")


def _countries(rng: random.Random) -> tuple[CountryViews, ...]:
    rows = []
    for code in _COUNTRIES:
        views = int(rng.lognormvariate(8.5, 1.2))
        average = rng.randint(60, 420)
        rows.append(CountryViews(code, views, average, _q(views * average / 3600, 4)))
    rows.sort(key=lambda c: -c.views)
    return (*rows, *(CountryViews(code, 0, None, Decimal(0)) for code in _NO_VIEWS))


# ---- Meta Ads Manager ----------------------------------------------------------------------------------


def meta_header(currency: str) -> tuple[str, ...]:
    """The current campaign report header, with `Account ID` and `Campaign ID` columns added."""
    c = currency
    return (
        "Reporting starts", "Reporting ends", "Account ID", "Campaign name", "Campaign ID",
        "Campaign delivery", "Attribution setting", "Results", "Result indicator", "Reach", "Frequency",
        "Cost per results", f"Amount spent ({c})", "Impressions", f"CPM (cost per 1,000 impressions) ({c})",
        "Link clicks", f"CPC (cost per link click) ({c})", "CTR (link click-through rate)", "Clicks (all)",
        "CTR (all)", f"CPC (all) ({c})", "Landing page views", f"Cost per landing page view ({c})",
    )  # fmt: skip


@dataclass(frozen=True)
class CampaignPeriod:
    """One row of an Ads Manager campaign report: a campaign over a reporting period."""

    account_id: str
    campaign_id: str
    campaign_name: str
    reporting_starts: date
    reporting_ends: date
    delivery: str
    reach: int
    impressions: int
    amount_spent: Decimal  # 2 places
    link_clicks: int
    clicks_all: int
    results: int | None = None  # None: the campaign had no results that period (blank cells)
    result_indicator: str | None = None
    landing_page_views: int | None = None
    attribution_setting: str = "7-day click or 1-day view"

    def per(self, count: int | None, scale: int = 1) -> Decimal | None:
        return None if not count else _q(self.amount_spent * scale / count, 2)

    def ratio_percent(self, count: int) -> Decimal:
        return _q(Decimal(100 * count) / self.impressions, 2)


def _meta_row(period: CampaignPeriod) -> list[str]:
    return [
        period.reporting_starts.isoformat(),
        period.reporting_ends.isoformat(),
        period.account_id,
        period.campaign_name,
        period.campaign_id,
        period.delivery,
        period.attribution_setting,
        _plain(period.results),
        period.result_indicator or "",
        str(period.reach),
        _plain(_q(period.impressions / period.reach, 2)),
        _plain(period.per(period.results)),
        _plain(period.amount_spent),
        str(period.impressions),
        _plain(period.per(period.impressions, 1000)),
        str(period.link_clicks),
        _plain(period.per(period.link_clicks)),
        f"{period.ratio_percent(period.link_clicks):.2f}",
        str(period.clicks_all),
        f"{period.ratio_percent(period.clicks_all):.2f}",
        _plain(period.per(period.clicks_all)),
        _plain(period.landing_page_views),
        _plain(period.per(period.landing_page_views)),
    ]


def write_meta_ads_campaigns(
    path: Path, periods: Iterable[CampaignPeriod], currency: str, *, exported_at: datetime | None = None
) -> Path:
    """An Ads Manager campaign report CSV: UTF-8 with BOM, minimal quoting, LF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(meta_header(currency))
        writer.writerows(_meta_row(p) for p in periods)
    return _stamp(path, exported_at)


_CAMPAIGNS = (
    ("Fall Launch – Ridgeline Shell", "Website Purchase"),
    ("Holiday Sale, Boots & Jackets", "Website Purchase"),
    ("Retargeting | Cart Abandoners", "Website Purchase"),
    ("Brand Awareness Q4", None),
    ("Trail Shoes – Prospecting", "Landing page views"),
    ("Newsletter Sign-ups", "Leads"),
)


def _campaign_periods(
    rng: random.Random, account_id: str, months: Sequence[tuple[date, date]]
) -> tuple[tuple[CampaignPeriod, ...], ...]:
    """Per month, one row per campaign. The campaign with a comma in its name is always included."""
    count = rng.randint(4, 6)
    chosen = [_CAMPAIGNS[1], *rng.sample([c for i, c in enumerate(_CAMPAIGNS) if i != 1], count - 1)]
    campaigns = [(name, indicator, "12020" + "".join(rng.choice("0123456789") for _ in range(13)))
                 for name, indicator in chosen]  # fmt: skip
    result = []
    for starts, ends in months:
        rows = []
        for name, indicator, campaign_id in campaigns:
            impressions = rng.randint(20_000, 400_000)
            reach = int(impressions / rng.uniform(1.1, 2.4))
            clicks_all = int(impressions * rng.uniform(0.008, 0.03))
            link_clicks = int(clicks_all * rng.uniform(0.4, 0.8))
            awareness = indicator is None
            rows.append(
                CampaignPeriod(
                    account_id=account_id,
                    campaign_id=campaign_id,
                    campaign_name=name,
                    reporting_starts=starts,
                    reporting_ends=ends,
                    delivery=rng.choice(("active", "active", "inactive")),
                    reach=reach,
                    impressions=impressions,
                    amount_spent=_q(impressions * rng.uniform(0.004, 0.012), 2),
                    link_clicks=link_clicks,
                    clicks_all=clicks_all,
                    results=None if awareness else max(1, int(link_clicks * rng.uniform(0.01, 0.3))),
                    result_indicator=indicator,
                    landing_page_views=None if awareness else int(link_clicks * rng.uniform(0.5, 0.9)),
                )
            )
        result.append(tuple(rows))
    return tuple(result)


# ---- the sample landing folder -------------------------------------------------------------------------

X_HANDLES = ("northwindgear", "northwind_help")
X_MONTHS = ((date(2026, 10, 1), date(2026, 11, 1)), (date(2026, 11, 1), date(2026, 12, 1)))  # end exclusive
YOUTUBE_CHANNEL = "northwindgear-youtube"
YOUTUBE_PERIOD = "2026-09-01_2026-11-30 Northwind Gear"
META_ACCOUNTS = (  # landing folder, Account ID, currency, file name prefix
    ("northwind-ads-us", "1029384756102938", "USD", "Northwind-Gear-US"),
    ("northwind-ads-eu", "5647382910564738", "EUR", "Northwind-Gear-EU"),
)
META_MONTHS = ((date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30)))


@dataclass(frozen=True)
class SampleFile:
    """One sample export: where it goes under landing, what it is, the rows it holds (in file order)."""

    path: PurePosixPath  # relative to landing; the first folder names the account
    export_type: str  # the registry name of its export type
    rows: tuple
    exported_at: datetime
    currency: str | None = None

    @property
    def account(self) -> str:
        return self.path.parts[0]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _meta_file_name(prefix: str, starts: date, ends: date) -> str:
    def part(day: date) -> str:
        return f"{_MONTH_ABBR[day.month - 1]}-{day.day}-{day.year}"

    return f"{prefix}-Campaigns-{part(starts)}-{part(ends)}.csv"


def sample_files(seed: int = 7) -> list[SampleFile]:
    """The sample exports in memory, the same for the same seed."""
    files = []
    for handle in X_HANDLES:
        for start, end in X_MONTHS:
            rng = random.Random(f"{seed}/x/{handle}/{start}")
            tweets = _month_tweets(rng, handle, start, end, promoted=3 if handle == "northwindgear" else 0)
            name = PurePosixPath(handle, x_file_name(handle, start, end))
            files.append(SampleFile(name, "x_tweet_activity", tweets, _at(end, 9, 30)))
    exported = _at(date(2026, 12, 1), 10, 15)
    content = PurePosixPath(YOUTUBE_CHANNEL, f"Content {YOUTUBE_PERIOD}", "Table data.csv")
    files.append(SampleFile(content, "youtube_studio_content", _videos(random.Random(f"{seed}/yt/c")), exported))
    geography = PurePosixPath(YOUTUBE_CHANNEL, f"Geography {YOUTUBE_PERIOD}", "Table data.csv")
    countries = _countries(random.Random(f"{seed}/yt/g"))
    files.append(SampleFile(geography, "youtube_studio_geography", countries, exported + timedelta(minutes=2)))
    for folder, account_id, currency, prefix in META_ACCOUNTS:
        months = _campaign_periods(random.Random(f"{seed}/meta/{folder}"), account_id, META_MONTHS)
        for (starts, ends), rows in zip(META_MONTHS, months, strict=True):
            name = PurePosixPath(folder, _meta_file_name(prefix, starts, ends))
            files.append(SampleFile(name, "meta_ads_campaigns", rows, _at(ends + timedelta(1), 8), currency))
    return files


def write_sample(landing: Path, sample: SampleFile) -> Path:
    """Write one sample file under `landing` the way its platform does."""
    path = landing.joinpath(*sample.path.parts)
    if sample.export_type == "x_tweet_activity":
        return write_x_tweet_activity(path, sample.rows, exported_at=sample.exported_at)
    if sample.export_type == "youtube_studio_content":
        return write_youtube_content_table(path, sample.rows, exported_at=sample.exported_at)
    if sample.export_type == "youtube_studio_geography":
        return write_youtube_geography_table(path, sample.rows, exported_at=sample.exported_at)
    if sample.export_type == "meta_ads_campaigns":
        assert sample.currency is not None
        return write_meta_ads_campaigns(path, sample.rows, sample.currency, exported_at=sample.exported_at)
    raise ValueError(f"no writer for export type {sample.export_type!r}")


def generate_samples(landing: Path, seed: int = 7) -> list[Path]:
    """Write the sample exports under `landing/<account>/...`; the same seed gives byte-identical files
    with identical modification times. Returns the paths written."""
    return [write_sample(landing, sample) for sample in sample_files(seed)]
