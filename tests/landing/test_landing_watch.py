"""The landing watcher announces each new complete export once, across restarts, and never deletes one."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from ingest.config import PROJECT_DIR
from ingest.landing.watcher import LandingTrigger, announced_keys

FAST = {"poll_seconds": 0.02}
PATIENCE = 60  # seconds a test waits for an event it expects before it fails (a hang guard, not a measurement)


async def next_event(events) -> TriggerEvent:
    return await asyncio.wait_for(events.__anext__(), PATIENCE)


def watch(scenario: Callable[..., Awaitable[None]], trigger: LandingTrigger | None = None) -> None:
    """Run `scenario(events)` against a live `run()` of the trigger, then close the generator."""

    async def main() -> None:
        events = (trigger or LandingTrigger(**FAST)).run()
        try:
            await scenario(events)
        finally:
            await events.aclose()

    asyncio.run(main())


def test_a_new_file_is_announced_once_and_later_events_name_only_newer_files(home, dropper):
    first = dropper("acme/first.csv")

    async def scenario(events):
        assert (await next_event(events)).payload == {
            "brand": "default",
            "landing": str(home.landing),
            "count": 1,
            "files": ["acme/first.csv"],
        }
        dropper("acme/second.csv")
        assert (await next_event(events)).payload["files"] == ["acme/second.csv"]

    watch(scenario)
    assert first.read_bytes() == b"id,value\n1,2\n"


def test_a_half_written_file_is_announced_only_when_complete(home, dropper):
    dropper("acme/big.csv.part")
    dropper("acme/small.csv")
    dropper("acme/fresh.csv", modified=None)

    async def scenario(events):
        assert (await next_event(events)).payload["files"] == ["acme/small.csv"]
        (home.landing / "acme/big.csv.part").rename(home.landing / "acme/big.csv")
        assert (await next_event(events)).payload["files"] == ["acme/big.csv"]
        dropper("acme/fresh.csv.done", b"", modified=None)  # the producer says it is finished
        assert (await next_event(events)).payload["files"] == ["acme/fresh.csv"]

    watch(scenario)


def test_a_file_still_changing_is_announced_once_it_stops(home, dropper, monkeypatch):
    monkeypatch.setenv("RESONANCE_LANDING_SETTLE_SECONDS", "0.2")
    dropper("acme/copying.csv", modified=None)

    async def scenario(events):
        event = await next_event(events)
        assert event.payload["files"] == ["acme/copying.csv"]

    watch(scenario)


def test_a_restarted_trigger_with_the_same_kwargs_does_not_announce_old_files_again(home, dropper):
    dropper("acme/old.csv")

    async def before_restart(events):
        assert (await next_event(events)).payload["files"] == ["acme/old.csv"]
        dropper("acme/seen-before-restart.csv")
        assert (await next_event(events)).payload["files"] == ["acme/seen-before-restart.csv"]

    watch(before_restart)
    _, kwargs = LandingTrigger(**FAST).serialize()
    dropper("acme/new.csv")

    async def after_restart(events):
        assert (await next_event(events)).payload["files"] == ["acme/new.csv"]

    watch(after_restart, trigger=LandingTrigger(**kwargs))


def test_the_watcher_never_deletes_or_changes_what_it_sees(home, dropper):
    paths = [dropper(f"acme/{name}.csv", f"id\n{name}\n".encode()) for name in ("a", "b", "c")]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}

    async def scenario(events):
        assert (await next_event(events)).payload["count"] == 3

    watch(scenario)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before
    assert sorted(p.relative_to(home.landing).as_posix() for p in home.landing.rglob("*")) == [
        "acme",
        "acme/a.csv",
        "acme/b.csv",
        "acme/c.csv",
    ]


def test_what_was_announced_is_kept_under_the_root_not_in_duckdb(home, dropper):
    dropper("acme/a.csv")

    async def scenario(events):
        await next_event(events)

    watch(scenario)
    (state,) = home.watch_state.glob("*.json")
    assert [entry.split("|")[0] for entry in json.loads(state.read_text())["announced"]] == ["acme/a.csv"]
    assert not home.writer_db.exists()


def test_the_trigger_serializes_to_its_importable_class_and_kwargs():
    import importlib

    trigger = LandingTrigger(poll_seconds=12.5)
    classpath, kwargs = trigger.serialize()
    module, _, name = classpath.rpartition(".")
    rebuilt = getattr(importlib.import_module(module), name)(**kwargs)
    assert isinstance(rebuilt, BaseEventTrigger)
    assert (
        rebuilt.serialize() == (classpath, kwargs) == ("ingest.landing.watcher.LandingTrigger", {"poll_seconds": 12.5})
    )
    # The triggerer identifies a watcher by this hash: the same kwargs must give the same trigger.
    assert BaseEventTrigger.hash(*rebuilt.serialize()) == BaseEventTrigger.hash(*trigger.serialize())
    other = LandingTrigger(poll_seconds=1).serialize()
    assert BaseEventTrigger.hash(*other) != BaseEventTrigger.hash(classpath, kwargs)


def test_the_landing_asset_is_watched_by_the_landing_trigger():
    from ingest.orchestration.assets import LANDING

    (watcher,) = LANDING.watchers
    assert isinstance(watcher.trigger, LandingTrigger)


def test_the_asset_module_imports_no_s3_client_and_no_duckdb():
    probe = (
        "import json, sys, ingest.orchestration.assets\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'s3fs', 'botocore', 'aiobotocore', 'boto3', 'duckdb', 'pyarrow', 'great_expectations'})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=Path(PROJECT_DIR)
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


def test_announced_keys_are_the_files_complete_watcher_events_name_and_none_means_sweep(home):
    landing = str(home.landing)
    first = {"landing": landing, "count": 1, "files": ["acme/first.csv"]}
    second = {"landing": landing, "count": 2, "files": ["acme/second.csv", "beta/third.csv"]}
    assert announced_keys([first, second], landing) == {"acme/first.csv", "acme/second.csv", "beta/third.csv"}
    assert announced_keys([], landing) is None  # the periodic run: sweep
    assert announced_keys([first, {"files": ["/tmp/x.csv"], "producer": "etl"}], landing) is None  # a producer
    assert announced_keys([{"landing": landing, "count": 60, "files": ["a.csv"] * 50}], landing) is None  # cut
    assert announced_keys([{**first, "landing": "s3://bucket/landing"}], landing) is None  # another landing


def test_announced_keys_read_the_watcher_payload_inside_the_asset_event_airflow_stores(home):
    # Airflow's triggerer stores a watcher's TriggerEvent on the asset as {"from_trigger": true, "payload": ...}
    # (airflow/models/trigger.py, submit_event): that is the `extra` a run's triggering event carries.
    landing = str(home.landing)
    payload = {"brand": "default", "landing": landing, "count": 1, "files": ["acme/first.csv"]}
    stored = {"from_trigger": True, "payload": payload}
    assert announced_keys([stored], landing) == {"acme/first.csv"}
    assert announced_keys([stored, {"files": ["/tmp/x.csv"]}], landing) is None  # with a producer's: sweep


def test_a_run_started_by_the_watcher_loads_what_it_announced_and_the_sweep_loads_the_rest(home, dropper):
    from ingest.load.loader import ingest_landing

    dropper("acme/first.csv")
    dropper("acme/second.csv")
    event = {"landing": str(home.landing), "count": 1, "files": ["acme/first.csv"]}
    announced = ingest_landing(home, announced=[event])
    assert [Path(r.path).name for r in announced] == ["first.csv"]
    swept = ingest_landing(home)  # the periodic sweep: whatever the ledger has not seen
    assert [Path(r.path).name for r in swept] == ["second.csv"]
    assert ingest_landing(home) == []  # and a second sweep finds nothing new
