"""The ingest DAG with the landing watcher attached: `dag.test()` still loads, and Airflow stores the watcher."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ingest.config import PROJECT_DIR, Paths

# Airflow must be configured before it is imported (ingest.orchestration.airflow), so this runs in its own process.
RUN_INGEST_DAG = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from ingest.config import Paths
from ingest.orchestration.airflow import INGEST_DAG, configure_airflow, run_dag
home = Paths(Path(sys.argv[1]))
configure_airflow(home, quiet=True)
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity
counts = dict.fromkeys(X_COUNTS, 0) | {"impressions": 10}
tweet = Tweet(tweet_id="1", handle="northwindgear", text="t", time=datetime(2026, 10, 5, tzinfo=UTC), counts=counts)
write_x_tweet_activity(home.landing / "northwindgear" / "t.csv", [tweet])
state = run_dag(INGEST_DAG, log_file=home.root / "dag.log")
from airflow.models.asset import AssetWatcherModel
from airflow.models.trigger import Trigger
from airflow.utils.session import create_session
with create_session() as session:
    triggers = [[t.classpath, dict(t.kwargs)] for t in session.query(Trigger)]
    watchers = [[w.name, w.asset.uri] for w in session.query(AssetWatcherModel)]
print(json.dumps({"state": state, "triggers": triggers, "watchers": watchers}))
"""


@pytest.mark.slow
def test_the_ingest_dag_runs_under_dag_test_and_airflow_stores_the_landing_watcher(tmp_path):
    home = Paths(tmp_path / "home")
    run = subprocess.run(
        [sys.executable, "-c", RUN_INGEST_DAG, str(home.root)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads(run.stdout.strip().splitlines()[-1])

    assert outcome["state"] == "success"
    assert "loaded     t.csv -> raw.x__tweet_activity" in (home.root / "dag.log").read_text()
    assert outcome["watchers"] == [["resonance_landing_watcher", "resonance://landing/"]]  # as Airflow normalises it
    # The triggerer rebuilds the trigger from these stored kwargs: they must give back the same trigger.
    ((classpath, kwargs),) = outcome["triggers"]
    from ingest.landing.watcher import LandingTrigger

    assert LandingTrigger(**kwargs).serialize() == (classpath, kwargs)
