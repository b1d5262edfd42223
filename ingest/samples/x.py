"""X samples.

Legacy tweet activity (platform-formats.md 1a): UTF-8 without BOM, LF, every field quoted, 40 columns;
the first ten counts and the engagement rate as floats (`"424.0"`, `"0.038461538461538464"`), later counts
as integers, `-` in all promoted columns of an organic tweet. No public file shows a promoted tweet; its
promoted columns here follow the organic columns' styles.

Legacy daily activity (1b): the same bytes, one row per day, `Date` as YYYY-MM-DD, every count an integer
string, `-` in the promoted columns of days without paid activity.

2024+ downloads (1c): written as the x.com web client's CSV writer does as far as the evidence shows:
UTF-8 without BOM, LF, quoted only where a cell needs it, so `Date` (`"Tue, Jul 14, 2026"`) is always
quoted. Content: lifetime organic totals per post, post text with `&`, `<`, `>` as HTML entities (third-
party parsers unescape them), plain counts (`thousands=True` writes `"1,234"`, seen in one fixture).
Account overview: newest day first, some empty cells. Video overview: a `Video overview,,,,,` title line
above the header (single third-party source; its value styles here are assumptions).

X API v2 user timeline (`GET /2/users/:id/tweets`, platform-apis.md 2.5): one response page as X sends it,
compact UTF-8 JSON (no spaces, non-ASCII unescaped, `&`, `<`, `>` in `text` as HTML entities), `data` newest
first, then `errors` when some fields could not be served, then `meta` (`result_count`, `newest_id`,
`oldest_id`, `next_token` except on the last page). `created_at` is ISO-8601 UTC with milliseconds
(`2026-11-30T17:04:12.000Z`). Every post carries `edit_history_tweet_ids` (X adds it by default). The private
objects (`non_public_metrics`, `organic_metrics`) are present only for posts created in the last 30 days
when a user-context token asked for them; `url_link_clicks` only for posts holding a link.
"""

from __future__ import annotations

import csv
import html
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ingest.samples.common import ID_ALPHABET, MONTH_ABBR, at, plain, quantize, stamp
from ingest.samples.model import SampleFile


def _t_co(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choice(ID_ALPHABET[:62]) for _ in range(10))


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
    return stamp(path, exported_at)


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


X_HANDLES = ("northwindgear", "northwind_help")
X_MONTHS = ((date(2026, 10, 1), date(2026, 11, 1)), (date(2026, 11, 1), date(2026, 12, 1)))  # end exclusive


def _write(path: Path, sample: SampleFile) -> Path:
    return write_x_tweet_activity(path, sample.rows, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """A month of tweet activity per handle and month; the brand handle has three promoted tweets. Then
    the same months as daily files, one content export per handle over the same tweets, and the brand
    handle's account and video overviews."""
    files = []
    tweets_by_month: dict[tuple[str, date], tuple[Tweet, ...]] = {}
    for handle in X_HANDLES:
        for start, end in X_MONTHS:
            rng = random.Random(f"{seed}/x/{handle}/{start}")
            tweets = _month_tweets(rng, handle, start, end, promoted=3 if handle == "northwindgear" else 0)
            tweets_by_month[handle, start] = tweets
            name = PurePosixPath(handle, x_file_name(handle, start, end))
            files.append(SampleFile(name, "x_tweet_activity", tweets, at(end, 9, 30), _write))
    return files + _analytics_samples(seed, tweets_by_month)


# ---- legacy daily activity (platform-formats.md 1b) ---------------------------------------------------

X_DAILY_HEADER = ("Date", "Tweets published", *X_HEADER[4:])


@dataclass(frozen=True)
class DailyActivity:
    """One row of an X legacy daily export: the day's counts keyed by the header's names."""

    day: date
    tweets_published: int
    counts: dict[str, int]
    promoted: dict[str, int] | None = None  # None: no paid activity that day ('-' in every promoted column)


def _x_daily_metric_cells(counts: dict[str, int] | None) -> list[str]:
    """Daily files write every count as an integer string (`"1088"`) and the rate as a full-precision
    fraction (`"0.011948529411764705"`)."""
    if counts is None:
        return ["-"] * (len(X_COUNTS) + 1)
    impressions, engagements = counts["impressions"], counts["engagements"]
    rate = engagements / impressions if impressions else 0.0
    written = [str(counts[c]) for c in X_COUNTS]
    return [*written[:2], repr(rate), *written[2:]]


def x_daily_row(row: DailyActivity) -> list[str]:
    """The 38 cells of a day as X writes them."""
    return [
        row.day.isoformat(),
        str(row.tweets_published),
        *_x_daily_metric_cells(row.counts),
        *_x_daily_metric_cells(row.promoted),
    ]


def write_x_daily_activity(path: Path, rows: Iterable[DailyActivity], *, exported_at: datetime | None = None) -> Path:
    """An X legacy daily CSV: UTF-8, no BOM, LF, every field quoted, like the per-tweet file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(X_DAILY_HEADER)
        writer.writerows(x_daily_row(r) for r in rows)
    return stamp(path, exported_at)


def x_daily_file_name(handle: str, start: date, end: date, lang: str = "en") -> str:
    """`daily_tweet_activity_metrics_<handle>_<start>_<end>_<lang>.csv`, end exclusive."""
    return "daily_" + x_file_name(handle, start, end, lang)


# ---- 2024+ content export (platform-formats.md 1c.1) ----------------------------------------------------

X_CONTENT_COUNTS = (
    "Impressions", "Likes", "Engagements", "Bookmarks", "Shares", "New follows", "Replies", "Reposts",
    "Profile visits", "Detail Expands", "URL Clicks", "Hashtag Clicks", "Permalink Clicks",
)  # fmt: skip
X_CONTENT_HEADER = ("Post id", "Date", "Post text", "Post Link", *X_CONTENT_COUNTS)
_WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def x_day(day: date) -> str:
    """`Tue, Jul 14, 2026`: the 2024+ exports' day-only date (English, no locale involved)."""
    return f"{_WEEKDAY_ABBR[day.weekday()]}, {MONTH_ABBR[day.month - 1]} {day.day}, {day.year}"


@dataclass(frozen=True)
class ContentPost:
    """One row of an X content export: lifetime organic totals keyed by the header's names."""

    post_id: str
    handle: str
    text: str  # as X writes it: `&`, `<`, `>` as HTML entities
    day: date
    counts: dict[str, int]

    @property
    def link(self) -> str:
        return f"https://x.com/{self.handle}/status/{self.post_id}"


def _count_cell(value: int | None, thousands: bool) -> str:
    if value is None:
        return ""
    return f"{value:,}" if thousands else str(value)


def write_x_content(
    path: Path, posts: Iterable[ContentPost], *, exported_at: datetime | None = None, thousands: bool = False
) -> Path:
    """An X content CSV: UTF-8, no BOM, LF, quoted only where needed (the date always is: it has commas).
    `thousands` writes counts as `"1,234"`, as some files do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(X_CONTENT_HEADER)
        writer.writerows(
            [p.post_id, x_day(p.day), p.text, p.link, *(_count_cell(p.counts[c], thousands) for c in X_CONTENT_COUNTS)]
            for p in posts
        )
    return stamp(path, exported_at)


def x_content_file_name(start: date, end: date) -> str:
    """`account_analytics_content_<from>_<to>.csv`, both UTC dates, `<to>` inclusive."""
    return f"account_analytics_content_{start:%Y-%m-%d}_{end:%Y-%m-%d}.csv"


# ---- 2024+ account and video overviews (platform-formats.md 1c.2, 1c.3) ---------------------------------

X_OVERVIEW_COUNTS = (
    "Impressions", "Likes", "Engagements", "Bookmarks", "Shares", "New follows", "Unfollows", "Replies",
    "Reposts", "Profile visits", "Create Post", "Video views", "Media views",
)  # fmt: skip
X_OVERVIEW_HEADER = ("Date", *X_OVERVIEW_COUNTS)
X_VIDEO_TITLE = "Video overview"
X_VIDEO_HEADER = ("Date", "Views", "Watch Time (ms)", "Completion Rate", "Average Watch Time (ms)", "Estimated Revenue")


@dataclass(frozen=True)
class OverviewDay:
    """One row of an X account overview: the day's counts keyed by the header's names; None = empty cell."""

    day: date
    counts: dict[str, int | None]


@dataclass(frozen=True)
class VideoDay:
    """One row of an X video overview."""

    day: date
    views: int
    watch_time_ms: int
    completion_rate: float
    average_watch_time_ms: int
    estimated_revenue: Decimal


def write_x_account_overview(path: Path, days: Iterable[OverviewDay], *, exported_at: datetime | None = None) -> Path:
    """An X account overview CSV: UTF-8, LF, minimal quoting (the date is quoted), empty cells for days X
    has no number, rows in the order given (X writes newest first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(X_OVERVIEW_HEADER)
        writer.writerows([x_day(d.day), *(_count_cell(d.counts[c], False) for c in X_OVERVIEW_COUNTS)] for d in days)
    return stamp(path, exported_at)


def write_x_video_overview(path: Path, days: Iterable[VideoDay], *, exported_at: datetime | None = None) -> Path:
    """An X video overview CSV: the title line `Video overview,,,,,` above the header, then as the account
    overview."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([X_VIDEO_TITLE, *[""] * (len(X_VIDEO_HEADER) - 1)])
        writer.writerow(X_VIDEO_HEADER)
        writer.writerows(
            [x_day(d.day), str(d.views), str(d.watch_time_ms), repr(d.completion_rate), str(d.average_watch_time_ms),
             plain(d.estimated_revenue)]
            for d in days
        )  # fmt: skip
    return stamp(path, exported_at)


# ---- the demo files ------------------------------------------------------------------------------------

X_CONTENT_RANGE = (date(2026, 9, 3), date(2026, 12, 2))  # "last 90 days", downloaded on the `<to>` day
_ENGAGING = ("likes", "retweets", "replies", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
             "permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone",
             "media engagements")  # fmt: skip


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days)]


def _daily_rows(rng: random.Random, tweets: tuple[Tweet, ...], start: date, end: date) -> tuple[DailyActivity, ...]:
    """A month of days: the impressions of the day's new tweets plus a tail from older ones; promoted
    columns filled on days a promoted tweet went out."""
    rows = []
    for day in _days(start, end):
        new = [t for t in tweets if t.time.date() == day]
        impressions = int(rng.lognormvariate(6.3, 0.5)) + sum(int(t.counts["impressions"] * 0.7) for t in new) + 1
        likes = int(impressions * rng.uniform(0.005, 0.03))
        counts = {
            "impressions": impressions,
            "retweets": int(likes * rng.uniform(0.05, 0.3)),
            "replies": rng.randint(0, max(1, likes // 4)),
            "likes": likes,
            "user profile clicks": int(impressions * rng.uniform(0.0, 0.005)),
            "url clicks": int(impressions * rng.uniform(0.0, 0.01)),
            "hashtag clicks": rng.randint(0, 3),
            "detail expands": int(impressions * rng.uniform(0.002, 0.012)),
            "permalink clicks": rng.randint(0, 2),
            "app opens": 0,
            "app installs": 0,
            "follows": rng.choice((0, 0, 1, 1, 2, 3)),
            "email tweet": 0,
            "dial phone": 0,
            "media views": int(impressions * rng.uniform(0.02, 0.2)),
        }
        counts["media engagements"] = int(counts["media views"] * rng.uniform(0.02, 0.1))
        counts["engagements"] = sum(counts[k] for k in _ENGAGING)
        paid = [t.promoted for t in new if t.promoted]
        promoted = {c: sum(p[c] for p in paid) // 2 for c in X_COUNTS} if paid else None
        rows.append(DailyActivity(day, len(new), {c: counts[c] for c in X_COUNTS}, promoted))
    return tuple(rows)


def _content_post(rng: random.Random, tweet: Tweet) -> ContentPost:
    """A tweet's organic totals some weeks later, under the 2024+ names (retweets are reposts now)."""
    grown = {k: v + rng.randint(0, max(1, v // 12)) if v else 0 for k, v in tweet.counts.items()}
    counts = {
        "Impressions": grown["impressions"],
        "Likes": grown["likes"],
        "Bookmarks": int(grown["likes"] * rng.uniform(0.0, 0.3)),
        "Shares": rng.randint(0, max(1, grown["retweets"] // 3)),
        "New follows": grown["follows"],
        "Replies": grown["replies"],
        "Reposts": grown["retweets"],
        "Profile visits": grown["user profile clicks"],
        "Detail Expands": grown["detail expands"],
        "URL Clicks": grown["url clicks"],
        "Hashtag Clicks": grown["hashtag clicks"],
        "Permalink Clicks": grown["permalink clicks"],
    }
    counts["Engagements"] = sum(v for k, v in counts.items() if k not in ("Impressions", "New follows"))
    text = html.escape(tweet.text, quote=False)
    return ContentPost(tweet.tweet_id, tweet.handle, text, tweet.time.date(), {c: counts[c] for c in X_CONTENT_COUNTS})


def _overview_days(rng: random.Random, daily: list[DailyActivity]) -> tuple[OverviewDay, ...]:
    """The account's days newest first, built on the daily rows; X leaves some cells empty."""
    days = []
    for row in sorted(daily, key=lambda r: r.day, reverse=True):
        counts: dict[str, int | None] = {
            "Impressions": row.counts["impressions"],
            "Likes": row.counts["likes"],
            "Engagements": row.counts["engagements"],
            "Bookmarks": int(row.counts["likes"] * rng.uniform(0.0, 0.25)),
            "Shares": rng.randint(0, 4),
            "New follows": row.counts["follows"],
            "Unfollows": rng.choice((0, 0, 0, 1, 1, 2)),
            "Replies": row.counts["replies"],
            "Reposts": row.counts["retweets"],
            "Profile visits": row.counts["user profile clicks"],
            "Create Post": row.tweets_published,
            "Video views": int(row.counts["media views"] * rng.uniform(0.2, 0.6)),
            "Media views": row.counts["media views"],
        }
        if rng.random() < 0.08:  # a day X has no number for some metrics: empty cells, not zeros
            for name in rng.sample(X_OVERVIEW_COUNTS, rng.randint(1, 3)):
                counts[name] = None
        days.append(OverviewDay(row.day, counts))
    return tuple(days)


def _video_days(rng: random.Random, overview: tuple[OverviewDay, ...]) -> tuple[VideoDay, ...]:
    days = []
    for row in overview:
        views = row.counts["Video views"] or 0
        average = rng.randint(3_000, 21_000) if views else 0
        revenue = quantize(views * rng.uniform(0.0, 0.004), 2)
        days.append(VideoDay(row.day, views, views * average, round(rng.uniform(0.08, 0.45), 4), average, revenue))
    return tuple(days)


def _write_daily(path: Path, sample: SampleFile) -> Path:
    return write_x_daily_activity(path, sample.rows, exported_at=sample.exported_at)


def _write_content(path: Path, sample: SampleFile) -> Path:
    return write_x_content(path, sample.rows, exported_at=sample.exported_at)


def _write_overview(path: Path, sample: SampleFile) -> Path:
    return write_x_account_overview(path, sample.rows, exported_at=sample.exported_at)


def _write_video(path: Path, sample: SampleFile) -> Path:
    return write_x_video_overview(path, sample.rows, exported_at=sample.exported_at)


def _analytics_samples(seed: int, tweets_by_month: dict[tuple[str, date], tuple[Tweet, ...]]) -> list[SampleFile]:
    """Daily files per handle and month; a content export per handle over the same tweets (newest first),
    downloaded on Dec 2; the brand handle's account and video overviews for Oct and Nov, newest first."""
    files = []
    content_start, content_end = X_CONTENT_RANGE
    downloaded = at(content_end, 8, 15)
    for handle in X_HANDLES:
        daily: list[DailyActivity] = []
        for start, end in X_MONTHS:
            rng = random.Random(f"{seed}/x-daily/{handle}/{start}")
            rows = _daily_rows(rng, tweets_by_month[handle, start], start, end)
            daily.extend(rows)
            name = PurePosixPath(handle, x_daily_file_name(handle, start, end))
            files.append(SampleFile(name, "x_daily_activity", rows, at(end, 9, 35), _write_daily))
        rng = random.Random(f"{seed}/x-content/{handle}")
        tweets = sorted((t for (h, _), ts in tweets_by_month.items() if h == handle for t in ts),
                        key=lambda t: t.time, reverse=True)  # fmt: skip
        posts = tuple(_content_post(rng, t) for t in tweets)
        name = PurePosixPath(handle, x_content_file_name(content_start, content_end))
        files.append(SampleFile(name, "x_content", posts, downloaded, _write_content))
        if handle == "northwindgear":
            files.append(_api_sample(seed, handle, tweets, posts, content_end))
            rng = random.Random(f"{seed}/x-overview/{handle}")
            overview = _overview_days(rng, daily)
            name = PurePosixPath(handle, "account_overview_analytics.csv")
            files.append(SampleFile(name, "x_account_overview", overview, downloaded, _write_overview))
            rng = random.Random(f"{seed}/x-video/{handle}")
            video = _video_days(rng, overview)
            name = PurePosixPath(handle, "video_overview_analytics.csv")
            files.append(SampleFile(name, "x_video_overview", video, downloaded, _write_video))
    return files


# ---- X API v2 user timeline (platform-apis.md 2.5) --------------------------------------------------------

X_USER_IDS = {"northwindgear": "1456789012345678901", "northwind_help": "1456789012345678902"}
PRIVATE_METRICS_DAYS = 30  # X serves non-public and organic metrics for posts created in the last 30 days
_PUBLIC = ("retweet_count", "reply_count", "like_count", "quote_count", "bookmark_count", "impression_count")
_SETTLED_DAYS = 90  # the stand-in's counters stop growing this many days after posting


@dataclass(frozen=True)
class ApiPost:
    """One post of the user timeline with its lifetime counters once settled (`settled`, public names plus
    `user_profile_clicks` and `url_link_clicks`; the latter only for a post holding a link)."""

    post_id: str
    author_id: str
    text: str  # as the API writes it: `&`, `<`, `>` as HTML entities
    created_at: datetime  # UTC, millisecond precision
    settled: dict[str, int]


def x_api_time(moment: datetime) -> str:
    """`2026-11-30T17:04:12.000Z`: the API's `created_at`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def x_api_post_item(post: ApiPost, counts: dict[str, int], *, private: bool) -> dict:
    """One element of `data` as X writes it, with `counts` (lifetime counters at the time of the call).
    `private`: the post is younger than 30 days and a user-context token asked for private metrics."""
    item: dict = {
        "edit_history_tweet_ids": [post.post_id],
        "created_at": x_api_time(post.created_at),
        "text": post.text,
        "author_id": post.author_id,
        "id": post.post_id,
        "public_metrics": {name: counts[name] for name in _PUBLIC},
    }
    if private:
        clicks = {"user_profile_clicks": counts["user_profile_clicks"]}
        if "url_link_clicks" in counts:
            clicks["url_link_clicks"] = counts["url_link_clicks"]
        item["non_public_metrics"] = {"impression_count": counts["impression_count"], **clicks}
        item["organic_metrics"] = {
            "impression_count": counts["impression_count"],
            "like_count": counts["like_count"],
            "reply_count": counts["reply_count"],
            "retweet_count": counts["retweet_count"],
            **clicks,
        }
    return item


def x_api_page(items: list[dict], *, next_token: str | None = None, errors: list[dict] | None = None) -> dict:
    """A timeline page: `data` (absent when empty, as X does), `errors` beside it, `meta` last."""
    page: dict = {}
    if items:
        page["data"] = items
    if errors:
        page["errors"] = errors
    meta: dict = {"result_count": len(items)}
    if items:
        meta["newest_id"], meta["oldest_id"] = items[0]["id"], items[-1]["id"]
    if next_token:
        meta["next_token"] = next_token
    page["meta"] = meta
    return page


def x_api_body(page: dict) -> bytes:
    """The page's bytes as X sends them: compact JSON, UTF-8, non-ASCII unescaped."""
    return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_x_api_posts(path: Path, page: dict, *, exported_at: datetime | None = None) -> Path:
    """A timeline response page saved as it came (what the pull lands)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(x_api_body(page))
    return stamp(path, exported_at)


def api_counts(post: ApiPost, snapshot: date) -> dict[str, int]:
    """The post's lifetime counters on `snapshot`: they grow from a tenth of their settled value on the
    posting day to all of it `_SETTLED_DAYS` later, so a later pull always shows the same or more."""
    age = min(max(0, (snapshot - post.created_at.date()).days), _SETTLED_DAYS)
    share = 10 + age * 90 // _SETTLED_DAYS
    return {name: value * share // 100 for name, value in post.settled.items()}


def api_timeline(seed: int, handle: str, first: date, last: date) -> tuple[ApiPost, ...]:
    """Deterministic posts of `handle` created from `first` through `last`, newest first: zero to three
    a day, each day's posts the same whatever range is asked."""
    posts_text = _GEAR_POSTS if handle == "northwindgear" else _HELP_POSTS
    author = X_USER_IDS[handle]
    posts = []
    for day in _days(first, last + timedelta(days=1)):
        rng = random.Random(f"{seed}/x-api/{handle}/{day}")
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        count = rng.choice((0, 1, 1, 2, 3))
        moments = sorted(start + timedelta(milliseconds=rng.randrange(86_400_000)) for _ in range(count))
        for moment in moments:
            text = rng.choice(posts_text).format(link=_t_co(rng), user=rng.choice(_USERS))
            post_id = snowflake(moment, rng)
            created = snowflake_moment(post_id)
            posts.append(ApiPost(post_id, author, html.escape(text, quote=False), created, _settled(rng, text)))
    return tuple(sorted(posts, key=lambda p: int(p.post_id), reverse=True))


def snowflake_moment(post_id: str) -> datetime:
    """The instant a snowflake id encodes (what X's `created_at` says, to the millisecond)."""
    millis = (int(post_id) >> 22) + _TWITTER_EPOCH_MS
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)


def _settled(rng: random.Random, text: str) -> dict[str, int]:
    counts = _tweet_counts(rng, text)
    settled = {
        "retweet_count": counts["retweets"],
        "reply_count": counts["replies"],
        "like_count": counts["likes"],
        "quote_count": rng.randint(0, max(1, counts["retweets"] // 3)),
        "bookmark_count": int(counts["likes"] * rng.uniform(0.0, 0.3)),
        "impression_count": counts["impressions"],
        "user_profile_clicks": counts["user profile clicks"],
    }
    if "t.co/" in text:
        settled["url_link_clicks"] = counts["url clicks"]
    return settled


def _write_api(path: Path, sample: SampleFile) -> Path:
    return write_x_api_posts(path, x_api_page(list(sample.rows)), exported_at=sample.exported_at)


def _api_sample(seed: int, handle: str, tweets: list[Tweet], posts: tuple[ContentPost, ...], day: date) -> SampleFile:
    """The brand handle's timeline as the pull lands it on the content export's download day, an hour
    earlier: the posts of the last 30 days with private metrics, their counters those of the content export
    (the same posts, the same day), quotes drawn. Laid out as `resonance pull x` writes it."""
    rng = random.Random(f"{seed}/x-api/{handle}")
    first = day - timedelta(days=PRIVATE_METRICS_DAYS - 1)
    items = []
    for tweet, post in zip(tweets, posts, strict=True):
        if tweet.time.date() < first:
            continue
        api_post = ApiPost(tweet.tweet_id, X_USER_IDS[handle], post.text, snowflake_moment(tweet.tweet_id), {})
        counts = {
            "retweet_count": post.counts["Reposts"],
            "reply_count": post.counts["Replies"],
            "like_count": post.counts["Likes"],
            "quote_count": rng.randint(0, max(1, post.counts["Reposts"] // 3)),
            "bookmark_count": post.counts["Bookmarks"],
            "impression_count": post.counts["Impressions"],
            "user_profile_clicks": post.counts["Profile visits"],
        }
        if "t.co/" in tweet.text:
            counts["url_link_clicks"] = post.counts["URL Clicks"]
        items.append(x_api_post_item(api_post, counts, private=True))
    pulled = at(day, 7, 15)
    window = f"{first:%Y-%m-%d}_{day:%Y-%m-%d}"
    name = PurePosixPath(handle, "api", "x", "posts", window, f"{pulled:%Y%m%dT%H%M%S}000000Z-0001-private-page1.json")
    return SampleFile(name, "x_api_posts", tuple(items), pulled, _write_api)
