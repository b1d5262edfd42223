"""What the DAG files share: the assets that connect them (landing -> raw/<table> -> marts -> serving),
the DuckDB writer pool and the task defaults.

Logical URIs (`resonance://...`) rather than file paths, so an asset keeps its identity whatever
`$RESONANCE_HOME` a deployment uses. Importing this module is cheap (no pyarrow, GX, dbt or pandas):
DAG files import it at parse time.
"""

from __future__ import annotations

import os
from datetime import timedelta

from airflow.sdk import Asset, AssetWatcher

from ingest.config import DEFAULT_BRAND, configured_brands
from ingest.exports import raw_tables
from ingest.landing.watcher import LandingTrigger
from ingest.monitor.failures import record_task_failure, record_task_retry
from ingest.orchestration.pools import WRITER_POOL  # noqa: F401 - the DAG files import it from here

# Tasks are transactions (idempotent loads, atomic publish), so retrying them is always safe.
# Every failed try lands in the ledger (meta.task_failures), where `resonance status` shows it.
# Every task is bounded too: a task that hangs (a stuck read, a lock never released) fails and is retried
# instead of holding the one writer slot forever. An hour is about twenty times the benchmark's whole load
# of ten million rows, and sixty times its full dbt build.
DEFAULT_ARGS = {
    "owner": "resonance",
    "execution_timeout": timedelta(hours=1),
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": 2.0,
    "on_failure_callback": record_task_failure,
    "on_retry_callback": record_task_retry,
}

# The brands this deployment runs (`RESONANCE_BRANDS`; else the one `default`), read when a DAG file is parsed.
BRANDS = configured_brands()

# A run maps its DuckDB tasks over brands, each in its brand's one-slot writer pool, so runs may overlap: a
# brand's event need not wait for another brand's run to finish. Two runs that both reach one brand queue on
# its pool, and loads and builds are idempotent. One brand keeps one run at a time.
MAX_ACTIVE_RUNS = min(len(BRANDS), 16)

# The triggerer polls each brand's landing (folder or bucket) and turns new complete exports into events on
# this asset, with the brand in the event's `extra`. The interval is part of a trigger's identity: changing it
# replaces the watcher (its memory stays).
LANDING_POLL_SECONDS = float(os.environ.get("RESONANCE_LANDING_POLL_SECONDS", "30"))


def _landing_watcher(brand: str) -> AssetWatcher:
    name = "resonance_landing_watcher" + ("" if brand == DEFAULT_BRAND else f"__{brand}")
    return AssetWatcher(name=name, trigger=LandingTrigger(brand=brand, poll_seconds=LANDING_POLL_SECONDS))


LANDING = Asset(name="resonance_landing", uri="resonance://landing", watchers=[_landing_watcher(b) for b in BRANDS])
MARTS = Asset(name="resonance_marts", uri="resonance://warehouse/marts")
SERVING = Asset(name="resonance_serving", uri="resonance://warehouse/serving")


def raw_asset(table: str) -> Asset:
    return Asset(name=f"resonance_raw__{table}", uri=f"resonance://warehouse/raw/{table}")


RAW_ASSETS: list[Asset] = [raw_asset(table) for table in raw_tables()]
