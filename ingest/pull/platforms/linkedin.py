"""LinkedIn Community Management API (REST, versioned): a Company Page's daily share and follower statistics.

- Auth: a 3-legged OAuth access token of a member who is an ADMINISTRATOR (or ANALYST) of the page, from a
  LinkedIn developer app with the Community Management API product, scopes `r_organization_social` (share
  statistics) and `rw_organization_admin` (follower statistics). The access token lasts 60 days, its refresh
  token 365 days: renew the access token with the refresh token (`POST
  https://www.linkedin.com/oauth/v2/accessToken`, `grant_type=refresh_token`) before it expires, and put it
  in connection `resonance_linkedin` (the password; its expiry in `extra.token_expires_at` so `resonance
  status` warns 7 days ahead). Accounts are organization ids: the number in the page's admin URL
  (`linkedin.com/company/<id>/admin`), e.g. `{"accounts": {"linkedin": [{"id": "81234567", "landing":
  "northwind-gear"}]}}`.
- Versioning: every call sends `LinkedIn-Version: <LINKEDIN_VERSION>` (YYYYMM, pinned below) and
  `X-Restli-Protocol-Version: 2.0.0`. LinkedIn retires a version about a year after its release and then
  answers 426 NONEXISTENT_VERSION: the pull stops the account and says to move `LINKEDIN_VERSION` to an
  active version (see LinkedIn's "Versioning" page for the active ones).
- Endpoints (finder `q=organizationalEntity`, time-bound with `timeGranularityType:DAY`):
  - `share_statistics`: `organizationalEntityShareStatistics`, the page's own daily totals (impressions,
    unique impressions, clicks, likes, comments, shares, mentions): export type `linkedin_share_statistics`.
  - `follower_statistics`: `organizationalEntityFollowerStatistics`, daily follower gains (organic, paid):
    export type `linkedin_follower_statistics`.
  The `timeIntervals` argument is Rest.li syntax, `(timeRange:(start:<ms>,end:<ms>),timeGranularityType:DAY)`:
  it is written into the URL as is (parentheses, colons and commas unescaped; the organization URN inside
  percent-encoded), never through a generic query encoder, which escapes the syntax and gets a 400.
  Windows start and end at 00:00 UTC, so each element is one UTC day.
- Paging: `start` / `count` (`PAGE_SIZE`); the next page is asked while `paging.links` holds a `rel: next`
  link (its `start` and `count` are read from it; the query is rebuilt, not copied, so it stays literal).
  A page with no elements is not landed (an empty page is not a recognisable export).
- Limits: a time-bound start must lie at most 12 months and at least 2 days before the request, else 400
  "Invalid timeIntervals parameter". So the newest day pulled is 2 days back (lag 2), and the horizon is 364
  days: the oldest whole UTC day whose start is within 12 months of any moment of today (365 would put the
  start at 00:00 UTC a year ago, over 12 months once the day has begun). A first pull backfills to there,
  `MAX_DAYS` days per request.
- Restatement: LinkedIn keeps counting late impressions, clicks and follows into the last days; each run asks
  for the last 5 days again (3 beyond the 2-day lag), and the newer file wins in the warehouse.
- Throttling: LinkedIn's quotas are daily (per application and per member, reset at 00:00 UTC) and its 429
  carries no Retry-After and no rate-limit headers. A 429 is retried once after `THROTTLE_RETRY_SECONDS` (a
  burst limit passes); a second 429 in a row means the daily quota is used up: the account stops as
  throttled until 00:00 UTC, its cursors where they were, and the next run goes on from there.
- Errors only a person can fix stop the account at once: 401 (token expired or revoked: renew it), 403 (a
  scope or the page role missing: the message names the scope), 426 (the pinned version is retired).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from ingest.pull.accounts import Target
from ingest.pull.client import (
    AccountFailed,
    ApiClient,
    PullError,
    QuotaExhausted,
    RetryLater,
    base_url,
    describe,
    generic_problem,
)
from ingest.pull.run import Page, Puller, Request
from ingest.pull.windows import Endpoint, Window

# The one place the API version lives: LinkedIn answers 426 for a retired version. Move it to a newer
# active version (YYYYMM) when the pull says so, and run tests/pull/test_linkedin.py.
LINKEDIN_VERSION = "202611"
RESTLI_PROTOCOL = "2.0.0"
URL_ENV = "RESONANCE_LINKEDIN_API_URL"
DEFAULT_URL = "https://api.linkedin.com/rest"
CONNECTION = "resonance_linkedin"

PAGE_SIZE = 100
MAX_DAYS = 90
THROTTLE_RETRY_SECONDS = 60.0

# endpoint name -> (resource, the scope it needs)
RESOURCES = {
    "share_statistics": ("organizationalEntityShareStatistics", "r_organization_social"),
    "follower_statistics": ("organizationalEntityFollowerStatistics", "rw_organization_admin"),
}
TOKEN_PROBLEMS = {
    "EXPIRED_ACCESS_TOKEN": "the access token expired",
    "REVOKED_ACCESS_TOKEN": "the access token was revoked",
}
TOKEN_HELP = (
    "LinkedIn access tokens last 60 days: exchange the refresh token (valid 365 days) at "
    "https://www.linkedin.com/oauth/v2/accessToken (grant_type=refresh_token), or authorise the app again if "
    f"the refresh token is gone, then put the new access token in connection {CONNECTION} (password) and its "
    "expiry in extra.token_expires_at"
)


def next_midnight_utc(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=UTC)


def _error_code(response: httpx.Response) -> str:
    try:
        document = response.json()
    except ValueError:
        return ""
    return str(document.get("code", "")) if isinstance(document, dict) else ""


def _scope_for(response: httpx.Response) -> str:
    path = response.request.url.path
    for resource, scope in RESOURCES.values():
        if path.endswith(f"/{resource}"):
            return scope
    return " or ".join(sorted({scope for _, scope in RESOURCES.values()}))


class Classifier:
    """What a LinkedIn answer means. It remembers whether the previous answer was a 429: LinkedIn's 429 says
    nothing about how long to wait, so one is retried after a short pause and a second in a row is taken
    for the daily quota."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        self.secrets = secrets
        self.throttled = 0

    def __call__(self, response: httpx.Response) -> PullError | None:
        status = response.status_code
        if status != 429:
            self.throttled = 0
        said = f"LinkedIn: {describe(response, self.secrets)}"
        if status == 429:
            self.throttled += 1
            if self.throttled == 1:
                return RetryLater(said, THROTTLE_RETRY_SECONDS)
            until = next_midnight_utc()
            return QuotaExhausted(
                f"{said}, twice in a row: the daily quota (per application or per member; LinkedIn does not say "
                f"which) is used up; it resets at 00:00 UTC ({until:%Y-%m-%d %H:%M} UTC), and the next run "
                "goes on where this one stopped",
                until,
            )
        if status == 426:
            return AccountFailed(
                f"{said}: LinkedIn no longer serves the pinned API version {LINKEDIN_VERSION}; move LINKEDIN_VERSION "
                "in ingest/pull/platforms/linkedin.py to a newer active version (YYYYMM; LinkedIn's 'Versioning' "
                "page lists them) and run tests/pull/test_linkedin.py"
            )
        if status == 401:
            what = TOKEN_PROBLEMS.get(_error_code(response), "the access token is not valid")
            return AccountFailed(f"{said}: {what}; {TOKEN_HELP}")
        if status == 403:
            scope = _scope_for(response)
            return AccountFailed(
                f"{said}: the token lacks scope {scope} or its member is not an ADMINISTRATOR or ANALYST of the "
                f"page; add the scope to the app's Community Management API product, authorise again, and put "
                f"the new token in connection {CONNECTION}"
            )
        return generic_problem(response, self.secrets)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def time_intervals(window: Window) -> str:
    """The Rest.li 2.0 `timeIntervals` value for whole UTC days `window.since` through `window.until`."""
    start = datetime.combine(window.since, time(0), tzinfo=UTC)
    end = datetime.combine(window.until + timedelta(days=1), time(0), tzinfo=UTC)
    return f"(timeRange:(start:{_ms(start)},end:{_ms(end)}),timeGranularityType:DAY)"


def statistics_url(resource: str, organization_id: str, window: Window, start: int, count: int) -> str:
    """The finder's URL, written literally: Rest.li syntax unescaped, the URN percent-encoded (Rest.li 2.0)."""
    urn = quote(f"urn:li:organization:{organization_id}", safe="")
    return (
        f"/{resource}?q=organizationalEntity&organizationalEntity={urn}"
        f"&timeIntervals={time_intervals(window)}&start={start}&count={count}"
    )


def next_page(document: dict) -> tuple[int, int] | None:
    """(start, count) of the `rel: next` link in `paging.links`, or None on the last page."""
    for link in (document.get("paging") or {}).get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            query = parse_qs(urlsplit(link["href"]).query)
            try:
                return int(query["start"][0]), int(query.get("count", ["0"])[0])
            except (KeyError, ValueError):
                raise PullError(f"LinkedIn: a next link without a usable start: {link['href']!r}") from None
    return None


class LinkedInPuller(Puller):
    platform = "linkedin"
    page_size = PAGE_SIZE
    endpoints = (
        Endpoint("share_statistics", restatement_days=5, horizon_days=364, lag_days=2, max_days=MAX_DAYS),
        Endpoint("follower_statistics", restatement_days=5, horizon_days=364, lag_days=2, max_days=MAX_DAYS),
    )

    def client(self, target: Target) -> ApiClient:
        secrets = target.credentials.secrets
        return ApiClient(
            platform=self.platform,
            base_url=base_url(URL_ENV, DEFAULT_URL),
            classify=Classifier(secrets),
            headers={
                "Authorization": f"Bearer {target.credentials.token}",
                "LinkedIn-Version": LINKEDIN_VERSION,
                "X-Restli-Protocol-Version": RESTLI_PROTOCOL,
            },
            secrets=secrets,
        )

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        resource, _ = RESOURCES[request.endpoint.name]
        start, count = 0, self.page_size
        while True:
            response = client.get(statistics_url(resource, target.account.id, request.window, start, count))
            document = response.json()
            elements = document.get("elements") or []
            if elements:
                yield Page(response.content, len(elements), label=f"start{start}")
            following = next_page(document)
            if following is None or not elements:
                return
            start, count = following[0], following[1] or count
