"""Benchmark volume: deterministic exports at scale, in the platforms' own formats, written as a stream.

Which exports, and why: the volume of a social warehouse is post-day (or video-day) insight rows, so the mix
is made of the exports that really carry them at volume, written by the same sample writers the tests and the
demo use (`ingest.samples`), so the bytes are the ones the parsers are tested on:

- **YouTube Reporting `channel_basic_a3`** (about 65 % of rows): one CSV per channel and day with a row per
  video x country x subscribed status, the bulk report a channel network downloads daily; the widest file
  (34 columns, long floats), so it dominates parse cost as it does in production.
- **YouTube Studio `Chart data.csv` by content** (about 20 %): a year of views per video and day in one
  export per channel, the largest single files (hundreds of thousands of rows each).
- **X legacy per-tweet activity** (about 15 %): one export per handle and day covering the trailing 91 days;
  each tweet's lifetime counts per export day are the post-day snapshots `fct_post_daily` differences, with
  quoted multi-line tweet texts and emoji (the hardest CSV of the three).

Everything derives from `random.Random` seeded per file, so the same `rows` gives byte-identical files.
Rows go from a generator straight to the writer: one file's rows at most are ever in flight, never the
whole volume. `one_more_day` writes the next day of the daily exports (for the incremental dbt build),
`channel_basic_file` a single report of a chosen size (for the memory stage).
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from ingest.samples.common import ID_ALPHABET
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity, x_file_name
from ingest.samples.youtube import (
    ChannelBasicRow,
    ChartPoint,
    write_youtube_channel_basic,
    write_youtube_chart_data,
)

FIRST_DAY = date(2026, 9, 1)
COUNTRIES = ("US", "DE", "GB", "CA", "FR", "NL", "CH", "AT", "SE", "NO", "IT", "ES", "AU", "NZ", "JP",
             "IN", "PL", "BR", "MX", "ZZ")  # fmt: skip
STATUSES = ("subscribed", "unsubscribed")
CHANNELS = 4
X_HANDLES = 8
X_WINDOW_DAYS = 91  # the longest range X's legacy analytics exported
CHART_DAYS = 365
SHARES = {"youtube_channel_basic": 0.65, "youtube_studio_chart": 0.20, "x_tweet_activity": 0.15}


@dataclass(frozen=True)
class Shape:
    """How many files and rows each export gets for a target row count (see `Shape.for_rows`)."""

    rows: int
    days: int  # daily exports (channel_basic, X) per channel or handle
    videos: int  # per channel, in channel_basic
    chart_videos: int  # per channel, in the chart (the channel's first videos)
    tweets_per_day: int  # per handle

    @classmethod
    def for_rows(cls, rows: int) -> Shape:
        days = max(2, min(30, rows // 300_000))
        videos = max(2, round(rows * SHARES["youtube_channel_basic"] / (CHANNELS * days * len(COUNTRIES) * 2)))
        per_file = rows * SHARES["x_tweet_activity"] / (X_HANDLES * days)
        chart_videos = max(1, round(rows * SHARES["youtube_studio_chart"] / (CHANNELS * CHART_DAYS)))
        tweets_per_day = max(1, round(per_file / X_WINDOW_DAYS))
        return cls(rows=rows, days=days, videos=videos, chart_videos=chart_videos, tweets_per_day=tweets_per_day)

    @property
    def last_day(self) -> date:
        return FIRST_DAY + timedelta(self.days - 1)

    def expected_rows(self) -> dict[str, int]:
        return {
            "youtube_channel_basic": CHANNELS * self.days * (self.videos * len(COUNTRIES) * len(STATUSES) + 1),
            "youtube_studio_chart": CHANNELS * CHART_DAYS * self.chart_videos,
            "x_tweet_activity": X_HANDLES * self.days * X_WINDOW_DAYS * self.tweets_per_day,
        }

    def stamp(self) -> str:
        """Names the files this shape writes (a re-run with the same stamp can reuse them)."""
        return hashlib.sha256(repr(sorted(asdict(self).items())).encode()).hexdigest()[:12]


def channel_id(index: int) -> str:
    return "UC" + _token(random.Random(f"channel/{index}"), 22)


def video_ids(channel: int, count: int) -> list[str]:
    rng = random.Random(f"videos/{channel}")
    return [_token(rng, 11) for _ in range(count)]


def _token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(ID_ALPHABET) for _ in range(length))


def _exported(day: date) -> datetime:
    """Reports for a day are fetched the next morning (the as-of comes from the file's mtime)."""
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(days=1)


# ---- YouTube Reporting channel_basic_a3 -----------------------------------------------------------------


def _channel_basic_rows(channel: int, day: date, videos: list[str]) -> Iterator[ChannelBasicRow]:
    rng = random.Random(f"channel_basic/{channel}/{day}")
    owner = channel_id(channel)
    for video in videos:
        popularity = rng.lognormvariate(2.5, 1.0)
        for country in COUNTRIES:
            for status in STATUSES:
                views = int(popularity * rng.uniform(0.2, 2.0))
                yield ChannelBasicRow(
                    day, owner, video, "on_demand", status, country, views,
                    engaged_views=int(views * rng.uniform(0.7, 1.0)),
                    likes=int(views * rng.uniform(0, 0.05)),
                    comments=int(views * rng.uniform(0, 0.01)),
                    shares=int(views * rng.uniform(0, 0.01)),
                    watch_time_minutes=views * rng.uniform(1.0, 7.0),
                    subscribers_gained=int(views * rng.uniform(0, 0.02)),
                    subscribers_lost=rng.randint(0, 1),
                )  # fmt: skip
    # The channel-level row: subscriber changes YouTube does not attribute to a video.
    yield ChannelBasicRow(day, owner, "", "on_demand", "unknown", "ZZ", 0, 0, 0, 0, 0, 0.0, rng.randint(0, 9), 0)


def channel_basic_file(landing: Path, channel: int, day: date, videos: int) -> Path:
    """One day's channel_basic_a3 report of `channel` with `videos` videos, under `landing/<channel>/`."""
    path = landing / channel_id(channel) / "reporting-api" / f"channel_basic_a3_{day:%Y%m%d}.csv"
    rows = _channel_basic_rows(channel, day, video_ids(channel, videos))
    return write_youtube_channel_basic(path, rows, exported_at=_exported(day))  # type: ignore[arg-type]


# ---- YouTube Studio Chart data (Content x Date, Views) ----------------------------------------------------


def _chart_points(channel: int, videos: list[str], last_day: date) -> Iterator[ChartPoint]:
    rng = random.Random(f"chart/{channel}")
    first = last_day - timedelta(CHART_DAYS - 1)
    for video in videos:  # Studio sorts by dimension value, then day
        level = rng.lognormvariate(4.0, 1.2)
        for offset in range(CHART_DAYS):
            yield ChartPoint(first + timedelta(offset), video, int(level * rng.uniform(0.3, 1.7)))


def chart_file(landing: Path, channel: int, shape: Shape) -> Path:
    period = f"{shape.last_day - timedelta(CHART_DAYS - 1):%Y-%m-%d}_{shape.last_day:%Y-%m-%d}"
    path = landing / channel_id(channel) / f"Content {period}" / "Chart data.csv"
    points = _chart_points(channel, video_ids(channel, shape.chart_videos), shape.last_day)
    return write_youtube_chart_data(
        path,
        points,  # type: ignore[arg-type]
        dimension="Content",
        metric="Views",
        exported_at=_exported(shape.last_day),
    )


# ---- X legacy per-tweet activity ------------------------------------------------------------------------

_TEXTS = (
    'New drop: the "Ridgeline" shell 🧥 waterproof, packable, 340 g.\nhttps://t.co/{code}',
    "First snow on the pass ❄️ Who's heading out this weekend? #trailrunning",
    "Thread 🧵 what 1,200 hikers carry, part {n}/5",
    "@trailmix_ana Sorry about the delay! Your order shipped this morning 📦",
    "Layering 101:\n- base: merino\n- mid: fleece\n- shell: Ridgeline",
)
_TWITTER_EPOCH_MS = 1288834974657


@dataclass(frozen=True)
class _Post:
    tweet_id: str
    text: str
    time: datetime
    reach: float  # lifetime impressions it converges to


def posts(handle: int, shape: Shape, last_day: date) -> list[_Post]:
    """A handle's tweets from the first export window's start to `last_day` (bounded: tweets, not rows)."""
    rng = random.Random(f"x/{handle}")
    first = FIRST_DAY - timedelta(X_WINDOW_DAYS)
    found = []
    for offset in range((last_day - first).days + 1):
        day = first + timedelta(offset)
        for _ in range(shape.tweets_per_day):
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=rng.randrange(1440))
            millis = int(moment.timestamp() * 1000) + rng.randrange(60_000)
            tweet_id = str(((millis - _TWITTER_EPOCH_MS) << 22) | rng.randrange(1 << 22))
            text = rng.choice(_TEXTS).format(code=_token(rng, 10), n=rng.randint(1, 5))
            found.append(_Post(tweet_id, text, moment, rng.lognormvariate(7.0, 0.9)))
    return found


def _lifetime_counts(post: _Post, as_of: date) -> dict[str, int]:
    """Counts that grow with the tweet's age (lifetime counters), deterministic per tweet and export day."""
    age = (datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC) - post.time).total_seconds() / 86_400
    impressions = max(1, int(post.reach * min(1.0, 0.35 + age / 10)))
    rng = random.Random(f"{post.tweet_id}/{as_of}")
    likes = int(impressions * rng.uniform(0.004, 0.04))
    counts = dict.fromkeys(X_COUNTS, 0)
    counts.update(
        impressions=impressions,
        likes=likes,
        retweets=int(likes * rng.uniform(0.05, 0.35)),
        replies=rng.randint(0, max(1, likes // 4)),
        **{"detail expands": int(impressions * rng.uniform(0.002, 0.015))},
    )
    counts["engagements"] = sum(v for k, v in counts.items() if k not in ("impressions", "media views"))
    return counts


def x_file(landing: Path, handle: int, export_day: date, tweets_so_far: list[_Post]) -> Path:
    """The per-tweet export a handle downloads on `export_day`: tweets of the 91 days before it."""
    name = f"brand{handle:02d}"
    start = export_day - timedelta(X_WINDOW_DAYS)
    path = landing / name / "x" / x_file_name(name, start, export_day)
    start_at = datetime(start.year, start.month, start.day, tzinfo=UTC)
    end_at = datetime(export_day.year, export_day.month, export_day.day, tzinfo=UTC)
    tweets = (
        Tweet(p.tweet_id, name, p.text, p.time, _lifetime_counts(p, export_day))
        for p in reversed(tweets_so_far)  # newest first, as X lists them
        if start_at <= p.time < end_at
    )
    return write_x_tweet_activity(path, tweets, exported_at=end_at + timedelta(hours=9))


# ---- the whole volume -----------------------------------------------------------------------------------


def write_volume(landing: Path, shape: Shape, *, workers: int | None = None) -> list[Path]:
    """Every base export for `shape` under `landing` (daily files for `shape.days` days, one chart per
    channel). Each file is written by one process of a pool (one per core); rows stream from generators
    into the writers, and every file is seeded on its own, so the bytes do not depend on the pool."""
    jobs: list[tuple] = []
    for channel in range(CHANNELS):
        jobs += [("channel_basic", landing, channel, FIRST_DAY + timedelta(o), shape.videos) for o in range(shape.days)]
        jobs.append(("chart", landing, channel, shape))
    for handle in range(X_HANDLES):
        # the export downloaded the morning after day `offset` covers up to that day (end exclusive)
        jobs += [("x", landing, handle, FIRST_DAY + timedelta(o + 1), shape) for o in range(shape.days)]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return list(pool.map(_write_job, jobs, chunksize=4))


def _write_job(job: tuple) -> Path:
    kind, landing, *args = job
    if kind == "channel_basic":
        return channel_basic_file(landing, *args)
    if kind == "chart":
        return chart_file(landing, *args)
    handle, export_day, shape = args
    return x_file(landing, handle, export_day, _posts_until_last_day(handle, shape))


@lru_cache(maxsize=X_HANDLES)
def _posts_until_last_day(handle: int, shape: Shape) -> list[_Post]:
    return posts(handle, shape, shape.last_day)


def one_more_day(landing: Path, shape: Shape) -> list[Path]:
    """The next day of the daily exports (channel_basic per channel, per-tweet per handle)."""
    day = shape.last_day + timedelta(1)
    written = [channel_basic_file(landing, channel, day, shape.videos) for channel in range(CHANNELS)]
    for handle in range(X_HANDLES):
        written.append(x_file(landing, handle, day + timedelta(1), posts(handle, shape, day)))
    return written
