"""`resonance docs` builds the dbt docs site from the published serving file, and its catalog documents every
mart fully.

The catalog is what the docs site and BI users read: a mart column that exists in the warehouse but not in
the model's yml would appear there without a word of explanation, and a documented column missing from the
warehouse would describe nothing. The site is built from what readers open, serving.duckdb read-only, and
never touches the writer's file, which a running pipeline holds.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest
from marts_build import run_dbt

from ingest.config import DBT_PROJECT_DIR, Paths
from ingest.serve.docs import build_docs, docs_server
from ingest.serve.publish import publish
from ingest.warehouse import connect, ensure_all

pytestmark = pytest.mark.slow


def invoke_dbt(tmp: Path, db_path: Path, command: str, *extra: str):  # noqa: ANN201 - dbtRunnerResult
    result = run_dbt(tmp, db_path, command, *extra)
    assert result.exception is None, result.exception
    assert result.success, [str(r.status) for r in getattr(result.result, "results", [])]
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The docs site `build_docs` wrote after a `dbt build` on empty raw tables and a publish, with the
    writer's file moved away for the whole docs build: it can neither be read nor held."""
    tmp = tmp_path_factory.mktemp("dbt-docs")
    home = Paths(tmp)
    con = connect(home.writer_db)
    ensure_all(con)
    con.close()
    had_project_target = (DBT_PROJECT_DIR / "target").exists()
    invoke_dbt(tmp, home.writer_db, "build")
    publish(home)
    build_manifest = home.dbt_target / "manifest.json"
    manifest_before = build_manifest.read_bytes()
    serving_before = home.serving_db.read_bytes()
    aside = tmp / "writer-moved-away.duckdb"
    home.writer_db.rename(aside)
    try:
        built = build_docs(home)
        # nothing opened the writer's path (DuckDB would have created an empty file there)
        assert not home.writer_db.exists()
    finally:
        aside.rename(home.writer_db)
    assert built.index == home.docs_site / "index.html"
    # the serving file read, not written; the build's manifest (the DAGs render from it) left alone
    assert home.serving_db.read_bytes() == serving_before
    assert build_manifest.read_bytes() == manifest_before
    # written where the caller said, not in the repository
    assert (DBT_PROJECT_DIR / "target").exists() == had_project_target
    return built.index.parent


@pytest.fixture(scope="module")
def docs(site) -> tuple[dict, dict]:
    """(manifest, catalog) of the site."""
    return json.loads((site / "manifest.json").read_text()), json.loads((site / "catalog.json").read_text())


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


def test_the_site_is_one_page_with_the_published_catalog_inlined(site, docs) -> None:
    """index.html opens from disk: dbt's static page carries the manifest and the catalog in itself."""
    _, catalog = docs
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'catalog:{"metadata"' in page and json.dumps(catalog["metadata"]["generated_at"]) in page
    described = catalog["nodes"]["model.resonance.fct_post_performance"]["columns"]["reach"]["comment"]
    assert described and json.dumps(described)[1:-1] in page


def test_the_catalog_reads_the_published_marts_with_their_comments(docs) -> None:
    """Column types and comments come from serving.duckdb (publish wrote the comments from the same yml)."""
    manifest, catalog = docs
    for uid, node in mart_nodes(manifest).items():
        entry = catalog["nodes"][uid]
        assert entry["metadata"]["type"] == "BASE TABLE", uid
        assert entry["metadata"]["comment"] == " ".join(node["description"].split()), uid
        assert all(column["type"] for column in entry["columns"].values()), uid
    # only the marts are published: the staging views, seeds and raw sources have no catalog entry
    assert {uid for uid in catalog["nodes"]} == set(mart_nodes(manifest))
    assert catalog["sources"] == {}


def test_the_site_is_served_on_localhost(site) -> None:
    server = docs_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
            assert response.read() == (site / "index.html").read_bytes()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
