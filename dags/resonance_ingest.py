"""
### Resonance: ingest

Loads new platform exports from `landing/` into the raw tables of the writer's DuckDB file.

Each file is detected by content, parsed to Arrow, checked by its Great Expectations suite
(`expectations/<raw table>.json`) and merged in one transaction with its ledger row (`meta.loads`).
A file that breaks a rule is moved to `quarantine/` with a reason file; the task still succeeds.
The same bytes twice are a `duplicate` and change nothing, so a double trigger is harmless.

Landing is the folder `$RESONANCE_HOME/landing/<account>/...`, or an S3-compatible bucket prefix when
`RESONANCE_LANDING_URL=s3://bucket/prefix` is set. Only complete files are loaded: temp names (`*.part`,
`*.tmp`, dotfiles) never, a file with a marker (`<name>.done`, `_SUCCESS`) at once, any other local file
once it has stopped changing. A rejected object is also moved to `_quarantine/` in the bucket.

**Triggers:** an event on the landing asset, raised by the triggerer's landing watcher (`ingest.landing.watcher`,
which reports new complete files and never deletes one) or by a producer through the REST API; or the
periodic sweep (every 15 minutes) that catches anything an event missed. A run the watcher's events started
loads exactly the files they name (the watcher did the detecting); any other run sweeps landing for what the
ledger has not seen. **Emits:** one `raw/<table>`
asset per raw table, with the files, rows and load ids in the event's `extra`; the transform DAG runs on
them.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from ingest.orchestration.assets import DEFAULT_ARGS, LANDING, MAX_ACTIVE_RUNS, RAW_ASSETS, WRITER_POOL, raw_asset


@dag(
    dag_id="resonance_ingest",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("*/15 * * * *", timezone="UTC"),
        assets=LANDING,
    ),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=MAX_ACTIVE_RUNS,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["resonance", "ingest"],
)
def resonance_ingest():
    @task
    def brands_to_load(*, triggering_asset_events=None) -> list[str]:
        """The brands whose landing this run loads: those the events name, else every configured brand."""
        from ingest.config import configured_brands
        from ingest.orchestration.brands import brands_for_run

        brands = brands_for_run(landing_extras(triggering_asset_events), configured_brands())
        print(f"brands: {', '.join(brands)}")
        return brands

    @task(outlets=RAW_ASSETS, pool=WRITER_POOL, map_index_template="{{ task.op_kwargs['brand'] }}")
    def load_new_exports(brand: str, *, outlet_events=None, triggering_asset_events=None) -> dict:
        """Load every new file in the brand's landing; skip (emitting no asset event) when nothing loaded.
        Its pool is the brand's writer pool (`ingest.orchestration.policy`)."""
        from airflow.sdk.exceptions import AirflowSkipException

        from ingest.config import Paths
        from ingest.load.loader import ingest_landing
        from ingest.orchestration.brands import events_for_brand

        # the watcher's events name the files to load; a periodic run (no event) sweeps landing
        announced = events_for_brand(landing_extras(triggering_asset_events), brand)
        print(f"brand {brand}: " + (f"announced: {announced}" if announced else "sweeping landing"))
        results = ingest_landing(
            Paths.from_env().for_brand(brand),
            announced=announced,
            on_result=lambda i, n, r: print(f"[{i}/{n}] {r.line()}"),
        )
        loaded = [r for r in results if r.status == "loaded"]
        for asset in RAW_ASSETS:
            mine = [r for r in loaded if asset in {raw_asset(table) for table in r.raw_tables}]
            outlet_events[asset].extra = {
                "brand": brand,
                "files": [r.path for r in mine],
                "rows": sum(r.rows_parsed for r in mine),
                "load_ids": [r.load_id for r in mine],
            }
        summary = {s: sum(r.status == s for r in results) for s in ("loaded", "rejected", "duplicate")}
        if not loaded:
            raise AirflowSkipException(f"brand {brand}: nothing new loaded from landing: {summary}")
        return {"brand": brand, **summary}

    load_new_exports.expand(brand=brands_to_load())


def landing_extras(triggering_asset_events) -> list[dict]:
    return [event.extra for event in (triggering_asset_events or {}).get(LANDING, [])]


resonance_ingest()
