"""Monitor: what went wrong or went quiet, and what `resonance status` shows of it (`status`): failed task
tries (`failures`), silent sources (`freshness`), the last run of each DAG (`dag_runs`)."""
