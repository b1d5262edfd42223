"""`resonance airflow` under a supervisor: SIGTERM (systemd, a container runtime) stops every Airflow process
it started, as Ctrl-C does, and says so. It used to exit within a second and leave `airflow standalone`
running in its own session, holding the port and the warehouse.

The wait for Airflow to come up is a bound on a broken system, not a performance assertion.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import psutil
import pytest

from ingest.config import PROJECT_DIR

pytestmark = pytest.mark.slow

BOUND_SECONDS = 600


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://localhost:{port}/api/v2/monitor/health", timeout=5) as response:
            health = json.load(response)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
    return all((health.get(part) or {}).get("status") == "healthy" for part in ("scheduler", "triggerer"))


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_sigterm_stops_every_airflow_process_the_command_started_and_says_so(tmp_path):
    port = _free_port()
    command = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "--home", str(tmp_path / "home"), "airflow", "--port", str(port)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # as a supervisor starts it: its own session, so only our signal reaches it
    )
    started: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + BOUND_SECONDS
        while not _healthy(port):
            assert command.poll() is None, f"resonance airflow exited early: {command.stderr.read()[-2000:]}"
            assert time.monotonic() < deadline, f"Airflow not healthy on port {port} after {BOUND_SECONDS} s"
            time.sleep(2)
        started = [psutil.Process(command.pid), *psutil.Process(command.pid).children(recursive=True)]
        assert len(started) > 3  # the command, airflow standalone and its components

        command.send_signal(signal.SIGTERM)
        _, err = command.communicate(timeout=120)
        left = [p for p in started if _alive(p)]  # looked at before the cleanup below
    finally:
        for process in [p for p in started if _alive(p)]:
            process.kill()  # never leave a broken run's Airflow behind
        if command.poll() is None:
            command.kill()

    assert command.returncode == 0
    assert "stopping every Airflow component..." in err and "stopped: no Airflow process" in err
    assert not left, f"processes outlived SIGTERM: {[p.cmdline()[:3] for p in left]}"
