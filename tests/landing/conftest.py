"""Landing fixtures: a clean landing configuration per test, and a local S3-compatible server (moto)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from landed_files import drop

LANDING_ENV = (
    "RESONANCE_LANDING_URL",
    "RESONANCE_LANDING_ENDPOINT_URL",
    "RESONANCE_LANDING_SETTLE_SECONDS",
    "RESONANCE_LANDING_MARKERS",
)


@pytest.fixture(autouse=True)
def local_landing_by_default(monkeypatch):
    """Whatever the shell exports, a test starts on the local landing folder with default rules."""
    for name in LANDING_ENV:
        monkeypatch.delenv(name, raising=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint(request) -> str:
    """moto's S3-compatible server on a free localhost port, for the whole session."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    request.addfinalizer(server.stop)
    return f"http://127.0.0.1:{port}"


@dataclass
class Bucket:
    """A fresh bucket whose `landing/` prefix is the configured landing, with a plain S3 client beside it."""

    name: str
    client: object
    prefix: str = "landing"

    def put(self, key: str, body: bytes) -> str:
        self.client.put_object(Bucket=self.name, Key=f"{self.prefix}/{key}", Body=body)
        return f"s3://{self.name}/{self.prefix}/{key}"

    def put_file(self, key: str, path: Path) -> str:
        return self.put(key, path.read_bytes())

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def s3_landing(s3_endpoint, monkeypatch) -> Bucket:
    """Landing configured as `s3://<fresh bucket>/landing` on the moto server, with dummy credentials."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    bucket = f"resonance-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    monkeypatch.setenv("RESONANCE_LANDING_URL", f"s3://{bucket}/landing")
    monkeypatch.setenv("RESONANCE_LANDING_ENDPOINT_URL", s3_endpoint)
    return Bucket(name=bucket, client=client)


Dropper = Callable[..., Path]


@pytest.fixture
def dropper(home) -> Dropper:
    """`drop(key, body=..., modified=...)` into this test's local landing folder."""
    return lambda key, body=b"id,value\n1,2\n", **kw: drop(home.landing, key, body, **kw)
