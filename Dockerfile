# The Resonance image: the locked environment, the package, the DAGs, the dbt project and the suites.
FROM python:3.11-slim
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy PIP_NO_CACHE_DIR=1
WORKDIR /opt/resonance
RUN pip install uv
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project
COPY ingest ingest
COPY dags dags
COPY dbt_project dbt_project
COPY expectations expectations
RUN uv sync --locked --no-dev
ENV PATH=/opt/resonance/.venv/bin:$PATH \
    RESONANCE_HOME=/data \
    AIRFLOW_HOME=/data/airflow \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/resonance/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    GX_ANALYTICS_ENABLED=False \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false
