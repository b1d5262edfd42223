"""What the pull tests share: run one account's pull the way `resonance pull` does, but with a client
whose waits are recorded instead of slept (`pulled.client.waits`), so a test of a throttle takes
milliseconds and still proves which wait the client chose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.config import Paths
from ingest.pull.accounts import Account, Credentials, Target
from ingest.pull.client import ApiClient
from ingest.pull.run import AccountReport, Puller, pull_account


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
