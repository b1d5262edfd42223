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

from ingest.orchestration.assets import DEFAULT_ARGS, LANDING, RAW_ASSETS, WRITER_POOL, raw_asset


@dag(
    dag_id="resonance_ingest",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("*/15 * * * *", timezone="UTC"),
        assets=LANDING,
    ),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["resonance", "ingest"],
)
def resonance_ingest():
    @task(outlets=RAW_ASSETS, pool=WRITER_POOL)
    def load_new_exports(*, outlet_events=None, triggering_asset_events=None) -> dict:
        """Load every new file in landing; skip (emitting no asset event) when nothing loaded."""
        from airflow.sdk.exceptions import AirflowSkipException

        from ingest.config import Paths
        from ingest.load.loader import ingest_landing

        # the watcher's events name the files to load; a periodic run (no event) sweeps landing
        announced = [event.extra for event in (triggering_asset_events or {}).get(LANDING, [])]
        print(f"announced: {announced}" if announced else "sweeping landing")
        results = ingest_landing(
            Paths.from_env(), announced=announced, on_result=lambda i, n, r: print(f"[{i}/{n}] {r.line()}")
        )
        loaded = [r for r in results if r.status == "loaded"]
        for asset in RAW_ASSETS:
            mine = [r for r in loaded if asset in {raw_asset(table) for table in r.raw_tables}]
            outlet_events[asset].extra = {
                "files": [r.path for r in mine],
                "rows": sum(r.rows_parsed for r in mine),
                "load_ids": [r.load_id for r in mine],
            }
        summary = {s: sum(r.status == s for r in results) for s in ("loaded", "rejected", "duplicate")}
        if not loaded:
            raise AirflowSkipException(f"nothing new loaded from landing: {summary}")
        return summary

    load_new_exports()


resonance_ingest()
