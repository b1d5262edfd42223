"""The pull DAG's work: which (platform, account) pairs to pull, one account's pull as a deferrable operator,
and the trigger that waits on the triggerer for a platform's async report job.

What an account's pull ends as (`ingest.pull.run.AccountReport.outcome`), and what its mapped task does:

- `ok`: success; the files it landed are named in the landing asset's event, which runs the ingest DAG.
- `failed` (a token, a permission, an answer the client could not get past after its own retries): the
  task fails with the report's message, already redacted. It is retried with backoff like any task, and
  every try lands in `meta.task_failures` through the callbacks in the task defaults. The other accounts
  are other mapped task instances: they go on.
- `throttled` (the platform will not answer this account for longer than the client waits in a worker
  slot, five minutes): success with a warning. The cursor stays after the last complete window and the
  next scheduled run (an hour later) goes on from there; a task retry a minute later would only meet the
  same quota and burn the retries. The account's state file (`state/pull/<platform>/<account>.json`)
  keeps the outcome and the message; the task's log has the warning.
- `JobPending` (a platform's async report job is running; Meta's report runs): the task defers to
  `ReportJobTrigger`, which asks the platform about the job on the triggerer, off the event loop, and
  fires when the job is done or failed. No worker slot, and no pool slot (the pools do not count
  deferred tasks), is held meanwhile. The task then resumes and pulls the account again: the job is in
  the account's state, so it is read (or, failed, its window split), not started again.

Pools (one per platform family, sized to its quota) are in `ingest.orchestration.pools`.

Credentials never leave the task and the trigger: the mapped arguments and XComs carry only the platform
and the account id; each task and trigger resolves the connection itself and registers its secrets with
Airflow's log masker (the pull's own messages are redacted already).

Importing this module is cheap (Airflow's SDK and the connection table): the DAG file imports it at parse
time, the triggerer whenever it loads the trigger.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from airflow.sdk import BaseOperator
from airflow.triggers.base import BaseTrigger, TriggerEvent

from ingest.orchestration.pools import family
from ingest.pull.accounts import PLATFORM_CONNECTIONS

# Pull tasks retry later than the warehouse tasks: a platform's outage or a client that ran out of its own
# retries needs minutes, not seconds. 2, 4, 8 minutes (at most 20): all within the hour before the next run.
PULL_RETRIES = {
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=20),
}

# How long a task waits for one report job on the triggerer before it fails (and its retry asks again).
JOB_WAIT = timedelta(hours=1)
# How often the triggerer asks about a report job: the platform module's figure (Meta: 30 s), unless set.
JOB_POLL_ENV = "RESONANCE_PULL_JOB_POLL_SECONDS"
# At most this many file names in a landing event's `extra` (it is stored in Airflow's database).
FILES_PER_EVENT = 50


def family_accounts(name: str) -> list[dict[str, str]] | None:
    """The accounts family `name`'s connection lists, for every platform of the family (ids only: credentials
    are never an XCom); None when the family has no connection (it is not pulled)."""
    from ingest.pull.accounts import ConfigError, accounts, credentials

    platforms = sorted(p for p in PLATFORM_CONNECTIONS if family(p) == name)
    try:
        creds = credentials(PLATFORM_CONNECTIONS[platforms[0]])
    except ConfigError:
        return None
    return [
        {"platform": account.platform, "account": account.id, "landing": account.landing, "brand": account.brand}
        for platform in platforms
        for account in accounts(platform, creds)
    ]


def resolve_target(platform: str, account: str):
    """The account's `Target` (with its credentials), from the connection as it is now."""
    from ingest.pull.accounts import ConfigError, targets

    for target in targets([platform], account):
        if target.account.id == account:
            return target
    raise ConfigError(
        f"{platform} account {account} is no longer listed in connection {PLATFORM_CONNECTIONS[platform]} "
        f"(extra.accounts.{platform})"
    )


def job_poll_seconds(platform_figure: float) -> float:
    return float(os.environ.get(JOB_POLL_ENV) or platform_figure)


def _mask(secrets: tuple[str, ...]) -> None:
    from airflow.sdk.log import mask_secret

    for secret in secrets:
        mask_secret(secret)


class _Recording:
    """The landing store, noting what the pull writes (so files landed before a deferral are announced too)."""

    def __init__(self, store, carry: dict[str, Any]) -> None:
        self.store = store
        self.carry = carry

    def put(self, key: str, data: bytes) -> str:
        where = self.store.put(key, data)
        self.carry["count"] += 1
        if len(self.carry["files"]) < FILES_PER_EVENT:
            self.carry["files"].append(where)
        return where


class PullAccountOperator(BaseOperator):
    """Pull one (platform, account) into landing (`target`: `{"platform", "account"}`); mapped per account."""

    ui_color = "#d6eaf8"

    def __init__(self, *, target: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = target

    def execute(self, context: Any) -> dict[str, Any]:
        return self._pull(context, {"files": [], "count": 0, "deferrals": 0})

    def resume(self, context: Any, event: dict[str, Any] | None = None) -> dict[str, Any]:
        """Back from `ReportJobTrigger`: pull again; the account's state holds the job, which is now read."""
        event = event or {}
        carry = event.get("carry") or {"files": [], "count": 0, "deferrals": 0}
        said = f": {event['message']}" if event.get("message") else ""
        self.log.info("report job %s is %s after %s poll(s)%s; resuming the pull",
                      event.get("job"), event.get("status"), event.get("polls"), said)  # fmt: skip
        return self._pull(context, carry)

    def _pull(self, context: Any, carry: dict[str, Any]) -> dict[str, Any]:
        from airflow.sdk.exceptions import AirflowException, AirflowFailException

        from ingest.config import Paths
        from ingest.landing.stores import landing_store
        from ingest.pull.accounts import ConfigError
        from ingest.pull.platforms import PULLERS
        from ingest.pull.run import JobPending, pull_account

        platform, account = self.target["platform"], self.target["account"]
        try:
            target = resolve_target(platform, account)
        except ConfigError as error:
            raise AirflowException(str(error)) from None
        _mask(target.credentials.secrets)
        brand = self.target.get("brand", "default")  # a target from before brands is the default brand's
        paths = Paths.from_env().for_brand(brand).ensure()
        store = _Recording(landing_store(paths), carry)
        try:
            report = pull_account(PULLERS[platform](), target, paths, store=store, defer_jobs=True,
                                  progress=self.log.info)  # fmt: skip
        except JobPending as pending:
            poll = job_poll_seconds(pending.poll_seconds)
            carry["deferrals"] += 1
            self.log.info("%s; waiting on the triggerer (a poll every %g s), no worker slot held", pending, poll)
            self.defer(
                trigger=ReportJobTrigger(platform=platform, account=account, job=pending.job, poll_seconds=poll,
                                         carry=carry),
                method_name="resume",
                timeout=JOB_WAIT,
            )  # fmt: skip
        summary = {
            "brand": brand,
            "platform": platform,
            "account": account,
            "landing": report.landing,
            "outcome": report.outcome,
            "message": report.message,
            "files": carry["count"],  # every attempt's (the log line of each attempt has its rows and requests)
            "deferrals": carry["deferrals"],
        }
        if report.outcome == "failed" and report.needs_a_person:  # an expired token: retrying only waits longer
            raise AirflowFailException(f"pull {platform} {account} failed: {report.message}")
        if report.outcome == "failed":
            raise AirflowException(f"pull {platform} {account} failed: {report.message}")
        if report.outcome == "throttled":
            self.log.warning("pull %s %s throttled: %s. The cursor stays after the last complete window; the next "
                             "scheduled run goes on from there.", platform, account, report.message)  # fmt: skip
        self._announce(context, summary, carry["files"])
        return summary

    def _announce(self, context: Any, summary: dict[str, Any], files: list[str]) -> None:
        """What this pull landed, in the `extra` of the landing asset's event (emitted when the task succeeds)."""
        from ingest.orchestration.assets import LANDING

        events = context.get("outlet_events") if hasattr(context, "get") else None
        if events is None or not any(getattr(o, "uri", None) == LANDING.uri for o in self.outlets):
            return
        events[LANDING].extra = {"producer": "resonance_pull", **summary, "file_names": files}


class ReportJobTrigger(BaseTrigger):
    """Fires once a platform's async report job is done or failed (or cannot be asked about: `error`).

    Every `poll_seconds` it asks `puller.job_status(...)` in a worker thread (the client's HTTP calls and
    retries block), never on the triggerer's event loop. The connection is resolved here, from the ids in
    the kwargs: no credential is serialized into the trigger. `carry` is handed back to the task untouched
    (what it had landed before deferring)."""

    def __init__(
        self, *, platform: str, account: str, job: str, poll_seconds: float = 30.0, carry: dict | None = None
    ) -> None:
        super().__init__()
        self.platform = platform
        self.account = account
        self.job = job
        self.poll_seconds = poll_seconds
        self.carry = carry or {"files": [], "count": 0, "deferrals": 0}

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return f"{type(self).__module__}.{type(self).__qualname__}", {
            "platform": self.platform,
            "account": self.account,
            "job": self.job,
            "poll_seconds": self.poll_seconds,
            "carry": self.carry,
        }

    def _connect(self):
        from ingest.pull.platforms import PULLERS

        target = resolve_target(self.platform, self.account)
        _mask(target.credentials.secrets)
        puller = PULLERS[self.platform]()
        return puller, target, puller.client(target)

    async def run(self) -> AsyncIterator[TriggerEvent]:
        from ingest.pull.client import redact

        event: dict[str, Any] = {"job": self.job, "platform": self.platform, "account": self.account,
                                 "carry": self.carry, "polls": 0}  # fmt: skip
        client = target = None
        try:
            puller, target, client = await asyncio.to_thread(self._connect)
            while True:
                await asyncio.sleep(self.poll_seconds)
                status = await asyncio.to_thread(puller.job_status, client, target, self.job)
                event["polls"] += 1
                if status in ("done", "failed"):
                    event["status"] = status
                    break
                self.log.info("%s %s report job %s: %s after %d poll(s)", self.platform, self.account, self.job,
                              status, event["polls"])  # fmt: skip
        except Exception as error:  # noqa: BLE001 - the task resumes and its pull says what is wrong
            secrets = target.credentials.secrets if target is not None else ()
            event.update(status="error", message=redact(f"{type(error).__name__}: {error}", secrets))
        finally:
            if client is not None:
                client.close()
        yield TriggerEvent(event)
