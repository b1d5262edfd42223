"""Run a pull: for each configured (platform, account), each endpoint, each window, write the pages the
platform returns into landing, then advance that endpoint's cursor.

A platform module supplies a `Puller`: its endpoints (with their restatement windows and horizons), an
`ApiClient` built from the account's credentials, and `pages(...)`, which yields one `Page` per response
page or downloaded report. Everything else (windows, landing files, cursors, what one failing account
means for the others) is here, once.

Files land at `<landing>/<account>/api/<platform>/<endpoint>/<window>/<pulled at>-<n>.<ext>`: the pull's
time in the name keeps every pull's files apart, so a restated window pulled again is simply a newer file
and a re-pull of identical bytes is a duplicate the ledger skips.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ingest.config import Paths
from ingest.landing.stores import LandingStore, landing_store
from ingest.pull.accounts import Target, targets
from ingest.pull.client import (
    AccountFailed,
    ApiClient,
    MetricRetired,
    PullError,
    QuotaExhausted,
    ShrinkRequest,
    redact,
)
from ingest.pull.state import PullState
from ingest.pull.windows import Endpoint, Window, plan


@dataclass(frozen=True)
class Page:
    """One response page or report, as bytes to land, and how many rows it holds."""

    body: bytes
    rows: int
    extension: str = "json"
    label: str = ""  # optional, for the file name (a report's day, a post id)


@dataclass
class Request:
    """What one call to `Puller.pages` asks for; the runner shrinks or trims it when the platform says so.

    Async report jobs (Meta's report runs): `job` is a job already started for this window by an earlier
    attempt (read its results instead of starting another); with `defer_jobs`, a puller that has started
    a job raises `JobPending` instead of polling it, so Airflow can wait on the triggerer, not in a worker
    slot. Without it (the command line), the puller polls with `client.sleep`."""

    endpoint: Endpoint
    window: Window
    dropped_metrics: set[str] = field(default_factory=set)
    job: str | None = None
    defer_jobs: bool = False


class JobPending(PullError):
    """An async report job is running on the platform; resume the pull once `job_status` says it is done."""

    def __init__(self, message: str, job: str, poll_seconds: float = 30.0) -> None:
        super().__init__(message)
        self.job = job
        self.poll_seconds = poll_seconds


class Puller:
    """A platform's pull. Subclasses set the class attributes and implement `client` and `pages`."""

    platform: str = ""
    endpoints: tuple[Endpoint, ...] = ()

    def client(self, target: Target) -> ApiClient:
        raise NotImplementedError

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        raise NotImplementedError

    def job_status(self, client: ApiClient, target: Target, job: str) -> str:
        """An async job's state: `running`, `done` or `failed` (pullers with async jobs override)."""
        raise NotImplementedError

    def token_expires_at(self, client: ApiClient, target: Target) -> datetime | None:
        """When the token stops working, if the platform or the connection says."""
        return target.credentials.token_expires_at


@dataclass
class EndpointReport:
    endpoint: str
    windows: int = 0
    files: int = 0
    rows: int = 0
    first_day: date | None = None
    last_day: date | None = None
    backfill_note: str = ""


@dataclass
class AccountReport:
    platform: str
    account: str
    landing: str
    outcome: str = "ok"  # ok | failed | throttled | waiting (an async job: the task defers)
    message: str = ""
    needs_a_person: bool = False  # failed with AccountFailed (token, permission, API version): a retry cannot help
    endpoints: list[EndpointReport] = field(default_factory=list)
    requests: int = 0
    written: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return sum(e.files for e in self.endpoints)

    @property
    def rows(self) -> int:
        return sum(e.rows for e in self.endpoints)


Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pull_account(
    puller: Puller,
    target: Target,
    paths: Paths,
    *,
    store: LandingStore | None = None,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
    client: ApiClient | None = None,
    defer_jobs: bool = False,
    progress: Progress = _stderr,
) -> AccountReport:
    """Pull one account through every endpoint. Problems only a person can fix, and quotas that will not
    reset soon, stop this account with a message; they never raise, so the other accounts go on."""
    account = target.account
    report = AccountReport(account.platform, account.id, account.landing)
    state = PullState.load(paths.root, account.platform, account.id)
    store = store or landing_store(paths)
    today = today or datetime.now(UTC).date()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    secrets = target.credentials.secrets
    client = client or puller.client(target)
    try:
        for endpoint in puller.endpoints:
            report.endpoints.append(
                _pull_endpoint(puller, client, target, endpoint, state, store, report, since=since,
                               until=until, today=today, stamp=stamp, defer_jobs=defer_jobs, progress=progress)
            )  # fmt: skip
    except JobPending as pending:  # re-raised: the caller (the DAG's task) defers, and comes back later
        report.outcome, report.message = "waiting", f"async report job {pending.job} is running"
        raise
    except AccountFailed as error:
        report.outcome, report.message = "failed", redact(str(error), secrets)
        report.needs_a_person = True
    except QuotaExhausted as error:
        report.outcome, report.message = "throttled", redact(str(error), secrets)
    except PullError as error:
        report.outcome, report.message = "failed", redact(str(error), secrets)
    except Exception as error:  # a bug, or an answer no classifier foresaw: recorded, then raised
        report.outcome, report.message = "failed", redact(f"{type(error).__name__}: {error}", secrets)
        raise
    finally:
        report.requests = client.requests
        expires = puller.token_expires_at(client, target) if report.outcome != "failed" else None
        state.finish(outcome=report.outcome, message=report.message, token_expires_at=expires)
        client.close()
    line = f"pull {account.platform} {account.id}: {report.outcome}, {report.files} files, {report.rows} rows, "
    progress(line + f"{report.requests} requests" + (f": {report.message}" if report.message else ""))
    return report


def _pull_endpoint(
    puller: Puller,
    client: ApiClient,
    target: Target,
    endpoint: Endpoint,
    state: PullState,
    store: LandingStore,
    report: AccountReport,
    *,
    since: date | None,
    until: date | None,
    today: date,
    stamp: str,
    defer_jobs: bool,
    progress: Progress,
) -> EndpointReport:
    account = target.account
    done = EndpointReport(endpoint.name)
    schedule = plan(endpoint, state.cursor(endpoint.name), today=today, since=since, until=until)
    if schedule.backfill and schedule.first_day is not None:
        state.note_backfill(endpoint.name, schedule.first_day, endpoint.horizon_days)
        done.backfill_note = (
            f"first pull: backfilled from {schedule.first_day} (the platform keeps {endpoint.horizon_days} days)"
        )
        progress(f"pull {account.platform} {account.id} {endpoint.name}: {done.backfill_note}")
    elif schedule.clamped and schedule.first_day is not None:
        progress(f"pull {account.platform} {account.id} {endpoint.name}: the platform keeps "
                 f"{endpoint.horizon_days} days; starting at {schedule.first_day}")  # fmt: skip
    pending = list(schedule.windows)
    counter = 0
    while pending:
        window = pending.pop(0)
        request = Request(endpoint, window, state.dropped_metrics(endpoint.name),
                          job=state.pending_job(endpoint.name, str(window)), defer_jobs=defer_jobs)  # fmt: skip
        try:
            pages = _pages_dropping_retired(puller, client, target, request, state)
        except JobPending as pending:
            state.set_pending_job(endpoint.name, str(window), pending.job)
            raise
        except ShrinkRequest as error:
            if window.days == 1:
                raise PullError(f"{account.platform} {account.id} {endpoint.name} {window}: {error}, "
                                "even for a single day") from None  # fmt: skip
            progress(f"pull {account.platform} {account.id} {endpoint.name} {window}: the platform asks for "
                     "less data; splitting the window in two")  # fmt: skip
            state.set_pending_job(endpoint.name, str(window), None)  # a failed job's window is not asked again
            pending[:0] = window.halves()
            continue
        folder = f"{account.landing}/api/{account.platform}/{endpoint.name}/{window}"
        for page in pages:
            counter += 1
            label = f"-{page.label}" if page.label else ""
            key = f"{folder}/{stamp}-{counter:04d}{label}.{page.extension}"
            body = redact(page.body.decode("utf-8"), target.credentials.secrets).encode("utf-8")
            report.written.append(store.put(key, body))
            done.files += 1
            done.rows += page.rows
        state.set_pending_job(endpoint.name, str(window), None)
        state.advance(endpoint.name, window.until, files=len(pages), rows=sum(p.rows for p in pages))
        done.windows += 1
        done.first_day = done.first_day or window.since
        done.last_day = window.until
    return done


def _pages_dropping_retired(
    puller: Puller, client: ApiClient, target: Target, request: Request, state: PullState
) -> list[Page]:
    """The window's pages; a metric the API says is retired is dropped, recorded, and the window asked
    again (all its pages: a page set is only landed whole)."""
    while True:
        try:
            return list(puller.pages(client, target, request))
        except MetricRetired as error:
            if error.metric in request.dropped_metrics:
                raise PullError(f"{error} (already dropped once)") from None
            request.dropped_metrics.add(error.metric)
            state.note_dropped_metric(request.endpoint.name, error.metric, str(error))


# ---- the command and the DAG call this ------------------------------------------------------------------


def pullers() -> dict[str, Puller]:
    """Every platform that can be pulled, by its command-line name."""
    from ingest.pull.platforms import PULLERS

    return {name: factory() for name, factory in PULLERS.items()}


def pull(
    platforms: list[str] | None = None,
    *,
    account_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
    paths: Paths | None = None,
    progress: Progress = _stderr,
) -> list[AccountReport]:
    """`resonance pull`: every configured account of `platforms` (all when None), one after another."""
    paths = (paths or Paths.from_env()).ensure()
    available = pullers()
    chosen = platforms or sorted(available)
    store = landing_store(paths)
    reports = []
    for target in targets(chosen, account_id):
        reports.append(
            pull_account(available[target.account.platform], target, paths, store=store,
                         since=since, until=until, today=today, progress=progress)
        )  # fmt: skip
    return reports
