"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

The compose file is validated against the Compose specification's JSON schema, vendored beside this test
as compose-spec.json: `schema/compose-spec.json` of github.com/compose-spec/compose-spec at commit
00655e2222608fa6eaecdf12ac5195889ca2244a (the spec repo has no release tags; Apache License 2.0), copied
unchanged. Then the things the schema cannot know: every Airflow service runs a command Airflow has, they
share one environment (executor, metadata DB, JWT secret, execution API), they see `$RESONANCE_HOME` at
the same path, and the image installs from the lock file.

Each check returns the problems it finds, and each is also run on a broken copy, so none can pass blindly.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from ingest.config import PROJECT_DIR
from ingest.orchestration.assets import WRITER_POOL
from ingest.orchestration.pools import airflow_pools

COMPOSE_FILE = PROJECT_DIR / "docker-compose.yml"
DOCKERFILE = PROJECT_DIR / "Dockerfile"
SCHEMA_FILE = Path(__file__).with_name("compose-spec.json")

# The long-running services and the one command each must run (the image has no Airflow entrypoint, so the
# command names `airflow` itself).
AIRFLOW_SERVICES = {
    "airflow-apiserver": ["airflow", "api-server"],
    "airflow-scheduler": ["airflow", "scheduler"],
    "airflow-dag-processor": ["airflow", "dag-processor"],
    "airflow-triggerer": ["airflow", "triggerer"],
    "airflow-worker": ["airflow", "celery", "worker"],
    "flower": ["airflow", "celery", "flower"],
}
# Where the pipeline's files are read or written: the triggerer watches landing, the workers load and
# build, the scheduler's sweep and the api-server's logs. All must agree on the root.
SEES_RESONANCE_HOME = ("airflow-triggerer", "airflow-scheduler", "airflow-worker", "airflow-apiserver")
SHARED_SETTINGS = (
    "AIRFLOW__CORE__EXECUTOR",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
    "AIRFLOW__CELERY__BROKER_URL",
    "AIRFLOW__CELERY__RESULT_BACKEND",
    "AIRFLOW__API_AUTH__JWT_SECRET",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
    "AIRFLOW__CORE__FERNET_KEY",
    "RESONANCE_HOME",
    "AIRFLOW_HOME",
)
DEPLOY_PACKAGES = {"apache-airflow-providers-celery", "celery", "redis", "psycopg2-binary", "asyncpg"}


@pytest.fixture(scope="module")
def compose() -> dict:
    # PyYAML resolves the `&airflow-common` anchors and `<<:` merge keys as Compose does.
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def airflow_cli():
    """Airflow's own argument parser: a command it parses is a command Airflow 3.3 has."""
    from airflow.cli.cli_parser import get_parser

    return get_parser()


# ---- checks ------------------------------------------------------------------------------------------


def schema_errors(document: dict) -> list[str]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def argv(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else list(command or [])


def init_steps(document: dict) -> list[list[str]]:
    """The shell lines airflow-init runs, each split into words (its command is `bash -c SCRIPT`)."""
    init = document["services"]["airflow-init"]
    words = argv(init.get("entrypoint")) + argv(init.get("command"))
    script = words[words.index("-c") + 1]
    return [shlex.split(line) for line in script.splitlines() if line.strip()]


def command_problems(document: dict, parser=None) -> list[str]:
    problems = []
    services = document["services"]
    for name, expected in AIRFLOW_SERVICES.items():
        if name not in services:
            problems.append(f"{name}: missing")
            continue
        got = argv(services[name].get("command"))
        if got != expected:
            problems.append(f"{name}: runs {got}, expected {expected}")
    steps = init_steps(document)
    if ["airflow", "db", "migrate"] not in steps:
        problems.append("airflow-init: does not run `airflow db migrate`")
    # The pools come from the project's own list (a writer pool per configured brand): the init writes the
    # pools file with `python -m ingest.orchestration.pools FILE` and imports that same file.
    written = [s[-1] for s in steps if s[:3] == ["python", "-m", "ingest.orchestration.pools"] and len(s) == 4]
    imported = [s[3] for s in steps if s[:3] == ["airflow", "pools", "import"] and len(s) == 4]
    if not set(written) & set(imported):
        problems.append(f"airflow-init: does not import the pools of ingest.orchestration.pools ({WRITER_POOL}, ...)")
    if parser is not None:
        commands = [c for c in AIRFLOW_SERVICES.values() if _parser_knows(parser, c)]
        for words in commands + [s for s in steps if s[:1] == ["airflow"]]:
            try:
                parser.parse_args(words[1:])
            except SystemExit:
                problems.append(f"Airflow has no command {' '.join(words)}")
    return problems


def _parser_knows(parser, words: list[str]) -> bool:
    """`airflow celery ...` exists only where the Celery provider is installed (the image's `deploy` extra,
    not the dev environment); every other command is always checked against the parser."""
    if words[1] != "celery":
        return True
    from importlib.util import find_spec

    return find_spec("airflow.providers.celery") is not None


def environment(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def environment_problems(document: dict) -> list[str]:
    services = document["services"]
    names = [*AIRFLOW_SERVICES, "airflow-init"]
    problems = []
    for setting in SHARED_SETTINGS:
        values = {name: environment(services[name]).get(setting) for name in names if name in services}
        if None in values.values() or len(set(values.values())) != 1:
            problems.append(f"{setting} differs between services: {values}")
    env = environment(services["airflow-scheduler"])
    if env.get("AIRFLOW__CORE__EXECUTOR") != "CeleryExecutor":
        problems.append("the executor is not CeleryExecutor")
    if not str(env.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "")).startswith("postgresql"):
        problems.append("the metadata DB is not PostgreSQL")
    # A secret written in the file would be the same for every deployment: it must come from the environment
    # and stop `docker compose up` when unset (`${VAR:?message}`).
    if not re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", str(env.get("AIRFLOW__API_AUTH__JWT_SECRET", ""))):
        problems.append("the JWT secret is not a required variable")
    if "airflow-apiserver" not in str(env.get("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "")):
        problems.append("the execution API URL does not point at the api-server service")
    return problems


def with_defaults(text: str) -> str:
    """`${VAR:-default}` -> default, as Compose interpolates when VAR is unset."""
    return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}", r"\1", text)


def mounts(service: dict) -> dict[str, str]:
    """container path -> source, for short (`src:dst[:mode]`) and long volume syntax."""
    found = {}
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            source, target = with_defaults(volume).split(":")[:2]
        else:
            source, target = volume.get("source", ""), volume["target"]
        found[target] = source
    return found


def volume_problems(document: dict) -> list[str]:
    services = document["services"]
    problems, sources = [], {}
    for name in SEES_RESONANCE_HOME:
        home = environment(services[name]).get("RESONANCE_HOME")
        source = mounts(services[name]).get(home)
        if source is None:
            problems.append(f"{name}: RESONANCE_HOME={home} is not a mounted volume")
        sources[name] = (home, source)
    if len(set(sources.values())) != 1:
        problems.append(f"RESONANCE_HOME is not one volume at one path: {sources}")
    return problems


def dependency_problems(document: dict) -> list[str]:
    services = document["services"]
    problems = []
    for name, service in services.items():
        for target, rule in (service.get("depends_on") or {}).items():
            if target not in services:
                problems.append(f"{name} depends on unknown service {target}")
            elif rule["condition"] == "service_healthy" and "healthcheck" not in services[target]:
                problems.append(f"{name} waits for {target} to be healthy, which has no healthcheck")
    for name in AIRFLOW_SERVICES:
        condition = (services[name].get("depends_on") or {}).get("airflow-init", {}).get("condition")
        if condition != "service_completed_successfully":
            problems.append(f"{name} does not wait for airflow-init to complete")
        if "healthcheck" not in services[name]:
            problems.append(f"{name} has no healthcheck")
    return problems


def dockerfile_problems(dockerfile: str, pyproject: dict, lock: str) -> list[str]:
    problems = []
    syncs = [line for line in dockerfile.splitlines() if re.search(r"\buv sync\b", line)]
    if not syncs:
        problems.append("the Dockerfile never runs `uv sync`")
    for line in syncs:
        if "--locked" not in line:
            problems.append(f"installs without --locked: {line.strip()}")
        if "--extra deploy" not in line:
            problems.append(f"installs without the deploy extra: {line.strip()}")
    if not re.search(r"^COPY .*\buv\.lock\b", dockerfile, re.MULTILINE):
        problems.append("the Dockerfile does not copy uv.lock")
    if re.search(r"\bpip install\b(?!\s+uv==)", dockerfile):
        problems.append("the Dockerfile pip-installs something other than a pinned uv")
    declared = {re.split(r"[<>=\[ ]", spec)[0] for spec in pyproject["project"]["optional-dependencies"]["deploy"]}
    if declared != DEPLOY_PACKAGES:
        problems.append(f"the deploy extra declares {sorted(declared)}")
    for package in DEPLOY_PACKAGES:
        if f'name = "{package}"' not in lock:
            problems.append(f"{package} is not in uv.lock")
    return problems


# ---- the real files pass -------------------------------------------------------------------------------


def test_compose_file_is_valid_under_the_compose_specification(compose):
    assert schema_errors(compose) == []


def test_every_airflow_service_runs_an_airflow_command_and_init_migrates_and_creates_the_pool(compose, airflow_cli):
    assert command_problems(compose, airflow_cli) == []


def test_airflow_services_share_executor_database_jwt_secret_and_execution_api(compose):
    assert environment_problems(compose) == []


def test_triggerer_scheduler_and_workers_see_resonance_home_at_the_same_path(compose):
    assert volume_problems(compose) == []


def test_services_start_in_order_behind_healthchecks(compose):
    assert dependency_problems(compose) == []


def test_image_installs_the_locked_environment_with_the_deploy_extra():
    pyproject = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    lock = (PROJECT_DIR / "uv.lock").read_text(encoding="utf-8")
    assert dockerfile_problems(DOCKERFILE.read_text(encoding="utf-8"), pyproject, lock) == []


def test_compose_file_says_how_to_scale_workers_and_why_the_warehouse_survives_it():
    header = COMPOSE_FILE.read_text(encoding="utf-8")
    assert "docker compose up -d --scale airflow-worker=3" in header
    assert WRITER_POOL in header and "one-slot pool" in header


# ---- broken copies fail ---------------------------------------------------------------------------------


def test_schema_rejects_an_unknown_service_key_and_a_bad_dependency_condition(compose):
    broken = copy.deepcopy(compose)
    broken["services"]["airflow-worker"]["comand"] = "airflow celery worker"
    broken["services"]["airflow-scheduler"]["depends_on"]["postgres"]["condition"] = "service_ready"
    errors = schema_errors(broken)
    assert any("comand" in e for e in errors)
    assert any("airflow-scheduler/depends_on" in e for e in errors)


def test_a_service_running_the_wrong_command_or_an_init_without_the_pool_is_reported(compose, airflow_cli):
    broken = copy.deepcopy(compose)
    broken["services"]["airflow-triggerer"]["command"] = ["airflow", "trigger"]
    broken["services"]["airflow-init"]["command"][1] = "airflow db migrate\n"
    problems = command_problems(broken, airflow_cli)
    assert any(p.startswith("airflow-triggerer: runs") for p in problems)
    assert any(WRITER_POOL in p for p in problems)


def test_airflow_cli_parser_rejects_a_command_airflow_does_not_have(airflow_cli):
    with pytest.raises(SystemExit):
        airflow_cli.parse_args(["webserver"])  # gone in Airflow 3: the api-server replaced it


def test_a_worker_with_its_own_jwt_secret_or_a_literal_secret_is_reported(compose):
    own_secret = copy.deepcopy(compose)
    own_secret["services"]["airflow-worker"]["environment"]["AIRFLOW__API_AUTH__JWT_SECRET"] = "other"
    assert any("AIRFLOW__API_AUTH__JWT_SECRET differs" in p for p in environment_problems(own_secret))
    literal = copy.deepcopy(compose)
    for name in [*AIRFLOW_SERVICES, "airflow-init"]:
        literal["services"][name]["environment"]["AIRFLOW__API_AUTH__JWT_SECRET"] = "changeme"
    assert environment_problems(literal) == ["the JWT secret is not a required variable"]


def test_a_triggerer_mounting_the_root_elsewhere_is_reported(compose):
    broken = copy.deepcopy(compose)
    broken["services"]["airflow-triggerer"]["volumes"] = ["./.resonance:/srv/data"]
    assert any(p.startswith("airflow-triggerer: RESONANCE_HOME") for p in volume_problems(broken))


def test_waiting_for_a_service_without_healthcheck_is_reported(compose):
    broken = copy.deepcopy(compose)
    del broken["services"]["redis"]["healthcheck"]
    assert any("waits for redis" in p for p in dependency_problems(broken))


def test_a_dockerfile_resolving_dependencies_itself_is_reported():
    pyproject = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    lock = (PROJECT_DIR / "uv.lock").read_text(encoding="utf-8")
    unlocked = DOCKERFILE.read_text(encoding="utf-8").replace("--locked ", "")
    assert any("without --locked" in p for p in dockerfile_problems(unlocked, pyproject, lock))
    pip = DOCKERFILE.read_text(encoding="utf-8") + "\nRUN pip install apache-airflow\n"
    assert any("pip-installs" in p for p in dockerfile_problems(pip, pyproject, lock))


def test_the_init_pools_file_has_a_writer_pool_per_configured_brand_and_every_pull_pool(tmp_path):
    pools_file = tmp_path / "pools.json"
    env = {**os.environ, "RESONANCE_BRANDS": "acme,globex"}
    subprocess.run([sys.executable, "-m", "ingest.orchestration.pools", str(pools_file)], env=env, check=True)
    pools = json.loads(pools_file.read_text())
    assert pools == airflow_pools(["acme", "globex"])
    writers = sorted(name for name in pools if name.startswith(WRITER_POOL))
    assert writers == [WRITER_POOL, f"{WRITER_POOL}__acme", f"{WRITER_POOL}__globex"]
    assert all(pools[name]["slots"] == 1 for name in writers)
