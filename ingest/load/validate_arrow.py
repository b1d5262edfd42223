"""A fast verdict on a batch before Great Expectations: do all of a suite's expectations plainly pass in Arrow?

GX spends about five seconds per batch on its own machinery (building a metric graph per expectation, pydantic
copies of every configuration), whatever the batch's size: at ten million rows that was most of the ingest.
Nearly every batch passes, so the loader first evaluates the suite here, vectorised over the Arrow batch; only
when this says "passes" is GX skipped. Anything this module cannot decide exactly (an expectation type or
argument it does not know, a column type whose comparison pandas would treat differently, a NaN, a regex
outside the subset where RE2 never accepts what Python's `re` rejects) answers "not sure", and the batch goes
to GX as before, which finds the failures and writes the reason. So a verdict here never changes what loads
or what is rejected, only how long a passing batch takes.

The rules mirror GX's pandas implementations (great_expectations/expectations/metrics/column_map_metrics):
map expectations ignore nulls (pandas treats a float NaN as null); `to_match_regex` is
`str.contains(regex)`, a search; `to_be_in_set` is `isin`; `to_be_between` compares with `>=`/`<=`
(or strict). A strict all-rows pass implies a pass for any `mostly`, so `mostly` needs no handling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

# Arguments that do not change which rows pass (besides `column`, read by every check).
_NEUTRAL = {"column", "mostly", "result_format", "catch_exceptions", "meta", "include_config"}
# Escapes where RE2 accepts the same or fewer strings than Python's `re` (never more): `\d`, `\w`, `\s` are
# ASCII in RE2 and Unicode in Python; their negations (`\D`, ...) and `\b` would accept more, so they are out.
_SAFE_REGEX = re.compile(r"(?:[^\\]|\\[dws.\-+*?()\[\]{}|^$/])*")


def _safe_regex(regex: str) -> bool:
    """No flags or lookarounds (`(?i)`: the two engines fold case differently), no negated class holding an
    escape (`[^\\d]` is wider in RE2), and only the escapes `_SAFE_REGEX` allows."""
    if "(?" in regex.replace("(?:", "") or ("[^" in regex and "\\" in regex):
        return False
    return _SAFE_REGEX.fullmatch(regex) is not None


def passes(expectations: list[dict[str, Any]], batch: pa.RecordBatch) -> bool:
    """True only if every expectation certainly passes on `batch`; False means "ask GX" (not "fails")."""
    for expectation in expectations:
        check = _CHECKS.get(expectation["type"])
        kwargs = expectation.get("kwargs", {})
        column = kwargs.get("column")
        if check is None or column not in batch.schema.names:
            return False
        try:
            if not check(batch.column(column), kwargs):
                return False
        except Exception:  # an Arrow kernel that does not apply to this type: GX decides
            return False
    return True


def _no_nan(values: pa.Array) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    return not pa.types.is_floating(values.type) or not pc.any(pc.is_nan(values)).as_py()


def _not_null(values: pa.Array, kwargs: dict) -> bool:
    if set(kwargs) - _NEUTRAL:
        return False
    return values.null_count == 0 and _no_nan(values)


def _between(values: pa.Array, kwargs: dict) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    if set(kwargs) - _NEUTRAL - {"min_value", "max_value", "strict_min", "strict_max"}:
        return False
    if not (pa.types.is_integer(values.type) or pa.types.is_floating(values.type)) or not _no_nan(values):
        return False
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    bounds = [b for b in (low, high) if b is not None]
    if not bounds or any(isinstance(b, bool) or not isinstance(b, int | float) for b in bounds):
        return False
    if low is not None and high is not None and low > high:
        return False  # GX raises on this; let it say so
    extremes = pc.min_max(values)
    smallest, largest = extremes["min"].as_py(), extremes["max"].as_py()
    if smallest is None:  # no non-null values: nothing to break the rule
        return True
    if low is not None and not (smallest > low if kwargs.get("strict_min") else smallest >= low):
        return False
    return high is None or (largest < high if kwargs.get("strict_max") else largest <= high)


def _match_regex(values: pa.Array, kwargs: dict) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    if set(kwargs) - _NEUTRAL - {"regex"}:
        return False
    regex = kwargs.get("regex")
    if not isinstance(regex, str) or not _safe_regex(regex) or not pa.types.is_string(values.type):
        return False
    return _all_or_null(values, pc.match_substring_regex(values, regex))


def _in_set(values: pa.Array, kwargs: dict) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    if set(kwargs) - _NEUTRAL - {"value_set"}:
        return False
    value_set = kwargs.get("value_set")
    if not isinstance(value_set, list) or not pa.types.is_string(values.type):
        return False
    if not all(isinstance(v, str) for v in value_set):
        return False
    return _all_or_null(values, pc.is_in(values, value_set=pa.array(value_set, type=pa.string())))


def _all_or_null(values: pa.Array, found: pa.Array) -> bool:
    """Every row found, a null row counting as found (map expectations skip nulls; `is_in` says false)."""
    import pyarrow.compute as pc

    return pc.all(pc.or_(pc.fill_null(found, False), pc.is_null(values))).as_py()


_CHECKS: dict[str, Callable[[Any, dict], bool]] = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_be_between": _between,
    "expect_column_values_to_match_regex": _match_regex,
    "expect_column_values_to_be_in_set": _in_set,
}
