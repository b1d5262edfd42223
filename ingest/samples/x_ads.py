"""X Ads promoted-tweet report samples (platform-formats.md section 7, "Bonus real file" [BYTES]).

The real export is an `.xlsx` with one sheet `results`; its text cells (ids, tweet text, the period) are
INLINE strings (`t="inlineStr"`), not shared strings, its numeric cells are written as floats
(`<v>6681.0</v>`), `Tweet publish date` is a bare Excel serial number (`42828.6252662037`, no date
format), and unavailable values are the text `-`. openpyxl cannot write inline strings, so the workbook
is written here as the minimal SpreadsheetML package (content types, workbook, one worksheet, no styles)
with fixed zip entry times, byte-identical for a seed.

The file does not say its currency; samples land in `landing/<ad account>/currency=<ISO>/` (see
`ingest.exports.x_ads`).
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape

from ingest.samples.common import MONTH_ABBR, at, quantize, stamp
from ingest.samples.model import SampleFile

HEADER = ("Time period", "Placement", "Tweet Text", "Campaign ID", "Ad Group ID", "Tweet status", "Tweet ID",
          "Tweet publish date", "Impressions", "Spend", "Likes", "Retweets", "Replies", "Link clicks")  # fmt: skip
FOLDER = "northwind-x-ads"
_EPOCH = datetime(1899, 12, 30)


@dataclass(frozen=True)
class PromotedTweet:
    """One row: a promoted tweet in one ad group and placement over the period."""

    period_start: date
    period_end: date
    placement: str
    text: str
    campaign_id: str
    ad_group_id: str
    status: str
    tweet_id: str
    published: datetime  # wall-clock, account time zone
    impressions: int
    spend: Decimal | None  # None: '-'
    likes: int
    retweets: int
    replies: int
    link_clicks: int | None  # None: '-' (a tweet without a link)


def excel_serial(moment: datetime) -> float:
    """A wall-clock time as an Excel serial (1900 date system), as X writes `Tweet publish date`."""
    delta = moment.replace(tzinfo=None) - _EPOCH
    return delta.days + delta.seconds / 86400


def period_text(start: date, end: date) -> str:
    def day(d: date) -> str:
        return f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}"

    return f"{day(start)} - {day(end)}"


Cell = str | float | None


def row_cells(row: PromotedTweet) -> list[Cell]:
    return [
        period_text(row.period_start, row.period_end), row.placement, row.text, row.campaign_id, row.ad_group_id,
        row.status, row.tweet_id, excel_serial(row.published), float(row.impressions),
        "-" if row.spend is None else float(row.spend), float(row.likes), float(row.retweets), float(row.replies),
        "-" if row.link_clicks is None else float(row.link_clicks),
    ]  # fmt: skip


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_xml(ref: str, value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value!r}</v></c>'  # repr: 6681.0, 42828.6252662037


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def write_inline_xlsx(path: Path, rows: Sequence[Sequence[Cell]], *, sheet: str = "results",
                      exported_at: datetime | None = None) -> Path:  # fmt: skip
    """A one-sheet xlsx with inline-string text cells and float number cells."""
    body = "".join(
        f'<row r="{r}">' + "".join(_cell_xml(f"{_column(c)}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    worksheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )
    moment = (exported_at or datetime(2026, 1, 1, tzinfo=UTC)).astimezone(UTC)
    parts = (
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _RELS),
        ("xl/workbook.xml", _WORKBOOK.replace("{sheet}", escape(sheet, {'"': "&quot;"}))),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", worksheet),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            entry = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return stamp(path, exported_at)


def write_x_ads_promoted_tweets(path: Path, rows: Iterable[PromotedTweet], *,
                                exported_at: datetime | None = None) -> Path:  # fmt: skip
    """The X Ads promoted-tweet report: sheet `results`, header then one row per tweet/ad group/placement."""
    return write_inline_xlsx(path, [list(HEADER), *(row_cells(r) for r in rows)], exported_at=exported_at)


def x_ads_file_name(start: date, end: date, suffix: str = "18ce54d4x5t") -> str:
    return f"{start.isoformat()}-to-{end.isoformat()}-{suffix}.xlsx"


_TWEETS = (
    ("Ridgeline Shell: 3 layers, 410 g, zero excuses. Shop the drop 🧥 https://t.co/rdg1", True),
    ("-20% on trail shoes this week only. https://t.co/trl2", True),
    ("@northwindgear repairs your jacket for free. Forever. https://t.co/fix3", True),
    ("+1 if your boots have seen more mud than pavement 🥾", False),
    ("Holiday gift guide: for the person who is always cold\nhttps://t.co/gft4", True),
    ("=the warmest thing we make", False),
)
PLACEMENTS = ("All on Twitter", "Twitter Audience Platform")
MONTHS = ((date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30)))


def promoted_tweets(rng: random.Random, start: date, end: date, seed: int = 7) -> tuple[PromotedTweet, ...]:
    """The same tweets every period (ids and publish times from `seed`), the period's numbers from `rng`."""
    tweets = random.Random(f"{seed}/x-ads/tweets")
    rows = []
    for index, (text, has_link) in enumerate(_TWEETS):
        tweet_id = str(1_980_000_000_000_000_000 + index * 7_919_000_000_000 + tweets.randint(0, 10**9))
        published = datetime(2026, 9, 20, 14, 5, 17) + timedelta(days=index * 5, minutes=tweets.randint(0, 600))
        for placement in PLACEMENTS[: 1 + index % 2]:
            impressions = rng.randint(900, 40_000)
            tap = placement == "Twitter Audience Platform"
            rows.append(
                PromotedTweet(
                    period_start=start, period_end=end, placement=placement, text=text,
                    campaign_id=f"i{13575374 + index // 3}", ad_group_id=f"i{2468100 + index}",
                    status="Active" if index != 5 else "Paused", tweet_id=tweet_id, published=published,
                    impressions=impressions,
                    spend=None if tap and index == 1 else quantize(impressions * rng.uniform(0.003, 0.011), 2),
                    likes=rng.randint(0, impressions // 200), retweets=rng.randint(0, 40), replies=rng.randint(0, 25),
                    link_clicks=rng.randint(5, impressions // 80) if has_link else None,
                )
            )  # fmt: skip
    return tuple(rows)


def _write(path: Path, sample: SampleFile) -> Path:
    return write_x_ads_promoted_tweets(path, sample.rows, exported_at=sample.exported_at)


def samples(seed: int) -> list[SampleFile]:
    """A monthly promoted-tweet report for the USD ad account `northwind-x-ads`, October and November 2026."""
    files = []
    for start, end in MONTHS:
        rows = promoted_tweets(random.Random(f"{seed}/x-ads/{start}"), start, end, seed)
        path = PurePosixPath(FOLDER, "currency=USD", x_ads_file_name(start, end))
        files.append(SampleFile(path, "x_ads_promoted_tweets", rows, at(end + timedelta(1), 10), _write, "USD"))
    return files
