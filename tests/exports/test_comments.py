"""Graph API comments JSON (`meta_graph_comments`): detection, flattening replies, hashing commenters, brand
replies, the media id and account rules, one table shared with the comments template, and bad input."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest import warehouse
from ingest.exports import by_name, detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.comments import MetaGraphComments, handle_from_folder, media_id_from_file_name
from ingest.exports.identity import identity_key, pseudonymize
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.brand import (
    FACEBOOK_PAGE_ID,
    CommentsPage,
    GraphComment,
    TemplateComment,
    graph_dumps,
    write_brand_comments,
    write_meta_graph_comments,
)

Parse = Callable[..., pa.Table]
KEY = FileContext.__dataclass_fields__["identity_key"].default
GRAPH = MetaGraphComments()
FOLDER = "northwindgear-instagram-comments"
MEDIA = "17912345678901234"
AT = datetime(2026, 10, 5, 14, 2, 11, tzinfo=UTC)


def graph_samples(samples: list[SampleFile]) -> list[SampleFile]:
    return [s for s in samples if s.export_type == "meta_graph_comments"]


def ig(comment_id: str, username: str, text: str = "Love it", *replies: GraphComment, likes: int = 3) -> GraphComment:
    return GraphComment(comment_id, username, text, AT, likes, tuple(replies))


def page_file(folder: Path, *comments: GraphComment, name: str = f"comments_{MEDIA}.json") -> Path:
    return write_meta_graph_comments(folder / FOLDER / name, CommentsPage(MEDIA, comments, "cursor0"))


def parse_as(path: Path, account: str | None = FOLDER) -> pa.Table:
    batches = list(GRAPH.parse(FileContext(path, Sniff.of(path), account_hint=account)))
    return pa.Table.from_batches(batches, schema=GRAPH.arrow_schema())


def raises(path: Path, rule: str, account: str | None = FOLDER) -> ExportError:
    with pytest.raises(ExportError) as caught:
        parse_as(path, account)
    assert caught.value.rule == rule, caught.value.message
    assert path.name in caught.value.message
    return caught.value


def edit(path: Path, change: Callable[[dict], object], name: str | None = None) -> Path:
    """Re-save a response after changing it, in the Graph API's byte style."""
    document = json.loads(path.read_text(encoding="ascii"))
    change(document)
    target = path.with_name(name) if name else path
    target.write_text(graph_dumps(document), encoding="ascii")
    return target


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_comment_pages_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    files = graph_samples(samples)
    assert len(files) == 7
    total = 0
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        assert detect(path).name == "meta_graph_comments"
        (page,) = sample.rows
        flat = page.flat()
        table = parse(path, account_hint=sample.account)
        assert table.num_rows == len(flat)
        assert table["comment_id"].to_pylist() == [c.comment_id for c, _ in flat]
        assert table["parent_comment_id"].to_pylist() == [p for _, p in flat]
        assert table["is_brand_reply"].to_pylist() == [c.is_brand for c, _ in flat]
        assert table["created_at"].to_pylist() == [c.created_at for c, _ in flat]
        assert table["text"].to_pylist() == [c.text for c, _ in flat]
        assert sum(table["like_count"].to_pylist()) == sum(c.like_count for c, _ in flat)
        assert set(table["post_id"].to_pylist()) == {page.media_id}
        assert set(table["account_id"].to_pylist()) == {"northwindgear"}
        assert set(table["platform"].to_pylist()) == {"facebook" if page.facebook else "instagram"}
        who = [c.from_id if page.facebook else c.username for c, _ in flat]
        assert table["commenter_hash"].to_pylist() == [pseudonymize(w, KEY) for w in who]
        assert table["_row_number"].to_pylist() == list(range(1, len(flat) + 1))
        total += len(flat)
    assert 300 <= total <= 700  # a few hundred comments
    assert sum(c.is_brand for s in files for c, _ in s.rows[0].flat()) >= 20


def test_generated_pages_are_compact_ascii_with_escaped_slashes(landing: Path, samples: list[SampleFile]) -> None:
    for sample in graph_samples(samples):
        raw = landing.joinpath(*sample.path.parts).read_bytes()
        assert raw.startswith(b'{"data":[{') and not raw.endswith(b"\n")
        assert raw.isascii() and raw == graph_dumps(json.loads(raw)).encode("ascii")  # compact, `\\/`, \\u
    texts = [c.text for s in graph_samples(samples) for c, _ in s.rows[0].flat()]
    assert any(not t.isascii() for t in texts)  # emoji travel as \u escapes and come back intact


# ---- quirks, with small hand-written fixtures -------------------------------------------------------------


def test_replies_flatten_after_their_comment_with_parent_ids(tmp_path: Path) -> None:
    path = page_file(
        tmp_path,
        ig("17858893269000001", "trailmix_ana", "Tall?", ig("17858893269000002", "NorthwindGear", "@trailmix_ana yes")),
        ig("17858893269000003", "ben_outdoors"),
    )  # fmt: skip
    rows = parse_as(path).to_pylist()
    assert [(r["comment_id"], r["parent_comment_id"], r["_row_number"]) for r in rows] == [
        ("17858893269000001", None, 1), ("17858893269000002", "17858893269000001", 2),
        ("17858893269000003", None, 3),
    ]  # fmt: skip
    assert [r["is_brand_reply"] for r in rows] == [False, True, False]  # handle from the folder, any case


def test_comment_text_is_verbatim_and_usernames_are_only_hashed(tmp_path: Path) -> None:
    texts = ['=HYPERLINK("http://x.example","prize")', "@northwindgear 🔥", "+1", "-abc"]
    path = page_file(tmp_path, *(ig(f"1785889326900000{i}", f"fan_{i}", t) for i, t in enumerate(texts)))
    table = parse_as(path)
    assert table["text"].to_pylist() == texts
    assert table["commenter_hash"].to_pylist() == [pseudonymize(f"fan_{i}", KEY) for i in range(4)]
    assert "fan_" not in str(table.to_pylist())


def test_graph_time_with_offset_without_colon_is_utc(tmp_path: Path) -> None:
    path = edit(page_file(tmp_path, ig("17858893269000001", "a")), lambda d: d["data"][0].update(
        timestamp="2026-10-05T16:02:11+0200"))  # fmt: skip
    assert parse_as(path)["created_at"].to_pylist() == [AT]


def test_time_without_zone_is_rejected(tmp_path: Path) -> None:
    path = edit(page_file(tmp_path, ig("17858893269000001", "a")), lambda d: d["data"][0].update(
        timestamp="2026-10-05T14:02:11"))  # fmt: skip
    error = raises(path, "missing_time_zone")
    assert (error.row, error.column) == (1, "timestamp")


def test_facebook_comments_use_from_and_created_time_and_the_page_id_marks_brand_replies(tmp_path: Path) -> None:
    post = f"{FACEBOOK_PAGE_ID}_9511555393579289"
    fan = GraphComment("9511555393579289_1", "Ana Trail", "Where to buy?", AT, 2, from_id="100012345678901")
    brand = GraphComment("9511555393579289_2", "Northwind Gear", "Here!", AT, 0, from_id=FACEBOOK_PAGE_ID)
    impostor = GraphComment("9511555393579289_3", "Northwind Gear", "DM me for a deal", AT, 0, from_id="1009")
    thread = GraphComment(fan.comment_id, fan.username, fan.text, AT, 2, (brand,), fan.from_id)
    path = write_meta_graph_comments(
        tmp_path / "northwindgear-facebook-comments" / f"comments_{post}.json",
        CommentsPage(post, (thread, impostor), "c", facebook=True),
    )
    assert detect(path).name == "meta_graph_comments"
    rows = parse_as(path, "northwindgear-facebook-comments").to_pylist()
    assert [(r["platform"], r["is_brand_reply"], r["parent_comment_id"]) for r in rows] == [
        ("facebook", False, None), ("facebook", True, fan.comment_id), ("facebook", False, None),
    ]  # fmt: skip
    assert rows[0]["commenter_hash"] == pseudonymize("100012345678901", KEY)
    assert rows[0]["text"] == "Where to buy?"


def test_media_id_field_wins_and_must_agree_with_the_file_name(tmp_path: Path) -> None:
    good = page_file(tmp_path, ig("17858893269000001", "a"))
    renamed = edit(good, lambda d: d.update(media_id="17999999999999999"), name="ig_page.json")
    assert parse_as(renamed)["post_id"].to_pylist() == ["17999999999999999"]
    clash = edit(good, lambda d: d.update(media_id="17999999999999999"), name=f"comments_{MEDIA}.json")
    assert raises(clash, "media_id_mismatch").column == "media_id"


def test_no_media_id_anywhere_is_a_clear_error(tmp_path: Path) -> None:
    path = page_file(tmp_path, ig("17858893269000001", "a"), name="response.json")
    assert "comments_<media id>.json" in raises(path, "missing_media_id").message


def test_account_handle_is_the_landing_folder_up_to_its_first_dash() -> None:
    assert handle_from_folder("northwindgear-instagram-comments") == "northwindgear"
    assert handle_from_folder("Northwind.Gear") == "northwind.gear"
    assert handle_from_folder(None) is None
    assert media_id_from_file_name("comments_17912345678901234 (1).json") == "17912345678901234"
    assert media_id_from_file_name("comments.json") is None


def test_without_a_landing_folder_the_account_is_missing(tmp_path: Path) -> None:
    raises(page_file(tmp_path, ig("17858893269000001", "a")), "missing_account", account=None)


def test_an_x_api_payload_with_data_id_text_is_not_taken_for_comments(tmp_path: Path) -> None:
    path = tmp_path / "tweets.json"
    path.write_text(
        '{"data":[{"id":"1851234567890123456","text":"hi","created_at":"2026-10-05T14:02:11.000Z","author_id":"12",'
        '"public_metrics":{"like_count":3}}],"includes":{"users":[{"username":"a"}]}}'
    )
    assert not GRAPH.matches(Sniff.of(path))


def test_template_and_graph_comments_share_one_table_and_key(home, tmp_path: Path) -> None:
    assert by_name("brand_comments").columns == GRAPH.columns
    assert by_name("brand_comments").natural_key == GRAPH.natural_key == ("platform", "comment_id")
    drop = tmp_path / "drop"  # read as a landing folder: <account>/<file>
    graph = page_file(drop, ig("17858893269000001", "trailmix_ana", likes=3))
    # the Graph page's as-of is its mtime: saved on Dec 1, before the template export of Dec 2 (left at
    # "now", the outcome would depend on the day the test runs)
    saved = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
    os.utime(graph, (saved, saved))
    again = TemplateComment("instagram", "northwindgear", MEDIA, "17858893269000001", "trailmix_ana",
                            AT, "Love it", like_count=9)  # fmt: skip
    write_brand_comments(drop / "northwind-brand" / "brand_comments.csv", [again],
                         exported_at=datetime(2026, 12, 2, tzinfo=UTC))  # fmt: skip
    results = ingest_paths([drop], home)
    assert [r.status for r in results] == ["loaded", "loaded"]
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        rows = con.execute("select like_count, commenter_hash from raw.brand__comments").fetchall()
    finally:
        con.close()
    # one row: the newer file's like count; the loader hashes with the installation's key
    assert rows == [(9, pseudonymize("trailmix_ana", identity_key(home.secrets)))]


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def _variant(kind: str, change: Callable[[dict], object]) -> Callable[[Path], Path]:
    """A mutated copy in a sibling folder named like the account folder, keeping `comments_<media>.json`."""

    def make(good: Path) -> Path:
        target = good.parent.parent / f"{FOLDER}-{kind.replace('_', '')}" / good.name
        target.parent.mkdir(parents=True, exist_ok=True)
        document = json.loads(good.read_text(encoding="ascii"))
        change(document)
        target.write_text(graph_dumps(document), encoding="ascii")
        return target

    return make


def _truncated(good: Path) -> Path:
    target = good.parent.parent / f"{FOLDER}-truncated" / good.name
    target.parent.mkdir(parents=True, exist_ok=True)
    data = good.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _latin1(good: Path) -> Path:
    """Re-saved by an editor that unescaped the text and wrote Windows-1252."""
    target = good.parent.parent / f"{FOLDER}-latin1" / good.name
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(json.loads(good.read_text(encoding="ascii")), ensure_ascii=False)
    target.write_bytes(text.encode("cp1252", errors="replace"))
    return target


def _unknown(good: Path) -> Path:
    target = good.parent / "pins.json"
    target.write_text('{"items":[{"pin_id":"1","impressions":1200,"saves":34}],"bookmark":null}', encoding="ascii")
    return target


def _first_reply(document: dict) -> dict:
    return document["data"][0]["replies"]["data"][0]


GRAPH_BAD = {
    "truncated": Bad(_truncated, "truncated_file", message=("cut off",)),
    "wrong_encoding": Bad(_latin1, "bad_encoding", message=("not UTF-8",)),
    # An empty page is told by its name (see _is_empty_page) and has nothing to load.
    "header_only": Bad(_variant("header_only", lambda d: d.update(data=[])), "header_only"),
    "missing_column": Bad(
        _variant("missing_column", lambda d: _first_reply(d).pop("timestamp")),
        "missing_column",
        row=2,
        column="timestamp",
        message=("record 2",),
    ),
    "non_numeric": Bad(
        _variant("non_numeric", lambda d: d["data"][1].update(like_count="a few")),
        "not_a_number",
        row=3,
        column="like_count",
    ),
    "mangled_id": Bad(
        _variant("mangled_id", lambda d: d["data"][2].update(id=1.7858893269000004e16)),
        "mangled_id",
        row=4,
        column="id",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        _variant("duplicate_rows", lambda d: d["data"].append(dict(d["data"][1]))),
        "duplicate_key",
        row=5,
        message=("rows 3, 5",),
    ),
    "unknown_file": Bad(_unknown, "unknown_export", message=("pin_id", "nearest known types")),
}


def test_graph_bad_input_set_covers_every_kind() -> None:
    assert tuple(GRAPH_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_graph_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    good = page_file(
        tmp_path,
        ig("17858893269000001", "LeaWandert", "Schöne Jacke!", ig("17858893269000002", "northwindgear", "Ja!")),
        ig("17858893269000003", "trailmix_ana", "Café stop ☕"),
        ig("17858893269000004", "ben_outdoors", "+1"),
    )  # fmt: skip
    badinput.assert_quarantined(home, good, GRAPH_BAD[kind])
