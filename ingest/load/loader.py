"""Detect, parse, validate and load one file: the load contract.

For every file:
1. Hash it. Bytes already loaded are a `duplicate`: nothing else happens.
2. Detect its export type by content, parse it to Arrow batches, validate each batch with its GX suite.
3. In ONE DuckDB transaction: insert each validated batch into `raw.<table>` (a hash of its natural key
   staged beside), check the key is unique within the file; when some key was stored before, take the
   file's rows back out and MERGE them (a row replaces the stored one only if its as-of is not older);
   write the ledger row in `meta.loads`. Any failure rolls everything back: raw tables are never
   half-loaded.
4. A file that breaks a rule is quarantined (moved out of landing, copied if it came from elsewhere)
   with `<name>.reason.json` beside it, and recorded as `rejected`. Good data loaded before is untouched.

An unexpected error (disk full, a bug) is not the file's fault: the transaction rolls back, the file
stays where it is and the error propagates, so Airflow retries the task.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import duckdb

from ingest import exports, warehouse
from ingest.config import Paths
from ingest.exports.base import LINEAGE_COLUMNS, AsOf, ExportError, ExportType, FileContext, Sniff, arrow_type
from ingest.exports.identity import identity_key
from ingest.landing.stores import LandingFile, LandingStore, is_export_name, landing_store
from ingest.load.validate import validate_batch

if TYPE_CHECKING:
    import pyarrow as pa

# DuckDB's memory budget while loading (`RESONANCE_LOAD_MEMORY_LIMIT` overrides it).
LOAD_MEMORY_LIMIT = "256MB"

# Rows of a file merged into its raw table at once.
MERGE_SLICE_ROWS = 100_000


@dataclass
class LoadResult:
    load_id: str
    path: str
    sha256: str
    size_bytes: int
    started_at: datetime
    status: str  # loaded | rejected | duplicate
    export_type: str | None = None
    raw_tables: list[str] = field(default_factory=list)  # several when one file fills several (see `parts`)
    account_id: str | None = None
    rows_parsed: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_stale: int = 0
    as_of: datetime | None = None
    as_of_source: str | None = None
    drift_columns: list[str] = field(default_factory=list)  # unknown columns kept in `_extra`
    reason_rule: str | None = None
    reason: str | None = None
    reason_row: int | None = None
    reason_column: str | None = None
    quarantine_path: str | None = None
    duration_ms: int = 0

    def line(self) -> str:
        """One line a person reads in a terminal or a task log."""
        name = Path(self.path).name
        if self.status == "loaded":
            return (
                f"loaded     {name} -> {', '.join('raw.' + t for t in self.raw_tables)}: {self.rows_parsed:,} rows "
                f"({self.rows_inserted:,} new, {self.rows_updated:,} updated, {self.rows_stale:,} kept newer)"
                + (f"; drift: unknown columns kept in _extra: {self.drift_columns}" if self.drift_columns else "")
            )
        if self.status == "duplicate":
            return f"duplicate  {name}: {self.reason}"
        return f"rejected   {self.reason}\n           quarantined: {self.quarantine_path}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_of_regular_file(path: Path) -> str:
    """The file's sha256, or an ExportError saying why it cannot be read: gone since landing listed it, no
    permission, or not a regular file (opening a named pipe would block the sweep until a writer came)."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            kind = "named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device or folder"
            raise ExportError("not_a_file", f"{path.name} is a {kind}, not a file: there is nothing to load from it")
        return sha256_of(path)
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            raise ExportError("broken_link", f"{path.name} links to {target}, which does not exist") from None
        raise ExportError("vanished", f"{path.name} was gone when its turn came (moved or deleted)") from None
    except OSError as error:
        message = f"cannot read {path.name}: {error.strerror}; fix it and drop it again"
        raise ExportError("unreadable", message) from None


def account_hint_for(path: Path, home: Paths, roots: Iterable[Path] = ()) -> str | None:
    """The account a file's place names: the first folder under landing (`landing/<account>/...`, also for
    the same key fetched from a bucket into the landing cache) or under one of `roots`, the folders
    `resonance ingest FOLDER` was given, which are read as landing folders. Anywhere else a file names no
    account: a folder such as `Content 2026-12-01` or `currency=USD` is not taken for one, and a file that
    does not say whose it is is rejected as 'missing_account'."""
    for root in (home.landing, home.landing_cache, *roots):
        try:
            relative = _absolute(path).relative_to(_absolute(root))
        except ValueError:
            try:
                relative = _absolute(path).relative_to(root.resolve())
            except ValueError:
                continue
        return relative.parts[0] if len(relative.parts) > 1 else None
    return None


def expand(inputs: Iterable[Path]) -> list[Path]:
    """Files under the given files and folders, in a stable order, by landing's own rule of what can be an
    export (`ingest.landing.stores.is_export_name`: no hidden, temp, marker, Office lock or quarantine names), so
    `resonance ingest FOLDER` never loads what landing would not."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            candidates = sorted(p for p in item.rglob("*") if p.is_file())
            found.extend(p for p in candidates if is_export_name(p.relative_to(item).as_posix()))
        elif is_export_name(item.name):
            found.append(item)
    return found


class Loader:
    """Loads files into the writer's DuckDB file through one connection (the single writer)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, home: Paths, *, roots: Iterable[Path] = ()) -> None:
        self.con = con
        self.home = home
        # Folders given to `resonance ingest`: each is read as a landing folder, its first level the accounts.
        self.roots = tuple(roots)
        # The bucket object being loaded (`ingest_landed`), so a rejection moves it aside in its bucket.
        self._landed: tuple[LandingStore, LandingFile] | None = None
        self.identity_key = identity_key(home.secrets)
        # A fixed budget, spilled to `<warehouse>.tmp` beyond it: a file ten times larger loads in the same
        # memory (the benchmark measures it) instead of DuckDB caching its whole stage and MERGE.
        con.execute("set memory_limit = ?", [os.environ.get("RESONANCE_LOAD_MEMORY_LIMIT", LOAD_MEMORY_LIMIT)])
        warehouse.ensure_all(con)

    def account_hint(self, path: Path) -> str | None:
        return account_hint_for(path, self.home, self.roots)

    def ingest(
        self, path: Path, *, account: str | None = None, as_of: datetime | None = None, source: str | None = None
    ) -> LoadResult:
        """Load one file. `source` is the name the ledger and the reason give it when that is not `path`
        (the bucket object a local copy was fetched from, `<zip>!<member>` for a member unpacked)."""
        started = datetime.now(UTC)
        clock = time.perf_counter()
        path = _absolute(path)  # not resolved: a symlink in landing keeps its landing path, and so its account
        try:
            sha = _sha256_of_regular_file(path)
        except ExportError as error:  # gone, unreadable, or a pipe/socket/device: recorded, never raised
            return self._refuse_unreadable(path, started, clock, error, source=source or str(path))
        load_id = f"{started:%Y%m%dT%H%M%S}-{sha[:10]}-{uuid.uuid4().hex[:6]}"
        result = LoadResult(
            load_id=load_id,
            path=source or str(path),
            sha256=sha,
            size_bytes=path.stat().st_size,
            started_at=started,
            status="loaded",
        )

        try:
            if not self._mark_duplicate(result):
                try:
                    self._load(path, result, account=account, as_of=as_of)
                except ExportError as error:
                    self._rollback()
                    self._reject(path, result, error)
                except BaseException:
                    self._rollback()
                    raise
            result.duration_ms = int((time.perf_counter() - clock) * 1000)
            if result.status != "loaded":  # a loaded file's ledger row was written inside its transaction
                self._record(result)
        except Exception as error:
            if _is_disk_full(error):
                raise DiskFull(self.home, path) from error
            raise
        return result

    def _mark_duplicate(self, result: LoadResult) -> bool:
        """A `duplicate` when the same bytes were loaded before (a file, or a zip handled before)."""
        earlier = self.con.execute(
            "select load_id, file_name from meta.loads where sha256 = ? and status = 'loaded' limit 1",
            [result.sha256],
        ).fetchone()
        if earlier:
            result.status = "duplicate"
            result.reason = f"same bytes as {earlier[1]} (load {earlier[0]}); nothing changed"
        return earlier is not None

    def _rollback(self) -> None:
        try:
            self.con.rollback()
        except duckdb.TransactionException:  # the failure came before the transaction began
            pass
        except duckdb.FatalException:  # DuckDB closed the database (a full disk): nothing was committed
            pass

    # ---- the transaction -------------------------------------------------------------------------

    def _load(
        self,
        path: Path,
        result: LoadResult,
        *,
        account: str | None,
        as_of: datetime | None,
    ) -> None:
        sniff = Sniff.of(path)
        export = exports.detect(path, sniff)
        parts = export.parts()
        result.export_type, result.raw_tables = export.name, [p.raw_table for p in parts]
        ctx = FileContext(
            path=path,
            sniff=sniff,
            account_hint=account or self.account_hint(path),
            as_of_override=as_of,
            identity_key=self.identity_key,
        )
        stamp = export.as_of(ctx)
        result.as_of, result.as_of_source = stamp.value, stamp.source
        self._accounts: set[str] = set()

        self.con.begin()
        keys = [(part, self._insert(part, ctx, stamp, result)) for part in parts]
        if result.rows_parsed == 0:
            raise ExportError("header_only", f"{path.name}: no data rows below the header")
        for part, key_stage in keys:
            self._check_unique_key(part, key_stage, path.name, result.load_id)
            self._settle(part, key_stage, result)
            self.con.execute(f"drop table {key_stage}")
        result.drift_columns = sorted(result.drift_columns)
        accounts = self._accounts
        result.account_id = next(iter(accounts)) if len(accounts) == 1 else None
        result.duration_ms = int((datetime.now(UTC) - result.started_at).total_seconds() * 1000)
        self._record(result)
        self.con.commit()

    def _insert(self, export: ExportType, ctx: FileContext, stamp: AsOf, result: LoadResult) -> str:
        """Every batch, once its suite passed, straight into `raw.<table>` inside the file's transaction (a
        rule broken later rolls it back), and one hash of its natural key per row into a temp key stage.

        Only a hash of the key is staged, not the rows: a whole file held in a temp table made the loader's
        memory grow with the file (within DuckDB's budget, but a file ten times larger filled that budget),
        and copying every row twice (stage, then table) was a third of the DuckDB work."""
        target = f"raw.{warehouse.quote(export.raw_table)}"
        key_stage = "keys_" + export.raw_table
        self.con.execute(f"create or replace temp table {key_stage} (key_hash ubigint, _row_number bigint)")
        key = f"hash({', '.join(warehouse.quote(c) for c in _file_key(export))}) as key_hash, _row_number"
        # Inserted through a relation, not a registered view: DuckDB keeps a registered batch alive until the
        # transaction ends, so memory would grow with the file; a relation lets each batch go once inserted.
        order = [warehouse.quote(c[0]) for c in self.con.execute(f"select * from {target} limit 0").description]
        lineage = {
            c.name: v
            for c, v in zip(
                LINEAGE_COLUMNS[2:], (result.load_id, str(ctx.path), stamp.value, stamp.value.date()), strict=True
            )
        }
        has_account = "account_id" in {c.name for c in export.columns}
        drift = set(result.drift_columns)
        for batch in _batches(export, ctx):
            validate_batch(export.raw_table, batch, ctx.path.name)
            rows = self.con.from_arrow(_with_lineage(batch, lineage))
            rows.select(", ".join(order)).insert_into(target)
            rows.select(key).insert_into(key_stage)
            result.rows_parsed += batch.num_rows
            drift.update(_map_keys(batch.column("_extra")))
            if has_account and len(self._accounts) < 2:
                self._accounts.update(_distinct(batch.column("account_id"), 2))
            batch = rows = None  # let this batch go before the parser builds the next one
        result.drift_columns = list(drift)
        return key_stage

    def _check_unique_key(self, export: ExportType, key_stage: str, file_name: str, load_id: str) -> None:
        """No two rows of the file share a natural key. The hashes decide when they all differ (nearly always);
        only a file where two rows share a hash has its keys read back from the table and grouped."""
        if not self.con.execute(f"select 1 from {key_stage} group by key_hash having count(*) > 1 limit 1").fetchone():
            return
        key = _file_key(export)
        cols = ", ".join(warehouse.quote(c) for c in key)
        clash = self.con.execute(
            f"select {cols}, list(_row_number order by _row_number) from raw.{warehouse.quote(export.raw_table)} "
            f"where _load_id = ? group by all having count(*) > 1 order by min(_row_number) limit 1",
            [load_id],
        ).fetchone()
        if clash:
            values = ", ".join(f"{c}={v!r}" for c, v in zip(key, clash[:-1], strict=True))
            rows = clash[-1]
            raise ExportError(
                "duplicate_key",
                f"{file_name}: rows {', '.join(map(str, rows[:5]))} share the natural key ({values}); "
                "a file may hold each key once",
                row=rows[1],
                column=", ".join(key),
            )

    def _settle(self, export: ExportType, key_stage: str, result: LoadResult) -> None:
        """The file's rows are in `raw.<table>` already; when none of its keys was stored before (the usual
        case, a new day or a new account) that was the whole load. Otherwise its rows leave the table again
        for a stage and are merged (`_merge`): an export never overwrites a newer one."""
        target = f"raw.{warehouse.quote(export.raw_table)}"
        on = " and ".join(f"t.{warehouse.quote(c)} = s.{warehouse.quote(c)}" for c in export.natural_key)
        ((staged,),) = self.con.execute(f"select count(*) from {key_stage}").fetchall()
        ((known,),) = self.con.execute(
            f"select count(*) from (from {target} where _load_id = ?) as s "
            f"semi join (from {target} where _load_id <> ?) as t on {on}",
            [result.load_id, result.load_id],
        ).fetchall()
        if not known:
            result.rows_inserted += staged
            return
        stage = "stage_" + export.raw_table
        self.con.execute(f"create or replace temp table {stage} as select * from {target} where _load_id = ?",
                         [result.load_id])  # fmt: skip
        self.con.execute(f"delete from {target} where _load_id = ?", [result.load_id])
        self._merge(export, stage, result)
        self.con.execute(f"drop table {stage}")

    def _merge(self, export: ExportType, stage: str, result: LoadResult) -> None:
        import pyarrow.compute as pc

        target = f"raw.{warehouse.quote(export.raw_table)}"
        on = " and ".join(f"t.{warehouse.quote(c)} = s.{warehouse.quote(c)}" for c in export.natural_key)
        ((staged, first, last),) = self.con.execute(
            f"select count(*), min(_row_number), max(_row_number) from {stage}"
        ).fetchall()
        # An export never overwrites a newer one: a stored row is replaced only by an as-of not older. One
        # join does the MERGE and says what it did to each row; a matched row it left alone was newer.
        # Slices of the file (its keys are unique, so their order does not matter) keep the join's hash
        # table, and so the memory a load needs, the same size for a file of any size.
        counts: dict[str, int] = {}
        for start in range(first, last + 1, MERGE_SLICE_ROWS):
            actions = self.con.sql(
                f"""
                merge into {target} as t
                using (select * from {stage} where _row_number between {start} and {start + MERGE_SLICE_ROWS - 1}) as s
                on ({on})
                when matched and s._as_of >= t._as_of then update set *
                when not matched then insert by name
                returning merge_action
                """
            ).to_arrow_table()
            for row in pc.value_counts(actions.column(0)).to_pylist():
                counts[row["values"]] = counts.get(row["values"], 0) + row["counts"]
        inserted, updated = counts.get("INSERT", 0), counts.get("UPDATE", 0)
        result.rows_inserted += inserted
        result.rows_updated += updated
        result.rows_stale += staged - inserted - updated

    def ingest_all(
        self,
        files: list[Path],
        *,
        account: str | None = None,
        as_of: datetime | None = None,
        on_result: Callable[[int, int, LoadResult], None] | None = None,
    ) -> list[LoadResult]:
        results = []
        for index, path in enumerate(files, start=1):
            for result in self.ingest_file(path, account=account, as_of=as_of):
                results.append(result)
                if on_result:
                    on_result(index, len(files), result)
        return results

    def ingest_file(
        self, path: Path, *, account: str | None = None, as_of: datetime | None = None, source: str | None = None
    ) -> list[LoadResult]:
        """One dropped file: its load, or for a zip (YouTube Studio downloads one) the load of every member,
        each as if dropped alone beside the zip (`ingest.load.unzip`), then the zip's own ledger row."""
        from ingest.load import unzip

        if not unzip.is_zip(path):
            return [self.ingest(path, account=account, as_of=as_of, source=source)]
        return unzip.ingest_zip(self, _absolute(path), account=account, as_of=as_of, source=source)

    def pending(self, store: LandingStore) -> list[LandingFile]:
        """Complete files in landing not seen since they last changed: no ledger row for the same source and
        size began after the file's last change (hashing only the rest). A rejected file has usually left
        landing, and if it could not be moved its ledger row remembers it; a re-dropped fixed file, or one
        rewritten in place, has changed since and is looked at again (the same bytes are a `duplicate`)."""
        files = store.complete(wait=True)
        last_seen = {
            (source, size): started
            for source, size, started in self.con.execute(
                "select source_path, size_bytes, max(started_at) from meta.loads group by all"
            ).fetchall()
        }
        return [
            f
            for f in files
            if (started := last_seen.get((f.source, f.size))) is None or started < f.modified + store.clock_slack
        ]

    def ingest_landed(self, store: LandingStore, file: LandingFile) -> list[LoadResult]:
        """Load one file from the landing store (a zip: each member); the ledger names the original (an
        s3:// URL for a bucket), and a rejected object is moved aside in its bucket (`_reject`)."""
        local = store.fetch(file)
        self._landed = (store, file) if store.remote else None
        try:
            return self.ingest_file(local, source=file.source if store.remote else None)
        finally:
            self._landed = None
            store.release(file, local)

    # ---- zips (ingest.load.unzip): the container's ledger row, and members named inside it --------------------

    def ingest_container(self, path: Path, source: str | None = None) -> LoadResult:
        """A zip's own ledger row, begun: `duplicate` (recorded) when the same bytes were handled before."""
        started = datetime.now(UTC)
        sha = _sha256_of_regular_file(path)
        load_id = f"{started:%Y%m%dT%H%M%S}-{sha[:10]}-{uuid.uuid4().hex[:6]}"
        result = LoadResult(load_id=load_id, path=source or str(path), sha256=sha, size_bytes=path.stat().st_size,
                            started_at=started, status="loaded")  # fmt: skip
        if self._mark_duplicate(result):
            self._record(result)
        return result

    def finish_container(
        self, result: LoadResult, path: Path, *, error: ExportError | None = None, summary: str = "", rows: int = 0
    ) -> LoadResult:
        """Record the zip: `loaded` once every member was handled (the members' rows say how), or `rejected`
        whole (quarantined with its reason) when it could not or must not be unpacked."""
        if error is not None:
            self._reject(path, result, error, headers=[])
        else:
            result.reason, result.rows_parsed = summary, rows
        result.duration_ms = int((datetime.now(UTC) - result.started_at).total_seconds() * 1000)
        self._record(result)
        return result

    # ---- rejection and the ledger ----------------------------------------------------------------

    def _refuse_unreadable(
        self, path: Path, started: datetime, clock: float, error: ExportError, *, source: str
    ) -> LoadResult:
        """A path the loader cannot read gets a `rejected` ledger row with its reason, and leaves landing when
        it still exists (a pipe moved aside is no longer opened by the next sweep); the files after it load."""
        load_id = f"{started:%Y%m%dT%H%M%S}-unreadable-{uuid.uuid4().hex[:6]}"
        result = LoadResult(load_id=load_id, path=source, sha256="", size_bytes=0, started_at=started,
                            status="rejected", reason_rule=error.rule, reason=error.message)  # fmt: skip
        if (path.exists() or path.is_symlink()) and _is_under(path, self.home.landing):
            folder = self.home.quarantine / load_id
            folder.mkdir(parents=True, exist_ok=True)
            destination = folder / path.name
            with contextlib.suppress(OSError):  # a folder we may not write: the ledger row still remembers it
                os.replace(path, destination)  # a rename: never opens (and so never blocks on) the path
                reason = {"file": source, "rule": error.rule, "message": error.message, "load_id": load_id,
                          "what_to_do": "Remove it from landing, or drop a readable copy of the export."}  # fmt: skip
                (folder / f"{path.name}.reason.json").write_text(json.dumps(reason, indent=2) + "\n")
                result.quarantine_path = str(destination)
        result.duration_ms = int((time.perf_counter() - clock) * 1000)
        self._record(result)
        return result

    def _reject(self, path: Path, result: LoadResult, error: ExportError, headers: list[str] | None = None) -> None:
        result.status = "rejected"
        result.rows_inserted = result.rows_updated = result.rows_stale = 0
        result.reason_rule, result.reason = error.rule, error.message
        result.reason_row, result.reason_column = error.row, error.column
        if headers is None:
            headers = error.headers or _headers(path)  # read before the file leaves landing
        folder = self.home.quarantine / result.load_id
        folder.mkdir(parents=True, exist_ok=True)
        destination = folder / path.name
        if _is_under(path, self.home.landing):
            shutil.move(path, destination)  # out of landing, so the sweep does not retry it forever
        else:
            shutil.copy2(path, destination)  # never move a file the user pointed at elsewhere
        reason = {
            "file": result.path,
            "rule": error.rule,
            "message": error.message,
            "row": error.row,
            "column": error.column,
            "value": None if error.value is None else str(error.value)[:200],
            "export_type": result.export_type,
            "headers_seen": headers,
            "failed_expectations": getattr(error, "details", None),
            "load_id": result.load_id,
            "what_to_do": "Fix the file (or the export settings) and drop it into landing again.",
        }
        if self._landed and self._landed[1].source == result.path:  # an object of a bucket: moved aside there
            store, file = self._landed
            reason["quarantined_object"] = store.quarantine(file, result.load_id, json.dumps(reason, indent=2))
        (folder / f"{path.name}.reason.json").write_text(json.dumps(reason, indent=2, default=str) + "\n")
        result.quarantine_path = str(destination)

    def _record(self, result: LoadResult) -> None:
        row = asdict(result)
        source = row.pop("path")  # a path, `<zip>!<member>` or an object URL: kept as written
        row.update(source_path=source, file_name=PurePosixPath(source).name, finished_at=datetime.now(UTC))
        columns = list(row)
        self.con.execute(
            f"insert into meta.loads ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns],
        )


def _batches(export: ExportType, ctx: FileContext) -> Iterator:
    try:
        yield from export.parse(ctx)
    except ExportError:
        raise
    except UnicodeDecodeError as error:
        raise ExportError(
            "bad_encoding",
            f"{ctx.path.name}: not valid {ctx.sniff.encoding or 'text'} at byte {error.start}; "
            "export the file again as UTF-8 (or the platform's original encoding)",
        ) from error


def _with_lineage(batch: pa.RecordBatch, lineage: dict[str, object]) -> pa.RecordBatch:
    """The batch with the loader's lineage columns (`LINEAGE_COLUMNS` after the parser's two: one value each,
    on every row) appended."""
    import pyarrow as pa

    arrays, fields = [*batch.columns], [*batch.schema]
    for column in LINEAGE_COLUMNS[2:]:
        type_ = arrow_type(column.type)
        arrays.append(pa.repeat(pa.scalar(lineage[column.name], type=type_), batch.num_rows))
        fields.append(pa.field(column.name, type_))
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _file_key(export: ExportType) -> list[str]:
    """The natural key without its lineage columns (one value per file): what must be unique within a file."""
    return [c for c in export.natural_key if c not in {c.name for c in LINEAGE_COLUMNS}]


def _map_keys(extra: pa.Array) -> list[str]:
    """The distinct keys of a batch's `_extra` map column (the unknown headers it kept)."""
    import pyarrow.compute as pc

    if extra.null_count == len(extra):
        return []
    first, last = extra.offsets[0].as_py(), extra.offsets[-1].as_py()  # `keys` ignores a slice; offsets do not
    return [k for k in pc.unique(extra.keys.slice(first, last - first)).to_pylist() if k is not None]


def _distinct(values: pa.Array, limit: int) -> list[object]:
    import pyarrow.compute as pc

    return pc.unique(values).to_pylist()[:limit]


def _headers(path: Path) -> list[str]:
    try:
        sniff = Sniff.of(path)
    except OSError:
        return []
    return sniff.headers


class DiskFull(Exception):
    """The disk holding the warehouse (or its spill folder, or quarantine) filled up mid-load. The file's
    transaction never committed and DuckDB closes the database after such an error, so the run stops here:
    what loaded before is kept, and this file and the ones after it load on the next run."""

    def __init__(self, home: Paths, path: Path) -> None:
        super().__init__(
            f"no space left on the disk holding {home.warehouse}: stopped at {path.name}, before it committed. "
            "Nothing of it reached the raw tables and the files loaded before it are kept; free some space "
            "(or move RESONANCE_HOME to a larger disk), then run again: it and the files after it load then"
        )


def _is_disk_full(error: BaseException) -> bool:
    """ENOSPC however it surfaces: an OSError, DuckDB's IO or fatal error naming it, or DuckDB's 'Out of
    Memory' when it cannot spill to its temp folder (by default bounded by the free space on that disk)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            return True
        text = str(error)
        if "No space left on device" in text or "failed to offload data block" in text:
            return True
        error = error.__cause__ or error.__context__
    return False


def _is_under(path: Path, folder: Path) -> bool:
    try:
        _absolute(path).relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _absolute(path: Path) -> Path:
    """The path made absolute and normalized, symlinks kept: a link in landing (to a file, or an account folder
    linked from elsewhere) is where the user put it, and names the account by its own folder, not its target's."""
    return Path(os.path.abspath(path))


def ingest_paths(
    inputs: Iterable[Path],
    home: Paths,
    *,
    account: str | None = None,
    as_of: datetime | None = None,
    on_result: Callable[[int, int, LoadResult], None] | None = None,
) -> list[LoadResult]:
    """Load every file under `inputs` through one writer connection, in a stable order."""
    con = warehouse.connect(home.writer_db)
    try:
        inputs = list(inputs)
        loader = Loader(con, home, roots=[item for item in inputs if item.is_dir()])
        return loader.ingest_all(expand(inputs), account=account, as_of=as_of, on_result=on_result)
    finally:
        con.close()


def ingest_landing(
    home: Paths,
    *,
    announced: Iterable[dict] = (),
    on_result: Callable[[int, int, LoadResult], None] | None = None,
) -> list[LoadResult]:
    """The sweep: load what is new and complete in landing (the local folder or the bucket prefix that
    `RESONANCE_LANDING_URL` names, see `ingest.landing.stores`). Idempotent, so a double event or a re-run is
    harmless. `announced` (the `extra` of the landing events that started a run): when they are complete
    watcher events (`announced_keys`), only the files they name load, so the run loads what the events
    name instead of detecting anew; without events (the periodic sweep) everything new loads."""
    from ingest.landing.watcher import announced_keys

    store = landing_store(home)
    only = announced_keys(announced, store.location)
    con = warehouse.connect(home.writer_db)
    try:
        loader = Loader(con, home)
        files = loader.pending(store)
        if only is not None:
            files = [file for file in files if file.key in only]
        results = []
        for index, file in enumerate(files, start=1):
            for result in loader.ingest_landed(store, file):
                results.append(result)
                if on_result:
                    on_result(index, len(files), result)
        return results
    finally:
        con.close()
