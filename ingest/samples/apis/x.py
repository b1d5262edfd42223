"""X API v2 user timeline (`GET /2/users/:id/tweets`), as a local stand-in.

What it does as the platform does (platform-apis.md 2.5):
- `Authorization: Bearer <token>`: missing, unknown or expired -> 401 `{"title":"Unauthorized",...}`; an
  app on the Free tier -> 403 `client-not-enrolled`; private fields (`non_public_metrics`,
  `organic_metrics`) asked with an app-only token -> 403 `unsupported-authentication`;
- a user id it does not know -> 200 with only `errors` (`resource-not-found`); a bad `max_results`, field
  or time -> 400 `invalid-request`;
- pages of at most `max_results` (5..100) posts, newest first, with `meta.result_count/newest_id/oldest_id`
  and `next_token` on every page but the last, followed by `pagination_token`; a window without posts is
  `{"meta":{"result_count":0}}`; only the account's most recent `timeline_cap` (3,200) posts are served;
- private metrics only for posts younger than 30 days and only for a user-context token; absent otherwise;
- `x-rate-limit-limit`, `x-rate-limit-remaining`, `x-rate-limit-reset` (epoch seconds) on every answer:
  `limit` requests per `window_seconds` on its clock; past them, 429 `Too Many Requests` until the reset;
- counters are lifetime counters on the stand-in's `today` (`ingest.samples.x.api_counts`): they grow with
  the day, so a later pull shows the same or higher numbers.

Other faults (a 503 mid-pagination, a partial `errors` array, a scripted 429) are scripted by the tests.
`clock` is injectable so a test's waits and the stand-in's windows share one (fake) time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ingest.samples.apis import StandIn
from ingest.samples.x import (
    PRIVATE_METRICS_DAYS,
    X_USER_IDS,
    ApiPost,
    api_counts,
    api_timeline,
    x_api_body,
    x_api_page,
    x_api_post_item,
)

TIMELINE_PATH = "/2/users/{id}/tweets"
PROBLEMS = "https://api.twitter.com/2/problems/"
KNOWN_FIELDS = {"attachments", "author_id", "conversation_id", "created_at", "edit_controls", "edit_history_tweet_ids",
                "entities", "id", "in_reply_to_user_id", "lang", "non_public_metrics", "organic_metrics",
                "possibly_sensitive", "promoted_metrics", "public_metrics", "referenced_tweets", "reply_settings",
                "source", "text", "withheld"}  # fmt: skip
PRIVATE_FIELDS = {"non_public_metrics", "organic_metrics", "promoted_metrics"}

UNAUTHORIZED = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}
TOO_MANY = {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}
APP_ONLY = {
    "title": "Unsupported Authentication",
    "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported "
    "authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
    "type": PROBLEMS + "unsupported-authentication",
    "status": 403,
}
NOT_ENROLLED = {
    "client_id": "29301234",
    "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a "
    "Twitter developer App that is attached to a Project. You can create a project via the developer portal.",
    "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
    "title": "Client Forbidden",
    "required_enrollment": "Appropriate Level of API Access",
    "reason": "client-not-enrolled",
    "type": PROBLEMS + "client-forbidden",
}


def invalid(message: str, parameter: str, value: str) -> JSONResponse:
    body = {
        "errors": [{"parameters": {parameter: [value]}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": PROBLEMS + "invalid-request",
    }
    return JSONResponse(body, status_code=400)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@dataclass
class XStandIn(StandIn):
    tokens: dict[str, str] = field(default_factory=lambda: {"x-user-token": "user", "x-app-bearer": "app"})
    expired: set[str] = field(default_factory=set)
    users: dict[str, str] = field(default_factory=lambda: {v: k for k, v in X_USER_IDS.items()})
    access_level: str = "basic"  # "free": every call is refused with client-not-enrolled
    today: date = date(2026, 12, 7)  # the day the counters are as of
    first_day: date = date(2026, 9, 1)  # the accounts' first post
    seed: int = 7
    timeline_cap: int = 3200
    limit: int = 900  # requests per rate window
    window_seconds: int = 900
    clock: Callable[[], float] = time.time
    window_reset: int | None = None
    used: int = 0

    def routes(self) -> list[Route]:
        return [Route(TIMELINE_PATH, self.timeline, methods=["GET"], name="timeline")]

    def posts(self, user_id: str) -> tuple[ApiPost, ...]:
        """The user's posts the timeline serves on `today`, newest first (the most recent `timeline_cap`)."""
        return api_timeline(self.seed, self.users[user_id], self.first_day, self.today)[: self.timeline_cap]

    def served(self, user_id: str, since: datetime, until: datetime | None, *, private: bool) -> list[dict]:
        """The `data` items for posts created in [since, until) as of `today`."""
        items = []
        for post in self.posts(user_id):
            if post.created_at < since or (until is not None and post.created_at >= until):
                continue
            young = (self.today - post.created_at.date()).days < PRIVATE_METRICS_DAYS
            items.append(x_api_post_item(post, api_counts(post, self.today), private=private and young))
        return items

    def rate_headers(self) -> dict[str, str]:
        assert self.window_reset is not None
        return {"x-rate-limit-limit": str(self.limit), "x-rate-limit-remaining": str(self.limit - self.used),
                "x-rate-limit-reset": str(self.window_reset)}  # fmt: skip

    def throttled(self, reset: int) -> Callable[[Request], Response]:
        """A scripted 429 whose headers name `reset` (epoch seconds)."""
        headers = {"x-rate-limit-limit": str(self.limit), "x-rate-limit-remaining": "0",
                   "x-rate-limit-reset": str(reset)}  # fmt: skip
        return lambda request: JSONResponse(TOO_MANY, status_code=429, headers=headers)

    def _count_request(self) -> bool:
        """Spend one request of the rate window; False when none is left before the reset."""
        now = self.clock()
        if self.window_reset is None or now >= self.window_reset:
            self.window_reset, self.used = int(now) + self.window_seconds, 0
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    async def timeline(self, request: Request) -> Response:
        scripted = await self.seen(request, "timeline")
        if scripted is not None:
            return scripted
        return self.answer(request)

    def answer(self, request: Request, *, errors: list[dict] | None = None) -> Response:
        """The timeline's answer to `request` (also for scripted answers that add partial `errors`)."""
        if not self._count_request():
            return JSONResponse(TOO_MANY, status_code=429, headers=self.rate_headers())
        headers = self.rate_headers()
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""
        if token not in self.tokens or token in self.expired:
            return JSONResponse(UNAUTHORIZED, status_code=401, headers=headers)
        if self.access_level == "free":
            return JSONResponse(NOT_ENROLLED, status_code=403, headers=headers)
        query = request.query_params
        fields = [f for f in query.get("tweet.fields", "").split(",") if f]
        unknown = [f for f in fields if f not in KNOWN_FIELDS]
        if unknown:
            return invalid(f"The `tweet.fields` query parameter value [{unknown[0]}] is not one of "
                           f"[{', '.join(sorted(KNOWN_FIELDS))}]", "tweet.fields", unknown[0])  # fmt: skip
        max_results = query.get("max_results", "10")
        if not max_results.isdigit() or not 5 <= int(max_results) <= 100:
            return invalid(f"The `max_results` query parameter value [{max_results}] is not between 5 and 100",
                           "max_results", max_results)  # fmt: skip
        try:
            since = _time(query["start_time"]) if "start_time" in query else datetime(1970, 1, 1, tzinfo=UTC)
            until = _time(query["end_time"]) if "end_time" in query else None
        except ValueError:
            return invalid("Invalid start_time or end_time: use YYYY-MM-DDTHH:mm:ssZ", "start_time",
                           query.get("start_time", ""))  # fmt: skip
        private = bool(PRIVATE_FIELDS & set(fields))
        if private and self.tokens[token] == "app":
            return JSONResponse(APP_ONLY, status_code=403, headers=headers)
        user_id = request.path_params["id"]
        if user_id not in self.users:
            body = {"errors": [{"value": user_id, "detail": f"Could not find user with id: [{user_id}].",
                                "title": "Not Found Error", "resource_type": "user", "parameter": "id",
                                "resource_id": user_id, "type": PROBLEMS + "resource-not-found"}]}  # fmt: skip
            return JSONResponse(body, headers=headers)
        items = self.served(user_id, since, until, private=private)
        offset = 0
        if "pagination_token" in query:
            offset = _offset(query["pagination_token"])
            if offset is None or offset >= len(items):
                return invalid("The `pagination_token` query parameter value is not valid", "pagination_token",
                               query["pagination_token"])  # fmt: skip
        size = int(max_results)
        chunk = items[offset : offset + size]
        more = offset + size < len(items)
        page = x_api_page(chunk, next_token=_token(offset + size) if more else None, errors=errors)
        return Response(x_api_body(page), media_type="application/json", headers=headers)


def _token(offset: int) -> str:
    """An opaque-looking pagination token (X's are base-36 strings)."""
    return f"7140dibdnow9c7btw3w29{offset:06d}"


def _offset(token: str) -> int | None:
    prefix = "7140dibdnow9c7btw3w29"
    if not token.startswith(prefix) or not token[len(prefix) :].isdigit():
        return None
    return int(token[len(prefix) :])
