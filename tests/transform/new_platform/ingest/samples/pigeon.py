"""Sample Pigeon posts exports for the demo landing folder (the made-up platform of the README's walkthrough)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

from ingest.samples.common import stamp
from ingest.samples.model import SampleFile

ACCOUNT = "northwind-pigeon"
EXPORTED_AT = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def samples(seed: int = 7) -> list[SampleFile]:
    first = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    rows = tuple((f"pg{seed}{n:03d}", first + timedelta(days=n), 1000 + 100 * n, 40 + n, 5 + n) for n in range(3))
    path = PurePosixPath(ACCOUNT, f"pigeon_posts_{EXPORTED_AT:%Y-%m-%d}.csv")
    return [SampleFile(path, "pigeon_posts", rows, EXPORTED_AT, write_pigeon_posts)]


def write_pigeon_posts(path: Path, sample: SampleFile) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Post ID", "Post URL", "Posted at", "Views", "Likes", "Replies"])
        for post_id, posted, views, likes, replies in sample.rows:
            url = f"https://pigeon.example/{sample.account}/{post_id}"
            writer.writerow([post_id, url, f"{posted:%Y-%m-%d %H:%M +0000}", views, likes, replies])
    return stamp(path, sample.exported_at)
