"""Test-session isolation: nothing a test runs may write to ~/airflow, ~/.dbt or the project's .resonance/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Airflow reads its home when first imported, which may happen while collecting a test module.
_SESSION_ROOT = Path(tempfile.mkdtemp(prefix="resonance-tests-"))
os.environ["AIRFLOW_HOME"] = str(_SESSION_ROOT / "airflow")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(Path(__file__).resolve().parent.parent / "dags")
os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
os.environ["RESONANCE_HOME"] = str(_SESSION_ROOT / "default-home")

SHARED_REAL_EXPORTS = Path(__file__).resolve().parents[1].parent / "shared" / "real-exports"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A throwaway $RESONANCE_HOME for one test."""
    from ingest.config import Paths

    monkeypatch.setenv("RESONANCE_HOME", str(tmp_path / "home"))
    return Paths.from_env().ensure()


@pytest.fixture
def real_exports() -> Path:
    if not SHARED_REAL_EXPORTS.exists():
        pytest.skip("../shared/real-exports is absent (a fresh clone has no shared folder)")
    return SHARED_REAL_EXPORTS


# The files that take longest, measured (`make test` lists the 25 slowest tests), longest first. `make test`
# hands whole files to its two workers in collection order (`--dist loadfile --no-loadscope-reorder`): these
# start first, so no long file starts last and leaves one worker running alone at the end.
SLOWEST_FIRST = (
    "tests/cluster/test_brands_on_celery.py",
    "tests/cluster/test_celery_cluster.py",
    "tests/live/test_running_airflow.py",
    "tests/dags/test_transform_dag.py",
    "tests/pipeline/test_end_to_end.py",
    "tests/transform/test_integrity_marts.py",
    "tests/live/test_airflow_command.py",
    "tests/transform/test_organic_marts.py",
    "tests/transform/test_changed_only_build.py",
    "tests/transform/test_adding_a_platform.py",
    "tests/dags/test_pull_dag.py",
    "tests/dags/test_freshness.py",
    "tests/landing/test_landing_dag.py",
    "tests/transform/test_dbt_docs.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: index for index, path in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))  # stable: the rest as found
