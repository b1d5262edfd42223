"""Pull tests: each platform's puller against its local stand-in, served over HTTP on 127.0.0.1.
The helpers the test modules share are in `pulls.py`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.config import Paths
from ingest.samples.apis import Served, StandIn, serve


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "home").ensure()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """`served(standin, "RESONANCE_X_API_URL")`: serve a stand-in and point the puller's base URL at it."""
    stack = []

    def start(standin: StandIn, url_env: str, prefix: str = "") -> Served:
        context = serve(standin, prefix=prefix)
        api = context.__enter__()
        stack.append(context)
        monkeypatch.setenv(url_env, api.url)
        return api

    yield start
    for context in reversed(stack):
        context.__exit__(None, None, None)
