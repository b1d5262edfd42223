"""`resonance pull` as a user runs it: connections from `AIRFLOW_CONN_*`, the platform's URL from
`RESONANCE_*_API_URL`, a line per account on stdout, then `resonance sweep` loads what it landed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from ingest.config import PROJECT_DIR, Paths
from ingest.samples.apis import serve
from ingest.samples.apis.tiktok import TikTokStandIn
from ingest.samples.tiktok import TIKTOK_ADVERTISER_ID

LANDING = "northwind-tiktok-ads"


def resonance(home: Paths, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest.cli", "--home", str(home.root), *args],
        cwd=PROJECT_DIR, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def connection(token: str, *advertisers: tuple[str, str]) -> str:
    accounts = [{"id": advertiser, "landing": landing} for advertiser, landing in advertisers]
    return json.dumps({"conn_type": "http", "password": token, "extra": {"accounts": {"tiktok_ads": accounts}}})


@pytest.fixture
def api():
    standin = TikTokStandIn(first_day=date(2026, 11, 1))
    standin.revoked.add("revoked-token")
    with serve(standin) as served:
        yield served


def raw_spend(home: Paths) -> tuple[int, Decimal]:
    with duckdb.connect(str(home.writer_db), read_only=True) as con:
        query = "select count(*), sum(spend) from raw.tiktok_ads__report where data_level = 'AUCTION_AD'"
        return con.execute(query).fetchone()


def test_pull_then_sweep_loads_what_the_api_served_and_a_second_round_changes_nothing(api, tmp_path) -> None:
    home = Paths(tmp_path / "home")
    env = {
        "RESONANCE_TIKTOK_API_URL": api.url,
        "AIRFLOW_CONN_RESONANCE_TIKTOK": connection("tiktok-demo-token", (TIKTOK_ADVERTISER_ID, LANDING)),
    }
    served = api.standin.items(TIKTOK_ADVERTISER_ID, "AUCTION_AD", date(2026, 11, 1), date(2026, 11, 30))
    expected = (len(served), sum((Decimal(i["metrics"]["spend"]) for i in served), Decimal(0)))
    for attempt in range(2):
        pulled = resonance(home, "pull", "tiktok_ads", "--since", "2026-11-01", "--until", "2026-11-30", env=env)
        assert pulled.returncode == 0, pulled.stderr
        (line,) = pulled.stdout.splitlines()
        assert line.split()[:3] == ["ok", "tiktok_ads", TIKTOK_ADVERTISER_ID], line
        assert "backfilled" not in pulled.stderr  # --since: not a backfill
        swept = resonance(home, "sweep", env=env)
        assert swept.returncode == 0, swept.stderr
        assert raw_spend(home) == expected, attempt


def test_a_revoked_token_exits_8_naming_the_account_while_the_others_are_pulled(api, tmp_path) -> None:
    home = Paths(tmp_path / "home")
    env = {
        "RESONANCE_TIKTOK_API_URL": api.url,
        "AIRFLOW_CONN_RESONANCE_TIKTOK": connection("revoked-token", (TIKTOK_ADVERTISER_ID, LANDING)),
    }
    pulled = resonance(home, "pull", "--since", "2026-11-01", "--until", "2026-11-02", env=env)
    assert pulled.returncode == 8, pulled.stderr
    assert pulled.stdout.startswith("failed") and "resonance_tiktok" in pulled.stdout
    assert "revoked-token" not in pulled.stdout + pulled.stderr


def test_without_a_connection_the_command_says_which_one_to_create(tmp_path) -> None:
    pulled = resonance(Paths(tmp_path / "home"), "pull", "tiktok_ads", env={"AIRFLOW_CONN_RESONANCE_TIKTOK": ""})
    assert pulled.returncode == 2
    assert "AIRFLOW_CONN_RESONANCE_TIKTOK" in pulled.stderr and "Traceback" not in pulled.stderr


def test_status_shows_each_accounts_last_pull_its_cursors_and_a_token_about_to_expire(api, tmp_path) -> None:
    from datetime import UTC, datetime, timedelta

    home = Paths(tmp_path / "home")
    soon = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    document = json.loads(connection("tiktok-demo-token", (TIKTOK_ADVERTISER_ID, LANDING)))
    document["extra"]["token_expires_at"] = soon
    env = {"RESONANCE_TIKTOK_API_URL": api.url, "AIRFLOW_CONN_RESONANCE_TIKTOK": json.dumps(document)}
    assert resonance(home, "pull", "--since", "2026-11-01", "--until", "2026-11-03", env=env).returncode == 0
    status = resonance(home, "status", "--json", env=env)
    (account,) = json.loads(status.stdout)["pulls"]
    assert account["platform"] == "tiktok_ads" and account["last_pull"]["outcome"] == "ok"
    assert account["cursors"] == {"report_ad": "2026-11-03", "report_campaign": "2026-11-03"}
    assert account["token_expires_soon"] is True
    text = resonance(home, "status", env=env).stdout
    assert "report_ad 2026-11-03" in text and "its token expires" in text and "tiktok-demo-token" not in text
