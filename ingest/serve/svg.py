"""Chart primitives for the HTML report: inline SVG written by hand, so the report needs no plotting library
and no script or font from the network to be read.

Two charts cover what the report draws: horizontal bars (categories down the side, one bar per series,
an optional low-high whisker) and lines over days. A value that is NULL in the marts is `None` here and is
drawn as a dashed "not reported" mark, never as a bar of length 0: unknown is not zero. Every text that
comes from the data is escaped. Each bar and point carries its exact value in `data-value`, and a
`<title>` a browser shows on hover.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

WIDTH = 760
FONT_SIZE = 12
CHAR_WIDTH = 6.6  # average advance of the report's sans-serif at FONT_SIZE, to size label columns
INK, MUTED, GRID, NOT_REPORTED = "#1f2933", "#616e7c", "#e4e7eb", "#9aa5b1"

Format = Callable[[float], str]


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    """A coordinate, short: SVG does not need 15 decimals."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def default_format(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(first + len(ticks) * step, 10))
    return ticks


# ---- horizontal bars ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: `value` None is unknown (drawn as `missing`, never as 0); `low`/`high` draw a whisker."""

    value: float | None
    low: float | None = None
    high: float | None = None
    missing: str = "not reported"
    label: str | None = None  # the text at the bar's end; default: the value formatted


@dataclass(frozen=True)
class Row:
    label: str
    bars: Sequence[Bar]
    note: str = ""  # a second, smaller line under the label


@dataclass(frozen=True)
class Series:
    name: str
    color: str


@dataclass
class BarChart:
    """Horizontal grouped bars: a row per category, within it a bar per series, on one shared axis."""

    rows: Sequence[Row]
    series: Sequence[Series]
    axis_label: str
    value_format: Format = default_format
    tick_format: Format | None = None  # the axis' numbers; default: value_format
    width: int = WIDTH
    bar_height: int = 14
    title: str = ""  # the accessible name of the SVG (the visible title is the section's heading)

    def svg(self) -> str:
        for row in self.rows:
            if len(row.bars) != len(self.series):
                raise ValueError(f"row {row.label!r} has {len(row.bars)} bars for {len(self.series)} series")
        values = [v for row in self.rows for bar in row.bars for v in (bar.value, bar.low, bar.high) if v is not None]
        longest = max((len(text) for r in self.rows for text in (r.label, r.note)), default=0)
        label_width = min(self.width * 0.4, max(60, CHAR_WIDTH * longest + 16))
        labels = [self._label(bar) for row in self.rows for bar in row.bars if bar.value is not None]
        value_room = CHAR_WIDTH * max((len(text) for text in labels), default=4) + 16
        left, right = label_width, self.width - value_room
        tick_format = self.tick_format or self.value_format
        ticks = _fitting_ticks(min([0.0, *values]), max([0.0, *values]) or 1.0, right - left, tick_format)
        lo, hi = ticks[0], ticks[-1]
        legend, legend_height = _legend(self.series, 8, 14, self.width - 8) if len(self.series) > 1 else ("", 0)
        top = legend_height + 8
        gap, row_pad = 3, 12
        group = len(self.series) * (self.bar_height + gap) - gap
        row_height = max(group, 30 if any(r.note for r in self.rows) else 0) + row_pad
        plot_height = row_height * len(self.rows)
        height = top + plot_height + 44

        def x(value: float) -> float:
            return left + (value - lo) / (hi - lo) * (right - left)

        out = [
            f'<svg class="chart bars" viewBox="0 0 {self.width} {_num(height)}" width="{self.width}" '
            f'height="{_num(height)}" role="img" aria-label="{_text(self.title or self.axis_label)}" '
            f'font-size="{FONT_SIZE}" fill="{INK}">'
        ]
        out.append(legend)
        for tick in ticks:  # grid and tick labels
            tx = x(tick)
            out.append(
                f'<line x1="{_num(tx)}" y1="{top - 4}" x2="{_num(tx)}" y2="{_num(top + plot_height)}" '
                f'stroke="{INK if tick == 0 else GRID}" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{_num(tx)}" y="{_num(top + plot_height + 16)}" text-anchor="middle" fill="{MUTED}">'
                f"{_text(tick_format(tick))}</text>"
            )
        out.append(
            f'<text class="axis-label" x="{_num((left + right) / 2)}" y="{_num(height - 6)}" text-anchor="middle" '
            f'fill="{MUTED}">{_text(self.axis_label)}</text>'
        )
        for index, row in enumerate(self.rows):
            y0 = top + index * row_height + row_pad / 2
            label_y = y0 + (group / 2 if not row.note else 10) + 4
            fits = int((label_width - 12) / CHAR_WIDTH)
            out.append(
                f'<text class="row-label" x="{_num(left - 8)}" y="{_num(label_y)}" text-anchor="end">'
                f"<title>{_text(row.label)}</title>{_text(_shorten(row.label, fits))}</text>"
            )
            if row.note:
                out.append(
                    f'<text class="row-note" x="{_num(left - 8)}" y="{_num(label_y + 14)}" text-anchor="end" '
                    f'fill="{MUTED}" font-size="{FONT_SIZE - 1}">{_text(_shorten(row.note, fits))}</text>'
                )
            for series, bar, k in zip(self.series, row.bars, range(len(self.series)), strict=True):
                by = y0 + k * (self.bar_height + gap)
                out.append(self._bar(row, series, bar, by, x, lo))
            if index:
                out.append(
                    f'<line x1="8" y1="{_num(top + index * row_height)}" x2="{self.width - 8}" '
                    f'y2="{_num(top + index * row_height)}" stroke="{GRID}" stroke-width="0.6"/>'
                )
        out.append("</svg>")
        return "".join(out)

    def _bar(self, row: Row, series: Series, bar: Bar, y: float, x: Callable[[float], float], lo: float) -> str:
        h = self.bar_height
        data = f'data-row="{_text(row.label)}" data-series="{_text(series.name)}"'
        if bar.value is None:
            return (
                f'<g class="not-reported" {data} data-value=""><title>{_text(f"{row.label}: {bar.missing}")}</title>'
                f'<rect x="{_num(x(max(lo, 0.0)))}" y="{_num(y)}" width="14" height="{h}" fill="none" '
                f'stroke="{NOT_REPORTED}" stroke-dasharray="3 2"/>'
                f'<text x="{_num(x(max(lo, 0.0)) + 20)}" y="{_num(y + h - 3)}" fill="{MUTED}" font-style="italic">'
                f"{_text(bar.missing)}</text></g>"
            )
        zero = x(max(lo, 0.0))
        end = x(bar.value)
        start, width = min(zero, end), abs(end - zero)
        label = self._label(bar)
        tip = f"{row.label}, {series.name}: {label}"
        parts = [
            f'<g class="bar" {data} data-value="{bar.value!r}"><title>{_text(tip)}</title>'
            f'<rect x="{_num(start)}" y="{_num(y)}" width="{_num(width)}" height="{h}" fill="{series.color}" '
            f'rx="1.5"/>'
        ]
        text_x = max(zero, end)
        if bar.low is not None and bar.high is not None:
            cy, x1, x2 = y + h / 2, x(bar.low), x(bar.high)
            parts.append(
                f'<path class="whisker" d="M{_num(x1)} {_num(cy)}H{_num(x2)}M{_num(x1)} {_num(y + 2)}V{_num(y + h - 2)}'
                f'M{_num(x2)} {_num(y + 2)}V{_num(y + h - 2)}" stroke="{INK}" stroke-width="1.2" fill="none" '
                f'data-low="{bar.low!r}" data-high="{bar.high!r}"/>'
            )
            text_x = max(text_x, x2)
        parts.append(f'<text class="value" x="{_num(text_x + 5)}" y="{_num(y + h - 3)}">{_text(label)}</text></g>')
        return "".join(parts)

    def _label(self, bar: Bar) -> str:
        if bar.value is None:
            return ""
        return bar.label if bar.label is not None else self.value_format(bar.value)


def _shorten(text: str, chars: int) -> str:
    """The text, cut with an ellipsis to fit a label column (the full text stays in the SVG's title)."""
    return text if len(text) <= chars else text[: max(1, chars - 1)].rstrip() + "\u2026"


def _legend(series: Sequence[Series], x0: float, y: float, x_max: float) -> tuple[str, float]:
    """A swatch and a name per series, wrapped onto more lines when they do not fit: (svg, height)."""
    out, x, lines = ['<g class="legend">'], x0, 1
    for s in series:
        item = 16 + CHAR_WIDTH * len(s.name)
        if x > x0 and x + item > x_max:
            x, y, lines = x0, y + 18, lines + 1
        out.append(f'<rect x="{_num(x)}" y="{_num(y - 9)}" width="11" height="11" fill="{s.color}" rx="1.5"/>')
        out.append(f'<text x="{_num(x + 16)}" y="{_num(y)}">{_text(s.name)}</text>')
        x += item + 18
    out.append("</g>")
    return "".join(out), 18 * lines + 4


def _fitting_ticks(low: float, high: float, room: float, fmt: Format) -> list[float]:
    """Nice ticks, as many as fit side by side in `room` pixels without their labels touching."""
    count = 5
    while True:
        ticks = nice_ticks(low, high, count)
        widest = max(len(fmt(t)) for t in ticks) * CHAR_WIDTH + 14
        if count <= 2 or widest * len(ticks) <= room:
            return ticks
        count -= 1


# ---- lines over days ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A series of (day, value) points; a None value breaks the line (a day the platform did not report)."""

    name: str
    color: str
    points: Sequence[tuple[date, float | None]]


@dataclass
class LineChart:
    lines: Sequence[Line]
    axis_label: str
    value_format: Format = default_format
    connect: bool = True  # False: points only (sparse days, where a line would invent the days between)
    width: int = WIDTH
    height: int = 300
    title: str = ""

    def svg(self) -> str:
        known = [(d, v) for line in self.lines for d, v in line.points if v is not None]
        days = [d for line in self.lines for d, _ in line.points]
        if not days:
            raise ValueError("a line chart needs at least one day")
        first, last = min(days), max(days)
        if last == first:
            last = first + timedelta(days=1)
        values = [v for _, v in known]
        ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]) or 1.0)
        lo, hi = ticks[0], ticks[-1]
        left = 16 + CHAR_WIDTH * max(len(self.value_format(t)) for t in ticks) + 8
        legend, legend_height = _legend([Series(line.name, line.color) for line in self.lines], left, 14, self.width)
        right, top, bottom = self.width - 18, legend_height + 12, self.height - 44

        def x(day: date) -> float:
            return left + (day - first).days / (last - first).days * (right - left)

        def y(value: float) -> float:
            return bottom - (value - lo) / (hi - lo) * (bottom - top)

        out = [
            f'<svg class="chart lines" viewBox="0 0 {self.width} {self.height}" width="{self.width}" '
            f'height="{self.height}" role="img" aria-label="{_text(self.title or self.axis_label)}" '
            f'font-size="{FONT_SIZE}" fill="{INK}">',
            legend,
        ]
        for tick in ticks:
            ty = y(tick)
            out.append(
                f'<line x1="{_num(left)}" y1="{_num(ty)}" x2="{_num(right)}" y2="{_num(ty)}" '
                f'stroke="{INK if tick == 0 else GRID}" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{_num(left - 6)}" y="{_num(ty + 4)}" text-anchor="end" fill="{MUTED}">'
                f"{_text(self.value_format(tick))}</text>"
            )
        for tick in date_ticks(first, last):
            tx = x(tick)
            out.append(
                f'<line x1="{_num(tx)}" y1="{_num(bottom)}" x2="{_num(tx)}" y2="{_num(bottom + 4)}" stroke="{MUTED}"/>'
            )
            out.append(
                f'<text x="{_num(tx)}" y="{_num(bottom + 17)}" text-anchor="middle" fill="{MUTED}">'
                f"{_text(_day_label(tick, first, last))}</text>"
            )
        out.append(
            f'<text class="axis-label" x="12" y="{_num((top + bottom) / 2)}" text-anchor="middle" fill="{MUTED}" '
            f'transform="rotate(-90 12 {_num((top + bottom) / 2)})">{_text(self.axis_label)}</text>'
        )
        for line in self.lines:
            out.append(f'<g class="line" data-series="{_text(line.name)}">')
            if self.connect:
                for run in _runs(line.points):
                    path = "".join(f"{'M' if i == 0 else 'L'}{_num(x(d))} {_num(y(v))}" for i, (d, v) in enumerate(run))
                    out.append(f'<path d="{path}" fill="none" stroke="{line.color}" stroke-width="1.8"/>')
            radius = 3.2 if not self.connect or len(line.points) <= 40 else 1.6
            for d, v in line.points:
                if v is None:
                    continue
                tip = f"{line.name}, {d.isoformat()}: {self.value_format(v)}"
                out.append(
                    f'<circle class="point" cx="{_num(x(d))}" cy="{_num(y(v))}" r="{radius}" fill="{line.color}" '
                    f'data-day="{d.isoformat()}" data-value="{v!r}"><title>{_text(tip)}</title></circle>'
                )
            out.append("</g>")
        out.append("</svg>")
        return "".join(out)


def _runs(points: Sequence[tuple[date, float | None]]) -> list[list[tuple[date, float]]]:
    """The stretches of consecutive known values: a None ends one."""
    runs: list[list[tuple[date, float]]] = [[]]
    for d, v in sorted(points, key=lambda p: p[0]):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((d, v))
    return [run for run in runs if run]


def date_ticks(first: date, last: date) -> list[date]:
    """Readable day ticks: month starts over long spans, the 1st and 15th over a few months, else weeks."""
    span = (last - first).days
    if span > 200:
        candidates = [date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)]
        step = max(1, math.ceil(len([d for d in candidates if first <= d <= last]) / 8))
        ticks = [d for d in candidates if first <= d <= last]
        return ticks[::step]
    if span > 45:
        months = [date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)]
        return [d for m in months for d in (m, m.replace(day=15)) if first <= d <= last]
    step = 7 if span > 14 else 1 if span <= 8 else 2
    return [first + timedelta(days=i) for i in range(0, span + 1, step)]


def _day_label(day: date, first: date, last: date) -> str:
    if (last - first).days > 200:
        return f"{day:%b %Y}"
    return f"{day.day} {day:%b}"
