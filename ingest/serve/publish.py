"""Publish the marts for readers: `serving.duckdb` and Parquet, swapped in atomically.

BI tools and analysts never open the writer's file (a read-only connection from another process would
block the writer). After a green `dbt build`, the marts are copied into a new DuckDB file beside the
serving file and renamed over it: a reader sees the old file or the new one, never a half-written one,
and a reader holding the old file open keeps reading it (the rename replaces the directory entry, not
the open file) without stopping the next publish. The serving file is written in DuckDB's storage version
1.0, so DuckDB clients from 1.1 on open it, not only 2.0. Each mart's Parquet file then goes to this brand's
partition of the lake every brand shares (`ingest.serve.lake`).
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest import warehouse
from ingest.config import Paths
from ingest.serve.lake import publish_to_lake

MARTS_SCHEMA = "marts"
SERVING_STORAGE_VERSION = "v1.0.0"


@dataclass(frozen=True)
class Publication:
    serving_db: str
    parquet_dir: str
    tables: dict[str, int]  # mart table -> rows
    published_at: datetime
    lake: str  # where every brand's marts are, `marts/<table>/brand=<id>/` (ingest.serve.lake)


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
        "order by table_name",
        [MARTS_SCHEMA],
    ).fetchall()
    return [r[0] for r in rows]


def mart_descriptions(manifest: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """table -> (its description, {column: description}) from the dbt manifest, for every mart model: the
    documentation written in the models' YAML, so it travels with the data to whoever opens it."""
    try:
        nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    except (OSError, ValueError, KeyError):
        return {}
    found = {}
    for node in nodes.values():
        if node.get("resource_type") == "model" and node.get("schema") == MARTS_SCHEMA:
            columns = {name: column.get("description", "") for name, column in node.get("columns", {}).items()}
            found[node.get("alias") or node["name"]] = (node.get("description", ""), columns)
    return found


def _literal(text: str) -> str:
    return "'" + " ".join(text.split()).replace("'", "''") + "'"


def _document(con: duckdb.DuckDBPyConnection, target: str, described: tuple[str, dict[str, str]] | None) -> None:
    """COMMENT ON the table and each column it has a description for (BI tools show them: Superset fills in
    column descriptions from them by itself)."""
    if not described:
        return
    description, columns = described
    if description.strip():
        con.execute(f"comment on table {target} is {_literal(description)}")
    present = {name for (name,) in con.execute(f"select column_name from (describe {target})").fetchall()}
    for name, text in columns.items():
        if name in present and text.strip():
            con.execute(f"comment on column {target}.{warehouse.quote(name)} is {_literal(text)}")


def _parquet_metadata(described: tuple[str, dict[str, str]] | None) -> str:
    """The Parquet file's key-value metadata: the table's description and its columns' (as JSON)."""
    if not described:
        return ""
    description, columns = described
    pairs = {"description": " ".join(description.split()), "column_descriptions": json.dumps(columns)}
    return ", kv_metadata {" + ", ".join(f"{key}: {_literal(value)}" for key, value in pairs.items()) + "}"


def publish(home: Paths) -> Publication:
    """Copy every table in schema `marts` of the writer's file to serving.duckdb and Parquet."""
    home.warehouse.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:8]
    staging_db = home.warehouse / f".serving-{token}.duckdb"
    staging_parquet = home.parquet / f".publishing-{token}"
    staging_parquet.mkdir(parents=True, exist_ok=True)
    published_at = datetime.now(UTC)
    con = warehouse.connect(home.writer_db)
    try:
        tables = mart_tables(con)
        if not tables:
            raise RuntimeError(f"no tables in schema {MARTS_SCHEMA} of {home.writer_db}: run the dbt build first")
        # Written in storage version 1.0 (DuckDB 2.0's own format is unreadable to 1.x): the DuckDB clients BI
        # tools ship (the CLI on PyPI, Metabase's and Evidence's drivers, Rill) open it from 1.0 on
        con.execute(f"attach '{staging_db}' as serving_new (storage_version '{SERVING_STORAGE_VERSION}')")
        con.execute(f"create schema serving_new.{MARTS_SCHEMA}")
        counts = {}
        descriptions = mart_descriptions(home.dbt_target / "manifest.json")
        for table in tables:
            source = f"{MARTS_SCHEMA}.{warehouse.quote(table)}"
            con.execute(f"create table serving_new.{source} as select * from {source}")
            _document(con, f"serving_new.{source}", descriptions.get(table))
            counts[table] = con.execute(f"select count(*) from serving_new.{source}").fetchone()[0]
            parquet = staging_parquet / (table + ".parquet")
            con.execute(f"copy {source} to '{parquet}' (format parquet{_parquet_metadata(descriptions.get(table))})")
        con.execute("create schema serving_new.meta")
        con.execute(
            "create table serving_new.meta.publication as "
            "select ?::timestamptz as published_at, ?::varchar as source_db, ?::varchar[] as tables",
            [published_at, str(home.writer_db), tables],
        )
        con.execute("detach serving_new")
    except BaseException:
        staging_db.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    _fsync(staging_db)
    os.replace(staging_db, home.serving_db)
    for table in tables:
        os.replace(staging_parquet / f"{table}.parquet", home.parquet / f"{table}.parquet")
    staging_parquet.rmdir()
    lake = publish_to_lake(home, {table: home.parquet / f"{table}.parquet" for table in tables})
    return Publication(str(home.serving_db), str(home.parquet), counts, published_at, lake)


def _fsync(path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
