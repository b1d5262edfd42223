"""The pull stage at smoke size: every account pulled whole over loopback from a stand-in in its own process,
by the path each series names, with nothing slept, and the report shows the run's own figures."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from test_report import RESULTS

from ingest.bench.__main__ import SMOKE_PULL, pull_problems
from ingest.bench.pull import ASYNC, PAGING, TODAY, account_ids, first_day, standin
from ingest.bench.report import render
from ingest.bench.run import run_stage

ACCOUNTS = list(SMOKE_PULL["pull_accounts"])
MONTHS = SMOKE_PULL["pull_months"]
YESTERDAY = date.fromordinal(TODAY.toordinal() - 1)


@pytest.fixture(scope="module")
def pulled(tmp_path_factory) -> dict:
    """The stage as `make bench-smoke` runs it: a child process, its figures back as JSON."""
    out = tmp_path_factory.mktemp("bench")
    spec = {"accounts": ACCOUNTS, "months": MONTHS, "root": str(out / "pull")}
    figures = run_stage("pull", spec, out / "stages")
    assert not (out / "pull").exists()  # the throwaway root is gone
    return figures


def served_rows(platform: str, accounts: int) -> int:
    """What the stand-in serves for the first `accounts` accounts over the pulled days (computed here, apart
    from the stage's own count)."""
    api, since = standin(platform, accounts), first_day(MONTHS)
    ids = account_ids(platform, accounts)
    if platform == "meta_ads":
        return sum(len(api.ad_items(a, since, YESTERDAY, ["spend"])) for a in ids)
    return sum(len(api.items(a, level, since, YESTERDAY)) for a in ids for level in ("AUCTION_AD", "AUCTION_CAMPAIGN"))


def test_every_series_pulls_every_account_whole_with_nothing_slept(pulled):
    runs = pulled["runs"]
    assert [(r["platform"], r["path"], r["accounts"]) for r in runs] == [
        (platform, path, n)
        for platform, path in (("meta_ads", ASYNC), ("meta_ads", PAGING), ("tiktok_ads", PAGING))
        for n in ACCOUNTS
    ]
    for run in runs:
        assert run["outcomes"] == {"ok": run["accounts"]}, run["problems"]
        assert run["rows"] == served_rows(run["platform"], run["accounts"]) > 0
        assert run["retries"] == 0 and run["slept_seconds"] == 0
    assert pull_problems(pulled) == []


def test_the_async_series_reads_report_runs_and_the_paging_series_never_starts_one(pulled):
    by_path = {(r["platform"], r["path"], r["accounts"]): r for r in pulled["runs"]}
    n = ACCOUNTS[-1]
    asynchronous, paging = by_path["meta_ads", ASYNC, n], by_path["meta_ads", PAGING, n]
    # one month is one 90-day-or-less window per account: a report run, polled 3 times at 0 s, one results page
    assert asynchronous["windows_async"] == n and asynchronous["windows_plain"] == 0
    assert asynchronous["job_polls"] == 3 * n and asynchronous["poll_seconds"] == 0
    assert asynchronous["requests"] == 5 * n  # POST, 3 polls, 1 page
    # 30 days in 7-day windows: 5 synchronous GETs per account, each one page and one file
    assert paging["windows_async"] == 0 and paging["windows_plain"] == 5 * n
    assert paging["requests"] == paging["files"] == 5 * n


def test_figures_are_sane_and_per_account_time_is_the_wall_time_shared_out(pulled):
    for run in pulled["runs"]:
        assert run["seconds"] > 0 and run["client_cpu_seconds"] > 0 and run["bytes"] > 0
        assert run["per_account_seconds"] == pytest.approx(run["seconds"] / run["accounts"])
        low, median, high = run["per_account_spread"]
        assert 0 < low <= median <= high <= run["seconds"]
        assert run["standin_cpu_seconds"] is not None and run["standin_cpu_seconds"] >= 0


def test_the_report_shows_the_pulls_from_this_run(pulled):
    text = render(RESULTS | {"pull": pulled})
    meta = next(r for r in pulled["runs"] if r["path"] == ASYNC and r["accounts"] == ACCOUNTS[-1])

    assert f"{MONTHS} month of daily campaign insights per account ({first_day(MONTHS)} to {YESTERDAY})" in text
    row = next(line for line in text.splitlines() if line.startswith(f"| Meta ads, {ASYNC} (90-day windows) | 2 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[5] == f"{meta['requests']:,}" and cells[7] == f"{meta['rows']:,}" and cells[9] == str(meta["files"])
    assert float(cells[2]) == pytest.approx(meta["seconds"], abs=0.01)
    assert float(cells[6].replace(",", "")) == pytest.approx(meta["requests"] / meta["seconds"], abs=1)
    assert float(cells[8].replace(",", "")) == pytest.approx(meta["rows"] / meta["seconds"], abs=1)
    assert f"{meta['job_polls']} job polls (3.0 per run, poll interval 0 s)" in text
    assert text.index("DAG files, imported") < text.index("Pulls from the platforms' APIs") < text.index("## Machine")


def test_results_from_before_the_pull_stage_still_render():
    assert "Pulls from the platforms' APIs" not in render(copy.deepcopy(RESULTS))
