"""BENCHMARKS.md: every target beside its figure, met or missed by how much, and the machine it ran on."""

from __future__ import annotations

import copy

from ingest.bench.report import render, targets

RESULTS = {
    "started_at": "2026-11-24T03:00:00+00:00",
    "machine": {
        "cpus": 2, "cpu_model": "AMD EPYC", "ram_gib": 23.5, "os": "Linux 6", "python": "3.11.7",
        "duckdb": "2.0.0", "apache-airflow": "3.3.2", "dbt-core": "1.11.16", "dbt-duckdb": "1.11.1",
        "great-expectations": "1.24.1", "pyarrow": "26.0.1", "dlt": "1.31.0",
        "load_average_at_start": [5.0, 5.0, 5.0], "load_average_at_end": [4.0, 4.0, 4.0],
    },
    "volume": {"files": 10, "bytes": 2**30, "rows_by_type": {"youtube_channel_basic": 1000}},
    "ceiling": {"rows": 1000, "seconds": 1.0, "max_rss_mib": 100},
    "ingest": {
        "rows": 1000, "seconds": 4.0, "max_rss_mib": 300, "validation_seconds": 0.5, "validation_batches": 4,
        "batches_validated_by_gx": 1, "statuses": {"loaded": 10},
    },
    "peer": {"rows": 1000, "seconds": 8.0, "max_rss_mib": 900, "dlt_version": "1.31.0"},
    "ingest_one_day": {"rows": 100, "seconds": 1.0, "max_rss_mib": 200},
    "dbt_full": {"seconds": 100.0, "max_rss_mib": 250, "success": True},
    "dbt_incremental": {"seconds": 10.0, "max_rss_mib": 250, "success": True},
    "memory": {
        "normal": {"file_bytes": 1000, "rows": 10, "max_rss_mib": 200},
        "ten_times": {"file_bytes": 10000, "rows": 100, "max_rss_mib": 220},
    },
    "latency": {"seconds": 30.0, "ingest_seconds": 1, "dbt_seconds": 28, "publish_seconds": 1, "file_rows": 50,
                "rows_in_serving": 50},
    "dag_imports": {"resonance_ingest.py": {"airflow_sdk_seconds": 3.0, "dag_file_seconds": 0.2}},
    "total_seconds": 300,
}  # fmt: skip


def test_ratios_against_ceiling_and_peer_decide_the_throughput_targets():
    verdicts = {t.figure: t for t in targets(RESULTS)}

    assert verdicts["ingest / ceiling throughput"].value == 0.25
    assert verdicts["ingest / ceiling throughput"].met is False
    assert verdicts["ingest / ceiling throughput"].verdict() == "**missed** (50.0% of the target)"
    assert verdicts["ingest / peer throughput"].value == 2.0
    assert verdicts["ingest / peer throughput"].met is False


def test_limits_met_are_marked_met_and_limits_broken_say_by_how_much():
    results = copy.deepcopy(RESULTS)
    results["ingest"]["max_rss_mib"] = 3 * 1024
    verdicts = {t.figure: t for t in targets(results)}

    assert verdicts["incremental / full dbt build"].verdict() == "met"
    assert verdicts["validation share of ingest"].value == 0.125
    assert verdicts["peak ingest memory (MiB)"].verdict() == "**missed** (1.5 times the limit)"
    assert verdicts["memory, 10x file / normal file"].met is True


def test_a_run_without_the_peer_leaves_its_target_unmeasured():
    results = copy.deepcopy(RESULTS)
    del results["peer"]

    verdict = {t.figure: t for t in targets(results)}["ingest / peer throughput"]
    assert verdict.met is None
    assert "| ingest / peer throughput | n/a |" in render(results)


def test_the_report_holds_figures_machine_facts_date_and_notes():
    text = render(RESULTS, note="Ingest is bound by Python cell parsing.")

    assert "on 2026-11-24" in text
    assert "| Resonance ingest (detect, parse, validate, MERGE) | 1,000 | 4.0 | 250 | 300 |" in text
    assert "| validation share of ingest | 12.5% (0.5 s; 1 of 4 batches needed GX) |" in text
    assert "2 CPUs (AMD EPYC), 23.5 GiB RAM" in text and "DuckDB 2.0.0" in text and "dlt 1.31.0" in text
    assert "| `dags/resonance_ingest.py` | 3.00 | 0.20 | 3.20 |" in text
    assert text.rstrip().endswith("Ingest is bound by Python cell parsing.")


AIRFLOW = {
    "poll_seconds": 5.0,
    "startup_seconds": 80.0,
    "drops": [
        {"rows_in_serving": 182, "seconds": {"detection": 3.0, "queueing": 7.0, "ingest": 2.0, "dbt": 30.0,
                                             "publish": 1.5, "total": 44.0}},
        {"rows_in_serving": 190, "seconds": {"detection": None, "queueing": 9.0, "ingest": 2.5, "dbt": 40.0,
                                             "publish": 2.5, "total": 56.0}},
    ],
    "detection": {"p50": 3.0, "p95": 3.0},
    "queueing": {"p50": 8.0, "p95": 8.9},
    "ingest": {"p50": 2.25, "p95": 2.475},
    "dbt": {"p50": 35.0, "p95": 39.5},
    "publish": {"p50": 2.0, "p95": 2.45},
    "total": {"p50": 50.0, "p95": 55.4},
}  # fmt: skip


def test_the_latency_through_airflow_shows_p50_p95_and_each_drop_per_stage():
    text = render(RESULTS | {"airflow_latency": AIRFLOW})

    assert "| stage | p50 | p95 | drop 1 | drop 2 |" in text
    assert "| detection: drop -> the watcher's landing asset event | 3.0 | 3.0 | 3.0 | n/a |" in text
    assert "| dbt: `dbt_producer_watcher` (changed-only build) | 35.0 | 39.5 | 30.0 | 40.0 |" in text
    assert "| **total: drop -> serving shows the rows** | 50.0 | 55.4 | 44.0 | 56.0 |" in text
    assert "watcher polling every 5 s): 2 small X exports of new accounts (182, 190 posts)" in text
    # it sits beside the in-process latency
    assert text.index("Landing to serving (in-process") < text.index("through a running Airflow")


def test_results_from_before_the_airflow_stage_still_render():
    assert "through a running Airflow" not in render(RESULTS)


def test_a_drop_that_never_reached_serving_is_named_with_its_failed_tasks():
    failed = {"rows_in_serving": 0, "outcome": "transform run failed", "failed_tasks": ["a.test", "b.test"],
              "seconds": {**AIRFLOW["drops"][0]["seconds"], "publish": None, "total": None}}  # fmt: skip
    text = render(RESULTS | {"airflow_latency": AIRFLOW | {"drops": [AIRFLOW["drops"][0], failed]}})

    assert "| **total: drop -> serving shows the rows** | 50.0 | 55.4 | 44.0 | n/a |" in text
    assert "Drop 2 did not reach serving: its transform run failed (failed tasks: `a.test`, `b.test`)" in text
    assert "Drop 1 did not" not in text


def test_two_back_to_back_pairs_give_the_ceiling_ratio_as_their_mean_each_shown_with_the_load():
    first = {
        "ceiling": {"rows": 1000, "seconds": 1.0, "max_rss_mib": 100, "load_at_start": 0.5},
        "ingest": {**RESULTS["ingest"], "load_at_start": 1.25},
    }  # 250 / 1000 rows/s
    second = {
        "ceiling": {"rows": 1000, "seconds": 2.0, "max_rss_mib": 100, "load_at_start": 2.0},
        "ingest": {**RESULTS["ingest"], "seconds": 5.0, "load_at_start": 2.5},
    }  # 200 / 500 rows/s
    results = RESULTS | {"pairs": [first, second]}

    ratio = {t.figure: t for t in targets(results)}["ingest / ceiling throughput"]
    assert ratio.value == (0.25 + 0.4) / 2
    text = render(results)
    assert "| 1 | 1,000 | 0.50 | 250 | 1.25 | 0.250 |" in text
    assert "| 2 | 500 | 2.00 | 200 | 2.50 | 0.400 |" in text


def test_the_latency_through_airflow_is_a_target_of_ten_seconds_at_p50():
    verdicts = {t.figure: t for t in targets(RESULTS | {"airflow_latency": AIRFLOW})}
    latency = verdicts["landing -> serving through Airflow, p50 (s)"]
    assert latency.value == 50.0 and latency.met is False
    assert latency.verdict() == "**missed** (5.0 times the limit)"
    assert {t.figure: t for t in targets(RESULTS)}["landing -> serving through Airflow, p50 (s)"].met is None
