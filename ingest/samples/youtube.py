"""YouTube Studio `Table data.csv` samples (platform-formats.md 5c): UTF-8 without BOM, LF, minimal
quoting, `Total` second, ids starting with `-` written with a leading space, `"Sep 27, 2024"` publish
dates, blank cells."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ingest.samples.common import ID_ALPHABET, MONTH_ABBR, at, plain, quantize, stamp
from ingest.samples.model import SampleFile

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
        return quantize(100 * self.average_view_duration_seconds / self.duration_seconds, 2)

    @property
    def average_views_per_viewer(self) -> Decimal | None:
        return None if not self.unique_viewers else quantize(self.views / self.unique_viewers, 2)


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
    return "" if day is None else f"{MONTH_ABBR[day.month - 1]} {day.day}, {day.year}"


def _weighted(pairs: Sequence[tuple[Decimal | None, int]]) -> Decimal:
    filled = [(v, w) for v, w in pairs if v is not None]
    weight = sum(w for _, w in filled)
    return quantize(sum(v * w for v, w in filled) / weight, 2) if weight else Decimal(0)


def _content_row(video: Video) -> list[str]:
    return [
        (" " + video.video_id) if video.video_id.startswith("-") else video.video_id,
        video.title,
        _studio_date(video.published),
        str(video.duration_seconds),
        plain(video.stayed_to_watch_percent),
        plain(video.unique_viewers),
        plain(video.average_views_per_viewer),
        plain(video.new_viewers),
        plain(video.returning_viewers),
        plain(video.casual_viewers),
        str(video.engaged_views),
        _clock(video.average_view_duration_seconds),
        plain(video.average_percentage_viewed),
        str(video.views),
        plain(video.watch_time_hours),
        str(video.subscribers),
        plain(video.estimated_revenue),
        str(video.impressions),
        plain(video.impressions_ctr_percent),
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
        plain(_weighted([(v.stayed_to_watch_percent, v.views) for v in videos])),
        str(unique),
        plain(quantize(sum(v.views for v in videos if v.unique_viewers) / unique, 2) if unique else 0),
        str(sum(v.new_viewers or 0 for v in videos)),
        str(sum(v.returning_viewers or 0 for v in videos)),
        str(sum(v.casual_viewers or 0 for v in videos)),
        str(sum(v.engaged_views for v in videos)),
        _clock(int(hours * 3600 / views)) if views else "0:00:00",
        plain(_weighted([(v.average_percentage_viewed, v.views) for v in videos])),
        str(views),
        plain(hours),
        str(sum(v.subscribers for v in videos)),
        plain(sum(v.estimated_revenue or 0 for v in videos)),
        str(sum(v.impressions for v in videos)),
        plain(_weighted([(v.impressions_ctr_percent, v.impressions) for v in videos])),
    ]


def write_youtube_content_table(path: Path, videos: Sequence[Video], *, exported_at: datetime | None = None) -> Path:
    """A Studio `Table data.csv` by content: header, `Total`, one row per video; LF, minimal quoting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(YOUTUBE_CONTENT_HEADER)
        writer.writerow(_content_total(videos))
        writer.writerows(_content_row(v) for v in videos)
    return stamp(path, exported_at)


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
        writer.writerow(["Total", str(views), _clock(int(hours * 3600 / views)) if views else "", plain(hours)])
        for c in countries:
            duration = "" if c.average_view_duration_seconds is None else _clock(c.average_view_duration_seconds)
            writer.writerow([c.geography, str(c.views), duration, plain(c.watch_time_hours)])
    return stamp(path, exported_at)


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
    body = "".join(rng.choice(ID_ALPHABET) for _ in range(10))
    return ("-" if dash else rng.choice(ID_ALPHABET[:62])) + body


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
                watch_time_hours=quantize(views * average / 3600, 4),
                subscribers=-2 if index == negative else int(views * rng.uniform(0.0, 0.02)),
                impressions=impressions,
                impressions_ctr_percent=quantize(100 * views / impressions * rng.uniform(0.3, 0.8), 2),
                estimated_revenue=None if index in no_revenue else quantize(views * rng.uniform(0.0005, 0.004), 3),
                stayed_to_watch_percent=quantize(rng.uniform(40, 90), 2) if short else None,
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
        rows.append(CountryViews(code, views, average, quantize(views * average / 3600, 4)))
    rows.sort(key=lambda c: -c.views)
    return (*rows, *(CountryViews(code, 0, None, Decimal(0)) for code in _NO_VIEWS))


YOUTUBE_CHANNEL = "northwindgear-youtube"
YOUTUBE_PERIOD = "2026-09-01_2026-11-30 Northwind Gear"


def _write_content(path: Path, sample: SampleFile) -> Path:
    return write_youtube_content_table(path, sample.rows, exported_at=sample.exported_at)


def _write_geography(path: Path, sample: SampleFile) -> Path:
    return write_youtube_geography_table(path, sample.rows, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """The channel's content table and, two minutes later, its geography table."""
    exported = at(date(2026, 12, 1), 10, 15)
    content = PurePosixPath(YOUTUBE_CHANNEL, f"Content {YOUTUBE_PERIOD}", "Table data.csv")
    geography = PurePosixPath(YOUTUBE_CHANNEL, f"Geography {YOUTUBE_PERIOD}", "Table data.csv")
    return [
        SampleFile(content, "youtube_studio_content", _videos(random.Random(f"{seed}/yt/c")), exported, _write_content),
        SampleFile(
            geography,
            "youtube_studio_geography",
            _countries(random.Random(f"{seed}/yt/g")),
            exported + timedelta(minutes=2),
            _write_geography,
        ),
    ]
