"""Pull tests: each platform's puller against its local stand-in, served over HTTP on 127.0.0.1.

`pull_with(...)` runs one account's pull the way `resonance pull` does, but with a client whose waits are
recorded instead of slept (`report.client.waits`), so a test of a throttle takes milliseconds and still
proves which wait the client chose.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from ingest.config import Paths
from ingest.pull.accounts import Account, Credentials, Target
from ingest.pull.client import ApiClient
from ingest.pull.run import AccountReport, Puller, pull_account
from ingest.samples.apis import Served, StandIn, serve


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "home").ensure()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """`served(standin, "RESONANCE_X_API_URL")`: serve a stand-in and point the puller's base URL at it."""
    stack = []

    def start(standin: StandIn, url_env: str, prefix: str = "") -> Served:
        context = serve(standin, prefix=prefix)
        api = context.__enter__()
        stack.append(context)
        monkeypatch.setenv(url_env, api.url)
        return api

    yield start
    for context in reversed(stack):
        context.__exit__(None, None, None)


@dataclass
class Pulled:
    report: AccountReport
    client: ApiClient


def target(platform: str, account_id: str, landing: str, token: str, conn_id: str, **extra: object) -> Target:
    return Target(Account(platform, account_id, landing), Credentials(conn_id, token, extra=extra))


def pull_with(puller: Puller, tgt: Target, paths: Paths, *, today: date, **options: object) -> Pulled:
    """One account's pull; the client records its waits instead of sleeping them."""
    client = puller.client(tgt)
    client.sleep = lambda seconds: None
    report = pull_account(puller, tgt, paths, today=today, client=client, progress=lambda line: None, **options)
    return Pulled(report, client)


def landed(paths: Paths, account: str) -> list[Path]:
    """The complete files a pull wrote for `account` (no temp files, no markers), in name order."""
    return sorted(p for p in (paths.landing / account).rglob("*") if p.is_file() and p.suffix in {".json", ".csv"})
