"""Which sources went silent: a source that stops delivering is the failure nobody sees, because nothing fails.

A source is one (platform, account, export type) as the ledger (`meta.loads`) has seen it. It is silent when
its last *loaded* file is older than the window of its export type (a duplicate re-drop or a rejected file
is not fresh data); a source only ever seen in rejected files counts from its first file.

Windows are configuration, not code: `$RESONANCE_HOME/freshness.toml` (per deployment, beside the data it
judges) sets a default and per-export-type windows; without the file, `DEFAULT_WINDOW` applies:

    default = "8d"                # a weekly export, plus a day of grace

    [windows]
    meta_ads_api = "36h"          # daily API pull
    youtube_studio_content = "32d"

Durations are a number and a unit (`m`, `h`, `d`, `w`). A window for an export type this version does not
know is an error naming the known ones, so a typo cannot silently turn a check off.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ingest.config import Paths

DEFAULT_WINDOW = timedelta(days=8)
CONFIG_NAME = "freshness.toml"
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class FreshnessConfigError(ValueError):
    pass


def parse_window(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*", str(text))
    if not match:
        raise FreshnessConfigError(f"window {text!r}: write a number and a unit (m, h, d, w), e.g. '36h' or '8d'")
    return timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})


def format_window(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    return f"{hours / 24:g}d" if hours >= 48 and hours % 24 == 0 else f"{hours:g}h"


@dataclass(frozen=True)
class Windows:
    default: timedelta = DEFAULT_WINDOW
    by_export_type: dict[str, timedelta] = field(default_factory=dict)

    def for_export_type(self, export_type: str) -> timedelta:
        return self.by_export_type.get(export_type, self.default)

    @classmethod
    def load(cls, home: Paths) -> Windows:
        path = home.root / CONFIG_NAME
        if not path.exists():
            return cls()
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise FreshnessConfigError(f"{path}: {error}") from error
        unknown_keys = set(document) - {"default", "windows"}
        if unknown_keys:
            raise FreshnessConfigError(f"{path}: unknown keys {sorted(unknown_keys)}; expected 'default', [windows]")
        from ingest.exports import EXPORT_TYPES

        known = {export.name for export in EXPORT_TYPES}
        windows = document.get("windows", {})
        unknown_types = sorted(set(windows) - known)
        if unknown_types:
            raise FreshnessConfigError(
                f"{path}: no export type named {', '.join(unknown_types)}; known: {', '.join(sorted(known))}"
            )
        return cls(
            default=parse_window(document["default"]) if "default" in document else DEFAULT_WINDOW,
            by_export_type={name: parse_window(text) for name, text in windows.items()},
        )


@dataclass(frozen=True)
class SourceFreshness:
    platform: str
    account_id: str | None
    export_type: str
    last_loaded_at: datetime | None
    first_seen_at: datetime
    files_loaded: int
    window: timedelta
    silent_for: timedelta

    @property
    def silent(self) -> bool:
        return self.silent_for > self.window

    def line(self) -> str:
        heard = f"last loaded {self.last_loaded_at:%Y-%m-%d %H:%M} UTC" if self.last_loaded_at else "never loaded"
        return (
            f"{self.platform} / {self.account_id or '?'} / {self.export_type}: {heard}, "
            f"silent for {format_window(self.silent_for)} (window {format_window(self.window)})"
        )

    def as_dict(self) -> dict:
        return {
            "platform": self.platform,
            "account_id": self.account_id,
            "export_type": self.export_type,
            "last_loaded_at": self.last_loaded_at.isoformat() if self.last_loaded_at else None,
            "first_seen_at": self.first_seen_at.isoformat(),
            "files_loaded": self.files_loaded,
            "window_hours": self.window.total_seconds() / 3600,
            "silent_hours": round(self.silent_for.total_seconds() / 3600, 2),
            "silent": self.silent,
        }


SOURCES_SQL = """
select export_type,
       coalesce(account_id, '') as account_id,
       min(raw_tables[1]) as raw_table,
       max(finished_at) filter (where status = 'loaded') as last_loaded_at,
       min(started_at) as first_seen_at,
       count(*) filter (where status = 'loaded') as files_loaded
from meta.loads
where export_type is not null
group by all
order by export_type, account_id
"""


def source_freshness(home: Paths, now: datetime | None = None, windows: Windows | None = None) -> list[SourceFreshness]:
    """Every source the ledger knows, with how long it has been silent. Opens the writer's file read-only:
    even so it blocks a writer in another process, hence the pool in the freshness DAG."""
    from ingest import warehouse

    now = now or datetime.now(UTC)
    windows = windows or Windows.load(home)
    if not home.writer_db.exists():
        return []
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        has_ledger = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = 'loads'"
        ).fetchone()[0]
        rows = con.execute(SOURCES_SQL).fetchall() if has_ledger else []
    finally:
        con.close()
    sources = []
    for export_type, account_id, raw_table, last_loaded_at, first_seen_at, files_loaded in rows:
        since = last_loaded_at or first_seen_at
        sources.append(
            SourceFreshness(
                platform=_platform(export_type, raw_table),
                account_id=account_id or None,
                export_type=export_type,
                last_loaded_at=last_loaded_at,
                first_seen_at=first_seen_at,
                files_loaded=files_loaded,
                window=windows.for_export_type(export_type),
                silent_for=max(now - since, timedelta(0)),
            )
        )
    return sources


def silent_sources(home: Paths, now: datetime | None = None) -> list[SourceFreshness]:
    return [source for source in source_freshness(home, now) if source.silent]


def _platform(export_type: str, raw_table: str | None) -> str:
    """The export type's declared platform; for a type this version no longer registers, the raw table's
    `<platform>__` prefix (the raw tables' naming contract)."""
    from ingest.exports import by_name

    try:
        return by_name(export_type).platform
    except KeyError:
        return (raw_table or "?").split("__")[0]
