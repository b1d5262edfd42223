"""
### Resonance: freshness

Every hour, flags any source that has gone silent for longer than its window. A source is one
(platform, account, export type) the ledger (`meta.loads`) has loaded before; it is silent when its last
loaded file is older than the window of its export type. Windows live in
`$RESONANCE_HOME/freshness.toml` (a default, and per export type); without it, 8 days.

**When a source is silent the task fails**, naming every silent source and when each last delivered, and
without retrying (a silent source will not speak up in the next minute). A red run is what Airflow's UI,
its failure notifications and `resonance status` (through the failure callback, `meta.task_failures`)
already show; an asset event nobody subscribes to would show nothing. The next hourly run after a file
arrives is green again. When all sources are fresh, the task returns the checked sources (XCom).

The check is mapped over every configured brand (one instance per brand, labelled with it): a brand's
silent source fails that brand's instance only.

Reading the ledger takes the brand's DuckDB writer pool: even a read-only connection from another process blocks
DuckDB's single writer, so this task must never open the file beside a load or a dbt build.

**Triggers:** hourly. **Emits:** nothing.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, task

from ingest.orchestration.assets import DEFAULT_ARGS, WRITER_POOL


@dag(
    dag_id="resonance_freshness",
    schedule=CronTriggerTimetable("0 * * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["resonance", "freshness"],
)
def resonance_freshness():
    @task
    def every_brand() -> list[str]:
        """An upstream task, not a literal list: the cluster policy reads each instance's brand from its XCom."""
        from ingest.config import configured_brands

        return configured_brands()

    @task(pool=WRITER_POOL, map_index_template="{{ task.op_kwargs['brand'] }}")
    def check_sources(brand: str) -> list[dict]:
        """Fail, without retries, when a source is silent past its window; else return every source checked."""
        from airflow.sdk.exceptions import AirflowFailException

        from ingest.config import Paths
        from ingest.monitor.freshness import source_freshness

        sources = source_freshness(Paths.from_env().for_brand(brand))
        for source in sources:
            print(("SILENT  " if source.silent else "fresh   ") + source.line())
        silent = [source for source in sources if source.silent]
        if silent:
            raise AirflowFailException(
                f"brand {brand}: {len(silent)} of {len(sources)} sources silent past their window:\n"
                + "\n".join(source.line() for source in silent)
            )
        return [source.as_dict() for source in sources]

    check_sources.expand(brand=every_brand())


resonance_freshness()
