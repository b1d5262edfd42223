"""`python -m ingest.bench`: run the benchmark and write `results.json` and `BENCHMARKS.md`.

`make bench` runs the default volume (about ten million post-day rows), pulls 12 months of ad insights for 1,
10 and 50 accounts from the API stand-ins, and writes `BENCHMARKS.md` at the repository root; `make bench-smoke`
runs the same stages on a tiny volume (and 1 month for 1 and 2 accounts) and writes the report beside its
results (it checks that every stage ran and the report was produced, not the targets). `--render` redraws the
report from an existing `results.json` (with the notes in `ingest/bench/notes.md`) without re-running.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.config import PROJECT_DIR, Paths

DEFAULT_ROWS = 10_000_000
SMOKE_ROWS = 20_000
DROPS, SMOKE_DROPS = 5, 2  # exports dropped one after another into a running Airflow
PULL = {"pull_accounts": (1, 10, 50), "pull_months": 12}  # accounts pulled, months of daily insights each
SMOKE_PULL = {"pull_accounts": (1, 2), "pull_months": 1}
BRANDS, SMOKE_BRANDS = (4, 500_000), (2, 5_000)  # brands, post-day rows each, loaded on 1 then 2 Celery workers
NOTES = Path(__file__).with_name("notes.md")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help=f"post-day rows to generate (default {DEFAULT_ROWS:,})")
    parser.add_argument("--out", type=Path, default=None, help="working folder (default $RESONANCE_HOME/bench)")
    parser.add_argument("--report", type=Path, default=None, help="where BENCHMARKS.md goes")
    parser.add_argument("--smoke", action="store_true", help=f"{SMOKE_ROWS:,} rows; report beside the results")
    parser.add_argument("--no-peer", action="store_true", help="skip the dlt stage (dlt not installed)")
    parser.add_argument("--render", action="store_true", help="only redraw the report from results.json")
    args = parser.parse_args(argv)

    from ingest.bench.report import render

    out = args.out or Paths.from_env().root / ("bench-smoke" if args.smoke else "bench")
    report = args.report or (out / "BENCHMARKS.md" if args.smoke else PROJECT_DIR / "BENCHMARKS.md")
    note = NOTES.read_text() if NOTES.exists() and not args.smoke else ""
    if args.render:
        results = json.loads((out / "results.json").read_text())
    else:
        from ingest.bench.run import run

        rows = args.rows or (SMOKE_ROWS if args.smoke else DEFAULT_ROWS)
        results = run(
            rows,
            out,
            peer=not args.no_peer,
            airflow_drops=SMOKE_DROPS if args.smoke else DROPS,
            brands=SMOKE_BRANDS if args.smoke else BRANDS,
            **(SMOKE_PULL if args.smoke else PULL),
        )
    report.write_text(render(results, note))
    print(f"results: {out / 'results.json'}\nreport:  {report}")
    if args.smoke:
        return smoke_check(results, report)
    return 0


def smoke_check(results: dict, report: Path) -> int:
    """The smoke run must load every generated row in every stage and produce the report (targets aside)."""
    expected = sum(results["volume"]["rows_by_type"].values())
    problems = []
    for stage in ("ceiling", "ingest", "peer"):
        if stage in results and results[stage]["rows"] < expected:
            problems.append(f"{stage} loaded {results[stage]['rows']:,} of {expected:,} rows")
    if results["ingest"]["statuses"] != {"loaded": results["volume"]["files"]}:
        problems.append(f"ingest statuses {results['ingest']['statuses']}: {results['ingest']['rejected_reasons']}")
    for build in ("dbt_full", "dbt_incremental"):
        if not results[build]["success"]:
            problems.append(f"{build} failed: {results[build]['failed']}")
    if not results["latency"]["rows_in_serving"]:
        problems.append("the small export never reached serving.duckdb")
    # Each drop through Airflow ends served or with its failed transform run recorded (the stage fails on neither);
    # a failed run is a finding the report shows, not a broken benchmark.
    if not results["airflow_latency"]["drops"]:
        problems.append("no export was dropped into the running Airflow")
    for drop in results["airflow_latency"]["drops"]:
        if drop["outcome"] != "served":
            print(f"bench-smoke: note: {drop['file']}: {drop['outcome']} ({drop['failed_tasks']})", file=sys.stderr)
    problems += pull_problems(results.get("pull"))
    brand_runs = (results.get("brands") or {}).get("runs", [])
    if "skipped" not in (results.get("brands") or {}) and len(brand_runs) != 2:
        problems.append(f"the many-brands stage ran {len(brand_runs)} of its 2 runs")
    if "## Targets" not in report.read_text():
        problems.append(f"{report} has no targets table")
    for problem in problems:
        print(f"bench-smoke: {problem}", file=sys.stderr)
    return 1 if problems else 0


def pull_problems(figures: dict | None) -> list[str]:
    """Every pull must have pulled each account whole, without a retry or a sleep (the stand-ins do not throttle
    and the job poll interval is 0 s: a wait would be billed as work)."""
    if not figures or not figures["runs"]:
        return ["the pull stage measured nothing"]
    problems = []
    for run in figures["runs"]:
        name = f"pull {run['platform']} ({run['path']}, {run['accounts']} accounts)"
        if run["outcomes"] != {"ok": run["accounts"]}:
            problems.append(f"{name}: outcomes {run['outcomes']}: {run['problems']}")
        if not run["rows"] or not run["files"] or not run["requests"]:
            problems.append(f"{name}: {run['rows']} rows in {run['files']} files from {run['requests']} requests")
        if run["retries"] or run["slept_seconds"]:
            problems.append(f"{name}: {run['retries']} retries, {run['slept_seconds']:.2f} s slept")
    return problems


if __name__ == "__main__":
    sys.exit(main())
