"""What a sample export is: where it goes, what type it is, the rows it holds, and how to write it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class SampleFile:
    """One sample export: where it goes under landing, what it is, the rows it holds (in file order)."""

    path: PurePosixPath  # relative to landing; the first folder names the account
    export_type: str  # the registry name of its export type
    rows: tuple
    exported_at: datetime
    write: Callable[[Path, SampleFile], Path] = field(compare=False, repr=False)
    currency: str | None = None

    @property
    def account(self) -> str:
        return self.path.parts[0]
