"""YouTube Reporting API (v1) and Google's OAuth token endpoint, as one local stand-in (point both
`RESONANCE_YOUTUBE_API_URL` and `RESONANCE_GOOGLE_TOKEN_URL`, the latter with `/token`, at it).

What it does as Google does:
- `POST /token` (form: grant_type=refresh_token, client_id, client_secret, refresh_token) answers
  `{"access_token","expires_in":3599,"token_type":"Bearer","scope"}`; a revoked or unknown refresh token is
  400 `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`, a wrong client
  401 `invalid_client`, a missing parameter 400 `invalid_request`.
- Every `/v1` call needs `Authorization: Bearer <access token>`: none, an unknown or an expired one is 401
  `UNAUTHENTICATED` in Google's envelope `{"error":{"code","message","errors":[...],"status"}}`, and so is a
  token whose Google account has no YouTube channel. The channel is the token's: no channel id is sent.
- `GET /v1/reportTypes`, `GET /v1/jobs` (`{}` when there is none: Google leaves empty lists out),
  `POST /v1/jobs` (`{"reportTypeId","name"}`; 409 when the channel already has a job for the type, 400 for
  an unknown type), `GET /v1/jobs/{id}/reports?createdAfter&pageSize&pageToken` (404 for a job that is not
  the channel's; reports newest first, paged by `nextPageToken`, a token valid only with the same
  `createdAfter`), and the authorized download `GET downloadUrl` (`/v1/media/CHANNEL/.../reports/{id}?alt=media`).
- Timing and retention as YouTube has it: a job's first reports are created about 48 hours after it, with
  `history_days` days of history (30 on YouTube) created at once; then one report per day, created two days
  after the day; a report is listed from its `createTime` (against the stand-in's clock `now`) and for 60
  days (history reports 30).
- A day can be restated (`restate`): a new report with the same `startTime`, a later `createTime` and other
  numbers. An empty day is a header-only CSV. Downloads are gzip-encoded (`Content-Encoding: gzip`, when
  the client accepts it) or a `.gz` body, per report.

The numbers are the sample writer's (`ingest.samples.youtube.channel_basic_day`), seeded by channel, day and
revision. Quota (403 `youtube.quota`/`quotaExceeded`), 429/503 with `Retry-After` and the like are scripted
by the tests (`script`, with the answers below).
"""

from __future__ import annotations

import base64
import gzip
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ingest.samples.apis import Scripted, StandIn
from ingest.samples.youtube import (
    YOUTUBE_CHANNEL_ID,
    ChannelBasicRow,
    channel_basic_csv,
    channel_basic_day,
    report_video_ids,
)

PACIFIC = ZoneInfo("America/Los_Angeles")
SCOPE = "https://www.googleapis.com/auth/yt-analytics.readonly"
REPORT_TYPES = {
    "channel_basic_a3": "User activity",
    "channel_demographics_a1": "Demographics",
    "channel_traffic_source_a3": "Traffic sources",
}
RETENTION = timedelta(days=60)
HISTORY_RETENTION = timedelta(days=30)
FIRST_REPORTS_AFTER = timedelta(hours=48)

DEMO_CLIENT_ID = "123456789012-resonance.apps.googleusercontent.com"
DEMO_CLIENT_SECRET = "GOCSPX-resonance-demo-secret"
DEMO_REFRESH_TOKEN = "1//0resonance-demo-refresh-token"


def rfc3339(moment: datetime) -> str:
    """Google's timestamp form: UTC, `Z`, microseconds when there are any."""
    text = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return text


def google_error(
    code: int, status: str, message: str, *, reason: str = "", domain: str = "global", headers: dict | None = None
) -> JSONResponse:
    """Google's error envelope."""
    error: dict = {"code": code, "message": message, "status": status}
    if reason:
        error["errors"] = [{"message": message, "domain": domain, "reason": reason}]
    return JSONResponse({"error": error}, status_code=code, headers=headers)


def quota_exceeded(request: Request) -> Response:
    """The project's daily quota is spent (it resets at midnight Pacific time)."""
    return google_error(
        403,
        "PERMISSION_DENIED",
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">'
        "quota</a>.",
        reason="quotaExceeded",
        domain="youtube.quota",
    )


def rate_limited(seconds: int) -> Scripted:
    """Too many requests per 100 seconds: 429 with `Retry-After`."""
    return lambda request: google_error(
        429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute'.",
        reason="rateLimitExceeded", domain="usageLimits", headers={"Retry-After": str(seconds)},
    )  # fmt: skip


def unavailable(seconds: int | None = None) -> Scripted:
    """503, with `Retry-After` when `seconds` is given."""
    headers = {"Retry-After": str(seconds)} if seconds is not None else None
    return lambda request: google_error(503, "UNAVAILABLE", "The service is currently unavailable.", headers=headers)


def unauthenticated(message: str = "") -> JSONResponse:
    return google_error(
        401,
        "UNAUTHENTICATED",
        message
        or "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other "
        "valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        reason="authError",
    )


@dataclass
class Report:
    id: str
    job_id: str
    channel: str
    day: date  # the report's day, Pacific time
    created: datetime
    revision: int = 0  # 0: the first report for the day; each restatement adds one
    empty: bool = False
    compression: str = ""  # "": plain CSV; "gzip": Content-Encoding gzip; "gzip-file": a .gz body
    history: bool = False  # made at job creation: kept 30 days, not 60

    @property
    def start(self) -> datetime:
        return datetime.combine(self.day, time(0), PACIFIC).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.day + timedelta(days=1), time(0), PACIFIC).astimezone(UTC)


@dataclass
class YouTubeStandIn(StandIn):
    now: datetime = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # the platform's clock
    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    # refresh token -> the channel of the Google account that consented (None: an account without a channel)
    refresh_tokens: dict[str, str | None] = field(default_factory=lambda: {DEMO_REFRESH_TOKEN: YOUTUBE_CHANNEL_ID})
    revoked: set[str] = field(default_factory=set)
    seed: int = 7
    videos: int = 3
    page_size: int = 10  # when the client sends no pageSize
    retention: timedelta = RETENTION
    history_retention: timedelta = HISTORY_RETENTION
    jobs: dict[str, dict] = field(default_factory=dict)  # job id -> job (with its channel under "_channel")
    reports: list[Report] = field(default_factory=list)
    access: dict[str, str | None] = field(default_factory=dict)  # access token -> channel
    expired: set[str] = field(default_factory=set)
    issued: list[str] = field(default_factory=list)  # every access token handed out
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)

    def routes(self) -> list[Route]:
        return [
            Route("/token", self.token, methods=["POST"], name="token"),
            Route("/v1/reportTypes", self.report_types, methods=["GET"], name="reportTypes.list"),
            Route("/v1/jobs", self.jobs_route, methods=["GET", "POST"], name="jobs"),
            Route("/v1/jobs/{job_id}/reports", self.reports_list, methods=["GET"], name="reports.list"),
            Route("/v1/media/CHANNEL/{channel}/jobs/{job_id}/reports/{report_id}", self.download, methods=["GET"],
                  name="download"),
        ]  # fmt: skip

    # ---- the platform's data, set up by tests -------------------------------------------------------------

    def create_job(self, channel: str = YOUTUBE_CHANNEL_ID, created: datetime | None = None, *,
                   report_type: str = "channel_basic_a3") -> dict:  # fmt: skip
        job_id = f"{next(self._ids):04d}-{report_type}"
        job = {"id": job_id, "reportTypeId": report_type, "name": f"{report_type} for {channel}",
               "createTime": rfc3339(created or self.now), "_channel": channel}  # fmt: skip
        self.jobs[job_id] = job
        return job

    def publish(self, job_id: str, day: date, created: datetime, **options: object) -> Report:
        """A report for `day` created at `created`; a second one for the same day is a restatement."""
        channel = self.jobs[job_id]["_channel"]
        revision = sum(1 for r in self.reports if r.job_id == job_id and r.day == day)
        report = Report(f"{day:%Y%m%d}{revision:02d}{next(self._ids):04d}", job_id, channel, day, created,
                        revision, **options)  # fmt: skip
        self.reports.append(report)
        return report

    def restate(self, job_id: str, day: date, created: datetime) -> Report:
        return self.publish(job_id, day, created)

    def channel_with_history(
        self,
        job_created: datetime,
        *,
        channel: str = YOUTUBE_CHANNEL_ID,
        history_days: int = 30,
        empty_days: frozenset[date] = frozenset(),
    ) -> str:
        """A channel whose `channel_basic_a3` job was created at `job_created`, with what YouTube had made by
        `now`: `history_days` days of history created 48 hours after the job, then a report per day created
        two days after it (at 06:00 UTC). Compression varies by day (plain, gzip-encoded, a .gz body)."""
        job_id = self.create_job(channel, job_created)["id"]
        first = job_created.date()
        for offset in range(history_days, 0, -1):
            day = first - timedelta(days=offset)
            self.publish(job_id, day, job_created + FIRST_REPORTS_AFTER, history=True, empty=day in empty_days,
                         compression=_compression(day))  # fmt: skip
        day = first
        while (created := datetime.combine(day + timedelta(days=2), time(6), UTC)) <= self.now:
            self.publish(job_id, day, created, empty=day in empty_days, compression=_compression(day))
            day += timedelta(days=1)
        return job_id

    def listed(self, job_id: str) -> list[Report]:
        """The job's reports the API lists now: created, and not past their retention."""
        return [
            r
            for r in self.reports
            if r.job_id == job_id
            and r.created <= self.now
            and self.now - r.created <= (self.history_retention if r.history else self.retention)
        ]

    def rows(self, report: Report) -> tuple[ChannelBasicRow, ...]:
        if report.empty:
            return ()
        rng = random.Random(f"{self.seed}/youtube-api/{report.channel}/{report.day}/{report.revision}")
        return channel_basic_day(rng, report.channel, report.day, report_video_ids(self.seed, self.videos))

    def latest(self, job_id: str, *, created_before: datetime | None = None) -> dict[date, Report]:
        """Per day, the newest listed report created before `created_before`: what the warehouse should
        hold once a pull has landed everything created before then."""
        found: dict[date, Report] = {}
        for report in sorted(self.listed(job_id), key=lambda r: r.created):
            if created_before is None or report.created < created_before:
                found[report.day] = report
        return found

    def delete_job(self, job_id: str) -> None:
        """The channel's owner deleted the job (or it expired): its reports are no longer served."""
        del self.jobs[job_id]

    def expire_access_tokens(self) -> None:
        """Every access token handed out so far stops working (as after an hour, or a password change)."""
        self.expired.update(self.access)

    # ---- the routes ------------------------------------------------------------------------------------------

    async def token(self, request: Request) -> Response:
        scripted = await self.seen(request, "token")
        if scripted is not None:
            return scripted
        form = await request.form()
        grant = form.get("grant_type")
        if not grant:
            return _oauth_error(400, "invalid_request", "Missing required parameter: grant_type")
        if grant != "refresh_token":
            return _oauth_error(400, "unsupported_grant_type", f"Invalid grant_type: {grant}")
        if form.get("client_id") != self.client_id:
            return _oauth_error(401, "invalid_client", "The OAuth client was not found.")
        if form.get("client_secret") != self.client_secret:
            return _oauth_error(401, "invalid_client", "Unauthorized")
        refresh = form.get("refresh_token")
        if not refresh:
            return _oauth_error(400, "invalid_request", "Missing required parameter: refresh_token")
        if refresh in self.revoked or refresh not in self.refresh_tokens:
            return _oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
        access = f"ya29.a0standin{len(self.issued) + 1:04d}-{random.Random(refresh).getrandbits(64):016x}"
        self.access[access] = self.refresh_tokens[refresh]
        self.issued.append(access)
        return JSONResponse({"access_token": access, "expires_in": 3599, "scope": SCOPE, "token_type": "Bearer"})

    def _channel(self, request: Request) -> str | Response:
        """The token's channel, or Google's 401."""
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return unauthenticated(
                "Request is missing required authentication credential. Expected OAuth 2 access token, login "
                "cookie or other valid authentication credential."
            )
        token = header.removeprefix("Bearer ")
        if token not in self.access or token in self.expired:
            return unauthenticated()
        channel = self.access[token]
        if channel is None:  # a Google account without a YouTube channel
            return unauthenticated("The caller does not have a YouTube channel to report on.")
        return channel

    async def report_types(self, request: Request) -> Response:
        scripted = await self.seen(request, "reportTypes.list")
        if scripted is not None:
            return scripted
        channel = self._channel(request)
        if isinstance(channel, Response):
            return channel
        return JSONResponse({"reportTypes": [{"id": k, "name": v} for k, v in REPORT_TYPES.items()]})

    async def jobs_route(self, request: Request) -> Response:
        route = "jobs.create" if request.method == "POST" else "jobs.list"
        scripted = await self.seen(request, route)
        if scripted is not None:
            return scripted
        channel = self._channel(request)
        if isinstance(channel, Response):
            return channel
        mine = [_public(j) for j in self.jobs.values() if j["_channel"] == channel]
        if request.method == "GET":
            return JSONResponse({"jobs": mine} if mine else {})
        try:
            body = await request.json()
            report_type = str(body["reportTypeId"])
        except (ValueError, KeyError, TypeError):
            return google_error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", reason="badRequest")
        if report_type not in REPORT_TYPES:
            return google_error(400, "INVALID_ARGUMENT", f"Unknown report type: {report_type}", reason="badRequest")
        if any(j["reportTypeId"] == report_type for j in mine):
            return google_error(409, "ALREADY_EXISTS", "Job for this report type already exists.", reason="conflict")
        job = self.create_job(channel, self.now, report_type=report_type)
        if body.get("name"):
            job["name"] = str(body["name"])
        return JSONResponse(_public(job))

    async def reports_list(self, request: Request) -> Response:
        scripted = await self.seen(request, "reports.list")
        if scripted is not None:
            return scripted
        channel = self._channel(request)
        if isinstance(channel, Response):
            return channel
        job_id = request.path_params["job_id"]
        if job_id not in self.jobs or self.jobs[job_id]["_channel"] != channel:
            return google_error(404, "NOT_FOUND", "Requested entity was not found.", reason="notFound")
        query = request.query_params
        after_text = query.get("createdAfter", "")
        try:
            after = datetime.fromisoformat(after_text) if after_text else None
            size = int(query.get("pageSize", self.page_size))
            if (after is not None and after.tzinfo is None) or size < 1:
                raise ValueError(after_text)
        except ValueError:
            return google_error(400, "INVALID_ARGUMENT", "Invalid value at 'created_after' or 'page_size'.",
                                reason="badRequest")  # fmt: skip
        offset = 0
        if query.get("pageToken"):
            try:
                token_after, token_offset = base64.urlsafe_b64decode(query["pageToken"]).decode().rsplit("|", 1)
                offset = int(token_offset)
            except ValueError:
                token_after = None
            if token_after != after_text:
                return google_error(400, "INVALID_ARGUMENT", "Invalid page token.", reason="badRequest")
        found = [r for r in self.listed(job_id) if after is None or r.created > after]
        found.sort(key=lambda r: (r.created, r.id), reverse=True)  # newest first
        base = str(request.base_url).rstrip("/")
        body: dict = {}
        chunk = found[offset : offset + size]
        if chunk:
            body["reports"] = [_report(r, base) for r in chunk]
        if offset + size < len(found):
            body["nextPageToken"] = base64.urlsafe_b64encode(f"{after_text}|{offset + size}".encode()).decode()
        return JSONResponse(body)

    async def download(self, request: Request) -> Response:
        scripted = await self.seen(request, "download")
        if scripted is not None:
            return scripted
        channel = self._channel(request)
        if isinstance(channel, Response):
            return channel
        report = next((r for r in self.reports if r.id == request.path_params["report_id"]), None)
        if report is None or report.channel != channel or request.path_params["channel"] != channel:
            return google_error(404, "NOT_FOUND", "Requested entity was not found.", reason="notFound")
        if request.query_params.get("alt") != "media":
            return google_error(400, "INVALID_ARGUMENT", "Media download requires alt=media.", reason="badRequest")
        body = channel_basic_csv(self.rows(report)).encode("utf-8")
        if report.compression == "gzip-file":
            return Response(gzip.compress(body, mtime=0), media_type="application/octet-stream")
        if report.compression == "gzip" and "gzip" in request.headers.get("accept-encoding", ""):
            return Response(gzip.compress(body, mtime=0), media_type="text/csv",
                            headers={"Content-Encoding": "gzip"})  # fmt: skip
        return Response(body, media_type="text/csv")


def _compression(day: date) -> str:
    return ("", "gzip", "gzip-file")[day.toordinal() % 3]


def _public(job: dict) -> dict:
    return {k: v for k, v in job.items() if not k.startswith("_")}


def _report(report: Report, base: str) -> dict:
    return {
        "id": report.id,
        "jobId": report.job_id,
        "startTime": rfc3339(report.start),
        "endTime": rfc3339(report.end),
        "createTime": rfc3339(report.created),
        "downloadUrl": f"{base}/v1/media/CHANNEL/{report.channel}/jobs/{report.job_id}/reports/{report.id}?alt=media",
    }


def _oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)
