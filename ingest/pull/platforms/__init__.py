"""One module per platform family: its endpoints, its client (headers, classifier), and its paging.

`PULLERS` maps the command-line name (`resonance pull tiktok_ads`) to the puller's class. Adding a
platform's pull is a module here, a stand-in under `ingest/samples/apis/`, and a line below.
"""

from __future__ import annotations

from ingest.pull.platforms.linkedin import LinkedInPuller
from ingest.pull.platforms.meta import FacebookPuller, InstagramPuller, MetaAdsPuller
from ingest.pull.platforms.tiktok import TikTokAdsPuller
from ingest.pull.platforms.x import XPuller
from ingest.pull.platforms.youtube import YouTubePuller

PULLERS = {
    "facebook": FacebookPuller,
    "instagram": InstagramPuller,
    "linkedin": LinkedInPuller,
    "meta_ads": MetaAdsPuller,
    "tiktok_ads": TikTokAdsPuller,
    "x": XPuller,
    "youtube": YouTubePuller,
}
