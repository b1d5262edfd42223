"""The Airflow assets that connect the DAGs: landing -> raw/<table> -> marts -> serving.

Logical URIs (`resonance://...`) rather than file paths, so an asset keeps its identity whatever
`$RESONANCE_HOME` a deployment uses. Importing this module is cheap (no pyarrow, GX, dbt or pandas):
DAG files import it at parse time.
"""

from __future__ import annotations

from airflow.sdk import Asset

from ingest.exports import raw_tables

# One slot: DuckDB allows one writer per file, so every task that writes resonance.duckdb takes it.
WRITER_POOL = "resonance_duckdb_writer"

LANDING = Asset(name="resonance_landing", uri="resonance://landing")
MARTS = Asset(name="resonance_marts", uri="resonance://warehouse/marts")
SERVING = Asset(name="resonance_serving", uri="resonance://warehouse/serving")


def raw_asset(table: str) -> Asset:
    return Asset(name=f"resonance_raw__{table}", uri=f"resonance://warehouse/raw/{table}")


RAW_ASSETS: list[Asset] = [raw_asset(table) for table in raw_tables()]
