"""YouTube Reporting API: the channel's daily `channel_basic_a3` reports, downloaded as CSV.

- Auth: an OAuth 2.0 client (Google Cloud console: enable the YouTube Reporting API, create an OAuth client
  of type "Desktop" or "Web", publish the consent screen: an app left in "Testing" gets refresh tokens that
  die after 7 days) and a refresh token consented by the channel's Google account (a brand account's
  channel: pick the channel when consenting) with scope `yt-analytics.readonly`. Connection
  `resonance_youtube`: login = the client id, password = the refresh token, extra `client_secret`, and
  `accounts.youtube` = the channel ids (`UC...`, YouTube Studio > Settings > Channel > Advanced settings)
  with their landing folders. The channel is the token's: one refresh token reads one channel, and a
  report for another channel than the account's stops that account. Each pull trades the refresh token for
  an access token (Bearer, about an hour), refreshes it before it runs out and once on a 401; a refused
  refresh token (`invalid_grant`) stops the account at once: consent again and update the connection.
  The access token is redacted like the connection's secrets and never written down.
- Flow: the channel's `channel_basic_a3` job (`GET /v1/jobs`; created with `POST /v1/jobs` when missing,
  or when the API answers 404 for it), its reports (`GET /v1/jobs/{id}/reports?createdAfter=`, paged by
  `nextPageToken`), each report downloaded from its `downloadUrl` (the same host only: the access token is
  never sent elsewhere; gzip-encoded or a .gz body, unpacked) and landed as one `.csv` page, which the
  `youtube_channel_basic` export type loads. A header-only report (a day without views) is not landed: it
  has no rows to load and the loader would quarantine it.
- A new job's first reports come about 48 hours after it is created (with up to 30 days of history, made
  at once): the pull that creates it lands nothing and logs so; the next pulls find them.
- Cursor: the report's `createTime`, not its day: YouTube restates a day by creating a new report for the
  same `startTime`, and `createdAfter` is how it is found. The runner's day windows are createTime days
  (UTC) here: the window `D_D` holds the reports created on day D, and the cursor "through D" means every
  report created before D+1 00:00 UTC is in landing. A run lists once, from its first window's start, and
  lands each window's reports; windows stop at yesterday (`lag_days=1`) so a day's creations are complete
  before the cursor passes them, and a second pull never downloads a report again. Restatement days are 0:
  restated numbers arrive as new reports, never by asking for old days again.
- Restated numbers win: a day's reports are landed in `createTime` order (file names sort so, and the
  loader takes landing in name order), so a restatement lands after, and never older than, the report it
  replaces; newer-wins by `_as_of` (the landed file's time) keeps its numbers.
- History: YouTube keeps reports 60 days (history reports 30): the first pull asks for everything created
  in the last 60 days, which is all the job still has; days before the job's history are lost for good.
- Quota: 20,000 requests a day per Google Cloud project, 100 per 100 seconds. 403 `quotaExceeded` stops the
  account until midnight Pacific time; 429 and 503 wait as `Retry-After` says.
- No "less data" or "retired metric" signal exists here: a report type fixes its columns (YouTube retires a
  whole type, `_a2` to `_a3`; the type is pinned below) and a day is one file.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

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
    redact,
    retry_after,
)
from ingest.pull.run import Page, Puller, Request
from ingest.pull.windows import Endpoint

log = logging.getLogger(__name__)

API_VERSION = "v1"
URL_ENV = "RESONANCE_YOUTUBE_API_URL"
DEFAULT_URL = "https://youtubereporting.googleapis.com"
TOKEN_URL_ENV = "RESONANCE_GOOGLE_TOKEN_URL"
DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token"
REPORT_TYPE = "channel_basic_a3"  # `_a2` was retired in 2025; a newer type is a new export type too
CONNECTION = "resonance_youtube"
PACIFIC = ZoneInfo("America/Los_Angeles")
REFRESH_MARGIN = 120.0  # seconds before the access token's end when it is refreshed
RETENTION_DAYS = 60
_FRACTION = re.compile(r"\.(\d+)")

RECONSENT = (
    f"sign in with the channel's Google account again (OAuth consent, scope yt-analytics.readonly) and put the "
    f"new refresh token in connection {CONNECTION} (its password)"
)


class Unauthenticated(AccountFailed):
    """401: the access token was refused. The client refreshes it once; a second 401 stops the account."""


class JobMissing(PullError):
    """404 for the job's reports: the job was deleted (or expired); create it again."""


def next_pacific_midnight(now: datetime | None = None) -> datetime:
    """When YouTube's daily quota resets."""
    local = (now or datetime.now(UTC)).astimezone(PACIFIC)
    return datetime.combine(local.date() + timedelta(days=1), time(0), PACIFIC).astimezone(UTC)


def classify(response: httpx.Response, secrets: tuple[str, ...] = ()) -> PullError | None:
    """Google's answers: the OAuth endpoint's `{"error": "invalid_grant"}`, and the APIs' envelope
    `{"error": {"code", "message", "errors": [{"domain", "reason"}], "status"}}`."""
    if response.is_success:
        return None
    said = describe(response, secrets)
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    code = response.status_code
    if isinstance(error, str):  # the token endpoint
        if error == "invalid_grant":
            return AccountFailed(f"{said}: the refresh token has expired or was revoked; {RECONSENT}")
        if error in ("invalid_client", "unauthorized_client"):
            return AccountFailed(f"{said}: Google does not know this OAuth client; check the client id (login) and "
                                 f"extra.client_secret of connection {CONNECTION}")  # fmt: skip
    reasons = set()
    if isinstance(error, dict):
        reasons = {str(e.get("reason", "")) for e in error.get("errors", []) if isinstance(e, dict)}
    if code == 403 and reasons & {"quotaExceeded", "dailyLimitExceeded"}:
        until = next_pacific_midnight()
        return QuotaExhausted(f"{said}: the Google Cloud project's daily YouTube quota is spent; it resets at "
                              f"midnight Pacific time ({until:%Y-%m-%d %H:%M} UTC)", until)  # fmt: skip
    if code == 429 or code >= 500 or reasons & {"rateLimitExceeded", "userRateLimitExceeded"}:
        return RetryLater(said, retry_after(response))
    if code == 401:
        return Unauthenticated(said)
    if code == 403:
        return AccountFailed(f"{said}: the token may not read this channel's reports; {RECONSENT}")
    if code == 404:
        return JobMissing(said)
    return PullError(said)


@dataclass
class GoogleClient(ApiClient):
    """The API client plus Google's refresh-token flow; the access tokens it gets join its `secrets`."""

    token_url: str = DEFAULT_TOKEN_URL
    client_id: str = ""
    client_secret: str = ""
    refresh_token: str = ""
    access_token: str = ""
    access_until: float = 0.0  # epoch seconds
    job_id: str | None = None
    listing: tuple[datetime, list[Report]] | None = None  # (listed after, reports) for this run

    def refresh(self) -> None:
        if not (self.client_id and self.client_secret and self.refresh_token):
            raise AccountFailed(f"connection {CONNECTION} needs login = the OAuth client id, password = the refresh "
                                "token and extra.client_secret")  # fmt: skip
        form = {"grant_type": "refresh_token", "client_id": self.client_id, "client_secret": self.client_secret,
                "refresh_token": self.refresh_token}  # fmt: skip
        answer = self.post(self.token_url, data=form).json()
        token = str(answer.get("access_token") or "")
        if not token:
            raise PullError(f"{self.platform}: the token endpoint answered without an access_token")
        self.access_token = token
        self.secrets = (*self.secrets, token)
        self.access_until = datetime.now(UTC).timestamp() + float(answer.get("expires_in", 3599))

    def call(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """An authorized request: a fresh access token when needed, and one more after a 401."""
        if not self.access_token or datetime.now(UTC).timestamp() > self.access_until - REFRESH_MARGIN:
            self.refresh()
        try:
            return self.request(method, url, headers={"Authorization": f"Bearer {self.access_token}"}, **kwargs)
        except Unauthenticated:
            self.refresh()
        try:
            return self.request(method, url, headers={"Authorization": f"Bearer {self.access_token}"}, **kwargs)
        except Unauthenticated as error:
            raise AccountFailed(
                f"{error}: refused even with a fresh access token: the Google account that consented has no "
                f"YouTube channel, or lost access to it; {RECONSENT}"
            ) from None


@dataclass(frozen=True)
class Report:
    id: str
    day: date  # the report's day, Pacific time (its startTime)
    created: datetime
    download_url: str


def _timestamp(text: str) -> datetime:
    """An RFC 3339 timestamp as Google writes it (`Z`, up to nanoseconds: cut to microseconds)."""
    text = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), text.strip().replace("Z", "+00:00"), count=1)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


class YouTubePuller(Puller):
    platform = "youtube"
    page_size = 100  # reports per list page (Google may serve fewer)
    endpoints = (Endpoint(REPORT_TYPE, restatement_days=0, horizon_days=RETENTION_DAYS, lag_days=1, max_days=1),)

    def client(self, target: Target) -> GoogleClient:
        creds = target.credentials
        client = GoogleClient(
            platform=self.platform,
            base_url=f"{base_url(URL_ENV, DEFAULT_URL)}/{API_VERSION}",
            classify=lambda response: None,
            secrets=creds.secrets,
            token_url=base_url(TOKEN_URL_ENV, DEFAULT_TOKEN_URL),
            client_id=creds.login,
            client_secret=str(creds.extra.get("client_secret", "")),
            refresh_token=creds.token,
        )
        client.classify = lambda response: classify(response, client.secrets)  # sees tokens refreshed later
        return client

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        """The reports created on the window's days (UTC), oldest first, one page each."""
        assert isinstance(client, GoogleClient)
        since = _start_of(request.window.since)
        before = _start_of(request.window.until + timedelta(days=1))
        reports = [r for r in self._reports(client, target, since) if since <= r.created < before]
        for report in sorted(reports, key=lambda r: (r.created, r.day, r.id)):
            body, rows = self._download(client, target, report)
            if rows == 0:
                log.info("youtube %s: report %s for %s (created %s) is header-only: nothing to land",
                         target.account.id, report.id, report.day, _rfc3339(report.created))  # fmt: skip
                continue
            label = f"{REPORT_TYPE}_{report.day:%Y%m%d}_created{report.created:%Y%m%dT%H%M%S}Z"
            yield Page(body, rows, extension="csv", label=label)

    # ---- the job and its reports ----------------------------------------------------------------------------

    def _job(self, client: GoogleClient, target: Target) -> str:
        if client.job_id:
            return client.job_id
        token = None
        while True:
            params = {"pageToken": token} if token else {}
            answer = client.call("GET", "/jobs", params=params).json()
            for job in answer.get("jobs", []):
                if job.get("reportTypeId") == REPORT_TYPE and not job.get("systemManaged"):
                    client.job_id = str(job["id"])
                    return client.job_id
            token = answer.get("nextPageToken")
            if not token:
                break
        job = client.call("POST", "/jobs", json={"reportTypeId": REPORT_TYPE, "name": f"resonance {REPORT_TYPE}"})
        client.job_id = str(job.json()["id"])
        log.warning("youtube %s: created the %s reporting job %s; YouTube makes its first reports (with up to 30 "
                    "days of history) about 48 hours from now, and later pulls land them",
                    target.account.id, REPORT_TYPE, client.job_id)  # fmt: skip
        return client.job_id

    def _reports(self, client: GoogleClient, target: Target, since: datetime) -> list[Report]:
        """Every report created from `since` on (listed once per run, from the first window's start)."""
        if client.listing is not None and client.listing[0] <= since:
            return client.listing[1]
        job = self._job(client, target)
        try:
            reports = self._list(client, job, since)
        except JobMissing:
            log.warning("youtube %s: job %s is gone (404); creating it again", target.account.id, job)
            client.job_id = None
            reports = self._list(client, self._job(client, target), since)
        client.listing = (since, reports)
        if reports:
            days = sorted(r.day for r in reports)
            log.info("youtube %s: %d reports created since %s, for days %s to %s", target.account.id,
                     len(reports), _rfc3339(since), days[0], days[-1])  # fmt: skip
        return reports

    def _list(self, client: GoogleClient, job: str, since: datetime) -> list[Report]:
        # createdAfter is exclusive: a second less keeps a report created exactly at midnight.
        params: dict[str, str | int] = {"createdAfter": _rfc3339(since - timedelta(seconds=1)),
                                        "pageSize": self.page_size}  # fmt: skip
        reports = []
        while True:
            answer = client.call("GET", f"/jobs/{job}/reports", params=params).json()
            for item in answer.get("reports", []):
                start = _timestamp(item["startTime"])
                reports.append(Report(str(item["id"]), start.astimezone(PACIFIC).date(),
                                      _timestamp(item["createTime"]), str(item["downloadUrl"])))  # fmt: skip
            token = answer.get("nextPageToken")
            if not token:
                return reports
            params["pageToken"] = token

    def _download(self, client: GoogleClient, target: Target, report: Report) -> tuple[bytes, int]:
        """The report's CSV (unpacked when gzip), checked to be this channel's channel_basic report."""
        api, url = urlsplit(client.base_url), urlsplit(report.download_url)
        if (url.scheme, url.netloc) != (api.scheme, api.netloc):
            raise PullError(f"report {report.id}: its downloadUrl is on {url.netloc}, not {api.netloc}; the "
                            "access token is not sent there")  # fmt: skip
        body = client.call("GET", report.download_url).content
        if body[:2] == b"\x1f\x8b":  # a .gz body (a Content-Encoding: gzip one is unpacked by httpx)
            body = gzip.decompress(body)
        where = f"report {report.id} for {report.day} (created {_rfc3339(report.created)})"
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PullError(f"{where}: the download is not UTF-8 text") from None
        reader = csv.reader(io.StringIO(text))
        header = [h.strip() for h in next(reader, [])]
        if not {"date", "channel_id", "views"} <= set(header):
            raise PullError(f"{where}: not a {REPORT_TYPE} CSV (header {header[:8]})")
        at = header.index("channel_id")
        rows, channels = 0, set()
        for row in reader:
            if row:
                rows += 1
                channels.add(row[at] if at < len(row) else "")
        if channels - {target.account.id}:
            raise AccountFailed(
                f"{where} is for channel {', '.join(sorted(channels))}, not {target.account.id}: the refresh token in "
                f"connection {CONNECTION} was consented for another channel; consent as {target.account.id} "
                "or fix the account's id"
            )
        return redact(text, client.secrets).encode("utf-8"), rows
