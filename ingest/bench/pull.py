"""The pull stage: what a pull of many ad accounts costs the client, against the platforms' local stand-ins.

Each series pulls `months` of daily campaign insights for 1, then 10, then 50 accounts (the smoke run: fewer)
through `ingest.pull.run.pull_account`, one account after another as `resonance pull` does, into a fresh
throwaway root; the wall clock, this process's CPU time and the client's own counts (requests, rows and files
landed) are taken around those calls only. The per-account time at each count shows whether the cost grows
linearly with the accounts.

Why the stand-in runs in a process of its own (`python -m ingest.bench.pull serve`, uvicorn on 127.0.0.1): a
stand-in in a thread of this process would share its interpreter lock, and its CPU time (building the rows,
encoding the JSON) would be billed to the client. Its CPU time is still measured (the child's rusage) and
shown beside the client's, because on a shared 2-core machine the wall clock includes waiting for it. It is
configured not to throttle (usage headers at 1 %, nothing scripted), so no retry waits; every sleep the
client asks for (retry, usage or job poll) goes through `client.sleep` and is summed: it must come out 0 s.

Series:
- **Meta ads, async report runs**: the puller as shipped (90-day windows; a window longer than
  `SYNC_MAX_DAYS` is a report run: POST, polled until done, results paged). The poll interval is set to 0 s
  (`poll_first`/`poll_most`), so a run costs its polls as requests but no sleep; the stand-in completes a run
  on its third poll. A tail window of `SYNC_MAX_DAYS` or fewer days is read by plain paging, counted apart.
- **Meta ads, plain paging**: the same puller with `SYNC_MAX_DAYS`-day windows, so every window is one
  synchronous `GET /act_{id}/insights`, paged.
- **TikTok ads, plain paging**: `report/integrated/get` at ad and campaign level, 30-day windows, paged.

Before the timed counts of a series, one account is pulled for one window, untimed (connections, lazy imports).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ingest.pull.platforms.meta import SYNC_MAX_DAYS, MetaAdsPuller
from ingest.pull.platforms.tiktok import TikTokAdsPuller
from ingest.pull.run import Puller

TODAY = date(2026, 12, 7)  # the stand-ins' today: the pull reads the months before it
TOKENS = {"meta_ads": "bench-meta-token", "tiktok_ads": "bench-tiktok-token"}
URL_ENVS = {"meta_ads": "RESONANCE_META_API_URL", "tiktok_ads": "RESONANCE_TIKTOK_API_URL"}
CONNECTIONS = {"meta_ads": "resonance_meta", "tiktok_ads": "resonance_tiktok"}
ASYNC, PAGING = "async report runs", "plain paging"


def account_ids(platform: str, count: int) -> list[str]:
    """`count` made-up account ids (ad account ids for Meta, advertiser ids for TikTok)."""
    first = 7_100_000_000_000_000_000 if platform == "tiktok_ads" else 7_000_000_000_000
    return [str(first + n) for n in range(count)]


def first_day(months: int) -> date:
    """The first day a pull of `months` months asks for (12 months: 365 days; 1 month: 30)."""
    return TODAY - timedelta(days=round(months * 365 / 12))


def standin(platform: str, accounts: int) -> Any:
    """The stand-in a series pulls from: its token sees `accounts` accounts, it serves two years before its
    today, and it does not throttle."""
    from ingest.samples.apis.meta import MetaStandIn
    from ingest.samples.apis.tiktok import TikTokStandIn

    ids = set(account_ids(platform, accounts))
    history = TODAY - timedelta(days=730)
    if platform == "meta_ads":
        return MetaStandIn(tokens={TOKENS[platform]: ids}, today=TODAY, first_day=history, usage=1.0)
    return TikTokStandIn(tokens={TOKENS[platform]: ids}, first_day=history)


# ---- the pullers, counting what they do ----------------------------------------------------------------


class CountedMetaAds(MetaAdsPuller):
    """Meta's ads puller with its report runs and polls counted; `max_days` sets its window length."""

    def __init__(self, max_days: int | None = None) -> None:
        if max_days is not None:
            self.endpoints = tuple(replace(e, max_days=max_days) for e in MetaAdsPuller.endpoints)
        self.poll_first = self.poll_most = 0.0  # no sleep between polls: the bench measures work, not waiting
        self.jobs = self.polls = 0

    def start(self, *args: Any, **kwargs: Any) -> str:
        self.jobs += 1
        return super().start(*args, **kwargs)

    def _status(self, *args: Any, **kwargs: Any) -> tuple[str, str]:
        self.polls += 1
        return super()._status(*args, **kwargs)


@dataclass(frozen=True)
class Series:
    platform: str
    path: str  # ASYNC or PAGING: how the windows are read
    make: Callable[[], Puller]


SERIES = (
    Series("meta_ads", ASYNC, CountedMetaAds),
    Series("meta_ads", PAGING, lambda: CountedMetaAds(SYNC_MAX_DAYS)),
    Series("tiktok_ads", PAGING, TikTokAdsPuller),
)


# ---- the stand-in's process --------------------------------------------------------------------------


class StandInProcess:
    """`python -m ingest.bench.pull serve <platform> <accounts>` as a child: started, its URL read, stopped by
    closing its stdin. `cpu_seconds()` is its user + system time so far (from `/proc`; None elsewhere)."""

    def __init__(self, platform: str, accounts: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ingest.bench.pull", "serve", platform, str(accounts)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the {platform} stand-in did not start (exit {self.process.returncode})")

    def cpu_seconds(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14, 15)

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve_until_stdin_closes(platform: str, accounts: int) -> None:
    from ingest.samples.apis import serve

    with serve(standin(platform, accounts)) as api:
        print(api.url, flush=True)
        sys.stdin.read()


# ---- one timed pull ------------------------------------------------------------------------------------


def pull_accounts(series: Series, accounts: int, root: Path, since: date) -> dict:
    """Pull `accounts` accounts from `since` to yesterday into a fresh `root`; the figures of that pull."""
    from ingest.config import LandingSettings, Paths
    from ingest.landing.stores import LocalLanding
    from ingest.pull.accounts import Account, Credentials, Target
    from ingest.pull.run import pull_account

    shutil.rmtree(root, ignore_errors=True)
    paths = Paths(root).ensure()
    store = LocalLanding(paths, replace(LandingSettings.from_env(), url=None))
    puller = series.make()
    credentials = Credentials(CONNECTIONS[series.platform], TOKENS[series.platform])
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    reports, per_account, retries = [], [], 0
    cpu, clock = time.process_time(), time.perf_counter()
    for n, account_id in enumerate(account_ids(series.platform, accounts)):
        started = time.perf_counter()
        target = Target(Account(series.platform, account_id, f"bench-{series.platform}-{n:03d}"), credentials)
        client = puller.client(target)  # an HTTP client per account, as `resonance pull` makes them
        client.sleep = sleep
        reports.append(pull_account(puller, target, paths, store=store, since=since, today=TODAY, client=client,
                                    progress=lambda line: None))  # fmt: skip
        per_account.append(time.perf_counter() - started)
        retries += len(client.waits)
    seconds, cpu_seconds = time.perf_counter() - clock, time.process_time() - cpu

    outcomes: dict[str, int] = {}
    for report in reports:
        outcomes[report.outcome] = outcomes.get(report.outcome, 0) + 1
    windows = sum(e.windows for r in reports for e in r.endpoints)
    jobs = getattr(puller, "jobs", 0)
    return {
        "accounts": accounts,
        "endpoints": [e.name for e in puller.endpoints],
        "window_days": max(e.max_days for e in puller.endpoints),
        "poll_seconds": getattr(puller, "poll_first", None),
        "seconds": seconds,
        "client_cpu_seconds": cpu_seconds,
        "per_account_seconds": seconds / accounts,
        "per_account_spread": [min(per_account), statistics.median(per_account), max(per_account)],
        "requests": sum(r.requests for r in reports),
        "rows": sum(r.rows for r in reports),
        "files": sum(r.files for r in reports),
        "bytes": sum(os.path.getsize(p) for r in reports for p in r.written),
        "windows_async": jobs,
        "windows_plain": windows - jobs,
        "job_polls": getattr(puller, "polls", 0),
        "retries": retries,
        "sleeps": len(slept),
        "slept_seconds": sum(slept),
        "outcomes": outcomes,
        "problems": [f"{r.account}: {r.message}" for r in reports if r.outcome != "ok"][:3],
    }


def measure(spec: dict) -> dict:
    """Every series at every account count of `spec` (`accounts`, `months`, `root`); the stage's figures."""
    counts, months, root = spec["accounts"], spec["months"], Path(spec["root"])
    since = first_day(months)
    runs = []
    servers: dict[str, StandInProcess] = {}
    try:
        for series in SERIES:
            server = servers.get(series.platform)
            if server is None:
                server = servers[series.platform] = StandInProcess(series.platform, max(counts))
                os.environ[URL_ENVS[series.platform]] = server.url
            one_window = 90 if series.path == ASYNC else SYNC_MAX_DAYS
            pull_accounts(series, 1, root, max(since, TODAY - timedelta(days=one_window)))  # warm-up, untimed
            for count in counts:
                before = server.cpu_seconds()
                figures = pull_accounts(series, count, root, since)
                after = server.cpu_seconds()
                used = after - before if before is not None and after is not None else None
                runs.append({"platform": series.platform, "path": series.path, **figures, "standin_cpu_seconds": used})
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return {
        "months": months,
        "since": since.isoformat(),
        "until": (TODAY - timedelta(days=1)).isoformat(),
        "account_counts": counts,
        "sync_max_days": SYNC_MAX_DAYS,
        "runs": runs,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve_until_stdin_closes(sys.argv[2], int(sys.argv[3]))
    else:
        print(json.dumps(measure(json.loads(sys.argv[1])), indent=2, default=str))
