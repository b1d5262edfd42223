"""Accounts are never invented: a file's account is what the file says, the first folder under landing (or
under a folder given to `resonance ingest`), or `--account`; anything else is 'missing_account'."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import warehouse
from ingest.cli import EXIT_OK, EXIT_REJECTED, main
from ingest.config import Paths
from ingest.load.loader import ingest_landing, ingest_paths
from ingest.samples import generate_samples


def accounts(home: Paths) -> set[tuple[str, str]]:
    """(raw table, account_id) for every raw table that has an account."""
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.columns"
                " where table_schema = 'raw' and column_name = 'account_id'"
            ).fetchall()
        ]
        return {
            (table, account)
            for table in tables
            for (account,) in con.execute(f"select distinct account_id from raw.{warehouse.quote(table)}").fetchall()
        }
    finally:
        con.close()


def test_the_readme_samples_then_ingest_load_into_the_same_accounts_as_the_demo(tmp_path: Path, monkeypatch) -> None:
    exports = tmp_path / "exports"
    cli_home = Paths(tmp_path / "cli-home").ensure()
    monkeypatch.setenv("RESONANCE_HOME", str(cli_home.root))
    assert main(["samples", str(exports)]) == EXIT_OK
    assert main(["ingest", str(exports)]) == EXIT_OK

    demo_home = Paths(tmp_path / "demo-home").ensure()
    generate_samples(demo_home.landing)
    assert {r.status for r in ingest_landing(demo_home)} == {"loaded"}

    loaded = accounts(cli_home)
    assert loaded == accounts(demo_home)
    # the sub-folders platforms write (a dated Studio folder, a Hive-style partition, the API's name) are
    # not accounts, and the three TikTok creators stay three
    folders = {a for _, a in loaded} & {"reporting-api", "currency=USD"}
    assert not folders and not any(a.startswith("Content ") for _, a in loaded)
    tiktok_content = {a for t, a in loaded if t == "tiktok__studio_content"}
    assert tiktok_content == {"northwindgear-tiktok", "sam_climbs", "trailmix_ana"}


def studio_table(tmp_path: Path) -> Path:
    """A YouTube Studio 'Table data.csv' (it names no channel) from the samples, in its dated sub-folder."""
    samples = tmp_path / "samples"
    generate_samples(samples)
    (path,) = [p for p in samples.rglob("Table data.csv") if "Content" in p.parent.name][:1]
    return path


def test_a_file_outside_landing_that_names_no_account_is_rejected_with_how_to_fix_it(home, tmp_path) -> None:
    path = studio_table(tmp_path)
    (result,) = ingest_paths([path], home)
    assert (result.status, result.reason_rule) == ("rejected", "missing_account")
    assert "landing/" in result.reason and "--account" in result.reason
    assert accounts(home) == set()


def test_account_option_names_the_account_of_a_file_outside_landing(home, tmp_path) -> None:
    path = studio_table(tmp_path)
    assert main(["ingest", str(path), "--account", "northwind-yt"]) == EXIT_OK
    assert {a for _, a in accounts(home)} == {"northwind-yt"}
    assert main(["ingest", str(path)]) == EXIT_OK  # the same bytes again: a duplicate, whatever the account


@pytest.mark.parametrize("where", ["landing", "given folder"])
def test_the_first_folder_names_the_account_in_landing_and_in_a_folder_given_to_ingest(
    home, tmp_path, where: str
) -> None:
    root = home.landing if where == "landing" else tmp_path / "drop"
    source = studio_table(tmp_path)
    path = root / "northwind-yt" / source.parent.name / source.name
    path.parent.mkdir(parents=True)
    path.write_bytes(source.read_bytes())
    target = path if where == "landing" else root
    assert main(["ingest", str(target)]) in (EXIT_OK, EXIT_REJECTED)
    assert {a for _, a in accounts(home)} == {"northwind-yt"}
