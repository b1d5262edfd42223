"""The registry of export types, and detection: which type is this file?

Every module in this package that defines a module-level `EXPORT_TYPES` tuple contributes its types; the
infrastructure modules (`base`, `cells`, ...) define none. Adding a platform format therefore means adding
one module here, its expectation suite `expectations/<raw_table>.json`, a staging model in dbt, and a
sample writer in `ingest.samples`; nothing else has to be edited to register it.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ingest.exports.base import ExportError, ExportType, Sniff, shown_headers


def _discover() -> tuple[ExportType, ...]:
    found: list[ExportType] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        found.extend(getattr(importlib.import_module(f"{__name__}.{module.name}"), "EXPORT_TYPES", ()))
    names = [export.name for export in found]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        raise RuntimeError(f"export type names must be unique; registered twice: {sorted(duplicated)}")
    return tuple(found)


EXPORT_TYPES: tuple[ExportType, ...] = _discover()


def by_name(name: str) -> ExportType:
    for export in EXPORT_TYPES:
        if export.name == name:
            return export
    raise KeyError(f"no export type named {name!r}; known: {', '.join(e.name for e in EXPORT_TYPES)}")


def table_types() -> list[ExportType]:
    """Every raw table's export type (the parts of multi-table files included), one per raw table."""
    found: dict[str, ExportType] = {}
    for export in EXPORT_TYPES:
        for part in export.parts():
            found.setdefault(part.raw_table, part)
    return [found[table] for table in sorted(found)]


def raw_tables() -> list[str]:
    return [part.raw_table for part in table_types()]


def detect(path: Path, sniff: Sniff | None = None) -> ExportType:
    """The export type of a file, by its content. Raises ExportError('unknown_export') naming the headers
    seen and the nearest known types, so a person sees at once what the file is (or is not)."""
    sniff = sniff or Sniff.of(path)
    matching = [export for export in EXPORT_TYPES if export.matches(sniff)]
    if len(matching) == 1:
        return matching[0]
    if len(matching) > 1:
        names = ", ".join(e.name for e in matching)
        raise ExportError("ambiguous_export", f"{path.name}: matches several export types ({names})")
    headers = sniff.headers
    overlap = {export.name: export.signature_overlap(sniff) for export in EXPORT_TYPES}
    nearest = sorted(EXPORT_TYPES, key=lambda e: overlap[e.name], reverse=True)
    _raise_if_near_match(path, sniff, nearest, overlap)
    hints = ", ".join(f"{e.name} ({overlap[e.name]:.0%} of its signature)" for e in nearest[:3])
    what = f"headers seen: {shown_headers(headers)}" if headers else "no readable header (binary, empty or not a table)"
    raise ExportError(
        "unknown_export",
        f"{path.name}: not a known export type; {what}; nearest known types: {hints}",
        headers=headers,
    )


NEAR_MATCH = 0.6  # share of a type's signature a file must have to count as that type with columns missing


def _raise_if_near_match(path: Path, sniff: Sniff, nearest: list[ExportType], overlap: dict[str, float]) -> None:
    """A file holding most of one type's signature, and clearly more of it than of any other type's, is that
    type with columns missing: say which, rather than calling it unknown."""
    if not nearest:
        return
    best = nearest[0]
    runner_up = overlap[nearest[1].name] if len(nearest) > 1 else 0.0
    missing = best.missing_signature(sniff)
    if (
        overlap[best.name] < NEAR_MATCH
        or overlap[best.name] <= runner_up
        or not missing
        or best.signature_present(sniff) < best.near_match_minimum
    ):
        return
    named = ", ".join(f"'{h}'" for h in missing)
    raise ExportError(
        "missing_column",
        f"{path.name}: looks like {best.title} ({overlap[best.name]:.0%} of its signature) but required "
        f"column(s) {named} are missing; headers seen: {shown_headers(sniff.headers)}",
        column=missing[0],
        headers=sniff.headers,
    )
