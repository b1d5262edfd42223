"""Which days a pull asks for: the trailing window the platform restates, and never past its horizon.

Each endpoint declares four numbers (`Endpoint`):

- `restatement_days`: how far back the platform still changes numbers (Meta ads 28, TikTok 3, ...). Every
  run asks for them again; the newer file wins in the warehouse.
- `horizon_days`: how far back the platform keeps history (Meta ads 37 months, Pages 2 years, LinkedIn 12
  months, ...). A first pull backfills to there.
- `lag_days`: the most recent day the platform serves (LinkedIn's statistics end 2 days back; most
  platforms' yesterday is 1).
- `max_days`: the longest span one request may cover (Pages 90 days, TikTok 30); longer spans are split.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Endpoint:
    name: str
    restatement_days: int
    horizon_days: int
    lag_days: int = 1
    max_days: int = 30


@dataclass(frozen=True)
class Window:
    """Days `since` through `until`, both included."""

    since: date
    until: date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def halves(self) -> tuple[Window, Window]:
        """The window split in two (for a platform that asks for less data); a one-day window cannot split."""
        middle = self.since + timedelta(days=self.days // 2 - 1)
        return Window(self.since, middle), Window(middle + timedelta(days=1), self.until)

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d}_{self.until:%Y-%m-%d}"


@dataclass(frozen=True)
class Plan:
    windows: tuple[Window, ...]
    first_day: date | None
    backfill: bool  # a first pull: it reaches back to the horizon
    clamped: bool  # the asked-for start was older than the horizon and was moved forward


def plan(
    endpoint: Endpoint,
    cursor: date | None,
    *,
    today: date,
    since: date | None = None,
    until: date | None = None,
) -> Plan:
    """The windows one run pulls for `endpoint`: from the cursor minus the restatement window (or the
    horizon on a first pull, or `since` when given) through the latest day served (or `until`)."""
    horizon = today - timedelta(days=endpoint.horizon_days)
    last = min(until or today, today - timedelta(days=endpoint.lag_days))
    if since is not None:
        first = since
    elif cursor is not None:
        first = cursor - timedelta(days=endpoint.restatement_days - 1)
    else:
        first = horizon
    clamped = first < horizon
    first = max(first, horizon)
    if first > last:
        return Plan((), None, cursor is None and since is None, clamped)
    windows = []
    start = first
    while start <= last:
        end = min(last, start + timedelta(days=endpoint.max_days - 1))
        windows.append(Window(start, end))
        start = end + timedelta(days=1)
    return Plan(tuple(windows), first, cursor is None and since is None, clamped)
