"""The dbt docs site of what is published (`resonance docs`, `make docs`).

Built from serving.duckdb, never from the writer's file: a running pipeline holds the writer (DuckDB allows
one writer, and even a read-only connection from another process blocks it), and the site should describe
what readers open. dbt runs with the profile's `docs` target: DuckDB in memory, the serving file attached
read-only under the writer's database name (`resonance`), so the names in the manifest are the ones a build
gives and dbt's catalog query, which filters on them, reads column types and comments from the published
marts. Its target/ and logs/ are the root's `dbt/docs/`: the manifest the DAGs render from is left alone.

The site is one file, `index.html`: dbt's static page (`docs generate --static`) with the manifest and the
catalog inlined, so it opens from disk or from a mail as well as from `--serve`. Only the marts are
published, so only they have catalog entries; the other models, seeds and sources show their YAML
documentation and lineage, without column types.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ingest.config import Paths
from ingest.serve.publish import MARTS_SCHEMA
from ingest.serve.report import open_serving
from ingest.transform.dbt import dbt_args, release_duckdb

DOCS_TARGET = "docs"  # the output in dbt_project/profiles.yml
SERVING_DB_VARIABLE = "RESONANCE_SERVING_DB"  # read by that output: the file it attaches read-only
SITE_FILES = {"static_index.html": "index.html", "manifest.json": "manifest.json", "catalog.json": "catalog.json"}


class NothingPublished(Exception):
    """No serving file yet: there is nothing to document."""


class DocsFailed(Exception):
    """dbt could not generate the docs, or its catalog found no published mart."""


@dataclass(frozen=True)
class DocsSite:
    index: Path  # the self-contained page
    marts: list[str]  # the published marts the catalog describes
    published_at: datetime  # when the documented marts were published (meta.publication)


def build_docs(home: Paths, out: Path | None = None) -> DocsSite:
    """`dbt docs generate --static` against the published serving file, opened read-only; the site is written
    to `out` (default: the root's `docs/`) as index.html, with the manifest and catalog beside it."""
    if not home.serving_db.exists():
        raise NothingPublished(
            f"nothing is published yet: {home.serving_db} does not exist. Run `resonance build` (or `make demo`) first"
        )
    from dbt.cli.main import dbtRunner  # seconds of imports

    work = home.dbt_docs
    target, logs = work / "target", work / "logs"
    args = dbt_args(home, "docs generate", "--static", "--target", DOCS_TARGET, target_path=target, log_path=logs)
    variables = {SERVING_DB_VARIABLE: str(home.serving_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    with _environment(variables):
        try:
            outcome = dbtRunner().invoke(["--quiet", *args])
        finally:
            release_duckdb()
    if not outcome.success:
        raise DocsFailed(f"dbt docs generate failed: {outcome.exception or 'see ' + str(logs / 'dbt.log')}")
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    marts = sorted(
        node["metadata"]["name"] for node in catalog["nodes"].values() if node["metadata"]["schema"] == MARTS_SCHEMA
    )
    if not marts:
        raise DocsFailed(f"dbt's catalog found no table in schema {MARTS_SCHEMA} of {home.serving_db}")
    out = out or home.docs_site
    out.mkdir(parents=True, exist_ok=True)
    for written, name in SITE_FILES.items():
        shutil.copyfile(target / written, out / name)
    con = open_serving(home)
    try:
        published_at = con.execute("select published_at from meta.publication").fetchone()[0]
    finally:
        con.close()
    return DocsSite(index=out / "index.html", marts=marts, published_at=published_at)


@contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    """Set environment variables for dbt's profile, and put back what was there."""
    previous = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def docs_server(site: Path, port: int) -> ThreadingHTTPServer:
    """An HTTP server for the site folder on 127.0.0.1 (port 0: any free one); the caller runs
    `serve_forever()`. The page needs no server; this is for a browser that cannot open files from this
    machine's disk (a container, an SSH tunnel)."""
    return ThreadingHTTPServer(("127.0.0.1", port), partial(SimpleHTTPRequestHandler, directory=str(site)))
