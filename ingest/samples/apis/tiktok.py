"""TikTok API for Business, `report/integrated/get` (v1.3), as a local stand-in.

What it does as the platform does:
- every answer is HTTP 200; an error is a non-zero `code` in the envelope (`{"code","message","request_id"}`):
  no `Access-Token` or an unknown one -> 40105, a revoked one -> 40001, an advertiser the token cannot see
  -> 40002, more than `max_days` days in one request -> 40067 ("query too large");
- rows are paged by `page` / `page_size` (at most 1000) with `page_info {page, page_size, total_number,
  total_page}`;
- `data_level=AUCTION_AD` rows carry `ad_id` and `stat_time_day` dimensions; `AUCTION_CAMPAIGN` rows
  `campaign_id`, summed from the ads;
- a day's numbers can be restated (`restate(day)`): the next request for it returns different numbers.

Throttling (40100 at HTTP 200) and maintenance (60001) are scripted by the tests (`script`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ingest.samples.apis import StandIn
from ingest.samples.tiktok import TIKTOK_ADVERTISER_ID, ReportRow, report_ads, report_day, report_item

REPORT_PATH = "/open_api/v1.3/report/integrated/get/"
LEVEL_DIMENSION = {"AUCTION_AD": "ad_id", "AUCTION_CAMPAIGN": "campaign_id"}


def envelope(code: int, message: str, data: dict | None = None, *, request_id: str = "") -> JSONResponse:
    body: dict = {"code": code, "message": message, "request_id": request_id or "2026120712000001STANDIN"}
    if data is not None:
        body["data"] = data
    return JSONResponse(body)


def throttled(request: Request) -> Response:
    """What TikTok sends when a QPS/QPM/QPD limit is hit: HTTP 200, code 40100."""
    return envelope(40100, "Too many requests. Please retry in some time.")


def maintenance(request: Request) -> Response:
    return envelope(60001, "Service is under maintenance, please try again later.")


@dataclass
class TikTokStandIn(StandIn):
    tokens: dict[str, set[str]] = field(default_factory=lambda: {"tiktok-demo-token": {TIKTOK_ADVERTISER_ID}})
    revoked: set[str] = field(default_factory=set)
    max_days: int = 30
    seed: int = 7
    first_day: date = date(2026, 1, 1)  # no spend before this day
    last_day: date | None = None  # nor after this one (None: every day asked for)
    revisions: dict[date, int] = field(default_factory=dict)

    def routes(self) -> list[Route]:
        return [Route(REPORT_PATH, self.report, methods=["GET"], name="report")]

    def restate(self, day: date) -> None:
        """The platform revises `day` (late conversions): its next answer for that day differs."""
        self.revisions[day] = self.revisions.get(day, 0) + 1

    def ad_rows(self, advertiser_id: str, day: date) -> list[ReportRow]:
        if day < self.first_day or (self.last_day is not None and day > self.last_day):
            return []
        # the sample advertiser's ads are the demo sample report's (same ids), so pulled days join them
        key = "tiktok/report" if advertiser_id == TIKTOK_ADVERTISER_ID else f"tiktok-api/{advertiser_id}"
        ads = report_ads(random.Random(f"{self.seed}/{key}"))
        rng = random.Random(f"{self.seed}/tiktok-api/{advertiser_id}/{day}/{self.revisions.get(day, 0)}")
        return report_day(rng, advertiser_id, ads, day)

    def items(self, advertiser_id: str, level: str, first: date, last: date) -> list[dict]:
        items = []
        day = first
        while day <= last:
            rows = self.ad_rows(advertiser_id, day)
            if level == "AUCTION_AD":
                items += [report_item(row) for row in rows]
            else:
                items += [_campaign_item(advertiser_id, day, group) for group in _by_campaign(rows).values()]
            day += timedelta(days=1)
        return items

    async def report(self, request: Request) -> Response:
        scripted = await self.seen(request, "report")
        if scripted is not None:
            return scripted
        token = request.headers.get("access-token", "")
        if token in self.revoked:
            return envelope(40001, "Access token is incorrect or has been revoked.")
        if token not in self.tokens:
            return envelope(40105, "Access token is null or invalid; pass a valid Access-Token header.")
        query = request.query_params
        advertiser_id = query.get("advertiser_id", "")
        if advertiser_id not in self.tokens[token]:
            return envelope(40002, f"No permission to operate advertiser {advertiser_id}.")
        level = query.get("data_level", "")
        if query.get("report_type") != "BASIC" or level not in LEVEL_DIMENSION:
            return envelope(40002, "report_type must be BASIC and data_level one of AUCTION_AD, AUCTION_CAMPAIGN.")
        try:
            dimensions = json.loads(query.get("dimensions", "[]"))
            json.loads(query.get("metrics", "[]"))
            first, last = date.fromisoformat(query["start_date"]), date.fromisoformat(query["end_date"])
            page, page_size = int(query.get("page", 1)), int(query.get("page_size", 10))
        except (KeyError, ValueError) as error:
            return envelope(40002, f"Invalid parameters: {error}")
        if set(dimensions) != {LEVEL_DIMENSION[level], "stat_time_day"}:
            return envelope(40002, f"dimensions must be [{LEVEL_DIMENSION[level]!r}, 'stat_time_day'] for {level}.")
        if (last - first).days + 1 > self.max_days:
            return envelope(40067, f"Query too large: at most {self.max_days} days per request with stat_time_day.")
        if not 1 <= page_size <= 1000:
            return envelope(40002, "page_size must be between 1 and 1000.")
        items = self.items(advertiser_id, level, first, last)
        total_page = max(1, -(-len(items) // page_size))
        chunk = items[(page - 1) * page_size : page * page_size]
        page_info = {"page": page, "page_size": page_size, "total_number": len(items), "total_page": total_page}
        return envelope(0, "OK", {"list": chunk, "page_info": page_info})


def _by_campaign(rows: list[ReportRow]) -> dict[str, list[ReportRow]]:
    groups: dict[str, list[ReportRow]] = {}
    for row in rows:
        groups.setdefault(row.campaign_id, []).append(row)
    return groups


def _campaign_item(advertiser_id: str, day: date, rows: list[ReportRow]) -> dict:
    spend = sum((r.spend for r in rows), Decimal(0))
    impressions = sum(r.impressions for r in rows)
    clicks = sum(r.clicks for r in rows)
    return {
        "dimensions": {"campaign_id": rows[0].campaign_id, "stat_time_day": f"{day.isoformat()} 00:00:00"},
        "metrics": {
            "spend": f"{spend:.2f}", "impressions": str(impressions), "clicks": str(clicks),
            "reach": str(max(r.reach for r in rows)),  # reach does not add up across ads
            "conversion": str(sum(r.conversion for r in rows)), "currency": "USD",
            "campaign_name": rows[0].campaign_name, "campaign_id": int(rows[0].campaign_id),
        },
        "advertiser_id": int(advertiser_id),
    }  # fmt: skip
