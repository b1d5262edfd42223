"""Facebook Page Graph API samples, saved the way a script saves a response (platform-formats.md 0, 2a, 2b).

Same bytes as the Instagram samples (compact UTF-8 JSON, ids as strings, `+0000` offsets without colon;
see `ingest.samples.instagram`). Page insights are one `/{page-id}/insights` response with `period=day`
values for Oct-Nov 2026, their `end_time` at the Pacific midnight ending each day (`T07:00:00+0000`,
then `T08:00:00+0000` from the day ending 2026-11-02), current metric names (`page_media_view`,
`page_total_media_view_unique`, `page_follows`, ...) and a reactions object per day. Post insights hold
lifetime values without `end_time` for every post, in one `{"data": [...]}` (a script merging the
per-post responses' `data`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date
from pathlib import Path, PurePosixPath

from ingest.samples.common import at
from ingest.samples.instagram import PERIOD, Insight, day_end_time, days, write_graph_json
from ingest.samples.model import SampleFile

FB_PAGE_ID = "100000000000001"
FB_FOLDER = "northwindgear-facebook-api"
EXPORTED_AT = at(date(2026, 12, 1), 10, 15)


def write_facebook_page_insights(
    path: Path, insights: Iterable[Insight], *, exported_at=None, page_id: str = FB_PAGE_ID
) -> Path:
    """`GET /{page-id}/insights` saved: `{"data": [...], "paging": {"previous", "next"}}`."""
    base = f"https://graph.facebook.com/v24.0/{page_id}/insights?access_token=REDACTED&period=day"
    paging = {"previous": f"{base}&since=1754377200&until=1759302000",
              "next": f"{base}&since=1764576000&until=1769760000"}  # fmt: skip
    return write_graph_json(path, {"data": [i.element() for i in insights], "paging": paging}, exported_at)


def write_facebook_post_insights(
    path: Path, insights: Iterable[Insight], *, exported_at=None, concatenated: bool = False
) -> Path:
    """Post insights: one `{"data": [...]}` with every post's elements, or with `concatenated=True` a list
    of per-post responses."""
    insights = list(insights)
    if not concatenated:
        return write_graph_json(path, {"data": [i.element() for i in insights]}, exported_at)
    responses: dict[str, list[dict]] = {}
    for insight in insights:
        responses.setdefault(insight.object_id, []).append(insight.element())
    return write_graph_json(path, [{"data": data} for data in responses.values()], exported_at)


_PAGE_METRICS = (  # name, title, description, typical daily value
    ("page_media_view", "Media views", "The number of times your content was played or displayed.", 5200),
    ("page_total_media_view_unique", "Media viewers", "The number of people who saw your content.", 2100),
    ("page_post_engagements", "Post engagements", "The number of times people engaged with your posts.", 310),
    ("page_views_total", "Page views", "The number of times a Page's profile has been viewed.", 140),
    ("page_daily_follows_unique", "Daily follows", "The number of new followers of your Page.", 18),
)
_REACTIONS = ("like", "love", "wow", "haha", "sorry", "anger")


def demo_page_insights(rng: random.Random, page_id: str = FB_PAGE_ID) -> tuple[Insight, ...]:
    span = days(*PERIOD)
    ends = [day_end_time(d) for d in span]
    insights = []
    for name, title, description, typical in _PAGE_METRICS:
        numbers = [max(0, int(typical * rng.uniform(0.4, 1.9))) for _ in span]
        insights.append(Insight(page_id, name, "day", f"Daily {title}", f"Daily: {description}",
                                values=tuple(zip(numbers, ends, strict=True))))  # fmt: skip
    followers, follows = 12_480, []
    for _ in span:
        followers += rng.randint(-6, 25)  # unfollows outnumber follows on some days
        follows.append(followers)
    insights.append(Insight(page_id, "page_follows", "day", "Followers", "Lifetime: the number of followers.",
                            values=tuple(zip(follows, ends, strict=True))))  # fmt: skip
    reactions = []
    for end in ends:
        day = {r: rng.randint(0, 120) for r in _REACTIONS if rng.random() < 0.8}
        reactions.append((day, end))
    insights.append(Insight(page_id, "page_actions_post_reactions_total", "day", "Daily total post reactions",
                            "Daily total post reactions by type.", values=tuple(reactions)))  # fmt: skip
    return tuple(insights)


def _post_ids(rng: random.Random, page_id: str, count: int) -> list[str]:
    return [f"{page_id}_{1220000000000000 + rng.randrange(10**14)}" for _ in range(count)]


def demo_post_insights(rng: random.Random, page_id: str = FB_PAGE_ID, count: int = 12) -> tuple[Insight, ...]:
    insights = []
    for post in _post_ids(rng, page_id, count):
        viewers = int(rng.lognormvariate(7.2, 0.6))
        views = int(viewers * rng.uniform(1.2, 2.2))
        clicks = {"photo view": rng.randint(0, viewers // 8), "link clicks": rng.randint(0, viewers // 30),
                  "other clicks": rng.randint(0, viewers // 15)}  # fmt: skip
        reactions = {r: rng.randint(0, viewers // 25) for r in _REACTIONS[:3]}

        def lifetime(name: str, title: str, description: str, value: object, post: str = post) -> Insight:
            return Insight(post, name, "lifetime", title, description, values=((value, None),))

        insights += [
            lifetime("post_media_view", "Lifetime Media views", "Lifetime: the number of times your post was "
                     "played or displayed.", views),
            lifetime("post_total_media_view_unique", "Lifetime Media viewers", "Lifetime: the number of people "
                     "who saw your post.", viewers),
            lifetime("post_clicks", "Lifetime Post Clicks", "Lifetime: the number of clicks anywhere in your post.",
                     sum(clicks.values())),
            lifetime("post_clicks_by_type", "Lifetime Post Clicks by type", "Lifetime: clicks on your post, by "
                     "type.", clicks),
            lifetime("post_reactions_by_type_total", "Lifetime Total post Reactions by Type.", "Lifetime: total "
                     "post reactions by type.", reactions),
        ]  # fmt: skip
    return tuple(insights)


def _write_page(path: Path, sample: SampleFile) -> Path:
    return write_facebook_page_insights(path, sample.rows, exported_at=sample.exported_at)


def _write_posts(path: Path, sample: SampleFile) -> Path:
    return write_facebook_post_insights(path, sample.rows, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """The Northwind Gear Facebook Page, Oct-Nov 2026: daily page insights and lifetime post insights."""
    rng = random.Random(f"{seed}/facebook/{FB_FOLDER}")
    page = demo_page_insights(rng)
    posts = demo_post_insights(rng)
    return [
        SampleFile(PurePosixPath(FB_FOLDER, "page_insights_2026-10-01_2026-12-01.json"), "facebook_page_insights",
                   page, EXPORTED_AT, _write_page),
        SampleFile(PurePosixPath(FB_FOLDER, "post_insights_2026-12-01.json"), "facebook_post_insights", posts,
                   EXPORTED_AT, _write_posts),
    ]  # fmt: skip
