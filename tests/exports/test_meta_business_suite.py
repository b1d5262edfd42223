"""Meta Business Suite exports: per-post CSVs (Instagram, Facebook) and per-metric Insights CSVs (UTF-16).

Detection and exact parsing of generated files, the format quirks of platform-formats.md 2d and 2e pinned
with hand-written fixtures, and the bad-input set of each type through the loader.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import EXPORT_TYPES, detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.meta_business_suite import (
    FacebookMbsPosts,
    InstagramMbsPosts,
    MetaMbsDailyMetric,
    metric_code,
    metric_platform,
)
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.meta_business_suite import (
    FB_HEADER,
    IG_HEADER,
    MONETIZATION_HEADER,
    FacebookPost,
    InstagramPost,
    MetricDay,
    MetricSeries,
    write_facebook_mbs_posts,
    write_instagram_mbs_posts,
    write_meta_mbs_daily_metric,
)

Parse = Callable[..., pa.Table]
IG, FB, DAILY = InstagramMbsPosts(), FacebookMbsPosts(), MetaMbsDailyMetric()
POSTS_NAME = "mbs-posts.csv"

# The sample rows of platform-formats.md 2d, byte for byte (a space before the first line break).
FB_EVIDENCE = (
    '\ufeff"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time","Caption type",'
    'Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels","Funded content status",'
    '"Data comment",Date,Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,"Total clicks",'
    '"Other Clicks","Matched Audience Targeting Consumption (Photo Click)"\n'
    '1827720132094663,100045700821521,"Studiostone Creative","An autumn favourite is back! 🍁 \n'
    'Cooler days are a good excuse to slow down, ""really"".\n\n#StoneCarving #MapleLeaf",,0,"09/28/2026 18:12",'
    "N/A,https://www.facebook.com/studiostonecreative/posts/pfbidNEW1,0,0,Photos,,,,,Lifetime,27,20,4,4,0,0,2,1,1\n"
)
IG_EVIDENCE = (
    '\ufeff"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
    '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
    '18182686576415017,17841403398239763,studiostonecreative,"Studiostone Creative","Take yourself back to the '
    'shore. 🤍 \nThe sound of the water.",0,"09/24/2026 15:30",https://www.instagram.com/p/Ddr9jGEmLMp/,'
    '"IG carousel",,Lifetime,99,40,4,0,0,0,0\n'
)
# The fixture recipe of platform-formats.md 2e.
FOLLOWS_TEXT = 'sep=,\n"Facebook follows"\n"Date","Primary"\n"2025-08-01T00:00:00","20"\n'


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def utf16(path: Path, text: str) -> Path:
    """As Business Suite writes a per-metric file: BOM FF FE, then UTF-16LE."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


def matching(path: Path) -> list[str]:
    sniff = Sniff.of(path)
    return [e.name for e in EXPORT_TYPES if e.matches(sniff)]


def of_type(samples: list[SampleFile], name: str) -> list[SampleFile]:
    """The brand's own samples of a type (creators' exports of the same types are pinned in test_samples)."""
    return [s for s in samples if s.export_type == name and s.path.parts[0].startswith("northwindgear")]


def ig_post(post_id: str = "18182686576415017", **changes) -> InstagramPost:
    values = dict(
        post_id=post_id,
        account_id="17841402938475610",
        username="northwindgear",
        account_name="Northwind Gear",
        description="Café stop on the Ridgeline trail, halfway up and well before the snow line: worth it ☕",
        duration_sec=0,
        publish_time=datetime(2026, 10, 30, 22, 28),
        permalink="https://www.instagram.com/p/Ddr9jGEmLMp/",
        post_type="IG image",
        views=990,
        reach=400,
        likes=40,
        shares=3,
        follows=1,
        comments=5,
        saves=7,
    )
    return InstagramPost(**{**values, **changes})


def fb_post(post_id: str = "1827720132094663", **changes) -> FacebookPost:
    values = dict(
        post_id=post_id,
        page_id="104758293847561",
        page_name="Northwind Gear",
        title="Café stop on the Ridgeline trail, halfway up and well before the snow line: worth it ☕",
        duration_sec=0,
        publish_time=datetime(2026, 10, 30, 22, 28),
        permalink="https://www.facebook.com/northwindgear/posts/pfbid0abc",
        post_type="Photos",
        views=270,
        reach=200,
        reactions=14,
        comments=2,
        shares=1,
        total_clicks=9,
        other_clicks=4,
        photo_clicks=5,
    )
    return FacebookPost(**{**values, **changes})


def rewrite_posts(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> Path:
    """Re-write a per-post file (BOM, minimal quoting, LF) after changing its rows (header included)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(change(rows))
    return path


def rename_header(old: str, new: str) -> Callable[[list[list[str]]], list[list[str]]]:
    return lambda rows: [[new if h == old else h for h in rows[0]], *rows[1:]]


def add_columns(**cells: str) -> Callable[[list[list[str]]], list[list[str]]]:
    return lambda rows: [[*rows[0], *cells], *([*r, *cells.values()] for r in rows[1:])]


def raises(export, path: Path, rule: str, *, account_hint: str | None = "northwindgear") -> ExportError:
    with pytest.raises(ExportError) as caught:
        list(export.parse(FileContext(path, Sniff.of(path), account_hint=account_hint)))
    assert caught.value.rule == rule, caught.value.message
    assert path.name in caught.value.message
    return caught.value


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_mbs_files_match_exactly_their_own_type(landing: Path, samples: list[SampleFile]) -> None:
    files = [s for s in samples if s.export_type in {IG.name, FB.name, DAILY.name}]
    assert sorted(s.export_type for s in files).count(DAILY.name) == 4
    for sample in files:
        path = landing.joinpath(*sample.path.parts)
        assert matching(path) == [sample.export_type], sample.path
        assert detect(path).name == sample.export_type


def test_generated_instagram_posts_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = of_type(samples, IG.name)
    posts: tuple[InstagramPost, ...] = sample.rows
    assert 20 <= len(posts) <= 40
    table = parse(landing.joinpath(*sample.path.parts))
    assert table.num_rows == len(posts)
    assert table["post_id"].to_pylist() == [p.post_id for p in posts]
    assert set(table["account_id"].to_pylist()) == {"17841402938475610"}
    assert table["description"].to_pylist() == [p.description or None for p in posts]
    assert table["publish_time"].to_pylist() == [p.publish_time for p in posts]
    assert table["post_type"].to_pylist() == [p.post_type for p in posts]
    assert set(table["date"].to_pylist()) == {"Lifetime"}
    assert table["_row_number"].to_pylist() == list(range(2, len(posts) + 2))
    for column in ("views", "reach", "likes", "shares", "follows", "comments", "saves", "duration_sec"):
        assert sum(table[column].to_pylist()) == sum(getattr(p, column) for p in posts), column
    assert table["impressions"].null_count == len(posts)
    assert table["_extra"].null_count == len(posts)


def test_generated_facebook_posts_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    (sample,) = of_type(samples, FB.name)
    posts: tuple[FacebookPost, ...] = sample.rows
    assert 20 <= len(posts) <= 40
    table = parse(landing.joinpath(*sample.path.parts))
    assert table.num_rows == len(posts)
    assert table["post_id"].to_pylist() == [p.post_id for p in posts]
    assert sum("_" in i for i in table["post_id"].to_pylist()) == 2  # legacy `pageid_postid` ids kept as text
    assert table["title"].to_pylist() == [p.title for p in posts]
    assert table["publish_time"].to_pylist() == [p.publish_time for p in posts]
    assert set(table["caption_type"].to_pylist()) == {"N/A"}
    assert table["is_share"].to_pylist().count(True) == sum(p.is_share for p in posts) == 1
    for column, attribute in (("views", "views"), ("reach", "reach"), ("reactions", "reactions"),
                              ("comments", "comments"), ("shares", "shares"), ("total_clicks", "total_clicks"),
                              ("other_clicks", "other_clicks"),
                              ("matched_audience_targeting_consumption_photo_click", "photo_clicks"),
                              ("reactions_comments_and_shares", "reactions_comments_and_shares")):  # fmt: skip
        assert sum(table[column].to_pylist()) == sum(getattr(p, attribute) for p in posts), column
    assert table["currency"].null_count == len(posts)


def test_generated_daily_metric_files_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    titles = {}
    for sample in of_type(samples, DAILY.name):
        days: tuple[MetricDay, ...] = sample.rows
        table = parse(landing.joinpath(*sample.path.parts), account_hint=sample.account)
        assert table.num_rows == len(days)
        assert table["date"].to_pylist() == [d.day for d in days]
        assert sum(table["value"].to_pylist()) == sum(d.value for d in days)
        assert set(table["account_id"].to_pylist()) == {sample.account}
        assert table["_row_number"].to_pylist() == list(range(4, len(days) + 4))
        (title,) = set(table["metric_title"].to_pylist())
        titles[(sample.account, title)] = (table["metric"][0].as_py(), table["platform"][0].as_py(), len(days))
    assert {k: v[:2] for k, v in titles.items()} == {
        ("northwindgear-instagram", "Views"): ("views", None),
        ("northwindgear-instagram", "Instagram follows"): ("instagram_follows", "instagram"),
        ("northwindgear-facebook", "Views"): ("views", None),
        ("northwindgear-facebook", "Facebook follows"): ("facebook_follows", "facebook"),
    }
    assert titles[("northwindgear-facebook", "Facebook follows")][2] < 61  # sparse: days without follows left out
    assert titles[("northwindgear-facebook", "Views")][2] == 61


def test_follows_sample_leaves_out_days_without_follows(samples: list[SampleFile]) -> None:
    for sample in of_type(samples, DAILY.name):
        if sample.path.name == "Follows.csv":
            assert all(d.value > 0 for d in sample.rows)
            assert len(sample.rows) < 61


def test_post_samples_are_bom_utf8_lf_with_meta_quoting(landing: Path, samples: list[SampleFile]) -> None:
    for sample, header in ((of_type(samples, IG.name)[0], IG_HEADER), (of_type(samples, FB.name)[0], FB_HEADER)):
        raw = landing.joinpath(*sample.path.parts).read_bytes()
        assert raw.startswith(b'\xef\xbb\xbf"Post ID",')
        text = raw.decode("utf-8-sig")
        assert "\r" not in text
        assert next(csv.reader([text.split("\n", 1)[0]])) == list(header)
        assert ",Lifetime," in text and ',"Northwind Gear",' in text
        assert ",Permalink," in text.split("\n", 1)[0]  # a header without a space stays bare
    fb_text = landing.joinpath(*of_type(samples, FB.name)[0].path.parts).read_text(encoding="utf-8-sig")
    assert ',"Reactions, Comments and Shares",' in fb_text


def test_daily_metric_samples_are_utf16le_with_bom_sep_line_and_title(landing: Path, samples: list[SampleFile]) -> None:
    sample = next(
        s for s in of_type(samples, DAILY.name) if s.account == "northwindgear-facebook" and "Follows" in s.path.name
    )
    raw = landing.joinpath(*sample.path.parts).read_bytes()
    assert raw.startswith(b"\xff\xfe" + 'sep=,\n"Facebook follows"\n"Date","Primary"\n"'.encode("utf-16-le"))
    first = sample.rows[0]
    assert f'\n"{first.day.isoformat()}T00:00:00","{first.value}"\n'.encode("utf-16-le") in raw


# ---- per-post quirks -------------------------------------------------------------------------------------


def test_facebook_evidence_row_parses_with_its_comma_header_and_multiline_caption(tmp_path: Path, parse: Parse) -> None:
    path = write_text(tmp_path / "fb.csv", FB_EVIDENCE)
    assert matching(path) == [FB.name]
    (row,) = parse(path).to_pylist()
    assert row["post_id"] == "1827720132094663"
    assert row["account_id"] == "100045700821521"
    assert row["title"] == (
        'An autumn favourite is back! 🍁 \nCooler days are a good excuse to slow down, "really".\n\n'
        "#StoneCarving #MapleLeaf"
    )
    assert row["description"] is None
    assert (row["caption_type"], row["is_crosspost"], row["is_share"], row["post_type"]) == (
        "N/A",
        False,
        False,
        "Photos",
    )
    assert (row["views"], row["reach"], row["reactions_comments_and_shares"], row["reactions"]) == (27, 20, 4, 4)
    assert (row["total_clicks"], row["other_clicks"], row["matched_audience_targeting_consumption_photo_click"]) == (
        2,
        1,
        1,
    )
    assert row["_extra"] is None


def test_instagram_evidence_row_parses_with_caption_in_description(tmp_path: Path, parse: Parse) -> None:
    path = write_text(tmp_path / "ig.csv", IG_EVIDENCE)
    assert matching(path) == [IG.name]
    (row,) = parse(path).to_pylist()
    assert row["post_id"] == "18182686576415017"
    assert (row["account_id"], row["account_username"]) == ("17841403398239763", "studiostonecreative")
    assert row["description"] == "Take yourself back to the shore. 🤍 \nThe sound of the water."
    assert (row["post_type"], row["date"], row["views"], row["reach"], row["likes"]) == (
        "IG carousel",
        "Lifetime",
        99,
        40,
        4,
    )


def test_publish_time_is_the_local_wall_clock_without_a_zone(tmp_path: Path, parse: Parse) -> None:
    table = parse(write_text(tmp_path / "ig.csv", IG_EVIDENCE))
    assert table.schema.field("publish_time").type == pa.timestamp("us")  # no zone is invented
    assert table["publish_time"][0].as_py() == datetime(2026, 9, 24, 15, 30)


def test_posts_read_the_same_with_and_without_bom_and_with_crlf(tmp_path: Path, parse: Parse) -> None:
    with_bom = parse(write_text(tmp_path / "a.csv", IG_EVIDENCE)).to_pylist()
    without = write_text(tmp_path / "b.csv", IG_EVIDENCE.removeprefix("\ufeff"))
    assert not without.read_bytes().startswith(b"\xef\xbb\xbf")
    assert matching(without) == [IG.name]
    assert parse(without).to_pylist() == with_bom
    crlf = write_text(tmp_path / "c.csv", IG_EVIDENCE.replace(",Saves\n", ",Saves\r\n").replace(",0\n", ",0\r\n"))
    assert parse(crlf).to_pylist() == with_bom  # the caption's own LF stays inside the quoted cell


def test_captions_keep_emoji_doubled_quotes_and_formula_looking_text(tmp_path: Path, parse: Parse) -> None:
    captions = ['=HYPERLINK("https://example.com","gear list")', "+1 if you forgot your headlamp", "@alpine_jo 📸",
                '-20% on "Ridgeline" shells\n\nthis weekend 🧥']  # fmt: skip
    posts = [ig_post(f"1818268657641501{i}", description=c) for i, c in enumerate(captions)]
    path = write_instagram_mbs_posts(tmp_path / POSTS_NAME, posts)
    assert b'"-20% on ""Ridgeline"" shells\n\nthis weekend \xf0\x9f\xa7\xa5"' in path.read_bytes()
    assert parse(path)["description"].to_pylist() == captions


def test_pre_2025_facebook_impressions_load_as_impressions_not_views(tmp_path: Path, parse: Parse) -> None:
    path = rewrite_posts(
        write_facebook_mbs_posts(tmp_path / POSTS_NAME, [fb_post()]), rename_header("Views", "Impressions")
    )
    assert matching(path) == [FB.name]
    (row,) = parse(path).to_pylist()
    assert (row["impressions"], row["views"]) == (270, None)


def test_posts_without_views_or_impressions_are_missing_column(tmp_path: Path) -> None:
    path = write_facebook_mbs_posts(tmp_path / POSTS_NAME, [fb_post()])
    views = FB_HEADER.index("Views")
    rewrite_posts(path, lambda rows: [r[:views] + r[views + 1 :] for r in rows])
    error = raises(FB, path, "missing_column")
    assert error.column == "Views"
    assert "'Views' (or 'Impressions' in pre-2025 exports)" in error.message


def test_richer_facebook_columns_load_with_their_currency_and_unknown_ones_go_to_extra(
    tmp_path: Path, parse: Parse
) -> None:
    path = write_facebook_mbs_posts(tmp_path / POSTS_NAME, [fb_post()])
    richer = {
        "Link clicks": "12",
        "Seconds viewed": "431.5",
        "Estimated earnings (USD)": "1.237",
        "Ad CPM (USD)": "4.10",
        "3-second video views": "88",
        "Reels_plays:count": "91",
        "Negative feedback from users: Hide all": "1",
        "Sticker taps": "7",
    }
    rewrite_posts(path, add_columns(**richer))
    (row,) = parse(path).to_pylist()
    assert (row["link_clicks"], row["seconds_viewed"], row["three_second_video_views"]) == (12, 431.5, 88)
    assert (row["reels_plays_count"], row["negative_feedback_hide_all"]) == (91, 1)
    assert (row["currency"], row["estimated_earnings"], row["ad_cpm"]) == ("USD", Decimal("1.2370"), Decimal("4.1000"))
    assert row["_extra"] == [("Sticker taps", "7")]


def test_facebook_money_in_two_currencies_is_a_currency_mismatch(tmp_path: Path) -> None:
    path = write_facebook_mbs_posts(tmp_path / POSTS_NAME, [fb_post()])
    rewrite_posts(path, add_columns(**{"Estimated earnings (USD)": "1.2", "Ad CPM (EUR)": "4.1"}))
    assert "USD, EUR" in raises(FB, path, "currency_mismatch").message.replace("EUR, USD", "USD, EUR")


def test_bad_flag_and_bad_publish_time_name_row_and_column(tmp_path: Path) -> None:
    path = write_facebook_mbs_posts(tmp_path / POSTS_NAME, [fb_post(), fb_post("1827720132094664")])
    crosspost = FB_HEADER.index("Is crosspost")
    rewrite_posts(path, lambda rows: [rows[0], rows[1], [*rows[2][:crosspost], "yes", *rows[2][crosspost + 1 :]]])
    error = raises(FB, path, "not_a_flag")
    assert (error.row, error.column) == (3, "Is crosspost")
    path = write_instagram_mbs_posts(tmp_path / "ig.csv", [ig_post()])
    published = IG_HEADER.index("Publish time")
    rewrite_posts(path, lambda rows: [rows[0], [*rows[1][:published], "2026-10-30 22:28", *rows[1][published + 1 :]]])
    error = raises(IG, path, "bad_date")
    assert (error.row, error.column) == (2, "Publish time")


def test_instagram_and_facebook_files_never_match_each_other(tmp_path: Path) -> None:
    assert matching(write_instagram_mbs_posts(tmp_path / "ig.csv", [ig_post()])) == [IG.name]
    assert matching(write_facebook_mbs_posts(tmp_path / "fb.csv", [fb_post()])) == [FB.name]


def test_a_post_row_that_is_not_lifetime_is_rejected_by_the_suite(home, tmp_path: Path) -> None:
    path = write_instagram_mbs_posts(tmp_path / POSTS_NAME, [ig_post(), ig_post("18182686576415099")])
    date_column = IG_HEADER.index("Date")
    rewrite_posts(
        path, lambda rows: [rows[0], rows[1], [*rows[2][:date_column], "2026-10-31", *rows[2][date_column + 1 :]]]
    )
    (result,) = ingest_paths([path], home)
    assert (result.status, result.reason_rule, result.reason_column, result.reason_row) == (
        "rejected",
        "expectation_failed",
        "date",
        3,
    )
    assert "lifetime totals" in result.reason


def test_a_negative_post_count_is_rejected_by_the_suite(home, tmp_path: Path) -> None:
    path = write_facebook_mbs_posts(tmp_path / POSTS_NAME, [fb_post(reach=-3)])
    (result,) = ingest_paths([path], home)
    assert (result.status, result.reason_rule, result.reason_column, result.reason_row) == (
        "rejected",
        "expectation_failed",
        "reach",
        2,
    )


def test_a_restated_post_export_replaces_the_older_snapshot_of_the_same_day(home, tmp_path: Path) -> None:
    first = write_instagram_mbs_posts(tmp_path / "a" / POSTS_NAME, [ig_post(views=100)])
    later = write_instagram_mbs_posts(tmp_path / "b" / POSTS_NAME, [ig_post(views=130)])
    ingest_paths([first], home, as_of=datetime.fromisoformat("2026-12-01T08:00:00+00:00"))
    (result,) = ingest_paths([later], home, as_of=datetime.fromisoformat("2026-12-01T20:00:00+00:00"))
    assert (result.status, result.rows_updated) == ("loaded", 1)
    from ingest import warehouse

    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        assert con.execute("select views from raw.instagram__mbs_posts").fetchall() == [(130,)]
    finally:
        con.close()


# ---- per-metric quirks -----------------------------------------------------------------------------------


def test_recipe_follows_file_parses_as_a_facebook_daily_metric(tmp_path: Path, parse: Parse) -> None:
    path = utf16(tmp_path / "Follows.csv", FOLLOWS_TEXT)
    assert matching(path) == [DAILY.name]
    (row,) = parse(path, account_hint="northwindgear-facebook").to_pylist()
    assert row == {
        "account_id": "northwindgear-facebook",
        "metric_title": "Facebook follows",
        "metric": "facebook_follows",
        "platform": "facebook",
        "date": date(2025, 8, 1),
        "value": 20.0,
        "content_monetization": None,
        "stars": None,
        "subscriptions": None,
        "_row_number": 4,
        "_extra": None,
    }


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", FOLLOWS_TEXT),
        ("utf-8-sig", FOLLOWS_TEXT),
        ("utf-8", FOLLOWS_TEXT.replace("\n", "\r\n")),
        ("utf-16", FOLLOWS_TEXT),  # BOM in the machine's byte order
        ("utf-16-be", "\ufeff" + FOLLOWS_TEXT),
    ],
)
def test_daily_metric_reads_the_same_in_utf8_and_either_utf16(
    tmp_path: Path, parse: Parse, encoding: str, text: str
) -> None:
    reference = parse(utf16(tmp_path / "ref.csv", FOLLOWS_TEXT), account_hint="a").to_pylist()
    path = write_text(tmp_path / "Follows.csv", text, encoding)
    assert matching(path) == [DAILY.name]
    assert parse(path, account_hint="a").to_pylist() == reference


def test_daily_metric_without_the_sep_line_still_reads(tmp_path: Path, parse: Parse) -> None:
    path = write_text(tmp_path / "Follows.csv", FOLLOWS_TEXT.removeprefix("sep=,\n"))
    assert matching(path) == [DAILY.name]
    assert parse(path, account_hint="a")["_row_number"].to_pylist() == [3]


def test_monetization_variant_keeps_its_decimals(tmp_path: Path, parse: Parse) -> None:
    days = (
        MetricDay(date(2025, 8, 1), Decimal("23.936"), (Decimal("20.5"), Decimal("3.436"), Decimal("0"))),
        MetricDay(date(2025, 8, 2), Decimal("1.2"), (Decimal("1.2"), Decimal("0"), Decimal("0"))),
    )
    path = write_meta_mbs_daily_metric(tmp_path / "Earnings.csv", MetricSeries("Earnings", days, MONETIZATION_HEADER))
    assert '"2025-08-01T00:00:00","23.936","20.5","3.436","0"' in path.read_bytes().decode("utf-16")
    rows = parse(path, account_hint="a").to_pylist()
    assert [(r["value"], r["content_monetization"], r["stars"], r["subscriptions"]) for r in rows] == [
        (23.936, 20.5, 3.436, 0.0),
        (1.2, 1.2, 0.0, 0.0),
    ]
    assert {r["metric"] for r in rows} == {"earnings"}


@pytest.mark.parametrize(
    ("title", "code", "platform"),
    [
        ("Views", "views", None),
        ("Viewers", "viewers", None),
        ("Content interactions", "content_interactions", None),
        ("Facebook visits", "facebook_visits", "facebook"),
        ("Facebook link clicks", "facebook_link_clicks", "facebook"),
        ("Facebook follows", "facebook_follows", "facebook"),
        ("Instagram follows", "instagram_follows", "instagram"),
        ("Abonnés Facebook", "abonnés_facebook", "facebook"),
    ],
)
def test_metric_title_gives_a_code_and_the_platform_it_names(title: str, code: str, platform: str | None) -> None:
    assert (metric_code(title), metric_platform(title)) == (code, platform)


def test_unknown_metric_columns_go_to_extra(tmp_path: Path, parse: Parse) -> None:
    text = 'sep=,\n"Views"\n"Date","Primary","Comparison"\n"2025-08-01T00:00:00","20","18"\n'
    (row,) = parse(utf16(tmp_path / "Views.csv", text), account_hint="a").to_pylist()
    assert (row["value"], row["_extra"]) == (20.0, [("Comparison", "18")])


def test_daily_metric_without_an_account_folder_is_missing_account(tmp_path: Path) -> None:
    path = utf16(tmp_path / "Follows.csv", FOLLOWS_TEXT)
    assert "landing/<account>/" in raises(DAILY, path, "missing_account", account_hint=None).message


def test_daily_metric_value_that_is_not_a_number_names_row_and_column(tmp_path: Path) -> None:
    path = utf16(tmp_path / "Views.csv", FOLLOWS_TEXT + '"2025-08-02T00:00:00","n/a"\n')
    error = raises(DAILY, path, "not_a_number")
    assert (error.row, error.column, error.value) == (5, "Primary", "n/a")
    assert "Views.csv, row 5, column 'Primary'" in error.message


def test_daily_metric_time_other_than_midnight_is_bad_date(tmp_path: Path) -> None:
    path = utf16(tmp_path / "Views.csv", FOLLOWS_TEXT.replace("T00:00:00", "T07:00:00"))
    error = raises(DAILY, path, "bad_date")
    assert (error.row, error.column) == (4, "Date")
    assert "daily value" in error.message


def test_utf16_file_cut_in_the_middle_of_a_character_is_a_truncated_file(tmp_path: Path) -> None:
    path = utf16(tmp_path / "Views.csv", FOLLOWS_TEXT + '"2025-08-02T00:00:00","21"\n')
    path.write_bytes(path.read_bytes()[:-3])  # an odd number of bytes: half a UTF-16 code unit at the end
    assert raises(DAILY, path, "truncated_file").row is not None


def test_studio_totals_and_a_plain_date_table_are_not_daily_metrics(tmp_path: Path) -> None:
    assert matching(write_text(tmp_path / "Totals.csv", "Date,Views\n2026-10-01,12\n")) == ["youtube_studio_totals"]
    assert matching(write_text(tmp_path / "t.csv", '"Date","Primary"\n"2025-08-01T00:00:00","20"\n')) == []


def test_a_negative_net_metric_loads_but_a_negative_follows_count_is_rejected(home, tmp_path: Path) -> None:
    net = utf16(
        tmp_path / "acct" / "Net follows.csv",
        FOLLOWS_TEXT.replace("Facebook follows", "Net follows").replace('"20"', '"-3"'),
    )
    follows = utf16(tmp_path / "acct" / "Follows.csv", FOLLOWS_TEXT.replace('"20"', '"-3"'))
    loaded, rejected = ingest_paths([net, follows], home, account="northwindgear-facebook")
    assert (loaded.status, loaded.rows_inserted) == ("loaded", 1)
    assert (rejected.status, rejected.reason_rule, rejected.reason_column, rejected.reason_row) == (
        "rejected",
        "expectation_failed",
        "value",
        4,
    )


# ---- the bad-input sets, through the loader --------------------------------------------------------------

POSTS_STYLE = CsvStyle(encoding="utf-8-sig")


def posts_bad(id_header: str, count_header: str, id_value: str) -> dict[str, Bad]:
    return {
        "truncated": Bad(badinput.truncated, "truncated_file", row=4, message=("cut off",)),
        "wrong_encoding": Bad(
            lambda good: badinput.reencoded(good, source="utf-8-sig"), "bad_encoding", message=("not UTF-8",)
        ),
        "header_only": Bad(badinput.rewrite(POSTS_STYLE, "header_only", badinput.header_only()), "header_only"),
        "missing_column": Bad(
            badinput.rewrite(POSTS_STYLE, "missing_column", badinput.drop_column("Reach")),
            "missing_column",
            column="Reach",
        ),
        "non_numeric": Bad(
            badinput.rewrite(POSTS_STYLE, "non_numeric", badinput.set_cell(count_header, 2, "twelve")),
            "not_a_number",
            row=3,
            column=count_header,
        ),
        "mangled_id": Bad(
            badinput.rewrite(POSTS_STYLE, "mangled_id", badinput.set_cell(id_header, 1, id_value)),
            "mangled_id",
            row=2,
            column=id_header,
            message=("scientific notation",),
        ),
        "duplicate_rows": Bad(
            badinput.rewrite(POSTS_STYLE, "duplicate_rows", badinput.duplicate_row(1)),
            "duplicate_key",
            row=5,
            message=("rows 2, 5",),
        ),
        "unknown_file": Bad(
            badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")
        ),
    }


IG_BAD = posts_bad("Post ID", "Likes", "1.81827E+16")
FB_BAD = posts_bad("Post ID", "Reactions", "1.82772E+15")

METRIC_STYLE = CsvStyle(encoding="utf-16", quoting=csv.QUOTE_ALL, preamble_lines=2)
# A French-language Business Suite writes the title in French: non-ASCII text a re-save can break.
METRIC_TITLE = "Abonnés Facebook"


def metric_truncated(good: Path) -> Path:
    """The UTF-16 file cut off in the middle of its last row (whole characters, so it ends inside a quote)."""
    text = good.read_text(encoding="utf-16").rstrip("\n")
    last = text.rindex("\n") + 1
    return utf16(badinput.variant(good, "truncated"), text[: last + (len(text) - last) // 2])


def metric_reencoded(good: Path) -> Path:
    """The file re-saved by a spreadsheet as Windows-1252 "CSV": no BOM, not UTF-8, not UTF-16."""
    data = good.read_text(encoding="utf-16").encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = badinput.variant(good, "wrong_encoding")
    path.write_bytes(data)
    return path


DAILY_BAD = {
    "truncated": Bad(metric_truncated, "truncated_file", row=6, message=("cut off",)),
    "wrong_encoding": Bad(metric_reencoded, "bad_encoding", message=("not UTF-8 or UTF-16",)),
    "header_only": Bad(badinput.rewrite(METRIC_STYLE, "header_only", badinput.header_only()), "header_only"),
    # The near match is found at detection: a title line and `Date`, but no `Primary`.
    "missing_column": Bad(
        badinput.rewrite(METRIC_STYLE, "missing_column", badinput.drop_column("Primary")),
        "missing_column",
        column="Primary",
        message=("Meta Business Suite per-metric",),
    ),
    "non_numeric": Bad(
        badinput.rewrite(METRIC_STYLE, "non_numeric", badinput.set_cell("Primary", 2, "twenty")),
        "not_a_number",
        row=5,
        column="Primary",
    ),
    # The file holds no id (the account is the landing folder). What a spreadsheet mangles here is the date
    # (`2026-10-01T00:00:00` saved back as `10/01/2026 00:00`): pinned as a bad date at its row and column.
    "mangled_id": Bad(
        badinput.rewrite(METRIC_STYLE, "mangled_id", badinput.set_cell("Date", 1, "10/01/2026 00:00")),
        "bad_date",
        row=4,
        column="Date",
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(METRIC_STYLE, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=7,
        message=("rows 4, 7",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def test_mbs_bad_input_sets_cover_every_kind() -> None:
    assert tuple(IG_BAD) == tuple(FB_BAD) == tuple(DAILY_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_instagram_posts_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    ids = ("18182686576415017", "18182686576415018", "18182686576415019")
    good = write_instagram_mbs_posts(tmp_path / POSTS_NAME, [ig_post(i) for i in ids])
    badinput.assert_quarantined(home, good, IG_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_facebook_posts_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    ids = ("1827720132094663", "1827720132094664", "1827720132094665")
    good = write_facebook_mbs_posts(tmp_path / POSTS_NAME, [fb_post(i) for i in ids])
    badinput.assert_quarantined(home, good, FB_BAD[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_daily_metric_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    days = tuple(MetricDay(date(2026, 10, d), d * 3) for d in (1, 2, 3))
    good = write_meta_mbs_daily_metric(tmp_path / "Follows.csv", MetricSeries(METRIC_TITLE, days))
    badinput.assert_quarantined(home, good, DAILY_BAD[kind], account="northwindgear-facebook")
