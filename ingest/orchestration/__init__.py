"""Orchestration: what the Airflow DAG files wire together (`assets`: assets, pools, task defaults; `cosmos`:
the transform DAG's dbt producer) and running Airflow itself (`airflow`: dag.test on a metadata DB under the
root; `standalone`: airflow standalone)."""
