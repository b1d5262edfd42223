"""The fault corpus: every way a dropped file can be wrong, each as a function that writes it into an
account folder of landing, beside the good export every case shares.

Each `Fault` names the outcome the loader must give it: the ledger status and rule, and fragments the
reason must contain. `test_fault_corpus.py` sweeps landing with each one through `resonance sweep`, the
command that runs what the ingest DAG runs.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ingest.samples.tiktok import OverviewDay, write_tiktok_overview
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity

ACCOUNT = "northwindgear"
GOOD_NAME = "tweet_activity_metrics_northwindgear_20261101_20261201_en.csv"
SETTLED = datetime(2026, 11, 2, tzinfo=UTC).timestamp()  # older than landing's settle window


def tweet(n: int, impressions: int = 100) -> Tweet:
    counts = dict.fromkeys(X_COUNTS, 0) | {"impressions": impressions, "engagements": 5, "likes": 3}
    posted = datetime(2026, 11, 2, 15, tzinfo=UTC)
    return Tweet(str(1_850_000_000_000_000_000 + n), ACCOUNT, f"post {n}", posted, counts)


def good_export(folder: Path, name: str = GOOD_NAME, first: int = 0, rows: int = 3) -> Path:
    """A valid X tweet activity export: the good file every case is dropped beside."""
    folder.mkdir(parents=True, exist_ok=True)
    return write_x_tweet_activity(folder / name, [tweet(first + n) for n in range(rows)])


@dataclass(frozen=True)
class Fault:
    name: str
    make: Callable[[Path], Path]  # the account folder -> the bad path it wrote
    status: str  # the ledger status of the bad path
    rule: str | None  # its rule (None when it loads)
    fragments: tuple[str, ...] = ()  # what the reason must say


def _text_of_good(folder: Path) -> str:
    scratch = good_export(folder / ".scratch", first=100)
    text = scratch.read_text(encoding="utf-8")
    scratch.unlink()
    scratch.parent.rmdir()
    return text


def truncated(folder: Path) -> Path:
    """A download cut off part-way through a row (inside a quoted field)."""
    text = _text_of_good(folder)
    path = folder / "tweet_activity_metrics_northwindgear_20261001_20261101_en.csv"
    path.write_text(text[: text.rindex('"post ') + 4], encoding="utf-8")
    return path


def wrong_encoding(folder: Path) -> Path:
    """Re-saved as Latin-1 by a spreadsheet: text that is not the UTF-8 the platform writes."""
    text = _text_of_good(folder).replace("post 100", "café crème")
    path = folder / "tweet_activity_metrics_northwindgear_20261001_20261101_en.csv"
    path.write_bytes(text.encode("latin-1"))
    return path


def binary(folder: Path) -> Path:
    """An image saved with a .csv name."""
    path = folder / "export.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    return path


def empty(folder: Path) -> Path:
    path = folder / "export.csv"
    path.write_bytes(b"")
    return path


def huge_line(folder: Path) -> Path:
    """32 MiB without a line break: never read whole into memory to find out it is not a table."""
    path = folder / "export.csv"
    with path.open("wb") as out:
        chunk = b"a" * (1 << 20)
        for _ in range(32):
            out.write(chunk)
    return path


def ten_thousand_columns(folder: Path) -> Path:
    path = folder / "export.csv"
    header = ",".join(f"column_{n}" for n in range(10_000))
    row = ",".join("1" for _ in range(10_000))
    path.write_text(f"{header}\n{row}\n{row}\n", encoding="utf-8")
    return path


def header_only(folder: Path) -> Path:
    text = _text_of_good(folder)
    path = folder / "tweet_activity_metrics_northwindgear_20261001_20261101_en.csv"
    path.write_text(text.splitlines(keepends=True)[0], encoding="utf-8")
    return path


def negative_count(folder: Path) -> Path:
    """A value Great Expectations refuses (impressions below zero)."""
    path = folder / "tweet_activity_metrics_northwindgear_20261001_20261101_en.csv"
    return write_x_tweet_activity(path, [tweet(200), tweet(201, impressions=-5)])


def odd_name(folder: Path) -> Path:
    """A name with spaces, quotes, a tab and non-Latin letters loads like any other."""
    return good_export(folder, name="北風 \"copy\"\t(1) tweet_activity_metrics_northwindgear_20261001_20261101_en.csv",
                       first=300)  # fmt: skip


def named_pipe(folder: Path) -> Path:
    path = folder / "export.csv"
    os.mkfifo(path)
    return path


def symlink_loop(folder: Path) -> Path:
    """A folder linking to its parent: walked once, no hang, nothing loaded twice."""
    link = folder / "loop"
    link.symlink_to(folder, target_is_directory=True)
    return link


def dangling_symlink(folder: Path) -> Path:
    path = folder / "export.csv"
    path.symlink_to(folder / "nowhere.csv")
    return path


def zipped(folder: Path) -> Path:
    """A zip of an export loads its member (`zip!member`)."""
    text = _text_of_good(folder).replace(str(1_850_000_000_000_000_100), str(1_850_000_000_000_000_400))
    path = folder / "download.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tweet_activity_metrics_northwindgear_20261001_20261101_en.csv", text)
    return path


def zip_traversal(folder: Path) -> Path:
    path = folder / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../escape.csv", _text_of_good(folder))
    return path


def zip_bomb(folder: Path) -> Path:
    path = folder / "download.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("Table data.csv", b"0" * (64 << 20))
    return path


def cut_zip(folder: Path) -> Path:
    path = folder / "download.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", "a,b\n1,2\n")
    path.write_bytes(buffer.getvalue()[:-30])  # the central directory cut off
    return path


def tiktok_year_guess_after_export_day(folder: Path) -> Path:
    """A TikTok Studio file (dates without a year) copied so its mtime says January: December 28-31
    would land after the export day."""
    days = [OverviewDay(date(2026, 12, 28 + n), 100, 5, 7, 2, 3) for n in range(4)]
    path = write_tiktok_overview(folder / "Overview.csv", days, exported_at=datetime(2027, 1, 1, tzinfo=UTC))
    stamp = datetime(2026, 12, 30, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return path


FAULTS = [
    Fault("truncated", truncated, "rejected", "truncated_file", ("row 4", "cut off")),
    Fault("wrong_encoding", wrong_encoding, "rejected", "bad_encoding", ("row 2", "not UTF-8")),
    Fault("binary", binary, "rejected", "unknown_export", ("no readable header", "nearest known types")),
    Fault("empty", empty, "rejected", "unknown_export", ("no readable header",)),
    Fault("huge_line", huge_line, "rejected", "unknown_export", ("headers seen: ['aaaaaaaaaa", "a…']")),
    Fault("ten_thousand_columns", ten_thousand_columns, "rejected", "unknown_export", ("'column_11'] and ", " more")),
    Fault("header_only", header_only, "rejected", "header_only", ("no data rows",)),
    Fault("negative_count", negative_count, "rejected", "expectation_failed", ("impressions",)),
    Fault("odd_name", odd_name, "loaded", None),
    Fault("named_pipe", named_pipe, "rejected", "not_a_file", ("named pipe",)),
    Fault("dangling_symlink", dangling_symlink, "rejected", "broken_link", ("nowhere.csv", "does not exist")),
    Fault("zipped", zipped, "loaded", None),
    Fault("zip_traversal", zip_traversal, "rejected", "zip_unsafe", ("outside the folder",)),
    Fault("zip_bomb", zip_bomb, "rejected", "zip_unsafe", ("zip bomb",)),
    Fault("cut_zip", cut_zip, "rejected", "unknown_export", ("not a table",)),
    Fault("tiktok_year_guess", tiktok_year_guess_after_export_day, "rejected", "bad_date", ("row 5", "2026-12-31")),
]
