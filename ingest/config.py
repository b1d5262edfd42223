"""Where every run writes: one root, `$RESONANCE_HOME`, with a default inside the project.

All paths hang off the root so that a test (or a second deployment) can point the whole pipeline at a
throwaway folder with one environment variable. Nothing here touches the disk: `Paths.ensure()` does.

Landing is the one place that may live elsewhere: `RESONANCE_LANDING_URL=s3://bucket/prefix` moves it to an
S3-compatible bucket (`LandingSettings`); the cache of fetched objects and the watcher's memory stay under
the root.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_DIR / ".resonance"
DBT_PROJECT_DIR = PROJECT_DIR / "dbt_project"
EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
DAGS_DIR = PROJECT_DIR / "dags"
DEFAULT_BRAND = "default"
BRANDS_FOLDER = "brands"
BRAND_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def configured_brands() -> list[str]:
    """The brands this deployment runs: `RESONANCE_BRANDS` (comma-separated ids), else the one `default`."""
    listed = [b.strip() for b in os.environ.get("RESONANCE_BRANDS", "").split(",") if b.strip()]
    for brand in listed:
        if not BRAND_ID.fullmatch(brand):
            raise ValueError(f"RESONANCE_BRANDS: {brand!r} is not a brand id (lower-case letters, digits, '-', '_')")
    return listed or [DEFAULT_BRAND]


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
    def landing_cache(self) -> Path:
        """Local copies of objects fetched from a remote landing, laid out like `landing/` (account folders)."""
        return self.root / "cache" / "landing"

    @property
    def watch_state(self) -> Path:
        """What the landing watcher has already announced (a file, not DuckDB: the writer holds that)."""
        return self.root / "state" / "watch"

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
    def reports(self) -> Path:
        """What `resonance report` writes for people to read (self-contained HTML)."""
        return self.root / "reports"

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

    @property
    def dbt_docs(self) -> Path:
        """Where `resonance docs` runs dbt (its own target/ and logs/): the build's manifest stays the DAGs'."""
        return self.root / "dbt" / "docs"

    @property
    def docs_site(self) -> Path:
        """The dbt docs site of the published marts (`resonance docs`): index.html, one self-contained file."""
        return self.root / "docs"

    # ---- brands: a brand (tenant) is a root of its own, `<deployment>/brands/<id>/`; the deployment's own
    # root is the one brand `default` (today's layout, no configuration) ----------------------------------------

    @property
    def brand(self) -> str:
        """This root's brand: the folder name under `<deployment>/brands/`, else `default`."""
        return self.root.name if self.root.parent.name == BRANDS_FOLDER else DEFAULT_BRAND

    @property
    def deployment(self) -> Path:
        """The root every brand of this deployment hangs off (the lake and its catalog live there)."""
        return self.root.parent.parent if self.brand != DEFAULT_BRAND else self.root

    def for_brand(self, brand: str) -> Paths:
        """The root of `brand` in this deployment (`default` is the deployment's own root)."""
        if not BRAND_ID.fullmatch(brand):
            raise ValueError(f"brand {brand!r}: use lower-case letters, digits, '-' and '_' (at most 64)")
        return Paths(self.deployment if brand == DEFAULT_BRAND else self.deployment / BRANDS_FOLDER / brand)

    @property
    def lake(self) -> Path:
        """Every brand's marts as Hive-partitioned Parquet, `marts/<table>/brand=<id>/` (local default; see
        `ingest.serve.lake` for `RESONANCE_LAKE_URL`)."""
        return self.deployment / "lake"

    @property
    def lake_catalog(self) -> Path:
        """A DuckDB file with one view per mart over every brand's partitions in the local lake."""
        return self.deployment / "warehouse" / "lake.duckdb"

    def ensure(self) -> Paths:
        for folder in (self.landing, self.quarantine, self.warehouse, self.parquet, self.airflow_home):
            folder.mkdir(parents=True, exist_ok=True)
        return self


LANDING_MARKER_MODES = ("optional", "required")


@dataclass(frozen=True)
class LandingSettings:
    """Where exports land and when a landed file counts as complete. Build with `LandingSettings.from_env()`.

    - `RESONANCE_LANDING_URL`: unset for the local folder `$RESONANCE_HOME/landing`, or `s3://bucket/prefix`.
      Credentials and region come from the usual AWS chain (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
      `AWS_SESSION_TOKEN`, `AWS_PROFILE`, `AWS_DEFAULT_REGION`).
    - `RESONANCE_LANDING_ENDPOINT_URL`: the S3 API of a non-AWS store (MinIO, Ceph, R2...).
    - `RESONANCE_LANDING_SETTLE_SECONDS` (default 1): a local file without a marker is complete once it has
      not changed for this long.
    - `RESONANCE_LANDING_MARKERS`: `optional` (default) or `required` (only files with a marker count).
    """

    url: str | None = None
    endpoint_url: str | None = None
    settle_seconds: float = 1.0
    require_marker: bool = False

    def __post_init__(self) -> None:
        if self.url is not None and not self.url.startswith("s3://"):
            raise ValueError(
                f"RESONANCE_LANDING_URL={self.url!r}: use s3://bucket/prefix, or unset it for $RESONANCE_HOME/landing"
            )
        if self.url is not None and not self.url[len("s3://") :].strip("/"):
            raise ValueError(f"RESONANCE_LANDING_URL={self.url!r} names no bucket")
        if self.settle_seconds < 0:
            raise ValueError(f"RESONANCE_LANDING_SETTLE_SECONDS={self.settle_seconds} must not be negative")

    @classmethod
    def from_env(cls) -> LandingSettings:
        markers = os.environ.get("RESONANCE_LANDING_MARKERS", "optional").strip().lower()
        if markers not in LANDING_MARKER_MODES:
            raise ValueError(f"RESONANCE_LANDING_MARKERS={markers!r}: expected one of {LANDING_MARKER_MODES}")
        return cls(
            url=os.environ.get("RESONANCE_LANDING_URL") or None,
            endpoint_url=os.environ.get("RESONANCE_LANDING_ENDPOINT_URL") or None,
            settle_seconds=float(os.environ.get("RESONANCE_LANDING_SETTLE_SECONDS", "1")),
            require_marker=markers == "required",
        )
