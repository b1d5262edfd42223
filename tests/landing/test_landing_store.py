"""Which landed files count as complete exports: temp names never, markers at once, others once settled."""

from __future__ import annotations

import os
import time

import pytest
from landed_files import LONG_AGO

from ingest.config import LandingSettings
from ingest.landing.stores import LocalLanding, SettleClock, is_export_name, landing_store


def store(home, **settings) -> LocalLanding:
    return LocalLanding(home, LandingSettings(**settings))


def keys(files) -> list[str]:
    return [f.key for f in files]


@pytest.mark.parametrize(
    "key",
    [
        "acme/export.csv.part",
        "acme/export.csv.tmp",
        "acme/export.csv.crdownload",
        "acme/~$report.xlsx",
        "acme/.export.csv.Xy12Zq",  # rsync's hidden temp name
        ".staging/acme/export.csv",
        "acme/export.csv.done",
        "acme/_SUCCESS",
        "acme/export.csv.reason.json",
        "_quarantine/20261101-abc/acme/export.csv",
    ],
)
def test_temp_hidden_marker_and_quarantine_names_are_never_exports(key):
    assert not is_export_name(key)


def test_an_export_in_an_account_folder_is_an_export_name():
    assert is_export_name("acme/Geography 2026/Table data.csv")


def test_only_settled_files_with_export_names_are_complete(home, dropper):
    dropper("acme/settled.csv")
    dropper("acme/half.csv.part")
    dropper("acme/~$open.xlsx")
    dropper(".hidden/acme/x.csv")
    dropper("acme/fresh.csv", modified=None)  # being written right now
    assert keys(store(home, settle_seconds=3600).complete()) == ["acme/settled.csv"]


def test_a_marker_newer_than_the_file_makes_a_fresh_file_complete_at_once(home, dropper):
    dropper("acme/a.csv", modified=None)
    dropper("acme/a.csv.done", b"", modified=None)
    dropper("acme/b.csv", modified=None)
    dropper("acme/b.csv.ready", b"", modified=LONG_AGO)  # older than b.csv: b was rewritten after it
    assert keys(store(home, settle_seconds=3600).complete()) == ["acme/a.csv"]


def test_success_marks_every_file_of_its_folder_only(home, dropper):
    dropper("spark/part-0000.csv", modified=None)
    dropper("spark/part-0001.csv", modified=None)
    dropper("spark/_SUCCESS", b"", modified=None)
    dropper("other/part-0000.csv", modified=None)
    assert keys(store(home, settle_seconds=3600).complete()) == ["spark/part-0000.csv", "spark/part-0001.csv"]


def test_required_markers_leave_settled_files_without_one_out(home, dropper):
    dropper("acme/old.csv")
    dropper("acme/marked.csv")
    dropper("acme/marked.csv.done", b"")
    assert keys(store(home, require_marker=True).complete(wait=True)) == ["acme/marked.csv"]


def test_the_sweep_waits_for_a_fresh_file_and_takes_it_when_it_did_not_change(home, dropper):
    dropper("acme/fresh.csv", modified=time.time() + 3600)  # a future time: only two looks can tell
    assert keys(store(home, settle_seconds=0.05).complete(wait=True)) == ["acme/fresh.csv"]


def test_the_sweep_leaves_out_a_file_that_grew_while_it_waited(home, dropper, monkeypatch):
    growing = dropper("acme/growing.csv", modified=None)
    dropper("acme/done.csv")

    def producer_keeps_writing(seconds: float) -> None:
        with open(growing, "ab") as handle:
            handle.write(b"3,4\n")
        os.utime(growing, (time.time() + 5, time.time() + 5))  # a coarse clock cannot hide the change

    monkeypatch.setattr("ingest.landing.stores.time.sleep", producer_keeps_writing)
    assert keys(store(home, settle_seconds=30).complete(wait=True)) == ["acme/done.csv"]


def test_the_watchers_settle_clock_needs_the_same_file_unchanged_for_the_whole_window(home, dropper, monkeypatch):
    clock = iter([0.0, 10.0, 20.0, 40.0])
    monkeypatch.setattr("ingest.landing.stores.time.monotonic", lambda: next(clock))
    landing, settling = store(home, settle_seconds=15), SettleClock()
    path = dropper("acme/slow.csv", modified=time.time() + 3600)

    assert keys(landing.complete(settling=settling)) == []  # t=0: first seen
    path.write_bytes(path.read_bytes() + b"3,4\n")
    os.utime(path, (time.time() + 3700, time.time() + 3700))
    assert keys(landing.complete(settling=settling)) == []  # t=10: changed, so first seen again
    assert keys(landing.complete(settling=settling)) == []  # t=20: unchanged for 10 s only
    assert keys(landing.complete(settling=settling)) == ["acme/slow.csv"]  # t=40: unchanged for 30 s


def test_a_rewrite_at_the_same_size_changes_the_files_identity(home, dropper):
    path = dropper("acme/a.csv", b"id\n1\n")
    (before,) = store(home).complete()
    path.write_bytes(b"id\n2\n")
    os.utime(path, (LONG_AGO + 60, LONG_AGO + 60))
    (after,) = store(home).complete()
    assert (before.size, before.key) == (after.size, after.key)
    assert before.identity != after.identity


def test_landing_is_the_local_folder_unless_a_bucket_is_configured(home, monkeypatch):
    assert landing_store(home).location == str(home.landing)
    monkeypatch.setenv("RESONANCE_LANDING_URL", "/srv/landing")
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        landing_store(home)
