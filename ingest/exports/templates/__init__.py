"""Blank CSV templates for the brand's own data, each with one example row (see README.md here).

A package so the templates ship with the code (pyproject's package data takes `*.csv` from packages).
It defines no `EXPORT_TYPES`: the templates' export types are in `ingest.exports.brand_templates`.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent


def template_path(export_type: str) -> Path:
    """The blank template of a brand export type, e.g. `template_path("brand_orders")`."""
    path = TEMPLATES / f"{export_type}.csv"
    if not path.exists():
        raise KeyError(f"no template for {export_type!r}; templates: {sorted(p.stem for p in TEMPLATES.glob('*.csv'))}")
    return path
