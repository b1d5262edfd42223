"""Where each (platform, account) stands: a cursor per endpoint, in a small JSON file per account.

The state lives under `$RESONANCE_HOME/state/pull/<platform>/<account>.json`, outside the writer's DuckDB
file, so pulls never wait for the writer pool and can run on any worker that sees the root. A cursor is
advanced only after the window's files are complete in landing: a pull killed halfway starts that window
again, and the ledger's duplicate check and newer-wins make the second copy harmless.

Writes are atomic (temp file, fsync, rename); a crash leaves the previous state.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class PullState:
    """One account's pull state. `load()` it, change it, `save()` it (the `advance` helpers save)."""

    path: Path
    data: dict

    @classmethod
    def load(cls, root: Path, platform: str, account: str) -> PullState:
        path = root / "state" / "pull" / _safe(platform) / f"{_safe(account)}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        data.setdefault("platform", platform)
        data.setdefault("account", account)
        data.setdefault("cursors", {})
        return cls(path, data)

    def cursor(self, endpoint: str) -> date | None:
        """The last day this endpoint has been pulled through, or None before the first pull."""
        through = self.data["cursors"].get(endpoint, {}).get("through")
        return date.fromisoformat(through) if through else None

    def advance(self, endpoint: str, through: date, *, files: int, rows: int) -> None:
        """Record that `endpoint` is complete in landing through `through` (never moves a cursor back)."""
        entry = self.data["cursors"].setdefault(endpoint, {})
        previous = entry.get("through")
        if previous is None or date.fromisoformat(previous) < through:
            entry["through"] = through.isoformat()
        entry["pulled_at"] = now_utc().isoformat()
        entry["files"] = entry.get("files", 0) + files
        entry["rows"] = entry.get("rows", 0) + rows
        self.save()

    def note_backfill(self, endpoint: str, first_day: date, horizon_days: int) -> None:
        """The first pull's reach: how far back the platform's history horizon let it go."""
        self.data.setdefault("backfill", {}).setdefault(
            endpoint, {"first_day": first_day.isoformat(), "horizon_days": horizon_days}
        )

    def note_dropped_metric(self, endpoint: str, metric: str, reason: str) -> None:
        """A metric the API retired: dropped from the call, remembered (like drift) so status can show it."""
        self.data.setdefault("dropped_metrics", {}).setdefault(endpoint, {})[metric] = {
            "reason": reason,
            "since": now_utc().isoformat(),
        }

    def dropped_metrics(self, endpoint: str) -> set[str]:
        return set(self.data.get("dropped_metrics", {}).get(endpoint, {}))

    def pending_job(self, endpoint: str, window: str) -> str | None:
        """An async report job started for this window and not yet read."""
        return self.data.get("pending_jobs", {}).get(endpoint, {}).get(window)

    def set_pending_job(self, endpoint: str, window: str, job: str | None) -> None:
        jobs = self.data.setdefault("pending_jobs", {}).setdefault(endpoint, {})
        if job is None:
            jobs.pop(window, None)
        else:
            jobs[window] = job
            self.save()

    def finish(self, *, outcome: str, message: str = "", token_expires_at: datetime | None = None) -> None:
        """The last pull's outcome (`ok`, `failed`, `throttled`) and what a person should know."""
        self.data["last_pull"] = {"at": now_utc().isoformat(), "outcome": outcome, "message": message}
        if token_expires_at is not None:
            self.data["token_expires_at"] = token_expires_at.astimezone(UTC).isoformat()
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".part")
        with partial.open("w", encoding="utf-8") as handle:
            json.dump(self.data, handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(self.path)


def all_states(root: Path) -> list[dict]:
    """Every account's state under `root`, for `resonance status`."""
    folder = root / "state" / "pull"
    if not folder.is_dir():
        return []
    states = []
    for path in sorted(folder.glob("*/*.json")):
        try:
            states.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return states
