"""`resonance ingest` on a folder holding a file of every supported export type loads every one of them."""

from __future__ import annotations

import json

from ingest.cli import EXIT_OK, main
from ingest.exports import EXPORT_TYPES
from ingest.samples import generate_samples, sample_files


def test_ingest_of_a_folder_with_every_export_type_loads_them_all_without_drift(home, tmp_path, capsys):
    folder = tmp_path / "exports"
    generate_samples(folder)
    assert main(["ingest", str(folder)]) == EXIT_OK, capsys.readouterr().out
    capsys.readouterr()

    assert main(["status", "--json"]) == EXIT_OK
    ledger = json.loads(capsys.readouterr().out)["loads"]
    assert len(ledger) == len(sample_files())
    assert {row["status"] for row in ledger} == {"loaded"}
    assert {row["export_type"] for row in ledger} == {export.name for export in EXPORT_TYPES}
    assert all(row["rows_parsed"] > 0 for row in ledger)
    assert [row["file_name"] for row in ledger if row.get("drift_columns")] == []
