"""Local stand-ins for the platforms' APIs, serving the sample accounts' numbers over real HTTP on loopback.

They exist because the platforms cannot be reached from a test or a demo; they speak each API's real
protocol: its envelopes, paging, async jobs, throttling signals and error bodies (as
`platform-apis.md` in the project's reference describes them), so a client that would fail against the
platform fails against them. Every stand-in records the requests it got and can be scripted ("the second
page answers 40100 once, then succeeds") through `StandIn.script`.

    with serve(TikTokStandIn()) as api:          # uvicorn on 127.0.0.1, a free port
        os.environ["RESONANCE_TIKTOK_API_URL"] = api.url
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Seen:
    """One request as the stand-in received it."""

    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    query: str = ""  # the query string exactly as it arrived (params above are decoded)


Scripted = Callable[[Request], Response]


@dataclass
class StandIn:
    """Base of every stand-in: routes, the request log, and scripted answers.

    `script(route, answer, times=1, when=...)` queues `answer` for the next `times` requests to `route` (the
    route's name) that satisfy `when`; after that the route answers normally again."""

    requests: list[Seen] = field(default_factory=list)
    scripts: dict[str, deque[tuple[Callable[[Request], bool], Scripted]]] = field(default_factory=dict)

    def routes(self) -> list[Route]:
        raise NotImplementedError

    def app(self) -> Starlette:
        return Starlette(routes=self.routes())

    def script(
        self, route: str, answer: Scripted, *, times: int = 1, when: Callable[[Request], bool] = lambda r: True
    ) -> None:
        queue = self.scripts.setdefault(route, deque())
        for _ in range(times):
            queue.append((when, answer))

    async def seen(self, request: Request, route: str) -> Response | None:
        """Record the request; return the scripted answer queued for it, if any."""
        body = await request.body()
        self.requests.append(
            Seen(
                request.method,
                request.url.path,
                dict(request.query_params),
                dict(request.headers),
                body,
                request.url.query,
            )
        )
        queue = self.scripts.get(route)
        if queue:
            for index, (when, answer) in enumerate(queue):
                if when(request):
                    del queue[index]
                    return answer(request)
        return None

    def calls(self, path_part: str) -> list[Seen]:
        return [r for r in self.requests if path_part in r.path]


def json_answer(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Scripted:
    """A scripted answer: this JSON body, status and headers."""
    return lambda request: JSONResponse(body, status_code=status, headers=headers)


@dataclass
class Served:
    url: str
    standin: StandIn


@contextmanager
def serve(standin: StandIn, *, prefix: str = "") -> Iterator[Served]:
    """Run `standin` with uvicorn on 127.0.0.1 (a free port) in a thread until the block ends."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(standin.app(), log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the {type(standin).__name__} did not start on 127.0.0.1:{port}")
        time.sleep(0.01)
    try:
        yield Served(f"http://127.0.0.1:{port}{prefix}", standin)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
