"""Resonance: platform exports -> DuckDB -> dbt marts. The work the Airflow DAGs wire together lives here."""
