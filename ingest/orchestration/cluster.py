"""The distributed deployment of `docker-compose.yml`, started for real as local processes: PostgreSQL, Redis and
every Airflow component, with N Celery workers. Used by the cluster tests (`tests/cluster/`), which kill workers
mid-task and watch what Airflow does about it.

How each compose service maps to a process here (all children of the process that enters `LocalCluster`, each in
a session of its own, logs in `<root>/cluster/logs/<name>.log`):

| compose service         | here                                                                              |
|-------------------------|-----------------------------------------------------------------------------------|
| postgres (postgres:16)  | Debian's `postgres` (`/usr/lib/postgresql/<newest>/bin`): `initdb` then `postgres`|
| redis (redis:7.2)       | Debian's `redis-server`                                                           |
| airflow-init            | `airflow db migrate`, `python -m ingest.orchestration.pools` then `airflow pools  |
|                         | import` (each brand's writer pool, the pull pools), the passwords file, and the   |
|                         | dbt manifest the transform DAG renders from                                       |
| airflow-apiserver       | `airflow api-server`                                                              |
| airflow-scheduler       | `airflow scheduler`                                                               |
| airflow-dag-processor   | `airflow dag-processor`                                                           |
| airflow-triggerer       | `airflow triggerer`                                                               |
| airflow-worker (scaled) | `airflow celery worker --celery-hostname worker-<n> --concurrency C` per worker   |
| flower (profile)        | not started                                                                       |

The environment every Airflow process gets is the compose file's `x-airflow-common` environment, built from
`ingest.orchestration.airflow.airflow_environment(home)` (root, DAG folder, cosmos settings) with the compose
file's executor, metadata DB and broker: `CeleryExecutor`, `postgresql+psycopg2://airflow:…@…/airflow`, the
result backend `db+postgresql+psycopg2://…` in the same database, `redis://…/0`. What differs, and why:

- Addresses: every service listens on 127.0.0.1 on a free port (PostgreSQL, Redis, the api-server, the
  scheduler's health check, the triggerer's log server), never the compose file's fixed ports: other runs on the
  same machine (another test session, a developer's `resonance airflow`) may hold those.
- Secrets: the JWT secret, the api-server's secret key, the Fernet key and the database password are generated
  per cluster (compose reads them from `.env`). The user is `admin` (role admin), its password in
  `<root>/airflow/passwords.json` (0600), as `ingest.orchestration.standalone.Standalone` does.
- Users: the Airflow processes run as the user that starts the cluster (compose: uid 50000). PostgreSQL and
  Redis run as the `postgres` OS user when that user is root (PostgreSQL refuses root; the OS user is created if
  the package did not), with their data in a temp folder of that user's (pytest's temp folders are 0700
  root-owned, which it could not traverse), removed on exit. It runs with `fsync`, `synchronous_commit` and
  `full_page_writes` off: a throwaway database whose speed matters more than surviving a power cut. Redis keeps
  nothing on disk (`--save ''`, no AOF): its queues need not outlive the cluster (the compose file's Redis has no
  volume either).
- Hostnames: every container has its own hostname, and Airflow records it in each task instance (`hostname`,
  sent by the task supervisor from `[core] hostname_callable`). Here every process shares one, so
  `[core] hostname_callable` is `ingest.orchestration.cluster.worker_hostname`, which answers the worker's own
  name (`RESONANCE_WORKER_HOSTNAME`, set per worker to its Celery hostname) and the machine's FQDN elsewhere.
- Worker logs: workers start with `--skip-serve-logs`. In compose each worker serves its task logs on port 8793
  for the api-server to fetch; here all share `<root>/airflow/logs` on one disk, which the api-server reads
  directly, and two log servers would fight over one port (or need ports the hostname cannot name).
- Worker concurrency: `concurrency` (1 by default) task processes per worker, not Celery's 16: two cores, and
  the loads queue for the one-slot writer pool anyway; a test wanting tasks side by side passes 2.
- `[api] workers = 1`: the api-server's default of 4 uvicorn workers is too much for a 2-core machine.
- Failure detection in seconds, not minutes (a killed worker's task must be retried within a test):
  `[scheduler] task_instance_heartbeat_timeout = 20` (default 300: a task whose supervisor has not heartbeat
  for this long is failed, then retried per its `retries`), `[scheduler]
  task_instance_heartbeat_timeout_detection_interval = 5` (default 10: how often the scheduler looks), and
  `[workers] min_heartbeat_interval = 2` (default 5: how often a supervisor heartbeats; the supervisor reads
  the timeout too and beats at most every 75 % of it). Twenty seconds is ten missed beats: a task on a busy
  machine is not failed by mistake. The task's own `retry_delay` (30 s, `ingest.orchestration.assets`) is the
  DAGs' and stays as it is.
- Kept from Airflow's defaults, on purpose: Celery acknowledges a task message only when the task ends
  (`[celery] task_acks_late = True`), and Redis redelivers an unacknowledged message only after
  `[celery_broker_transport_options] visibility_timeout` (24 h). So a dead worker's message is not what brings
  its task back: the scheduler's heartbeat check is; a redelivered stale message would be refused by the
  execution API (the try it names is over).
- `AIRFLOW__CORE__DAGS_FOLDER` is this checkout's `dags/`, and `PYTHONPATH` starts with this checkout, so every
  component imports this checkout's `ingest` (as the image does its own copy). The brands' pool policy
  (`ingest.orchestration.policy`) is found through the installed project's `airflow.policy` entry point, so the
  environment must have the project installed (`make setup` does).

Everything is stopped on exit, even after a failure: SIGTERM to every process group of every component's tree
(task runners put themselves in a group of their own), then SIGKILL to whatever outlived the grace period.
`kill_worker` is the crash instead: SIGKILL, at once, to every process group in that worker's tree, as when a
container or its machine dies (the worker's own group alone would leave its task runners loading).

The REST API (v2, with a token) is used for what Airflow must decide (triggering, pausing); the metadata DB is
read directly (psycopg2) for runs and task tries, including the tries Airflow has moved to its history table.

Traps met on the way (Airflow 3.3.2, Celery provider 3.26.0):
- celery 5.7 removed `celery.backends.database.retry`, which the provider imports: every `airflow celery worker`
  died at start-up. The `deploy` extra pins `celery<5.7`.
- SQLAlchemy 2.1 picks psycopg 3 for a bare `postgresql://`, so Celery's `db+postgresql://` result backend
  failed as each worker started (`No module named 'psycopg'`): the URL names `+psycopg2` (here and in compose).
- A DAG's asset watchers (the landing watcher) are registered only when the dag-processor parses the DAG while
  it is unpaused (`airflow/dag_processing/collection.py`, `_find_active_assets`). With
  `AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True` in `extra_env`, a DAG unpaused later watches landing only
  from its next parse (`[dag_processor] min_file_process_interval`, 30 s); hence the compose file's `False`,
  kept here, and `pause()` after the first parse for DAGs a test keeps still.
- The task runner puts itself in its own process group, so killing a worker's group leaves the task running
  (and, here, holding DuckDB's lock): `kill_worker` kills every group of the tree.
- Task instance hostnames are whatever `[core] hostname_callable` answers in the supervisor (see Hostnames).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from ingest.config import PROJECT_DIR, Paths

T = TypeVar("T")

WORKER_HOSTNAME_ENV = "RESONANCE_WORKER_HOSTNAME"
POSTGRES_USER_OS = "postgres"  # the OS user PostgreSQL runs as when we are root (Debian's package creates it)
DB_NAME = DB_USER = "airflow"  # as in the compose file
HEALTHY_COMPONENTS = ("metadatabase", "scheduler", "triggerer", "dag_processor")


def worker_hostname() -> str:
    """`[core] hostname_callable` of the cluster: a worker's own name, which Airflow records on the task
    instances it runs; the machine's FQDN in every other process."""
    return os.environ.get(WORKER_HOSTNAME_ENV) or socket.getfqdn()


class ServicesMissing(RuntimeError):
    """PostgreSQL or Redis is not installed: the message names the Debian packages and the command."""


def postgres_bin_dir() -> Path | None:
    """The newest `/usr/lib/postgresql/<version>/bin` holding `initdb` and `postgres` (Debian's layout)."""
    found = [
        d
        for d in Path("/usr/lib/postgresql").glob("*/bin")
        if (d / "initdb").exists() and (d / "postgres").exists() and d.parent.name.split(".")[0].isdigit()
    ]
    return max(found, key=lambda d: float(d.parent.name), default=None)


def redis_server() -> Path | None:
    found = shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.access(p, os.X_OK)), None
    )
    return Path(found) if found else None


def missing_services() -> list[str]:
    """The Debian packages the cluster needs and this machine lacks."""
    return [
        package
        for package, found in (("postgresql", postgres_bin_dir()), ("redis-server", redis_server()))
        if found is None
    ]


def require_services() -> None:
    if missing := missing_services():
        raise ServicesMissing(
            f"the local Airflow cluster needs {' and '.join(missing)} (Debian packages): run `make services`, "
            f"or as root `apt-get update && apt-get install -y {' '.join(missing)}`"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], T], what: str, timeout: float, interval: float = 1.0) -> T:
    """`condition()`'s first truthy value, polled every `interval` s; AssertionError naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        if value := condition():
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)


@dataclass(frozen=True)
class TaskTry:
    """One try of a task instance, current (`task_instance`) or past (`task_instance_history`)."""

    dag_id: str
    run_id: str
    task_id: str
    map_index: int
    try_number: int
    state: str | None
    hostname: str | None
    start_date: datetime | None
    end_date: datetime | None
    queued_dttm: datetime | None
    external_executor_id: str | None  # the Celery task id


_TRY_COLUMNS = (
    "dag_id, run_id, task_id, map_index, try_number, state, nullif(hostname, '') as hostname, start_date, "
    "end_date, queued_dttm, external_executor_id"
)


@dataclass
class _Process:
    name: str
    popen: subprocess.Popen
    log: Path


@dataclass
class LocalCluster:
    """PostgreSQL, Redis and Airflow with Celery workers on `home`. Use as a context manager (or `start()` and
    `stop()`); `stop()` runs even when start-up fails half-way.

    `extra_env` goes to every Airflow process (after the cluster's own settings, so it may override them, e.g.
    `RESONANCE_BRANDS`, `RESONANCE_LANDING_POLL_SECONDS` or `AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION`)."""

    home: Paths
    workers: int = 2
    concurrency: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)
    user: str = "admin"
    heartbeat_timeout: int = 20
    start_timeout: float = 600
    grace: float = 20

    def __post_init__(self) -> None:
        self.run_dir = self.home.root / "cluster"
        self.log_dir = self.run_dir / "logs"
        self._processes: dict[str, _Process] = {}
        self._services_dir: Path | None = None
        self._secrets: dict[str, str] = {}
        self._api = None
        self._worker_count = 0
        self._killed: set[str] = set()
        self.pg_port = self.redis_port = self.api_port = 0
        self.timings: dict[str, float] = {}

    # ---- lifecycle ---------------------------------------------------------------------------------------------

    def __enter__(self) -> LocalCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> LocalCluster:
        require_services()
        began = time.monotonic()
        self.home.ensure()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._start_postgres()
        self._start_redis()
        self._wait_postgres()
        self._wait_redis()
        self.timings["services"] = time.monotonic() - began
        self._init_airflow()
        self.timings["init"] = time.monotonic() - began
        for component in ("api-server", "scheduler", "dag-processor", "triggerer"):
            self._spawn(component, self._airflow(component), self.environment())
        for _ in range(self.workers):
            self.start_worker(wait=False)
        self.wait_healthy(self.start_timeout - (time.monotonic() - began))
        self.timings["start"] = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Airflow first (SIGTERM to every group, then SIGKILL after `grace`), then Redis and PostgreSQL; the
        services' temp folder last."""
        airflow = [p for name, p in self._processes.items() if name not in ("postgres", "redis")]
        _terminate([p.popen for p in reversed(airflow)], self.grace)
        services = [self._processes[name].popen for name in ("redis", "postgres") if name in self._processes]
        _terminate(services, self.grace, sig=signal.SIGINT, groups=False)  # SIGINT: PostgreSQL's fast shutdown
        if self._services_dir is not None:
            shutil.rmtree(self._services_dir, ignore_errors=True)
            self._services_dir = None

    # ---- the services ------------------------------------------------------------------------------------------

    def _service_ids(self) -> dict[str, Any]:
        """Popen arguments that run a service as `postgres` when we are root (PostgreSQL refuses root)."""
        if os.geteuid() != 0:
            return {}
        try:
            entry = pwd.getpwnam(POSTGRES_USER_OS)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin",
                 POSTGRES_USER_OS],
                check=True,
            )  # fmt: skip
            entry = pwd.getpwnam(POSTGRES_USER_OS)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def _services_folder(self) -> Path:
        if self._services_dir is None:
            self._services_dir = Path(tempfile.mkdtemp(prefix="resonance-cluster-"))
            ids = self._service_ids()
            if ids:
                os.chown(self._services_dir, ids["user"], ids["group"])
        return self._services_dir

    def _secret(self, name: str, make: Callable[[], str] = lambda: secrets.token_urlsafe(32)) -> str:
        return self._secrets.setdefault(name, make())

    def _start_postgres(self) -> None:
        bin_dir = postgres_bin_dir()
        assert bin_dir is not None
        folder = self._services_folder()
        data = folder / "pgdata"
        password_file = folder / "pgpass"
        password_file.write_text(self._secret("db_password") + "\n")
        ids = self._service_ids()
        if ids:
            os.chown(password_file, ids["user"], ids["group"])
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        with open(self.log_dir / "postgres.log", "ab") as log:
            subprocess.run(
                [str(bin_dir / "initdb"), "-D", str(data), "-U", DB_USER, f"--pwfile={password_file}",
                 "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8", "--locale=C.UTF-8",
                 "--no-sync"],
                env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT, check=True, **ids,
            )  # fmt: skip
        password_file.unlink()
        self.pg_port = free_port()
        self._spawn(
            "postgres",
            [str(bin_dir / "postgres"), "-D", str(data), "-p", str(self.pg_port), "-h", "127.0.0.1", "-k", str(data),
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
             "-c", "max_connections=200"],
            env, cwd=folder, **ids,
        )  # fmt: skip

    def _wait_postgres(self) -> None:
        import psycopg2

        def ready() -> bool:
            self._check_alive("postgres")
            try:
                con = psycopg2.connect(self._dsn("postgres"), connect_timeout=3)
            except psycopg2.OperationalError:
                return False
            con.autocommit = True  # CREATE DATABASE cannot run in a transaction (nor in psycopg2's `with con`)
            try:
                with con.cursor() as cursor:
                    cursor.execute("select 1 from pg_database where datname = %s", (DB_NAME,))
                    if cursor.fetchone() is None:
                        cursor.execute(f"create database {DB_NAME}")
            finally:
                con.close()
            return True

        wait_for(ready, f"PostgreSQL on port {self.pg_port} (see {self.log_dir / 'postgres.log'})", 60, 0.3)

    def _start_redis(self) -> None:
        server = redis_server()
        assert server is not None
        folder = self._services_folder()
        self.redis_port = free_port()
        self._spawn(
            "redis",
            [str(server), "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "", "--appendonly", "no",
             "--dir", str(folder), "--daemonize", "no", "--protected-mode", "yes"],
            {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, cwd=folder, **self._service_ids(),
        )  # fmt: skip

    def _wait_redis(self) -> None:
        import redis

        def ready() -> bool:
            self._check_alive("redis")
            try:
                return bool(redis.Redis(host="127.0.0.1", port=self.redis_port, socket_timeout=3).ping())
            except redis.RedisError:
                return False

        wait_for(ready, f"Redis on port {self.redis_port}", 30, 0.2)

    def _dsn(self, database: str = DB_NAME) -> str:
        return (
            f"host=127.0.0.1 port={self.pg_port} dbname={database} user={DB_USER} "
            f"password={self._secret('db_password')}"
        )

    # ---- Airflow -----------------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def passwords_file(self) -> Path:
        from ingest.orchestration.standalone import passwords_file

        return passwords_file(self.home)

    def password(self) -> str:
        """The admin's password, kept under the root as `resonance airflow` keeps it."""
        from ingest.orchestration.standalone import user_password

        return user_password(self.home, self.user)

    def environment(self) -> dict[str, str]:
        """What every Airflow process gets: the compose file's common environment, mapped to this machine."""
        from cryptography.fernet import Fernet

        from ingest.orchestration.airflow import airflow_environment

        if not self.api_port:
            self.api_port = free_port()
        db = f"airflow:{self._secret('db_password')}@127.0.0.1:{self.pg_port}/{DB_NAME}"
        venv_bin = str(Path(sys.executable).parent)
        return {
            **os.environ,
            **airflow_environment(self.home),
            "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
            "PYTHONPATH": os.pathsep.join(filter(None, (str(PROJECT_DIR), os.environ.get("PYTHONPATH")))),
            # the compose file's executor, metadata DB, result backend and broker
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{db}",
            "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql+psycopg2://{db}",
            "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "AIRFLOW__CORE__FERNET_KEY": self._secret("fernet", lambda: Fernet.generate_key().decode()),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__API__BASE_URL": self.base_url,
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": self._secret(
                "jwt", lambda: secrets.token_urlsafe(64)
            ),  # >= 64 bytes (HS512)
            "AIRFLOW__API__SECRET_KEY": self._secret("api"),
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{self.user}:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.passwords_file),
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "True",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST": "127.0.0.1",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(self._port("scheduler_health")),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(self._port("trigger_logs")),
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": f"{__name__}.worker_hostname",
            # a killed worker's task is failed (and retried) in seconds: see the module docstring
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": str(self.heartbeat_timeout),
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "5",
            "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "2",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "RESONANCE_BRANDS": os.environ.get("RESONANCE_BRANDS", ""),  # as compose: the caller's, else one brand
            **self.extra_env,
        }

    def _port(self, name: str) -> int:
        return int(self._secret(f"port:{name}", lambda: str(free_port())))

    def _airflow(self, *args: str) -> list[str]:
        return [str(Path(sys.executable).with_name("airflow")), *args]

    def _init_airflow(self) -> None:
        """airflow-init: the metadata DB, the pools, the passwords file; and the dbt manifest the transform DAG is
        rendered from (dbt parses while Airflow migrates)."""
        env = self.environment()
        self.password()
        write_manifest = (
            "from ingest.config import Paths; from ingest.transform.dbt import ensure_manifest; "
            "ensure_manifest(Paths.from_env())"
        )
        with open(self.log_dir / "init.log", "ab") as log:
            steps = [
                subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.run_dir)
                for command in (self._airflow("db", "migrate"), [sys.executable, "-c", write_manifest])
            ]
            codes = [step.wait(timeout=self.start_timeout) for step in steps]
            if any(codes):
                raise RuntimeError(f"airflow-init failed ({codes}); see {self.log_dir / 'init.log'}")
            # as compose's init: the pools of the brands the cluster's environment names (`RESONANCE_BRANDS`)
            pools_file = self.run_dir / "pools.json"
            for command in (
                [sys.executable, "-m", "ingest.orchestration.pools", str(pools_file)],
                self._airflow("pools", "import", str(pools_file)),
            ):
                subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.run_dir, check=True)

    def wait_healthy(self, timeout: float) -> None:
        """Until the api-server says the metadata DB, scheduler, triggerer and dag-processor are healthy, and
        every worker has told Celery it is ready."""
        import urllib.error
        import urllib.request

        last: object = "no answer yet"

        def healthy() -> bool:
            nonlocal last
            for name in self._processes:
                self._check_alive(name)
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v2/monitor/health", timeout=5) as response:
                    health = json.load(response)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last = str(error)
                return False
            last = {name: (health.get(name) or {}).get("status") for name in HEALTHY_COMPONENTS}
            return all(status == "healthy" for status in last.values()) and all(
                self.worker_ready(w) for w in self.worker_names
            )

        try:
            wait_for(healthy, "the cluster to be healthy", timeout, 1.0)
        except AssertionError as error:
            raise TimeoutError(f"{error} (last health: {last}); logs in {self.log_dir}") from None

    # ---- processes ---------------------------------------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], env: dict[str, str], **popen: Any) -> _Process:
        log_path = self.log_dir / f"{name}.log"
        popen.setdefault("cwd", self.run_dir)
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, **popen,
            )  # fmt: skip
        self._processes[name] = _Process(name, process, log_path)
        return self._processes[name]

    def _check_alive(self, name: str) -> None:
        process = self._processes[name]
        if name in self._killed:
            return
        if process.popen.poll() is not None:
            tail = process.log.read_text(errors="replace")[-2000:] if process.log.exists() else ""
            raise RuntimeError(f"{name} exited ({process.popen.returncode}); {process.log} ends:\n{tail}")

    def processes(self) -> list:
        """Every live process the cluster started, children included (psutil), e.g. to check none outlives it."""
        import psutil

        found = []
        for process in self._processes.values():
            if process.popen.poll() is None:
                with contextlib.suppress(psutil.NoSuchProcess):
                    root = psutil.Process(process.popen.pid)
                    found += [root, *root.children(recursive=True)]
        return found

    def log_file(self, name: str) -> Path:
        return self._processes[name].log

    def pid(self, name: str) -> int:
        return self._processes[name].popen.pid

    # ---- workers -----------------------------------------------------------------------------------------------

    @property
    def worker_names(self) -> list[str]:
        """The workers started and not killed, in start order."""
        return [n for n in self._processes if n.startswith("worker-") and n not in self._killed]

    def start_worker(self, *, wait: bool = True, timeout: float = 180) -> str:
        """Start one more Celery worker (`worker-<n>`, n counting every worker ever started); return its name."""
        self._worker_count += 1
        name = f"worker-{self._worker_count}"
        env = {**self.environment(), WORKER_HOSTNAME_ENV: name}
        command = self._airflow(
            "celery", "worker", "--celery-hostname", name, "--concurrency", str(self.concurrency), "--skip-serve-logs"
        )
        self._spawn(name, command, env)
        if wait:
            wait_for(lambda: self._check_alive(name) or self.worker_ready(name), f"{name} to be ready", timeout)
        return name

    def worker_ready(self, name: str) -> bool:
        """Celery logs `celery@<name> ready.` once the worker consumes from the broker."""
        log = self._processes[name].log
        return log.exists() and f"celery@{name} ready." in log.read_text(errors="replace")

    def kill_worker(self, name: str) -> list[int]:
        """SIGKILL every process group in the worker's tree at once (the Celery main process, its pool, each
        task's supervisor and task runner), as when its container dies; return the pids that were killed."""
        import psutil

        process = self._processes[name]
        try:
            root = psutil.Process(process.popen.pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        for group in {_group(proc.pid) for proc in tree} - {None}:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        for proc in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        psutil.wait_procs(tree, timeout=10)
        process.popen.wait(timeout=10)
        self._killed.add(name)
        return [proc.pid for proc in tree]

    # ---- Airflow's view: REST for actions, the metadata DB for records ---------------------------------------

    @property
    def api(self):
        """An `AirflowApi` logged in as the cluster's admin."""
        from ingest.landing.announce import AirflowApi

        if self._api is None:
            self._api = AirflowApi.login(self.base_url, self.user, self.password())
        return self._api

    def sql(self, query: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Rows of one read-only query on the metadata DB, as dicts."""
        import psycopg2
        import psycopg2.extras

        con = psycopg2.connect(self._dsn(), connect_timeout=10)
        try:
            con.set_session(readonly=True, autocommit=True)
            with con.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                cursor.execute(query, tuple(params))
                return [dict(row) for row in cursor.fetchall()]
        finally:
            con.close()

    def dag_ids(self) -> set[str]:
        """The DAGs the dag-processor has parsed and serialized (not stale)."""
        rows = self.sql("select d.dag_id from dag d join serialized_dag s on s.dag_id = d.dag_id where not d.is_stale")
        return {row["dag_id"] for row in rows}

    def wait_for_dags(self, dag_ids: Iterable[str], timeout: float = 300) -> None:
        wanted = set(dag_ids)
        wait_for(lambda: wanted <= self.dag_ids(), f"the dag-processor to parse {sorted(wanted)}", timeout, 2)

    def pause(self, dag_id: str, paused: bool = True) -> None:
        self.api.patch(f"dags/{dag_id}", {"is_paused": paused})

    def unpause(self, dag_id: str) -> None:
        self.pause(dag_id, paused=False)

    def trigger(self, dag_id: str, conf: dict | None = None, run_id: str | None = None) -> str:
        """Start a run through the REST API (as the UI's trigger button does); return its run id."""
        body: dict[str, Any] = {"logical_date": None, "conf": conf or {}}
        if run_id:
            body["dag_run_id"] = run_id
        return self.api.post(f"dags/{dag_id}/dagRuns", body)["dag_run_id"]

    def dag_runs(self, dag_id: str, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Runs of `dag_id` (run_id, state, run_type, queued_at, start_date, end_date), oldest first; with `since`,
        those queued at or after it."""
        rows = self.sql(
            "select run_id, state, run_type, queued_at, start_date, end_date, logical_date from dag_run "
            "where dag_id = %s and (%s::timestamptz is null or queued_at >= %s::timestamptz) order by queued_at, id",
            (dag_id, since, since),
        )
        return rows

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 300) -> dict[str, Any]:
        """The run once it has finished (success or failed)."""

        def finished() -> dict[str, Any] | None:
            run = next((r for r in self.dag_runs(dag_id) if r["run_id"] == run_id), None)
            return run if run and run["state"] in ("success", "failed") else None

        return wait_for(finished, f"run {run_id} of {dag_id} to finish", timeout, 1)

    def task_tries(self, dag_id: str, run_id: str | None = None, task_id: str | None = None) -> list[TaskTry]:
        """Every try of the matching task instances (mapped ones with their map index): past tries from
        `task_instance_history`, the current one from `task_instance`; ordered by run, task, index, try."""
        where = "dag_id = %s and (%s::text is null or run_id = %s) and (%s::text is null or task_id = %s)"
        params = (dag_id, run_id, run_id, task_id, task_id)
        rows = self.sql(
            f"select {_TRY_COLUMNS} from task_instance_history where {where} "
            f"union all select {_TRY_COLUMNS} from task_instance where {where} "
            "order by run_id, task_id, map_index, try_number",
            params + params,
        )
        return [TaskTry(**row) for row in rows]

    def task_log(self, dag_id: str, run_id: str, task_id: str, try_number: int, map_index: int = -1) -> str:
        """The task log Airflow wrote for one try ('' until it exists): the same folder for every worker."""
        folder = self.home.airflow_home / "logs" / f"dag_id={dag_id}" / f"run_id={run_id}" / f"task_id={task_id}"
        if map_index >= 0:
            folder = folder / f"map_index={map_index}"
        path = folder / f"attempt={try_number}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _terminate(
    processes: list[subprocess.Popen], grace: float, sig: int = signal.SIGTERM, *, groups: bool = True
) -> None:
    """`sig` to every process group in the trees of `processes` (a tree may span groups; with `groups=False` to
    the processes themselves, which stop their own children), SIGKILL to what is left after `grace` seconds,
    children started meanwhile included."""
    import psutil

    tree: dict[int, psutil.Process] = {}
    for popen in processes:
        if popen.poll() is not None:
            continue
        with contextlib.suppress(psutil.NoSuchProcess):
            root = psutil.Process(popen.pid)
            for proc in (root, *root.children(recursive=True)):
                tree[proc.pid] = proc
    if groups:
        for group in {_group(pid) for pid in tree} - {None}:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, sig)
    else:
        for popen in processes:
            with contextlib.suppress(ProcessLookupError):
                popen.send_signal(sig)
    _, alive = psutil.wait_procs(list(tree.values()), timeout=grace)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            left = [proc, *proc.children(recursive=True)]
            for leftover in left:
                leftover.kill()
    for popen in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(timeout=10)


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None
