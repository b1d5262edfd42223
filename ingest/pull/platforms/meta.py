"""Meta: Instagram and Facebook Page insights (Graph API) and ads insights (Marketing API), through one Graph
client and one classifier. Three pullers: `instagram`, `facebook`, `meta_ads`.

Auth (connection `resonance_meta`, its password). Create a System User in Business Manager (Business settings >
Users > System users), assign it the ad accounts, the Facebook Page and the Instagram account, and generate a
token for your app with `ads_read`, `read_insights`, `business_management`, `pages_show_list`,
`pages_read_engagement`, `instagram_basic` and `instagram_manage_insights`. A System User token does not expire
(a long-lived user token lasts about 60 days: put its date in the extra's `token_expires_at` so `resonance
status` warns 7 days ahead). The token is sent in an `Authorization: Bearer` header, never in the URL; the
`access_token` Meta writes into its own `paging.next` URLs is taken out before following them, and redacted in
what lands. For Pages, the puller asks the Page for its Page token (`GET /{page-id}?fields=access_token`) as Meta
requires for Page insights. Account ids: the IG user id (Business settings > Instagram accounts, or `GET
/{page-id}?fields=instagram_business_account`), the Page id (the Page's About > Page transparency), the ad
account id (Ads Manager's account menu; with or without `act_`).

Every call names the pinned Graph version (`GRAPH_VERSION`): Meta retires a version two years after its release,
and a call to a retired one fails for every account; bump it here, once.

Endpoints (restatement = the trailing days every run asks again; horizon = how far back a first pull goes):

| puller      | endpoint            | request                                                | restate | horizon, call |
|-------------|---------------------|--------------------------------------------------------|---------|---------------|
| `instagram` | `account_insights`  | `/{ig-user-id}/insights` period=day, since/until       | 3 d     | 730 d, 30 d   |
| `instagram` | `media`             | `/{ig-user-id}/media` published in the window, paged   | 28 d    | 730 d, 90 d   |
| `instagram` | `media_insights`    | `/{ig-media-id}/insights` lifetime, per media          | 28 d    | 730 d, 90 d   |
| `instagram` | `comments`          | `/{ig-media-id}/comments` with replies, paged          | 28 d    | 730 d, 90 d   |
| `facebook`  | `page_insights`     | `/{page-id}/insights` period=day, since/until          | 3 d     | 730 d, 90 d   |
| `facebook`  | `post_insights`     | `/{page-id}/posts` (not landed), `/{post-id}/insights` | 28 d    | 730 d, 90 d   |
| `meta_ads`  | `campaign_insights` | `/act_{id}/insights` level=campaign, time_increment=1  | 28 d    | 1,123 d, 90 d |

- Restatement: Meta keeps attributing conversions to ad days for 28 days ("insights freeze 28 days after
  they were generated"), so ads re-read 28 days. Page and IG account insights are final after a day or two
  (unique counts are recomputed once): 3 days. Media and post counters are lifetime totals that keep growing
  while a post is being seen: the media (posts) published in the last 28 days are read again every run, each
  run a new `_snapshot_date`; older posts keep their last snapshot (most engagement comes in the first weeks).
- Media, media insights and comments are windowed by publishing time: `since`/`until` on the media edge.
  The media list is landed once (`media`); the other two endpoints list the window's media again, not landed.
  `/{page-id}/posts` is never landed: no export type reads a posts list (and its `message`/`created_time`/
  `from` shape would be taken for comments).
- Comments land one page per file with a top-level `media_id` added (the `meta_graph_comments` export type
  reads the media from it, as the file is not named `comments_<id>.json`); media without comments are not
  asked. An empty page (`{"data": []}`) is never landed: nothing to load, and no type recognises it.
- Ads: a window of at most `SYNC_MAX_DAYS` (7) days is read synchronously and paged; a longer one (the 28-day
  restatement, the backfill's 90-day windows) as an async report run: `POST /act_{id}/insights` -> a
  `report_run_id`, polled (`GET /{run}`: `async_status`, `async_percent_completion`) until "Job Completed" at
  100 %, then `GET /{run}/insights` paged. In Airflow (`defer_jobs`) the puller raises `JobPending` right after
  starting the job and reads it when the task resumes; on the command line it polls with the client's sleep,
  5 s doubling to 60 s, for at most `JOB_TIMEOUT` seconds (then the run fails and the next run starts again).
  A job Meta reports "Job Failed" or "Job Skipped" makes the window split in two (`ShrinkRequest`); halves of 7
  days or fewer are read synchronously, so a job that can never be built still ends in plain paging.

Errors (the Graph envelope `{"error": {"message", "type", "code", "error_subcode", "is_transient",
"fbtrace_id"}}`): codes 2, 4, 17, 32, 613, 80000-80006, 80008 and anything `is_transient` are retried after
`estimated_time_to_regain_access` minutes from `x-business-use-case-usage` (else with backoff); code 1 "Please
reduce the amount of data" and code 100 subcode 1487534 "Too many rows" split the window; code 100 "the X metric
is no longer supported" / "does not support the X metric" drops X from that endpoint (recorded) and asks again;
190 (expired 463, password changed 460, revoked) stops the account asking for a new token; 10 and 200-299 stop
it naming the permission to grant. A good answer whose usage headers (`x-app-usage`,
`x-business-use-case-usage`, `x-ad-account-usage`) say more than 95 % makes the client wait before its next
call (max(1 minute, the time to regain access)), or stop the account until then if that is longer than the
client's `max_wait`: the next call would be refused anyway.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from ingest.pull.accounts import Target
from ingest.pull.client import (
    AccountFailed,
    ApiClient,
    MetricRetired,
    PullError,
    QuotaExhausted,
    RetryLater,
    ShrinkRequest,
    base_url,
    describe,
    generic_problem,
)
from ingest.pull.run import JobPending, Page, Puller, Request
from ingest.pull.windows import Endpoint, Window

GRAPH_VERSION = "v24.0"
URL_ENV = "RESONANCE_META_API_URL"
DEFAULT_URL = "https://graph.facebook.com"
CONNECTION = "resonance_meta"

THROTTLE_CODES = frozenset({2, 4, 17, 32, 613, *range(80000, 80007), 80008})
TOO_MANY_ROWS = 1487534
USAGE_LIMIT = 95.0  # percent: above it, wait before the next call
SYNC_MAX_DAYS = 7  # longer ads windows are async report runs
JOB_TIMEOUT = 30 * 60.0  # seconds of polling before a job is given up
PERMISSIONS = (
    "ads_read", "ads_management", "read_insights", "business_management", "pages_show_list",
    "pages_read_engagement", "pages_read_user_content", "instagram_basic", "instagram_manage_insights",
    "instagram_manage_comments",
)  # fmt: skip
_PERMISSION = re.compile(r"\b(" + "|".join(PERMISSIONS) + r")\b")
_RETIRED = (
    re.compile(r"[`'\"]?(\w+)[`'\"]? metric (?:is no longer supported|has been deprecated|is deprecated)", re.I),
    re.compile(r"does not support the [`'\"]?(\w+)[`'\"]? metric", re.I),
)


# ---- the classifier -------------------------------------------------------------------------------------


def _json_header(headers: httpx.Headers, name: str) -> object:
    try:
        return json.loads(headers.get(name, "") or "null")
    except ValueError:
        return None


def usage(headers: httpx.Headers) -> tuple[float, float]:
    """(the highest usage percent any usage header reports, the longest `estimated_time_to_regain_access` in
    minutes): `x-app-usage` {call_count, total_cputime, total_time}, `x-ad-account-usage` {acc_id_util_pct},
    `x-business-use-case-usage` {"<object id>": [{call_count, total_cputime, total_time,
    estimated_time_to_regain_access}]}."""
    percents: list[float] = [0.0]
    minutes: list[float] = [0.0]

    def take(entry: object, keys: tuple[str, ...]) -> None:
        if not isinstance(entry, dict):
            return
        for key in keys:
            try:
                percents.append(float(entry.get(key) or 0))
            except (TypeError, ValueError):
                pass
        try:
            minutes.append(float(entry.get("estimated_time_to_regain_access") or 0))
        except (TypeError, ValueError):
            pass

    take(_json_header(headers, "x-app-usage"), ("call_count", "total_cputime", "total_time"))
    take(_json_header(headers, "x-ad-account-usage"), ("acc_id_util_pct",))
    business = _json_header(headers, "x-business-use-case-usage")
    if isinstance(business, dict):
        for entries in business.values():
            for entry in entries if isinstance(entries, list) else [entries]:
                take(entry, ("call_count", "total_cputime", "total_time"))
    return max(percents), max(minutes)


def retired_metric(message: str) -> str | None:
    """The metric a "(#100) ... metric is no longer supported" / "does not support the X metric" names."""
    for pattern in _RETIRED:
        found = pattern.search(message)
        if found:
            return found.group(1)
    return None


def classify(
    response: httpx.Response, *, who: str = "Meta", needs: tuple[str, ...] = (), secrets: tuple[str, ...] = ()
) -> PullError | None:
    """What a Graph API answer means. `who` names the account in messages (`Meta instagram account 1784...`),
    `needs` the permissions the puller's calls require (named when Meta's message names none)."""
    if response.is_success:
        return None
    try:
        error = response.json()["error"]
        code = int(error.get("code"))
    except (ValueError, KeyError, TypeError, AttributeError):
        problem = generic_problem(response, secrets)  # not the Graph envelope: a proxy, a load balancer
        if isinstance(problem, RetryLater):
            return RetryLater(f"{who}: {problem}", problem.after)
        return PullError(f"{who}: {problem}")
    subcode = error.get("error_subcode")
    message = str(error.get("message", ""))
    said = f"{who}: {describe(response, secrets, limit=300)}"
    _, regain = usage(response.headers)
    if code in THROTTLE_CODES or error.get("is_transient"):
        return RetryLater(said, regain * 60 if regain > 0 else None)
    if (code == 1 and "reduce the amount of data" in message.lower()) or (code == 100 and subcode == TOO_MANY_ROWS):
        return ShrinkRequest(said)
    if code == 100:
        metric = retired_metric(message)
        if metric:
            return MetricRetired(said, metric)
    if code == 190:
        why = {463: "the token has expired", 460: "the token was invalidated by a password change",
               458: "the app was removed", 467: "the token was invalidated"}  # fmt: skip
        why = why.get(subcode, "the token is invalid")
        return AccountFailed(f"{said}: {why}; re-authorise, or better generate a System User token in Business "
                             f"settings (it does not expire), and put it in connection {CONNECTION}")  # fmt: skip
    if code == 10 or 200 <= code <= 299:
        named = _PERMISSION.findall(message)
        permission = ", ".join(dict.fromkeys(named)) if named else " or ".join(needs) or "the needed"
        return AccountFailed(f"{said}: the token lacks permission; grant {permission} to the app and the System "
                             f"User (or re-authorise with it), then update connection {CONNECTION}")  # fmt: skip
    if response.status_code >= 500:
        return RetryLater(said)
    return PullError(said)


# ---- the shared Graph client --------------------------------------------------------------------------


def _without_token(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "access_token"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _has_data(response: httpx.Response) -> bool:
    data = response.json().get("data")
    return isinstance(data, list) and len(data) > 0


def _stamp(day: date) -> int:
    """Midnight UTC of `day`, as the unix time the media and posts edges take for `since`/`until`."""
    return int(datetime.combine(day, time(0), tzinfo=UTC).timestamp())


class GraphPuller(Puller):
    """What the three Meta pullers share: the client, usage-aware GETs, and `paging.next` following."""

    needs: tuple[str, ...] = ()
    page_limit = 100

    def client(self, target: Target) -> ApiClient:
        secrets = target.credentials.secrets
        who = f"Meta {self.platform} account {target.account.id}"
        client = ApiClient(
            platform=self.platform,
            base_url=f"{base_url(URL_ENV, DEFAULT_URL)}/{GRAPH_VERSION}",
            classify=lambda response: None,
            headers={"Authorization": f"Bearer {target.credentials.token}"},
            secrets=secrets,
        )
        # client.secrets, not the target's: a Page token obtained during the pull is a secret too
        client.classify = lambda response: classify(response, who=who, needs=self.needs, secrets=client.secrets)
        return client

    def call(self, client: ApiClient, method: str, url: str, **kwargs: object) -> httpx.Response:
        """One call; then, when Meta says usage is above 95 %, wait before the next one (the wait is in
        `client.waits`), or stop the account until access comes back if that is longer than `max_wait`."""
        response = client.request(method, url, **kwargs)
        percent, regain = usage(response.headers)
        if percent > USAGE_LIMIT:
            wait = max(60.0, regain * 60)
            if wait > client.max_wait:
                until = datetime.now(UTC) + timedelta(seconds=wait)
                raise QuotaExhausted(f"Meta {self.platform}: usage at {percent:.0f} %, access back in "
                                     f"{regain:.0f} minutes; stopping this account until then", until)  # fmt: skip
            client.waits.append(wait)
            client.sleep(wait)
        return response

    def follow(self, client: ApiClient, path: str, params: dict, **kwargs: object) -> Iterator[httpx.Response]:
        """The first page and every `paging.next` after it. Meta writes the token into `next`: it is taken
        out (the header carries it) and the URL must stay on the API's host."""
        response = self.call(client, "GET", path, params=params, **kwargs)
        yield response
        host = urlsplit(str(client.http.base_url)).netloc
        while True:
            following = (response.json().get("paging") or {}).get("next")
            if not following:
                return
            if urlsplit(following).netloc != host:
                raise PullError(f"Meta {self.platform}: paging.next leaves {host}; not following it with the token")
            response = self.call(client, "GET", _without_token(following), **kwargs)
            yield response


# ---- Instagram ----------------------------------------------------------------------------------------

IG_ACCOUNT_METRICS = ("reach", "follower_count")
IG_MEDIA_FIELDS = ("id,caption,comments_count,like_count,media_type,media_product_type,permalink,shortcode,"
                   "timestamp,username,owner,children{id}")  # fmt: skip
IG_MEDIA_METRICS = {  # by media_product_type / media_type, as Meta offers them
    "REELS": ("comments", "ig_reels_avg_watch_time", "ig_reels_video_view_total_time", "likes", "reach", "saved",
              "shares", "views"),
    "CAROUSEL_ALBUM": ("reach", "saved", "shares", "follows", "profile_visits", "views"),
    "OTHER": ("reach", "saved", "likes", "comments", "shares", "follows", "profile_visits", "views"),
}  # fmt: skip
IG_COMMENT_FIELDS = "id,text,timestamp,username,like_count,replies{id,text,timestamp,username,like_count}"


class InstagramPuller(GraphPuller):
    platform = "instagram"
    needs = ("instagram_basic", "instagram_manage_insights", "pages_read_engagement")
    endpoints = (
        Endpoint("account_insights", restatement_days=3, horizon_days=730, lag_days=1, max_days=30),
        Endpoint("media", restatement_days=28, horizon_days=730, lag_days=0, max_days=90),
        Endpoint("media_insights", restatement_days=28, horizon_days=730, lag_days=0, max_days=90),
        Endpoint("comments", restatement_days=28, horizon_days=730, lag_days=0, max_days=90),
    )

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        user = target.account.id
        window = request.window
        name = request.endpoint.name
        if name == "account_insights":
            metrics = [m for m in IG_ACCOUNT_METRICS if m not in request.dropped_metrics]
            params = {"metric": ",".join(metrics), "period": "day", "since": window.since.isoformat(),
                      "until": (window.until + timedelta(days=1)).isoformat()}  # fmt: skip
            response = self.call(client, "GET", f"/{user}/insights", params=params)
            if _has_data(response):
                yield Page(response.content, _values(response), label="insights")
            return
        if name == "media":
            for number, response in enumerate(self._media_pages(client, user, window), start=1):
                if _has_data(response):
                    yield Page(response.content, len(response.json()["data"]), label=f"media{number}")
            return
        media = [m for response in self._media_pages(client, user, window) for m in response.json()["data"]]
        if name == "media_insights":
            for item in media:
                kind = item.get("media_product_type") if item.get("media_product_type") == "REELS" else None
                listed = IG_MEDIA_METRICS.get(kind or item.get("media_type", ""), IG_MEDIA_METRICS["OTHER"])
                metrics = [m for m in listed if m not in request.dropped_metrics]
                response = self.call(client, "GET", f"/{item['id']}/insights", params={"metric": ",".join(metrics)})
                if _has_data(response):
                    yield Page(response.content, len(response.json()["data"]), label=f"insights-{item['id']}")
        elif name == "comments":
            for item in media:
                if not item.get("comments_count"):
                    continue
                params = {"fields": IG_COMMENT_FIELDS, "limit": self.page_limit}
                for number, response in enumerate(self.follow(client, f"/{item['id']}/comments", params), start=1):
                    if _has_data(response):
                        body = b'{"media_id":' + json.dumps(item["id"]).encode() + b"," + response.content.lstrip()[1:]
                        yield Page(body, _comment_count(response), label=f"comments-{item['id']}-{number}")

    def _media_pages(self, client: ApiClient, user: str, window: Window) -> Iterator[httpx.Response]:
        params = {"fields": IG_MEDIA_FIELDS, "since": _stamp(window.since),
                  "until": _stamp(window.until + timedelta(days=1)), "limit": self.page_limit}  # fmt: skip
        yield from self.follow(client, f"/{user}/media", params)


def _values(response: httpx.Response) -> int:
    """Rows an insights response holds: one per value entry (a `total_value` element counts one)."""
    return sum(len(e.get("values", [])) or 1 for e in response.json()["data"])


def _comment_count(response: httpx.Response) -> int:
    data = response.json()["data"]
    return len(data) + sum(len((c.get("replies") or {}).get("data", [])) for c in data)


# ---- Facebook Pages -----------------------------------------------------------------------------------

PAGE_METRICS = ("page_media_view", "page_total_media_view_unique", "page_post_engagements", "page_views_total",
                "page_daily_follows_unique", "page_follows", "page_actions_post_reactions_total")  # fmt: skip
POST_METRICS = ("post_media_view", "post_total_media_view_unique", "post_clicks", "post_clicks_by_type",
                "post_reactions_by_type_total")  # fmt: skip


class FacebookPuller(GraphPuller):
    platform = "facebook"
    needs = ("pages_read_engagement", "read_insights", "pages_show_list")
    endpoints = (
        Endpoint("page_insights", restatement_days=3, horizon_days=730, lag_days=1, max_days=90),
        Endpoint("post_insights", restatement_days=28, horizon_days=730, lag_days=0, max_days=90),
    )

    def __init__(self) -> None:
        self._page_tokens: dict[tuple[str, str], str] = {}

    def page_token(self, client: ApiClient, target: Target) -> dict[str, str]:
        """The header carrying the Page's own token (Page insights need one), asked once per pull."""
        key = (target.account.id, target.credentials.token)
        if key not in self._page_tokens:
            response = self.call(client, "GET", f"/{target.account.id}", params={"fields": "access_token"})
            token = response.json().get("access_token")
            if not token:
                raise AccountFailed(f"Meta facebook account {target.account.id}: the token gets no Page token for "
                                    "this Page; assign the Page to the System User (or use an admin's token) "
                                    "with pages_read_engagement and read_insights, then update connection "
                                    f"{CONNECTION}")  # fmt: skip
            client.secrets = (*client.secrets, token)
            self._page_tokens[key] = token
        return {"Authorization": f"Bearer {self._page_tokens[key]}"}

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        page = target.account.id
        window = request.window
        headers = self.page_token(client, target)
        if request.endpoint.name == "page_insights":
            metrics = [m for m in PAGE_METRICS if m not in request.dropped_metrics]
            params = {"metric": ",".join(metrics), "period": "day", "since": window.since.isoformat(),
                      "until": (window.until + timedelta(days=1)).isoformat()}  # fmt: skip
            response = self.call(client, "GET", f"/{page}/insights", params=params, headers=headers)
            if _has_data(response):
                yield Page(response.content, _values(response), label="insights")
            return
        params = {"fields": "id,created_time", "since": _stamp(window.since),
                  "until": _stamp(window.until + timedelta(days=1)), "limit": self.page_limit}  # fmt: skip
        posts = [p["id"] for r in self.follow(client, f"/{page}/posts", params, headers=headers)
                 for p in r.json()["data"]]  # fmt: skip
        metrics = ",".join(m for m in POST_METRICS if m not in request.dropped_metrics)
        for post in posts:
            response = self.call(client, "GET", f"/{post}/insights", params={"metric": metrics}, headers=headers)
            if _has_data(response):
                yield Page(response.content, len(response.json()["data"]), label=f"insights-{post}")


# ---- Marketing API ------------------------------------------------------------------------------------

ADS_FIELDS = (
    "account_id", "account_currency", "campaign_id", "campaign_name", "date_start", "date_stop", "impressions",
    "reach", "frequency", "clicks", "inline_link_clicks", "ctr", "cpc", "cpm", "spend", "actions", "action_values",
    "purchase_roas",
)  # fmt: skip
JOB_DONE, JOB_FAILED = "Job Completed", ("Job Failed", "Job Skipped")


class MetaAdsPuller(GraphPuller):
    platform = "meta_ads"
    needs = ("ads_read",)
    page_limit = 500
    poll_first, poll_most = 5.0, 60.0
    endpoints = (Endpoint("campaign_insights", restatement_days=28, horizon_days=1123, lag_days=1, max_days=90),)

    @staticmethod
    def act(target: Target) -> str:
        account = target.account.id
        return account if account.startswith("act_") else f"act_{account}"

    def params(self, request: Request) -> dict:
        window = request.window
        return {
            "level": "campaign",
            "time_increment": 1,
            "time_range": json.dumps({"since": window.since.isoformat(), "until": window.until.isoformat()}),
            "fields": ",".join(f for f in ADS_FIELDS if f not in request.dropped_metrics),
            "limit": self.page_limit,
        }

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        if request.job is None and request.window.days <= SYNC_MAX_DAYS:
            responses = self.follow(client, f"/{self.act(target)}/insights", self.params(request))
        else:
            job = request.job or self.start(client, target, request)
            self.wait_for(client, target, request, job)
            responses = self.follow(client, f"/{job}/insights", {"limit": self.page_limit})
        for number, response in enumerate(responses, start=1):
            if _has_data(response):
                yield Page(response.content, len(response.json()["data"]), label=f"page{number}")

    def start(self, client: ApiClient, target: Target, request: Request) -> str:
        """Start an async report run for the window; with `defer_jobs`, hand the waiting to Airflow."""
        response = self.call(client, "POST", f"/{self.act(target)}/insights", params=self.params(request))
        job = str(response.json()["report_run_id"])
        if request.defer_jobs:
            raise JobPending(f"Meta ads report run {job} for {request.window} started", job, poll_seconds=30.0)
        return job

    def job_status(self, client: ApiClient, target: Target, job: str) -> str:
        return self._status(client, job)[0]

    def _status(self, client: ApiClient, job: str) -> tuple[str, str]:
        answer = self.call(client, "GET", f"/{job}", params={"fields": "async_status,async_percent_completion"})
        body = answer.json()
        status, percent = body.get("async_status", ""), body.get("async_percent_completion", 0)
        said = f"{status} at {percent} %"
        if status == JOB_DONE and int(percent or 0) >= 100:
            return "done", said
        if status in JOB_FAILED:
            return "failed", said
        return "running", said

    def wait_for(self, client: ApiClient, target: Target, request: Request, job: str) -> None:
        """Poll the job until it is done (command line), or defer again (Airflow); a failed or skipped job
        splits the window."""
        waited, pause = 0.0, self.poll_first
        while True:
            state, said = self._status(client, job)
            if state == "done":
                return
            if state == "failed":
                raise ShrinkRequest(f"Meta ads report run {job} for {request.window}: {said}; splitting the window")
            if request.defer_jobs:
                raise JobPending(f"Meta ads report run {job} for {request.window}: {said}", job, poll_seconds=30.0)
            if waited >= JOB_TIMEOUT:
                raise PullError(f"Meta ads report run {job} for {request.window} is still '{said}' after "
                                f"{JOB_TIMEOUT / 60:.0f} minutes; the next run starts it again")  # fmt: skip
            client.sleep(pause)
            waited += pause
            pause = min(self.poll_most, pause * 2)
