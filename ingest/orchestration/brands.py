"""Which brands a DAG run works on. Every DAG maps its DuckDB tasks over brands (one task instance per
brand, labelled with the brand); a run maps over the brands its triggering events name, or over every
configured brand when a run has no event (the schedule) or an event names no brand (a producer's REST event
that predates brands): such a run sweeps every brand, which is always correct, only slower.

Events carry their brand in `extra["brand"]`: the landing watcher's (one watcher per brand), the pull's
(the account's brand), the ingest's `raw/<table>` events (the brand loaded). Importing this module is cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)


def event_brand(extra: Any) -> str | None:
    """The brand an event's `extra` names (a watcher's inside the payload Airflow wraps it in), or None."""
    from ingest.landing.watcher import event_payload

    extra = event_payload(extra)
    brand = extra.get("brand") if isinstance(extra, dict) else None
    return brand if isinstance(brand, str) and brand else None


def brands_for_run(extras: Iterable[Any], configured: list[str]) -> list[str]:
    """The brands a run maps over, in configured order: those its events name, or all of them when there is
    no event or one names no brand. A brand no longer configured is left out (it has no writer pool)."""
    extras = list(extras)
    named = [event_brand(extra) for extra in extras]
    if not extras or None in named:
        return list(configured)
    unknown = sorted(set(named) - set(configured))
    if unknown:
        log.warning("events name brands that are not configured (RESONANCE_BRANDS), left out: %s", unknown)
    return [brand for brand in configured if brand in named]


def events_for_brand(extras: Iterable[Any], brand: str) -> list[Any]:
    """The events that concern `brand`: its own and those that name no brand."""
    return [extra for extra in extras if event_brand(extra) in (None, brand)]
