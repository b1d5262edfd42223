"""Samples of the creators' own posts: the content exports creators share with the brand after a deal.

A creator owns the accounts that carry a deal's posts, so only the creator can export their numbers. The
usual arrangement, and the one modelled here, is that each creator downloads their own analytics export
(Instagram: Meta Business Suite's per-post export; TikTok: Studio's content export) and sends it to the brand,
who drops it under `landing/<creator handle>/...`. The files are written by the same writers as the brand's
own exports of those types, so they are byte for byte what the platforms write.

Each export holds the posts the deal lists in the creator campaigns template (`brand.CREATOR_DEALS`, the
permalinks are the template's `post_urls` verbatim) plus one post of the creator's own that no deal lists:
the marts must match deals to posts by URL, not take the whole export. The deal posts' counts are fixed (the
story, below); the unlisted post's counts follow the seed.

The story: the macro creator (@peakpaula, 812k followers) earns about 1 % of her followers in engagements,
at over 2 USD per engagement; the micro and nano creators earn 7-13 % of theirs at well under 1 USD each.
YouTube's Studio content export has no likes or comments, so @ben_outdoors' deal has no engagement data and
none is invented for it. TikTok counts of 1,000 and more are the values TikTok's abbreviation shows (`2.4K`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ingest.samples.brand import CREATOR_DEALS
from ingest.samples.common import ID_ALPHABET
from ingest.samples.meta_business_suite import InstagramPost, write_instagram_mbs_posts
from ingest.samples.model import SampleFile
from ingest.samples.tiktok import TikTokVideo, tiktok_rounded, write_tiktok_content

EXPORTED_AT = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # after the campaigns, the day the brand collected them


@dataclass(frozen=True)
class CreatorInstagram:
    """A creator's Instagram professional account as its Business Suite export names it."""

    handle: str
    account_id: str
    name: str


INSTAGRAM_ACCOUNTS = {
    "peakpaula": CreatorInstagram("peakpaula", "17841405566778899", "Paula | Peaks & Trails"),
    "trailmix_ana": CreatorInstagram("trailmix_ana", "17841409988776655", "Ana Trailmix"),
    "kletter_lea": CreatorInstagram("kletter_lea", "17841401122334455", "Lea klettert"),
}

# Deal posts: permalink -> (publish time, account-local; post type; views, reach, likes, comments, shares, saves)
INSTAGRAM_DEAL_POSTS: dict[str, tuple[datetime, str, int, int, int, int, int, int]] = {
    "https://www.instagram.com/p/DPa1Ridge01/": (datetime(2026, 10, 2, 18, 5), "IG image",
                                                 402_000, 231_000, 5_200, 140, 90, 170),
    "https://www.instagram.com/reel/DPb2Ridge02/": (datetime(2026, 10, 9, 19, 30), "IG reel",
                                                    655_000, 298_000, 3_100, 95, 160, 145),
    "https://www.instagram.com/p/DPc3AnaTrail/": (datetime(2026, 10, 4, 8, 40), "IG carousel",
                                                  31_200, 17_900, 1_480, 96, 52, 118),
    "https://www.instagram.com/p/DPd4LeaKlettern/": (datetime(2026, 10, 11, 17, 15), "IG image",
                                                     12_600, 7_100, 520, 41, 19, 36),
    "https://www.instagram.com/p/DPe5LeaGipfel/": (datetime(2026, 10, 25, 10, 50), "IG carousel",
                                                   10_900, 6_300, 410, 33, 14, 27),
}  # fmt: skip
# Deal videos: link -> (post time, account-local; views, likes, comments, shares, reach); counts as TikTok shows them
TIKTOK_DEAL_VIDEOS: dict[str, tuple[datetime, int, int, int, int, int]] = {
    "https://www.tiktok.com/@trailmix_ana/video/7561234567890123456": (datetime(2026, 10, 6, 19, 12),
                                                                       48_700, 2_400, 140, 210, 36_000),
    "https://www.tiktok.com/@sam_climbs/video/7569876543210987654": (datetime(2026, 11, 18, 20, 40),
                                                                     21_300, 1_100, 64, 95, 16_000),
}  # fmt: skip
DEAL_CAPTIONS = {
    "peakpaula": "Ridgeline shell on the ridge, rain all day and dry underneath 🧥 #ad @northwindgear code PAULA15",
    "trailmix_ana": "My fall layering for the trail 🍂 #werbung @northwindgear code ANA10",
    "kletter_lea": 'Neue Jacke, alter Fels: die "Ridgeline" im Test 🧗\u200d♀️ #anzeige Code LEA10',
    "sam_climbs": "Holiday gift guide for climbers 🎁 #ad @northwindgear code SAM20",
}


def _deal_urls(platform: str) -> dict[str, list[str]]:
    """creator handle -> the post URLs their deals list on `platform`, in template order."""
    urls: dict[str, list[str]] = {}
    for deal in CREATOR_DEALS:
        if deal.platform == platform:
            urls.setdefault(deal.creator_handle, []).extend(deal.post_urls)
    return urls


def _shortcode(rng: random.Random) -> str:
    return "D" + "".join(rng.choice(ID_ALPHABET[:62]) for _ in range(10))


def instagram_posts(rng: random.Random, handle: str) -> tuple[InstagramPost, ...]:
    """The creator's deal posts and one unlisted post of their own, newest first (as Business Suite lists)."""
    account = INSTAGRAM_ACCOUNTS[handle]
    posts = []
    for url in _deal_urls("instagram")[handle]:
        published, kind, views, reach, likes, comments, shares, saves = INSTAGRAM_DEAL_POSTS[url]
        posts.append(InstagramPost(
            post_id="18" + "".join(rng.choice("0123456789") for _ in range(15)), account_id=account.account_id,
            username=handle, account_name=account.name, description=DEAL_CAPTIONS[handle],
            duration_sec=rng.randint(15, 45) if kind == "IG reel" else 0, publish_time=published, permalink=url,
            post_type=kind, views=views, reach=reach, likes=likes, shares=shares, follows=rng.randint(0, 40),
            comments=comments, saves=saves,
        ))  # fmt: skip
    reach = int(rng.uniform(0.2, 0.4) * max(p.reach for p in posts))
    likes = int(reach * rng.uniform(0.02, 0.08))
    posts.append(InstagramPost(
        post_id="18" + "".join(rng.choice("0123456789") for _ in range(15)), account_id=account.account_id,
        username=handle, account_name=account.name, description="Sunday walk, no gear talk today ☕",
        duration_sec=0, publish_time=datetime(2026, 11, 1, 9, rng.randrange(60)),
        permalink=f"https://www.instagram.com/p/{_shortcode(rng)}/", post_type="IG image",
        views=int(reach * rng.uniform(1.3, 1.9)), reach=reach, likes=likes, shares=rng.randint(0, 30),
        follows=rng.randint(0, 10), comments=rng.randint(5, 60), saves=rng.randint(0, 40),
    ))  # fmt: skip
    return tuple(sorted(posts, key=lambda p: p.publish_time, reverse=True))


def tiktok_videos(rng: random.Random, handle: str) -> tuple[TikTokVideo, ...]:
    """The creator's deal videos and one unlisted video of their own, oldest first (as Studio lists)."""
    videos = []
    for url in _deal_urls("tiktok")[handle]:
        posted, views, likes, comments, shares, reach = TIKTOK_DEAL_VIDEOS[url]
        videos.append(TikTokVideo(
            video_id=url.rsplit("/", 1)[1], handle=handle, title=DEAL_CAPTIONS[handle], post_time=posted,
            views=views, likes=likes, comments=comments, shares=shares,
            average_watch_seconds=Decimal(rng.randint(60, 140)) / 10, reach=reach,
        ))  # fmt: skip
    views = rng.randint(6_000, 30_000)
    videos.append(TikTokVideo(
        video_id=str(7_570_000_000_000_000_000 + rng.randrange(10**16)), handle=handle,
        title="Rest day stretches 🧘", post_time=datetime(2026, 11, 27, 7, rng.randrange(60)), views=views,
        likes=tiktok_rounded(int(views * rng.uniform(0.03, 0.09))), comments=rng.randint(10, 90),
        shares=rng.randint(5, 120), average_watch_seconds=Decimal(rng.randint(40, 120)) / 10,
        reach=tiktok_rounded(int(views * rng.uniform(0.6, 0.85))),
    ))  # fmt: skip
    return tuple(sorted(videos, key=lambda v: v.post_time))


def _write_instagram(path: Path, sample: SampleFile) -> Path:
    return write_instagram_mbs_posts(path, sample.rows, exported_at=sample.exported_at)


def _write_tiktok(path: Path, sample: SampleFile) -> Path:
    return write_tiktok_content(path, sample.rows, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """One Business Suite per-post export per creator with an Instagram deal and one Studio content export per
    creator with a TikTok deal, each under `landing/<creator handle>/`."""
    files = []
    for handle in sorted(_deal_urls("instagram")):
        rows = instagram_posts(random.Random(f"{seed}/creators/{handle}/instagram"), handle)
        name = PurePosixPath(handle, "mbs-posts-2026-10-01_2026-11-30.csv")
        files.append(SampleFile(name, "instagram_mbs_posts", rows, EXPORTED_AT, _write_instagram))
    for handle in sorted(_deal_urls("tiktok")):
        rows = tiktok_videos(random.Random(f"{seed}/creators/{handle}/tiktok"), handle)
        name = PurePosixPath(handle, "Content 2026-12-01", "Content.csv")
        files.append(SampleFile(name, "tiktok_studio_content", rows, EXPORTED_AT, _write_tiktok))
    return files
