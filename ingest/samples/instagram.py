"""Instagram Graph API samples, saved the way a script saves a response (platform-formats.md 0, 2a, 2c).

Bytes: UTF-8 JSON as the Graph API returns it: compact (no spaces), non-ASCII characters written as they
are (`json.dumps(..., ensure_ascii=False)`), no trailing newline; ids are strings; times
`2026-10-12T19:20:02+0000` (offset without colon). Insights elements are `{"name", "period", "values" |
"total_value", "title", "description", "id": "<object>/insights/<metric>/<period>"}`; day values carry an
`end_time` at the Pacific midnight that ends the day (`T07:00:00+0000` in summer time, `T08:00:00+0000`
after the switch on 2026-11-01). Media insights are written the way a connector concatenates per-media
responses: a top-level list of `{"data": [...]}`. The Graph envelope helpers here (`Insight`,
`graph_time`, `day_end_time`, `write_graph_json`) are shared with the Facebook samples.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from ingest.samples.common import ID_ALPHABET, at, stamp
from ingest.samples.model import SampleFile

PACIFIC = ZoneInfo("America/Los_Angeles")
IG_USER_ID = "17841400000000001"
IG_USERNAME = "northwindgear"
IG_FOLDER = "northwindgear-instagram-api"
PERIOD = (date(2026, 10, 1), date(2026, 11, 30))  # both inclusive
EXPORTED_AT = at(date(2026, 12, 1), 9, 30)


def graph_time(moment: datetime) -> str:
    """`2026-10-12T19:20:02+0000`: UTC, offset without colon."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def day_end_time(day: date) -> datetime:
    """The `end_time` Meta gives a day's value: the Pacific midnight that ends the day, in UTC."""
    following = day + timedelta(days=1)
    return datetime.combine(following, time(0), tzinfo=PACIFIC).astimezone(UTC)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


Value = int | float | dict[str, int]


@dataclass(frozen=True)
class Insight:
    """One element of an insights response: a metric over a period for one object (media, user, page,
    post). `values` is the time-series / lifetime form; `total` and `breakdowns` the total_value form."""

    object_id: str
    name: str
    period: str
    title: str
    description: str
    values: tuple[tuple[Value, datetime | None], ...] = ()
    total: int | None = None
    breakdowns: tuple[tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], int], ...]], ...] = ()
    total_value_form: bool = False

    def element(self) -> dict:
        element: dict = {"name": self.name, "period": self.period}
        if self.total_value_form:
            total: dict = {}
            if self.total is not None:
                total["value"] = self.total
            if self.breakdowns:
                total["breakdowns"] = [
                    {
                        "dimension_keys": list(keys),
                        "results": [{"dimension_values": list(dims), "value": v} for dims, v in results],
                    }
                    for keys, results in self.breakdowns
                ]
            element["total_value"] = total
        else:
            element["values"] = [
                {"value": v} if end is None else {"value": v, "end_time": graph_time(end)} for v, end in self.values
            ]
        element.update(title=self.title, description=self.description)
        element["id"] = f"{self.object_id}/insights/{self.name}/{self.period}"
        return element


def write_graph_json(path: Path, document: object, exported_at: datetime | None) -> Path:
    """A saved Graph API response: compact UTF-8 JSON, non-ASCII as is, no trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return stamp(path, exported_at)


def _cursor(rng: random.Random) -> str:
    return "".join(rng.choice(ID_ALPHABET[:62]) for _ in range(76))


# ---- media -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Media:
    """One IG media object as `GET /{ig-user-id}/media` returns it."""

    media_id: str
    caption: str | None
    comments_count: int
    like_count: int
    media_type: str
    media_product_type: str
    shortcode: str
    timestamp: datetime
    children: tuple[str, ...] | None = None
    owner_id: str = IG_USER_ID
    username: str = IG_USERNAME

    @property
    def permalink(self) -> str:
        kind = "reel" if self.media_product_type == "REELS" else "p"
        return f"https://www.instagram.com/{kind}/{self.shortcode}/"

    def element(self) -> dict:
        element: dict = {"id": self.media_id}
        if self.caption is not None:
            element["caption"] = self.caption
        element.update(
            comments_count=self.comments_count,
            like_count=self.like_count,
            media_type=self.media_type,
            media_product_type=self.media_product_type,
            permalink=self.permalink,
            shortcode=self.shortcode,
            timestamp=graph_time(self.timestamp),
            username=self.username,
            owner={"id": self.owner_id},
        )
        if self.children is not None:
            element["children"] = {"data": [{"id": child} for child in self.children]}
        return element


def write_instagram_media(path: Path, media: Iterable[Media], *, exported_at: datetime | None = None) -> Path:
    """`GET /{ig-user-id}/media` saved: `{"data": [...], "paging": {"cursors": ...}}`."""
    rng = random.Random(str(path.name))
    document = {"data": [m.element() for m in media], "paging": {"cursors": {"before": _cursor(rng),
                                                                              "after": _cursor(rng)}}}  # fmt: skip
    return write_graph_json(path, document, exported_at)


def write_instagram_media_insights(
    path: Path, insights: Iterable[Insight], *, exported_at: datetime | None = None, concatenated: bool = True
) -> Path:
    """Media insights: a list of per-media responses (as a connector concatenates them), or with
    `concatenated=False` one `{"data": [...]}` holding every media's elements."""
    insights = list(insights)
    if not concatenated:
        return write_graph_json(path, {"data": [i.element() for i in insights]}, exported_at)
    responses: dict[str, list[dict]] = {}
    for insight in insights:
        responses.setdefault(insight.object_id, []).append(insight.element())
    return write_graph_json(path, [{"data": data} for data in responses.values()], exported_at)


def write_instagram_account_insights(
    path: Path, insights: Iterable[Insight], *, exported_at: datetime | None = None
) -> Path:
    """`GET /{ig-user-id}/insights` saved: `{"data": [...], "paging": {"previous", "next"}}`."""
    base = f"https://graph.facebook.com/v24.0/{IG_USER_ID}/insights?access_token=REDACTED&metric=reach"
    paging = {"previous": f"{base}&since=1756710000&until=1759302000",
              "next": f"{base}&since=1764576000&until=1767168000"}  # fmt: skip
    return write_graph_json(path, {"data": [i.element() for i in insights], "paging": paging}, exported_at)


# ---- the demo account ------------------------------------------------------------------------------

_CAPTIONS = (
    "First snow on the pass ❄️ Who's heading out this weekend? #trailrunning #outdoors",
    'Meet the "Ridgeline" shell 🧥 Waterproof, packable, 340 g.\n\nLink in bio.',
    "Sunrise from camp 2 🌄 📸 @alpine_jo #NorthwindOutside",
    "-20% on trail shoes until Sunday 🏃\u200d♀️",
    "+1 reason to repair, not replace 🪡 Our free repair program now covers zips.",
    "Layering 101 for cold mornings:\n• base: merino\n• mid: fleece\n• shell: Ridgeline",
    "=HYPERLINK is not a hiking term. Map reading is. 🗺️ #navigation",
    "Field test: 3 days, 2 storms, 0 wet socks 🥾",
    "Restock alert 🚨 The Summit 40 pack is back in all three colours.",
    "Which trail should we map next? Tell us in the comments ⛰️",
    "Behind the seams: how we test a zip 10,000 times 🔧",
    "Café stop on the Ridgeline trail ☕",
)
_SHAPES = (("VIDEO", "REELS"), ("IMAGE", "FEED"), ("CAROUSEL_ALBUM", "FEED"), ("VIDEO", "REELS"), ("IMAGE", "FEED"))


def _media_id(rng: random.Random) -> str:
    return "18" + "".join(str(rng.randrange(10)) for _ in range(15))


def demo_media(rng: random.Random, count: int = 20) -> tuple[Media, ...]:
    minutes = int((datetime.combine(PERIOD[1], time(0)) - datetime.combine(PERIOD[0], time(0))).total_seconds() // 60)
    start = datetime.combine(PERIOD[0], time(0), tzinfo=UTC)
    moments = sorted((start + timedelta(minutes=m, seconds=rng.randrange(60)) for m in rng.sample(range(minutes),
                                                                                                   count)),
                     reverse=True)  # fmt: skip
    media = []
    for index, moment in enumerate(moments):
        media_type, product = _SHAPES[rng.randrange(len(_SHAPES))]
        likes = int(rng.lognormvariate(5.0, 0.7))
        media.append(
            Media(
                media_id=_media_id(rng),
                caption=None if index == 7 else _CAPTIONS[index % len(_CAPTIONS)],
                comments_count=rng.randint(0, max(1, likes // 12)),
                like_count=likes,
                media_type=media_type,
                media_product_type=product,
                shortcode="".join(rng.choice(ID_ALPHABET) for _ in range(11)),
                timestamp=moment,
                children=tuple(_media_id(rng) for _ in range(rng.randint(2, 5))) if media_type == "CAROUSEL_ALBUM"
                else None,
            )
        )  # fmt: skip
    return tuple(media)


_MEDIA_TITLES = {
    "reach": ("Reach", "The number of unique accounts that have seen your media at least once."),
    "views": ("Views", "The number of times your media was played or displayed."),
    "likes": ("Likes", "The number of likes on your post."),
    "comments": ("Comments", "The number of comments on your post."),
    "saved": ("Saved", "The number of saves of your post."),
    "shares": ("Shares", "The number of shares of your post."),
    "follows": ("Follows", "The number of accounts that started following you."),
    "profile_visits": ("Profile visits", "The number of times your profile was visited."),
    "ig_reels_avg_watch_time": ("Average watch time", "The average watch time of your reel in milliseconds."),
    "ig_reels_video_view_total_time": ("Watch time", "The total watch time of your reel in milliseconds."),
}


def _media_insight(media: Media, name: str, value: int, *, total_value: bool = False) -> Insight:
    title, description = _MEDIA_TITLES[name]
    if total_value:
        return Insight(media.media_id, name, "lifetime", title, description, total=value, total_value_form=True)
    return Insight(media.media_id, name, "lifetime", title, description, values=((value, None),))


def demo_media_insights(rng: random.Random, media: Sequence[Media]) -> tuple[Insight, ...]:
    """Per media the metrics Meta offers for its product type (Airbyte's lists plus `views`)."""
    insights = []
    for m in media:
        reach = max(m.like_count * rng.randint(6, 20), 50)
        views = int(reach * rng.uniform(1.1, 2.5))
        counts = {"reach": reach, "likes": m.like_count, "comments": m.comments_count,
                  "saved": int(reach * rng.uniform(0.002, 0.03)), "shares": int(reach * rng.uniform(0.001, 0.02)),
                  "follows": rng.randint(0, 9), "profile_visits": int(reach * rng.uniform(0.005, 0.04))}  # fmt: skip
        if m.media_product_type == "REELS":
            avg_ms = rng.randint(3_500, 16_000)
            counts |= {"ig_reels_avg_watch_time": avg_ms, "ig_reels_video_view_total_time": avg_ms * views}
            names = ("comments", "ig_reels_avg_watch_time", "ig_reels_video_view_total_time", "likes", "reach",
                     "saved", "shares")  # fmt: skip
        elif m.media_type == "CAROUSEL_ALBUM":
            names = ("reach", "saved", "shares", "follows", "profile_visits")
        else:
            names = ("reach", "saved", "likes", "comments", "shares", "follows", "profile_visits")
        insights.extend(_media_insight(m, n, counts[n]) for n in names)
        insights.append(_media_insight(m, "views", views, total_value=m.media_product_type == "REELS"))
    return tuple(insights)


_GENDER_AGE = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")


def demo_account_insights(rng: random.Random, user_id: str = IG_USER_ID) -> tuple[Insight, ...]:
    span = days(*PERIOD)
    reach = [int(rng.lognormvariate(7.4, 0.35)) for _ in span]
    follows = [rng.randint(4, 40) for _ in span]

    def series(name: str, period: str, title: str, description: str, numbers: list[int]) -> Insight:
        values = tuple((n, day_end_time(d)) for n, d in zip(numbers, span, strict=True))
        return Insight(user_id, name, period, title, description, values=values)

    week = [int(sum(reach[max(0, i - 6) : i + 1]) * 0.62) for i in range(len(span))]
    days_28 = [int(sum(reach[max(0, i - 27) : i + 1]) * 0.41) for i in range(len(span))]
    hours = {str(h): int(300 + 900 * (1 - abs(h - 19) / 19) + rng.randint(0, 60)) for h in range(24)}
    age_gender = tuple(((age, gender), rng.randint(3, 400)) for age in _GENDER_AGE for gender in ("F", "M", "U"))
    countries = tuple(((c,), rng.randint(10, 900)) for c in ("US", "CA", "GB", "DE", "NO", "AU"))
    return (
        series("reach", "day", "Reach", "Total number of unique accounts that have seen any of your posts.", reach),
        series("follower_count", "day", "Follower count", "Total number of new followers each day.", follows),
        series("reach", "week", "Reach", "Unique accounts over the 7 days ending that day.", week),
        series("reach", "days_28", "Reach", "Unique accounts over the 28 days ending that day.", days_28),
        Insight(user_id, "online_followers", "lifetime", "Online followers",
                "Total number of your followers who were online during the specified range.",
                values=((hours, day_end_time(PERIOD[1])),)),
        Insight(user_id, "total_interactions", "day", "Content interactions",
                "The total number of post interactions, story interactions, reels interactions and live interactions.",
                total=sum(follows) * 37, total_value_form=True),
        Insight(user_id, "follows_and_unfollows", "day", "Follows and unfollows",
                "The number of accounts that followed you and unfollowed you or left Instagram.",
                breakdowns=((("follow_type",), ((("FOLLOWER",), sum(follows)), (("NON_FOLLOWER",), 41))),),
                total_value_form=True),
        Insight(user_id, "follower_demographics", "lifetime", "Follower demographics",
                "The demographic characteristics of followers.", breakdowns=((("age", "gender"), age_gender),),
                total_value_form=True),
        Insight(user_id, "follower_demographics", "lifetime", "Follower demographics",
                "The demographic characteristics of followers.", breakdowns=((("country",), countries),),
                total_value_form=True),
    )  # fmt: skip


def _write_media(path: Path, sample: SampleFile) -> Path:
    return write_instagram_media(path, sample.rows, exported_at=sample.exported_at)


def _write_media_insights(path: Path, sample: SampleFile) -> Path:
    return write_instagram_media_insights(path, sample.rows, exported_at=sample.exported_at)


def _write_account_insights(path: Path, sample: SampleFile) -> Path:
    return write_instagram_account_insights(path, sample.rows, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """The Northwind Gear IG account, Oct-Nov 2026: its media, their insights, the account's insights."""
    rng = random.Random(f"{seed}/instagram/{IG_FOLDER}")
    media = demo_media(rng)
    insights = demo_media_insights(rng, media)
    account = demo_account_insights(rng)
    return [
        SampleFile(PurePosixPath(IG_FOLDER, "media_2026-12-01.json"), "instagram_media", media, EXPORTED_AT,
                   _write_media),
        SampleFile(PurePosixPath(IG_FOLDER, "media_insights_2026-12-01.json"), "instagram_media_insights", insights,
                   EXPORTED_AT, _write_media_insights),
        SampleFile(PurePosixPath(IG_FOLDER, "account_insights_2026-10-01_2026-12-01.json"),
                   "instagram_account_insights", account, EXPORTED_AT, _write_account_insights),
    ]  # fmt: skip
