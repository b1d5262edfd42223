"""What the Graph API export tests share (Instagram and Facebook insights have one JSON shape): which
types claim a file, the rows an insight element must load as, and the Graph bad-input set."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import badinput
from badinput import Bad

from ingest.exports import EXPORT_TYPES
from ingest.exports.base import Sniff
from ingest.samples import SampleFile
from ingest.samples.instagram import Insight, write_graph_json


def matching(path: Path) -> list[str]:
    sniff = Sniff.of(path)
    return [e.name for e in EXPORT_TYPES if e.matches(sniff)]


def of_type(samples: list[SampleFile], name: str) -> SampleFile:
    (sample,) = [s for s in samples if s.export_type == name]
    return sample


def expected_rows(insight: Insight) -> list[tuple[str, str, int, datetime | None]]:
    """(breakdown, breakdown_value, value, end_time) an element should load as: written independently of
    the parser, from the in-memory element."""
    rows = []
    if insight.total_value_form:
        if insight.total is not None:
            rows.append(("", "", insight.total, None))
        for keys, results in insight.breakdowns:
            rows += [(",".join(keys), ",".join(dims), value, None) for dims, value in results]
        return rows
    for value, end in insight.values:
        if isinstance(value, dict):
            rows += [("key", k, v, end) for k, v in value.items()]
        else:
            rows.append(("", "", value, end))
    return rows


def json_mutator(kind: str, change: Callable[[object], object]) -> Callable[[Path], Path]:
    def make(good: Path) -> Path:
        document = json.loads(good.read_text(encoding="utf-8"))
        return write_graph_json(badinput.variant(good, kind), change(document), None)

    return make


def elements(document: object) -> list[dict]:
    return document["data"] if isinstance(document, dict) else [e for r in document for e in r["data"]]


def edit(index: int, edit: Callable[[dict], None]) -> Callable[[object], object]:
    """Apply `edit` to the `index`-th element (0-based, counted across responses)."""

    def change(document: object) -> object:
        edit(elements(document)[index])
        return document

    return change


def duplicate_first(document: object) -> object:
    last = document["data"] if isinstance(document, dict) else document[-1]["data"]
    last.append(json.loads(json.dumps(elements(document)[0])))
    return document


def truncated_json(good: Path) -> Path:
    """The response cut off half-way (compact JSON is one line, so badinput.truncated does not apply)."""
    data = good.read_bytes()
    return badinput._write(badinput.variant(good, "truncated"), data[: len(data) // 2])


def set_key(key: str, value: object) -> Callable[[dict], None]:
    return lambda element: element.__setitem__(key, value)


def set_value(value: object) -> Callable[[dict], None]:
    return lambda element: element["values"][0].__setitem__("value", value)


def common_bad(count: int, *, header_only: Bad, missing: Bad, non_numeric: Bad, mangled: Bad) -> dict[str, Bad]:
    return {
        "truncated": Bad(truncated_json, "truncated_file", row=1, message=("cut off",)),
        "wrong_encoding": Bad(badinput.reencoded, "bad_encoding", message=("not UTF-8",)),
        "header_only": header_only,
        "missing_column": missing,
        "non_numeric": non_numeric,
        "mangled_id": mangled,
        "duplicate_rows": Bad(
            json_mutator("duplicate_rows", duplicate_first),
            "duplicate_key",
            row=count + 1,
            message=(f"rows 1, {count + 1}",),
        ),  # fmt: skip
        "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions",)),
    }


def empty_values(document: object) -> object:
    for element in elements(document):
        element["values"] = []
    return document


def insights_bad(count: int, mangled_id: str) -> dict[str, Bad]:
    return common_bad(
        count,
        header_only=Bad(json_mutator("header_only", empty_values), "header_only"),
        missing=Bad(json_mutator("missing_column", edit(1, lambda e: e.pop("period"))), "missing_column", row=2,
                    column="period"),
        non_numeric=Bad(json_mutator("non_numeric", edit(1, set_value("twelve"))), "not_a_number", row=2,
                        column="values[0].value"),
        mangled=Bad(json_mutator("mangled_id", edit(0, set_key("id", mangled_id))), "mangled_id", row=1,
                    column="id", message=("scientific notation",)),
    )  # fmt: skip
