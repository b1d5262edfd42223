"""X API v2 user timeline pages: detection, exact totals, private metrics NULL (never 0) where X did not
serve them, partial errors, lifetime snapshots, and the bad-input set through the loader."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest import warehouse
from ingest.exports import detect
from ingest.exports.base import FileContext, Sniff
from ingest.exports.x_api_posts import XApiPosts
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.x import api_counts, api_timeline, write_x_api_posts, x_api_page, x_api_post_item

API = XApiPosts()
NAME = "20261207T120000000000Z-0001-private-page1.json"
DAY = date(2026, 12, 7)


def page(first: date = date(2026, 10, 20), *, errors: list[dict] | None = None, private: bool = True) -> dict:
    """The stand-in account's posts from `first` through DAY, as one page on DAY (private metrics for the
    posts younger than 30 days when `private`)."""
    posts = api_timeline(7, "northwindgear", first, DAY)
    items = [x_api_post_item(p, api_counts(p, DAY), private=private and (DAY - p.created_at.date()).days < 30)
             for p in posts]  # fmt: skip
    return x_api_page(items, errors=errors)


def parse(path: Path, account: str | None = "northwindgear") -> pa.Table:
    ctx = FileContext(path, Sniff.of(path), account_hint=account)
    return pa.Table.from_batches(list(API.parse(ctx)), schema=API.arrow_schema())


def test_the_demo_page_is_detected_and_parsed_with_exact_totals(landing: Path, samples: list[SampleFile]) -> None:
    (sample,) = [s for s in samples if s.export_type == "x_api_posts"]
    path = landing.joinpath(*sample.path.parts)
    assert detect(path).name == "x_api_posts"
    table = parse(path, account=sample.account)
    items: tuple[dict, ...] = sample.rows
    assert table.num_rows == len(items) > 10
    for name in ("like_count", "impression_count", "retweet_count", "quote_count", "bookmark_count"):
        assert sum(table[name].to_pylist()) == sum(i["public_metrics"][name] for i in items), name
    clicks = [i["non_public_metrics"].get("url_link_clicks") for i in items]
    assert table["non_public_url_link_clicks"].to_pylist() == clicks and None in clicks
    assert table["post_id"].to_pylist() == [i["id"] for i in items]
    assert set(table["account_id"].to_pylist()) == {"northwindgear"}


def test_absent_private_metrics_are_null_never_zero(tmp_path: Path) -> None:
    path = write_x_api_posts(tmp_path / NAME, page(date(2026, 10, 1)))
    rows = parse(path).to_pylist()
    old = [r for r in rows if r["created_at"] < datetime(2026, 11, 8, tzinfo=UTC)]
    young = [r for r in rows if r["created_at"] >= datetime(2026, 11, 8, tzinfo=UTC)]
    assert old and young
    private = [c.name for c in API.columns if c.name.startswith(("non_public_", "organic_"))]
    assert all(r[c] is None for r in old for c in private)
    assert all(r["non_public_impression_count"] == r["impression_count"] for r in young)
    assert all(r["organic_user_profile_clicks"] is not None for r in young)


def test_created_at_is_utc_to_the_millisecond_and_the_author_is_the_fallback_account(tmp_path: Path) -> None:
    path = write_x_api_posts(tmp_path / NAME, page())
    assert '"created_at":"2026-' in path.read_text()
    row = parse(path, account=None).to_pylist()[0]
    assert row["created_at"].tzinfo is not None and row["created_at"].microsecond % 1000 == 0
    assert row["account_id"] == row["author_id"] == "1456789012345678901"
    assert row["edit_history_tweet_ids"] == row["post_id"]


def test_a_page_with_partial_errors_keeps_its_posts(tmp_path: Path) -> None:
    error = {"value": "1", "detail": "Could not find tweet with ids: [1].", "title": "Not Found Error",
             "resource_type": "tweet", "parameter": "ids", "resource_id": "1",
             "type": "https://api.twitter.com/2/problems/resource-not-found"}  # fmt: skip
    document = page(errors=[error])
    path = write_x_api_posts(tmp_path / NAME, document)
    assert detect(path).name == "x_api_posts"
    assert parse(path).num_rows == len(document["data"])


def _raw(home, sql: str) -> list[tuple]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_later_pull_the_same_day_replaces_and_another_day_adds_a_snapshot(home, tmp_path: Path) -> None:
    first = datetime(2026, 12, 7, 6, tzinfo=UTC)
    posts = api_timeline(7, "northwindgear", date(2026, 12, 1), DAY)
    files = []
    for n, (moment, day) in enumerate(((first, DAY), (first + timedelta(hours=5), DAY + timedelta(days=3)),
                                       (first + timedelta(days=1), DAY + timedelta(days=6)))):  # fmt: skip
        items = [x_api_post_item(p, api_counts(p, day), private=True) for p in posts]
        files.append(write_x_api_posts(tmp_path / str(n) / NAME, x_api_page(items), exported_at=moment))
    results = ingest_paths(files, home, account="northwindgear")
    assert [r.status for r in results] == ["loaded"] * 3, [r.reason for r in results]
    rows = _raw(home, "select _snapshot_date, sum(like_count) from raw.x__api_posts group by 1 order by 1")
    later = sum(api_counts(p, DAY + timedelta(days=3))["like_count"] for p in posts)
    latest = sum(api_counts(p, DAY + timedelta(days=6))["like_count"] for p in posts)
    assert rows == [(date(2026, 12, 7), later), (date(2026, 12, 8), latest)]


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def _edit(kind: str, change: Callable[[dict], None]) -> Callable[[Path], Path]:
    def make(good: Path) -> Path:
        document = json.loads(good.read_text(encoding="utf-8"))
        change(document)
        target = badinput.variant(good, kind)
        target.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return target

    return make


def _cut(good: Path) -> Path:
    """Cut off between two values (after a comma), as an interrupted download leaves it."""
    data = good.read_bytes()
    target = badinput.variant(good, "truncated")
    target.write_bytes(data[: data.rindex(b",", 0, len(data) // 2) + 1])
    return target


def _empty(good: Path) -> Path:
    """X's answer for a window without posts: `meta` alone (the pull never lands it)."""
    target = badinput.variant(good, "header_only")
    target.write_text('{"meta":{"result_count":0}}', encoding="utf-8")
    return target


def _unknown(good: Path) -> Path:
    path = good.with_name("users_by_username.json")
    path.write_text('{"data":{"id":"1456789012345678901","name":"Northwind Gear","username":"northwindgear"}}')
    return path


def _set(index: int, path: str, value: object) -> Callable[[dict], None]:
    *parents, last = path.split(".")

    def change(document: dict) -> None:
        node = document["data"][index]
        for step in parents:
            node = node[step]
        node[last] = value

    return change


API_BAD = {
    "truncated": Bad(_cut, "truncated_file", message=("cut off",)),
    "wrong_encoding": Bad(lambda g: badinput.reencoded(g, target="cp1252"), "bad_encoding", message=("not UTF-8",)),
    # An empty window holds none of the keys that identify a timeline page: not recognised, quarantined.
    "header_only": Bad(_empty, "unknown_export", message=("result_count",)),
    "missing_column": Bad(
        _edit("missing_column", lambda d: d["data"][1].pop("created_at")), "missing_column", row=2, column="created_at"
    ),
    "non_numeric": Bad(
        _edit("non_numeric", _set(1, "public_metrics.like_count", "twelve")),
        "not_a_number",
        row=2,
        column="public_metrics.like_count",
    ),
    "mangled_id": Bad(_edit("mangled_id", _set(0, "id", 1.2736e18)), "mangled_id", row=1, column="id"),
    "duplicate_rows": Bad(
        _edit("duplicate_rows", lambda d: d["data"].append(d["data"][0])), "duplicate_key", message=("rows 1, ",)
    ),
    "unknown_file": Bad(_unknown, "unknown_export", message=("username",)),
}


def test_api_bad_input_set_covers_every_kind() -> None:
    assert tuple(API_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_api_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    document = page(date(2026, 11, 25))
    document["data"][0]["text"] = "Café ☕ on the pass"  # non-ASCII a Latin-1 re-save turns into invalid UTF-8
    good = write_x_api_posts(tmp_path / NAME, document)
    badinput.assert_quarantined(home, good, API_BAD[kind])
