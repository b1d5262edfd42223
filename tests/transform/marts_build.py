"""What the dbt test modules share: raw rows written the way the loader writes them, and one `dbt build`
of the whole project against a warehouse, with its results to read. Not a test module: the test modules
import it, never each other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.config import DBT_PROJECT_DIR, Paths
from ingest.transform.dbt import KEEP_OPEN_VARIABLE, dbt_args, release_duckdb
from ingest.warehouse import quote

# The channel taxonomy every fact ends with (macro network_columns): network, its group, paid or organic.
TAXONOMY_COLUMNS = ["network", "network_group", "channel_type"]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def naive(moment: datetime) -> datetime:
    """How a UTC instant reads in the marts: a timestamp without time zone, in UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def insert_raw(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert rows into raw.<table>, filling the lineage columns the loader would add."""
    for number, row in enumerate(rows, start=2):
        as_of: datetime = row["_as_of"]
        full = {
            "_row_number": number,
            "_load_id": f"load-{table}-{as_of:%Y%m%dT%H%M}",
            "_source_file": f"landing/{table}/{as_of:%Y%m%d}.csv",
            "_snapshot_date": as_of.astimezone(UTC).date(),
            **row,
        }
        columns = ", ".join(quote(name) for name in full)
        marks = ", ".join("?" for _ in full)
        con.execute(f"insert into raw.{quote(table)} ({columns}) values ({marks})", list(full.values()))


@dataclass(frozen=True)
class Build:
    db_path: Path
    result: object  # dbt.cli.main.dbtRunnerResult
    target_path: Path

    def statuses(self) -> dict[str, str]:
        """unique_id -> status ('success', 'pass', 'fail', 'error', 'skipped') of every node run; exposures
        are left out (a build reports them as `no-op`: there is nothing of theirs to run)."""
        return {
            r.node.unique_id: str(r.status) for r in self.result.result.results if r.node.resource_type != "exposure"
        }

    def compiled_code(self, model: str) -> str:
        (node,) = [r.node for r in self.result.result.results if r.node.unique_id == f"model.resonance.{model}"]
        return node.compiled_code

    def query(self, sql: str) -> list[tuple]:
        con = duckdb.connect(str(self.db_path), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


def project_files() -> set[str]:
    return {str(p.relative_to(DBT_PROJECT_DIR)) for p in DBT_PROJECT_DIR.rglob("*")}


def run_dbt(tmp: Path, db_path: Path, command: str, *extra: str):  # noqa: ANN201 - dbtRunnerResult
    """One dbt command against db_path with the pipeline's own command line (`ingest.transform.dbt.dbt_args`):
    profiles.yml from the project folder (never ~/.dbt), target/ and logs/ under tmp (never in dbt_project/).
    The file stays open for the whole command and is released after it, as the pipeline's own build does
    (`ingest.transform.dbt.dbt_build`): a reopen per node would double the time of every build here."""
    from dbt.cli.main import dbtRunner

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RESONANCE_WRITER_DB", str(db_path))
        patch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        patch.setenv(KEEP_OPEN_VARIABLE, "True")
        try:
            return dbtRunner().invoke(dbt_args(Paths(tmp), command, "--no-use-colors", *extra))
        finally:
            release_duckdb()


def dbt_build(tmp: Path, db_path: Path, *extra: str) -> Build:
    """One `dbt build` of the whole project against db_path, writing target/ and logs/ under tmp."""
    user_dbt_dir = Path.home() / ".dbt"
    had_user_dbt_dir = user_dbt_dir.exists()
    files_before = project_files()
    result = run_dbt(tmp, db_path, "build", *extra)
    assert result.exception is None, result.exception
    # A build writes nothing into the repository and nothing into the user's home.
    assert project_files() == files_before
    assert user_dbt_dir.exists() == had_user_dbt_dir
    return Build(db_path=db_path, result=result, target_path=Paths(tmp).dbt_target)


def dbt_build_passing(tmp: Path, db_path: Path, *extra: str) -> Build:
    """`dbt_build`, asserting that every node passed."""
    build = dbt_build(tmp, db_path, *extra)
    statuses = build.statuses()
    assert build.result.success and set(statuses.values()) <= {"success", "pass"}, {
        uid: s for uid, s in statuses.items() if s not in ("success", "pass")
    }
    return build
