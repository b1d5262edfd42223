"""The one list of platforms (the var `platforms` in dbt_project/dbt_project.yml) against the export
registry and the per-platform intermediate models: the files are read as they are. The lineage tests at the end
read dbt's manifest (one `dbt parse`): every registered export type's raw table reaches a `fct_` mart.

Export types and marts name platforms in two vocabularies. An export type names the platform that writes
the file (`meta_ads`, `tiktok`, `brand`); the marts name the platform the numbers are about (`meta`,
`tiktok`). `mart_platforms` below is the one place where the two meet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from ingest.config import DBT_PROJECT_DIR
from ingest.exports import EXPORT_TYPES, table_types

# shape -> the folder of its per-platform models, int_<platform>__<shape>.sql (the union: int_<shape>_unioned)
SHAPE_FOLDERS = {
    "post_snapshots": DBT_PROJECT_DIR / "models" / "intermediate" / "posts" / "platforms",
    "account_daily": DBT_PROJECT_DIR / "models" / "intermediate" / "accounts" / "platforms",
    "ad_spend": DBT_PROJECT_DIR / "models" / "intermediate" / "ads" / "platforms",
}
ORGANIC_SHAPES = {"post_snapshots", "account_daily"}

# An ad platform's exports are named `<platform>_ads` and feed that platform's ad spend (meta_ads -> meta).
AD_EXPORT_SUFFIX = "_ads"
# Export platforms that are not the mart platform of the same name:
EXPORT_PLATFORMS_ELSEWHERE = {
    # the brand's own templates (orders, creator deals, live sessions, comments): each row names the
    # platform it concerns; the templates are no platform of their own
    "brand": (),
    # Meta Business Suite's daily metric files hold Facebook's and Instagram's account figures
    # (int_business_suite_daily_metrics_mapped assigns each row to one of them)
    "meta": ("facebook", "instagram"),
}


def mart_platforms(export_platform: str) -> tuple[str, ...]:
    """The platforms of var('platforms') that an export type's platform feeds."""
    if export_platform in EXPORT_PLATFORMS_ELSEWHERE:
        return EXPORT_PLATFORMS_ELSEWHERE[export_platform]
    return (export_platform.removesuffix(AD_EXPORT_SUFFIX),)


@pytest.fixture(scope="module")
def platforms() -> dict[str, list[str]]:
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project["vars"]["platforms"]


def test_the_platform_list_is_exactly_the_platforms_the_export_registry_feeds(platforms) -> None:
    fed = {platform for export in EXPORT_TYPES for platform in mart_platforms(export.platform)}
    assert set(platforms) == fed


def test_ad_exports_feed_ad_spend_and_organic_exports_an_organic_shape(platforms) -> None:
    for export in EXPORT_TYPES:
        for platform in mart_platforms(export.platform):
            if export.platform.endswith(AD_EXPORT_SUFFIX):
                assert "ad_spend" in platforms[platform], (export.name, platform)
            else:
                assert ORGANIC_SHAPES & set(platforms[platform]), (export.name, platform)


def test_every_platform_feeds_known_shapes_and_every_shape_has_a_platform(platforms) -> None:
    for platform, shapes in platforms.items():
        assert shapes and set(shapes) <= set(SHAPE_FOLDERS), platform
    assert {shape for shapes in platforms.values() for shape in shapes} == set(SHAPE_FOLDERS)


def test_every_per_platform_model_the_list_implies_exists_and_no_other(platforms) -> None:
    implied = {
        SHAPE_FOLDERS[shape] / f"int_{platform}__{shape}.sql"
        for platform, shapes in platforms.items()
        for shape in shapes
    }
    present = {path for folder in SHAPE_FOLDERS.values() for path in folder.glob("*.sql")}
    assert sorted(map(str, implied - present)) == []  # listed, but no model: the union fails to compile
    assert sorted(map(str, present - implied)) == []  # a model the list does not name: left out of the union


def platform_accepted_values(path: Path) -> list[tuple[str, object]]:
    """(model, values) of every accepted_values test on a `platform` column in one YAML file."""
    found = []
    for node in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []) or []:
        for column in node.get("columns", []) or []:
            if column.get("name") != "platform":
                continue
            for test in column.get("data_tests", []) or []:
                if isinstance(test, dict) and "accepted_values" in test:
                    found.append((node["name"], test["accepted_values"]["arguments"]["values"]))
    return found


def test_every_accepted_values_test_on_a_platform_column_reads_the_list() -> None:
    paths = sorted([*(DBT_PROJECT_DIR / "models").rglob("*.yml"), *(DBT_PROJECT_DIR / "seeds").rglob("*.yml")])
    tests = [found for path in paths for found in platform_accepted_values(path)]
    assert len(tests) >= 7
    written_out = [(model, values) for model, values in tests if "platforms_for(" not in str(values)]
    assert written_out == []


# ---- every export type's rows reach a fact mart (the dbt manifest's lineage) ---------------------------


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    """The dbt manifest of the project as it is (`dbt parse` on a throwaway root)."""
    from ingest.config import Paths
    from ingest.transform.dbt import ensure_manifest, ensure_sources

    home = Paths(tmp_path_factory.mktemp("manifest") / "home").ensure()
    ensure_sources(home)
    return json.loads(ensure_manifest(home).read_text(encoding="utf-8"))


def facts_downstream(manifest: dict, unique_id: str) -> set[str]:
    """The `fct_` models under models/marts that read `unique_id`, directly or through other models."""
    children = manifest["child_map"]
    seen, frontier = set(), [unique_id]
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in seen and child.startswith("model."):
                seen.add(child)
                frontier.append(child)
    nodes = manifest["nodes"]
    return {
        uid
        for uid in seen
        if nodes[uid]["name"].startswith("fct_") and nodes[uid]["original_file_path"].startswith("models/marts/")
    }


@pytest.mark.slow
def test_every_registered_export_types_rows_reach_a_fact_mart(manifest) -> None:
    sources = {node["identifier"]: uid for uid, node in manifest["sources"].items() if node["schema"] == "raw"}
    unread = {}
    for export in table_types():
        assert export.raw_table in sources, f"{export.name}: raw.{export.raw_table} is no dbt source"
        if not facts_downstream(manifest, sources[export.raw_table]):
            unread[export.name] = export.raw_table
    assert unread == {}  # registered, loaded, and read by no fct_ mart


@pytest.mark.slow
def test_the_lineage_check_sees_a_raw_table_that_reaches_no_fact(manifest) -> None:
    """Cut one raw table's path at its staging model: the check above must then name it."""
    sources = manifest["sources"].items()
    source = next(uid for uid, node in sources if node["identifier"] == "linkedin__share_statistics")
    assert facts_downstream(manifest, source)
    cut = {**manifest, "child_map": {**manifest["child_map"]}}
    for staging in manifest["child_map"][source]:
        cut["child_map"][staging] = []
    assert facts_downstream(cut, source) == set()
