"""How the Meta pullers read what the Graph API says: throttle codes and their waits, usage headers above 95 %,
expired and invalidated tokens, missing permissions, and error messages that never carry a token."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from meta_helpers import ADS_LANDING, IG_LANDING, TODAY, TOKEN, ads_target, fb_target, ig_target
from pulls import landed, pull_with

from ingest.pull.client import MetricRetired, RetryLater, ShrinkRequest
from ingest.pull.platforms.meta import URL_ENV, FacebookPuller, InstagramPuller, MetaAdsPuller, classify
from ingest.samples.apis import json_answer
from ingest.samples.apis.meta import MetaStandIn, error_body, throttled, usage_headers

SINCE = date(2026, 12, 1)


@pytest.fixture
def standin(served) -> MetaStandIn:
    standin = MetaStandIn()
    served(standin, URL_ENV)
    return standin


def test_each_throttle_code_waits_as_long_as_meta_says(standin, paths) -> None:
    standin.script("ads_insights", throttled(17, minutes=2))  # user limit, 2 minutes to regain access
    standin.script("ads_insights", throttled(4, minutes=0))  # app limit, no time given: backoff
    standin.script("ads_insights", throttled(80000, minutes=1))  # ads account limit
    standin.script("ads_insights", throttled(613, minutes=0))
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert pulled.client.waits == [120.0, 2.0, 60.0, 8.0]
    assert len(landed(paths, ADS_LANDING)) == 1  # no error body landed


def test_a_transient_error_is_retried_whatever_its_code(standin, paths) -> None:
    body = error_body(2, "An unexpected error has occurred. Please retry your request later.", transient=True)
    standin.script("ig_user_insights", json_answer(body, status=500))
    pulled = pull_with(InstagramPuller(), ig_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "ok" and pulled.client.waits == [1.0]


def test_a_throttle_longer_than_the_worker_may_wait_stops_the_account_until_then(standin, paths) -> None:
    standin.script("ads_insights", throttled(80004, minutes=45))
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "throttled" and "80004" in pulled.report.message
    assert pulled.client.requests == 1 and pulled.client.waits == []


def test_usage_above_95_percent_slows_down_before_anything_fails(standin, paths) -> None:
    standin.busy(97, minutes=3)  # the first answer is good but says usage is at 97 %
    standin.busy(99, minutes=0)
    pulled = pull_with(InstagramPuller(), ig_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "ok", pulled.report.message
    assert pulled.client.waits == [180.0, 60.0]  # max(1 minute, the time to regain access)
    assert len(standin.requests) == pulled.client.requests  # nothing was refused and asked again


def test_usage_above_95_percent_for_longer_than_the_worker_may_wait_stops_the_account(standin, paths) -> None:
    standin.busy(100, minutes=20)
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "throttled" and "usage at 100 %" in pulled.report.message
    assert pulled.client.requests == 1


@pytest.mark.parametrize(
    ("kind", "said"),
    [("expired", "the token has expired"), ("password_changed", "invalidated by a password change")],
)
def test_an_expired_or_invalidated_token_stops_the_account_at_once_with_what_to_do(standin, paths, kind, said) -> None:
    getattr(standin, kind).add(TOKEN)
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=SINCE)
    report = pulled.report
    assert report.outcome == "failed" and pulled.client.requests == 1 and pulled.client.waits == []
    assert '"code":190' in report.message
    assert said in report.message and "System User token" in report.message and "resonance_meta" in report.message
    assert "meta_ads account 1029384756102938" in report.message and TOKEN not in report.message
    assert landed(paths, ADS_LANDING) == []


def test_a_missing_permission_is_named(standin, paths) -> None:
    standin.lacks[TOKEN] = "ads_read"
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "failed" and pulled.client.requests == 1
    assert "grant ads_read" in pulled.report.message and "resonance_meta" in pulled.report.message


def test_a_permission_error_naming_none_names_what_the_puller_needs(standin, paths) -> None:
    body = error_body(10, "(#10) Application does not have permission for this action")
    standin.script("ig_user_insights", json_answer(body, status=403))
    pulled = pull_with(InstagramPuller(), ig_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "failed" and "instagram_manage_insights" in pulled.report.message
    assert landed(paths, IG_LANDING) == []


def test_page_insights_with_a_user_token_are_refused_as_meta_refuses_them(standin, paths) -> None:
    puller = FacebookPuller()
    puller.page_token = lambda client, target: {}  # a puller that forgot the Page token
    pulled = pull_with(puller, fb_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "failed" and "Page Access Token" in pulled.report.message


def test_a_token_echoed_in_an_error_never_reaches_the_message(standin, paths) -> None:
    body = error_body(100, f"(#100) Invalid parameter access_token={TOKEN}")
    standin.script("ads_insights", json_answer(body, status=400))
    pulled = pull_with(MetaAdsPuller(), ads_target(), paths, today=TODAY, since=SINCE)
    assert pulled.report.outcome == "failed" and TOKEN not in pulled.report.message


def _answer(status: int, body: dict, headers: dict | None = None) -> httpx.Response:
    return httpx.Response(
        status, json=body, headers=headers, request=httpx.Request("GET", "https://x/v24.0/1/insights")
    )


def test_the_classifier_reads_meta_codes() -> None:
    assert classify(_answer(200, {"data": []})) is None
    eta = usage_headers(100, minutes=5)
    problem = classify(_answer(400, error_body(17, "(#17) User request limit reached", subcode=2446079), eta))
    assert isinstance(problem, RetryLater) and problem.after == 300
    assert isinstance(classify(_answer(500, error_body(1, "Please reduce the amount of data you're asking for, "
                                                             "then retry your request"))), ShrinkRequest)  # fmt: skip
    assert isinstance(classify(_answer(400, error_body(100, "Too many rows", subcode=1487534))), ShrinkRequest)
    retired = classify(_answer(400, error_body(100, "(#100) The Media Insights API does not support the views metric "
                                                    "for this media product type")))  # fmt: skip
    assert isinstance(retired, MetricRetired) and retired.metric == "views"
    impressions = classify(_answer(400, error_body(100, "(#100) Starting from version v22.0 and above, the impressions "
                                                        "metric is no longer supported for the media")))  # fmt: skip
    assert isinstance(impressions, MetricRetired) and impressions.metric == "impressions"
