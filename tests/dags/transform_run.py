"""Run the transform DAG once with dag.test() on a root, in a process of its own (Airflow reads its home
at import), and print what happened as JSON: the run state, each task's state, the serving asset's events.

    python tests/dags/transform_run.py <root> [gift-order] [ingest=<export file>]...

`gift-order` puts an order whose type is neither `order` nor `refund` in raw.brand__orders, which fails
the accepted_values test on stg_brand__orders. `ingest=<file>` loads an export first, through the loader
(so the ledger shows it, as after an ingest DAG run). Tasks and the build's report are those of this run;
asset events are every event the root's metadata DB holds.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ingest.config import Paths  # noqa: E402


def gift_order(home: Paths) -> None:
    from ingest import warehouse

    con = warehouse.connect(home.writer_db)
    try:
        con.execute(
            "insert into raw.brand__orders (account_id, order_id, order_type, ordered_at, revenue, currency, "
            "_row_number, _load_id, _source_file, _as_of, _snapshot_date) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ["shop", "o-1", "gift", datetime(2026, 11, 1, tzinfo=UTC), 10, "USD", 2, "load-1",
             "landing/brand/orders.csv", datetime(2026, 11, 2, tzinfo=UTC), date(2026, 11, 2)],
        )  # fmt: skip
    finally:
        con.close()


def main(root: str, *options: str) -> None:
    from ingest.orchestration.airflow import TRANSFORM_DAG, configure_airflow, run_dag
    from ingest.transform.dbt import ensure_sources

    home = Paths(Path(root))
    os.environ["RESONANCE_HOME"] = str(home.root)
    configure_airflow(home, quiet=True)
    ensure_sources(home)
    if "gift-order" in options:
        gift_order(home)
    exports = [Path(option.removeprefix("ingest=")) for option in options if option.startswith("ingest=")]
    if exports:
        from ingest.load.loader import ingest_paths

        assert {r.status for r in ingest_paths(exports, home)} == {"loaded"}
    state = run_dag(TRANSFORM_DAG, home.airflow_home / "logs" / "transform.log")

    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    from ingest.orchestration.cosmos import NOT_REBUILT
    from ingest.transform.dbt import PRODUCER_TASK_ID

    with create_session() as session:
        (run_id,) = session.query(DagRun.run_id).filter_by(dag_id=TRANSFORM_DAG).order_by(DagRun.id.desc()).first()
        instances = session.query(TaskInstance).filter_by(dag_id=TRANSFORM_DAG, run_id=run_id)
        tasks = {ti.task_id: str(ti.state) for ti in instances}
        build = (
            session.query(XComModel.value)
            .filter_by(dag_id=TRANSFORM_DAG, run_id=run_id, task_id=PRODUCER_TASK_ID, key="build")
            .scalar()
        )
        not_rebuilt = sorted(
            key.removesuffix("_dbt_event")  # the node's unique_id with every "." as "__"
            for key, value in session.query(XComModel.key, XComModel.value).filter_by(
                dag_id=TRANSFORM_DAG, run_id=run_id, task_id=PRODUCER_TASK_ID
            )
            if key.endswith("_dbt_event") and NOT_REBUILT in str(value)
        )
        events = [
            {"uri": uri, "extra": extra}
            for uri, extra in session.query(AssetModel.uri, AssetEvent.extra).join(
                AssetEvent, AssetEvent.asset_id == AssetModel.id
            )
        ]
    build = json.loads(build) if isinstance(build, str) else build
    report = {"state": state, "tasks": tasks, "build": build, "not_rebuilt": not_rebuilt, "asset_events": events}
    print(json.dumps(report))


if __name__ == "__main__":
    main(*sys.argv[1:])
