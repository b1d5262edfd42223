"""Helpers every sample writer shares: number styles, deterministic file times."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def plain(value: Decimal | int | None) -> str:
    """A number without trailing zeros (`1981.735`, `100`, `0.03`); None is a blank cell."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def quantize(value: float | Decimal, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def stamp(path: Path, exported_at: datetime | None) -> Path:
    """Set the file's modification time to its export time, so an as-of taken from mtime is deterministic."""
    if exported_at is not None:
        moment = exported_at.timestamp()
        os.utime(path, (moment, moment))
    return path


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
