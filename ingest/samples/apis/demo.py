"""The demo's platforms: local stand-ins for TikTok's and LinkedIn's APIs, serving the sample accounts'
first December days (the samples' exports end with November), and the connections a pull needs to reach
them. They are not the platforms: they speak the APIs' protocols on 127.0.0.1.

    with demo_apis() as apis:        # stand-ins started, RESONANCE_*_API_URL and AIRFLOW_CONN_* set
        pull(apis.platforms, since=apis.since, until=apis.until, today=apis.today)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date

from ingest.samples.apis import serve
from ingest.samples.apis.linkedin import ORGANIZATION_ID, LinkedInStandIn
from ingest.samples.apis.linkedin import TOKEN as LINKEDIN_TOKEN
from ingest.samples.apis.tiktok import TikTokStandIn
from ingest.samples.linkedin import PAGE_FOLDER
from ingest.samples.tiktok import TIKTOK_ADS_ACCOUNT, TIKTOK_ADVERTISER_ID

TODAY = date(2026, 12, 7)  # the sample world's today: its exports were taken at the start of December
SINCE, UNTIL = date(2026, 12, 1), date(2026, 12, 5)


@dataclass(frozen=True)
class DemoApis:
    platforms: list[str]
    since: date
    until: date
    today: date
    urls: dict[str, str]


def tiktok_standin() -> TikTokStandIn:
    return TikTokStandIn(first_day=SINCE, last_day=UNTIL)


def linkedin_standin() -> LinkedInStandIn:
    return LinkedInStandIn(today=TODAY, first_day=SINCE)


def _connection(token: str, platform: str, account: str, landing: str) -> str:
    extra = {"accounts": {platform: [{"id": account, "landing": landing}]}}
    return json.dumps({"conn_type": "http", "password": token, "extra": extra})


@contextmanager
def demo_apis() -> Iterator[DemoApis]:
    """Serve the stand-ins and point the pulls at them (environment restored afterwards)."""
    settings: dict[str, str] = {}
    with ExitStack() as stack:
        tiktok = stack.enter_context(serve(tiktok_standin()))
        linkedin = stack.enter_context(serve(linkedin_standin(), prefix="/rest"))
        settings["RESONANCE_TIKTOK_API_URL"] = tiktok.url
        settings["AIRFLOW_CONN_RESONANCE_TIKTOK"] = _connection(
            "tiktok-demo-token", "tiktok_ads", TIKTOK_ADVERTISER_ID, TIKTOK_ADS_ACCOUNT
        )
        settings["RESONANCE_LINKEDIN_API_URL"] = linkedin.url
        settings["AIRFLOW_CONN_RESONANCE_LINKEDIN"] = _connection(
            LINKEDIN_TOKEN, "linkedin", ORGANIZATION_ID, PAGE_FOLDER
        )
        before = {name: os.environ.get(name) for name in settings}
        os.environ.update(settings)
        try:
            urls = {"tiktok_ads": tiktok.url, "linkedin": linkedin.url}
            yield DemoApis(["linkedin", "tiktok_ads"], SINCE, UNTIL, TODAY, urls)
        finally:
            for name, value in before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
