"""The Arrow verdict before GX may only ever say "passes" when GX would pass the batch too."""

from __future__ import annotations

import pyarrow as pa
import pytest

from ingest.load.validate import _suite_json, check_batch
from ingest.load.validate_arrow import passes


def _suite(*expectations: tuple[str, dict]) -> list[dict]:
    return [{"type": kind, "kwargs": kwargs} for kind, kwargs in expectations]


def test_a_batch_meeting_every_rule_passes_without_gx():
    batch = pa.RecordBatch.from_pydict({"views": [0, 5, None], "code": ["US", "DE", None], "id": ["UC1", "UC2", "UC3"]})
    suite = _suite(
        ("expect_column_values_to_be_between", {"column": "views", "min_value": 0}),
        ("expect_column_values_to_match_regex", {"column": "code", "regex": "^[A-Z]{2}$"}),
        ("expect_column_values_to_be_in_set", {"column": "code", "value_set": ["US", "DE"]}),
        ("expect_column_values_to_not_be_null", {"column": "id"}),
    )
    assert passes(suite, batch) is True


@pytest.mark.parametrize(
    ("expectation", "column"),
    [
        (("expect_column_values_to_be_between", {"column": "views", "min_value": 0}), pa.array([3, -1])),
        (("expect_column_values_to_be_between", {"column": "views", "max_value": 1.0}), pa.array([0.5, 1.5])),
        (
            ("expect_column_values_to_be_between", {"column": "views", "min_value": 0, "strict_min": True}),
            pa.array([0, 1]),
        ),
        (("expect_column_values_to_not_be_null", {"column": "views"}), pa.array([1, None])),
        (("expect_column_values_to_not_be_null", {"column": "views"}), pa.array([1.0, float("nan")])),
        (("expect_column_values_to_match_regex", {"column": "views", "regex": "^[A-Z]{2}$"}), pa.array(["US", "usa"])),
        (("expect_column_values_to_be_in_set", {"column": "views", "value_set": ["a"]}), pa.array(["a", "b"])),
    ],
)
def test_a_batch_breaking_a_rule_goes_to_gx(expectation, column):
    assert passes(_suite(expectation), pa.RecordBatch.from_arrays([column], names=["views"])) is False


@pytest.mark.parametrize(
    "expectation",
    [
        ("expect_column_pair_values_a_to_be_greater_than_b", {"column_A": "views", "column_B": "views"}),
        ("expect_column_values_to_be_between", {"column": "views", "min_value": 0, "row_condition": "x>1"}),
        ("expect_column_values_to_be_between", {"column": "views", "min_value": 5, "max_value": 1}),
        ("expect_column_values_to_be_between", {"column": "when", "min_value": 0}),
        ("expect_column_values_to_match_regex", {"column": "name", "regex": "(?i)^a"}),
        ("expect_column_values_to_match_regex", {"column": "name", "regex": r"^\W+$"}),
        ("expect_column_values_to_not_be_null", {"column": "absent"}),
    ],
)
def test_what_the_arrow_verdict_cannot_decide_exactly_goes_to_gx(expectation):
    batch = pa.RecordBatch.from_pydict({"views": [1, 2], "name": ["a", "b"], "when": ["2026-01-01", "2026-01-02"]})
    assert passes(_suite(expectation), batch) is False


@pytest.mark.slow
def test_gx_agrees_with_every_pass_on_a_real_suite():
    from datetime import date

    suite = _suite_json("youtube__channel_basic")["expectations"]
    names = [e["kwargs"]["column"] for e in suite if "column" in e["kwargs"]]
    base = {name: [0] for name in names}
    base.update(
        account_id=["UCaaaaaaaaaaaaaaaaaaaaaa"],
        channel_id=["UCaaaaaaaaaaaaaaaaaaaaaa"],
        date=[date(2026, 1, 1)],
        video_id=[""],
        live_or_on_demand=["on_demand"],
        subscribed_status=["unknown"],
        country_code=["ZZ"],
        _row_number=[2],
    )
    good = pa.RecordBatch.from_pydict(base)
    bad = pa.RecordBatch.from_pydict({**base, "views": [-1]})

    assert passes(suite, good) and check_batch("youtube__channel_basic", good) == []
    assert not passes(suite, bad) and check_batch("youtube__channel_basic", bad) != []
