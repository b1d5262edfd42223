"""Airflow cluster policy: each brand's DuckDB tasks take that brand's one-slot writer pool.

A mapped task has one `pool` for all its instances (`pool` is a `partial()` argument, never mapped), but a
brand's writer file must admit one writer while different brands write at the same time. The DAGs therefore
give their DuckDB tasks the default brand's pool, `resonance_duckdb_writer`, and map them over `brand`; this
hook runs in the scheduler as each mapped instance is created (and again whenever Airflow refreshes it from
its task) and moves it to `writer_pool(brand)`. The scheduler then never queues two instances of one brand
at once, whatever the number of workers, DAG runs or DAGs.

The brand of an instance is its value of the mapped argument `brand`, the list an upstream task returned
(the brands a run's events name, or every configured brand), read from that task's XCom in the scheduler's
own session. Always an upstream task, never a literal list in the DAG file: Airflow creates the instances of
a task mapped over literals with the run, in bulk, without calling this hook (unless an
`airflow_local_settings.py` defines it). An instance whose brand cannot be read keeps the default pool: one
writer at a time across every brand, slower but never two writers on one file.

Registered as a plugin of the `airflow.policy` entry point (pyproject.toml), so every Airflow component that
has the package installed applies it with no `airflow_local_settings.py`.
"""

from __future__ import annotations

import logging
from typing import Any

from airflow.policies import hookimpl

from ingest.orchestration.pools import WRITER_POOL, writer_pool

log = logging.getLogger(__name__)

BRAND_ARGUMENT = "brand"


@hookimpl
def task_instance_mutation_hook(task_instance: Any, dag_run: Any) -> None:
    if task_instance.map_index < 0 or task_instance.pool != WRITER_POOL:
        return
    try:
        brand = mapped_brand(task_instance, dag_run)
    except Exception:  # a policy must never stop the scheduler: the default pool is the safe side
        log.exception("cannot read the brand of %s; it keeps the pool %s", task_instance, WRITER_POOL)
        return
    if brand is not None:
        task_instance.pool = writer_pool(brand)


def mapped_brand(task_instance: Any, dag_run: Any) -> str | None:
    """The `brand` a mapped task instance runs for, or None when it is not mapped over brands."""
    values = _mapped_values(getattr(task_instance, "task", None), dag_run)
    if values is None or not 0 <= task_instance.map_index < len(values):
        return None
    brand = values[task_instance.map_index]
    return brand if isinstance(brand, str) else None


def _mapped_values(task: Any, dag_run: Any) -> list | None:
    expand_input = getattr(task, "_get_specified_expand_input", None)
    if expand_input is None:
        return None
    value = getattr(expand_input(), "value", None)
    if not isinstance(value, dict) or set(value) != {BRAND_ARGUMENT}:
        return None  # mapped over something else too (a product of lists): not one instance per brand
    return _xcom_list(value[BRAND_ARGUMENT], dag_run)


def _xcom_list(argument: Any, dag_run: Any) -> list | None:
    """The list an upstream task returned, read in the session the scheduler is expanding the run in."""
    from airflow.models.xcom import XComModel
    from airflow.serialization.definitions.xcom_arg import SchedulerPlainXComArg
    from sqlalchemy.orm import object_session

    if not isinstance(argument, SchedulerPlainXComArg) or dag_run is None:
        return None
    session = object_session(dag_run)
    if session is None:
        return None
    query = XComModel.get_many(
        run_id=dag_run.run_id,
        key=argument.key,
        dag_ids=dag_run.dag_id,
        task_ids=argument.operator.task_id,
        map_indexes=-1,
    )
    row = session.scalars(query).first()
    values = XComModel.deserialize_value(row) if row is not None else None
    return values if isinstance(values, list) else None
