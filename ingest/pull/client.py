"""One HTTP client for every platform: httpx on the wire, tenacity for waiting, and the platform's own
classifier for what an answer means.

Platforms signal trouble in their own ways (TikTok answers HTTP 200 with `code` 40100 when it throttles,
Meta answers 400 with code 17, LinkedIn a bare 429, X a reset epoch). Each platform module supplies a
`classify(response)` that turns an answer into one of the problems below, or None when the answer is good:

- `RetryLater(after)`: transient; retried here after `after` seconds (the platform's own figure when it
  gives one, else exponential backoff). A wait longer than `max_wait` is not slept in a worker slot: it
  becomes `QuotaExhausted`, and the task is retried later.
- `ShrinkRequest`: the platform wants less data per call (Meta code 1, TikTok 40067); the puller halves
  its window or page size and asks again.
- `MetricRetired(metric)`: the API no longer serves a metric; the puller drops it from that call, records
  it like drift, and goes on.
- `AccountFailed`: only a person can fix it (token expired or revoked, permission missing, API version
  retired). Never retried; other accounts go on.

Every message is redacted: tokens never reach a log, a landing file, the ledger or a reason.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
import tenacity

USER_AGENT = "resonance-pull/0.1 (+https://github.com/resonance-metrics/resonance)"


class PullError(Exception):
    """A pull went wrong in a way its message explains (already redacted)."""


class RetryLater(PullError):
    """Transient: ask again after `after` seconds (None: exponential backoff)."""

    def __init__(self, message: str, after: float | None = None) -> None:
        super().__init__(message)
        self.after = after


class QuotaExhausted(PullError):
    """The platform will not answer this account again before `until`: stop it, keep the cursor, retry later."""

    def __init__(self, message: str, until: datetime | None = None) -> None:
        super().__init__(message)
        self.until = until


class ShrinkRequest(PullError):
    """The platform asks for less data in one call."""


class MetricRetired(PullError):
    """The API no longer serves `metric` (for this object type); drop it and ask again."""

    def __init__(self, message: str, metric: str) -> None:
        super().__init__(message)
        self.metric = metric


class AccountFailed(PullError):
    """Only a person can fix this account (token, permission, API version); the message says what to do."""


Classifier = Callable[[httpx.Response], PullError | None]

# Query parameters and JSON fields that carry credentials, wherever they appear (Meta's `paging.next` URLs
# carry `access_token`; Google's token answer carries `access_token` and `refresh_token`).
_SECRET_FIELDS = ("access_token", "refresh_token", "client_secret", "appsecret_proof", "fb_exchange_token")
_PARAM_NAMES = _JSON_NAMES = "|".join(_SECRET_FIELDS)
_SECRET_PARAM = re.compile(rf"(?<![A-Za-z0-9_])((?:{_PARAM_NAMES})=)[^&\s\"'#]+", re.IGNORECASE)
_SECRET_JSON = re.compile(rf'("(?:{_JSON_NAMES})"\s*:\s*")[^"]*(")', re.IGNORECASE)
REDACTED = "REDACTED"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every credential replaced: token query parameters, token JSON fields, and the literal
    secrets given (a token sent in a header could be echoed anywhere)."""
    text = _SECRET_PARAM.sub(rf"\g<1>{REDACTED}", text)
    text = _SECRET_JSON.sub(rf"\g<1>{REDACTED}\g<2>", text)
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, REDACTED)
    return text


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a `Retry-After` header (delta seconds or an HTTP date), else None."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def base_url(env_var: str, default: str) -> str:
    """The platform's API root: the real host, or the one `env_var` names (a local stand-in, a proxy)."""
    return os.environ.get(env_var, default).rstrip("/")


def describe(response: httpx.Response, secrets: Iterable[str] = (), limit: int = 400) -> str:
    """`METHOD path -> status: body` for a message, redacted and cut to `limit` characters of body."""
    request = response.request
    body = response.text.strip().replace("\n", " ")
    if len(body) > limit:
        body = body[:limit] + "..."
    target = redact(f"{request.method} {request.url.path}", secrets)
    return f"{target} -> HTTP {response.status_code}: {redact(body, secrets)}"


def generic_problem(response: httpx.Response, secrets: Iterable[str] = ()) -> PullError | None:
    """What any HTTP API means by its status: 429 and 5xx are transient, other 4xx are not."""
    if response.is_success:
        return None
    if response.status_code == 429 or response.status_code >= 500:
        return RetryLater(describe(response, secrets), retry_after(response))
    return PullError(describe(response, secrets))


@dataclass
class ApiClient:
    """A platform's HTTP client: base URL, fixed headers, the platform's classifier, and the retry policy.

    `sleep` is injectable so tests see every wait the client chose without spending it. `waits` records
    them (seconds), `requests` counts what was sent."""

    platform: str
    base_url: str
    classify: Classifier
    headers: dict[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    max_attempts: int = 6
    max_wait: float = 300.0  # a longer wait is not slept in a worker slot: QuotaExhausted, retried later
    timeout: float = 60.0
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    waits: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.http = httpx.Client(
            base_url=self.base_url,
            headers={"User-Agent": USER_AGENT, **self.headers},
            timeout=self.timeout,
            transport=self.transport,
            follow_redirects=True,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """Send, classify, and retry what is transient; raise the platform's problem otherwise."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type((RetryLater, httpx.TransportError)),
            wait=self._wait,
            stop=tenacity.stop_after_attempt(self.max_attempts),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._once, method, url, **kwargs)
        except httpx.TransportError as error:
            raise RetryLater(f"{self.platform}: {method} {redact(str(url), self.secrets)}: {error}") from None

    def get(self, url: str, **kwargs: object) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: object) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def _once(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        self.requests += 1
        response = self.http.request(method, url, **kwargs)
        problem = self.classify(response)
        if problem is None:
            return response
        if isinstance(problem, RetryLater) and problem.after is not None and problem.after > self.max_wait:
            until = datetime.fromtimestamp(time.time() + problem.after, UTC)
            raise QuotaExhausted(f"{problem} (the platform asks to wait until {until:%Y-%m-%d %H:%M} UTC)", until)
        raise problem

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RetryLater) and error.after is not None:
            return error.after
        return min(60.0, 2.0 ** (state.attempt_number - 1))

    def _sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.sleep(seconds)
