"""The writer's DuckDB file: connections, the ledger tables (loads, task failures) and raw tables derived from
export types.

One process writes `resonance.duckdb` at a time (DuckDB's rule, and Airflow's one-slot pool enforces it).
BI tools never open this file; they read `serving.duckdb`, see `ingest.serve.publish`.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import duckdb

from ingest.exports.base import ExportType

LEDGER_DDL = """
create schema if not exists meta;
create table if not exists meta.loads (
    load_id varchar primary key,
    source_path varchar not null,
    file_name varchar not null,
    sha256 varchar not null,
    size_bytes bigint not null,
    export_type varchar,
    raw_tables varchar[],               -- one file may load several tables (a workbook's sheets)
    account_id varchar,
    status varchar not null,            -- loaded | rejected | duplicate
    rows_parsed bigint,
    rows_inserted bigint,
    rows_updated bigint,
    rows_stale bigint,                  -- rows an export with a newer as-of already holds
    as_of timestamptz,
    as_of_source varchar,               -- override | file_name | content | file_mtime
    drift_columns varchar[],            -- unknown columns the file had, kept in raw.<table>._extra
    reason_rule varchar,
    reason varchar,
    reason_row bigint,
    reason_column varchar,
    quarantine_path varchar,
    started_at timestamptz not null,
    finished_at timestamptz not null,
    duration_ms bigint not null
);
"""

# Failed task tries, written by the Airflow failure callbacks (ingest.monitor.failures). One row per try: the key
# makes a callback that runs twice for the same try harmless.
TASK_FAILURES_DDL = """
create schema if not exists meta;
create table if not exists meta.task_failures (
    failure_id varchar primary key,     -- dag_id/run_id/task_id/map_index/try_number
    dag_id varchar not null,
    task_id varchar not null,
    run_id varchar not null,
    map_index integer not null,
    try_number integer not null,
    will_retry boolean not null,        -- false: the task's last try, it failed for good
    exception_type varchar,
    exception varchar,
    hostname varchar,
    failed_at timestamptz not null
);
"""


def connect(db_path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), read_only=read_only)
    con.execute("set timezone = 'UTC'")
    return con


# Columns added to meta.loads after its first release: warehouses created earlier gain them in place.
LEDGER_ADDED_COLUMNS = (("drift_columns", "varchar[]"), ("raw_tables", "varchar[]"))


def ensure_ledger(con: duckdb.DuckDBPyConnection) -> None:
    """The ledger tables; warehouses created before a table or column existed gain it in place."""
    con.execute(LEDGER_DDL)
    for name, type_ in LEDGER_ADDED_COLUMNS:
        con.execute(f"alter table meta.loads add column if not exists {name} {type_}")
    columns = {r[0] for r in con.execute("select column_name from information_schema.columns where table_name = 'loads'"
                                         " and table_schema = 'meta'").fetchall()}  # fmt: skip
    if "raw_table" in columns:  # before raw_tables, a file's tables were one comma-joined string
        con.execute("update meta.loads set raw_tables = string_split(raw_table, ',')"
                    " where raw_tables is null and raw_table is not null")  # fmt: skip
    con.execute(TASK_FAILURES_DDL)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def raw_table_ddl(export: ExportType) -> str:
    columns = ",\n    ".join(
        f"{quote(c.name)} {c.type}{' not null' if c.required else ''}" for c in export.table_columns
    )
    return f"create table if not exists raw.{quote(export.raw_table)} (\n    {columns}\n)"


def ensure_raw_table(con: duckdb.DuckDBPyConnection, export: ExportType) -> None:
    """Create the raw table, or add the columns a newer version of the export type declares (nullable:
    rows loaded before had no such column). Columns are never dropped or retyped here."""
    con.execute("create schema if not exists raw")
    con.execute(raw_table_ddl(export))
    existing = {
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ?",
            [export.raw_table],
        ).fetchall()
    }
    for column in export.table_columns:
        if column.name not in existing:
            con.execute(f"alter table raw.{quote(export.raw_table)} add column {quote(column.name)} {column.type}")


def ensure_all(con: duckdb.DuckDBPyConnection) -> None:
    """Ledger plus every registered raw table, so dbt sources exist even before a platform's first file.

    The DDL runs only when it changed: `meta.schema_applied` keeps the fingerprint of the DDL last applied
    (this version's ledger and raw tables), so a load or a build on a current warehouse costs one query
    instead of some eighty statements, and a new version's columns still arrive on its first pass."""
    from ingest.exports import table_types

    fingerprint = schema_fingerprint()
    con.execute("create schema if not exists meta")
    con.execute("create table if not exists meta.schema_applied (fingerprint varchar, applied_at timestamptz)")
    if con.execute("select 1 from meta.schema_applied where fingerprint = ?", [fingerprint]).fetchone():
        return
    ensure_ledger(con)
    for export in table_types():
        ensure_raw_table(con, export)
    con.execute("delete from meta.schema_applied")
    con.execute("insert into meta.schema_applied values (?, now())", [fingerprint])


@functools.cache
def schema_fingerprint() -> str:
    """A hash of every statement `ensure_all` would run: the ledger's and each registered raw table's."""
    from ingest.exports import table_types

    parts = [LEDGER_DDL, repr(LEDGER_ADDED_COLUMNS), TASK_FAILURES_DDL]
    parts += [raw_table_ddl(export) for export in table_types()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
