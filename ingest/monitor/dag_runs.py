"""The last run of each DAG, read from Airflow's metadata DB, for `resonance status`.

Which DB: the one Airflow itself uses here. `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN` when set (the compose
deployment's PostgreSQL, or any deployment configured by environment), else the SQLite file that
`resonance demo` and `airflow standalone` create under `$RESONANCE_HOME/airflow/`. When there is neither,
Airflow has never run under this root: `last_dag_runs` says so (`MetadataUnavailable`) without importing
Airflow, so `resonance status` stays fast and works on a root that only ever saw `resonance ingest`.

The query goes through Airflow's own ORM model (`airflow.models.dagrun.DagRun`) on an engine of our own,
read-only in intent: nothing is migrated or created, and an unreachable or unmigrated DB is reported, not
raised, because status must still show the ledger.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from ingest.config import Paths


@dataclass(frozen=True)
class DagRunSummary:
    dag_id: str
    run_id: str
    run_type: str
    state: str
    start_date: datetime | None
    end_date: datetime | None

    def as_dict(self) -> dict:
        return {
            "dag_id": self.dag_id,
            "run_id": self.run_id,
            "run_type": self.run_type,
            "state": self.state,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
        }


class MetadataUnavailable(Exception):
    """Why there are no DAG runs to show: Airflow never ran here, or its DB cannot be read."""


def metadata_url(home: Paths) -> str:
    url = os.environ.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN")
    if url:
        return url
    db = home.airflow_home / "airflow.db"
    if not db.exists():  # connecting would create an empty SQLite file
        raise MetadataUnavailable(f"Airflow has not run under {home.root} yet (no {db})")
    return f"sqlite:///{db}"


def last_dag_runs(home: Paths) -> list[DagRunSummary]:
    """The most recently created run of every DAG in the metadata DB, by DAG id."""
    url = metadata_url(home)
    # Importing Airflow reads its configuration; point it at this root's home unless one is configured.
    os.environ.setdefault("AIRFLOW_HOME", str(home.airflow_home))
    import sqlalchemy
    from airflow.models.dagrun import DagRun
    from sqlalchemy.orm import Session

    engine = sqlalchemy.create_engine(url)
    try:
        if not sqlalchemy.inspect(engine).has_table(DagRun.__tablename__):
            raise MetadataUnavailable("Airflow's metadata DB is not migrated yet (no dag_run table)")
        latest = sqlalchemy.select(sqlalchemy.func.max(DagRun.id)).group_by(DagRun.dag_id).scalar_subquery()
        query = (
            sqlalchemy.select(
                DagRun.dag_id, DagRun.run_id, DagRun.run_type, DagRun.state, DagRun.start_date, DagRun.end_date
            )
            .where(DagRun.id.in_(latest))
            .order_by(DagRun.dag_id)
        )
        with Session(engine) as session:
            rows = session.execute(query).all()
    except sqlalchemy.exc.SQLAlchemyError as error:
        raise MetadataUnavailable(f"Airflow's metadata DB cannot be read: {error.__class__.__name__}") from error
    finally:
        engine.dispose()
    return [
        DagRunSummary(dag_id, run_id, str(run_type), str(state), start, end)
        for dag_id, run_id, run_type, state, start, end in rows
    ]
