"""Where every run writes: one root, `$RESONANCE_HOME`, with a default inside the project.

All paths hang off the root so that a test (or a second deployment) can point the whole pipeline at a
throwaway folder with one environment variable. Nothing here touches the disk: `Paths.ensure()` does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_DIR / ".resonance"
DBT_PROJECT_DIR = PROJECT_DIR / "dbt_project"
EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
DAGS_DIR = PROJECT_DIR / "dags"


@dataclass(frozen=True)
class Paths:
    """The layout under one root. Build with `Paths.from_env()` or `Paths(root)`."""

    root: Path

    @classmethod
    def from_env(cls) -> Paths:
        return cls(Path(os.environ.get("RESONANCE_HOME", DEFAULT_HOME)).expanduser().resolve())

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def writer_db(self) -> Path:
        """The single-writer DuckDB file: raw, staging and mart tables. BI never opens it."""
        return self.warehouse / "resonance.duckdb"

    @property
    def serving_db(self) -> Path:
        """Published marts only, swapped in atomically. What BI tools and analysts open (read-only)."""
        return self.warehouse / "serving.duckdb"

    @property
    def parquet(self) -> Path:
        return self.warehouse / "parquet"

    @property
    def secrets(self) -> Path:
        """Keys that must stay with the warehouse (the identity key hashing commenters and customers)."""
        return self.root / "secrets"

    @property
    def airflow_home(self) -> Path:
        return self.root / "airflow"

    @property
    def dbt_target(self) -> Path:
        return self.root / "dbt" / "target"

    @property
    def dbt_logs(self) -> Path:
        return self.root / "dbt" / "logs"

    def ensure(self) -> Paths:
        for folder in (self.landing, self.quarantine, self.warehouse, self.parquet, self.airflow_home):
            folder.mkdir(parents=True, exist_ok=True)
        return self
