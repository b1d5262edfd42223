"""TikTok API for Business: `report/integrated/get` daily, at ad and campaign level.

- Auth: the advertiser-authorised long-term token in the `Access-Token` header (connection
  `resonance_tiktok`, its password); accounts are advertiser ids.
- Every answer is HTTP 200: the envelope's `code` says what happened. 40100 (too many requests) and 60001
  (maintenance) are retried with backoff (TikTok gives no wait time); 40067 (query too large) halves the
  window; a token error (40001, 40104, 40105) or an advertiser the token cannot see (40002) stops that
  advertiser with what to do. A client that looked only at the HTTP status would land the error as data.
- Paging: `page` / `page_size` (1000), until `page_info.total_page`.
- Restatement: conversions arrive for days after the click, so each run asks for the last 7 days again.
  Data for a day is complete about 11 hours after it ends: the pull stops at yesterday.
- History: the first pull backfills 365 days, 30 days per request (TikTok's limit with `stat_time_day`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx

from ingest.pull.accounts import Target
from ingest.pull.client import AccountFailed, ApiClient, PullError, RetryLater, ShrinkRequest, base_url, generic_problem
from ingest.pull.run import Page, Puller, Request
from ingest.pull.windows import Endpoint

API_VERSION = "v1.3"
URL_ENV = "RESONANCE_TIKTOK_API_URL"
DEFAULT_URL = "https://business-api.tiktok.com"

# The attribute and metric names the `tiktok_ads_report` export type reads (ingest/exports/tiktok_ads.py).
METRICS = (
    "campaign_name", "adgroup_id", "adgroup_name", "ad_name", "placement_type", "promotion_type", "currency",
    "spend", "cpc", "cpm", "impressions", "reach", "clicks", "ctr", "frequency", "video_play_actions",
    "video_watched_2s", "video_watched_6s", "video_views_p25", "video_views_p50", "video_views_p75",
    "video_views_p100", "average_video_play", "average_video_play_per_user", "likes", "comments", "shares",
    "follows", "profile_visits", "conversion", "cost_per_conversion", "result", "cost_per_result",
)  # fmt: skip
CAMPAIGN_METRICS = ("campaign_name", "currency", "spend", "impressions", "reach", "clicks", "conversion")
LEVELS = {"report_ad": ("AUCTION_AD", "ad_id", METRICS), "report_campaign": ("AUCTION_CAMPAIGN", "campaign_id",
                                                                           CAMPAIGN_METRICS)}  # fmt: skip

TOKEN_CODES = {40001, 40104, 40105}
RETRY_CODES = {40100, 60001}


def classify(response: httpx.Response, secrets: tuple[str, ...] = ()) -> PullError | None:
    problem = generic_problem(response, secrets)
    if problem is not None:
        return problem
    try:
        document = response.json()
        code, message = int(document["code"]), str(document.get("message", ""))
    except (ValueError, KeyError, TypeError):
        return RetryLater(f"TikTok answered without its envelope: {response.text[:200]!r}")
    request_id = document.get("request_id", "")
    said = f"TikTok code {code}: {message!r} (request_id {request_id})"
    if code == 0:
        return None
    if code in RETRY_CODES:
        return RetryLater(said)
    if code == 40067:
        return ShrinkRequest(said)
    if code in TOKEN_CODES:
        return AccountFailed(f"{said}: the access token is invalid or revoked; authorise the advertiser again in "
                             "TikTok for Business and put the new token in connection resonance_tiktok")  # fmt: skip
    if code == 40002:
        return AccountFailed(f"{said}: the token cannot read this advertiser; grant it in TikTok for Business "
                             "or remove the advertiser from connection resonance_tiktok")  # fmt: skip
    return PullError(said)


class TikTokAdsPuller(Puller):
    platform = "tiktok_ads"
    page_size = 1000  # the most TikTok serves per page
    endpoints = (
        Endpoint("report_ad", restatement_days=7, horizon_days=365, lag_days=1, max_days=30),
        Endpoint("report_campaign", restatement_days=7, horizon_days=365, lag_days=1, max_days=30),
    )

    def client(self, target: Target) -> ApiClient:
        secrets = target.credentials.secrets
        return ApiClient(
            platform=self.platform,
            base_url=f"{base_url(URL_ENV, DEFAULT_URL)}/open_api/{API_VERSION}",
            classify=lambda response: classify(response, secrets),
            headers={"Access-Token": target.credentials.token},
            secrets=secrets,
        )

    def pages(self, client: ApiClient, target: Target, request: Request) -> Iterator[Page]:
        level, dimension, metrics = LEVELS[request.endpoint.name]
        page, total_page = 1, 1
        while page <= total_page:
            params = {
                "advertiser_id": target.account.id,
                "report_type": "BASIC",
                "data_level": level,
                "dimensions": json.dumps([dimension, "stat_time_day"]),
                "metrics": json.dumps([m for m in metrics if m not in request.dropped_metrics]),
                "start_date": request.window.since.isoformat(),
                "end_date": request.window.until.isoformat(),
                "page": page,
                "page_size": self.page_size,
            }
            response = client.get("/report/integrated/get/", params=params)
            data = response.json()["data"]
            total_page = int(data.get("page_info", {}).get("total_page", 1))
            if data.get("list"):  # an empty window lands nothing: no rows, and a file per empty month is noise
                yield Page(response.content, len(data["list"]), label=f"page{page}")
            page += 1
