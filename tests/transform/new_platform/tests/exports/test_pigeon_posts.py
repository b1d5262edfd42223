"""Pigeon posts (the made-up platform of the README's walkthrough): detection, exact parsing of the sample,
and the account taken from the landing folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.exports import detect
from ingest.exports.base import ExportError
from ingest.samples import sample_files, write_sample


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    (pigeon,) = [s for s in sample_files() if s.export_type == "pigeon_posts"]
    return write_sample(tmp_path, pigeon)


def test_the_sample_is_detected_as_pigeon_posts(sample: Path) -> None:
    assert detect(sample).name == "pigeon_posts"


def test_the_sample_parses_with_its_exact_totals_and_the_folder_as_account(sample: Path, parse) -> None:  # noqa: ANN001
    table = parse(sample, account_hint="northwind-pigeon")
    assert table["post_id"].to_pylist() == ["pg7000", "pg7001", "pg7002"]
    assert sum(table["views"].to_pylist()) == 3_300
    assert set(table["account_id"].to_pylist()) == {"northwind-pigeon"}


def test_without_a_landing_folder_the_account_is_missing(sample: Path, parse) -> None:  # noqa: ANN001
    with pytest.raises(ExportError) as caught:
        parse(sample)
    assert caught.value.rule == "missing_account"
