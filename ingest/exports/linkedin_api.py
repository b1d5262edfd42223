"""LinkedIn Community Management API: `organizationalEntityShareStatistics` responses saved as JSON.

`GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=urn:li:organization:…`
returns `{"elements": [...], "paging": {...}}`. Each element holds `totalShareStatistics` (counts and an
`engagement` fraction) for the organization, and:
- with `timeIntervals` in the request, a `timeRange` of epoch MILLISECONDS (`start` inclusive, `end`
  exclusive): a time-bound row (a day with DAY granularity);
- without it, no `timeRange`: lifetime totals at the time of the call;
- with `shares=` / `ugcPosts=` in the request, a `share` or `ugcPost` URN: that post's statistics.
Format details and evidence: shared/reference/platform-formats.md section 3b (Airbyte schema and expected
records, Microsoft Learn share-statistics page).

Natural key, NULL-safe (a MERGE never matches NULL = NULL, so no key column may be NULL):
- `share_urn` is '' (not NULL) for the page's own totals;
- `period` is the time range as an ISO-8601 interval (`2026-10-01T06:06:39Z/2026-10-02T06:06:39Z`) for a
  time-bound row, and `lifetime/<snapshot date>` for a lifetime row, so a lifetime snapshot per day is kept
  while a re-fetched day replaces the earlier fetch of the same day. `granularity` says which (`day` for a
  24-hour range, `range` for any other, `lifetime`) and `time_range_start` / `time_range_end` stay typed and
  NULL on lifetime rows. Key: (organization_urn, share_urn, period).
The as-of is the override or the file's modification time (the response does not say when it was made).
The account is the landing folder when there is one, else the organization's numeric id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ingest.exports import cells, jsondoc
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

_COUNTS = (
    ("impression_count", "impressionCount"),
    ("unique_impressions_count", "uniqueImpressionsCount"),
    ("click_count", "clickCount"),
    ("like_count", "likeCount"),
    ("comment_count", "commentCount"),
    ("share_count", "shareCount"),
    ("share_mentions_count", "shareMentionsCount"),
    ("comment_mentions_count", "commentMentionsCount"),
)
_KNOWN = {"totalShareStatistics", "organizationalEntity", "timeRange", "share", "ugcPost"}
_ORGANIZATION = re.compile(r"urn:li:organization:(\d+)")
_DAY_MS = 86_400_000


def _urn(text: str) -> str | None:
    value = cells.trimmed(text)
    if value is not None and not value.startswith("urn:li:"):
        raise cells.CellError("bad_urn", f"{text!r} is not a LinkedIn URN (urn:li:...)")
    return value


def _epoch_ms(text: str) -> datetime | None:
    """Epoch milliseconds (`1634018799000`) as a UTC time."""
    value = cells.integer(text)
    if value is None:
        return None
    if not 0 <= value < 32_503_680_000_000:  # before year 3000; seconds instead of ms would be 1970
        raise cells.CellError("bad_timestamp", f"{text!r} is not epoch milliseconds")
    return datetime.fromtimestamp(value / 1000, tz=UTC)


class LinkedInShareStatistics(ExportType):
    name = "linkedin_share_statistics"
    platform = "linkedin"
    raw_table = "linkedin__share_statistics"
    title = "LinkedIn organizationalEntityShareStatistics (API JSON)"
    source = "LinkedIn Community Management API: GET /rest/organizationalEntityShareStatistics (response saved as JSON)"
    file_pattern = "organizationalEntityShareStatistics*.json"
    signature = ("elements", "totalShareStatistics", "organizationalEntity")
    natural_key = ("organization_urn", "share_urn", "period")
    columns = (
        Column("organization_urn", "VARCHAR", "`organizationalEntity`: urn:li:organization:<id>.", True),
        Column("account_id", "VARCHAR", "The landing folder, else the organization's numeric id.", True),
        Column("share_urn", "VARCHAR",
               "`share` or `ugcPost` URN for a post's statistics; '' (never NULL) for the page's totals.", True),
        Column("granularity", "VARCHAR", "`day` (a 24-hour timeRange), `range` (another timeRange) or `lifetime`.",
               True),
        Column("period", "VARCHAR",
               "Key of the period: ISO interval `start/end` (UTC) for time-bound rows, `lifetime/<snapshot date>`.",
               True),
        Column("time_range_start", "TIMESTAMPTZ", "`timeRange.start` (epoch ms), inclusive; NULL lifetime."),
        Column("time_range_end", "TIMESTAMPTZ", "`timeRange.end`, exclusive; NULL on lifetime rows."),
        *(Column(name, "BIGINT", f"`totalShareStatistics.{key}`.") for name, key in _COUNTS),
        Column("engagement", "DOUBLE",
               "`totalShareStatistics.engagement`: a fraction ((clicks + likes + comments + shares) / impressions)."),
    )  # fmt: skip

    def matches(self, sniff: Sniff) -> bool:
        return sniff.is_json and self.signature_overlap(sniff) == 1.0

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        document = jsondoc.read_json(ctx.path)
        if not isinstance(document, Mapping) or "elements" not in document:
            raise ExportError("unexpected_shape", f"{ctx.path.name}: expected an object with 'elements'")
        records = jsondoc.JsonRecords(ctx.path, document["elements"], what="share statistics elements")
        snapshot = self.as_of(ctx).value.date()

        def rows() -> Iterator[dict]:
            for number, element in records:
                record: dict = {"_row_number": number}
                organization = records.get(number, element, "organizationalEntity", _urn, required=True,
                                           not_null=True)  # fmt: skip
                record["organization_urn"] = organization
                match = _ORGANIZATION.fullmatch(organization)
                record["account_id"] = ctx.account_hint or (match.group(1) if match else organization)
                share = records.get(number, element, "share", _urn)
                ugc = records.get(number, element, "ugcPost", _urn)
                record["share_urn"] = share or ugc or ""
                if "totalShareStatistics" not in element:
                    raise records.error("missing_column", "the element has no 'totalShareStatistics'",
                                        record=number, field="totalShareStatistics")  # fmt: skip
                for name, key in _COUNTS:
                    record[name] = records.get(number, element, f"totalShareStatistics.{key}", cells.integer)
                record["engagement"] = records.get(number, element, "totalShareStatistics.engagement", cells.number)
                if "timeRange" in element:
                    start = records.get(number, element, "timeRange.start", _epoch_ms, required=True, not_null=True)
                    end = records.get(number, element, "timeRange.end", _epoch_ms, required=True, not_null=True)
                    if end <= start:
                        raise records.error("bad_time_range", "timeRange.end is not after timeRange.start",
                                            record=number, field="timeRange.end")  # fmt: skip
                    record["time_range_start"], record["time_range_end"] = start, end
                    span_ms = round((end - start).total_seconds() * 1000)
                    record["granularity"] = "day" if span_ms == _DAY_MS else "range"
                    record["period"] = f"{_iso(start)}/{_iso(end)}"
                else:
                    record["granularity"] = "lifetime"
                    record["period"] = f"lifetime/{snapshot.isoformat()}"
                record["_extra"] = jsondoc.JsonRecords.extra(element, _KNOWN)
                yield record

        yield from jsondoc.record_batches(self, ctx.path, rows())


def _iso(moment: datetime) -> str:
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return text.replace(".000Z", "Z")


EXPORT_TYPES = (LinkedInShareStatistics(),)
