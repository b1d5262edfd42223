"""Render `BENCHMARKS.md` from a run's `results.json`: figures, the ratios the issue asks for, its targets.

Each target is shown beside its figure with `met` or `missed` and, when missed, by how much. The note under
the table says why, from what the run measured (stage times, validation share, machine load), so the file
never claims more than the figures show. "Flat as files grow" is read as: the ten-times-larger file peaks at
no more than 1.3 times the normal file's memory. The throughput ratio is the mean over two back-to-back
pairs of the ceiling and the ingest, each pair shown with the machine's load as each stage started. "Each
DAG file imports in under a second" is judged on the file's own import, after `airflow.sdk` (which Airflow's
DAG processor has loaded before it parses any file); the table beside it shows the fresh interpreter's
total too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.bench import brands

GIB = 1024  # MiB


@dataclass(frozen=True)
class Target:
    figure: str
    value: float | None
    goal: str
    met: bool | None  # None: not measured in this run
    shortfall: str = ""

    def verdict(self) -> str:
        if self.met is None:
            return "not measured"
        return "met" if self.met else f"**missed** ({self.shortfall})"


def pair_ratios(results: dict) -> list[float]:
    """Resonance's ingest over DuckDB's ceiling for each back-to-back pair (one pair in older results)."""
    pairs = results.get("pairs") or [{"ceiling": results["ceiling"], "ingest": results["ingest"]}]
    return [
        (p["ingest"]["rows"] / p["ingest"]["seconds"]) / (p["ceiling"]["rows"] / p["ceiling"]["seconds"])
        for p in pairs
        if p["ingest"]["seconds"] and p["ceiling"]["seconds"]
    ]


def ratios(results: dict) -> dict[str, float | None]:
    ingest = results["ingest"]
    rows = ingest["rows"]
    throughput = rows / ingest["seconds"] if ingest["seconds"] else None
    ceiling = results["ceiling"]["rows"] / results["ceiling"]["seconds"]
    pairs = pair_ratios(results)
    peer = results.get("peer")
    peer_throughput = peer["rows"] / peer["seconds"] if peer else None
    dag_worst = max((d["dag_file_seconds"] for d in results["dag_imports"].values()), default=None)
    return {
        "ingest_rows_per_second": throughput,
        "ceiling_rows_per_second": ceiling,
        "peer_rows_per_second": peer_throughput,
        # the mean over the back-to-back pairs: the machine's state moves between runs (see the pairs table)
        "ingest_over_ceiling": sum(pairs) / len(pairs) if pairs else None,
        "ingest_over_peer": throughput / peer_throughput if throughput and peer_throughput else None,
        "incremental_over_full": results["dbt_incremental"]["seconds"] / results["dbt_full"]["seconds"],
        "validation_share": ingest["validation_seconds"] / ingest["seconds"] if ingest["seconds"] else None,
        "memory_growth": results["memory"]["ten_times"]["max_rss_mib"] / results["memory"]["normal"]["max_rss_mib"],
        "dag_import_worst_seconds": dag_worst,
        "airflow_latency_p50": ((results.get("airflow_latency") or {}).get("total") or {}).get("p50"),
    }


def targets(results: dict) -> list[Target]:
    r = ratios(results)
    peak = results["ingest"]["max_rss_mib"]

    def at_least(name: str, value: float | None, goal: float, unit: str = "x") -> Target:
        if value is None:
            return Target(name, None, f">= {goal:g}{unit}", None)
        return Target(name, value, f">= {goal:g}{unit}", value >= goal, f"{value / goal:.1%} of the target")

    def at_most(name: str, value: float | None, goal: float, shown: str) -> Target:
        if value is None:
            return Target(name, None, f"<= {shown}", None)
        return Target(name, value, f"<= {shown}", value <= goal, f"{value / goal:.1f} times the limit")

    return [
        at_least("ingest / ceiling throughput", r["ingest_over_ceiling"], 0.5),
        at_least("ingest / peer throughput", r["ingest_over_peer"], 5),
        at_most("landing -> serving through Airflow, p50 (s)", r["airflow_latency_p50"], 10.0, "10 s"),
        at_most("peak ingest memory (MiB)", peak, 2 * GIB, "2 GiB"),
        at_most("memory, 10x file / normal file", r["memory_growth"], 1.3, "1.3x (flat)"),
        at_most("incremental / full dbt build", r["incremental_over_full"], 0.15, "15%"),
        at_most("validation share of ingest", r["validation_share"], 0.25, "25%"),
        at_most("slowest DAG file import, after airflow.sdk (s)", r["dag_import_worst_seconds"], 1.0, "1 s"),
    ]


def _nodes(stage: dict) -> str:
    """`, 468 nodes`: how many nodes (models, seeds, tests) the build ran, as dbt reported them."""
    return f", {stage['nodes']:,} nodes" if stage.get("nodes") is not None else ""


def _n(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _shown(target: Target) -> str:
    if target.value is None:
        return "n/a"
    if "share" in target.figure or "incremental" in target.figure:
        return f"{target.value:.1%}"
    if "MiB" in target.figure:
        return f"{target.value:,.0f}"
    return f"{target.value:.2f}"


AIRFLOW_STAGES = {
    "detection": "detection: drop -> the watcher's landing asset event",
    "queueing": "queueing: landing event -> ingest task, ingest -> dbt producer, producer -> publish",
    "ingest": "ingest: `load_new_exports`",
    "dbt": "dbt: `dbt_producer_watcher` (changed-only build)",
    "publish": "publish: `publish_marts`",
    "total": "**total: drop -> serving shows the rows**",
}


def pair_lines(results: dict) -> list[str]:
    """The ceiling and Resonance run back to back, twice: each pair's throughputs, ratio and the machine's load
    (1-minute average) as each stage started, so a busy machine shows in the figure it bent."""
    pairs = results.get("pairs")
    if not pairs:
        return []
    lines = [
        "The ceiling and Resonance's ingest back to back, twice (the headline ratio is their mean):",
        "",
        "| pair | ceiling rows/s | load at start | ingest rows/s | load at start | ingest / ceiling |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for number, (pair, ratio) in enumerate(zip(pairs, pair_ratios(results), strict=True), start=1):
        ceiling, ingest = pair["ceiling"], pair["ingest"]
        lines.append(
            f"| {number} | {_n(ceiling['rows'] / ceiling['seconds'])} | {_n(ceiling.get('load_at_start'), 2)} | "
            f"{_n(ingest['rows'] / ingest['seconds'])} | {_n(ingest.get('load_at_start'), 2)} | {_n(ratio, 3)} |"
        )
    return [*lines, ""]


def airflow_latency_lines(figures: dict | None) -> list[str]:
    """The latency through a running Airflow, per stage: p50, p95 and each drop (nothing for older results)."""
    if not figures:
        return []
    drops = figures["drops"]
    header = " | ".join(f"drop {i}" for i in range(1, len(drops) + 1))
    posts = ", ".join(f"{d['rows_in_serving']:,}" for d in drops)
    return [
        f"Landing to serving through a running Airflow (`airflow standalone` on the same root, watcher polling "
        f"every {figures['poll_seconds']:g} s): {len(drops)} small X exports of new accounts "
        f"({posts} posts) dropped one after another, each once "
        "serving showed the previous one; stages from Airflow's REST API (asset events, task instances), total "
        "from the wall clock. Seconds:",
        "",
        f"| stage | p50 | p95 | {header} |",
        "|---|---:|---:|" + "---:|" * len(drops),
        *(
            f"| {label} | {_n(figures[stage]['p50'], 1)} | {_n(figures[stage]['p95'], 1)} | "
            + " | ".join(_n(d["seconds"][stage], 1) for d in drops)
            + " |"
            for stage, label in AIRFLOW_STAGES.items()
        ),
        "",
        *(
            f"Drop {i} did not reach serving: its transform run failed (failed tasks: "
            f"{', '.join(f'`{t}`' for t in d['failed_tasks']) or 'none'}), so it has no publish or total, and "
            "the percentiles of those are over the drops that did.\n"
            for i, d in enumerate(drops, start=1)
            if d.get("outcome", "served") != "served"
        ),
    ]


PULL_PLATFORMS = {"meta_ads": "Meta ads", "tiktok_ads": "TikTok ads"}


def _per(count: float, seconds: float) -> float | None:
    return count / seconds if seconds else None


def pull_lines(figures: dict | None) -> list[str]:
    """The pulls from the API stand-ins: per series and account count, and how the time grows with accounts
    (nothing for results from before the stage)."""
    if not figures:
        return []
    runs = figures["runs"]
    series: dict[tuple[str, str], list[dict]] = {}
    for run in runs:
        series.setdefault((run["platform"], run["path"]), []).append(run)
    counts = ", ".join(str(n) for n in figures["account_counts"])
    months = f"{figures['months']} month{'s' if figures['months'] != 1 else ''}"
    lines = [
        f"Pulls from the platforms' APIs: {months} of daily campaign insights per account "
        f"({figures['since']} to {figures['until']}) for {counts} accounts, pulled one after another through "
        "`pull_account` (as `resonance pull` does) into a throwaway root, from local stand-ins served by uvicorn in "
        "a process of their own on 127.0.0.1 and not throttling. Seconds are wall time around the pulls alone "
        "(each series after an untimed warm-up pull of one account and one window); client CPU is the pulling "
        "process's, stand-in CPU the stand-in process's over the same span. The whole stage, stand-in start-ups "
        f"and warm-ups included, took {_n(figures.get('seconds'), 1)} s and peaked at "
        f"{_n(figures.get('max_rss_mib'))} MiB.",
        "",
        "| series | accounts | seconds | s per account | vs fewest accounts | requests | requests/s | rows landed "
        "| rows/s | files | MiB landed | client CPU (s) | stand-in CPU (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (platform, path), group in series.items():
        first = group[0]
        label = f"{PULL_PLATFORMS.get(platform, platform)}, {path} ({first['window_days']}-day windows)"
        for run in group:
            cells = (
                label,
                f"{run['accounts']:,}",
                _n(run["seconds"], 2),
                _n(run["per_account_seconds"], 3),
                f"{_n(_ratio(run['per_account_seconds'], first['per_account_seconds']), 2)}x",
                f"{run['requests']:,}",
                _n(_per(run["requests"], run["seconds"])),
                f"{run['rows']:,}",
                _n(_per(run["rows"], run["seconds"])),
                f"{run['files']:,}",
                _n(run["bytes"] / 2**20, 1),
                _n(run["client_cpu_seconds"], 2),
                _n(run.get("standin_cpu_seconds"), 2),
            )
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for (platform, path), group in series.items():
        last = group[-1]
        polls = (
            f", {last['job_polls']:,} job polls ({last['job_polls'] / last['windows_async']:.1f} per run, poll "
            f"interval {last['poll_seconds']:g} s)"
            if last["windows_async"]
            else ""
        )
        lines.append(
            f"- {PULL_PLATFORMS.get(platform, platform)}, {path}, at {last['accounts']:,} accounts: "
            f"{last['windows_async']:,} windows read as async report runs{polls} and {last['windows_plain']:,} by "
            f"plain paging (endpoints {', '.join(f'`{e}`' for e in last['endpoints'])}); {last['retries']} retries, "
            f"{last['sleeps']} sleeps ({_n(last['slept_seconds'], 2)} s slept); per-account time "
            + ", ".join(f"{_n(r['per_account_seconds'], 3)} s at {r['accounts']:,}" for r in group)
            + (
                ", outcomes " + ", ".join(f"{r['accounts']}: {r['outcomes']}" for r in group)
                if any(r["outcomes"] != {"ok": r["accounts"]} for r in group)
                else ""
            )
            + "."
        )
    return [*lines, ""]


def _ratio(value: float | None, base: float | None) -> float | None:
    return value / base if value is not None and base else None


def render(results: dict, note: str = "") -> str:
    r = ratios(results)
    m = results["machine"]
    v = results["volume"]
    ingest, ceiling, peer = results["ingest"], results["ceiling"], results.get("peer")
    lat = results["latency"]
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`python -m ingest.bench`) on {results['started_at'][:10]}; the figures come "
        "from `results.json` of that run. Re-run to refresh; never edit by hand.",
        "",
        "## Targets",
        "",
        "| figure | measured | target | verdict |",
        "|---|---:|---|---|",
        *(f"| {t.figure} | {_shown(t)} | {t.goal} | {t.verdict()} |" for t in targets(results)),
        "",
        "## Figures",
        "",
        f"Volume: {sum(v['rows_by_type'].values()):,} post-day rows in {v['files']:,} files, "
        f"{v['bytes'] / 2**30:.2f} GiB (" + ", ".join(f"{k} {n:,}" for k, n in v["rows_by_type"].items()) + ").",
        "",
        "| stage | rows | seconds | rows/s | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|",
        f"| ceiling: DuckDB `read_csv` into tables | {ceiling['rows']:,} | {_n(ceiling['seconds'], 1)} | "
        f"{_n(r['ceiling_rows_per_second'])} | {_n(ceiling['max_rss_mib'])} |",
        f"| Resonance ingest (detect, parse, validate, MERGE) | {ingest['rows']:,} | {_n(ingest['seconds'], 1)} | "
        f"{_n(r['ingest_rows_per_second'])} | {_n(ingest['max_rss_mib'])} |",
    ]
    if peer:
        lines.append(
            f"| peer: dlt {peer.get('dlt_version', '')} filesystem + `read_csv` -> DuckDB"
            + (f" (every {peer['every_nth_file']}th file of each type)" if peer.get("every_nth_file", 1) > 1 else "")
            + f" | {peer['rows']:,} | "
            f"{_n(peer['seconds'], 1)} | {_n(r['peer_rows_per_second'])} | {_n(peer['max_rss_mib'])} |"
        )
    one_day = results["ingest_one_day"]
    lines += [
        f"| ingest of one more day | {one_day['rows']:,} | {_n(one_day['seconds'], 1)} | "
        f"{_n(one_day['rows'] / one_day['seconds'] if one_day['seconds'] else None)} | {_n(one_day['max_rss_mib'])} |",
        f"| dbt build, full{_nodes(results['dbt_full'])} | | {_n(results['dbt_full']['seconds'], 1)} | | "
        f"{_n(results['dbt_full']['max_rss_mib'])} |",
        f"| dbt build, incremental (after one more day){_nodes(results['dbt_incremental'])} | | "
        f"{_n(results['dbt_incremental']['seconds'], 1)} | | {_n(results['dbt_incremental']['max_rss_mib'])} |",
        "",
        *pair_lines(results),
        "| ratio | value |",
        "|---|---:|",
        f"| ingest / ceiling throughput (mean of the pairs) | {_n(r['ingest_over_ceiling'], 3)} |",
        f"| ingest / peer throughput | {_n(r['ingest_over_peer'], 2)} |",
        f"| incremental / full dbt build | {r['incremental_over_full']:.1%} |",
        f"| validation share of ingest | {r['validation_share']:.1%} "
        f"({_n(ingest['validation_seconds'], 1)} s; {ingest['batches_validated_by_gx']} of "
        f"{ingest['validation_batches']} batches needed GX) |",
        "",
        "Memory (one `channel_basic_a3` report ingested alone, in a fresh process):",
        "",
        "| file | bytes | rows | peak RSS (MiB) |",
        "|---|---:|---:|---:|",
        *(
            f"| {label.replace('_', ' ')} | {f['file_bytes']:,} | {f['rows']:,} | {_n(f['max_rss_mib'])} |"
            for label, f in results["memory"].items()
        ),
        "",
        f"Landing to serving (in-process: ingest, `dbt build`, publish) for one X export of "
        f"{lat['file_rows']:,} rows: **{_n(lat['seconds'], 1)} s** (ingest {_n(lat['ingest_seconds'], 1)} s, "
        f"dbt {_n(lat['dbt_seconds'], 1)} s, publish {_n(lat['publish_seconds'], 1)} s); serving shows "
        f"{lat['rows_in_serving']:,} rows of the new snapshot day.",
        "",
        *airflow_latency_lines(results.get("airflow_latency")),
        *brands.report_lines(results.get("brands")),
        "DAG files, imported in a fresh interpreter with Python's bytecode cache warm (as a dag-processor that "
        "parsed the file before has it; the cold first import, which compiles every module, is shown apart):",
        "",
        "| DAG file | `airflow.sdk` import (s) | the file itself (s) | total (s) | cold first import (s) |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| `dags/{name}` | {d['airflow_sdk_seconds']:.2f} | {d['dag_file_seconds']:.2f} | "
            f"{d['airflow_sdk_seconds'] + d['dag_file_seconds']:.2f} | {_n(d.get('cold_seconds'), 2)} |"
            for name, d in results["dag_imports"].items()
        ),
        "",
        *pull_lines(results.get("pull")),
        "## Machine",
        "",
        f"{m['cpus']} CPUs ({m['cpu_model']}), {m['ram_gib']} GiB RAM, {m['os']}; Python {m['python']}, "
        f"DuckDB {m['duckdb']}, Airflow {m['apache-airflow']}, dbt-core {m['dbt-core']} (dbt-duckdb "
        f"{m['dbt-duckdb']}), Great Expectations {m['great-expectations']}, pyarrow {m['pyarrow']}, "
        f"dlt {m.get('dlt')}. Load average {m['load_average_at_start']} at the start, "
        f"{m.get('load_average_at_end')} at the end (the machine is shared); whole run "
        f"{_n(results.get('total_seconds'), 0)} s.",
    ]
    if note.strip():
        lines += ["", "## Notes", "", note.strip()]
    return "\n".join(lines) + "\n"
