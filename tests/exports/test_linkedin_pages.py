"""LinkedIn page workbooks (content, followers): detection, exact parsing of .xls and .xlsx, the two-table
load (all or nothing), quirks, and the bad-input set through the loader."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad

from ingest import warehouse
from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.linkedin_pages import LinkedInContent, LinkedInFollowers, post_id_from_link
from ingest.exports.sheets import Workbook, render
from ingest.load.loader import ingest_paths
from ingest.samples import SampleFile
from ingest.samples.linkedin import (
    DAILY,
    SPLITS,
    ContentDay,
    FollowerDay,
    FollowersExport,
    Post,
    write_linkedin_content,
    write_linkedin_followers,
    write_workbook,
)

Parse = Callable[..., pa.Table]
EXPORTED = datetime(2026, 12, 1, 9, 14, tzinfo=UTC)
CONTENT = "northwind-gear_content_1796116440000.xls"
FOLLOWERS = "northwind-gear_followers_1796116500000.xlsx"


def day(d: date, impressions: int = 300, **organic: int) -> ContentDay:
    counts = {"impressions": impressions, "clicks": 9, "reactions": 6, "comments": 2, "reposts": 1, **organic}
    return ContentDay(d, counts, dict.fromkeys(DAILY, 0), max(0, impressions // 2))


def post(activity: int = 7380000000000000001, title: str = "Meet the Ridgeline Shell 🧥", **kw: object) -> Post:
    counts: dict = {"impressions": 1200, "clicks": 30, "likes": 40, "comments": 3, "reposts": 2, **kw}
    return Post(title=title, link=f"https://www.linkedin.com/feed/update/urn:li:activity:{activity}",
                created=date(2026, 10, 3), **counts)  # fmt: skip


def parts(path: Path, *, account_hint: str | None = None) -> dict[str, pa.Table]:
    export = detect(path)
    ctx = FileContext(path, Sniff.of(path), account_hint=account_hint)
    return {p.raw_table: pa.Table.from_batches(list(p.parse(ctx)), schema=p.arrow_schema()) for p in export.parts()}


def sheet_rows(path: Path) -> dict[str, list[list[object]]]:
    with Workbook(path) as book:
        return {name: [list(r) for r in book.rows(name)] for name in book.sheet_names}


def rewrite_workbook(good: Path, kind: str, change: Callable[[dict[str, list[list[object]]]], None]) -> Path:
    """Read every sheet, let `change` edit the rows in place, write the workbook back in the same format."""
    rows = sheet_rows(good)
    change(rows)
    target = badinput.variant(good, kind)
    clean = [(name, [[None if v == "" else v for v in r] for r in sheet]) for name, sheet in rows.items()]
    return write_workbook(target, clean)


def _column(rows: list[list[object]], header_row: int, header: str) -> int:
    return rows[header_row].index(header)


# ---- generated files -------------------------------------------------------------------------------------


def _samples(samples: list[SampleFile], kind: str) -> SampleFile:
    (sample,) = [s for s in samples if s.export_type == kind]
    return sample


def test_generated_content_xls_loads_both_tables_with_exact_totals(landing: Path, samples: list[SampleFile]) -> None:
    sample = _samples(samples, "linkedin_content")
    path = landing.joinpath(*sample.path.parts)
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # BIFF8 in an OLE2 container
    assert detect(path).name == "linkedin_content"
    export = sample.rows[0]
    tables = parts(path)
    metrics, posts = tables["linkedin__content_metrics"], tables["linkedin__posts"]
    assert metrics.num_rows == len(export.days) == 61
    assert metrics["date"].to_pylist() == [d.day for d in export.days]
    assert metrics["_row_number"].to_pylist() == list(range(3, 64))  # description row 1, header row 2
    for metric in DAILY:
        for split in SPLITS:
            column = f"{metric}_{split}"
            assert sum(metrics[column].to_pylist()) == sum(d.count(metric, split) for d in export.days), column
    assert set(metrics["account_id"].to_pylist()) == {"northwind-gear"}
    assert min(metrics["impressions_organic"].to_pylist()) < 0  # the correction day
    assert posts.num_rows == len(export.posts) == 10
    assert posts["post_id"].to_pylist() == [p.post_id for p in export.posts]
    assert posts["post_title"].to_pylist() == [p.title for p in export.posts]
    for column in ("impressions", "clicks", "likes", "comments", "reposts"):
        assert sum(posts[column].to_pylist()) == sum(getattr(p, column) for p in export.posts), column
    assert posts["engagement_rate"].to_pylist() == [p.engagement_rate for p in export.posts]


def test_generated_followers_xlsx_loads_daily_and_demographics(landing: Path, samples: list[SampleFile]) -> None:
    sample = _samples(samples, "linkedin_followers")
    path = landing.joinpath(*sample.path.parts)
    assert path.read_bytes()[:4] == b"PK\x03\x04"
    assert detect(path).name == "linkedin_followers"
    export: FollowersExport = sample.rows[0]
    tables = parts(path)
    daily, demographics = tables["linkedin__followers_daily"], tables["linkedin__follower_demographics"]
    assert daily.num_rows == 61
    assert daily["_row_number"].to_pylist()[:2] == [2, 3]  # no description row in this file
    assert sum(daily["total_followers"].to_pylist()) == sum(d.total for d in export.days)
    assert sum(daily["organic_followers"].to_pylist()) == sum(d.organic for d in export.days)
    assert demographics.num_rows == sum(len(v) for v in export.demographics.values())
    by_dimension: dict[str, int] = {}
    for row in demographics.to_pylist():
        by_dimension[row["dimension"]] = by_dimension.get(row["dimension"], 0) + row["total_followers"]
    assert by_dimension == {
        sheet.lower().replace(" ", "_"): sum(n for _, n in values) for sheet, values in export.demographics.items()
    }


def test_content_xlsx_and_xls_variants_parse_to_the_same_rows(tmp_path: Path) -> None:
    days = [day(date(2026, 10, 1)), day(date(2026, 10, 2), impressions=-40, clicks=-2)]
    posts = [post(), post(7380000000000000002, title="Second")]
    xls = write_linkedin_content(tmp_path / "xls" / CONTENT, days, posts)
    xlsx = write_linkedin_content(tmp_path / "xlsx" / CONTENT.replace(".xls", ".xlsx"), days, posts)
    assert xlsx.read_bytes()[:4] == b"PK\x03\x04"
    assert detect(xlsx).name == "linkedin_content"
    assert {k: t.to_pylist() for k, t in parts(xls).items()} == {k: t.to_pylist() for k, t in parts(xlsx).items()}


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_negative_correction_day_loads_as_negative_counts(tmp_path: Path, suffix: str, home) -> None:
    path = write_linkedin_content(
        tmp_path / CONTENT.replace(".xls", suffix),
        [day(date(2026, 10, 1)), day(date(2026, 10, 17), impressions=-88, clicks=-3, reactions=-1)],
        [post()],
    )
    (result,) = ingest_paths([path], home)
    assert result.status == "loaded", result.reason
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        row = con.execute(
            "select impressions_total, clicks_organic, reactions_total from raw.linkedin__content_metrics "
            "where date = date '2026-10-17'"
        ).fetchone()
    finally:
        con.close()
    assert row == (-88, -3, -1)


def test_older_shares_and_update_names_load_as_reposts(tmp_path: Path) -> None:
    path = write_linkedin_content(tmp_path / CONTENT, [day(date(2026, 10, 1), reposts=4)],
                                  [post(reposts=7, follows=2)], older_names=True)  # fmt: skip
    headers = sheet_rows(path)
    assert "Shares (total)" in headers["Metrics"][1] and headers["All posts"][1][0] == "Update title"
    tables = parts(path)
    assert tables["linkedin__content_metrics"]["reposts_total"].to_pylist() == [4]
    (row,) = tables["linkedin__posts"].to_pylist()
    assert (row["reposts"], row["follows"], row["post_title"]) == (7, 2, "Meet the Ridgeline Shell 🧥")


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_formula_looking_post_titles_are_stored_verbatim(tmp_path: Path, suffix: str) -> None:
    titles = ['=HYPERLINK("https://northwindgear.example")', "+1 for trail days", "@Northwind Gear", "-abc"]
    path = write_linkedin_content(
        tmp_path / CONTENT.replace(".xls", suffix),
        [day(date(2026, 10, 1))],
        [post(7380000000000000001 + i, title=t) for i, t in enumerate(titles)],
    )
    assert parts(path)["linkedin__posts"]["post_title"].to_pylist() == titles


def test_dates_are_month_first_and_rates_are_fractions(tmp_path: Path) -> None:
    path = write_linkedin_content(tmp_path / CONTENT, [day(date(2026, 11, 3), impressions=200)], [post()])
    assert sheet_rows(path)["Metrics"][2][0] == "11/03/2026"
    (row,) = parts(path)["linkedin__content_metrics"].to_pylist()
    assert row["date"] == date(2026, 11, 3)
    assert row["engagement_rate_total"] == (9 + 6 + 2 + 1) / 200


def test_post_id_is_the_urn_in_the_link() -> None:
    assert post_id_from_link("https://www.linkedin.com/feed/update/urn:li:activity:7123/") == "urn:li:activity:7123"
    assert post_id_from_link("https://www.linkedin.com/feed/update/urn:li:ugcPost:99") == "urn:li:ugcPost:99"
    assert post_id_from_link(" https://lnkd.in/abc ") == "https://lnkd.in/abc"


def test_as_of_is_the_epoch_ms_in_the_file_name_else_the_mtime(tmp_path: Path) -> None:
    named = write_linkedin_content(tmp_path / CONTENT, [day(date(2026, 10, 1))], [])
    as_of = LinkedInContent().as_of(FileContext(named, Sniff.of(named)))
    assert (as_of.value, as_of.source) == (EXPORTED, "file_name")
    renamed = write_linkedin_content(tmp_path / "content copy.xls", [day(date(2026, 10, 1))], [],
                                     exported_at=datetime(2026, 12, 2, tzinfo=UTC))  # fmt: skip
    as_of = LinkedInContent().as_of(FileContext(renamed, Sniff.of(renamed)))
    assert (as_of.value, as_of.source) == (datetime(2026, 12, 2, tzinfo=UTC), "file_mtime")


def test_account_is_the_page_in_the_name_else_the_landing_folder(tmp_path: Path) -> None:
    named = write_linkedin_content(tmp_path / CONTENT, [day(date(2026, 10, 1))], [])
    assert parts(named, account_hint="folder")["linkedin__content_metrics"]["account_id"].to_pylist() == [
        "northwind-gear"
    ]
    renamed = write_linkedin_content(tmp_path / "content.xls", [day(date(2026, 10, 1))], [])
    assert parts(renamed, account_hint="folder")["linkedin__content_metrics"]["account_id"].to_pylist() == ["folder"]
    with pytest.raises(ExportError) as caught:
        parts(renamed)
    assert caught.value.rule == "missing_account"


def test_empty_all_posts_sheet_loads_the_metrics_only(tmp_path: Path) -> None:
    path = write_linkedin_content(tmp_path / CONTENT, [day(date(2026, 10, 1))], [])
    tables = parts(path)
    assert (tables["linkedin__content_metrics"].num_rows, tables["linkedin__posts"].num_rows) == (1, 0)


def test_cell_errors_name_file_sheet_row_and_column(tmp_path: Path) -> None:
    good = write_linkedin_content(tmp_path / CONTENT, [day(date(2026, 10, 1))], [post(), post(7380000000000000002)])

    def change(rows: dict) -> None:
        rows["All posts"][3][_column(rows["All posts"], 1, "Likes")] = "lots"

    bad = rewrite_workbook(good, "bad_cell", change)
    with pytest.raises(ExportError) as caught:
        for part in LinkedInContent().parts():
            list(part.parse(FileContext(bad, Sniff.of(bad), account_hint="x")))
    error = caught.value
    assert (error.rule, error.row, error.column) == ("not_a_number", 4, "Likes")
    assert f"{bad.name}, sheet 'All posts', row 4, column 'Likes'" in error.message


def test_cells_render_as_converter_text() -> None:
    assert [render(v) for v in (6681.0, 0.0344, 1.2345678901234568e18, 1e-05, None, True, "=A1")] == [
        "6681", "0.0344", "1.2345678901234568e+18", "0.00001", "", "TRUE", "=A1"
    ]  # fmt: skip


# ---- all or nothing ----------------------------------------------------------------------------------------


def _counts(home) -> tuple[int, int]:
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        return tuple(
            con.execute(f"select count(*) from raw.{t}").fetchone()[0]
            for t in ("linkedin__content_metrics", "linkedin__posts")
        )
    finally:
        con.close()


def test_a_bad_second_sheet_leaves_both_raw_tables_untouched(tmp_path: Path, home) -> None:
    first = write_linkedin_content(tmp_path / "a" / "northwind-gear_content_1796000000000.xls",
                                   [day(date(2026, 10, 1), impressions=100)], [post()])  # fmt: skip
    (loaded,) = ingest_paths([first], home)
    assert loaded.status == "loaded" and _counts(home) == (1, 1)

    newer = write_linkedin_content(tmp_path / "b" / CONTENT,
                                   [day(date(2026, 10, 1), impressions=999), day(date(2026, 10, 2))],
                                   [post(), post(7380000000000000002)])  # fmt: skip

    def break_posts(rows: dict) -> None:
        rows["All posts"][3][_column(rows["All posts"], 1, "Impressions")] = "n/a"

    bad = rewrite_workbook(newer, "bad_posts", break_posts)
    (result,) = ingest_paths([bad], home, account="northwind-gear")
    assert (result.status, result.reason_rule, result.reason_row) == ("rejected", "not_a_number", 4)
    assert result.raw_tables == ["linkedin__content_metrics", "linkedin__posts"]
    assert _counts(home) == (1, 1)  # the good Metrics sheet of the bad file did not load either
    con = warehouse.connect(home.writer_db, read_only=True)
    try:
        assert con.execute("select impressions_total from raw.linkedin__content_metrics").fetchone() == (100,)
    finally:
        con.close()


# ---- the bad-input set, through the loader ----------------------------------------------------------------


def _set(sheet: str, header_row: int, header: str, data_row: int, value: object) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        rows[sheet][header_row + data_row][_column(rows[sheet], header_row, header)] = value

    return change


def _drop(sheet: str, header_row: int, header: str) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        index = _column(rows[sheet], header_row, header)
        rows[sheet] = [r[:index] + r[index + 1 :] if len(r) > index else r for r in rows[sheet]]

    return change


def truncated_workbook(good: Path) -> Path:
    """The download cut off half-way: the zip / OLE2 directory is gone."""
    data = good.read_bytes()
    target = badinput.variant(good, "truncated")
    target.write_bytes(data[: len(data) // 2])
    return target


def csv_renamed_as_workbook(good: Path) -> Path:
    """The Metrics sheet saved as CSV text but keeping the workbook's name (a mislabelled file)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [render(v) for v in r] for r in sheet_rows(good)[next(iter(sheet_rows(good)))]
    )
    target = badinput.variant(good, "wrong_encoding")
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def visitors_workbook(good: Path) -> Path:
    """LinkedIn's visitors export, which Resonance does not load."""
    return write_workbook(
        good.with_name("northwind-gear_visitors_1796116440000" + good.suffix),
        [("Visitor metrics", [["Date", "Overview page views (total)", "Total unique visitors (total)"],
                              ["10/01/2026", 12, 9]])],
    )  # fmt: skip


# Workbooks have no text encoding and no CSV framing, so two kinds cannot happen as they do for CSVs:
# - truncated: a cut-off .xls/.xlsx loses its directory and is no readable workbook at all; detection cannot
#   open it, so no type claims it and it is an `unknown_export` ("no readable header (binary, ...)"),
#   quarantined before any row is read;
# - wrong_encoding: the mislabelled case that does happen is a CSV renamed .xls(x) (or any non-workbook
#   bytes): the workbook types recognise containers by their magic bytes, not the extension, so it is an
#   `unknown_export` too, naming the text headers it does have.
# - mangled_id: the content export has no id column; the id comes from the post link, so the mangling that
#   can happen is a link cell turned into a number, which the suite's `^https?://` rule rejects.
def content_bad() -> dict[str, Bad]:
    return {
        "truncated": Bad(truncated_workbook, "unknown_export", message=("no readable header",)),
        "wrong_encoding": Bad(csv_renamed_as_workbook, "unknown_export", message=("Aggregated metrics",)),
        "header_only": Bad(
            lambda g: rewrite_workbook(
                g,
                "header_only",
                lambda rows: rows.update({"Metrics": rows["Metrics"][:2], "All posts": rows["All posts"][:2]}),
            ),
            "header_only",
            message=("sheet 'Metrics'", "no data rows"),
        ),  # fmt: skip
        "missing_column": Bad(
            lambda g: rewrite_workbook(g, "missing_column", _drop("Metrics", 1, "Impressions (total)")),
            "missing_column",
            column="Impressions (total)",
            message=("sheet 'Metrics'",),
        ),
        "non_numeric": Bad(
            lambda g: rewrite_workbook(g, "non_numeric", _set("Metrics", 1, "Clicks (total)", 2, "twelve")),
            "not_a_number",
            row=4,
            column="Clicks (total)",
        ),
        "mangled_id": Bad(
            lambda g: rewrite_workbook(g, "mangled_id", _set("All posts", 1, "Post link", 1, 7.38e18)),
            "expectation_failed",
            row=3,
            column="post_link",
            message=("^https?://",),
        ),
        "duplicate_rows": Bad(
            lambda g: rewrite_workbook(g, "duplicate_rows", lambda rows: rows["Metrics"].append(rows["Metrics"][2])),
            "duplicate_key",
            row=6,
            message=("rows 3, 6",),
        ),
        "unknown_file": Bad(visitors_workbook, "unknown_export", message=("nearest known types",)),
    }


def followers_bad() -> dict[str, Bad]:
    bad = content_bad()
    bad.update(
        {
            "wrong_encoding": Bad(csv_renamed_as_workbook, "unknown_export", message=("Sponsored followers",)),
            "header_only": Bad(
                lambda g: rewrite_workbook(
                    g, "header_only", lambda rows: rows.update({s: r[:1] for s, r in rows.items()})
                ),
                "header_only",
                message=("sheet 'New followers'",),
            ),  # fmt: skip
            "missing_column": Bad(
                lambda g: rewrite_workbook(g, "missing_column", _drop("Location", 0, "Total followers")),
                "missing_column",
                column="Total followers",
                message=("sheet 'Location'",),
            ),
            "non_numeric": Bad(
                lambda g: rewrite_workbook(g, "non_numeric", _set("New followers", 0, "Organic followers", 3, "x")),
                "not_a_number",
                row=4,
                column="Organic followers",
            ),
            # The followers export has no id column. Pinned instead: the demographic table's own key cell (the
            # value) left blank is a missing_value naming sheet, row and column.
            "mangled_id": Bad(
                lambda g: rewrite_workbook(g, "mangled_id", _set("Seniority", 0, "Seniority", 1, "")),
                "missing_value",
                row=2,
                column="Seniority",
                message=("sheet 'Seniority'",),
            ),
            "duplicate_rows": Bad(
                lambda g: rewrite_workbook(
                    g, "duplicate_rows", lambda rows: rows["Location"].append(rows["Location"][1])
                ),
                "duplicate_key",
                message=("dimension='location'",),
            ),  # fmt: skip
        }
    )
    return bad


def test_bad_input_sets_cover_every_kind() -> None:
    assert tuple(content_bad()) == badinput.KINDS
    assert tuple(followers_bad()) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_content_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    good = write_linkedin_content(
        tmp_path / CONTENT,
        [day(date(2026, 10, d)) for d in (1, 2, 3)],
        [post(), post(7380000000000000002, title="Café stop ☕")],
    )
    badinput.assert_quarantined(home, good, content_bad()[kind])


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_followers_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    export = FollowersExport(
        tuple(FollowerDay(date(2026, 10, d), 1, 5 + d, 0) for d in (1, 2, 3, 4)),
        {"Location": (("Greater Seattle Area", 900), ("Denver Metropolitan Area", 300)),
         "Seniority": (("Senior", 500), ("Entry", 200)), "Company size": (("1-10", 40), ("11-50", 80))},
    )  # fmt: skip
    good = write_linkedin_followers(tmp_path / FOLLOWERS, export)
    badinput.assert_quarantined(home, good, followers_bad()[kind])


def test_company_size_ranges_stay_text(tmp_path: Path) -> None:
    export = FollowersExport((FollowerDay(date(2026, 10, 1), 0, 3, 0),),
                             {"Location": (("Greater Seattle Area", 9),), "Company size": (("1-10", 40),)})  # fmt: skip
    path = write_linkedin_followers(tmp_path / FOLLOWERS, export)
    assert detect(path).name == "linkedin_followers"
    rows = parts(path)["linkedin__follower_demographics"].to_pylist()
    assert [(r["dimension"], r["value"]) for r in rows] == [("location", "Greater Seattle Area"),
                                                             ("company_size", "1-10")]  # fmt: skip


def test_followers_is_not_mistaken_for_content_and_vice_versa(landing: Path, samples: list[SampleFile]) -> None:
    for kind, other in (("linkedin_content", LinkedInFollowers()), ("linkedin_followers", LinkedInContent())):
        path = landing.joinpath(*_samples(samples, kind).path.parts)
        assert not other.matches(Sniff.of(path))
