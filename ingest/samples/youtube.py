"""YouTube Studio `Table data.csv` samples (platform-formats.md 5c): UTF-8 without BOM, LF, minimal
quoting, `Total` second, ids starting with `-` written with a leading space, `"Sep 27, 2024"` publish
dates, blank cells.

Studio's `Chart data.csv` and `Totals.csv` (5c, bytes of the CodingTrain export): UTF-8 without BOM, LF,
no quoting needed, ISO dates; the chart is long (`Date,Geography,Views`), sorted by dimension value then
day; totals are `Date,Views` by day, and exceed the chart's sum where Studio left rows out.
The Reporting API's `channel_basic_a3` CSV (5a): UTF-8 without BOM, LF, unquoted, `date` as `YYYYMMDD`,
watch time as long floats (`85.756416666666667`), an empty `video_id` on channel-level rows, `ZZ` for
unknown countries, and the column order of the report (not guaranteed: tests shuffle it)."""

from __future__ import annotations

import csv
import io
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


@dataclass(frozen=True)
class ChartPoint:
    """One row of a Studio `Chart data.csv`: a day, a dimension value, the metric's value."""

    day: date
    dimension_value: str
    value: int


@dataclass(frozen=True)
class DailyTotal:
    """One row of a Studio `Totals.csv`."""

    day: date
    value: int


def write_youtube_chart_data(
    path: Path,
    points: Sequence[ChartPoint],
    *,
    dimension: str = "Geography",
    metric: str = "Views",
    exported_at: datetime | None = None,
) -> Path:
    """A Studio `Chart data.csv`: `Date,<dimension>,<metric>`, one row per (dimension value, day)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("Date", dimension, metric))
        writer.writerows((p.day.isoformat(), p.dimension_value, str(p.value)) for p in points)
    return stamp(path, exported_at)


def write_youtube_totals(
    path: Path, totals: Sequence[DailyTotal], *, metric: str = "Views", exported_at: datetime | None = None
) -> Path:
    """A Studio `Totals.csv`: `Date,<metric>`, one row per day."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("Date", metric))
        writer.writerows((t.day.isoformat(), str(t.value)) for t in totals)
    return stamp(path, exported_at)


CHANNEL_BASIC_A3_HEADER = (
    "date",
    "channel_id",
    "video_id",
    "live_or_on_demand",
    "subscribed_status",
    "country_code",
    "views",
    "comments",
    "likes",
    "dislikes",
    "shares",
    "watch_time_minutes",
    "average_view_duration_seconds",
    "average_view_duration_percentage",
    "annotation_impressions",
    "annotation_clickable_impressions",
    "annotation_clicks",
    "annotation_click_through_rate",
    "annotation_closable_impressions",
    "annotation_closes",
    "annotation_close_rate",
    "card_teaser_impressions",
    "card_teaser_clicks",
    "card_teaser_click_rate",
    "card_impressions",
    "card_clicks",
    "card_click_rate",
    "subscribers_gained",
    "subscribers_lost",
    "videos_added_to_playlists",
    "videos_removed_from_playlists",
    "red_views",
    "red_watch_time_minutes",
    "engaged_views",
)  # fmt: skip (the order of Airbyte's channel_basic_a3 schema)


@dataclass(frozen=True)
class ChannelBasicRow:
    """One row of a `channel_basic_a3` report. `video_id` '' is a channel-level row."""

    day: date
    channel_id: str
    video_id: str
    live_or_on_demand: str
    subscribed_status: str
    country_code: str
    views: int
    engaged_views: int
    likes: int
    comments: int
    shares: int
    watch_time_minutes: float
    subscribers_gained: int
    subscribers_lost: int
    video_duration_seconds: int = 600

    @property
    def average_view_duration_seconds(self) -> float:
        return self.watch_time_minutes * 60 / self.views if self.views else 0.0

    @property
    def average_view_duration_percentage(self) -> float:
        return 100 * self.average_view_duration_seconds / self.video_duration_seconds

    def cells(self) -> dict[str, str]:
        zero = dict.fromkeys(CHANNEL_BASIC_A3_HEADER, "0")
        return {
            **zero,
            "date": self.day.strftime("%Y%m%d"),
            "channel_id": self.channel_id,
            "video_id": self.video_id,
            "live_or_on_demand": self.live_or_on_demand,
            "subscribed_status": self.subscribed_status,
            "country_code": self.country_code,
            "views": str(self.views),
            "engaged_views": str(self.engaged_views),
            "likes": str(self.likes),
            "comments": str(self.comments),
            "shares": str(self.shares),
            "watch_time_minutes": repr(self.watch_time_minutes),
            "average_view_duration_seconds": repr(self.average_view_duration_seconds),
            "average_view_duration_percentage": repr(self.average_view_duration_percentage),
            "subscribers_gained": str(self.subscribers_gained),
            "subscribers_lost": str(self.subscribers_lost),
        }


def write_youtube_channel_basic(
    path: Path,
    rows: Sequence[ChannelBasicRow],
    *,
    header: Sequence[str] = CHANNEL_BASIC_A3_HEADER,
    exported_at: datetime | None = None,
) -> Path:
    """A `channel_basic_a3` report CSV with the columns in `header`'s order (pass a shuffled or an a2
    header, without `engaged_views`, to write those variants)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(channel_basic_csv(rows, header=header), encoding="utf-8", newline="")
    return stamp(path, exported_at)


def channel_basic_csv(rows: Sequence[ChannelBasicRow], *, header: Sequence[str] = CHANNEL_BASIC_A3_HEADER) -> str:
    """The text of a `channel_basic_a3` report, as the Reporting API's download serves it (the API stand-in
    serves these bytes; no rows is the header-only file YouTube sends for an empty day)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        values = row.cells()
        writer.writerow(values[name] for name in header)
    return buffer.getvalue()


def channel_basic_day(rng: random.Random, channel_id: str, day: date, video_ids: Sequence[str]) -> tuple:
    """One day of a channel_basic report: per video, live/on-demand, subscribed state and country, plus the
    channel-level rows (empty video_id) that carry subscriber changes YouTube does not attribute."""
    rows = []
    for video_id in video_ids:
        for country in ("US", "DE", "GB", "CA", "ZZ"):
            for status in ("subscribed", "unsubscribed"):
                views = int(rng.lognormvariate(3.5, 1.0))
                if views == 0:
                    continue
                minutes = views * rng.uniform(1.0, 7.0) + rng.random() / 3
                rows.append(
                    ChannelBasicRow(
                        day,
                        channel_id,
                        video_id,
                        "on_demand",
                        status,
                        country,
                        views,
                        engaged_views=int(views * rng.uniform(0.7, 1.0)),
                        likes=int(views * rng.uniform(0, 0.05)),
                        comments=int(views * rng.uniform(0, 0.01)),
                        shares=int(views * rng.uniform(0, 0.01)),
                        watch_time_minutes=minutes,
                        subscribers_gained=int(views * rng.uniform(0, 0.02)),
                        subscribers_lost=rng.randint(0, 1),
                    )  # fmt: skip
                )
    for country in ("US", "DE", "ZZ"):
        rows.append(
            ChannelBasicRow(
                day,
                channel_id,
                "",
                "on_demand",
                "unknown",
                country,
                0,
                0,
                0,
                0,
                0,
                0.0,
                rng.randint(0, 6),
                rng.randint(0, 3),
            )  # fmt: skip
        )
    return tuple(rows)


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


def _chart(rng: random.Random, start: date, days: int) -> tuple[tuple[ChartPoint, ...], tuple[DailyTotal, ...]]:
    """Daily views by country over `days` days, and the daily totals (the chart's sum plus views Studio did
    not chart, as in the real export); a few countries have zero-view days."""
    scale = {code: rng.lognormvariate(3.0, 1.0) for code in (*_COUNTRIES, *_NO_VIEWS[:2])}
    points = []
    for code in sorted(scale):
        for offset in range(days):
            weekend = (start + timedelta(offset)).weekday() >= 5
            views = 0 if code in _NO_VIEWS else int(scale[code] * rng.uniform(0.4, 1.6) * (1.3 if weekend else 1.0))
            points.append(ChartPoint(start + timedelta(offset), code, views))
    by_day = {start + timedelta(offset): 0 for offset in range(days)}
    for point in points:
        by_day[point.day] += point.value
    totals = tuple(DailyTotal(day, views + rng.randint(0, max(1, views // 20))) for day, views in by_day.items())
    return tuple(points), totals


YOUTUBE_CHANNEL = "northwindgear-youtube"
YOUTUBE_PERIOD = "2026-09-01_2026-11-30 Northwind Gear"


def _write_content(path: Path, sample: SampleFile) -> Path:
    return write_youtube_content_table(path, sample.rows, exported_at=sample.exported_at)


def _write_geography(path: Path, sample: SampleFile) -> Path:
    return write_youtube_geography_table(path, sample.rows, exported_at=sample.exported_at)


def _write_chart(path: Path, sample: SampleFile) -> Path:
    return write_youtube_chart_data(path, sample.rows, exported_at=sample.exported_at)


def _write_totals(path: Path, sample: SampleFile) -> Path:
    return write_youtube_totals(path, sample.rows, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """The channel's content table and, two minutes later, its geography view (Table data, Chart data and
    Totals, as Studio zips them)."""
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
        *_chart_samples(seed, geography.parent, exported + timedelta(minutes=2)),
        *_report_samples(seed),
    ]


YOUTUBE_CHANNEL_ID = "UCx7NwGearQ8sTr4iLk2pB9w"


def _write_channel_basic(path: Path, sample: SampleFile) -> Path:
    return write_youtube_channel_basic(path, sample.rows, exported_at=sample.exported_at)


def report_video_ids(seed: int, count: int = 6) -> list[str]:
    """The channel's most viewed videos, the ones its channel_basic reports carry rows for."""
    return [v.video_id for v in _videos(random.Random(f"{seed}/yt/c"))[:count]]


def _report_samples(seed: int) -> list[SampleFile]:
    """Two days of the channel_basic_a3 report, each fetched the next day at 09:00 UTC."""
    rng = random.Random(f"{seed}/yt/report")
    videos = report_video_ids(seed)
    files = []
    for day in (date(2026, 11, 29), date(2026, 11, 30)):
        name = PurePosixPath(YOUTUBE_CHANNEL, "reporting-api", f"channel_basic_a3_{day:%Y%m%d}.csv")
        rows = channel_basic_day(rng, YOUTUBE_CHANNEL_ID, day, videos)
        files.append(SampleFile(name, "youtube_channel_basic", rows, at(day + timedelta(1), 9), _write_channel_basic))
    return files


def _chart_samples(seed: int, folder: PurePosixPath, exported: datetime) -> list[SampleFile]:
    points, totals = _chart(random.Random(f"{seed}/yt/chart"), date(2026, 9, 1), 91)
    return [
        SampleFile(folder / "Chart data.csv", "youtube_studio_chart", points, exported, _write_chart),
        SampleFile(folder / "Totals.csv", "youtube_studio_totals", totals, exported, _write_totals),
    ]
