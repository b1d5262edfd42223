"""Writing warehouse values out for people: spreadsheet-safe CSV cells, and the supported-exports table.

Exports are full of text a person typed (captions, comments, campaign names). Text such as
`=HYPERLINK("http://evil","click")` is stored verbatim, as it was written, because it is data. But a CSV we
write may be opened in a spreadsheet, which would run it as a formula (CSV injection). So every text cell
that starts with a formula trigger is written with a leading apostrophe, which spreadsheets show as text
and never evaluate (OWASP's recommendation). Numbers are never touched; only text is.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # + full-width


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as written: text starting like a formula gets a `'` prefix."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable[object]]) -> Iterable[list[object]]:
    for row in rows:
        yield [spreadsheet_safe(value) for value in row]


def supported_exports_markdown() -> str:
    """The README's table of supported exports, generated from the registry so it cannot drift."""
    from ingest.exports import EXPORT_TYPES

    lines = [
        "| platform | export | file | where it comes from | raw table(s) |",
        "|---|---|---|---|---|",
    ]
    for export in sorted(EXPORT_TYPES, key=lambda e: (e.platform, e.name)):
        tables = ", ".join(f"`raw.{part.raw_table}`" for part in export.parts())
        pattern = f"`{export.file_pattern}`" if export.file_pattern else ""
        cells = (export.platform, f"{export.title} (`{export.name}`)", pattern, export.source, tables)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)
