"""`LocalCluster` against docker-compose.yml, without starting anything: every Airflow process gets the variables
the compose file gives every Airflow container, with the same values wherever the value is not an address or a
secret (and the same URL schemes, drivers included, where it is); a machine without PostgreSQL or Redis gets an
error that names the packages and the command."""

from __future__ import annotations

import pytest
import yaml

import ingest.orchestration.cluster as cluster_module
from ingest.config import PROJECT_DIR, Paths
from ingest.orchestration.cluster import (
    WORKER_HOSTNAME_ENV,
    LocalCluster,
    ServicesMissing,
    require_services,
    worker_hostname,
)

COMPOSE_FILE = PROJECT_DIR / "docker-compose.yml"


@pytest.fixture
def compose_env() -> dict[str, str]:
    return {k: str(v) for k, v in yaml.safe_load(COMPOSE_FILE.read_text())["x-airflow-common"]["environment"].items()}


@pytest.fixture
def cluster_env(tmp_path) -> dict[str, str]:
    cluster = LocalCluster(Paths(tmp_path / "home"))
    cluster.pg_port, cluster.redis_port = 15432, 16379  # as if started
    return cluster.environment()


def literal(value: str) -> bool:
    """A compose value that is neither interpolated nor an address or a path."""
    return "${" not in value and "/" not in value


def test_every_variable_of_the_compose_files_airflow_services_is_set_for_every_cluster_process(
    compose_env, cluster_env
):
    assert sorted(set(compose_env) - set(cluster_env)) == []


def test_literal_settings_are_the_compose_files_and_urls_keep_its_schemes(compose_env, cluster_env):
    literals = {k: v.lower() for k, v in compose_env.items() if literal(v)}
    assert literals, "the compose file has literal settings to compare"
    assert {k: cluster_env[k].lower() for k in literals} == literals
    for key, value in compose_env.items():
        if "://" in value:
            assert cluster_env[key].split("://")[0] == value.split("://")[0], key


def test_the_metadata_db_result_backend_and_broker_are_the_clusters_own_services(cluster_env):
    assert cluster_env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert cluster_env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("@127.0.0.1:15432/airflow")
    assert cluster_env["AIRFLOW__CELERY__RESULT_BACKEND"].endswith("@127.0.0.1:15432/airflow")
    assert cluster_env["AIRFLOW__CELERY__BROKER_URL"] == "redis://127.0.0.1:16379/0"
    assert cluster_env["AIRFLOW__CORE__HOSTNAME_CALLABLE"] == "ingest.orchestration.cluster.worker_hostname"


def test_a_worker_reports_its_own_name_as_hostname_and_other_processes_the_machines(monkeypatch):
    monkeypatch.setenv(WORKER_HOSTNAME_ENV, "worker-7")
    assert worker_hostname() == "worker-7"
    monkeypatch.delenv(WORKER_HOSTNAME_ENV)
    assert worker_hostname() and worker_hostname() != "worker-7"


def test_without_postgresql_and_redis_the_error_names_the_packages_and_the_command(monkeypatch, tmp_path):
    monkeypatch.setattr(cluster_module, "postgres_bin_dir", lambda: None)
    monkeypatch.setattr(cluster_module, "redis_server", lambda: None)
    with pytest.raises(ServicesMissing, match=r"needs postgresql and redis-server .*`make services`"):
        require_services()
    home = Paths(tmp_path / "home")
    with pytest.raises(ServicesMissing, match="apt-get install -y postgresql redis-server"):
        with LocalCluster(home):
            pass
    assert not home.root.exists()  # nothing was started or written
