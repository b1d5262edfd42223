# Resonance: `make demo` runs the pipeline on sample exports; `make test` runs the whole suite.
# Both create the environment from nothing (uv is installed with pip if missing).

SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
STAMP := $(VENV)/.synced

.PHONY: setup services demo docs docs-serve test test-fast lint lint-sql lint-portable format clean uv bench bench-smoke bench-setup

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

$(STAMP): pyproject.toml uv.lock
	@$(MAKE) --no-print-directory uv
	$(UV) sync --locked --python 3.11 --extra deploy
	touch $(STAMP)

setup: $(STAMP)  ## create .venv from the lock file (with the `deploy` extra: Celery, Redis and PostgreSQL clients)

# The services the Celery cluster test starts as its own processes (ingest/orchestration/cluster.py): PostgreSQL
# (Airflow's metadata DB) and Redis (the Celery broker), Debian's packages, installed only when missing. Without
# root the command is printed instead (the cluster test then skips, naming what to install).
POSTGRES_BIN := $(wildcard /usr/lib/postgresql/*/bin/postgres)
services:  ## PostgreSQL and Redis for the cluster test (apt-get, only if missing)
	@missing=""; \
	[ -n "$(POSTGRES_BIN)" ] || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing="$$missing redis-server"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	command="apt-get update && apt-get install -y$$missing"; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
		echo "The cluster test needs$$missing; install it as root: $$command"; exit 0; \
	fi; \
	echo "$$command"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing

demo: setup  ## sample exports -> Airflow DAGs -> DuckDB -> dbt marts -> summary
	$(UV) run --no-sync resonance demo

# The dbt docs site of the PUBLISHED marts: the catalog is read from serving.duckdb (read-only), never from the
# writer's file a running pipeline holds. Written to $RESONANCE_HOME/docs/index.html, one self-contained page.
DOCS_PORT ?= 8000
docs: setup  ## dbt docs of the published marts -> $RESONANCE_HOME/docs/index.html (run make demo or resonance build first)
	$(UV) run --no-sync resonance docs

docs-serve: setup  ## the same, then served on http://127.0.0.1:$(DOCS_PORT)/ until Ctrl-C
	$(UV) run --no-sync resonance docs --serve --port $(DOCS_PORT)

test: setup services  ## the whole suite: parsers, loads, dbt marts, Airflow DAGs (CI runs it); lists the 25 slowest tests
	$(UV) run --no-sync pytest -q -n 2 --dist loadfile --no-loadscope-reorder --durations=25

test-fast: setup  ## the development loop: every test that starts neither Airflow nor dbt (not marked slow)
	$(UV) run --no-sync pytest -q -n 2 --dist loadfile --no-loadscope-reorder -m "not slow" --durations=10

lint: setup lint-sql lint-portable
	$(UV) run --no-sync ruff check ingest dags tests
	$(UV) run --no-sync ruff format --check ingest dags tests

# SQLFluff renders every model through dbt (the dbt templater, config in .sqlfluff). profiles.yml needs
# RESONANCE_WRITER_DB: a throwaway file in a temp dir, where dbt's target/ and logs/ go too (never dbt_project/).
lint-sql: setup  ## SQLFluff over dbt_project/ (house SQL style)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	RESONANCE_WRITER_DB="$$tmp/lint.duckdb" DBT_TARGET_PATH="$$tmp/target" DBT_LOG_PATH="$$tmp/logs" \
	DBT_SEND_ANONYMOUS_USAGE_STATS=false $(UV) run --no-sync sqlfluff lint dbt_project

# The portability check: the project compiled into a temp dir (a throwaway warehouse holding every raw table, dbt's
# target/ and logs/ beside it; never dbt_project/), what dispatched macros emit marked, then every compiled file
# read as DuckDB by sqlglot and judged against Spark and Trino (ingest/transform/portable.py). About 15 s.
lint-portable: setup  ## the compiled SQL outside dispatched macros reads alike on DuckDB, Spark and Trino (sqlglot)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	DBT_SEND_ANONYMOUS_USAGE_STATS=false $(UV) run --no-sync python -m ingest.transform.portable --compile-in "$$tmp"

# The benchmark installs its peer loader (dlt, the `bench` dependency group) into .venv on top of the lock;
# the runtime image never gets it (the Dockerfile syncs without groups). Scale: make bench BENCH_ROWS=2000000
BENCH_ROWS ?= 10000000
bench-setup: setup
	$(UV) sync --locked --python 3.11 --group bench --inexact

bench: bench-setup  ## ~10M post-day rows: ceiling, ingest, dlt, dbt, memory, latency, DAG imports; API pulls -> BENCHMARKS.md
	$(UV) run --no-sync python -m ingest.bench --rows $(BENCH_ROWS)

bench-smoke: bench-setup  ## the same stages on a tiny volume (CI): must complete and write a report
	$(UV) run --no-sync python -m ingest.bench --smoke

format: setup
	$(UV) run --no-sync ruff format ingest dags tests
	$(UV) run --no-sync ruff check --fix ingest dags tests

clean:  ## remove everything a run wrote under the default root
	rm -rf .resonance
