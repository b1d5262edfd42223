"""X legacy tweet activity samples (platform-formats.md 1a): UTF-8 without BOM, LF, every field quoted,
40 columns; the first ten counts and the engagement rate as floats (`"424.0"`,
`"0.038461538461538464"`), later counts as integers, `-` in all promoted columns of an organic tweet. No
public file shows a promoted tweet; its promoted columns here follow the organic columns' styles."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePosixPath

from ingest.samples.common import ID_ALPHABET, at, stamp
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
    """A month of tweet activity per handle and month; the brand handle has three promoted tweets."""
    files = []
    for handle in X_HANDLES:
        for start, end in X_MONTHS:
            rng = random.Random(f"{seed}/x/{handle}/{start}")
            tweets = _month_tweets(rng, handle, start, end, promoted=3 if handle == "northwindgear" else 0)
            name = PurePosixPath(handle, x_file_name(handle, start, end))
            files.append(SampleFile(name, "x_tweet_activity", tweets, at(end, 9, 30), _write))
    return files
