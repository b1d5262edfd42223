"""Meta Business Suite samples: per-post CSVs (Instagram, Facebook) and per-metric Insights CSVs.

Per-post (platform-formats.md 2d): the evidence's headers verbatim; UTF-8 with BOM (the evidence says the
export's BOM hid the header from a Hive user); LF line ends (no evidence either way; LF like the other Meta
CSV samples); quoting as in the evidence's sample rows: a cell is quoted only when it holds a space, a comma,
a quote or a line break (`"Post ID"` and `"Studiostone Creative"` quoted; `Title`, `Photos`, ids, URLs and
numbers bare; `""` inside quoted cells); `Publish time` `"MM/DD/YYYY HH:MM"` in the account's local time;
`Date` the literal `Lifetime`; captions with emoji, a space before a line break, and quotes; counts as bare
integers; `Caption type` `N/A`; empty cells bare.

Per-metric (platform-formats.md 2e and the fixture recipe in section 7): UTF-16LE with BOM `FF FE`; line 1
`sep=,`, line 2 the metric title quoted, line 3 `"Date","Primary"`; every data cell quoted, dates
`YYYY-MM-DDT00:00:00`, values as bare numbers inside the quotes; LF. Follows files are sparse: days without
a follow are left out. `write_meta_mbs_daily_metric` can also write UTF-8 (a third-party tool's variant).

No public source names the per-post file; the sample names here are descriptive, not Meta's. The metric files
are named as Business Suite downloads them (`Views.csv`, `Follows.csv`, with ` (1)` on a second download).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ingest.samples.common import ID_ALPHABET, plain, stamp
from ingest.samples.model import SampleFile

IG_HEADER = (
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
    "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes", "Shares",
    "Follows", "Comments", "Saves",
)  # fmt: skip
FB_HEADER = (
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
    "Funded content status", "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares",
    "Reactions", "Comments", "Shares", "Total clicks", "Other Clicks",
    "Matched Audience Targeting Consumption (Photo Click)",
)  # fmt: skip
METRIC_HEADER = ("Date", "Primary")
MONETIZATION_HEADER = ("Date", "Primary", "content_monetization", "stars", "subscriptions")


@dataclass(frozen=True)
class InstagramPost:
    """One row of the Instagram per-post export: lifetime totals at export time."""

    post_id: str
    account_id: str
    username: str
    account_name: str
    description: str
    duration_sec: int
    publish_time: datetime  # the account's local wall clock, no zone
    permalink: str
    post_type: str  # IG image, IG reel, IG carousel, IG video, IG story
    views: int
    reach: int
    likes: int
    shares: int
    follows: int
    comments: int
    saves: int


@dataclass(frozen=True)
class FacebookPost:
    """One row of the Facebook per-post export: lifetime totals at export time."""

    post_id: str
    page_id: str
    page_name: str
    title: str  # the caption
    duration_sec: int
    publish_time: datetime  # the Page's local wall clock, no zone
    permalink: str
    post_type: str  # Photos, Videos, Links, Reels
    views: int
    reach: int
    reactions: int
    comments: int
    shares: int
    total_clicks: int
    other_clicks: int
    photo_clicks: int
    is_share: bool = False

    @property
    def reactions_comments_and_shares(self) -> int:
        return self.reactions + self.comments + self.shares


@dataclass(frozen=True)
class MetricDay:
    """One day of a per-metric export: `Primary`, plus the monetization columns when the file has them."""

    day: date
    value: int | Decimal
    extra: tuple[Decimal, ...] = ()  # content_monetization, stars, subscriptions


@dataclass(frozen=True)
class MetricSeries:
    """The rows of one per-metric file and its title line."""

    title: str
    days: tuple[MetricDay, ...]
    header: tuple[str, ...] = METRIC_HEADER


# ---- writers --------------------------------------------------------------------------------------------


def mbs_cell(value: object) -> str:
    """A cell as the per-post export writes it: quoted only when it holds a space, comma, quote or line break."""
    text = "" if value is None else str(value)
    if any(ch.isspace() or ch in ',"' for ch in text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _line(cells: Iterable[object]) -> str:
    return ",".join(mbs_cell(c) for c in cells) + "\n"


def publish_time(moment: datetime) -> str:
    return moment.strftime("%m/%d/%Y %H:%M")


def instagram_row(post: InstagramPost) -> list[object]:
    return [
        post.post_id, post.account_id, post.username, post.account_name, post.description, post.duration_sec,
        publish_time(post.publish_time), post.permalink, post.post_type, "", "Lifetime", post.views, post.reach,
        post.likes, post.shares, post.follows, post.comments, post.saves,
    ]  # fmt: skip


def facebook_row(post: FacebookPost) -> list[object]:
    return [
        post.post_id, post.page_id, post.page_name, post.title, "", post.duration_sec,
        publish_time(post.publish_time), "N/A", post.permalink, 0, int(post.is_share), post.post_type, "", "", "",
        "", "Lifetime", post.views, post.reach, post.reactions_comments_and_shares, post.reactions, post.comments,
        post.shares, post.total_clicks, post.other_clicks, post.photo_clicks,
    ]  # fmt: skip


def _write_posts(path: Path, header: Sequence[str], rows: Iterable[list[object]], exported_at: datetime | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _line(header) + "".join(_line(row) for row in rows)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return stamp(path, exported_at)


def write_instagram_mbs_posts(
    path: Path, posts: Iterable[InstagramPost], *, exported_at: datetime | None = None
) -> Path:
    """The Instagram per-post export: UTF-8 with BOM, LF, quoted only where needed."""
    return _write_posts(path, IG_HEADER, (instagram_row(p) for p in posts), exported_at)


def write_facebook_mbs_posts(path: Path, posts: Iterable[FacebookPost], *, exported_at: datetime | None = None) -> Path:
    """The Facebook per-post export: UTF-8 with BOM, LF, quoted only where needed."""
    return _write_posts(path, FB_HEADER, (facebook_row(p) for p in posts), exported_at)


def write_meta_mbs_daily_metric(
    path: Path,
    series: MetricSeries,
    *,
    exported_at: datetime | None = None,
    encoding: str = "utf-16-le",
) -> Path:
    """A per-metric Insights export: BOM + `sep=,`, the quoted title, the quoted header, quoted rows, LF.
    UTF-16LE by default, as Business Suite writes it; `encoding="utf-8"` writes the UTF-8 variant (no BOM)."""
    lines = ["sep=,", f'"{series.title}"', ",".join(f'"{h}"' for h in series.header)]
    for day in series.days:
        cells = [f"{day.day.isoformat()}T00:00:00", plain(day.value), *(plain(v) for v in day.extra)]
        lines.append(",".join(f'"{c}"' for c in cells))
    text = "\n".join(lines) + "\n"
    data = b"\xff\xfe" + text.encode("utf-16-le") if encoding == "utf-16-le" else text.encode(encoding)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return stamp(path, exported_at)


# ---- the demo accounts ----------------------------------------------------------------------------------

IG_FOLDER, FB_FOLDER = "northwindgear-instagram", "northwindgear-facebook"
IG_ACCOUNT = ("17841402938475610", "northwindgear", "Northwind Gear")
FB_PAGE = ("104758293847561", "Northwind Gear", "northwindgear")  # Page ID, Page name, vanity URL
PERIOD = (date(2026, 10, 1), date(2026, 11, 30))  # inclusive
EXPORTED_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

_CAPTIONS = (
    'Meet the "Ridgeline" shell 🧥 \nWaterproof, packable, 340 g.\n\n#NorthwindOutside #hiking',
    "First snow on the pass ❄️ Who's heading out this weekend?",
    'Restock alert 🚨 The "Summit 40" pack is back in all three colours.\nLink in bio.',
    "Repair, don't replace 🪡 \nOur free repair program now covers zips, seams & buckles.",
    'Field test: 3 days, 2 storms, 0 wet socks.\n\n"Best boots I\'ve owned" (Maya, guide) 🥾',
    "Layering 101 for cold mornings:\n- base: merino\n- mid: fleece\n- shell: Ridgeline",
    "Sunrise from camp 2 🌄 Photo by @alpine_jo #NorthwindOutside",
    "-20% on trail shoes until Sunday 🏃\u200d♀️",
    "Which trail should we map next? Comment your favourite ⛰️",
    "=HYPERLINK is not a hiking term, but our gear list is: link in bio 📋",
    "Packing for a hut-to-hut week, one item at a time 🎒",
    "+1 if you've ever forgotten your headlamp 🔦",
)
IG_TYPES = (("IG image", 0.35), ("IG reel", 0.3), ("IG carousel", 0.2), ("IG video", 0.05), ("IG story", 0.1))
FB_TYPES = (("Photos", 0.45), ("Videos", 0.15), ("Links", 0.2), ("Reels", 0.2))


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _local_times(rng: random.Random, count: int) -> list[datetime]:
    """Publish times in the account's local time, minute precision, between 07:00 and 21:59."""
    days = (PERIOD[1] - PERIOD[0]).days + 1
    picked = sorted(rng.sample(range(days * 15 * 60), count))
    result = []
    for minute in picked:
        day = PERIOD[0] + timedelta(days=minute // (15 * 60))
        within = minute % (15 * 60)
        result.append(datetime(day.year, day.month, day.day, 7 + within // 60, within % 60))
    return result


def _shortcode(rng: random.Random) -> str:
    return "D" + "".join(rng.choice(ID_ALPHABET) for _ in range(10))


def instagram_posts(rng: random.Random) -> tuple[InstagramPost, ...]:
    account_id, username, name = IG_ACCOUNT
    posts = []
    for moment in _local_times(rng, rng.randint(28, 36)):
        kind = _pick(rng, IG_TYPES)
        post_id = "18" + "".join(rng.choice("0123456789") for _ in range(15))
        if kind == "IG story":
            permalink = f"https://www.instagram.com/stories/{username}/{post_id}/"
            caption, duration = "", rng.choice((5, 15))
        else:
            folder = "reel" if kind in ("IG reel", "IG video") else "p"
            permalink = f"https://www.instagram.com/{folder}/{_shortcode(rng)}/"
            caption = rng.choice(_CAPTIONS)
            duration = rng.randint(8, 90) if kind in ("IG reel", "IG video") else 0
        scale = 4.0 if kind == "IG reel" else 1.0
        views = max(30, int(rng.lognormvariate(6.6, 0.7) * scale))
        reach = max(1, int(views / rng.uniform(1.2, 2.2)))
        story = kind == "IG story"
        likes = 0 if story else int(reach * rng.uniform(0.02, 0.09))
        posts.append(
            InstagramPost(
                post_id=post_id,
                account_id=account_id,
                username=username,
                account_name=name,
                description=caption,
                duration_sec=duration,
                publish_time=moment,
                permalink=permalink,
                post_type=kind,
                views=views,
                reach=reach,
                likes=likes,
                shares=int(reach * rng.uniform(0.0, 0.02)),
                follows=rng.choice((0, 0, 0, 1, 2, 3)),
                comments=0 if story else rng.randint(0, max(1, likes // 8)),
                saves=0 if story else int(reach * rng.uniform(0.0, 0.03)),
            )
        )
    return tuple(reversed(posts))  # newest first, as Business Suite lists them


def facebook_posts(rng: random.Random) -> tuple[FacebookPost, ...]:
    page_id, name, vanity = FB_PAGE
    posts = []
    for index, moment in enumerate(_local_times(rng, rng.randint(24, 32))):
        kind = _pick(rng, FB_TYPES)
        number = "".join(rng.choice("0123456789") for _ in range(15))
        post_id = f"{page_id}_{number}" if index < 2 else "1" + number  # two legacy `pageid_postid` ids
        token = "pfbid0" + "".join(rng.choice(ID_ALPHABET[:62]) for _ in range(30))
        permalink = {
            "Videos": f"https://www.facebook.com/{vanity}/videos/{'1' + number}/",
            "Reels": f"https://www.facebook.com/reel/{'1' + number}/",
        }.get(kind, f"https://www.facebook.com/{vanity}/posts/{token}")
        views = max(20, int(rng.lognormvariate(6.0, 0.8) * (3.0 if kind == "Reels" else 1.0)))
        reach = max(1, int(views / rng.uniform(1.1, 1.9)))
        reactions = int(reach * rng.uniform(0.01, 0.07))
        photo_clicks = int(reach * rng.uniform(0.0, 0.05)) if kind == "Photos" else 0
        other_clicks = int(reach * rng.uniform(0.0, 0.03))
        link_clicks = int(reach * rng.uniform(0.01, 0.05)) if kind == "Links" else 0
        posts.append(
            FacebookPost(
                post_id=post_id,
                page_id=page_id,
                page_name=name,
                title=rng.choice(_CAPTIONS),
                duration_sec=rng.randint(10, 120) if kind in ("Videos", "Reels") else 0,
                publish_time=moment,
                permalink=permalink,
                post_type=kind,
                views=views,
                reach=reach,
                reactions=reactions,
                comments=rng.randint(0, max(1, reactions // 5)),
                shares=rng.randint(0, max(1, reactions // 6)),
                total_clicks=photo_clicks + other_clicks + link_clicks,
                other_clicks=other_clicks,
                photo_clicks=photo_clicks,
                is_share=index == 5,
            )
        )
    return tuple(reversed(posts))


def _days() -> list[date]:
    return [PERIOD[0] + timedelta(days=n) for n in range((PERIOD[1] - PERIOD[0]).days + 1)]


def daily_series(rng: random.Random, title: str, *, low: int, high: int, sparse: bool = False) -> MetricSeries:
    """A day-by-day series; a sparse one (follows) leaves out the days with nothing to count."""
    days = []
    for day in _days():
        value = rng.randint(low, high)
        if sparse and value <= 0:
            continue
        days.append(MetricDay(day, max(value, 0)))
    return MetricSeries(title, tuple(days))


def _write_ig(path: Path, sample: SampleFile) -> Path:
    return write_instagram_mbs_posts(path, sample.rows, exported_at=sample.exported_at)


def _write_fb(path: Path, sample: SampleFile) -> Path:
    return write_facebook_mbs_posts(path, sample.rows, exported_at=sample.exported_at)


def metric_writer(title: str) -> Callable[[Path, SampleFile], Path]:
    """The writer of a per-metric sample: its rows are the days, the title is fixed here."""

    def write(path: Path, sample: SampleFile) -> Path:
        return write_meta_mbs_daily_metric(path, MetricSeries(title, sample.rows), exported_at=sample.exported_at)

    return write


def samples(seed: int) -> list[SampleFile]:
    """Oct-Nov 2026 per-post exports for the Instagram account and the Facebook Page, and per-metric files:
    Views and (sparse) Instagram follows for Instagram, Views and (sparse) Facebook follows for the Page."""
    name = "mbs-posts-2026-10-01_2026-11-30.csv"
    ig = instagram_posts(random.Random(f"{seed}/mbs/instagram/posts"))
    fb = facebook_posts(random.Random(f"{seed}/mbs/facebook/posts"))
    metric = random.Random(f"{seed}/mbs/metrics")
    series = (
        (IG_FOLDER, "Views.csv", daily_series(metric, "Views", low=800, high=6000)),
        (IG_FOLDER, "Follows.csv", daily_series(metric, "Instagram follows", low=-6, high=14, sparse=True)),
        (FB_FOLDER, "Views (1).csv", daily_series(metric, "Views", low=300, high=2500)),
        (FB_FOLDER, "Follows.csv", daily_series(metric, "Facebook follows", low=-4, high=3, sparse=True)),
    )
    return [
        SampleFile(PurePosixPath(IG_FOLDER, name), "instagram_mbs_posts", ig, EXPORTED_AT, _write_ig),
        SampleFile(PurePosixPath(FB_FOLDER, name), "facebook_mbs_posts", fb, EXPORTED_AT, _write_fb),
        *(
            SampleFile(
                PurePosixPath(folder, file), "meta_mbs_daily_metric", rows.days, EXPORTED_AT, metric_writer(rows.title)
            )
            for folder, file, rows in series
        ),
    ]
