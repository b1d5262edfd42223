"""The landing watcher: an Airflow event trigger that announces new, complete exports and never touches them.

Airflow's `AssetWatcher` accepts only `BaseEventTrigger`s, and the stock file trigger deletes the file it
finds, which would destroy the export before the load. `LandingTrigger` polls the landing store
(`ingest.landing.stores`: the local folder or an S3 prefix, whatever `RESONANCE_LANDING_URL` says in the
triggerer's environment) and yields one `TriggerEvent` per poll that finds complete files it has not
announced; Airflow turns each event into an event on the landing asset, which runs the ingest DAG.

The triggerer keeps a watcher's `run()` going for as long as the asset is watched, but re-creates the
trigger from its serialized kwargs whenever it restarts or hands the trigger to another triggerer. So what
was announced cannot live in the instance: it is a small JSON file under the root
(`state/watch/<landing>.json`), not in DuckDB, which the writer holds. It records the identity (key, size,
ETag or modification time) of every complete file present, written once the event has been handed over
(the triggerer resumes or closes the generator): a crash before that announces those files again, which
is harmless (loads are idempotent), and so does the first poll of a new root (one event for what is
already there). A rewritten file has a new identity and is announced again; the loader decides whether
its bytes are new.

That file is a listing cursor, not a second record of what was loaded: the ledger (`meta.loads`) is the one
memory of that, and the only thing that decides what loads. The triggerer cannot read it (the writer holds
the DuckDB file), so the cursor only spares re-announcing files present at the last poll. A run the events
start loads the files they name (`announced_keys`), without detecting anew; the periodic run sweeps.

Importing this module is cheap (no s3fs, no DuckDB): Airflow imports it when it parses the DAG files.
The store is built, and s3fs imported, inside `run()`, in a worker thread like every listing, so a slow
bucket never blocks the triggerer's event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

# An event names at most this many files (the asset event's `extra` is stored in Airflow's database).
FILES_PER_EVENT = 50


class LandingTrigger(BaseEventTrigger):
    """Yields an event whenever complete, not yet announced exports are in landing. Never deletes anything."""

    def __init__(self, *, brand: str = "default", poll_seconds: float = 30.0) -> None:
        super().__init__()
        self.brand = brand
        self.poll_seconds = poll_seconds

    def serialize(self) -> tuple[str, dict[str, Any]]:
        kwargs: dict[str, Any] = {"poll_seconds": self.poll_seconds}
        if self.brand != "default":  # the default brand's watcher keeps the identity it had before brands
            kwargs["brand"] = self.brand
        return f"{type(self).__module__}.{type(self).__qualname__}", kwargs

    async def run(self) -> AsyncIterator[TriggerEvent]:
        from ingest.config import Paths
        from ingest.landing.stores import SettleClock, landing_store

        home = Paths.from_env().for_brand(self.brand)
        store = await asyncio.to_thread(landing_store, home)
        memory = Announced.for_landing(home.watch_state, store.location)
        settling = SettleClock()
        self.log.info("watching %s for complete exports every %ss", store.location, self.poll_seconds)
        while True:
            try:
                files = await asyncio.to_thread(store.complete, settling=settling)
            except OSError as error:  # the bucket or the share is away for a while: keep watching
                self.log.warning("cannot list %s: %s; trying again in %ss", store.location, error, self.poll_seconds)
            else:
                new = [f for f in files if f.identity not in memory.identities]
                try:
                    if new:
                        self.log.info("announcing %d new export(s) in %s", len(new), store.location)
                        yield TriggerEvent(
                            {
                                "brand": self.brand,
                                "landing": store.location,
                                "count": len(new),
                                "files": [f.key for f in new[:FILES_PER_EVENT]],
                            }
                        )
                finally:  # also when closed at the `yield`: the consumer holds the event by then
                    memory.keep_only(f.identity for f in files)
            await asyncio.sleep(self.poll_seconds)


def event_payload(extra: Any) -> Any:
    """What a trigger yielded, from an asset event's `extra`: Airflow stores a watcher's event as
    `{"from_trigger": true, "payload": <the TriggerEvent's payload>}`; any other event is its own extra."""
    if isinstance(extra, dict) and extra.get("from_trigger") is True and isinstance(extra.get("payload"), dict):
        return extra["payload"]
    return extra


def announced_keys(extras: Iterable[dict[str, Any]], landing: str) -> frozenset[str] | None:
    """The landing keys a run's triggering events name, when they name every file they announce: the ingest
    DAG then loads exactly those. None (sweep all of landing) when there is no event (the periodic run), or
    any event is not a complete watcher event for this landing: a producer's REST event (its paths are its
    own), a watcher event cut at FILES_PER_EVENT, or one from a landing the run's store is not."""
    keys: set[str] = set()
    extras = list(extras)
    if not extras:
        return None
    for extra in map(event_payload, extras):
        files = extra.get("files") if isinstance(extra, dict) else None
        if not isinstance(files, list) or extra.get("landing") != landing or extra.get("count") != len(files):
            return None
        keys.update(str(key) for key in files)
    return frozenset(keys)


class Announced:
    """The identities of the complete files present at the last poll, all of them announced by then."""

    def __init__(self, path: Path, landing: str) -> None:
        self.path = path
        self.landing = landing
        try:
            self.identities = set(json.loads(path.read_text())["announced"])
        except FileNotFoundError:
            self.identities = set()

    @classmethod
    def for_landing(cls, folder: Path, landing: str) -> Announced:
        """One file per landing location, so moving landing (say, to a bucket) starts a fresh memory."""
        return cls(folder / f"{hashlib.sha256(landing.encode()).hexdigest()[:16]}.json", landing)

    def keep_only(self, identities: Iterable[str]) -> None:
        """Forget files that left landing (loaded, quarantined, deleted) and remember the ones present."""
        current = set(identities)
        if current == self.identities:
            return
        self.identities = current
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(json.dumps({"landing": self.landing, "announced": sorted(current)}, indent=1) + "\n")
        os.replace(partial, self.path)
