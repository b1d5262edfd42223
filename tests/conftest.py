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
