"""A loader killed with SIGKILL while it commits: every file is loaded whole with its ledger row, or not at all,
and the next run loads the rest exactly once. The rows go straight into the raw table inside the file's
transaction (no stage), so only DuckDB's commit stands between a kill and a half-loaded table."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest import warehouse
from ingest.load.loader import ingest_landing
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity

FILES, TWEETS = 6, 400

# Loads landing, and on the KILL_AT-th commit (the ledger row written, the commit about to run) starts a timer
# that kills the process DELAY seconds later: before, during or just after that commit.
CHILD = textwrap.dedent(
    """
    import os, signal, sys, threading
    from ingest.config import Paths
    from ingest.load import loader

    kill_at, delay = int(sys.argv[1]), float(sys.argv[2])
    record, seen = loader.Loader._record, []

    def record_then_arm(self, result):
        record(self, result)
        seen.append(result)
        if len(seen) == kill_at:
            threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()

    loader.Loader._record = record_then_arm
    loader.ingest_landing(Paths.from_env())
    """
)


def _tweets(file: int) -> list[Tweet]:
    counts = dict.fromkeys(X_COUNTS, 0)
    return [
        Tweet(
            tweet_id=f"{file}{n:05d}",
            handle="northwindgear",
            text=f"tweet {n} of file {file}",
            time=datetime(2026, 10, 5, 12, 30, tzinfo=UTC),
            counts=counts | {"impressions": 100 + n, "engagements": 5, "likes": 3, "retweets": 1, "replies": 1},
        )
        for n in range(TWEETS)
    ]


def _loaded(home) -> tuple[dict[str, int], dict[str, int]]:
    """(ledger: file -> `loaded` rows for it, raw: file -> rows in the raw table)."""
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        ledger = dict(
            con.execute(
                "select file_name, count(*) from meta.loads where status = 'loaded' group by file_name"
            ).fetchall()
        )
        raw = dict(
            con.execute(
                "select parse_filename(_source_file), count(*) from raw.x__tweet_activity group by all"
            ).fetchall()
        )
    finally:
        con.close()
    return ledger, raw


@pytest.mark.parametrize("delay", [0.0, 0.002, 0.01, 0.05])
def test_a_load_killed_during_a_commit_leaves_each_file_whole_or_absent_and_a_rerun_loads_the_rest_once(
    home, delay
) -> None:
    names = []
    for file in range(FILES):
        name = f"tweet_activity_metrics_northwindgear_2026100{file + 1}_2026100{file + 2}_en.csv"
        write_x_tweet_activity(home.landing / "northwindgear" / name, _tweets(file))
        names.append(name)

    child = subprocess.run(
        [sys.executable, "-c", CHILD, "3", str(delay)], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]

    ledger, raw = _loaded(home)
    assert 2 <= len(ledger) < FILES, "killed mid-run: the files before the third committed, the rest did not all"
    for name in names:
        assert ledger.get(name, 0) in (0, 1)
        assert raw.get(name, 0) == (TWEETS if ledger.get(name) else 0), f"{name}: rows without a ledger row"

    rerun = ingest_landing(home)
    assert sorted(r.path.rsplit("/", 1)[-1] for r in rerun if r.status == "loaded") == sorted(
        name for name in names if name not in ledger
    )
    ledger, raw = _loaded(home)
    assert ledger == dict.fromkeys(names, 1)
    assert raw == dict.fromkeys(names, TWEETS)
