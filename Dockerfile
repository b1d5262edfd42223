# The Resonance image: the locked environment (with the `deploy` extra: Celery, Redis, PostgreSQL drivers),
# the package, the DAGs, the dbt project and the suites. Every Airflow service of docker-compose.yml runs it.
# Dependencies come from uv.lock only (`--locked` fails the build if pyproject.toml and the lock disagree).
FROM python:3.11-slim

# curl: the compose healthchecks (the same probes as Airflow's official compose file).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy PIP_NO_CACHE_DIR=1
WORKDIR /opt/resonance
RUN pip install uv==0.13.9

# Dependencies first, in their own layer: a code change does not reinstall Airflow.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --extra deploy --no-install-project
COPY ingest ingest
COPY dags dags
COPY dbt_project dbt_project
COPY expectations expectations
RUN uv sync --locked --no-dev --extra deploy

# Like the official Airflow image: an unprivileged user with uid 50000 in group 0, so files it writes on
# the shared /data volume stay group-writable for whatever uid compose runs it as (AIRFLOW_UID).
RUN useradd --uid 50000 --gid 0 --home-dir /home/airflow --create-home airflow \
    && mkdir -p /data && chown 50000:0 /data && chmod g+rwX /data
USER 50000

ENV PATH=/opt/resonance/.venv/bin:$PATH \
    RESONANCE_HOME=/data \
    AIRFLOW_HOME=/data/airflow \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/resonance/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    GX_ANALYTICS_ENABLED=False \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false
CMD ["airflow", "version"]
