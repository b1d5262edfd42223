"""Converting export cells, and the columns they fill: the rules every export type shares.

Platforms write numbers, dates and ids in their own styles (`"424.0"` for a count, `-` for "not
reported", `0:04:23` for a duration, `Sep 27, 2024` for a date, `4,500.75` for money); spreadsheets then
mangle them (`1.22158E+17` for an id). Each converter here accepts exactly one such style and raises a
`CellError` for anything else, so a parser never guesses. `csv_table.CsvTable` turns a `CellError` into an
`ExportError` naming the file, the row as a spreadsheet shows it, the column as the header writes it, and
the rule, so a person can open the file and find the cell.

Range checks (a negative count, a rate above 1) are not made here: converting types is the parser's
job, judging values is the expectation suite's.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

# Cells meaning "the platform reported nothing": NULL, never 0.
NULL_MARKERS = frozenset({"", "-"})


class CellError(ValueError):
    """A cell that does not convert; `CsvTable` adds the file, row and column."""

    def __init__(self, rule: str, problem: str) -> None:
        super().__init__(problem)
        self.rule = rule
        self.problem = problem


# ---- numbers ----------------------------------------------------------------------------------------

_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_FIXED = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def _drop_thousands(text: str) -> str:
    """`4,500.75` -> `4500.75`; a comma anywhere else (a decimal comma, `1,23`) is left to fail."""
    return text.replace(",", "") if _THOUSANDS.fullmatch(text) else text


def _is_null(text: str) -> bool:
    return text.strip() in NULL_MARKERS


def integer(text: str) -> int | None:
    """A count: `424`, or `424.0` as X writes its first metric columns. `-` or blank is NULL."""
    if text.isdigit() and text.isascii():  # the common case, a plain count, without the regexes below
        return int(text)
    return _integer(text, thousands=False)


def integer_grouped(text: str) -> int | None:
    """A count that may carry thousands separators (`12,345`), as Ads Manager saves can."""
    return _integer(text, thousands=True)


def _integer(text: str, *, thousands: bool) -> int | None:
    if text.isdigit() and text.isascii():  # the common case, a plain count, without the regexes below
        return int(text)
    value = text.strip()
    if value in NULL_MARKERS:
        return None
    if thousands:
        value = _drop_thousands(value)
    if _WHOLE.fullmatch(value):
        return int(value.split(".", 1)[0])
    if _NUMBER.fullmatch(value) and math.isfinite(float(value)):
        if "e" in value.lower():
            raise CellError(
                "not_an_integer",
                f"{text!r} is in scientific notation: a spreadsheet rounded this count; re-export the file",
            )
        raise CellError("not_an_integer", f"{text!r} is not a whole number (a count was expected)")
    raise CellError("not_a_number", f"{text!r} is not a number (a count was expected)")


def number(text: str) -> float | None:
    """A plain decimal number (`0.015384615384615400`, `1.25`). `-` or blank is NULL."""
    if text.isascii() and text.replace(".", "", 1).isdigit():  # the common case: `85.75`, `12`, `.5`
        return float(text)
    return _number(text, thousands=False)


def number_grouped(text: str) -> float | None:
    """A decimal number that may carry thousands separators."""
    return _number(text, thousands=True)


def _number(text: str, *, thousands: bool) -> float | None:
    if text.isascii() and text.replace(".", "", 1).isdigit():  # the common case: `85.75`, `12`, `.5`
        return float(text)
    value = text.strip()
    if value in NULL_MARKERS:
        return None
    if thousands:
        value = _drop_thousands(value)
    if not _NUMBER.fullmatch(value) or not math.isfinite(float(value)):
        raise CellError("not_a_number", f"{text!r} is not a number")
    return float(value)


def percent(text: str) -> float | None:
    """A percent number, kept as a percent number: `5.02` and `5.02%` both give 5.02."""
    value = text.strip()
    if value.endswith("%"):
        value = value[:-1].rstrip()
    try:
        return number_grouped(value)
    except CellError:
        raise CellError("not_a_number", f"{text!r} is not a percent number") from None


def decimal(text: str, scale: int = 4, precision: int = 18) -> Decimal | None:
    """Money as written (`164.4`, `"4,500.75"`), rounded half-even to the column's `scale` digits."""
    value = _drop_thousands(text.strip())
    if value in NULL_MARKERS:
        return None
    if not _FIXED.fullmatch(value):
        raise CellError("not_a_number", f"{text!r} is not an amount of money")
    try:
        amount = Decimal(value).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        raise CellError("not_a_number", f"{text!r} is not an amount of money") from None
    if abs(amount) >= Decimal(10) ** (precision - scale):
        raise CellError("not_a_number", f"{text!r} is too large for an amount of money")
    return amount


_CLOCK = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d))?")


def seconds(text: str) -> int | None:
    """A duration: `H:MM:SS` (YouTube's `0:04:23`), `M:SS`, or whole seconds (`978`). Blank is NULL."""
    value = text.strip()
    if value in NULL_MARKERS:
        return None
    clock = _CLOCK.fullmatch(value)
    if clock:
        first, second, third = clock.groups()
        if third is None:  # M:SS
            return int(first) * 60 + int(second)
        return int(first) * 3600 + int(second) * 60 + int(third)
    try:
        return integer(value)
    except CellError:
        raise CellError("bad_duration", f"{text!r} is not a duration (H:MM:SS or seconds)") from None


# ---- ids and text -----------------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
_DECIMAL_ID = re.compile(r"\d+\.0+")


def identifier(text: str) -> str | None:
    """An id, always text (18-19 digits do not survive a float). Surrounding spaces trimmed (YouTube
    writes ` -HHGH-TTqYM` to keep spreadsheets from reading a formula). Rejects the forms a spreadsheet
    leaves behind: `1.22158E+17` and `1225479302868873216.0`."""
    value = text.strip()
    if not value:
        return None
    if _SCIENTIFIC.fullmatch(value):
        raise CellError(
            "mangled_id",
            f"{text!r} is an id a spreadsheet turned into scientific notation, which loses its last "
            "digits; export the file again from the platform and do not open and save it in a spreadsheet",
        )
    if _DECIMAL_ID.fullmatch(value):
        raise CellError(
            "mangled_id",
            f"{text!r} is an id saved as a decimal number, which can lose its last digits; export the file "
            "again from the platform",
        )
    return value


def text(value: str) -> str | None:
    """Free text kept exactly as written (embedded newlines, emoji, quotes); an empty cell is NULL."""
    return value if value != "" else None


def trimmed(value: str) -> str | None:
    """A short code or label with surrounding spaces removed (`US`); an empty cell is NULL."""
    return value.strip() or None


# ---- dates and times --------------------------------------------------------------------------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")


def _month(name: str) -> int | None:
    lowered = name.lower()
    for number_, full in enumerate(_MONTHS, start=1):
        if full.startswith(lowered):
            return number_
    return None


def iso_date(text: str) -> date | None:
    """`2026-10-01`. Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CellError("bad_date", f"{text!r} is not a date (YYYY-MM-DD expected)")


def month_day_year(text: str) -> date | None:
    """`Sep 27, 2024` (English month names, as YouTube Studio writes them; no locale involved)."""
    value = text.strip()
    if not value:
        return None
    match = _MONTH_DAY_YEAR.fullmatch(value)
    month = _month(match.group(1)) if match else None
    if match and month:
        try:
            return date(int(match.group(3)), month, int(match.group(2)))
        except ValueError:
            pass
    raise CellError("bad_date", f"{text!r} is not a date ('Sep 27, 2024' expected)")


def local_datetime(text: str) -> datetime | None:
    """A wall-clock time without zone: `Sep 27, 2024` (midnight), `2026-07-20 13:18:00` or `2026-07-20`."""
    value = text.strip()
    if not value:
        return None
    if _MONTH_DAY_YEAR.fullmatch(value):
        day = month_day_year(value)
        return datetime(day.year, day.month, day.day)
    stamp = _ISO_DATETIME.fullmatch(value)
    try:
        if stamp:
            day_text, hour, minute, second = stamp.groups()
            day = date.fromisoformat(day_text)
            return datetime(day.year, day.month, day.day, int(hour), int(minute), int(second or 0))
        if _ISO_DATE.fullmatch(value):
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day)
    except ValueError:
        pass
    raise CellError("bad_date", f"{text!r} is not a date or time ('Sep 27, 2024' or 'YYYY-MM-DD HH:MM:SS')")


def utc_timestamp(text: str) -> datetime | None:
    """`2020-02-06 18:00 +0000` (X's `time`), with or without seconds, converted to UTC."""
    value = text.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z"):
        try:
            return datetime.strptime(value, pattern).astimezone(UTC)
        except ValueError:
            continue
    raise CellError("bad_date", f"{text!r} is not a time ('YYYY-MM-DD HH:MM +0000' expected)")


# ---- headers ----------------------------------------------------------------------------------------

_CURRENCY_SUFFIX = re.compile(r"(.*\S)\s*\(([A-Z]{3})\)")


def normalize_header(name: str) -> str:
    """Case- and spacing-insensitive form used to compare headers."""
    return " ".join(name.strip().lower().split())


def split_currency(header: str) -> tuple[str, str | None]:
    """`Amount spent (EGP)` -> (`Amount spent`, `EGP`); a header without an ISO code -> (header, None)."""
    match = _CURRENCY_SUFFIX.fullmatch(header.strip())
    return (match.group(1), match.group(2)) if match else (header.strip(), None)


@dataclass(frozen=True)
class Field:
    """One output column and where to find it: the header names accepted for it (the first is the one
    named in errors), how to convert its cells, and whether the file must have it."""

    name: str
    headers: tuple[str, ...]
    convert: Callable[[str], object] = text
    required: bool = False  # the header must be present ('missing_column')
    not_null: bool = False  # an empty cell is a broken row ('missing_value')
    money: bool = False  # the header carries a currency code: `Amount spent (USD)`

    def describe(self) -> str:
        first = self.headers[0] + (" (XXX)" if self.money else "")
        others = ", ".join(f"'{h}'" for h in self.headers[1:])
        return f"'{first}'" + (f" (or {others})" if others else "")


@dataclass(frozen=True)
class BoundField:
    """A `Field` found in a file: its position and its header as written."""

    field: Field
    index: int
    header: str
    currency: str | None = None


def first_undecodable_line(path: Path, encoding: str = "utf-8") -> tuple[int, int]:
    """(line number, byte offset) of the first byte `encoding` cannot decode. Text is decoded in chunks,
    so the reader's position when decoding fails is not where the bad byte is; this finds the byte."""

    decoder = codecs.getincrementaldecoder(encoding)()
    lines, offset = 1, 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return lines + chunk[: exc.start].count(b"\n"), offset + exc.start
            lines += chunk.count(b"\n")
            offset += len(chunk)
    return lines, offset


def extra_keys(columns: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """Keys for unknown columns in `_extra`: the header as written, `#2`, `#3`... for repeated names."""
    seen: dict[str, int] = {}
    keyed = []
    for index, header in columns:
        seen[header] = seen.get(header, 0) + 1
        keyed.append((index, header if seen[header] == 1 else f"{header}#{seen[header]}"))
    return keyed
