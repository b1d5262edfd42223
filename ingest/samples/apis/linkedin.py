"""LinkedIn REST (Community Management API), organization share and follower statistics, as a local stand-in.

Served under `/rest` (`serve(LinkedInStandIn(), prefix="/rest")`), as the real host does. What it does as
the platform does:
- every request needs `LinkedIn-Version` (YYYYMM or YYYYMMDD; missing -> 400 VERSION_MISSING) naming an
  active version (an older one than `oldest_version`, or a newer one than `newest_version` -> 426
  NONEXISTENT_VERSION "Requested version ... is not active"), and `X-Restli-Protocol-Version: 2.0.0` (else 400);
- `Authorization: Bearer <token>`: an expired token -> 401 EXPIRED_ACCESS_TOKEN, a revoked one -> 401
  REVOKED_ACCESS_TOKEN, an unknown one -> 401 INVALID_ACCESS_TOKEN; a token without the endpoint's scope, or
  whose member does not administer the organization -> 403 ACCESS_DENIED;
- the finder `q=organizationalEntity&organizationalEntity=<urn>&timeIntervals=(timeRange:(start:<ms>,end:<ms>),
  timeGranularityType:DAY)` is read from the raw query string: Rest.li syntax that arrives percent-escaped
  (`%28timeRange%3A...`, what a generic query encoder sends) is a 400, as on LinkedIn;
- a start more than 12 months or less than 2 days before the request -> 400 "Invalid timeIntervals parameter"
  (the request's moment is `today` at `clock`);
- elements are one per 24-hour window from the requested start (a window counts only when its start is at
  least 2 days old), paged by `start` / `count` with `paging.links` `rel: next` / `prev`;
- numbers come from the sample writers (`ingest.samples.linkedin`): share statistics per day as
  `share_statistics_daily` draws them, follower gains as `follower_gains_daily`; `restate(day)` changes a day's
  numbers on the next request, as LinkedIn's late counts do.

A 429 (no Retry-After, no rate-limit headers: `throttled`) is scripted by the tests through `script`.
"""

from __future__ import annotations

import dataclasses
import random
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ingest.samples.apis import StandIn
from ingest.samples.linkedin import (
    follower_gains_daily,
    follower_statistics_element,
    share_statistics_daily,
    share_statistics_element,
)

ORGANIZATION_ID = "81234567"  # the sample page's organization (ingest.samples.linkedin.ORGANIZATION)
TOKEN = "linkedin-demo-token"
SCOPES = {"share_statistics": "r_organization_social", "follower_statistics": "rw_organization_admin"}
RESOURCES = {
    "share_statistics": "organizationalEntityShareStatistics",
    "follower_statistics": "organizationalEntityFollowerStatistics",
}
_INTERVALS = re.compile(r"\(timeRange:\(start:(\d+),end:(\d+)\),timeGranularityType:DAY\)")
_URN = re.compile(r"urn:li:organization:(\d+)")
_DAY = timedelta(days=1)


def error(status: int, code: str, message: str, **extra: object) -> JSONResponse:
    """LinkedIn's error body: `{"status", "code", "message"}` (some carry `serviceErrorCode`)."""
    return JSONResponse({"status": status, **extra, "code": code, "message": message}, status_code=status)


def throttled(request: Request) -> Response:
    """LinkedIn's 429: a body, and no Retry-After or rate-limit header at all."""
    return error(429, "TOO_MANY_REQUESTS", "Resource level throttle limit for calls to this resource is reached.")


def sunset(request: Request) -> Response:
    version = request.headers.get("linkedin-version", "")
    return error(426, "NONEXISTENT_VERSION", f"Requested version {version} is not active")


def _months_back(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the day clamped to the month's last)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last))


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@dataclass
class LinkedInStandIn(StandIn):
    tokens: dict[str, set[str]] = field(default_factory=lambda: {TOKEN: {ORGANIZATION_ID}})
    scopes: dict[str, set[str]] = field(default_factory=dict)  # token -> scopes; absent: every scope
    expired: set[str] = field(default_factory=set)
    revoked: set[str] = field(default_factory=set)
    oldest_version: str = "202512"
    newest_version: str = "202612"
    today: date = field(default_factory=lambda: datetime.now(UTC).date())
    clock: time = time(9, 30)  # the time of day every request is taken to arrive at
    first_day: date = date(2026, 1, 1)  # the page's first day with numbers
    max_count: int = 1000
    seed: int = 7
    revisions: dict[date, int] = field(default_factory=dict)

    def routes(self) -> list[Route]:
        return [
            Route(f"/rest/{resource}", self._handler(endpoint), methods=["GET"], name=endpoint)
            for endpoint, resource in RESOURCES.items()
        ]

    @property
    def raw_queries(self) -> list[str]:
        """Each request's query string as it arrived: Rest.li syntax must reach LinkedIn unescaped."""
        return [seen.query for seen in self.requests]

    def restate(self, day: date) -> None:
        """LinkedIn revises `day` (late impressions, follows): its next answer for that day differs."""
        self.revisions[day] = self.revisions.get(day, 0) + 1

    @property
    def now(self) -> datetime:
        return datetime.combine(self.today, self.clock, tzinfo=UTC)

    # ---- the numbers ------------------------------------------------------------------------------

    def _rng(self, organization_id: str, endpoint: str, day: date) -> random.Random:
        revision = self.revisions.get(day, 0)
        return random.Random(f"{self.seed}/linkedin-api/{organization_id}/{endpoint}/{day}/{revision}")

    def windows(self, start: datetime, end: datetime) -> list[datetime]:
        """The starts of the 24-hour windows LinkedIn serves between `start` and `end`."""
        starts, moment = [], start
        while moment + _DAY <= end and moment <= self.now - 2 * _DAY:
            if moment.date() >= self.first_day:
                starts.append(moment)
            moment += _DAY
        return starts

    def elements(self, endpoint: str, organization_id: str, start: datetime, end: datetime) -> list[dict]:
        urn = f"urn:li:organization:{organization_id}"
        found = []
        for moment in self.windows(start, end):
            day = moment.date()
            rng = self._rng(organization_id, endpoint, day)
            if endpoint == "share_statistics":
                (stat,) = share_statistics_daily(rng, [day])
                stat = dataclasses.replace(stat, start=moment, end=moment + _DAY, organization=urn)
                found.append(share_statistics_element(stat))
            else:
                offset = moment - datetime.combine(day, time(0), tzinfo=UTC)
                (gain,) = follower_gains_daily(rng, [day], starts_at=offset, organization=urn)
                found.append(follower_statistics_element(gain))
        return found

    def served(self, endpoint: str, first: date, last: date, organization_id: str = ORGANIZATION_ID) -> list[dict]:
        """Every element served for the UTC days `first` through `last` (windows from 00:00 UTC), as of now."""
        start = datetime.combine(first, time(0), tzinfo=UTC)
        return self.elements(endpoint, organization_id, start, start + ((last - first).days + 1) * _DAY)

    # ---- the protocol -----------------------------------------------------------------------------

    def _handler(self, endpoint: str):  # noqa: ANN202 - a Starlette endpoint
        async def handle(request: Request) -> Response:
            scripted = await self.seen(request, endpoint)
            if scripted is not None:
                return scripted
            return self.answer(endpoint, request)

        return handle

    def answer(self, endpoint: str, request: Request) -> Response:
        version = request.headers.get("linkedin-version")
        if not version:
            return error(400, "VERSION_MISSING", "A version must be present. Please specify a version by adding "
                         "the LinkedIn-Version header.")  # fmt: skip
        if not re.fullmatch(r"\d{6}(\d{2})?", version):
            return error(400, "INVALID_VERSION", f"Invalid version format {version}: use YYYYMM")
        if not self.oldest_version <= version[:6] <= self.newest_version:
            return sunset(request)
        problem = self._token_problem(endpoint, request)
        if problem is not None:
            return problem
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return error(400, "ILLEGAL_ARGUMENT", "Rest.li 2.0 query syntax needs the header "
                         "X-Restli-Protocol-Version: 2.0.0")  # fmt: skip
        raw = self._raw_params(request.url.query)
        if raw.get("q") != "organizationalEntity":
            return error(400, "ILLEGAL_ARGUMENT", "Unsupported finder: q must be organizationalEntity")
        match = _URN.fullmatch(unquote(raw.get("organizationalEntity", "")))
        if match is None:
            return error(400, "ILLEGAL_ARGUMENT", "Invalid organizationalEntity: expected urn:li:organization:<id>")
        organization_id = match.group(1)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if organization_id not in self.tokens[token]:
            return self._denied(endpoint)
        intervals = _INTERVALS.fullmatch(raw.get("timeIntervals", ""))
        if intervals is None:  # absent, or its Rest.li syntax escaped by a generic encoder
            return error(400, "ILLEGAL_ARGUMENT", "Syntax exception in query parameter timeIntervals: expected "
                         "(timeRange:(start:<ms>,end:<ms>),timeGranularityType:DAY), unescaped")  # fmt: skip
        start = datetime.fromtimestamp(int(intervals.group(1)) / 1000, UTC)
        end = datetime.fromtimestamp(int(intervals.group(2)) / 1000, UTC)
        if not (_months_back(self.now, 12) <= start <= self.now - 2 * _DAY) or end <= start:
            return error(400, "ILLEGAL_ARGUMENT", "Invalid timeIntervals parameter")
        try:
            first, count = int(raw.get("start", 0)), int(raw.get("count", 10))
        except ValueError:
            return error(400, "ILLEGAL_ARGUMENT", "start and count must be integers")
        if first < 0 or not 1 <= count <= self.max_count:
            return error(400, "ILLEGAL_ARGUMENT", f"count must be between 1 and {self.max_count}")
        elements = self.elements(endpoint, organization_id, start, end)
        return JSONResponse({"paging": self._paging(endpoint, request.url.query, first, count, len(elements)),
                             "elements": elements[first : first + count]})  # fmt: skip

    def _token_problem(self, endpoint: str, request: Request) -> Response | None:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token in self.expired:
            return error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired",
                         serviceErrorCode=65601)  # fmt: skip
        if token in self.revoked:
            return error(401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user",
                         serviceErrorCode=65602)  # fmt: skip
        if token not in self.tokens:
            return error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", serviceErrorCode=65600)
        if token in self.scopes and SCOPES[endpoint] not in self.scopes[token]:
            return self._denied(endpoint)
        return None

    def _denied(self, endpoint: str) -> Response:
        return error(403, "ACCESS_DENIED", f"Not enough permissions to access: {RESOURCES[endpoint]}"
                     f".FINDER-organizationalEntity.{self.newest_version}", serviceErrorCode=100)  # fmt: skip

    @staticmethod
    def _raw_params(query: str) -> dict[str, str]:
        """The query string's parameters as they arrived (not percent-decoded: Rest.li syntax is read raw)."""
        params = {}
        for part in query.split("&"):
            name, _, value = part.partition("=")
            if name:
                params[name] = value
        return params

    def _paging(self, endpoint: str, query: str, first: int, count: int, total: int) -> dict:
        def link(rel: str, start: int) -> dict:
            kept = "&".join(p for p in query.split("&") if not p.startswith(("start=", "count=")))
            return {"rel": rel, "type": "application/json",
                    "href": f"/rest/{RESOURCES[endpoint]}?{kept}&start={start}&count={count}"}  # fmt: skip

        links = []
        if first > 0:
            links.append(link("prev", max(0, first - count)))
        if first + count < total:
            links.append(link("next", first + count))
        return {"start": first, "count": count, "links": links}
