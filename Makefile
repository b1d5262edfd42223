# Resonance: `make demo` runs the pipeline on sample exports; `make test` runs the whole suite.
# Both create the environment from nothing (uv is installed with pip if missing).

SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
STAMP := $(VENV)/.synced

.PHONY: setup demo test lint format clean uv

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

$(STAMP): pyproject.toml uv.lock
	@$(MAKE) --no-print-directory uv
	$(UV) sync --locked --python 3.11
	touch $(STAMP)

setup: $(STAMP)  ## create .venv from the lock file

demo: setup  ## sample exports -> Airflow DAGs -> DuckDB -> dbt marts -> summary
	$(UV) run --no-sync resonance demo

test: setup  ## the whole suite: parsers, loads, dbt marts, Airflow DAGs
	$(UV) run --no-sync pytest -q -n 2 --dist loadfile

lint: setup
	$(UV) run --no-sync ruff check ingest dags tests
	$(UV) run --no-sync ruff format --check ingest dags tests

format: setup
	$(UV) run --no-sync ruff format ingest dags tests
	$(UV) run --no-sync ruff check --fix ingest dags tests

clean:  ## remove everything a run wrote under the default root
	rm -rf .resonance
