"""Landing on an S3-compatible bucket (moto's server on localhost): the same contract as the local folder."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest

from ingest import warehouse
from ingest.landing.stores import S3Landing
from ingest.landing.watcher import LandingTrigger
from ingest.load.loader import ingest_landing
from ingest.samples import sample_files
from ingest.samples.x import X_COUNTS, Tweet, write_x_tweet_activity


def tweet(tweet_id: str, impressions: int) -> Tweet:
    counts = dict.fromkeys(X_COUNTS, 0)
    counts.update(impressions=impressions, engagements=5, likes=3, retweets=1, replies=1)
    return Tweet(
        tweet_id=tweet_id,
        handle="northwindgear",
        text=f"tweet {tweet_id}",
        time=datetime(2026, 10, 5, 12, 30, tzinfo=UTC),
        counts=counts,
    )


def x_export(tmp_path, name: str, tweets: list[Tweet]) -> bytes:
    return write_x_tweet_activity(tmp_path / name, tweets).read_bytes()


def query(home, sql: str) -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_an_export_uploaded_to_the_bucket_reaches_the_raw_table_and_the_ledger_names_the_object(
    home, s3_landing, tmp_path
):
    url = s3_landing.put("northwindgear/tweets.csv", x_export(tmp_path, "t.csv", [tweet("1", 10), tweet("2", 20)]))

    (result,) = ingest_landing(home)

    assert (result.status, result.path, result.rows_parsed) == ("loaded", url, 2)
    assert query(home, "select tweet_id, impressions from raw.x__tweet_activity order by 1") == [("1", 10), ("2", 20)]
    assert query(home, "select source_path, file_name, status from meta.loads") == [(url, "tweets.csv", "loaded")]
    assert [p for p in home.landing_cache.rglob("*") if p.is_file()] == []  # the fetched copy is gone
    assert s3_landing.keys() == ["landing/northwindgear/tweets.csv"]  # a loaded object stays where it was


def test_the_account_folder_of_an_object_key_names_the_account(home, s3_landing, tmp_path):
    youtube = next(f for f in sample_files() if f.export_type == "youtube_studio_geography")
    written = youtube.write(tmp_path / "Table data.csv", youtube)
    s3_landing.put_file("acme-channel/Geography 2026/Table data.csv", written)

    (result,) = ingest_landing(home)

    assert (result.status, result.account_id) == ("loaded", "acme-channel")


def test_temp_objects_wait_for_their_marker_or_final_name(home, s3_landing, tmp_path):
    s3_landing.put("northwindgear/tweets.csv.part", x_export(tmp_path, "p.csv", [tweet("5", 50)]))
    assert ingest_landing(home) == []


def test_a_bad_object_is_quarantined_with_its_reason_moved_in_the_bucket_and_not_retried(home, s3_landing, tmp_path):
    url = s3_landing.put("northwindgear/negative.csv", x_export(tmp_path, "n.csv", [tweet("3", 30), tweet("4", -5)]))

    (result,) = ingest_landing(home)

    assert (result.status, result.reason_rule, result.path) == ("rejected", "expectation_failed", url)
    reason = json.loads((home.quarantine / result.load_id / "negative.csv.reason.json").read_text())
    moved = f"landing/_quarantine/{result.load_id}/northwindgear/negative.csv"
    assert (reason["file"], reason["quarantined_object"]) == (url, f"s3://{s3_landing.name}/{moved}")
    assert (home.quarantine / result.load_id / "negative.csv").exists()  # the bytes, kept locally as well
    assert s3_landing.keys() == [moved, moved + ".reason.json"]
    assert json.loads(s3_landing.read(moved + ".reason.json"))["rule"] == "expectation_failed"
    assert query(home, "select count(*) from raw.x__tweet_activity") == [(0,)]
    assert ingest_landing(home) == []


def test_a_zip_in_the_bucket_loads_its_members_under_the_object_url_and_a_bad_zip_is_moved_aside(
    home, s3_landing, tmp_path, monkeypatch
):
    import io
    import zipfile

    # S3 times are whole seconds; without this a sweep within a second of the upload may look once more.
    monkeypatch.setattr(S3Landing, "clock_slack", S3Landing.clock_slack * 0)

    def zipped(members: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, body in members.items():
                archive.writestr(name, body)
        return buffer.getvalue()

    good = s3_landing.put("northwindgear/export.zip", zipped({"t.csv": x_export(tmp_path, "t.csv", [tweet("5", 50)])}))
    unsafe = s3_landing.put("northwindgear/unsafe.zip", zipped({"../t.csv": b"a,b\n1,2\n"}))

    results = ingest_landing(home)

    assert [(r.path, r.status, r.reason_rule) for r in results] == [
        (f"{good}!t.csv", "loaded", None),
        (good, "loaded", None),
        (unsafe, "rejected", "zip_unsafe"),
    ]
    assert query(home, "select source_path from meta.loads order by source_path") == [
        (good,), (f"{good}!t.csv",), (unsafe,)
    ]  # fmt: skip
    moved = f"landing/_quarantine/{results[2].load_id}/northwindgear/unsafe.zip"
    assert s3_landing.keys() == [moved, moved + ".reason.json", "landing/northwindgear/export.zip"]
    assert query(home, "select tweet_id from raw.x__tweet_activity") == [("5",)]
    assert ingest_landing(home) == []


def test_a_bad_object_that_cannot_be_moved_is_remembered_and_not_retried(home, s3_landing, tmp_path, monkeypatch):
    def read_only_credentials(self, *args, **kwargs):
        raise PermissionError("AccessDenied")

    monkeypatch.setattr("s3fs.S3FileSystem.mv", read_only_credentials)
    # S3 times are whole seconds; without this a sweep within a second of the upload may look once more.
    monkeypatch.setattr(S3Landing, "clock_slack", S3Landing.clock_slack * 0)
    url = s3_landing.put("northwindgear/negative.csv", x_export(tmp_path, "n.csv", [tweet("3", 30), tweet("4", -5)]))

    (result,) = ingest_landing(home)

    assert result.status == "rejected"
    reason = json.loads((home.quarantine / result.load_id / "negative.csv.reason.json").read_text())
    assert (reason["file"], reason["quarantined_object"]) == (url, None)
    assert s3_landing.keys() == ["landing/northwindgear/negative.csv"]  # not lost
    assert ingest_landing(home) == []  # and not retried


def test_the_same_object_twice_changes_nothing(home, s3_landing, tmp_path):
    body = x_export(tmp_path, "t.csv", [tweet("7", 70)])
    s3_landing.put("northwindgear/tweets.csv", body)
    assert [r.status for r in ingest_landing(home)] == ["loaded"]
    rows = query(home, "select * from raw.x__tweet_activity")

    s3_landing.put("northwindgear/tweets.csv", body)  # uploaded again, same key
    s3_landing.put("northwindgear/copy of tweets.csv", body)  # and under another name
    again = ingest_landing(home)

    assert {r.path.rsplit("/", 1)[1] for r in again} >= {"copy of tweets.csv"}
    assert {r.status for r in again} == {"duplicate"}
    assert query(home, "select * from raw.x__tweet_activity") == rows
    assert query(home, "select count(*) from meta.loads where status = 'loaded'") == [(1,)]


def test_the_watcher_announces_a_new_object_once_and_leaves_it_in_the_bucket(home, s3_landing, tmp_path):
    s3_landing.put("northwindgear/first.csv", b"a,b\n1,2\n")

    async def scenario() -> None:
        events = LandingTrigger(poll_seconds=0.05).run()
        try:
            first = await asyncio.wait_for(events.__anext__(), 60)
            assert first.payload == {
                "brand": "default",
                "landing": f"s3://{s3_landing.name}/landing",
                "count": 1,
                "files": ["northwindgear/first.csv"],
            }
            s3_landing.put("northwindgear/second.csv", b"a,b\n3,4\n")
            s3_landing.put("northwindgear/third.csv.tmp", b"a,b\n")
            second = await asyncio.wait_for(events.__anext__(), 60)
            assert second.payload["files"] == ["northwindgear/second.csv"]
        finally:
            await events.aclose()

    asyncio.run(scenario())
    assert s3_landing.keys() == [
        "landing/northwindgear/first.csv",
        "landing/northwindgear/second.csv",
        "landing/northwindgear/third.csv.tmp",
    ]


@pytest.mark.parametrize("url", ["s3://", "gs://bucket/landing"])
def test_a_landing_url_that_is_not_an_s3_bucket_prefix_is_refused(home, monkeypatch, url):
    from ingest.landing.stores import landing_store

    monkeypatch.setenv("RESONANCE_LANDING_URL", url)
    with pytest.raises(ValueError, match="RESONANCE_LANDING_URL"):
        landing_store(home)
