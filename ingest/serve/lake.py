"""Cross-brand reading: every brand's published marts as Hive-partitioned Parquet in one lake, and a catalog.

Each brand publishes its own serving file (`ingest.serve.publish`). Publishing also puts each mart's Parquet
file at `<lake>/marts/<table>/brand=<brand>/data.parquet`, so one query reads every brand at once: DuckDB,
Spark, Trino or a BI tool pointed at `<lake>/marts/<table>/` with Hive partitioning sees a `brand` column.

The lake is `<deployment>/lake` (`Paths.lake`), or the S3-compatible prefix `RESONANCE_LAKE_URL` names
(`s3://bucket/prefix`, credentials and `RESONANCE_LAKE_ENDPOINT_URL` as for landing). A brand replaces only
its own partition, one file per mart, renamed into place (locally) or written as one object (S3): a reader
sees a brand's old file or its new one, and brands publishing at once never touch each other's files.

For DuckDB users of a local lake, `<deployment>/warehouse/lake.duckdb` holds one view per mart over all the
brands' partitions (`marts.<table>`, with `brand`), written in storage version 1.0 like the serving file.
The views read the files when queried, so a brand published later shows without rewriting the catalog.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import duckdb

from ingest import warehouse
from ingest.config import Paths

MARTS_FOLDER = "marts"
PARTITION_FILE = "data.parquet"


def lake_url() -> str | None:
    """`RESONANCE_LAKE_URL` when the lake is a bucket prefix; None for the local lake under the deployment."""
    url = os.environ.get("RESONANCE_LAKE_URL", "").strip().rstrip("/")
    if url and not url.startswith("s3://"):
        raise ValueError(f"RESONANCE_LAKE_URL={url!r}: use s3://bucket/prefix, or unset it for <deployment>/lake")
    return url or None


def partition_key(table: str, brand: str) -> str:
    return f"{MARTS_FOLDER}/{table}/brand={brand}/{PARTITION_FILE}"


def publish_to_lake(home: Paths, parquet_files: dict[str, Path]) -> str:
    """Put this brand's Parquet file of each mart (table -> file) into its lake partition; returns the lake."""
    url = lake_url()
    if url:
        import s3fs

        endpoint = os.environ.get("RESONANCE_LAKE_ENDPOINT_URL") or None
        fs = s3fs.S3FileSystem(client_kwargs={"endpoint_url": endpoint} if endpoint else {})
        for table, parquet in parquet_files.items():
            fs.put_file(str(parquet), f"{url}/{partition_key(table, home.brand)}")
        return url
    for table, parquet in parquet_files.items():
        destination = home.lake / partition_key(table, home.brand)
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{PARTITION_FILE}.{uuid.uuid4().hex[:8]}")
        shutil.copyfile(parquet, partial)
        os.replace(partial, destination)
    write_catalog(home)
    return str(home.lake)


def write_catalog(home: Paths) -> Path:
    """`lake.duckdb`: a view per mart present in the local lake, over every brand's partition of it."""
    from ingest.serve.publish import MARTS_SCHEMA, SERVING_STORAGE_VERSION

    tables = sorted(p.name for p in (home.lake / MARTS_FOLDER).iterdir() if p.is_dir())
    home.lake_catalog.parent.mkdir(parents=True, exist_ok=True)
    partial = home.lake_catalog.with_name(f".lake-{uuid.uuid4().hex[:8]}.duckdb")
    con = duckdb.connect()
    try:
        con.execute(f"attach '{partial}' as catalog (storage_version '{SERVING_STORAGE_VERSION}')")
        con.execute(f"create schema catalog.{MARTS_SCHEMA}")
        for table in tables:
            files = home.lake / MARTS_FOLDER / table / "brand=*" / PARTITION_FILE
            con.execute(
                f"create view catalog.{MARTS_SCHEMA}.{warehouse.quote(table)} as select * from "
                f"read_parquet('{files}', hive_partitioning = true, hive_types = {{'brand': varchar}}, "
                "union_by_name = true)"
            )
        con.execute("detach catalog")
    finally:
        con.close()
    os.replace(partial, home.lake_catalog)  # last writer wins: every publisher writes the same views
    return home.lake_catalog
