"""Columnar parsing keeps the row path's contract (see `ingest.exports.columnar`).

Two rules are pinned here: each vector converter returns exactly what its row converter returns, or gives
up; and a file parses to the same table, or fails with the same error, whichever path reads it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from ingest.exports import cells, columnar, csv_table, detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.youtube_reporting import code, video_key, yyyymmdd
from ingest.exports.youtube_studio import _daily_value
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity
from ingest.samples.youtube import ChannelBasicRow, ChartPoint, write_youtube_channel_basic, write_youtube_chart_data

# Cells platforms and spreadsheets write, plain and odd: every converter sees all of them.
ODD_CELLS = [
    "", "-", " ", " - ", "0", "7", "424", "424.0", "424.00", "424.5", "0424", "+5", "-5", "1,234", "12,345.6",
    "1e5", "1.22158E+17", "1225479302868873216.0", "123456789012345678", "1234567890123456789",
    "85.756416666666667", ".5", "5.", ".", "NaN", "inf", "١٢", "12 ", " 12", "\t12", "12\x1c", "\xa012",
    "UCabc_-x", " -HHGH-TTqYM", "mgDmuzA9-iM", "LIVE", "on_demand", " Subscribed ", "ZZ", "us", "Ünïcode",
    "20260610", "20260230", "20261301", "2026061", " 20260610", "2026-06-10", "2026-02-30", "2026-6-10",
    "2026-06-10 ", "2020-02-06 18:00 +0000", "2020-02-06 18:00:59 +0000", "2020-02-30 18:00 +0000",
    "2020-02-06 24:00 +0000", "2020-02-06 18:00 +2400", "2020-02-06 18:00 -0530", "2020-02-06 18:00 Z",
    "1_000", "0x10", "1e", "+.5", "-0", "Infinity", "nan", "1e999", "9223372036854775808",
    "0:04:23", "4:23", "12:00:00", "Sep 27, 2024", "5.02%", "multi\nline", 'quote "inside"', "😀",
]  # fmt: skip

CONVERTERS: dict[str, Callable[[str], object]] = {
    "integer": cells.integer,
    "number": cells.number,
    "identifier": cells.identifier,
    "text": cells.text,
    "trimmed": cells.trimmed,
    "iso_date": cells.iso_date,
    "utc_timestamp": cells.utc_timestamp,
    "yyyymmdd": yyyymmdd,
    "code": code,
    "video_key": video_key,
    "daily_value": _daily_value,
}


def _row_result(convert: Callable[[str], object], cell: str) -> tuple[bool, object]:
    try:
        return True, convert(cell)
    except cells.CellError:
        return False, None


@pytest.mark.parametrize("name", CONVERTERS)
def test_a_vector_converter_returns_what_its_row_converter_returns_or_gives_up(name: str) -> None:
    convert = CONVERTERS[name]
    vector = columnar.vector_for(convert)
    assert vector is not None, f"{name} has no vector twin"
    certain = 0
    for cell in ODD_CELLS:
        result = vector(pa.array([cell], pa.string()))
        if result is None:
            continue
        certain += 1
        converts, expected = _row_result(convert, cell)
        assert converts, f"{name}: the vector accepted {cell!r}, which the row converter rejects"
        assert result.to_pylist() == [expected], f"{name}({cell!r})"
    assert certain >= 1, f"{name} gave up on every cell: the fast path would never run"


@pytest.mark.parametrize("name", CONVERTERS)
def test_a_vector_converter_gives_up_on_a_column_when_one_cell_needs_the_row_path(name: str) -> None:
    convert = CONVERTERS[name]
    vector = columnar.vector_for(convert)
    for cell in ODD_CELLS:
        if vector(pa.array([cell], pa.string())) is not None:
            continue
        plain = [c for c in ODD_CELLS if vector(pa.array([c], pa.string())) is not None]
        column = pa.array([*plain, cell, *plain], pa.string())
        assert vector(column) is None, f"{name}: {cell!r} slipped through inside a column"


def test_plain_platform_cells_take_the_vector_path() -> None:
    counts = columnar.vector_for(cells.integer)(pa.array(["424", "", "-", "424.0"], pa.string()))
    assert counts is not None and counts.to_pylist() == [424, None, None, 424]
    rates = columnar.vector_for(cells.number)(pa.array(["85.756416666666667", "0", ""], pa.string()))
    assert rates is not None and rates.to_pylist() == [85.756416666666667, 0.0, None]
    days = columnar.vector_for(yyyymmdd)(pa.array(["20260610"], pa.string()))
    assert days is not None and days.to_pylist() == [date(2026, 6, 10)]
    times = columnar.vector_for(cells.utc_timestamp)(pa.array(["2020-02-06 18:00 -0530"], pa.string()))
    assert times is not None and times.to_pylist() == [datetime(2020, 2, 6, 23, 30, tzinfo=UTC)]


def test_long_decimals_round_the_same_way_in_arrow_and_python() -> None:
    rng = random.Random(7)
    written = [repr(rng.uniform(0, 10_000) * rng.choice((1, 1e-7, 1e7))) for _ in range(20_000)]
    written = [w for w in written if "e" not in w]
    converted = columnar.vector_for(cells.number)(pa.array(written, pa.string()))
    assert converted is not None
    assert converted.to_pylist() == [float(w) for w in written]


# ---- whole files: both paths, same table or same error -------------------------------------------------------


def _parse(path: Path, *, account_hint: str | None) -> pa.Table:
    export = detect(path)
    ctx = FileContext(path=path, sniff=Sniff.of(path), account_hint=account_hint)
    return pa.Table.from_batches(list(export.parse(ctx)), schema=export.arrow_schema())


def _both_paths(path: Path, monkeypatch: pytest.MonkeyPatch, *, account_hint: str | None = "acct") -> tuple:
    """(columnar outcome, row-path outcome): each a table, or the ExportError's fields."""
    outcomes = []
    for enabled in (True, False):
        monkeypatch.setattr(columnar, "ENABLED", enabled)
        try:
            outcomes.append(_parse(path, account_hint=account_hint))
        except ExportError as error:
            outcomes.append((error.rule, error.row, error.column, error.message))
    return outcomes[0], outcomes[1]


def _channel_rows(count: int, seed: int = 1) -> list[ChannelBasicRow]:
    rng = random.Random(seed)
    return [
        ChannelBasicRow(
            date(2026, 6, 10),
            "UCJgDI_pBbQ4ATUlU5dTekNg",
            f"vid{i:08d}",
            "on_demand",
            rng.choice(("subscribed", "unknown")),
            rng.choice(("US", "DE", "ZZ")),
            rng.randrange(1000),
            rng.randrange(900),
            rng.randrange(50),
            rng.randrange(9),
            rng.randrange(9),
            rng.uniform(0, 900),
            rng.randrange(5),
            rng.randrange(2),
        )  # fmt: skip
        for i in range(count)
    ]


def _write_channel_basic(folder: Path, count: int = 3_000) -> Path:
    return write_youtube_channel_basic(folder / "channel_basic_a3_20260610.csv", _channel_rows(count))


def _edit_line(path: Path, line: int, edit: Callable[[str], str]) -> Path:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line] = edit(lines[line])
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow reads in blocks of a few rows, so a problem deep in a file comes after blocks already read."""
    monkeypatch.setattr(columnar, "ARROW_BLOCK_BYTES", 16 << 10)


def test_a_channel_basic_report_parses_to_the_same_table_on_both_paths(tmp_path, monkeypatch, small_blocks) -> None:
    fast, slow = _both_paths(_write_channel_basic(tmp_path), monkeypatch)
    assert isinstance(fast, pa.Table) and fast.num_rows == 3_000
    assert fast.equals(slow)


def _cell(index: int, value: str) -> Callable[[str], str]:
    """An edit writing `value` into a line's cell `index` (0: date, 2: video_id, 6: views)."""

    def edit(line: str) -> str:
        parts = line.split(",")
        parts[index] = value
        return ",".join(parts)

    return edit


EDITS: dict[str, tuple[int, Callable[[str], str]]] = {
    # (line, edit): each sends the columnar path to the row path somewhere after its first blocks.
    "blank line": (2_500, lambda line: ""),
    "spaces-only line": (2_500, lambda line: "   "),
    "quoted cell": (2_500, lambda line: line.replace("on_demand", '"on_demand"')),
    "trailing empty cell": (2_500, lambda line: line + ","),
    "quoted thousands separator": (2_500, _cell(6, '"1,000"')),
    "scientific count": (2_600, _cell(6, "1.2E+3")),
    "short row": (2_700, lambda line: line.rsplit(",", 3)[0]),
    "impossible date": (2_800, _cell(0, "20260230")),
    "mangled video id": (2_900, _cell(2, "1.22158E+17")),
    "upper-case code": (100, lambda line: line.replace("on_demand", "LIVE")),
    "blank required cell": (2_950, _cell(0, "")),
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_unusual_channel_basic_report_gives_the_same_table_or_error_on_both_paths(
    edit: str, tmp_path, monkeypatch, small_blocks
) -> None:
    line, change = EDITS[edit]
    path = _edit_line(_write_channel_basic(tmp_path), line, change)
    fast, slow = _both_paths(path, monkeypatch)
    if isinstance(slow, pa.Table):
        assert isinstance(fast, pa.Table) and fast.equals(slow)
    else:
        assert fast == slow


def test_arrow_reads_a_plain_file_and_hands_over_to_the_csv_reader_where_they_could_disagree(
    tmp_path, monkeypatch, small_blocks
) -> None:
    plain = _write_channel_basic(tmp_path / "plain")
    blank = _edit_line(_write_channel_basic(tmp_path / "blank"), 2_500, lambda line: "")
    handovers: list[int] = []
    read_by_csv = columnar._csv_chunks

    def spy(table, size, *, skip):
        handovers.append(skip)
        return read_by_csv(table, size, skip=skip)

    monkeypatch.setattr(columnar, "_csv_chunks", spy)
    assert _parse(plain, account_hint="acct").num_rows == 3_000
    assert handovers == [], "a plain file was not read by Arrow to its end"
    assert _parse(blank, account_hint="acct").num_rows == 2_999
    assert len(handovers) == 1 and 0 < handovers[0] < 2_499, f"handed over after {handovers} rows"


def test_a_non_utf8_byte_deep_in_a_file_is_reported_at_its_row_on_both_paths(tmp_path, monkeypatch, small_blocks):
    path = _write_channel_basic(tmp_path)
    data = path.read_bytes().split(b"\n")
    data[2_400] = data[2_400].replace(b"on_demand", b"on_d\xe9mand")
    path.write_bytes(b"\n".join(data))
    fast, slow = _both_paths(path, monkeypatch)
    assert fast == slow and fast[0] == "bad_encoding"


def test_unknown_columns_are_kept_in_extra_the_same_way_on_both_paths(tmp_path, monkeypatch, small_blocks) -> None:
    path = _write_channel_basic(tmp_path, count=500)
    lines = path.read_text().split("\n")
    lines = [lines[0] + ",new_metric,new_label"] + [f"{x},{i},lbl{i}" for i, x in enumerate(lines[1:]) if x] + [""]
    path.write_text("\n".join(lines))
    fast, slow = _both_paths(path, monkeypatch)
    assert isinstance(fast, pa.Table) and fast.equals(slow)
    assert fast.column("_extra")[3].as_py() == [("new_metric", "3"), ("new_label", "lbl3")]


def test_a_chart_export_with_durations_parses_the_same_on_both_paths(tmp_path, monkeypatch, small_blocks) -> None:
    points = [ChartPoint(date(2026, 1, 1 + i // 40 % 28), f"v{i % 40:03d}", i) for i in range(2_000)]
    path = write_youtube_chart_data(tmp_path / "Chart data.csv", points)
    _edit_line(path, 1_500, lambda line: line.rsplit(",", 1)[0] + ",0:04:23")
    fast, slow = _both_paths(path, monkeypatch)
    assert isinstance(fast, pa.Table) and fast.equals(slow)
    assert fast.column("value")[1_499].as_py() == 263.0


QUOTINGS = {
    # a Studio chart row's dimension cell as written, and whether Arrow may read the file: RFC 4180
    # quoting, and the ways a file breaks it (which the strict csv reader must judge)
    "quoted": (b'"US"', True),
    "quoted with delimiter": (b'"U,S"', True),
    "escaped quotes": (b'"U""S"""', True),
    "quoted newline": (b'"U\nS"', True),
    "quote inside unquoted cell": (b'U"S', True),
    "two quotes inside unquoted cell": (b'U""S', True),
    "text after closing quote": (b'"U"S', False),
    "space after closing quote": (b'"US" ', False),
    "text after empty quoted cell": (b'""US', False),
    "escape then text after closing quote": (b'"U"""S', False),
    "ends inside a quoted cell": (b'"US', False),
}


@pytest.mark.parametrize("quoting", QUOTINGS)
def test_quoted_cells_read_the_same_on_both_paths_or_fail_the_same(quoting, tmp_path, monkeypatch, small_blocks):
    points = [ChartPoint(date(2026, 1, 1 + i // 40 % 28), f"v{i % 40:03d}", i) for i in range(2_000)]
    path = write_youtube_chart_data(tmp_path / "Chart data.csv", points)
    lines = path.read_bytes().split(b"\n")
    line = 1_800 if quoting != "ends inside a quoted cell" else len(lines) - 2
    day, _, value = lines[line].split(b",")
    cell, arrow_reads = QUOTINGS[quoting]
    lines[line] = b",".join((day, cell, value))
    path.write_bytes(b"\n".join(lines[: line + 1] if quoting == "ends inside a quoted cell" else lines))
    with csv_table.CsvTable(path) as table:
        assert columnar._arrow_can_read(table)[0] is arrow_reads
    fast, slow = _both_paths(path, monkeypatch)
    if isinstance(slow, pa.Table):
        assert isinstance(fast, pa.Table) and fast.equals(slow)
    else:
        assert fast == slow


def test_x_exports_quote_every_cell_and_arrow_reads_them(tmp_path) -> None:
    posted = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    tweets = [Tweet(str(1_850_000_000_000_000_000 + i), "brand", f"post {i}\nwith 😀", posted, {}) for i in range(3)]
    counts = dict.fromkeys(X_COUNTS, 3)
    tweets = [Tweet(t.tweet_id, t.handle, t.text, t.time, counts) for t in tweets]
    path = write_x_tweet_activity(tmp_path / "tweet_activity_metrics_brand_20261101_20261201_en.csv", tweets)
    with csv_table.CsvTable(path) as table:
        assert columnar._arrow_can_read(table) == (True, True)


@pytest.mark.parametrize("permalink_host", ["twitter.com", "x.com", "example.com"])
def test_x_tweet_activity_parses_the_same_on_both_paths(permalink_host, tmp_path, monkeypatch) -> None:
    counts = dict.fromkeys(X_COUNTS, 3) | {"impressions": 1000, "engagements": 40}
    posted = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    tweets = [
        Tweet(str(1_850_000_000_000_000_000 + i), "brand", f"post {i}\nwith 😀", posted, counts) for i in range(300)
    ]
    path = write_x_tweet_activity(tmp_path / "tweet_activity_metrics_brand_20261101_20261201_en.csv", tweets)
    path.write_text(path.read_text().replace("twitter.com", permalink_host))
    fast, slow = _both_paths(path, monkeypatch, account_hint=None)
    assert isinstance(fast, pa.Table) and fast.equals(slow)
    assert set(fast.column("account_id").to_pylist()) == {"brand"}


def test_real_exports_parse_the_same_on_both_paths(real_exports: Path, monkeypatch) -> None:
    files = [*sorted((real_exports / "x").glob("*.csv")), real_exports / "youtube_studio" / "Chart data.csv"]
    for path in files:
        fast, slow = _both_paths(path, monkeypatch, account_hint="UCreal")
        if isinstance(slow, pa.Table):
            assert isinstance(fast, pa.Table) and fast.equals(slow), path.name
        else:
            assert fast == slow, path.name
