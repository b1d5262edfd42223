"""Run the pipeline through Airflow's own DAG runner (`dag.test()`) on a metadata DB under the root.

Used by `resonance demo` and the tests: Airflow's configuration is read when Airflow is first imported,
so `configure_airflow()` must run before anything imports it. The metadata DB is SQLite under
`$RESONANCE_HOME/airflow/`; `airflow db migrate` runs once (~10 s), later calls reuse it. The transform
DAG renders its per-model tasks from the root's dbt manifest, so a root without one gets it here
(`dbt parse`, once).

Two cosmos settings matter for the transform DAG, and a deployment sets them the same way
(`AIRFLOW__COSMOS__...` in the environment of every Airflow component):
- `enable_watcher_reliable_retry = False`: otherwise the build task rewrites one Airflow Variable holding
  every status reported so far after each of its ~1,500 status updates (quadratic; it roughly doubled the
  transform's time here), to survive a retry of the build, which this DAG never does (a new run rebuilds).
- `enable_cache = False`: the cache lives in /tmp, outside the root; dbt's own partial parse (in the root's
  target folder) already spares the build a full parse.
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from ingest.config import DAGS_DIR, Paths

INGEST_DAG = "resonance_ingest"
TRANSFORM_DAG = "resonance_transform"
PULL_DAG = "resonance_pull"
FRESHNESS_DAG = "resonance_freshness"
DAG_IDS = (PULL_DAG, INGEST_DAG, TRANSFORM_DAG, FRESHNESS_DAG)


def airflow_environment(home: Paths) -> dict[str, str]:
    return {
        "RESONANCE_HOME": str(home.root),
        "AIRFLOW_HOME": str(home.airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home.airflow_home / 'airflow.db'}",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home.airflow_home / "logs"),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "GX_ANALYTICS_ENABLED": "False",
        "AIRFLOW__COSMOS__ENABLE_WATCHER_RELIABLE_RETRY": "False",
        "AIRFLOW__COSMOS__ENABLE_CACHE": "False",
        # cosmos reports every task to a usage-metrics host by default; a pipeline does not phone home.
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
    }


def configure_airflow(home: Paths, *, quiet: bool = False) -> None:
    """Point Airflow at the root, create its metadata DB and the dbt manifest if missing, the DuckDB
    writer pool and the pull pools.
    `quiet` keeps Airflow's own log lines to warnings (the demo prints its own progress)."""
    if "airflow" in sys.modules and os.environ.get("AIRFLOW_HOME") != str(home.airflow_home):
        raise RuntimeError("Airflow was imported before configure_airflow(): its settings would be wrong")
    home.ensure()
    env = airflow_environment(home)
    if quiet:
        env["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "WARNING"
    os.environ.update(env)
    if not (home.airflow_home / "airflow.db").exists():
        subprocess.run(
            [sys.executable, "-m", "airflow", "db", "migrate"],
            env={**os.environ, **env},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    from ingest.transform.dbt import ensure_manifest

    ensure_manifest(home)
    from airflow.models.pool import Pool

    from ingest.orchestration.pools import airflow_pools

    for name, pool in airflow_pools().items():
        Pool.create_or_update_pool(
            name, slots=pool["slots"], description=pool["description"], include_deferred=pool["include_deferred"]
        )


def load_dags(dags_dir: Path = DAGS_DIR):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(dags_dir))


def run_dag(dag_id: str, log_file: Path | None = None) -> str:
    """Run one DAG to completion with Airflow's in-process runner; return its final state.
    With `log_file`, everything Airflow, cosmos, dbt and the tasks print (parsing the DAGs included) goes
    there instead of the terminal."""
    if log_file is None:
        return _test(dag_id)
    with _output_to(log_file):
        return _test(dag_id)


def _test(dag_id: str) -> str:
    dag = load_dags().dags.get(dag_id)
    if dag is None:
        raise LookupError(f"DAG {dag_id} not found in {DAGS_DIR}")
    return str(dag.test().state)


@contextmanager
def _output_to(log_file: Path):
    """Point file descriptors 1 and 2 at `log_file` (loggers hold their own references to the streams,
    so swapping sys.stdout is not enough), and restore them afterwards."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log_file, "ab") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
