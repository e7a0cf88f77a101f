"""A tiny loopback HTTP server: the plumbing shared by the demo identity and service providers.

Each demo service is a plain function from `Request` to `Response`; this module binds it to a
`ThreadingHTTPServer` on 127.0.0.1 with a free port and runs it in a daemon thread, so the
services stay easy to read and the world can be started and stopped from any thread.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOOPBACK = "127.0.0.1"
# Demo requests are small; a cap keeps a stray client from filling memory.
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class Request:
    """One HTTP request as a demo service sees it (header names are lower-case)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes = b""

    def form(self) -> dict[str, str]:
        """The body as an `application/x-www-form-urlencoded` form (first value of each key)."""
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {key: values[0] for key, values in parsed.items()}


@dataclass(frozen=True)
class Response:
    """One HTTP response: status, headers and body bytes."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: object, headers: Mapping[str, str] | None = None):
        """A JSON response."""
        merged = {"Content-Type": "application/json", **(headers or {})}
        return cls(status, json.dumps(payload).encode("utf-8"), merged)


App = Callable[[Request], Response]


class _Handler(BaseHTTPRequestHandler):
    server: _AppServer
    protocol_version = "HTTP/1.1"
    # An idle keep-alive connection is dropped after a while rather than held forever.
    timeout = 60

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY_BYTES)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        # `{issuer}/.well-known/...` on an issuer ending in "/" gives "//": accept it as Auth0 does.
        path = re.sub("/{2,}", "/", parts.path)
        request = Request(self.command, path, query, headers, body)
        try:
            response = self.server.app(request)
        except Exception:  # a bug in a demo service must not kill the thread silently
            response = Response.json(500, {"error": "server_error"})
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _dispatch

    def date_time_string(self, timestamp: float | None = None) -> str:
        # The Date header follows the service's own clock, which a scenario may set askew.
        return formatdate(self.server.clock(), usegmt=True)

    def log_message(self, format: str, *args: object) -> None:
        # Request lines may carry demo secrets in queries; the demo keeps stderr quiet.
        return


class _AppServer(ThreadingHTTPServer):
    daemon_threads = True
    # Never reuse a port another process still holds: each world gets its own free ports.
    allow_reuse_address = False

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__((LOOPBACK, 0), _Handler)
        self.app: App = _not_ready
        self.clock = clock
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):  # type: ignore[no-untyped-def]
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """End every open connection: a keep-alive client must not outlive a stopped world."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            # A connection the client already closed raises OSError: nothing left to end.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


def _not_ready(request: Request) -> Response:
    return Response.json(503, {"error": "not_ready"})


class LoopbackServer:
    """One demo service on 127.0.0.1 and a free port, served from a daemon thread."""

    def __init__(self, name: str, clock: Callable[[], float]) -> None:
        self.name = name
        self._server = _AppServer(clock)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the operating system gave this server."""
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`, without a trailing slash."""
        return f"http://{LOOPBACK}:{self.port}"

    def serve(self, app: App) -> None:
        """Start answering requests with `app`."""
        self._server.app = app
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"wizard-demo-{self.name}",
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving and release the port (safe to call twice)."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.drop_connections()
        self._server.server_close()
