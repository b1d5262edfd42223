"""The latency through a running Airflow, split into stages from the moments Airflow recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ingest.bench.airflow_latency import DropTimes, _naming, percentile, split, summarize

DROP = datetime(2026, 12, 7, 10, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return DROP + timedelta(seconds=seconds)


TIMES = DropTimes(
    dropped=DROP,
    landing_event=at(4),
    ingest_start=at(6),  # 2 s from the event to the task
    ingest_end=at(9),
    producer_start=at(12.5),  # 3.5 s from ingest to the producer
    producer_end=at(40),
    publish_start=at(41),  # 1 s from the producer to publish
    publish_end=at(43),
    served=at(42.5),  # publish swaps the file before its task is marked done
)


def test_a_drop_is_split_into_detection_queueing_and_each_task():
    assert split(TIMES) == {
        "detection": 4.0,
        "queueing": 6.5,
        "ingest": 3.0,
        "dbt": 27.5,
        "publish": 2.0,
        "total": 42.5,
    }


def test_without_a_landing_event_detection_is_unknown_and_queueing_counts_the_pipeline_gaps():
    found_by_the_sweep = DropTimes(**{**TIMES.__dict__, "landing_event": None})

    figures = split(found_by_the_sweep)
    assert figures["detection"] is None
    assert figures["queueing"] == 4.5


def test_percentiles_interpolate_between_the_closest_ranks():
    values = [10.0, 50.0, 20.0, 40.0, 30.0]

    assert percentile(values, 50) == 30.0
    assert percentile(values, 95) == pytest.approx(48.0)  # 40 + 0.8 * (50 - 40)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_summary_leaves_a_missing_stage_out_of_its_percentiles():
    drops = [split(TIMES), {**split(TIMES), "detection": None, "total": 60.0}]

    summary = summarize(drops)
    assert summary["detection"] == {"p50": 4.0, "p95": 4.0}
    assert summary["total"]["p50"] == pytest.approx(51.25)
    assert summary["total"]["p95"] == pytest.approx(59.125)


def test_the_event_naming_the_file_is_found_in_loaded_paths_or_the_watchers_payload_and_the_earliest_wins():
    name = "tweet_activity_metrics_brand20_20260604_20260903_en.csv"
    events = [
        {"id": 3, "timestamp": "2026-12-07T10:00:09Z", "extra": {"files": [f"/root/landing/brand20/x/{name}"]}},
        {"id": 2, "timestamp": "2026-12-07T10:00:08Z", "extra": {"files": [f"/root/landing/brand20/x/{name}"]}},
        {"id": 1, "timestamp": "2026-12-07T10:00:01Z", "extra": {"files": []}},
        {
            "id": 5,
            "timestamp": "2026-12-07T10:00:05Z",
            "extra": {"from_trigger": True, "payload": {"files": [f"brand20/x/{name}"]}},
        },
        {"id": 4, "timestamp": "2026-12-07T10:00:00Z", "extra": None},
    ]

    assert _naming(events, name)["id"] == 5  # the watcher's, in its payload
    assert _naming(events[:2], name)["id"] == 2  # loaded paths: the earliest
    assert _naming(events, "other.csv") is None


def test_a_drop_whose_transform_run_failed_has_no_publish_total_or_queueing():
    never_published = DropTimes(**{**TIMES.__dict__, "publish_start": None, "publish_end": None, "served": None})

    figures = split(never_published)
    assert figures["publish"] is None and figures["total"] is None and figures["queueing"] is None
    assert figures["detection"] == 4.0 and figures["ingest"] == 3.0 and figures["dbt"] == 27.5
