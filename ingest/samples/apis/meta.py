"""Meta Graph API and Marketing API (`graph.facebook.com/v24.0`) as a local stand-in: Instagram, a Facebook
Page and ad accounts, with the sample accounts of `ingest/samples/instagram.py`, `facebook.py`, `meta_ads.py`.

What it does as the platform does:
- the token comes in `Authorization: Bearer` or the `access_token` parameter; none -> 400 code 2500, unknown
  -> 190, expired -> 190/463, invalidated by a password change -> 190/460; an object the token cannot see ->
  100/33 "Unsupported get request"; a permission the token lacks (`lacks`) -> 200 "(#200) Requires X
  permission"; Page insights and posts need the Page's own token (`GET /{page-id}?fields=access_token`),
  a user token gets 190 "must be called with a Page Access Token";
- errors are the Graph envelope `{"error": {"message", "type", "code", "error_subcode", "is_transient",
  "fbtrace_id"}}`; every answer, good or bad, carries the usage headers (`x-app-usage`,
  `x-business-use-case-usage`, and for ad accounts `x-ad-account-usage`, `x-fb-ads-insights-throttle`),
  normally low, high for the answers queued with `busy(percent, minutes)`;
- lists (`/media`, `/posts`, `/comments`, ads insights, a report run's insights) are paged by `limit` and
  `after` with `paging.cursors` and an absolute `paging.next` URL carrying `access_token` and `after`; the last
  page has no `next`. Insights with since/until carry `paging.previous`/`next` for the neighbouring ranges;
- insights: `since`/`until` as dates or unix times, `until` exclusive (a day's value has the `end_time` that
  ends it); at most 30 days per Instagram account request and 90 per Page request; older than 2 years -> 100;
  a metric the API retired (`retire(metric)`) -> 100 "the X metric is no longer supported";
- ads insights: `level=campaign`, `time_increment=1`, `time_range`; older than 37 months -> 100; more rows
  than `max_rows` -> 100/1487534 "Too many rows"; `POST` starts a report run (`{"report_run_id"}`), polled
  at `GET /{run}`: "Job Not Started" 0 %, "Job Running" 50 %, then "Job Completed" 100 % (`job_steps`), or
  "Job Failed" when the run spans more than `fail_jobs_over_days`; `GET /{run}/insights` pages the result;
- numbers are deterministic per object and day; `restate(day)` changes that day's numbers and `engage(day)`
  the lifetime counters of what was published that day, from the next request on.

Throttles (400 with code 17/4/32/613/8000x and `estimated_time_to_regain_access`), "Please reduce the amount of
data" (500, code 1), failed or stuck report runs are scripted by the tests (`script`, with the helpers below).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import random
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ingest.samples.apis import Scripted, StandIn
from ingest.samples.brand import _comment_ids, _graph_comment, _thread
from ingest.samples.facebook import _PAGE_METRICS, _REACTIONS, FB_PAGE_ID, demo_post_insights
from ingest.samples.instagram import IG_USER_ID, PERIOD, Insight, Media, day_end_time, demo_media, demo_media_insights
from ingest.samples.meta_ads import META_ACCOUNTS, InsightRow, _insight_rows

VERSION = "v24.0"
ADS_FIELDS = frozenset({"account_id", "account_currency", "campaign_id", "campaign_name", "date_start", "date_stop",
                        "impressions", "reach", "frequency", "clicks", "inline_link_clicks", "ctr", "cpc", "cpm",
                        "spend", "actions", "action_values", "purchase_roas"})  # fmt: skip
IG_ACCOUNT_METRICS = {
    "reach": ("Reach", "Total number of unique accounts that have seen any of your posts."),
    "follower_count": ("Follower count", "Total number of new followers each day."),
}
MEDIA_METRICS = {
    "REELS": {"comments", "ig_reels_avg_watch_time", "ig_reels_video_view_total_time", "likes", "reach", "saved",
              "shares", "views"},
    "CAROUSEL_ALBUM": {"reach", "saved", "shares", "follows", "profile_visits", "views"},
    "OTHER": {"reach", "saved", "likes", "comments", "shares", "follows", "profile_visits", "views"},
}  # fmt: skip
PAGE_METRICS = {name for name, *_ in _PAGE_METRICS} | {"page_follows", "page_actions_post_reactions_total"}
POST_METRICS = {"post_media_view", "post_total_media_view_unique", "post_clicks", "post_clicks_by_type",
                "post_reactions_by_type_total"}  # fmt: skip
JOB_STEPS = (("Job Not Started", 0), ("Job Running", 50), ("Job Completed", 100))


# ---- answers ------------------------------------------------------------------------------------------


def error_body(code: int, message: str, *, subcode: int | None = None, kind: str = "OAuthException",
               transient: bool = False) -> dict:  # fmt: skip
    error: dict = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error.update(is_transient=transient, fbtrace_id="AbCdEfGhStandIn")
    return {"error": error}


def graph_error(status: int, code: int, message: str, **options: object) -> Response:
    return JSONResponse(error_body(code, message, **options), status_code=status)


def usage_headers(percent: float, minutes: float = 0, object_id: str = "", kind: str = "pages") -> dict[str, str]:
    """The usage headers Meta puts on every answer."""
    share = int(percent)
    headers = {"x-app-usage": json.dumps({"call_count": share, "total_cputime": share // 2, "total_time": share // 2})}
    entry = {"type": kind, "call_count": share, "total_cputime": share // 2, "total_time": share // 2,
             "estimated_time_to_regain_access": int(minutes)}  # fmt: skip
    headers["x-business-use-case-usage"] = json.dumps({object_id or "0": [entry]})
    if kind == "ads_insights":
        headers["x-ad-account-usage"] = json.dumps({"acc_id_util_pct": percent, "reset_time_duration": 0,
                                                    "ads_api_access_tier": "standard_access"})  # fmt: skip
        headers["x-fb-ads-insights-throttle"] = json.dumps({"app_id_util_pct": percent, "acc_id_util_pct": percent,
                                                            "ads_api_access_tier": "standard_access"})  # fmt: skip
    return headers


def throttled(code: int = 17, subcode: int | None = 2446079, minutes: float = 2, status: int = 400) -> Scripted:
    """A rate-limit answer: 400 with a throttle code and `estimated_time_to_regain_access` (minutes)."""
    messages = {4: "(#4) Application request limit reached", 17: "(#17) User request limit reached",
                32: "(#32) Page request limit reached", 613: "(#613) Calls to this api have exceeded the rate limit.",
                80000: "(#80000) There have been too many calls from this ad-account. Wait a bit and try again.",
                80004: "(#80004) There have been too many calls to this ad-account. Wait a bit and try "
                       "again."}  # fmt: skip
    message = messages.get(code, f"(#{code}) There have been too many calls. Wait a bit and try again.")

    def answer(request: Request) -> Response:
        body = error_body(code, message, subcode=subcode if code == 17 else None, transient=code not in (4, 17, 32))
        return JSONResponse(body, status_code=status, headers=usage_headers(100, minutes))

    return answer


def reduce_data(request: Request) -> Response:
    """HTTP 500, code 1: Meta's 'ask for less'."""
    return graph_error(500, 1, "Please reduce the amount of data you're asking for, then retry your request")


def job_status_answer(status: str, percent: int) -> Scripted:
    """A scripted report-run poll: this status for whichever run was asked (Failed, Skipped, stuck at 0 %)."""

    def answer(request: Request) -> Response:
        run = request.path_params["node"]
        return JSONResponse({"id": run, "async_status": status, "async_percent_completion": percent})

    return answer


failed_job = job_status_answer("Job Failed", 0)
skipped_job = job_status_answer("Job Skipped", 0)
stuck_job = job_status_answer("Job Running", 0)


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split(":", 1)[1])
    except (ValueError, IndexError):
        return -1


def _when(text: str) -> date:
    """A `since`/`until` value: a date or a unix time."""
    if text.isdigit():
        return datetime.fromtimestamp(int(text), UTC).date()
    return date.fromisoformat(text)


def _unix(day: date) -> int:
    return int(datetime.combine(day, time(0), tzinfo=UTC).timestamp())


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass
class Job:
    account: str
    since: date
    until: date
    fields: list[str]
    polls: int = 0
    done: bool = False


# ---- the stand-in -------------------------------------------------------------------------------------


@dataclass
class MetaStandIn(StandIn):
    tokens: dict[str, set[str]] = field(
        default_factory=lambda: {"meta-demo-token": {IG_USER_ID, FB_PAGE_ID, *(a for _, a, _, _ in META_ACCOUNTS)}}
    )
    ig_users: set[str] = field(default_factory=lambda: {IG_USER_ID})
    pages: set[str] = field(default_factory=lambda: {FB_PAGE_ID})
    expired: set[str] = field(default_factory=set)
    password_changed: set[str] = field(default_factory=set)
    lacks: dict[str, str] = field(default_factory=dict)  # token -> a permission it lacks (every call refused)
    retired: set[str] = field(default_factory=set)
    today: date = date(2026, 12, 7)
    first_day: date = PERIOD[0]  # no insights before this day
    seed: int = 7
    max_rows: int = 10_000  # ads insights rows per sync request before "Too many rows"
    job_steps: tuple[tuple[str, int], ...] = JOB_STEPS
    fail_jobs_over_days: int | None = None
    revisions: dict[date, int] = field(default_factory=dict)
    engagement: dict[date, int] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    page_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)  # page token -> (user token, page)
    usage: float = 4.0
    busy_answers: deque[tuple[float, float]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self._job_ids = itertools.count(6_120_000_000_001)

    def routes(self) -> list[Route]:
        return [
            Route("/{version}/{node}", self.graph, methods=["GET", "POST"]),
            Route("/{version}/{node}/{edge}", self.graph, methods=["GET", "POST"]),
        ]

    # ---- test controls --------------------------------------------------------------------------------

    def restate(self, day: date) -> None:
        """Meta revises `day`: its Page, IG account and ads numbers change on the next request."""
        self.revisions[day] = self.revisions.get(day, 0) + 1

    def engage(self, day: date) -> None:
        """What was published on `day` gets seen and liked more: its lifetime counters grow."""
        self.engagement[day] = self.engagement.get(day, 0) + 1

    def retire(self, metric: str) -> None:
        self.retired.add(metric)

    def busy(self, percent: float, minutes: float = 0, times: int = 1) -> None:
        """The next `times` answers report `percent` usage and `minutes` to regain access."""
        self.busy_answers.extend([(percent, minutes)] * times)

    # ---- the data -------------------------------------------------------------------------------------

    def _rng(self, *parts: object) -> random.Random:
        return random.Random("/".join(str(p) for p in (self.seed, "meta-api", *parts)))

    def media(self, user: str = IG_USER_ID) -> list[Media]:
        """The account's media, newest first; like counts grow when their publishing day is restated."""
        found = []
        for item in demo_media(self._rng("media", user)):
            revision = self.engagement.get(item.timestamp.date(), 0)
            comments = sum(len(c.flat()) for c in self.comment_threads(item))
            found.append(replace(item, owner_id=user, like_count=item.like_count + 7 * revision,
                                 comments_count=comments))  # fmt: skip
        return found

    def comment_threads(self, item: Media) -> list:
        rng = self._rng("comments", item.media_id)
        ids = _comment_ids(rng, None)
        threads = [_thread(rng, item.timestamp, ids, facebook=False) for _ in range(rng.choice((0, 1, 3, 5, 8)))]
        return sorted(threads, key=lambda c: c.created_at, reverse=True)

    def media_insights(self, item: Media) -> list[Insight]:
        revision = self.engagement.get(item.timestamp.date(), 0)
        return list(demo_media_insights(self._rng("media-insights", item.media_id, revision), [item]))

    def account_values(self, user: str, day: date) -> dict[str, int]:
        rng = self._rng("ig-account", user, day, self.revisions.get(day, 0))
        return {"reach": int(rng.lognormvariate(7.4, 0.35)), "follower_count": rng.randint(4, 40)}

    def page_values(self, page: str, day: date) -> dict[str, object]:
        rng = self._rng("page", page, day, self.revisions.get(day, 0))
        values: dict[str, object] = {name: max(0, int(typical * rng.uniform(0.4, 1.9)))
                                     for name, _, _, typical in _PAGE_METRICS}  # fmt: skip
        values["page_follows"] = 12_480 + 9 * (day - self.first_day).days + rng.randint(-6, 25)
        values["page_actions_post_reactions_total"] = {r: rng.randint(0, 120) for r in _REACTIONS if rng.random() < 0.8}
        return values

    def posts(self, page: str = FB_PAGE_ID) -> list[tuple[str, datetime]]:
        """(post id, created time), newest first: a dozen posts over the sample period."""
        rng = self._rng("posts", page)
        start = datetime.combine(PERIOD[0], time(0), tzinfo=UTC)
        found = [(f"{page}_{1220000000000000 + rng.randrange(10**14)}",
                  start + timedelta(days=5 * n, hours=rng.randrange(8, 20), minutes=rng.randrange(60)))
                 for n in range(12)]  # fmt: skip
        return sorted(found, key=lambda p: p[1], reverse=True)

    def post_insights(self, post: str, created: datetime) -> list[Insight]:
        revision = self.engagement.get(created.date(), 0)
        made = demo_post_insights(self._rng("post-insights", post, revision), post.split("_")[0], count=1)
        return [replace(i, object_id=post) for i in made]

    def ad_rows(self, account: str, day: date) -> list[InsightRow]:
        currency = next((c for _, a, c, _ in META_ACCOUNTS if a == account), "USD")
        if day < self.first_day or day >= self.today:
            return []
        campaigns = [r.campaign_id for r in _insight_rows(self._rng("campaigns", account), account, currency, [day])]
        rows = _insight_rows(self._rng("ads", account, day, self.revisions.get(day, 0)), account, currency, [day])
        return [replace(row, campaign_id=campaign) for row, campaign in zip(rows, campaigns, strict=True)]

    def ad_items(self, account: str, first: date, last: date, fields: list[str]) -> list[dict]:
        wanted = set(fields) | {"date_start", "date_stop"}
        return [{k: v for k, v in row.as_json().items() if k in wanted}
                for day in _days(first, last) for row in self.ad_rows(account, day)]  # fmt: skip

    # ---- the protocol ---------------------------------------------------------------------------------

    def owner(self, node: str) -> tuple[str, str] | None:
        """(route name prefix, owning account) of a node id."""
        if node.startswith("act_"):
            return "ads", node[4:]
        if node in self.jobs:
            return "report_run", self.jobs[node].account
        if node in self.pages:
            return "page", node
        if node in self.ig_users:
            return "ig_user", node
        if any(m.media_id == node for m in self.media()):
            return "ig_media", IG_USER_ID
        if any(p == node for p, _ in self.posts()):
            return "post", node.split("_")[0]
        return None

    async def graph(self, request: Request) -> Response:
        node, edge = request.path_params["node"], request.path_params.get("edge")
        found = self.owner(node)
        kind = found[0] if found else "unknown"
        route = f"{kind}_{edge}" if edge else kind
        scripted = await self.seen(request, route)
        percent, minutes = self.busy_answers.popleft() if self.busy_answers else (self.usage, 0)
        usage_kind = "ads_insights" if kind in ("ads", "report_run") else "pages" if kind in ("page", "post") else (
            "instagram")  # fmt: skip
        headers = usage_headers(percent, minutes, found[1] if found else "", usage_kind)
        response = scripted if scripted is not None else self.answer(request, node, edge, found)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    def token(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        return header[7:] if header.lower().startswith("bearer ") else request.query_params.get("access_token", "")

    def answer(self, request: Request, node: str, edge: str | None, found: tuple[str, str] | None) -> Response:
        if request.path_params["version"] != VERSION:
            return graph_error(400, 2635, f"(#2635) You are calling a deprecated version of the Graph API. Please "
                               f"update to the latest version: {VERSION}.")  # fmt: skip
        token = self.token(request)
        if not token:
            return graph_error(400, 2500, "An active access token must be used to query information about the "
                               "current user.")  # fmt: skip
        if token in self.expired:
            return graph_error(400, 190, "Error validating access token: Session has expired on Sunday, "
                               "06-Dec-26 10:00:00 PST. The current time is Monday, 07-Dec-26 02:00:00 PST.",
                               subcode=463)  # fmt: skip
        if token in self.password_changed:
            return graph_error(400, 190, "Error validating access token: The session has been invalidated because "
                               "the user changed their password or Facebook has changed the session for security "
                               "reasons.", subcode=460)  # fmt: skip
        page_token = self.page_tokens.get(token)
        user_token = page_token[0] if page_token else token
        if user_token not in self.tokens:
            return graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        if user_token in self.lacks:
            permission = self.lacks[user_token]
            return graph_error(403, 200, f"(#200) Requires {permission} permission to manage the object",
                               kind="OAuthException")  # fmt: skip
        if found is None or found[1] not in self.tokens[user_token]:
            return graph_error(400, 100, f"Unsupported get request. Object with ID '{node}' does not exist, cannot be "
                               "loaded due to missing permissions, or does not support this operation.",
                               subcode=33, kind="GraphMethodException")  # fmt: skip
        kind, owner = found
        if kind in ("page", "post") and edge is not None and (page_token is None or page_token[1] != owner):
            return graph_error(400, 190, "(#190) This method must be called with a Page Access Token")
        handler = {
            ("page", None): self.page_token,
            ("ig_user", "insights"): self.ig_account_insights,
            ("ig_user", "media"): self.ig_media,
            ("ig_media", "insights"): self.ig_media_insights,
            ("ig_media", "comments"): self.ig_comments,
            ("page", "insights"): self.page_insights,
            ("page", "posts"): self.page_posts,
            ("post", "insights"): self.fb_post_insights,
            ("ads", "insights"): self.ads_insights,
            ("report_run", None): self.report_run,
            ("report_run", "insights"): self.report_insights,
        }.get((kind, edge))
        if handler is None or (request.method == "POST" and kind != "ads"):
            return graph_error(400, 100, f"(#100) Unsupported {request.method.lower()} request on {node}/{edge or ''}",
                               kind="GraphMethodException")  # fmt: skip
        return handler(request, node, token)

    # ---- paging ---------------------------------------------------------------------------------------

    def paged(self, request: Request, token: str, items: list, *, default_limit: int = 25, **extra: object) -> Response:
        query = request.query_params
        try:
            limit = int(query.get("limit", default_limit))
        except ValueError:
            return graph_error(400, 100, "(#100) Param limit must be a number")
        offset = _offset(query["after"]) if "after" in query else 0
        if offset < 0 or not 1 <= limit <= 5000:
            return graph_error(400, 100, "(#100) Invalid cursor or limit")
        chunk = items[offset : offset + limit]
        body: dict = {"data": chunk, **extra}
        if chunk:
            body["paging"] = {"cursors": {"before": _cursor(offset), "after": _cursor(offset + len(chunk))}}
            if offset + len(chunk) < len(items):
                params = {**dict(query), "access_token": token, "after": _cursor(offset + len(chunk))}
                body["paging"]["next"] = f"{str(request.base_url).rstrip('/')}{request.url.path}?{urlencode(params)}"
        return JSONResponse(body)

    def _range(self, request: Request, most: int, token: str) -> tuple[date, date] | Response:
        query = request.query_params
        if query.get("period") != "day":
            return graph_error(400, 100, "(#100) The period param must be day for these metrics")
        try:
            since, until = _when(query["since"]), _when(query["until"])
        except (KeyError, ValueError):
            return graph_error(400, 100, "(#100) The since and until parameters must be dates or unix times")
        if (until - since).days > most:
            return graph_error(400, 100, f"(#100) There cannot be more than {most} days between since and until")
        if since < self.today - timedelta(days=730):
            return graph_error(400, 100, "(#100) since param is not valid. Metrics data is available for the last "
                               "2 years.")  # fmt: skip
        return since, until - timedelta(days=1)

    def _metrics(self, request: Request, allowed: set[str], what: str) -> list[str] | Response:
        metrics = [m for m in request.query_params.get("metric", "").split(",") if m]
        for metric in metrics:
            if metric in self.retired:
                return graph_error(400, 100, f"(#100) Starting from version v22.0 and above, the {metric} metric is "
                                   "no longer supported. Please use views metric instead.")  # fmt: skip
        for index, metric in enumerate(metrics):
            if metric not in allowed:
                return graph_error(400, 100, f"(#100) metric[{index}] must be one of the following values for "
                                   f"{what}: {', '.join(sorted(allowed))}")  # fmt: skip
        if not metrics:
            return graph_error(400, 100, "(#100) The parameter metric is required")
        return metrics

    def _neighbours(self, request: Request, token: str, first: date, last: date) -> dict:
        span = (last - first).days + 1
        base = f"{str(request.base_url).rstrip('/')}{request.url.path}"

        def link(start: date) -> str:
            params = {**dict(request.query_params), "access_token": token, "since": _unix(start),
                      "until": _unix(start + timedelta(days=span))}  # fmt: skip
            return f"{base}?{urlencode(params)}"

        return {"previous": link(first - timedelta(days=span)), "next": link(last + timedelta(days=1))}

    def _served_days(self, first: date, last: date) -> list[date]:
        return [d for d in _days(first, last) if self.first_day <= d < self.today]

    # ---- Instagram ------------------------------------------------------------------------------------

    def ig_account_insights(self, request: Request, node: str, token: str) -> Response:
        span = self._range(request, 30, token)
        if isinstance(span, Response):
            return span
        metrics = self._metrics(request, set(IG_ACCOUNT_METRICS), "the IG user")
        if isinstance(metrics, Response):
            return metrics
        days = self._served_days(*span)
        data = []
        if days:
            for metric in metrics:
                title, description = IG_ACCOUNT_METRICS[metric]
                values = tuple((self.account_values(node, d)[metric], day_end_time(d)) for d in days)
                data.append(Insight(node, metric, "day", title, description, values=values).element())
        return JSONResponse({"data": data, "paging": self._neighbours(request, token, *span)})

    def ig_media(self, request: Request, node: str, token: str) -> Response:
        try:
            since, until = _since_until(request.query_params)
        except ValueError:
            return graph_error(400, 100, "(#100) since and until must be unix times")
        items = [m.element() for m in self.media(node) if since <= m.timestamp.date() < until]
        return self.paged(request, token, items)

    def _media(self, node: str) -> Media:
        return next(m for m in self.media() if m.media_id == node)

    def ig_media_insights(self, request: Request, node: str, token: str) -> Response:
        item = self._media(node)
        kind = "REELS" if item.media_product_type == "REELS" else item.media_type
        metrics = self._metrics(request, MEDIA_METRICS.get(kind, MEDIA_METRICS["OTHER"]), f"{kind} media")
        if isinstance(metrics, Response):
            return metrics
        return JSONResponse({"data": [i.element() for i in self.media_insights(item) if i.name in metrics]})

    def ig_comments(self, request: Request, node: str, token: str) -> Response:
        threads = self.comment_threads(self._media(node))
        return self.paged(request, token, [_graph_comment(c, facebook=False) for c in threads])

    # ---- Facebook Pages -------------------------------------------------------------------------------

    def page_token(self, request: Request, node: str, token: str) -> Response:
        if request.query_params.get("fields") != "access_token":
            return JSONResponse({"id": node, "name": "Northwind Gear"})
        page_token = "EAAPage" + hashlib.sha256(f"{token}/{node}".encode()).hexdigest()[:24]
        self.page_tokens[page_token] = (token, node)
        return JSONResponse({"access_token": page_token, "id": node})

    def page_insights(self, request: Request, node: str, token: str) -> Response:
        span = self._range(request, 90, token)
        if isinstance(span, Response):
            return span
        metrics = self._metrics(request, PAGE_METRICS, "the Page")
        if isinstance(metrics, Response):
            return metrics
        days = self._served_days(*span)
        data = []
        titles = {name: (title, description) for name, title, description, _ in _PAGE_METRICS}
        titles |= {"page_follows": ("Followers", "Lifetime: the number of followers."),
                   "page_actions_post_reactions_total": ("Daily total post reactions", "Daily total post reactions "
                                                                                        "by type.")}  # fmt: skip
        if days:
            for metric in metrics:
                title, description = titles[metric]
                values = tuple((self.page_values(node, d)[metric], day_end_time(d)) for d in days)
                data.append(Insight(node, metric, "day", title, description, values=values).element())
        return JSONResponse({"data": data, "paging": self._neighbours(request, token, *span)})

    def page_posts(self, request: Request, node: str, token: str) -> Response:
        try:
            since, until = _since_until(request.query_params)
        except ValueError:
            return graph_error(400, 100, "(#100) since and until must be unix times")
        items = [{"created_time": created.strftime("%Y-%m-%dT%H:%M:%S+0000"), "id": post}
                 for post, created in self.posts(node) if since <= created.date() < until]  # fmt: skip
        return self.paged(request, token, items)

    def fb_post_insights(self, request: Request, node: str, token: str) -> Response:
        metrics = self._metrics(request, POST_METRICS, "a Page post")
        if isinstance(metrics, Response):
            return metrics
        created = next(c for p, c in self.posts(node.split("_")[0]) if p == node)
        return JSONResponse({"data": [i.element() for i in self.post_insights(node, created) if i.name in metrics]})

    # ---- Marketing API --------------------------------------------------------------------------------

    def _ads_request(self, request: Request) -> tuple[date, date, list[str]] | Response:
        query = request.query_params
        if query.get("level") != "campaign":
            return graph_error(400, 100, "(#100) level must be one of account, campaign, adset, ad (only campaign "
                               "is served here)")  # fmt: skip
        if query.get("time_increment") != "1":
            return graph_error(400, 100, "(#100) time_increment must be 1 for daily rows")
        try:
            span = json.loads(query["time_range"])
            since, until = date.fromisoformat(span["since"]), date.fromisoformat(span["until"])
        except (KeyError, ValueError, TypeError):
            return graph_error(400, 100, '(#100) Param time_range must be a JSON object {"since","until"}')
        if since < self.today - timedelta(days=1123):
            return graph_error(400, 100, "(#100) Param time_range is invalid: the start date can be at most 37 "
                               "months ago", subcode=1487756)  # fmt: skip
        fields = [f for f in query.get("fields", "").split(",") if f]
        unknown = [f for f in fields if f not in ADS_FIELDS]
        if unknown:
            return graph_error(400, 100, f"(#100) {unknown[0]} is not valid for fields param.")
        return since, until, fields

    def ads_insights(self, request: Request, node: str, token: str) -> Response:
        asked = self._ads_request(request)
        if isinstance(asked, Response):
            return asked
        since, until, fields = asked
        account = node[4:]
        if request.method == "POST":
            run = str(next(self._job_ids))
            self.jobs[run] = Job(account, since, until, fields)
            return JSONResponse({"report_run_id": run})
        items = self.ad_items(account, since, until, fields)
        if len(items) > self.max_rows:
            return graph_error(400, 100, "Too many rows: the request would return more rows than allowed; use an "
                               "async job or ask for fewer ids", subcode=1487534)  # fmt: skip
        return self.paged(request, token, items)

    def job_state(self, run: str) -> tuple[str, int]:
        job = self.jobs[run]
        if self.fail_jobs_over_days is not None and (job.until - job.since).days + 1 > self.fail_jobs_over_days:
            return "Job Failed", 0
        status, percent = self.job_steps[min(job.polls - 1, len(self.job_steps) - 1)] if job.polls else (
            self.job_steps[0])  # fmt: skip
        return status, percent

    def report_run(self, request: Request, node: str, token: str) -> Response:
        job = self.jobs[node]
        job.polls += 1
        status, percent = self.job_state(node)
        job.done = status == "Job Completed"
        return JSONResponse({"id": node, "account_id": job.account, "async_status": status,
                             "async_percent_completion": percent, "date_start": job.since.isoformat(),
                             "date_stop": job.until.isoformat(), "is_running": not job.done})  # fmt: skip

    def report_insights(self, request: Request, node: str, token: str) -> Response:
        job = self.jobs[node]
        if not job.done:
            return graph_error(400, 100, f"(#100) Report run {node} is not complete yet", kind="GraphMethodException")
        return self.paged(request, token, self.ad_items(job.account, job.since, job.until, job.fields))


def _since_until(query) -> tuple[date, date]:  # noqa: ANN001 - Starlette's QueryParams
    """An edge's publishing-time filter (`since`, `until`: unix times); unbounded where absent."""
    since = _when(query["since"]) if "since" in query else date.min
    until = _when(query["until"]) if "until" in query else date.max
    return since, until
