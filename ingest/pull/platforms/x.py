"""X API v2: each account's posts with their metrics, from the user timeline (`GET /2/users/:id/tweets`).

- Auth: connection `resonance_x`, its password the token sent as `Authorization: Bearer`. Best: an OAuth 2.0
  user-context token (Authorization Code with PKCE, scopes `tweet.read users.read offline.access`) of the
  account itself, created with an app in a Project on developer.x.com; it sees public and private metrics.
  It lives 2 hours: refresh it (the `offline.access` refresh token) and update the connection before each
  run, or set `token_expires_at` in the extra so `resonance status` warns. An app-only bearer token (the
  app's keys page) never expires but sees public metrics only: the pull notices X's refusal and asks again
  without the private fields. Accounts are X user ids (`extra.accounts.x`; find one with
  `GET /2/users/by/username/<handle>`), each with its landing folder.
- Access level: reading user timelines needs the Basic tier or higher; a Free app gets 403
  `client-not-enrolled`, which stops the account with what to buy. Reads count against the tier's monthly
  post cap (429 `usage-capped`: the account stops until the cap resets).
- What it fetches: `tweet.fields=created_at,author_id,public_metrics` (+ `non_public_metrics,organic_metrics`),
  `max_results=100`, `start_time`/`end_time` per window, pages followed by `meta.next_token` ->
  `pagination_token`. Each page lands as it came, loaded by the `x_api_posts` export type
  (raw.x__api_posts: one snapshot per post and day). Pages with no posts (`{"meta":{"result_count":0}}`)
  are not landed. A page with `errors` beside `data` (a partial answer) lands as is: its posts load.
- Private metrics exist only for posts created in the last 30 days and only for a user-context token. They
  are asked only for the part of a window inside the last 30 days (a window straddling that line is asked
  in two parts), so an older post's private columns are NULL, never 0.
- Throttling: every answer carries `x-rate-limit-limit/-remaining/-reset` (epoch seconds) for the
  endpoint's 15-minute window. A 429 waits until `reset`, not a guessed backoff; a 200 saying `remaining: 0`
  waits for the reset before the next call. One window is the longest wait slept (`max_wait` 15 minutes);
  longer stops the account, cursor kept, for a later run.
- 401: the token expired or was revoked: the account stops with what to do (renew, update `resonance_x`).
- Restatement: counters are lifetime counters that keep moving, so every run pulls the posts of the last
  30 days again (the newer snapshot wins in the warehouse); that is also the span private metrics cover.
- History: the first pull backfills 730 days, 92 days per window. X's timeline serves only an account's
  most recent 3,200 posts: an account that posted more in that span gets its newest 3,200 (older windows
  come back empty); older posts need the full-archive search of the Pro tier, which this pull does not use.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

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
from ingest.pull.windows import Endpoint

API_VERSION = "2"
URL_ENV = "RESONANCE_X_API_URL"
DEFAULT_URL = "https://api.x.com"
PUBLIC_FIELDS = ("created_at", "author_id", "public_metrics")
PRIVATE_FIELDS = ("non_public_metrics", "organic_metrics")
PRIVATE_METRICS_DAYS = 30
RATE_WINDOW_SECONDS = 900.0  # X's rate-limit windows are 15 minutes
PROBLEMS = "https://api.twitter.com/2/problems/"
RENEW = (
    "the X token expired or was revoked: renew the OAuth 2.0 user token (or the app's bearer token) on "
    "developer.x.com and update the password of connection resonance_x"
)


class PrivateMetricsRefused(PullError):
    """The token cannot read non-public metrics (an app-only bearer token): ask again without them."""


Clock = Callable[[], float]


def _problem(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _asked_private(response: httpx.Response) -> bool:
    fields = response.request.url.params.get("tweet.fields", "")
    return any(field in fields.split(",") for field in PRIVATE_FIELDS)


def classify(response: httpx.Response, secrets: tuple[str, ...] = (), clock: Clock = time.time) -> PullError | None:
    said = describe(response, secrets)
    body = _problem(response)
    kind = str(body.get("type", ""))
    if response.is_success:
        if "data" not in body and "meta" not in body and body.get("errors"):
            errors = body["errors"]
            if any(str(e.get("type", "")).endswith("resource-not-found") for e in errors if isinstance(e, dict)):
                return AccountFailed(f"{said}: X has no such user; check the id in extra.accounts.x of connection "
                                     "resonance_x (GET /2/users/by/username/<handle> gives it)")  # fmt: skip
            return PullError(said)
        return None
    if response.status_code == 429:
        if kind.endswith("usage-capped"):
            return QuotaExhausted(f"{said}: the app's monthly post cap is used up; the pull resumes when X resets "
                                  "it, or raise the tier on developer.x.com")  # fmt: skip
        reset = response.headers.get("x-rate-limit-reset")
        after = max(0.0, float(reset) - clock()) if reset and reset.isdigit() else None
        return RetryLater(said, after)
    if response.status_code == 401:
        return AccountFailed(f"{said}: {RENEW}")
    if response.status_code == 403:
        if kind.endswith("unsupported-authentication") and _asked_private(response):
            return PrivateMetricsRefused(f"{said}: the token is app-only; private metrics need a user-context token")
        if kind.endswith("client-forbidden") or body.get("reason") == "client-not-enrolled":
            needed = body.get("required_enrollment") or "Appropriate Level of API Access"
            reason = body.get("reason") or "client-forbidden"
            return AccountFailed(f"{said}: the app's access level cannot read user timelines ({reason}, X asks "
                                 f"for: {needed}): X needs "
                                 "the Basic tier or higher for GET /2/users/:id/tweets; upgrade it on "
                                 "developer.x.com, with the app attached to a Project")  # fmt: skip
        return AccountFailed(f"{said}: X refuses this token for GET /2/users/:id/tweets: the app needs the Basic "
                             "tier or higher and a token of the account (OAuth 2.0 user context, scope tweet.read); "
                             "fix it on developer.x.com and update connection resonance_x")  # fmt: skip
    return generic_problem(response, secrets)


@dataclass
class XClient(ApiClient):
    """The shared client, plus X's pre-emptive wait: when an answer says `x-rate-limit-remaining: 0`, the
    next call first waits until `x-rate-limit-reset` instead of spending a request on a certain 429."""

    clock: Clock = time.time
    max_wait: float = RATE_WINDOW_SECONDS + 60.0
    resume_at: float | None = None

    def _once(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        if self.resume_at is not None:
            wait, self.resume_at = self.resume_at - self.clock(), None
            if wait > self.max_wait:
                until = datetime.fromtimestamp(self.clock() + wait, UTC)
                raise QuotaExhausted(f"X: no requests left in this rate window until {until:%Y-%m-%d %H:%M} UTC", until)
            if wait > 0:
                self._sleep(wait)
        response = super()._once(method, url, **kwargs)
        remaining, reset = response.headers.get("x-rate-limit-remaining"), response.headers.get("x-rate-limit-reset")
        if remaining == "0" and reset and reset.isdigit():
            self.resume_at = float(reset)
        return response


def _instant(day: date) -> str:
    return f"{day:%Y-%m-%d}T00:00:00Z"


class XPuller(Puller):
    platform = "x"
    page_size = 100  # the most the timeline serves per page
    endpoints = (Endpoint("posts", restatement_days=30, horizon_days=730, lag_days=0, max_days=92),)

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self.public_only: set[str] = set()  # accounts whose token refused private metrics in this run

    def client(self, target: Target) -> XClient:
        secrets = target.credentials.secrets
        return XClient(
            platform=self.platform,
            base_url=f"{base_url(URL_ENV, DEFAULT_URL)}/{API_VERSION}",
            classify=lambda response: classify(response, secrets, self.clock),
            headers={"Authorization": f"Bearer {target.credentials.token}"},
            secrets=secrets,
            clock=self.clock,
        )

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        """The window's posts; the part inside the last 30 days asked with private metrics."""
        today = datetime.fromtimestamp(self.clock(), UTC).date()
        private_since = today - timedelta(days=PRIVATE_METRICS_DAYS - 1)
        since, until = request.window.since, request.window.until
        if since < private_since:
            yield from self._timeline(client, target, since, min(until, private_since - timedelta(days=1)), today,
                                      private=False)  # fmt: skip
        if until >= private_since:
            yield from self._timeline(client, target, max(since, private_since), until, today, private=True)

    def _timeline(
        self, client: ApiClient, target: Target, since: date, until: date, today: date, *, private: bool
    ) -> Iterator[Page]:
        private = private and target.account.id not in self.public_only
        params: dict[str, object] = {"max_results": self.page_size, "start_time": _instant(since)}
        if until < today:  # the window ending today runs up to now: an end_time in the future is not asked
            params["end_time"] = _instant(until + timedelta(days=1))
        number, next_token = 0, None
        while True:
            fields = PUBLIC_FIELDS + (PRIVATE_FIELDS if private else ())
            params["tweet.fields"] = ",".join(fields)
            if next_token:
                params["pagination_token"] = next_token
            try:
                response = client.get(f"/users/{target.account.id}/tweets", params=params)
            except PrivateMetricsRefused:
                if not private or number:
                    raise
                private = False
                self.public_only.add(target.account.id)
                continue
            body = response.json()
            number += 1
            rows = len(body.get("data") or [])
            if rows:
                yield Page(response.content, rows, label=f"{'private' if private else 'public'}-page{number}")
            next_token = (body.get("meta") or {}).get("next_token")
            if not next_token:
                return
