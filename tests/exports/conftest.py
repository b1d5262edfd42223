"""Shared fixtures for export-type tests: the real files, a generated landing folder, a parse helper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from ingest.exports import detect
from ingest.exports.base import ExportType, FileContext, Sniff
from ingest.samples import SampleFile, generate_samples, sample_files

Parse = Callable[..., pa.Table]


@pytest.fixture(scope="session")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample landing folder, generated once per session with the default seed. Read-only."""
    folder = tmp_path_factory.mktemp("landing")
    generate_samples(folder)
    return folder


@pytest.fixture(scope="session")
def samples() -> list[SampleFile]:
    """The same samples, in memory: where expected totals come from."""
    return sample_files()


def parse_file(path: Path, *, account_hint: str | None = None, export: ExportType | None = None) -> pa.Table:
    """Detect (unless told the type) and parse a file into one Arrow table."""
    export = export or detect(path)
    ctx = FileContext(path=path, sniff=Sniff.of(path), account_hint=account_hint)
    return pa.Table.from_batches(list(export.parse(ctx)), schema=export.arrow_schema())


@pytest.fixture
def parse() -> Parse:
    return parse_file
