"""The brand's CSV templates (orders, creator campaigns, live sessions, comments): detection, exact parsing of
generated files and of the shipped blank templates, each rule the templates document, and bad input."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.brand_templates import BrandOrders
from ingest.exports.identity import pseudonymize
from ingest.exports.templates import TEMPLATES, template_path
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.brand import (
    BERLIN,
    DENVER,
    CreatorDeal,
    LiveSession,
    Order,
    TemplateComment,
    customer_sha256,
    write_brand_comments,
    write_brand_creator_campaigns,
    write_brand_live_sessions,
    write_brand_orders,
)

Parse = Callable[..., pa.Table]
KEY = FileContext.__dataclass_fields__["identity_key"].default  # the key parse_file's context uses
TEMPLATE_TYPES = ("brand_orders", "brand_creator_campaigns", "brand_live_sessions", "brand_comments")
ANA = customer_sha256("ana@example.com")


def of_type(samples: list[SampleFile], name: str) -> SampleFile:
    (sample,) = [s for s in samples if s.export_type == name]
    return sample


def order(order_id: str = "NW-100001", **changes: object) -> Order:
    values: dict = {"ordered_at": datetime(2026, 10, 5, 14, 2, 11, tzinfo=DENVER), "revenue": Decimal("229.00"),
                    "currency": "USD", "utm_source": "instagram", "utm_medium": "influencer",
                    "utm_campaign": "fall_launch_ridgeline", "utm_content": "müsli_trail", "discount_code": "ANA10",
                    "customer_id_sha256": ANA}  # fmt: skip
    return Order(order_id, **{**values, **changes})


def rewrite(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> Path:
    """Re-write a template the way the samples are saved (BOM, CRLF, minimal quoting)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(change(rows))
    return path


def set_cell(header: str, value: str, data_row: int = 1) -> Callable[[list[list[str]]], list[list[str]]]:
    def change(rows: list[list[str]]) -> list[list[str]]:
        rows[data_row][rows[0].index(header)] = value
        return rows

    return change


def raises(path: Path, rule: str, *, account_hint: str | None = "northwind-brand") -> ExportError:
    export = detect(path)
    with pytest.raises(ExportError) as caught:
        list(export.parse(FileContext(path, Sniff.of(path), account_hint=account_hint)))
    assert caught.value.rule == rule, caught.value.message
    assert path.name in caught.value.message
    return caught.value


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_templates_each_detect_as_exactly_their_type(landing: Path, samples: list[SampleFile]) -> None:
    for name in TEMPLATE_TYPES:
        sample = of_type(samples, name)
        assert sample.account == "northwind-brand"
        assert detect(landing.joinpath(*sample.path.parts)).name == name


def test_generated_orders_parse_with_exact_totals(landing: Path, samples: list[SampleFile], parse: Parse) -> None:
    sample = of_type(samples, "brand_orders")
    orders: tuple[Order, ...] = sample.rows
    assert 280 <= len(orders) <= 320
    table = parse(landing.joinpath(*sample.path.parts), account_hint=sample.account)
    assert table.num_rows == len(orders)
    assert table["order_id"].to_pylist() == [o.order_id for o in orders]
    assert set(table["account_id"].to_pylist()) == {"northwind-brand"}
    assert table["ordered_at"].to_pylist() == [o.ordered_at.astimezone(UTC) for o in orders]
    for currency in ("USD", "EUR"):
        parsed = [r for r, c in zip(table["revenue"].to_pylist(), table["currency"].to_pylist(), strict=True)
                  if c == currency]  # fmt: skip
        assert sum(parsed) == sum(o.revenue for o in orders if o.currency == currency), currency
    assert Counter(table["order_type"].to_pylist()) == Counter(o.order_type for o in orders)
    assert Counter(table["discount_code"].to_pylist()) == Counter(o.discount_code for o in orders)
    assert table["customer_hash"].to_pylist() == [pseudonymize(o.customer_id_sha256, KEY) for o in orders]
    assert table["_row_number"].to_pylist() == list(range(2, len(orders) + 2))


def test_generated_orders_tell_the_story_micro_creators_outsell_the_macro_one(samples: list[SampleFile]) -> None:
    orders: tuple[Order, ...] = of_type(samples, "brand_orders").rows
    codes = Counter(o.discount_code for o in orders)
    assert codes["ANA10"] > codes["PAULA15"]  # 23k-follower creator beats the 812k one
    assert {o.currency for o in orders} == {"USD", "EUR"}
    assert {o.ordered_at.month for o in orders} == {10, 11}
    refunds = [o for o in orders if o.order_type == "refund"]
    assert refunds and all(o.revenue < 0 for o in refunds)


def test_generated_creator_campaigns_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "brand_creator_campaigns")
    deals: tuple[CreatorDeal, ...] = sample.rows
    table = parse(landing.joinpath(*sample.path.parts), account_hint=sample.account)
    assert table.num_rows == len(deals)
    assert sum(table["fee"].to_pylist()) == sum(d.fee for d in deals)
    assert table["post_urls"].to_pylist() == [list(d.post_urls) for d in deals]
    assert table["followers_at_signing"].to_pylist() == [d.followers_at_signing for d in deals]
    assert max(table["followers_at_signing"].to_pylist()) == 812_000
    assert table["ends_on"].to_pylist() == [d.ends_on for d in deals]


def test_generated_live_sessions_parse_and_blank_ids_are_derived(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "brand_live_sessions")
    sessions: tuple[LiveSession, ...] = sample.rows
    table = parse(landing.joinpath(*sample.path.parts))
    assert table.num_rows == len(sessions)
    assert table["started_at"].to_pylist() == [s.started_at.astimezone(UTC) for s in sessions]
    assert sum(table["peak_concurrent_viewers"].to_pylist()) == sum(s.peak_concurrent_viewers for s in sessions)
    expected = [s.session_id or f"{s.platform}-{s.account_id}-{s.started_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
                for s in sessions]  # fmt: skip
    assert table["session_id"].to_pylist() == expected
    assert "instagram-northwindgear-20261125T190000Z" in expected
    small = [r for r in table.to_pylist() if r["followers_at_start"] > 100_000 and r["peak_concurrent_viewers"] < 35]
    assert small  # the story: ~100k followers, ~30 peak viewers


def test_generated_comments_template_hashes_commenters_and_marks_brand_replies(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    sample = of_type(samples, "brand_comments")
    comments: tuple[TemplateComment, ...] = sample.rows
    table = parse(landing.joinpath(*sample.path.parts))
    assert table.num_rows == len(comments)
    assert table["commenter_hash"].to_pylist() == [pseudonymize(c.commenter, KEY) for c in comments]
    brand = [c.commenter.lstrip("@").lower() == "northwindgear" for c in comments]
    assert table["is_brand_reply"].to_pylist() == brand and any(brand)
    assert table["parent_comment_id"].to_pylist() == [c.parent_comment_id for c in comments]
    assert table["text"].to_pylist() == [c.text for c in comments]
    assert sum(table["like_count"].to_pylist()) == sum(c.like_count for c in comments)
    commenters = {c.commenter for c in comments}
    assert not commenters & {v for row in table.to_pylist() for v in row.values() if isinstance(v, str)}


# ---- the shipped templates and their documentation -------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATE_TYPES)
def test_shipped_template_is_detected_and_its_example_row_loads(name: str, parse: Parse) -> None:
    path = template_path(name)
    assert detect(path).name == name
    assert parse(path, account_hint="northwind-brand").num_rows == 1


@pytest.mark.parametrize("name", TEMPLATE_TYPES)
def test_every_template_column_is_documented_in_the_readme_and_the_module(name: str) -> None:
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"## {name}.csv", 1)[1].split("\n## ", 1)[0]
    header = template_path(name).read_text(encoding="utf-8").splitlines()[0].split(",")
    import ingest.exports.brand_templates as module

    for column in header:
        assert f"| {column} |" in section, (name, column)
        assert column in module.__doc__, (name, column)


# ---- rules the templates document ------------------------------------------------------------------------


def test_time_without_a_zone_is_rejected_saying_why(tmp_path: Path) -> None:
    path = write_brand_orders(tmp_path / "orders.csv", [order(), order("NW-100002")])
    rewrite(path, set_cell("ordered_at", "2026-10-05T14:02:11", data_row=2))
    error = raises(path, "missing_time_zone")
    assert (error.row, error.column) == (3, "ordered_at")
    assert "no time zone" in error.message and "Z" in error.message


def test_date_without_time_is_rejected_as_missing_time_zone(tmp_path: Path) -> None:
    path = rewrite(write_brand_orders(tmp_path / "orders.csv", [order()]), set_cell("ordered_at", "2026-10-05"))
    assert raises(path, "missing_time_zone").row == 2


@pytest.mark.parametrize(
    ("written", "utc"),
    [("2026-10-05T14:02:11-06:00", datetime(2026, 10, 5, 20, 2, 11, tzinfo=UTC)),
     ("2026-10-05T20:02:11Z", datetime(2026, 10, 5, 20, 2, 11, tzinfo=UTC)),
     ("2026-10-05T22:02:11+0200", datetime(2026, 10, 5, 20, 2, 11, tzinfo=UTC)),
     ("2026-10-05 22:02+02:00", datetime(2026, 10, 5, 20, 2, tzinfo=UTC))],
)  # fmt: skip
def test_times_with_any_iso_zone_style_are_stored_in_utc(tmp_path: Path, parse: Parse, written: str, utc) -> None:
    path = rewrite(write_brand_orders(tmp_path / "orders.csv", [order()]), set_cell("ordered_at", written))
    assert parse(path, account_hint="b")["ordered_at"].to_pylist() == [utc]


@pytest.mark.parametrize("customer", ["ana@example.com", "CUST-1001", "12345"])
def test_unhashed_customer_id_rejects_the_file_without_repeating_the_value(tmp_path: Path, customer: str) -> None:
    path = write_brand_orders(tmp_path / "orders.csv", [order(), order("NW-100002", customer_id_sha256=customer)])
    error = raises(path, "unhashed_identity")
    assert (error.row, error.column, error.value) == (3, "customer_id_sha256", None)
    assert customer not in error.message
    assert "sha256" in error.message.lower() and "64 hex" in error.message
    assert ("looks like an e-mail address" in error.message) == ("@" in customer)


def test_customer_sha256_is_stored_only_as_a_keyed_hash_whatever_its_case(tmp_path: Path, parse: Parse) -> None:
    path = write_brand_orders(tmp_path / "orders.csv", [order(), order("NW-100002", customer_id_sha256=ANA.upper())])
    table = parse(path, account_hint="b")
    assert table["customer_hash"].to_pylist() == [pseudonymize(ANA, KEY)] * 2
    assert ANA not in str(table.to_pylist())
    assert ANA == hashlib.sha256(b"ana@example.com").hexdigest()


def test_refund_is_its_own_row_with_negative_revenue_and_loads(home, tmp_path: Path) -> None:
    refund = order("NW-R5001", order_type="refund", revenue=Decimal("-229.00"), discount_code=None)
    path = write_brand_orders(tmp_path / "northwind-brand" / "orders.csv", [order(), refund])
    (result,) = ingest_paths([path], home, account="northwind-brand")
    assert result.status == "loaded", result.reason
    assert result.rows_inserted == 2


@pytest.mark.parametrize(
    ("order_type", "revenue", "why"),
    [("order", Decimal("-10.00"), "a refund is its own row"), ("refund", Decimal("10.00"), "fix the sign")],
)
def test_revenue_sign_must_match_the_order_type(home, tmp_path: Path, order_type: str, revenue, why: str) -> None:
    wrong = order("NW-100002", order_type=order_type, revenue=revenue)
    path = write_brand_orders(tmp_path / "northwind-brand" / "orders.csv", [order(), wrong])
    (result,) = ingest_paths([path], home, account="northwind-brand")
    assert (result.status, result.reason_rule) == ("rejected", "expectation_failed")
    assert (result.reason_row, result.reason_column) == (3, "revenue")
    assert why in result.reason


def test_unknown_order_type_is_rejected_by_the_suite(home, tmp_path: Path) -> None:
    path = write_brand_orders(tmp_path / "b" / "orders.csv", [order(), order("NW-100002", order_type="Exchange")])
    (result,) = ingest_paths([path], home, account="b")
    assert (result.reason_rule, result.reason_row, result.reason_column) == ("expectation_failed", 3, "order_type")


def test_blank_order_type_means_order_and_lower_case_currency_is_upper_cased(tmp_path: Path, parse: Parse) -> None:
    path = write_brand_orders(tmp_path / "orders.csv", [order(order_type="", currency="eur")])
    row = parse(path, account_hint="b").to_pylist()[0]
    assert (row["order_type"], row["currency"]) == ("order", "EUR")


def test_currency_that_is_not_an_iso_code_is_rejected(tmp_path: Path) -> None:
    path = rewrite(write_brand_orders(tmp_path / "orders.csv", [order()]), set_cell("currency", "US$"))
    error = raises(path, "bad_currency")
    assert (error.row, error.column) == (2, "currency")


def test_headers_match_ignoring_case_and_spacing_and_order(tmp_path: Path, parse: Parse) -> None:
    plain = write_brand_orders(tmp_path / "plain.csv", [order()])
    odd = rewrite(
        write_brand_orders(tmp_path / "odd.csv", [order()]),
        lambda rows: [[" " + h.upper().replace("_", "_") + " " for h in rows[0]][::-1], rows[1][::-1]],
    )
    assert detect(odd).name == "brand_orders"
    assert (
        parse(odd, account_hint="b").drop(["_row_number"]).to_pylist()
        == parse(plain, account_hint="b").drop(["_row_number"]).to_pylist()
    )


def test_template_without_bom_and_with_lf_reads_the_same(tmp_path: Path, parse: Parse) -> None:
    excel = write_brand_orders(tmp_path / "excel.csv", [order(), order("NW-100002")])
    assert excel.read_bytes().startswith(b"\xef\xbb\xbforder_id,") and b"\r\n" in excel.read_bytes()
    sheets = tmp_path / "sheets.csv"
    sheets.write_bytes(excel.read_bytes()[3:].replace(b"\r\n", b"\n"))
    assert parse(sheets, account_hint="b").to_pylist() == parse(excel, account_hint="b").to_pylist()


def test_unknown_column_goes_to_extra_and_is_reported_as_drift(home, tmp_path: Path) -> None:
    path = write_brand_orders(tmp_path / "northwind-brand" / "orders.csv", [order()])
    rewrite(path, lambda rows: [[*rows[0], "shipping_country"], [*rows[1], "DE"]])
    table = BrandOrders().parse(FileContext(path, Sniff.of(path), account_hint="b"))
    assert next(table)["_extra"].to_pylist() == [[("shipping_country", "DE")]]
    (result,) = ingest_paths([path], home, account="b")
    assert (result.status, result.drift_columns) == ("loaded", ["shipping_country"])


def test_missing_optional_columns_load_as_null(tmp_path: Path, parse: Parse) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("order_id,ordered_at,revenue,currency\nNW-1,2026-10-05T20:02:11Z,10.00,USD\n", encoding="utf-8")
    row = parse(path, account_hint="b").to_pylist()[0]
    assert (row["utm_campaign"], row["discount_code"], row["customer_hash"], row["order_type"]) == (
        None, None, None, "order"
    )  # fmt: skip


def test_orders_outside_a_brand_folder_are_missing_account(tmp_path: Path) -> None:
    path = write_brand_orders(tmp_path / "orders.csv", [order()])
    raises(path, "missing_account", account_hint=None)


def test_post_urls_split_on_pipes_and_whitespace_into_a_list(tmp_path: Path, parse: Parse) -> None:
    deal = CreatorDeal("C1", "@TrailMix_Ana", "Instagram", 23_400, Decimal("1200"), "USD", "ANA10", "fall",
                       datetime(2026, 10, 1).date(), None)  # fmt: skip
    path = write_brand_creator_campaigns(tmp_path / "deals.csv", [deal])
    rewrite(path, set_cell("post_urls", "https://a.example/p/1|https://a.example/p/2\nhttps://a.example/p/3  x.y"))
    with pytest.raises(ExportError) as caught:
        parse(path, account_hint="b")
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("bad_url", 2, "post_urls")
    rewrite(path, set_cell("post_urls", "https://a.example/p/1|https://a.example/p/2\nhttps://a.example/p/3 "))
    row = parse(path, account_hint="b").to_pylist()[0]
    assert row["post_urls"] == ["https://a.example/p/1", "https://a.example/p/2", "https://a.example/p/3"]
    assert (row["creator_handle"], row["platform"]) == ("trailmix_ana", "instagram")  # public, not hashed


def test_followers_with_thousands_separators_are_whole_numbers(tmp_path: Path, parse: Parse) -> None:
    deal = CreatorDeal("C1", "peakpaula", "instagram", 1, Decimal("18000"), "USD", None, None,
                       datetime(2026, 10, 1).date(), None)  # fmt: skip
    path = rewrite(
        write_brand_creator_campaigns(tmp_path / "d.csv", [deal]), set_cell("followers_at_signing", "812,000")
    )
    assert parse(path, account_hint="b")["followers_at_signing"].to_pylist() == [812_000]


def test_derived_session_id_is_the_same_in_every_file(tmp_path: Path, parse: Parse) -> None:
    live = LiveSession("instagram", "northwindgear", datetime(2026, 11, 25, 12, tzinfo=DENVER), 45.0, 27, None,
                       106_900, "Holiday live")  # fmt: skip
    first = parse(write_brand_live_sessions(tmp_path / "a.csv", [live]))
    moved = LiveSession(**{**live.__dict__, "started_at": live.started_at.astimezone(BERLIN), "title": "renamed"})
    second = parse(write_brand_live_sessions(tmp_path / "b.csv", [moved]))
    assert (
        first["session_id"].to_pylist()
        == second["session_id"].to_pylist()
        == ["instagram-northwindgear-20261125T190000Z"]
    )
    assert first["unique_viewers"].to_pylist() == [None]  # not noted: NULL, never 0


def test_peak_viewers_above_unique_viewers_is_rejected_by_the_suite(home, tmp_path: Path) -> None:
    live = LiveSession("tiktok", "northwindgear", datetime(2026, 10, 22, 19, tzinfo=DENVER), 38.0, 2310, 148, 41_800,
                       "swapped")  # fmt: skip
    (result,) = ingest_paths([write_brand_live_sessions(tmp_path / "live.csv", [live])], home)
    assert (result.reason_rule, result.reason_row) == ("expectation_failed", 2)
    assert "probably swapped" in result.reason


def comment(comment_id: str, commenter: str, text: str = "Nice", **changes: object) -> TemplateComment:
    values: dict = {"platform": "tiktok", "account_id": "northwindgear", "post_id": "7561234567890123456",
                    "created_at": datetime(2026, 10, 10, 18, 4, tzinfo=UTC), "like_count": 1}  # fmt: skip
    return TemplateComment(comment_id=comment_id, commenter=commenter, text=text, **{**values, **changes})


def test_comment_text_is_stored_verbatim_and_commenter_only_hashed(tmp_path: Path, parse: Parse) -> None:
    texts = ['=HYPERLINK("http://x.example")', "@northwindgear love it", "+1", "-abc", " padded  "]
    rows = [comment(f"75610000000000000{i}", f"fan_{i}", t) for i, t in enumerate(texts)]
    table = parse(write_brand_comments(tmp_path / "c.csv", rows))
    assert table["text"].to_pylist() == texts
    assert table["commenter_hash"].to_pylist() == [pseudonymize(f"fan_{i}", KEY) for i in range(len(texts))]
    assert "commenter" not in table.column_names
    assert not any("fan_" in str(v) for v in table.to_pylist())


def test_brand_reply_is_decided_before_hashing_from_account_brand_handle_or_the_file(
    tmp_path: Path, parse: Parse
) -> None:
    rows = [
        comment("7561", "fan"),
        comment("7562", "@NorthwindGear", parent_comment_id="7561"),  # the account itself, any case, with @
        comment("7563", "northwind_help", parent_comment_id="7561"),  # another brand account: said so in the file
        comment("7564", "northwindgear", account_id="1234567890"),  # numeric account id: brand_handle tells
    ]
    path = write_brand_comments(tmp_path / "c.csv", rows)
    rewrite(path, lambda r: [[*r[0], "brand_handle", "is_brand_reply"], [*r[1], "", ""], [*r[2], "", "false"],
                             [*r[3], "", "TRUE"], [*r[4], "northwindgear", ""]])  # fmt: skip
    table = parse(path)
    assert table["is_brand_reply"].to_pylist() == [False, True, True, True]
    assert table["parent_comment_id"].to_pylist() == [None, "7561", "7561", None]


# ---- the bad-input set, through the loader ----------------------------------------------------------------

STYLE = CsvStyle(encoding="utf-8-sig", lineterminator="\r\n")


def _bad_set(
    id_column: str, number_column: str, mangled: str, *, truncated: Bad, required: str | None = None
) -> dict[str, Bad]:
    required = required or number_column
    return {
        "truncated": truncated,
        # Excel's plain "CSV (Comma delimited)" on Windows: cp1252, and no BOM.
        "wrong_encoding": Bad(
            lambda good: badinput.reencoded(good, source="utf-8-sig"), "bad_encoding", message=("not UTF-8",)
        ),  # fmt: skip
        "header_only": Bad(badinput.rewrite(STYLE, "header_only", badinput.header_only()), "header_only"),
        "missing_column": Bad(
            badinput.rewrite(STYLE, "missing_column", badinput.drop_column(required)),
            "missing_column",
            column=required,
            message=(f"'{required}'",),
        ),
        "non_numeric": Bad(
            badinput.rewrite(STYLE, "non_numeric", badinput.set_cell(number_column, 2, "twelve")),
            "not_a_number",
            row=3,
            column=number_column,
        ),
        "mangled_id": Bad(
            badinput.rewrite(STYLE, "mangled_id", badinput.set_cell(id_column, 1, mangled)),
            "mangled_id",
            row=2,
            column=id_column,
            message=("scientific notation",),
        ),
        "duplicate_rows": Bad(
            badinput.rewrite(STYLE, "duplicate_rows", badinput.duplicate_row(1)),
            "duplicate_key",
            row=5,
            message=("rows 2, 5",),
        ),
        "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known")),
    }


# A cut-off download of a template (minimal quoting) ends in a short last row, whose first missing column
# is named; the cut falls at half the last row, so which column that is depends on the row written.
BAD = {
    "brand_orders": _bad_set(
        "order_id",
        "revenue",
        "5.12346E+12",
        truncated=Bad(badinput.truncated, "truncated_row", row=4, column="utm_content"),
    ),
    "brand_creator_campaigns": _bad_set(
        "campaign_id",
        "fee",
        "2.02611E+11",
        truncated=Bad(badinput.truncated, "truncated_row", row=4, column="product_cost"),
    ),
    "brand_live_sessions": _bad_set(
        "session_id",
        "peak_concurrent_viewers",
        "1.78414E+16",
        truncated=Bad(badinput.truncated, "truncated_row", row=4, column="duration_minutes"),
    ),  # fmt: skip
    "brand_comments": _bad_set(
        "comment_id",
        "like_count",
        "7.56123E+18",
        required="commenter",
        truncated=Bad(badinput.truncated, "truncated_row", row=4, column="created_at"),
    ),
}


def good_file(name: str, folder: Path) -> Path:
    """Three rows of each template, with non-ASCII text (so a Latin-1 re-save changes bytes)."""
    path = folder / "northwind-brand" / f"{name}.csv"
    if name == "brand_orders":
        return write_brand_orders(path, [order("NW-100001"), order("NW-100002"), order("NW-100003")])
    if name == "brand_creator_campaigns":
        deals = [CreatorDeal(f"NW-FL26-0{i}", h, "instagram", 23_400, Decimal("1200.00"), "USD", "ANA10",
                             "herbst_grün", datetime(2026, 10, 1).date(), None) for i, h in
                 enumerate(("trailmix_ana", "kletter_lea", "sam_climbs"))]  # fmt: skip
        return write_brand_creator_campaigns(path, deals)
    if name == "brand_live_sessions":
        lives = [LiveSession("instagram", "northwindgear", datetime(2026, 10, d, 17, tzinfo=DENVER), 52.0, 31, 212,
                             104_300, "Café live ☕") for d in (8, 15, 22)]  # fmt: skip
        return write_brand_live_sessions(path, lives)
    rows = [comment(f"756123456789012345{i}", f"fan_{i}", "Schön! Does it come in tall sizes?") for i in range(3)]
    return write_brand_comments(path, rows)


@pytest.mark.parametrize("name", TEMPLATE_TYPES)
def test_bad_input_set_covers_every_kind(name: str) -> None:
    assert tuple(BAD[name]) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
@pytest.mark.parametrize("name", TEMPLATE_TYPES)
def test_bad_input_is_quarantined_with_a_precise_reason(name: str, kind: str, home, tmp_path: Path) -> None:
    good = good_file(name, tmp_path)
    badinput.assert_quarantined(home, good, BAD[name][kind], account="northwind-brand")
