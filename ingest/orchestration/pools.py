"""The Airflow pools the DAGs use, created with the metadata DB (`configure_airflow`, `Standalone.prepare`,
the compose file's init): the one-slot DuckDB writer pool, and one pool per platform family for the pulls.

A pull pool bounds how many accounts of one family are pulled at once: a family shares one connection,
so one app's (or one token's) quota. Deferred tasks (a pull waiting on a report job) hold no slot.
Importing this module does not import Airflow (`Standalone` writes the pools file before Airflow runs).
"""

from __future__ import annotations

from typing import Any

from ingest.pull.accounts import PLATFORM_CONNECTIONS

# One slot: DuckDB allows one writer per file, so every task that writes resonance.duckdb takes it.
WRITER_POOL = "resonance_duckdb_writer"

# Platform family -> (slots, why).
PULL_POOLS: dict[str, tuple[int, str]] = {
    "meta": (2, "Meta Graph and Marketing API: per-app and per-account (business use case) limits shared by "
                "every Instagram, Page and ad account pulled with one token"),
    "youtube": (2, "YouTube Reporting API: 60 requests a minute and 20,000 a day per Google Cloud project"),
    "linkedin": (1, "LinkedIn: unpublished daily per-app and per-member quotas, 429 with no Retry-After"),
    "tiktok": (2, "TikTok API for Business: per-app request rates (code 40100 at HTTP 200)"),
    "x": (1, "X API v2: per-endpoint 15-minute windows per user token, tight on the lower tiers"),
}  # fmt: skip


def family(platform: str) -> str:
    """The platform family (one connection, one pool): `meta` for `meta_ads`, `instagram` and `facebook`."""
    return PLATFORM_CONNECTIONS[platform].removeprefix("resonance_")


FAMILIES: tuple[str, ...] = tuple(sorted({family(p) for p in PLATFORM_CONNECTIONS}))


def pull_pool(name: str) -> str:
    return f"resonance_pull_{name}"


def airflow_pools() -> dict[str, dict[str, Any]]:
    """Every pool, as `airflow pools import` reads it."""
    pools = {WRITER_POOL: {"slots": 1, "description": "DuckDB allows one writer per file", "include_deferred": False}}
    for name, (slots, why) in PULL_POOLS.items():
        pools[pull_pool(name)] = {"slots": slots, "description": why, "include_deferred": False}
    return pools
