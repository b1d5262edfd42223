"""Announce an export to a running Airflow through its REST API, as an external producer would.

A producer (a platform API pull, a partner's upload job) writes its file into landing, then posts an
asset event on the landing asset: `POST /api/v2/assets/events` with a bearer token from
`POST /auth/token`. The event's `extra` says what arrived; the ingest DAG runs on it. Posting twice is
harmless: loads are idempotent. Standard library only, so a producer needs nothing from this project
but this file (the README shows the same calls with curl).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

LANDING_ASSET_URI = "resonance://landing/"


@dataclass
class AirflowApi:
    base_url: str
    token: str

    @classmethod
    def login(cls, base_url: str, username: str, password: str) -> AirflowApi:
        """A JWT from the API server's auth manager (`POST /auth/token`)."""
        base_url = base_url.rstrip("/")
        answer = _request("POST", f"{base_url}/auth/token", {"username": username, "password": password})
        return cls(base_url, answer["access_token"])

    def get(self, path: str, **params: Any) -> dict:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return _request("GET", f"{self.base_url}/api/v2/{path}{query}", token=self.token)

    def post(self, path: str, body: dict) -> dict:
        return _request("POST", f"{self.base_url}/api/v2/{path}", body, token=self.token)

    def patch(self, path: str, body: dict) -> dict:
        return _request("PATCH", f"{self.base_url}/api/v2/{path}", body, token=self.token)

    def asset_id(self, uri: str = LANDING_ASSET_URI) -> int:
        # Airflow normalizes URIs (`resonance://landing` is stored as `resonance://landing/`).
        matches = [a for a in self.get("assets", uri_pattern=uri)["assets"] if a["uri"].rstrip("/") == uri.rstrip("/")]
        if not matches:
            raise LookupError(f"no asset {uri} in Airflow yet: has the dag-processor parsed the DAGs?")
        return matches[0]["id"]

    def announce(self, extra: dict, uri: str = LANDING_ASSET_URI) -> dict:
        """Post an asset event on `uri` (the landing asset by default); returns the event Airflow stored."""
        return self.post("assets/events", {"asset_id": self.asset_id(uri), "extra": extra})

    def dag_runs(self, dag_id: str) -> list[dict]:
        return self.get(f"dags/{dag_id}/dagRuns", order_by="-start_date", limit=100)["dag_runs"]

    def triggering_events(self, dag_id: str, run_id: str) -> list[dict]:
        quoted = urllib.parse.quote(run_id, safe="")
        return self.get(f"dags/{dag_id}/dagRuns/{quoted}/upstreamAssetEvents")["asset_events"]


def _request(method: str, url: str, body: dict | None = None, *, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:500]
        raise RuntimeError(f"{method} {url}: HTTP {error.code} {detail}") from error
