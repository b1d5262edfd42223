"""The Airflow pools the DAGs use, created with the metadata DB (`configure_airflow`, `Standalone.prepare`,
the compose file's init through `python -m ingest.orchestration.pools`): one one-slot DuckDB writer pool per
brand, and one pool per platform family for the pulls.

A brand's writer pool holds every task that opens that brand's DuckDB file (DuckDB allows one writer process
per file), so two brands load, build and publish at the same time on different workers while each brand keeps
its single writer. The default brand's pool keeps the name it always had, `resonance_duckdb_writer`. The DAGs
name that pool; the cluster policy (`ingest.orchestration.policy`) moves each mapped instance to its brand's.

A pull pool bounds how many accounts of one family are pulled at once: a family shares one connection,
so one app's (or one token's) quota, whichever brands its accounts belong to. Deferred tasks (a pull waiting
on a report job) hold no slot.
Importing this module does not import Airflow (`Standalone` writes the pools file before Airflow runs).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from ingest.config import DEFAULT_BRAND, configured_brands
from ingest.pull.accounts import PLATFORM_CONNECTIONS

# One slot: DuckDB allows one writer per file, so every task that writes a brand's resonance.duckdb takes it.
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


def writer_pool(brand: str) -> str:
    """The one-slot pool of `brand`'s DuckDB writer file."""
    return WRITER_POOL if brand == DEFAULT_BRAND else f"{WRITER_POOL}__{brand}"


def family(platform: str) -> str:
    """The platform family (one connection, one pool): `meta` for `meta_ads`, `instagram` and `facebook`."""
    return PLATFORM_CONNECTIONS[platform].removeprefix("resonance_")


FAMILIES: tuple[str, ...] = tuple(sorted({family(p) for p in PLATFORM_CONNECTIONS}))


def pull_pool(name: str) -> str:
    return f"resonance_pull_{name}"


def airflow_pools(brands: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every pool, as `airflow pools import` reads it: the writer pool of every configured brand (the default
    brand's always, since a DAG names it) and the pull pools."""
    pools = {}
    for brand in dict.fromkeys([DEFAULT_BRAND, *(brands if brands is not None else configured_brands())]):
        why = "DuckDB allows one writer per file" + ("" if brand == DEFAULT_BRAND else f" (brand {brand})")
        pools[writer_pool(brand)] = {"slots": 1, "description": why, "include_deferred": False}
    for name, (slots, why) in PULL_POOLS.items():
        pools[pull_pool(name)] = {"slots": slots, "description": why, "include_deferred": False}
    return pools


if __name__ == "__main__":  # `python -m ingest.orchestration.pools FILE`: the pools file `airflow pools import` reads
    text = json.dumps(airflow_pools(), indent=1) + "\n"
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
