"""Which part of the dbt project a build must run: everything, or only what the loads since the last green
build can have changed.

A `dbt build` of the whole project costs the same whether one file or every file arrived: each of its ~370
nodes (seeds, views, tables, data and unit tests) pays dbt's per-node cost, so after one more day of exports
a full build takes as long as the first one. Yet a model whose inputs did not change would produce the same
rows again. So a build runs only the nodes downstream of the raw tables that received loads
(`--select source:<source>+`, with the tests of those nodes), when three things hold:

- a previous build of the same warehouse passed (recorded in the writer file itself, `meta.dbt_built_loads`:
  the loads each green build covered, so the record travels with the warehouse). A failed build records
  nothing, so the next one selects the same sources again, and with them every node that failed or was
  skipped;
- the project is the same: a fingerprint of every file under `dbt_project/` (models, macros, seeds, tests,
  profile) and of the dbt versions, recorded with the covered loads. Any change (a seed edit, a model
  rewrite, an upgrade) makes the next build a full one, which is simpler and safer than dbt's
  `state:modified` (which misses changes hidden in macros, env vars and vars);
- the caller passed no dbt arguments of its own (`--select`, `--full-refresh`, `--vars`...): those are
  obeyed as given, on the whole project.

Why the ledger and not `dbt source freshness` + `source_status:fresher+`: every write to a raw table goes
through the loader, which writes one `meta.loads` row per file, so the ledger says exactly which tables
changed, in one query; freshness would be a second dbt start-up (~10 s) and forty `max()` queries. The
price: a raw table changed outside the loader (hand-written SQL) is not seen; run a full refresh then
(`--full-refresh`: the incremental post chain finds changed rows by their load ids, which hand-written SQL
need not change).

A full build the plan decides on (first build, changed project) is a `--full-refresh`: the incremental
facts were built by other code or seeds (an edited FX rate or alias would otherwise stay in every row
outside their windows), and everything derives from the raw tables, so nothing is lost. A full build the
caller asks for (`changed_only=False`) is a plain `dbt build`, as before.

Unit tests pin model logic on fixed inputs, not data: they run in every full build, i.e. whenever the
project changed, and are left out of the changed-only builds (`--exclude-resource-type unit_test`), as
dbt recommends for production runs. Seeds are not reloaded either: their files are part of the
fingerprint. Models not selected keep their tables from the last green build, which are exactly what they
would rebuild, so the publish step still finds every mart complete.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import duckdb

from ingest.config import DBT_PROJECT_DIR

BUILT_LOADS_DDL = """
create schema if not exists meta;
create table if not exists meta.dbt_built_loads (
    load_id varchar primary key,        -- a meta.loads row a green dbt build has transformed
    project_fingerprint varchar not null,
    built_at timestamptz not null
);
"""


@dataclass(frozen=True)
class BuildPlan:
    """`selectors` empty and `full` true: the whole project. `full` false and no selectors: nothing changed."""

    full: bool
    full_refresh: bool  # a full build that also rebuilds the incremental facts from scratch
    reason: str
    selectors: tuple[str, ...]  # the changed sources, e.g. "source:youtube.channel_basic"
    fingerprint: str
    loads: tuple[str, ...]  # the load ids this build covers once it passes

    @property
    def nothing_to_do(self) -> bool:
        return not self.full and not self.selectors

    def dbt_arguments(self) -> list[str]:
        if self.full:
            return ["--full-refresh"] if self.full_refresh else []
        # each changed source and every node downstream of it, with their data tests
        return ["--select", *(f"{selector}+" for selector in self.selectors), "--exclude-resource-type", "unit_test"]


def project_fingerprint(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """sha256 of every file under the project (path and bytes) and of the dbt versions that run it."""
    digest = hashlib.sha256()
    for package in ("dbt-core", "dbt-duckdb"):
        digest.update(f"{package}={version(package)}\n".encode())
    for path in sorted(p for p in project_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(project_dir).as_posix()
        if relative.startswith(("target/", "logs/", "dbt_packages/")) or "__pycache__" in relative:
            continue
        digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def source_selectors_by_raw_table(manifest_path: Path) -> dict[str, str]:
    """`raw table name -> "source:<source>.<table>"` from a dbt manifest (sources in schema `raw`)."""
    manifest = json.loads(manifest_path.read_text())
    return {
        source["identifier"]: f"source:{source['source_name']}.{source['name']}"
        for source in manifest.get("sources", {}).values()
        if source.get("schema") == "raw"
    }


def plan(
    con: duckdb.DuckDBPyConnection,
    manifest_path: Path,
    *,
    changed_only: bool = True,
    project_dir: Path = DBT_PROJECT_DIR,
) -> BuildPlan:
    """What the next build runs, from the ledger and the record of green builds in `con` (the writer file)."""
    con.execute(BUILT_LOADS_DDL)
    fingerprint = project_fingerprint(project_dir)
    loads = tuple(r[0] for r in con.execute("select load_id from meta.loads where status = 'loaded'").fetchall())

    def full(reason: str, *, refresh: bool = True) -> BuildPlan:
        return BuildPlan(
            full=True, full_refresh=refresh, reason=reason, selectors=(), fingerprint=fingerprint, loads=loads
        )

    if not changed_only:
        return full("a full build was asked for", refresh=False)
    built = con.execute(
        "select count(*) from meta.dbt_built_loads where project_fingerprint = ?", [fingerprint]
    ).fetchone()[0]
    if not built:
        has_any = con.execute("select count(*) from meta.dbt_built_loads").fetchone()[0]
        return full("the dbt project changed since the last green build" if has_any else "no green build yet")
    if not manifest_path.exists():
        return full("no dbt manifest to map raw tables to sources")
    changed_tables = [
        r[0]
        for r in con.execute(
            """
            select distinct unnest(loads.raw_tables) as raw_table
            from meta.loads as loads
            anti join meta.dbt_built_loads as built
                on loads.load_id = built.load_id and built.project_fingerprint = ?
            where loads.status = 'loaded' and loads.raw_tables is not null
            order by 1
            """,
            [fingerprint],
        ).fetchall()
    ]
    # a raw table no source reads feeds no model (a source added for it changes the fingerprint)
    selectors_by_table = source_selectors_by_raw_table(manifest_path)
    selectors = tuple(selectors_by_table[t] for t in changed_tables if t in selectors_by_table)
    reason = f"loads since the last green build changed {', '.join(changed_tables)}" if selectors else "no new loads"
    return BuildPlan(
        full=False, full_refresh=False, reason=reason, selectors=selectors, fingerprint=fingerprint, loads=loads
    )


def record_green_build(con: duckdb.DuckDBPyConnection, built: BuildPlan) -> None:
    """After a build that passed: its loads are transformed under its project fingerprint (older
    fingerprints are dropped: a changed project starts over with a full build)."""
    con.execute(BUILT_LOADS_DDL)
    con.execute("begin")
    con.execute("delete from meta.dbt_built_loads where project_fingerprint <> ?", [built.fingerprint])
    if built.loads:
        con.execute(
            "insert or ignore into meta.dbt_built_loads select unnest(?::varchar[]), ?, current_timestamp",
            [list(built.loads), built.fingerprint],
        )
    elif not con.execute("select count(*) from meta.dbt_built_loads").fetchone()[0]:
        # a green build of a warehouse with no loads yet still counts: remember its fingerprint
        con.execute("insert into meta.dbt_built_loads values ('(none)', ?, current_timestamp)", [built.fingerprint])
    con.execute("commit")
