"""Zip exports: YouTube Studio downloads one (`Table data.csv`, `Chart data.csv`, `Totals.csv`), and people zip
exports to send them. Each member is loaded as if it had been dropped alone beside the zip: detected,
parsed, validated and merged on its own, with its own ledger row and, if rejected, its own quarantine and
reason. The ledger names a member `<zip path>!<member>`. The zip gets a ledger row of its own (no export
type, `loaded` once every member was handled), so the sweep does not open it again and the same zip twice
is a `duplicate`.

A zip is refused whole (`zip_unsafe`, quarantined with its reason, nothing of it loaded) when it could
harm the machine rather than hold exports: a member name that leaves the folder (absolute, `..`), more
than `MAX_MEMBERS` members, more than `MAX_TOTAL_BYTES` once unpacked, or a member unpacking to more than
`MAX_RATIO` times its compressed size (a zip bomb). Members are unpacked under the warehouse folder with
the zip's modification time (their as-of where the content names none), read once, then removed. Names
landing never loads (`__MACOSX/`, `.DS_Store`, temp and lock files) are skipped.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ingest.exports.base import ExportError
from ingest.landing.stores import is_export_name

if TYPE_CHECKING:
    from ingest.load.loader import Loader, LoadResult

MAX_MEMBERS = 1_000
MAX_TOTAL_BYTES = 8 * 2**30  # 8 GiB unpacked: a year of the largest daily reports, many times over
MAX_RATIO = 200  # CSV compresses about 10:1; a bomb's members, thousands to one


def is_zip(path: Path) -> bool:
    """A zip of exports, by its content whatever its name: a readable zip that is not an Office document
    (an `.xlsx` is a zip holding `[Content_Types].xml`, and an export in its own right). A file that only
    starts like a zip (a truncated `.xlsx`) is left to the loader, which names what is wrong with it."""
    if not os.path.isfile(path):  # never open a pipe or a device: the loader reports those
        return False
    try:
        with open(path, "rb") as handle:
            if handle.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
                return False
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" not in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def unsafe_reason(members: list[zipfile.ZipInfo]) -> str | None:
    """Why this zip must not be unpacked, or None."""
    if len(members) > MAX_MEMBERS:
        return f"{len(members)} members, more than the {MAX_MEMBERS} a zip of exports may hold"
    for member in members:
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in member.filename or ":" in member.filename:
            return f"member {member.filename!r} would be written outside the folder it is unpacked in"
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            ratio = member.file_size / member.compress_size
            return f"member {member.filename!r} unpacks to {ratio:,.0f} times its size (a zip bomb's ratio)"
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        return f"{total:,} bytes once unpacked, more than {MAX_TOTAL_BYTES:,}"
    return None


def ingest_zip(
    loader: Loader, path: Path, *, account: str | None, as_of: datetime | None, source: str | None = None
) -> list[LoadResult]:
    """The members' results, then the zip's own (see the module docstring). `source` names the zip in the
    ledger when that is not `path` (the bucket object it was fetched from); members are `<source>!<name>`."""
    container = loader.ingest_container(path, source)
    if container.status == "duplicate":
        return [container]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            reason = unsafe_reason(members)
            if reason:
                raise ExportError("zip_unsafe", f"{path.name}: {reason}; nothing of it was loaded")
            account = account or loader.account_hint(path)
            results = _load_members(loader, archive, members, path, container.path, account, as_of)
    except zipfile.BadZipFile as error:
        return [loader.finish_container(container, path, error=ExportError("bad_zip", f"{path.name}: {error}"))]
    except ExportError as error:
        return [loader.finish_container(container, path, error=error)]
    counts = {status: sum(r.status == status for r in results) for status in ("loaded", "duplicate", "rejected")}
    summary = f"{len(results)} members: " + ", ".join(f"{n} {status}" for status, n in counts.items())
    rows = sum(r.rows_parsed for r in results)
    return [*results, loader.finish_container(container, path, summary=summary, rows=rows)]


def _load_members(
    loader: Loader,
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    path: Path,
    name: str,
    account: str | None,
    as_of: datetime | None,
) -> list[LoadResult]:
    folder = loader.home.warehouse / "unzip" / uuid.uuid4().hex
    saved = os.stat(path).st_mtime
    results = []
    try:
        for member in members:
            if not is_export_name(member.filename):
                continue
            unpacked = folder / member.filename
            unpacked.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, open(unpacked, "wb") as target:
                # never more than the member declares: a header that lies about its size is not believed
                shutil.copyfileobj(_bounded(source, member.file_size), target)
            os.utime(unpacked, (saved, saved))
            # loaded as if dropped alone, named `<zip>!<member>` in the ledger and its reason
            member_name = f"{name}!{member.filename}"
            results.append(loader.ingest(unpacked, account=account, as_of=as_of, source=member_name))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


class _bounded:
    """A file-like reader that fails past `limit` bytes."""

    def __init__(self, source, limit: int) -> None:  # noqa: ANN001 - a zipfile member stream
        self.source, self.left = source, limit

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(1 << 20 if size < 0 else size)
        self.left -= len(chunk)
        if self.left < 0:
            raise ExportError("zip_unsafe", "a member unpacks to more bytes than the zip declares for it")
        return chunk
