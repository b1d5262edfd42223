"""A dbt manifest for the DAG tests, made once per session (`dbt parse`: one dbt start-up, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.config import Paths


@pytest.fixture(scope="session")
def dbt_manifest(tmp_path_factory) -> Path:
    from ingest.transform.dbt import ensure_manifest

    return ensure_manifest(Paths(tmp_path_factory.mktemp("manifest") / "home"))


@pytest.fixture
def manifest_home(tmp_path, dbt_manifest) -> Paths:
    """A root whose transform DAG renders per-model tasks: the session's manifest copied where dbt puts it."""
    home = Paths(tmp_path / "home")
    home.dbt_target.mkdir(parents=True, exist_ok=True)
    (home.dbt_target / "manifest.json").write_bytes(dbt_manifest.read_bytes())
    return home
