"""What `resonance status` shows: every file seen (the ledger), the last run of each DAG, task tries that
failed after their last retry, sources silent past their freshness window, and each API account's last pull
(its cursors, and a token that expires within 7 days); as text or as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ingest import warehouse
from ingest.config import Paths

LEDGER_COLUMNS = (
    "load_id", "file_name", "export_type", "raw_tables", "account_id", "status", "rows_parsed",
    "rows_inserted", "rows_updated", "rows_stale", "as_of", "as_of_source", "drift_columns", "reason_rule", "reason",
    "quarantine_path", "source_path", "started_at", "duration_ms",
)  # fmt: skip


def ledger(home: Paths, limit: int | None = None) -> list[dict]:
    """Every file seen, newest first. Read through a short-lived connection to the writer's file."""
    if not home.writer_db.exists():
        return []
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        if not con.execute(
            "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = 'loads'"
        ).fetchone()[0]:
            return []
        query = f"select {', '.join(LEDGER_COLUMNS)} from meta.loads order by started_at desc, load_id desc"
        if limit:
            query += f" limit {int(limit)}"
        cursor = con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


@dataclass
class Status:
    loads: list[dict]
    dag_runs: list  # monitor.dag_runs.DagRunSummary
    airflow_note: str | None  # why there are no runs to show (never ran here, or no DAG has run yet)
    task_failures: list[dict]
    silent_sources: list  # monitor.freshness.SourceFreshness
    freshness_error: str | None
    pulls: list[dict] = field(default_factory=list)  # pull_accounts()

    def as_dict(self) -> dict:
        return {
            "pulls": self.pulls,
            "loads": self.loads,
            "dag_runs": [run.as_dict() for run in self.dag_runs],
            "airflow": self.airflow_note,
            "task_failures": self.task_failures,
            "silent_sources": [source.as_dict() for source in self.silent_sources],
            "freshness_error": self.freshness_error,
        }


TOKEN_WARNING = timedelta(days=7)


def pull_accounts(home: Paths, now: datetime | None = None) -> list[dict]:
    """Each pulled account's state (`ingest.pull.state`): last pull, cursors per endpoint, and whether its
    token expires within `TOKEN_WARNING` (from the connection's `token_expires_at` or the platform)."""
    from ingest.pull.state import all_states

    now = now or datetime.now(UTC)
    accounts = []
    for state in all_states(home.root):
        expires = state.get("token_expires_at")
        expires_at = datetime.fromisoformat(expires) if expires else None
        accounts.append({
            "platform": state.get("platform"),
            "account": state.get("account"),
            "last_pull": state.get("last_pull", {}),
            "cursors": {name: entry.get("through") for name, entry in sorted(state.get("cursors", {}).items())},
            "pending_jobs": state.get("pending_jobs", {}),
            "dropped_metrics": state.get("dropped_metrics", {}),
            "token_expires_at": expires,
            "token_expires_soon": expires_at is not None and expires_at - now <= TOKEN_WARNING,
        })  # fmt: skip
    return accounts


def gather(home: Paths, limit: int | None = None) -> Status:
    """Everything status shows. Raises duckdb.IOException when a writer holds the warehouse's lock."""
    from ingest.monitor.dag_runs import MetadataUnavailable, last_dag_runs
    from ingest.monitor.failures import recent_failures
    from ingest.monitor.freshness import FreshnessConfigError, silent_sources

    loads = ledger(home, limit=limit)
    failures = recent_failures(home, limit=5)
    try:
        silent, freshness_error = silent_sources(home), None
    except FreshnessConfigError as error:
        silent, freshness_error = [], f"error: {error}"
    try:
        runs = last_dag_runs(home)
        note = None if runs else "no DAG has run yet"
    except MetadataUnavailable as why:
        runs, note = [], str(why)
    return Status(loads, runs, note, failures, silent, freshness_error, pull_accounts(home))


def format_status(status: Status, home: Paths) -> str:
    lines = []
    if not status.loads:
        lines.append(f"no files loaded yet under {home.root}")
    else:
        lines.append(f"{'status':<10} {'type':<26} {'rows':>9}  file / reason")
    for row in status.loads:
        detail = row["file_name"]
        if row["status"] != "loaded":
            detail += f"\n{'':<48}{row['reason']}"
        elif row.get("drift_columns"):
            detail += f"\n{'':<48}drift: unknown columns kept in _extra: {', '.join(row['drift_columns'])}"
        lines.append(f"{row['status']:<10} {row['export_type'] or '?':<26} {row['rows_parsed'] or 0:>9,}  {detail}")
    lines.append("\nAirflow: last run of each DAG")
    if status.airflow_note:
        lines.append(f"  {status.airflow_note}")
    for run in status.dag_runs:
        start = f"{run.start_date:%Y-%m-%d %H:%M:%S}" if run.start_date else "not started"
        end = f"{run.end_date:%Y-%m-%d %H:%M:%S}" if run.end_date else "-"
        lines.append(f"  {run.dag_id:<24} {run.state:<10} {start} -> {end} UTC  ({run.run_type})")
    lines.append("\nTask failures (latest, failed after their last retry)")
    if not status.task_failures:
        lines.append("  none")
    for failure in status.task_failures:
        first_line = (failure["exception"] or "").strip().splitlines()[-1:] or ["?"]
        lines.append(
            f"  {failure['failed_at']:%Y-%m-%d %H:%M} {failure['dag_id']}.{failure['task_id']} "
            f"try {failure['try_number']} ({failure['run_id']}): {first_line[0][:160]}"
        )
    lines.append("\nSilent sources (no file loaded within their freshness window)")
    if status.freshness_error:
        lines.append(f"  {status.freshness_error}")
    elif not status.silent_sources:
        lines.append("  none")
    lines += [f"  {source.line()}" for source in status.silent_sources]
    lines += format_pulls(status.pulls)
    return "\n".join(lines)


def format_pulls(pulls: list[dict]) -> list[str]:
    lines = ["\nAPI pulls (last pull of each account, cursors: pulled through)"]
    if not pulls:
        lines.append("  none yet (resonance pull, or the resonance_pull DAG)")
    for account in pulls:
        last = account["last_pull"]
        at = last.get("at", "")[:16].replace("T", " ")
        cursors = ", ".join(f"{name} {through}" for name, through in account["cursors"].items()) or "none"
        lines.append(f"  {account['platform']:<10} {account['account']:<22} {last.get('outcome', '?'):<9} {at}  "
                     f"cursors: {cursors}")  # fmt: skip
        if last.get("message"):
            lines.append(f"{'':<36}{last['message'][:300]}")
        for metric_endpoint, metrics in account["dropped_metrics"].items():
            lines.append(f"{'':<36}{metric_endpoint}: the API retired {', '.join(sorted(metrics))}: no longer asked")
        if account["token_expires_soon"]:
            lines.append(f"{'':<36}its token expires {account['token_expires_at'][:16].replace('T', ' ')} UTC: "
                         "renew it and update the platform's Airflow connection")  # fmt: skip
    return lines
