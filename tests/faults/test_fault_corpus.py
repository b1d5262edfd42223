"""Every fault a dropped file or a loading process can meet, through the real loader, in one place.

For each file fault (`corpus.FAULTS`) landing holds the bad path beside a good export, and `resonance sweep`
(what the ingest DAG runs) is run twice. The first sweep gives the bad path its exact outcome and reason,
loads the good file, and leaves the raw tables as if the bad file had never come; the second changes
nothing. Process faults follow: an unreadable file, a loop of links, kill -9 mid-load, two writers at once
and a full disk. None ends in a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus import ACCOUNT, FAULTS, GOOD_NAME, SETTLED, Fault, good_export, tweet

from ingest import warehouse
from ingest.cli import EXIT_DISK_FULL, EXIT_OK, EXIT_REJECTED, main
from ingest.config import Paths

GOOD_IDS = {tweet(n).tweet_id for n in range(3)}


def settle(folder: Path) -> None:
    """Older than landing's settle window, so a sweep takes the files at once."""
    for path in [folder, *folder.rglob("*")]:
        try:
            os.utime(path, (SETTLED, SETTLED), follow_symlinks=False)
        except OSError:
            pass


def query(home: Paths, sql: str, params: list | None = None) -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def raw_row_counts(home: Paths) -> dict[str, int]:
    tables = [t for (t,) in query(home, "select table_name from information_schema.tables where table_schema = 'raw'")]
    counts = {t: query(home, f"select count(*) from raw.{warehouse.quote(t)}")[0][0] for t in tables}
    return {t: n for t, n in counts.items() if n}


def tweet_ids(home: Paths) -> set[str]:
    return {i for (i,) in query(home, "select tweet_id::varchar from raw.x__tweet_activity")}


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_each_fault_gets_its_exact_outcome_and_the_good_file_beside_it_loads(fault: Fault, home, capsys) -> None:
    folder = home.landing / ACCOUNT
    good_export(folder)
    bad = fault.make(folder)
    settle(folder)

    assert main(["sweep", "--wait", "5"]) == (EXIT_REJECTED if fault.status == "rejected" else EXIT_OK)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (row,) = query(home, "select status, reason_rule, reason from meta.loads where source_path = ?", [str(bad)])
    status, rule, reason = row
    assert (status, rule) == (fault.status, fault.rule), reason
    for fragment in fault.fragments:
        assert fragment in reason, (fragment, reason)
    assert len(reason or "") < 1_000  # one readable line, whatever the file holds
    counts = raw_row_counts(home)
    if fault.status == "rejected":  # the raw tables hold the good file, and nothing of the bad one
        assert counts == {"x__tweet_activity": 3}
        assert tweet_ids(home) == GOOD_IDS
        assert not bad.exists() and not bad.is_symlink()  # moved out of landing, so no sweep retries it
    else:
        assert counts == {"x__tweet_activity": 6}
        assert tweet_ids(home) > GOOD_IDS

    ledger = query(home, "select count(*) from meta.loads")
    assert main(["sweep", "--wait", "5"]) == EXIT_OK  # the second sweep finds nothing new
    assert "nothing new in landing" in capsys.readouterr().err
    assert query(home, "select count(*) from meta.loads") == ledger
    assert raw_row_counts(home) == counts


def test_a_loop_of_folder_links_is_walked_once_and_nothing_loads_twice(home, capsys) -> None:
    folder = home.landing / ACCOUNT
    good_export(folder)
    (folder / "again").symlink_to(folder, target_is_directory=True)
    (home.landing / "mirror").symlink_to(home.landing, target_is_directory=True)
    settle(home.landing)
    for _ in range(2):
        assert main(["sweep", "--wait", "5"]) == EXIT_OK
        assert raw_row_counts(home) == {"x__tweet_activity": 3}
        assert query(home, "select count(*) from meta.loads") == [(1,)]
    assert "Traceback" not in capsys.readouterr().err


def resonance(home: Path, *args: str, without_root_reads: bool = False) -> subprocess.Popen:
    """`resonance ARGS` in its own process, as an operator or a task runs it. `without_root_reads` drops
    root's power to read any file (CAP_DAC_OVERRIDE), so a file's permissions apply as for any other user."""
    prefix = []
    if without_root_reads and os.geteuid() == 0:
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "ingest.cli", *args],
        env={**os.environ, "RESONANCE_HOME": str(home)},
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_file_the_loader_may_not_read_is_rejected_and_the_files_after_it_load(home) -> None:
    folder = home.landing / ACCOUNT
    secret = good_export(folder, name="tweet_activity_metrics_northwindgear_20261001_20261101_en.csv", first=50)
    good = good_export(folder)
    settle(folder)
    secret.chmod(0)
    for sweep, expected in ((1, EXIT_REJECTED), (2, EXIT_OK)):
        process = resonance(home.root, "sweep", without_root_reads=True)
        out, err = process.communicate(timeout=300)
        assert process.returncode == expected, (sweep, out, err)
        assert "Traceback" not in err
        if sweep == 1:
            assert f"[1/2] rejected   cannot read {secret.name}: Permission denied" in out
            assert f"[2/2] loaded     {good.name}" in out
    rows = query(home, "select file_name, status, reason_rule, reason from meta.loads order by file_name")
    assert [r[:3] for r in rows] == [(secret.name, "rejected", "unreadable"), (good.name, "loaded", None)]
    assert "Permission denied" in rows[0][3]
    assert tweet_ids(home) == GOOD_IDS


def big_export(folder: Path, rows: int) -> Path:
    from ingest.samples.x import write_x_tweet_activity

    folder.mkdir(parents=True, exist_ok=True)
    name = "tweet_activity_metrics_northwindgear_20261001_20261101_en.csv"
    return write_x_tweet_activity(folder / name, [tweet(1_000 + n) for n in range(rows)])


def test_kill_9_mid_load_leaves_nothing_half_loaded_and_the_next_run_loads_it_exactly_once(home, tmp_path) -> None:
    drop = tmp_path / "drop"
    good = good_export(drop / ACCOUNT, name="a_" + GOOD_NAME)  # sorts, and so loads, first
    big = big_export(drop / ACCOUNT, 200_000)
    process = resonance(home.root, "ingest", str(drop))
    first = process.stdout.readline()
    assert "[1/2] loaded" in first and good.name in first, first + process.stderr.read()
    time.sleep(0.5)  # the big file is being parsed, validated and written
    assert process.poll() is None, "the load ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    rest = process.stdout.read()
    assert big.name not in rest  # it never reported a result
    assert query(home, "select file_name, status from meta.loads") == [(good.name, "loaded")]
    assert tweet_ids(home) == GOOD_IDS  # nothing of the killed file's transaction

    for run in (1, 2):
        again = resonance(home.root, "ingest", str(drop))
        out, err = again.communicate(timeout=600)
        assert again.returncode == EXIT_OK, err
        assert query(home, "select count(*) from raw.x__tweet_activity") == [(200_003,)]
        status = "loaded" if run == 1 else "duplicate"
        assert f"[2/2] {status:<10} {big.name}" in out
    assert query(home, "select count(*) from meta.loads where status = 'loaded'") == [(2,)]


def test_two_ingests_started_together_both_load_everything_one_after_the_other(home, tmp_path) -> None:
    drops = [tmp_path / "one", tmp_path / "two"]
    for offset, drop in enumerate(drops):
        good_export(drop / ACCOUNT, name=f"{offset}_{GOOD_NAME}", first=100 * offset)
        big_export(drop / f"{ACCOUNT}-{offset}", 30_000 + offset)
    processes = [resonance(home.root, "ingest", str(drop)) for drop in drops]
    outcomes = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [EXIT_OK, EXIT_OK], outcomes
    assert all("Traceback" not in err for _, err in outcomes)
    assert query(home, "select status, count(*) from meta.loads group by all") == [("loaded", 4)]
    # the two big files share tweet ids (the same generator), so the newer as-of wins: rows are unique ids
    assert query(home, "select count(*) from raw.x__tweet_activity") == [(30_001 + 3 + 3,)]


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MiB tmpfs: a real full disk. Needs root's mount (the CI machine has it); skipped elsewhere."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_stops_the_load_with_one_line_keeps_what_loaded_and_the_next_run_finishes(
    small_disk: Path, tmp_path, monkeypatch, capsys
) -> None:
    home = Paths(small_disk / "home").ensure()
    monkeypatch.setenv("RESONANCE_HOME", str(home.root))
    drop = tmp_path / "drop"
    good = good_export(drop / ACCOUNT, name="a_" + GOOD_NAME)
    big = big_export(drop / ACCOUNT, 20_000)

    assert main(["ingest", str(drop)]) == EXIT_DISK_FULL
    captured = capsys.readouterr()
    assert f"[1/2] loaded     {good.name}" in captured.out
    assert f"no space left on the disk holding {home.warehouse}: stopped at {big.name}" in captured.err
    assert "Traceback" not in captured.err
    assert query(home, "select file_name, status from meta.loads") == [(good.name, "loaded")]
    assert tweet_ids(home) == GOOD_IDS

    subprocess.run(["mount", "-o", "remount,size=200m", str(small_disk)], check=True)
    for status in ("loaded", "duplicate"):
        assert main(["ingest", str(drop)]) == EXIT_OK
        assert f"[2/2] {status:<10} {big.name}" in capsys.readouterr().out
        assert query(home, "select count(*) from raw.x__tweet_activity") == [(20_003,)]
