"""The registry of export types, and detection: which type is this file?

Adding a platform format means adding one module here (an `ExportType`), listing it in `EXPORT_TYPES`,
adding its expectation suite `expectations/<raw_table>.json`, and a staging model in dbt.
"""

from __future__ import annotations

from pathlib import Path

from ingest.exports.base import ExportError, ExportType, Sniff
from ingest.exports.meta_ads_campaigns import MetaAdsCampaigns
from ingest.exports.x_tweet_activity import XTweetActivity
from ingest.exports.youtube_studio import YouTubeStudioContent, YouTubeStudioGeography

EXPORT_TYPES: tuple[ExportType, ...] = (
    XTweetActivity(),
    YouTubeStudioContent(),
    YouTubeStudioGeography(),
    MetaAdsCampaigns(),
)


def by_name(name: str) -> ExportType:
    for export in EXPORT_TYPES:
        if export.name == name:
            return export
    raise KeyError(f"no export type named {name!r}; known: {', '.join(e.name for e in EXPORT_TYPES)}")


def raw_tables() -> list[str]:
    return sorted({export.raw_table for export in EXPORT_TYPES})


def detect(path: Path, sniff: Sniff | None = None) -> ExportType:
    """The export type of a file, by its content. Raises ExportError('unknown_export') naming the headers
    seen and the nearest known types, so a person sees at once what the file is (or is not)."""
    sniff = sniff or Sniff.of(path)
    matching = [export for export in EXPORT_TYPES if export.matches(sniff)]
    if len(matching) == 1:
        return matching[0]
    if len(matching) > 1:
        names = ", ".join(e.name for e in matching)
        raise ExportError("ambiguous_export", f"{path.name}: matches several export types ({names})")
    headers = sniff.headers
    nearest = sorted(EXPORT_TYPES, key=lambda e: e.signature_overlap(sniff) if sniff.text else 0, reverse=True)
    hints = ", ".join(
        f"{e.name} ({e.signature_overlap(sniff) if sniff.text else 0:.0%} of its signature headers)"
        for e in nearest[:3]
    )
    what = f"headers seen: {headers[:12]}" if headers else "no readable text header (binary or empty file)"
    raise ExportError(
        "unknown_export",
        f"{path.name}: not a known export type; {what}; nearest known types: {hints}",
        headers=headers,
    )
