"""
### Resonance: transform and publish

One `dbt build` (seeds, staging -> intermediate -> marts, every dbt test) on the writer's DuckDB file,
shown as one task per mart with a `.test` task after each (every model and seed with
`RESONANCE_TRANSFORM_TASKS=all`; staging and intermediate models are in the build task's log); then the
marts are published to `serving.duckdb` and Parquet with an atomic swap. BI tools read only the serving
file, so a failed build never reaches them: publish runs only when the build and every task are green.

**How (astronomer-cosmos, watcher mode):** `dbt_producer_watcher` runs the single `dbt build` in the
one-slot DuckDB writer pool; each mart and test task then reads that build's result for its node
(no dbt process of its own, ever: a second writer would collide on DuckDB's lock). A failed model or
test fails its task, the tasks downstream of it, and the run; publish does not run. Retrying one task
cannot rebuild one model: trigger the DAG again (the build is idempotent).

**What is built:** the same plan as `resonance build` (`ingest.transform.plan`): only the nodes downstream of
the raw tables loaded since the last green build, the whole project after a change to it. Nodes the plan
leaves out succeed, logged as "not rebuilt", and keep the tables of the last green build. The build runs
in the dbt project folder itself, never in a temporary copy. The cosmos wiring lives in
`ingest.orchestration.cosmos.transform_dag`; this file holds the DAG's arguments and its publish task.

**Triggers:** any `raw/<table>` asset event from the ingest DAG; the build task logs the load ids the events
carry (their `extra`) against the loads the build covers, which the plan takes from the ledger (a load whose
event was merged into an earlier run is covered there). **Emits:** marts (after a green build)
and serving (after publish, with the tables and row counts).

Tasks come from the dbt manifest under the root (`$RESONANCE_HOME/dbt/target/manifest.json`), which
every build refreshes. A root with no manifest yet gets one `dbt_build` task instead of the per-mart
tasks; that build writes the manifest, and the next parse shows every mart.

**Several brands** (`RESONANCE_BRANDS`): `brands_to_build` reads the brands the triggering `raw/<table>` events
name, and `build_and_publish` is mapped over them, one instance per brand (labelled with it) in that brand's
writer pool: the same planned build and publish as above on the brand's own root, and brands build at the same
time on different workers. The per-mart tasks are for one brand: with several, a mart's result is in its
brand's build log.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, AssetAny, task

from ingest.config import DEFAULT_BRAND, Paths
from ingest.orchestration.assets import BRANDS, DEFAULT_ARGS, MARTS, MAX_ACTIVE_RUNS, RAW_ASSETS, SERVING, WRITER_POOL
from ingest.transform.dbt import manifest_path

SCHEDULE = AssetAny(*RAW_ASSETS)
DAG_ARGS = {
    "dag_id": "resonance_transform",
    "start_date": pendulum.datetime(2026, 1, 1, tz="UTC"),
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
    "doc_md": __doc__,
    "tags": ["resonance", "transform"],
}


@task(outlets=[SERVING], pool=WRITER_POOL)
def publish_marts(*, outlet_events=None) -> dict:
    from ingest.serve.publish import publish

    publication = publish(Paths.from_env())
    outlet_events[SERVING].extra = {"tables": publication.tables, "serving_db": publication.serving_db}
    return publication.tables


def single_build_dag() -> DAG:
    """No manifest yet: the whole build as one task. It writes the manifest; the next parse renders per mart."""
    with DAG(schedule=SCHEDULE, **DAG_ARGS) as dag:

        @task(outlets=[MARTS], pool=WRITER_POOL)
        def dbt_build() -> dict:
            from airflow.sdk.exceptions import AirflowException

            from ingest.transform.dbt import dbt_build as build

            result = build(Paths.from_env(), quiet=False)
            if not result.success:
                raise AirflowException("dbt build failed:\n" + "\n".join(result.failed))
            return {"nodes": result.nodes}

        dbt_build() >> publish_marts()
    return dag


def brands_dag() -> DAG:
    """Several brands: one planned build and publish per brand the events name, mapped, each in its pool."""
    with DAG(schedule=SCHEDULE, **{**DAG_ARGS, "max_active_runs": MAX_ACTIVE_RUNS}) as dag:

        @task
        def brands_to_build(*, triggering_asset_events=None) -> list[str]:
            from ingest.config import configured_brands
            from ingest.orchestration.brands import brands_for_run

            extras = [event.extra for events in (triggering_asset_events or {}).values() for event in events]
            brands = brands_for_run(extras, configured_brands())
            print(f"brands: {', '.join(brands)}")
            return brands

        @task(outlets=[MARTS, SERVING], pool=WRITER_POOL, map_index_template="{{ task.op_kwargs['brand'] }}")
        def build_and_publish(brand: str, *, outlet_events=None) -> dict:
            from airflow.sdk.exceptions import AirflowException, AirflowSkipException

            from ingest.serve.publish import publish
            from ingest.transform.dbt import dbt_build as build

            home = Paths.from_env().for_brand(brand)
            result = build(home, quiet=False)
            if not result.success:
                raise AirflowException(f"brand {brand}: dbt build failed:\n" + "\n".join(result.failed))
            # A run can carry an older event of a brand with nothing new (Airflow hands a run every event since
            # the previous run): its serving file, newer than any write to its warehouse, stays as it is.
            serving, writer = home.serving_db, home.writer_db
            if not result.nodes and serving.exists() and serving.stat().st_mtime_ns >= writer.stat().st_mtime_ns:
                raise AirflowSkipException(f"brand {brand}: nothing to build ({result.reason}); serving is current")
            print(f"brand {brand}: dbt build passed, {result.nodes} nodes ({result.reason}); publishing")
            publication = publish(home)
            outlet_events[MARTS].extra = {"brand": brand, "nodes": result.nodes}
            outlet_events[SERVING].extra = {
                "brand": brand,
                "tables": publication.tables,
                "serving_db": publication.serving_db,
            }
            return {"brand": brand, "nodes": result.nodes, "tables": publication.tables}

        build_and_publish.expand(brand=brands_to_build())
    return dag


def transform_dag() -> DAG:
    if BRANDS != [DEFAULT_BRAND]:
        return brands_dag()
    manifest = manifest_path(Paths.from_env())
    if not manifest.exists():
        return single_build_dag()
    from ingest.orchestration.cosmos import transform_dag as cosmos_transform_dag

    return cosmos_transform_dag(manifest, publish=publish_marts, schedule=SCHEDULE, **DAG_ARGS)


dag = transform_dag()
