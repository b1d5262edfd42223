"""
### Resonance: transform and publish

Runs `dbt build` (staging -> intermediate -> marts, with every dbt test) on the writer's DuckDB file,
then publishes the marts to `serving.duckdb` and Parquet with an atomic swap. BI tools read only the
serving file, so a failed build never reaches them: the publish task runs only after a green build.

**Triggers:** any `raw/<table>` asset event from the ingest DAG. **Emits:** the marts and serving assets.
Both tasks take the one-slot DuckDB writer pool, so they never run beside a load.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import AssetAny, dag, task

from ingest.assets import DEFAULT_ARGS, MARTS, RAW_ASSETS, SERVING, WRITER_POOL


@dag(
    dag_id="resonance_transform",
    schedule=AssetAny(*RAW_ASSETS),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["resonance", "transform"],
)
def resonance_transform():
    @task(outlets=[MARTS], pool=WRITER_POOL)
    def dbt_build() -> dict:
        from airflow.sdk.exceptions import AirflowException

        from ingest.config import Paths
        from ingest.transform import dbt_build as build

        result = build(Paths.from_env(), quiet=False)
        if not result.success:
            raise AirflowException("dbt build failed:\n" + "\n".join(result.failed))
        return {"nodes": result.nodes}

    @task(outlets=[SERVING], pool=WRITER_POOL)
    def publish_marts(*, outlet_events=None) -> dict:
        from ingest.config import Paths
        from ingest.publish import publish

        publication = publish(Paths.from_env())
        outlet_events[SERVING].extra = {"tables": publication.tables, "serving_db": publication.serving_db}
        return publication.tables

    dbt_build() >> publish_marts()


resonance_transform()
