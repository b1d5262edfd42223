"""Every registered export type is complete: documented, validated, modelled in dbt, and in the samples."""

from __future__ import annotations

import re

import pytest
import yaml

from ingest.config import DBT_PROJECT_DIR
from ingest.exports import EXPORT_TYPES, table_types
from ingest.exports.base import LINEAGE_COLUMNS
from ingest.load.validate import suite_path
from ingest.samples import sample_files

NAMES = [export.name for export in EXPORT_TYPES]
TABLES = {part.raw_table: part for part in table_types()}


def dbt_source_tables() -> dict[str, dict]:
    """raw table identifier -> its entry in a staging sources yml."""
    found: dict[str, dict] = {}
    for path in (DBT_PROJECT_DIR / "models" / "staging").rglob("_*__sources.yml"):
        for source in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources", []):
            for table in source.get("tables", []):
                found[table.get("identifier", table["name"])] = table
    return found


@pytest.mark.parametrize("name", NAMES)
def test_export_type_says_what_it_is_and_where_the_file_comes_from(name: str) -> None:
    export = next(e for e in EXPORT_TYPES if e.name == name)
    assert export.title and export.platform and export.signature
    assert export.source, f"{name}: set `source` (where in the platform's UI or API the file comes from)"
    assert export.file_pattern, f"{name}: set `file_pattern` (the name the platform gives the file)"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_raw_table_has_an_expectation_suite_and_a_dbt_source(table: str) -> None:
    assert suite_path(table).exists(), f"create {suite_path(table)}"
    assert table in dbt_source_tables(), f"declare raw.{table} in a staging _<source>__sources.yml"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_raw_table_keys_are_its_own_columns_and_lineage_names_are_reserved(table: str) -> None:
    part = TABLES[table]
    assert not {c.name for c in part.columns} & {c.name for c in LINEAGE_COLUMNS}
    assert set(part.natural_key) <= {c.name for c in part.table_columns}


def test_every_export_type_has_a_sample_file_in_the_demo_landing_folder() -> None:
    sampled = {sample.export_type for sample in sample_files()}
    assert set(NAMES) - sampled == set()


def test_raw_table_names_follow_platform_double_underscore_entity() -> None:
    for table in TABLES:
        platform, _, entity = table.partition("__")
        assert platform and entity and table == table.lower(), table


def test_every_raw_table_is_read_by_a_staging_model() -> None:
    sql = " ".join(
        re.sub(r"\s+", "", path.read_text(encoding="utf-8")).replace('"', "'")
        for path in (DBT_PROJECT_DIR / "models" / "staging").rglob("stg_*.sql")
    )
    names = dbt_source_names()
    unread = [table for table in TABLES if f"source('{names[table][0]}','{names[table][1]}')" not in sql]
    assert not unread, f"no staging model selects from these raw tables: {unread}"


def dbt_source_names() -> dict[str, tuple[str, str]]:
    """raw table identifier -> (dbt source name, dbt table name)."""
    found: dict[str, tuple[str, str]] = {}
    for path in (DBT_PROJECT_DIR / "models" / "staging").rglob("_*__sources.yml"):
        for source in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources", []):
            for table in source.get("tables", []):
                found[table.get("identifier", table["name"])] = (source["name"], table["name"])
    return found
