"""LinkedIn Community Management API: time-bound `organizationalEntityFollowerStatistics` responses as JSON.

`GET /rest/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity=urn:li:organization:…
&timeIntervals=(timeRange:(start:<ms>,end:<ms>),timeGranularityType:DAY)` returns `{"paging": {...},
"elements": [...]}`; each element holds the organization, a `timeRange` of epoch MILLISECONDS (`start`
inclusive, `end` exclusive: one day with DAY granularity) and `followerGains` (`organicFollowerGain`,
`paidFollowerGain`: the members who started following in that window). Field names as in Microsoft Learn's
"Organization Follower Statistics" page (time-bound response). Without `timeIntervals` the API answers
lifetime demographics (`followerCountsByGeo`, ...) instead: a different file, not this type.

A window is a day: LinkedIn starts it at the request's start time (00:00 UTC when the pull asks for whole
days, as `resonance pull linkedin` does), and a window that is not 24 hours long is refused, since the key is
the day. The day is the UTC date holding most of the window (its midpoint), the same rule the dbt model
applies to share statistics.

Natural key: (organization_urn, day): a re-fetched day replaces the earlier fetch (newer wins by as-of).
The as-of is the override or the file's modification time (the response does not say when it was made).
The account is the landing folder when there is one, else the organization's numeric id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from ingest.exports import cells, jsondoc
from ingest.exports.base import Column, ExportError, ExportType, FileContext, Sniff
from ingest.exports.linkedin_api import _epoch_ms, _urn

if TYPE_CHECKING:
    import pyarrow as pa

_KNOWN = {"organizationalEntity", "timeRange", "followerGains"}
_ORGANIZATION = re.compile(r"urn:li:organization:(\d+)")
_DAY = timedelta(days=1)


class LinkedInFollowerStatistics(ExportType):
    name = "linkedin_follower_statistics"
    platform = "linkedin"
    raw_table = "linkedin__follower_statistics"
    title = "LinkedIn organizationalEntityFollowerStatistics, daily gains (API JSON)"
    source = (
        "LinkedIn Community Management API: GET /rest/organizationalEntityFollowerStatistics with "
        "timeIntervals (DAY granularity; response saved as JSON)"
    )
    file_pattern = "organizationalEntityFollowerStatistics*.json"
    signature = ("elements", "followerGains", "organizationalEntity")
    natural_key = ("organization_urn", "day")
    columns = (
        Column("organization_urn", "VARCHAR", "`organizationalEntity`: urn:li:organization:<id>.", True),
        Column("account_id", "VARCHAR", "The landing folder, else the organization's numeric id.", True),
        Column("day", "DATE", "The UTC day holding most of the window (its midpoint).", True),
        Column("time_range_start", "TIMESTAMPTZ", "`timeRange.start` (epoch ms), inclusive.", True),
        Column("time_range_end", "TIMESTAMPTZ", "`timeRange.end` (epoch ms), exclusive: start + 24 hours.", True),
        Column("organic_follower_gain", "BIGINT",
               "`followerGains.organicFollowerGain`: members who followed in the window, organically."),
        Column("paid_follower_gain", "BIGINT",
               "`followerGains.paidFollowerGain`: members who followed from sponsored content."),
    )  # fmt: skip

    def matches(self, sniff: Sniff) -> bool:
        return sniff.is_json and self.signature_overlap(sniff) == 1.0

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        document = jsondoc.read_json(ctx.path)
        if not isinstance(document, Mapping) or "elements" not in document:
            raise ExportError("unexpected_shape", f"{ctx.path.name}: expected an object with 'elements'")
        records = jsondoc.JsonRecords(ctx.path, document["elements"], what="follower statistics elements")

        def rows() -> Iterator[dict]:
            for number, element in records:
                record: dict = {"_row_number": number}
                organization = records.get(number, element, "organizationalEntity", _urn, required=True,
                                           not_null=True)  # fmt: skip
                record["organization_urn"] = organization
                match = _ORGANIZATION.fullmatch(organization)
                record["account_id"] = ctx.account_hint or (match.group(1) if match else organization)
                if "followerGains" not in element:
                    raise records.error("missing_column", "the element has no 'followerGains' (a lifetime answer? "
                                        "ask with timeIntervals)", record=number, field="followerGains")  # fmt: skip
                record["organic_follower_gain"] = records.get(number, element, "followerGains.organicFollowerGain",
                                                              cells.integer)  # fmt: skip
                record["paid_follower_gain"] = records.get(number, element, "followerGains.paidFollowerGain",
                                                           cells.integer)  # fmt: skip
                start = records.get(number, element, "timeRange.start", _epoch_ms, required=True, not_null=True)
                end = records.get(number, element, "timeRange.end", _epoch_ms, required=True, not_null=True)
                if end - start != _DAY:
                    raise records.error("bad_time_range", f"timeRange spans {end - start}, not one day: ask with "
                                        "timeGranularityType:DAY", record=number, field="timeRange.end")  # fmt: skip
                record["time_range_start"], record["time_range_end"] = start, end
                record["day"] = (start + _DAY / 2).date()
                record["_extra"] = jsondoc.JsonRecords.extra(element, _KNOWN)
                yield record

        yield from jsondoc.record_batches(self, ctx.path, rows())


EXPORT_TYPES = (LinkedInFollowerStatistics(),)
