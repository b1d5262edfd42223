"""Validate parsed batches with Great Expectations, one suite per raw table (`expectations/<table>.json`).

GX costs ~13 s to import, so it is imported once per process, on first use, never at DAG parse time.
A batch is validated as a pandas frame with an ephemeral context; a failure becomes an `ExportError`
naming the file, the column, the rule (the expectation and its bounds) and the offending rows, which
the loader writes into the quarantine reason. A batch that plainly passes in Arrow (`ingest.load.validate_arrow`)
never reaches GX: GX's fixed cost per batch (seconds) was most of the ingest's time at volume.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.config import EXPECTATIONS_DIR
from ingest.exports.base import ExportError
from ingest.load.validate_arrow import passes

if TYPE_CHECKING:
    import pyarrow as pa

ROW_COLUMN = "_row_number"
SAMPLE_ROWS = 5
_RULE_ARGS = ("min_value", "max_value", "regex", "value_set", "column_A", "column_B", "or_equal")


def suite_path(raw_table: str) -> Path:
    return EXPECTATIONS_DIR / f"{raw_table}.json"


@cache
def _suite_json(raw_table: str) -> dict:
    path = suite_path(raw_table)
    if not path.exists():
        raise FileNotFoundError(f"no expectation suite for raw.{raw_table}: create {path}")
    return json.loads(path.read_text())


@dataclass
class _Gx:
    """The per-process GX objects: one ephemeral context, one dataframe asset, suites by table."""

    gx: Any
    batch_definition: Any
    suites: dict[str, Any] = field(default_factory=dict)


@cache
def _gx() -> _Gx:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("resonance").add_dataframe_asset(name="parsed_batch")
    return _Gx(gx=gx, batch_definition=asset.add_batch_definition_whole_dataframe("whole_batch"))


def _suite(raw_table: str) -> Any:
    state = _gx()
    if raw_table not in state.suites:
        spec = _suite_json(raw_table)
        state.suites[raw_table] = state.gx.ExpectationSuite(
            name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta", {})
        )
    return state.suites[raw_table]


@dataclass(frozen=True)
class Failure:
    expectation: str
    column: str | None
    rule: str  # e.g. "expect_column_values_to_be_between(min_value=0)"
    unexpected_count: int
    rows: list[int]
    values: list[Any]
    note: str | None

    def sentence(self, file_name: str) -> str:
        where = f"column '{self.column}'" if self.column else "the file"
        sample = ", ".join(f"row {r} = {v!r}" for r, v in zip(self.rows, self.values, strict=False))
        why = f" ({self.note})" if self.note else ""
        return f"{file_name}: {where} breaks {self.rule}{why}: {self.unexpected_count} row(s)" + (
            f", e.g. {sample}" if sample else ""
        )


def _plain(value: Any) -> Any:
    """numpy and pandas scalars as plain Python values, so a reason reads `-5`, not `np.int64(-5)`."""
    return value.item() if hasattr(value, "item") else value


@dataclass
class ValidationClock:
    """Seconds this process spent validating (GX's import included), for the benchmark's validation share."""

    seconds: float = 0.0
    batches: int = 0
    by_gx: int = 0  # batches the Arrow verdict could not clear, validated by GX


CLOCK = ValidationClock()


def validate_batch(raw_table: str, batch: pa.RecordBatch, file_name: str) -> None:
    """Raise ExportError('expectation_failed') if the batch breaks its table's suite. A batch that plainly
    passes in Arrow (`validate_arrow`) skips GX; any other goes to GX, which names what failed."""
    started = time.perf_counter()
    try:
        if passes(_suite_json(raw_table)["expectations"], batch):
            return
        CLOCK.by_gx += 1
        failures = check_batch(raw_table, batch)
    finally:
        CLOCK.seconds += time.perf_counter() - started
        CLOCK.batches += 1
    if not failures:
        return
    first = failures[0]
    message = first.sentence(file_name)
    if len(failures) > 1:
        message += f" (and {len(failures) - 1} more failed expectation(s), listed in the reason file)"
    error = ExportError(
        "expectation_failed",
        message,
        row=first.rows[0] if first.rows else None,
        column=first.column,
        value=first.values[0] if first.values else None,
    )
    error.details = [f.__dict__ for f in failures]  # type: ignore[attr-defined]
    raise error


def check_batch(raw_table: str, batch: pa.RecordBatch) -> list[Failure]:
    """The failed expectations of `batch` against `expectations/<raw_table>.json` (empty if it passes)."""
    suite = _suite(raw_table)
    frame = batch.to_pandas()
    result = (
        _gx()
        .batch_definition.get_batch(batch_parameters={"dataframe": frame})
        .validate(
            suite,
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [ROW_COLUMN],
                "partial_unexpected_count": SAMPLE_ROWS,
            },
        )
    )
    failures = []
    for item in result.results:
        if item.success:
            continue
        config = item.expectation_config
        kwargs = {k: v for k, v in config.kwargs.items() if v is not None}
        detail = item.result or {}
        indexed = (detail.get("unexpected_index_list") or [])[:SAMPLE_ROWS]
        column = kwargs.get("column")
        failures.append(
            Failure(
                expectation=config.type,
                column=column,
                rule=f"{config.type}({', '.join(f'{k}={kwargs[k]!r}' for k in _RULE_ARGS if k in kwargs)})",
                unexpected_count=int(detail.get("unexpected_count") or 0),
                rows=[int(i[ROW_COLUMN]) for i in indexed if ROW_COLUMN in i],
                values=[_plain(i.get(column)) for i in indexed] if column else [],
                note=(config.meta or {}).get("why"),
            )
        )
    return failures
