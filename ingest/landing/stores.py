"""Where exports land: the local folder `$RESONANCE_HOME/landing`, or a prefix of an S3-compatible bucket.

Both stores answer the same three questions for the sweep (`ingest.load.loader.ingest_landing`) and the watcher
(`ingest.landing.watcher.LandingTrigger`): which files are complete, where is a local copy the loader can read, and
where does a rejected file go. Keys are paths relative to the landing root, so the account convention
`<account>/.../<file>` holds for folders and object keys alike.

When is a file complete? Decided here, once, for both:
- Never: hidden names (any path part starting with `.`), Office lock files (`~$*`), the temp names
  producers write to before renaming (`*.tmp`, `*.part`, `*.partial`, `*.crdownload`, `*.download`), reason
  files, the markers themselves, and anything under `_quarantine/`.
- At once, if a marker written after the export says so: `<name>.done` or `<name>.ready` beside it, or
  `_SUCCESS` in its folder (Spark and Hadoop write that). A marker older than the file does not count: the
  file was rewritten after it.
- Otherwise, a local file once it has not changed (size, modification time) for `settle_seconds`: at
  once if it was last modified longer ago than that; if not (or its time is in the future), once two
  looks that far apart see it unchanged. The sweep looks twice rather than load a half-written file; the
  watcher compares its polls. An S3 object once it is listed: an upload (even a multipart one) becomes
  visible only when it is whole.
- With `RESONANCE_LANDING_MARKERS=required`, only files with a marker.

A rejected local file moves to `quarantine/` (the loader does that). A rejected object is quarantined
locally the same way, and moved in the bucket to `<prefix>/_quarantine/<load id>/<key>` with its reason
beside it: out of the listing, so it is not retried forever, and not lost. If the move is not allowed
(read-only credentials), the ledger row still remembers it (see `Loader.pending`).

Nothing here is deleted except our own cached copies. Importing this module is cheap (no s3fs, no
DuckDB): the watcher, which Airflow imports at DAG parse time, uses it.
"""

from __future__ import annotations

import logging
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

from ingest.config import DEFAULT_BRAND, LandingSettings, Paths

log = logging.getLogger(__name__)

TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".reason.json")
MARKER_SUFFIXES = (".done", ".ready")
FOLDER_MARKER = "_SUCCESS"
QUARANTINE_PREFIX = "_quarantine"
# On S3, a brand other than the default lands under `<prefix>/_brands/<id>/` (its own prefix, as a brand has
# its own folder locally); the default brand's listing of `<prefix>/` skips that subtree.
BRANDS_PREFIX = "_brands"


@dataclass(frozen=True)
class LandingFile:
    """One file in landing as a store lists it. `source` is what the ledger records (a local path or a URL)."""

    key: str  # relative to the landing root, `/`-separated: "<account>/.../<name>"
    size: int
    modified: datetime  # UTC
    version: str  # local: mtime in ns; S3: the ETag
    source: str

    @property
    def identity(self) -> str:
        """Stable while the file does not change; a rewrite (even at the same size) gives a new one."""
        return f"{self.key}|{self.size}|{self.version}"

    @property
    def name(self) -> str:
        return PurePosixPath(self.key).name


def is_export_name(key: str) -> bool:
    """Could this key be an export (not a temp file, a marker, a hidden file or quarantine)?"""
    parts = PurePosixPath(key).parts
    if not parts or parts[0] in (QUARANTINE_PREFIX, BRANDS_PREFIX) or any(part.startswith(".") for part in parts):
        return False
    name = parts[-1]
    return not (name.startswith("~$") or name == FOLDER_MARKER or name.endswith(TEMP_SUFFIXES + MARKER_SUFFIXES))


def select_complete(
    listing: Iterable[LandingFile],
    *,
    now: datetime,
    settle_seconds: float,
    require_marker: bool,
    atomic_writes: bool,
) -> tuple[list[LandingFile], list[LandingFile]]:
    """Split a raw listing into (complete, still settling) exports; markers and temp files are in neither."""
    entries = list(listing)
    markers: dict[str, datetime] = {}  # key of the file (or folder + "/") a marker vouches for -> marker time
    for entry in entries:
        if entry.name == FOLDER_MARKER:
            markers[str(PurePosixPath(entry.key).parent) + "/"] = entry.modified
        elif entry.key.endswith(MARKER_SUFFIXES):
            markers[entry.key.rsplit(".", 1)[0]] = entry.modified
    complete: list[LandingFile] = []
    settling: list[LandingFile] = []
    settle = timedelta(seconds=settle_seconds)
    for entry in sorted(entries, key=lambda e: e.key):
        if not is_export_name(entry.key):
            continue
        vouched = [
            markers.get(entry.key),
            markers.get(str(PurePosixPath(entry.key).parent) + "/"),
        ]
        marked = any(at is not None and at >= entry.modified for at in vouched)
        if marked or (not require_marker and (atomic_writes or now - entry.modified >= settle)):
            complete.append(entry)
        elif not require_marker:
            settling.append(entry)
    return complete, settling


class SettleClock:
    """When each fresh file was first seen in its current state, by this process's monotonic clock: a file
    whose modification time is in the future (clock skew, an unpacked archive) still settles."""

    def __init__(self) -> None:
        self.first_seen: dict[str, float] = {}

    def unchanged_for(self, seconds: float, fresh: list[LandingFile]) -> list[LandingFile]:
        now = time.monotonic()
        self.first_seen = {e.identity: self.first_seen.get(e.identity, now) for e in fresh}
        return [e for e in fresh if now - self.first_seen[e.identity] >= seconds]


class LandingStore(ABC):
    """Lists complete exports, hands the loader a local copy, quarantines rejected originals."""

    remote: bool = False
    atomic_writes: bool = False
    # How much later than a file's recorded change a load must start to prove it saw that version.
    clock_slack = timedelta(0)

    def __init__(self, home: Paths, settings: LandingSettings) -> None:
        self.home = home
        self.settings = settings

    @property
    @abstractmethod
    def location(self) -> str:
        """Where landing is, for people and for the watcher's memory: a local path or an s3:// URL."""

    @abstractmethod
    def listing(self) -> list[LandingFile]:
        """Every file under the landing root, markers and temp files included."""

    def complete(self, *, wait: bool = False, settling: SettleClock | None = None) -> list[LandingFile]:
        """Complete exports, in key order. A file still inside its settle window counts once it has stayed
        the same for `settle_seconds`: with `wait`, this call looks again after that long (the sweep); with
        a `SettleClock`, across calls (the watcher, which polls). Otherwise it is left for later."""
        complete, fresh = self._select(self.listing())
        if fresh and settling is not None:
            complete += settling.unchanged_for(self.settings.settle_seconds, fresh)
        elif fresh and wait:
            time.sleep(self.settings.settle_seconds)
            before = {entry.identity for entry in fresh}
            complete, fresh = self._select(self.listing())
            complete += [entry for entry in fresh if entry.identity in before]
        return sorted(complete, key=lambda entry: entry.key)

    def _select(self, listing: list[LandingFile]) -> tuple[list[LandingFile], list[LandingFile]]:
        return select_complete(
            listing,
            now=datetime.now(UTC),
            settle_seconds=self.settings.settle_seconds,
            require_marker=self.settings.require_marker,
            atomic_writes=self.atomic_writes,
        )

    @abstractmethod
    def fetch(self, file: LandingFile) -> Path:
        """A local path holding the file's bytes, named like the export (detection reads the name)."""

    def release(self, file: LandingFile, local: Path) -> None:
        """Done with the local copy from `fetch` (a remote store deletes its cached copy)."""
        return None  # a local file is read in place and stays where it is

    def quarantine(self, file: LandingFile, load_id: str, reason_json: str) -> str | None:
        """Move a rejected original out of landing, its reason beside it; return where it went."""
        return None

    @abstractmethod
    def put(self, key: str, data: bytes) -> str:
        """Write a complete export at `key` (a producer's write: never seen half-written); return where."""


class LocalLanding(LandingStore):
    """`$RESONANCE_HOME/landing`. The loader reads files in place and moves rejected ones itself."""

    @property
    def location(self) -> str:
        return str(self.home.landing)

    def listing(self) -> list[LandingFile]:
        root = self.home.landing
        found: list[LandingFile] = []
        if not root.is_dir():
            return found
        seen_folders: set[tuple[int, int]] = set()
        # Symlinked folders are followed (an account folder linked in from elsewhere is landing too); a link
        # back to a folder already walked (a loop) is not entered twice.
        for folder, subfolders, names in os.walk(root, followlinks=True):
            here = os.stat(folder)
            if (here.st_dev, here.st_ino) in seen_folders:
                subfolders[:] = []
                continue
            seen_folders.add((here.st_dev, here.st_ino))
            subfolders[:] = [s for s in subfolders if not s.startswith(".")]
            for name in names:
                path = Path(folder) / name
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    if not path.is_symlink():  # moved away while we listed
                        continue
                    stat = path.lstat()  # a link to nothing: listed, so the loader says so (`broken_link`)
                found.append(
                    LandingFile(
                        key=path.relative_to(root).as_posix(),
                        size=stat.st_size,
                        modified=datetime.fromtimestamp(stat.st_mtime, UTC),
                        version=str(stat.st_mtime_ns),
                        source=str(path),  # not resolved: a symlink's account is its landing folder
                    )
                )
        return found

    def fetch(self, file: LandingFile) -> Path:
        return Path(file.source)

    def put(self, key: str, data: bytes) -> str:
        """Temp name, fsync, rename, then a `.done` marker: complete at once, never listed half-written."""
        path = self.home.landing / PurePosixPath(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
        path.with_name(path.name + ".done").touch()
        return str(path)


class S3Landing(LandingStore):
    """A prefix of an S3-compatible bucket, through fsspec's s3fs (Airflow's `ObjectStoragePath` would need
    the Amazon provider for `s3://`). Listings are never cached: a watcher polls the same prefix for days."""

    remote = True
    atomic_writes = True
    clock_slack = timedelta(seconds=1)  # S3 reports LastModified in whole seconds

    def __init__(self, home: Paths, settings: LandingSettings) -> None:
        super().__init__(home, settings)
        import s3fs  # a second or two to import: only when landing is really on S3

        assert settings.url is not None
        self.root = settings.url[len("s3://") :].strip("/")
        if home.brand != DEFAULT_BRAND:
            self.root += f"/{BRANDS_PREFIX}/{home.brand}"
        self.fs = s3fs.S3FileSystem(
            endpoint_url=settings.endpoint_url, use_listings_cache=False, skip_instance_cache=True
        )

    @property
    def location(self) -> str:
        return f"s3://{self.root}"

    def listing(self) -> list[LandingFile]:
        self.fs.invalidate_cache()
        try:
            objects = self.fs.find(self.root, detail=True)
        except FileNotFoundError:
            return []
        found: list[LandingFile] = []
        for name, info in sorted(objects.items()):
            if info.get("type") != "file" or not name.startswith(self.root + "/"):
                continue
            modified = info.get("LastModified") or datetime.now(UTC)
            found.append(
                LandingFile(
                    key=name[len(self.root) + 1 :],
                    size=int(info["size"]),
                    modified=modified.astimezone(UTC),
                    version=str(info.get("ETag", "")).strip('"'),
                    source=f"s3://{name}",
                )
            )
        return found

    def fetch(self, file: LandingFile) -> Path:
        local = self.home.landing_cache / PurePosixPath(file.key)
        local.parent.mkdir(parents=True, exist_ok=True)
        partial = local.with_name(local.name + ".part")
        self.fs.get_file(f"{self.root}/{file.key}", str(partial))
        partial.replace(local)
        return local

    def release(self, file: LandingFile, local: Path) -> None:
        local.unlink(missing_ok=True)

    def put(self, key: str, data: bytes) -> str:
        """One PUT: an object is complete once it is listed."""
        self.fs.pipe_file(f"{self.root}/{key}", data)
        return f"s3://{self.root}/{key}"

    def quarantine(self, file: LandingFile, load_id: str, reason_json: str) -> str | None:
        destination = f"{self.root}/{QUARANTINE_PREFIX}/{load_id}/{file.key}"
        try:
            self.fs.mv(f"{self.root}/{file.key}", destination)
            self.fs.pipe_file(destination + ".reason.json", reason_json.encode())
        except OSError as error:  # s3fs turns AccessDenied and friends into OSError subclasses
            # The ledger remembers the rejection, so the sweep does not retry it; say why it stayed.
            log.warning("could not move rejected %s to %s: %s", file.source, destination, error)
            return None
        return f"s3://{destination}"


def landing_store(home: Paths, settings: LandingSettings | None = None) -> LandingStore:
    """The store `RESONANCE_LANDING_URL` names (the local folder when unset)."""
    settings = settings or LandingSettings.from_env()
    return S3Landing(home, settings) if settings.url else LocalLanding(home, settings)
