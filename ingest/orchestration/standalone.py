"""Run Airflow's own components (`airflow standalone`: scheduler, dag-processor, triggerer, api-server)
on the Resonance root, as a team runs it on a laptop. Used by `resonance airflow` and the live tests.

Why these settings:
- The metadata DB is SQLite under `<root>/airflow/`; `airflow standalone` then runs the LocalExecutor.
  Its worker count is Airflow's `parallelism` (32 by default): 4 is plenty here, since every task that
  writes DuckDB waits for the one-slot writer pool anyway.
- The API server's port, base URL and execution-API URL are set together, and one JWT secret signs the
  tokens of the API server and of the task runners (a mismatch fails every task at start).
- The components get this checkout on `PYTHONPATH`: the DAG files they parse (this checkout's `dags/`)
  import `ingest`, which must be the same checkout's.
- Users for the REST API come from `[core] simple_auth_manager_users` and a passwords file we write, so a
  producer can get a token without reading generated passwords from the log. The default user is
  `admin`, its password is in `<root>/airflow/passwords.json` (created once, mode 0600).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ingest.config import PROJECT_DIR, Paths
from ingest.orchestration.airflow import airflow_environment
from ingest.orchestration.pools import airflow_pools


def _airflow_command(*args: str) -> list[str]:
    # The console script beside this interpreter (standalone starts its components with `airflow` on PATH).
    return [str(Path(sys.executable).with_name("airflow")), *args]


def passwords_file(home: Paths) -> Path:
    """Where the REST API users' passwords live (`[core] simple_auth_manager_passwords_file`)."""
    return home.airflow_home / "passwords.json"


def user_password(home: Paths, user: str) -> str:
    """`user`'s password, created once and kept under the root (mode 0600)."""
    path = passwords_file(home)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({user: secrets.token_urlsafe(16)}))
        path.chmod(0o600)
    return json.loads(path.read_text())[user]


@dataclass
class Standalone:
    """`airflow standalone` for one root. `start()` returns once the API answers; `stop()` ends every
    process it started (the whole process group)."""

    home: Paths
    port: int = 8080
    user: str = "admin"
    parallelism: int = 4
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def passwords_file(self) -> Path:
        return passwords_file(self.home)

    @property
    def log_file(self) -> Path:
        return self.home.airflow_home / "logs" / "standalone.log"

    def password(self) -> str:
        return user_password(self.home, self.user)

    def _jwt_secret(self) -> str:
        secret_file = self.home.secrets / "airflow_jwt_secret"
        if not secret_file.exists():
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(secrets.token_urlsafe(32))
            secret_file.chmod(0o600)
        return secret_file.read_text().strip()

    def environment(self) -> dict[str, str]:
        venv_bin = str(Path(sys.executable).parent)
        return {
            **os.environ,
            **airflow_environment(self.home),
            "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
            # The components import the DAG files' `ingest` from this checkout (the one whose dags/ they
            # parse), not whatever copy the environment installed (a worktree beside an editable install).
            "PYTHONPATH": os.pathsep.join(filter(None, (str(PROJECT_DIR), os.environ.get("PYTHONPATH")))),
            "AIRFLOW__API__PORT": str(self.port),
            "AIRFLOW__API__BASE_URL": self.base_url,
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": self._jwt_secret(),
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{self.user}:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.passwords_file),
            "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **self.extra_env,
        }

    def prepare(self) -> None:
        """Metadata DB, the pools (the DuckDB writer's, one per pulled platform family) and the dbt manifest
        the transform DAG is rendered from (one task per model from the first parse); all idempotent. In
        child processes, so this process's environment stays as it was."""
        self.home.ensure()
        self.password()
        env = self.environment()
        pools_file = self.home.airflow_home / "pools.json"
        pools_file.write_text(json.dumps(airflow_pools(), indent=1) + "\n")
        for command in (("db", "migrate"), ("pools", "import", str(pools_file))):
            subprocess.run(_airflow_command(*command), env=env, check=True, capture_output=True)
        write_manifest = (
            "from ingest.config import Paths; from ingest.transform.dbt import ensure_manifest; "
            "ensure_manifest(Paths.from_env())"
        )
        subprocess.run([sys.executable, "-c", write_manifest], env=env, check=True, capture_output=True)

    def start(self, *, timeout: float = 300) -> Standalone:
        self.prepare()
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                _airflow_command("standalone"),
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own session: Ctrl-C in a terminal reaches it only through stop()
            )
        self.wait_healthy(timeout=timeout)
        return self

    def wait_healthy(self, *, timeout: float) -> None:
        """Until the API server, scheduler, dag-processor and triggerer all report healthy."""
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"airflow standalone exited ({self.process.returncode}); see {self.log_file}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v2/monitor/health", timeout=5) as response:
                    health = json.load(response)
                components = ("metadatabase", "scheduler", "triggerer", "dag_processor")
                last = {name: (health.get(name) or {}).get("status") for name in components}
                if all(status == "healthy" for status in last.values()):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last = str(error)
            time.sleep(2)
        raise TimeoutError(f"Airflow not healthy after {timeout:.0f} s ({last}); see {self.log_file}")

    def stop(self, *, grace: float = 30) -> None:
        """SIGTERM to every process started (task runners call setsid, so the process group is not enough:
        the whole tree is collected first), then SIGKILL to whatever outlived the grace period."""
        import psutil

        if self.process is None or self.process.poll() is not None:
            return
        parent = psutil.Process(self.process.pid)
        tree = [parent, *parent.children(recursive=True)]
        for proc in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.terminate()
        _, alive = psutil.wait_procs(tree, timeout=grace)
        for proc in alive + _descendants_left(tree):
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        self.process.wait(timeout=grace)


def _descendants_left(tree: list) -> list:
    """Children started while the tree was stopping (a task runner forking as it shut down)."""
    import psutil

    left = []
    for proc in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            left.extend(proc.children(recursive=True))
    return left
