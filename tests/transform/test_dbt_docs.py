"""`dbt docs generate` works on a built warehouse, and the catalog it writes documents every mart fully.

The catalog is what the docs site and BI users read: a mart column that exists in the warehouse but not in
the model's yml would appear there without a word of explanation, and a documented column missing from the
warehouse would describe nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from marts_build import run_dbt

from ingest.config import DBT_PROJECT_DIR, Paths
from ingest.warehouse import connect, ensure_all

pytestmark = pytest.mark.slow


def invoke_dbt(tmp: Path, db_path: Path, command: str, *extra: str):  # noqa: ANN201 - dbtRunnerResult
    result = run_dbt(tmp, db_path, command, *extra)
    assert result.exception is None, result.exception
    assert result.success, [str(r.status) for r in getattr(result.result, "results", [])]
    return result


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> tuple[dict, dict]:
    """(manifest, catalog) of `dbt docs generate` run after a `dbt build` on empty raw tables."""
    tmp = tmp_path_factory.mktemp("dbt-docs")
    db_path = tmp / "warehouse" / "resonance.duckdb"
    con = connect(db_path)
    ensure_all(con)
    con.close()
    had_project_target = (DBT_PROJECT_DIR / "target").exists()
    invoke_dbt(tmp, db_path, "build")
    invoke_dbt(tmp, db_path, "docs generate")
    manifest = json.loads((Paths(tmp).dbt_target / "manifest.json").read_text())
    catalog = json.loads((Paths(tmp).dbt_target / "catalog.json").read_text())
    # written where the caller said, not in the repository
    assert (DBT_PROJECT_DIR / "target").exists() == had_project_target
    return manifest, catalog


def mart_nodes(manifest: dict) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"].get("schema") == "marts"
    }


def test_every_mart_is_in_the_catalog(docs) -> None:
    manifest, catalog = docs
    marts = mart_nodes(manifest)
    assert {"model.resonance.fct_live_sessions", "model.resonance.fct_conversation_daily"} <= set(marts)
    assert set(marts) <= set(catalog["nodes"])
    for uid in marts:
        assert catalog["nodes"][uid]["metadata"]["schema"] == "marts"


def test_every_mart_column_in_the_warehouse_is_documented_and_every_documented_column_exists(docs) -> None:
    manifest, catalog = docs
    for uid, node in mart_nodes(manifest).items():
        built = {name.lower() for name in catalog["nodes"][uid]["columns"]}
        documented = {name.lower() for name in node["columns"]}
        assert built == documented, (uid, "undocumented:", built - documented, "not built:", documented - built)
        undescribed = [name for name, column in node["columns"].items() if not column["description"].strip()]
        assert not undescribed, (uid, undescribed)
        assert node["description"].strip(), uid


def test_exposures_name_the_marts_the_bi_reads(docs) -> None:
    manifest, _ = docs
    exposures = {node["name"]: node for node in manifest["exposures"].values()}
    assert set(exposures) >= {
        "social_performance_dashboard",
        "paid_roi_dashboard",
        "community_listening_dashboard",
        "analyst_notebook",
    }
    marts = set(mart_nodes(manifest))
    for name, exposure in exposures.items():
        assert exposure["owner"]["name"], name
        assert exposure["depends_on"]["nodes"] and set(exposure["depends_on"]["nodes"]) <= marts, name
    assert set(exposures["community_listening_dashboard"]["depends_on"]["nodes"]) == {
        "model.resonance.fct_conversation_daily",
        "model.resonance.fct_live_sessions",
    }
