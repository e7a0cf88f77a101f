"""The one loopback HTTP server: the demo's identity and service providers, tests and benchmarks.

Each service is a plain function from `Request` to `Response`; this module binds it to a
`ThreadingHTTPServer` on 127.0.0.1 with a free port and runs it in a daemon thread, so the
services stay easy to read and a world can be started and stopped from any thread. A test
server may also speak TLS, keep its own clock in the Date header, stream a body that never
ends, or hang up without answering.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOOPBACK = "127.0.0.1"
# Demo requests are small; a cap keeps a stray client from filling memory.
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class Request:
    """One HTTP request as a service sees it (header names are lower-case).

    `path` is the request target's path and `query` its parameters (first value of each);
    `target` is the request target as sent.
    """

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes = b""
    target: str = ""

    def form(self) -> dict[str, str]:
        """The body as an `application/x-www-form-urlencoded` form (first value of each key)."""
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {key: values[0] for key, values in parsed.items()}


@dataclass(frozen=True)
class Response:
    """One HTTP response: status, headers and body bytes.

    A `Date` header replaces the server's own. A `stream` is sent after `body` with no length,
    chunk after chunk until it ends or the client hangs up (a body too large to hold).
    """

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    stream: Iterable[bytes] | None = None

    @classmethod
    def json(cls, status: int, payload: object, headers: Mapping[str, str] | None = None):
        """A JSON response."""
        merged = {"Content-Type": "application/json", **(headers or {})}
        return cls(status, json.dumps(payload).encode("utf-8"), merged)


# None: hang up without an answer (a server going away in the middle of a request).
App = Callable[[Request], Response | None]


class _Handler(BaseHTTPRequestHandler):
    server: _AppServer
    protocol_version = "HTTP/1.1"
    # An idle keep-alive connection is dropped after a while rather than held forever.
    timeout = 60

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        length = min(int(self.headers.get("Content-Length") or 0), self.server.max_body)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        path = parts.path
        if self.server.merge_slashes:
            # `{issuer}/.well-known/...` on an issuer ending in "/" gives "//": Auth0 accepts it.
            path = re.sub("/{2,}", "/", path)
        request = Request(self.command, path, query, headers, body, self.path)
        try:
            response = self.server.app(request)
        except Exception:  # a bug in a service must not kill the thread silently
            response = Response.json(500, {"error": "server_error"})
        if response is None:
            self.close_connection = True
            return
        self._date = response.headers.get("Date")
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name != "Date":
                self.send_header(name, value)
        if response.stream is not None:
            self._send_stream(response)
            return
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _send_stream(self, response: Response) -> None:
        # No length: the body ends when the connection does.
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        # OSError: the client hung up, which is how a stream too large to read usually ends.
        with contextlib.suppress(OSError):
            self.wfile.write(response.body)
            for chunk in response.stream or ():
                if self.server.stopping.is_set():
                    break
                self.wfile.write(chunk)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _dispatch

    def date_time_string(self, timestamp: float | None = None) -> str:
        # The Date header follows the service's own clock, which a scenario may set askew, or
        # the one its answer names.
        return getattr(self, "_date", None) or formatdate(self.server.clock(), usegmt=True)

    def log_message(self, format: str, *args: object) -> None:
        # Request lines may carry demo secrets in queries; the demo keeps stderr quiet.
        return


class _AppServer(ThreadingHTTPServer):
    daemon_threads = True
    # Never reuse a port another process still holds: each world gets its own free ports.
    allow_reuse_address = False

    def __init__(self, clock: Callable[[], float], merge_slashes: bool, max_body: int) -> None:
        super().__init__((LOOPBACK, 0), _Handler)
        self.app: App = _not_ready
        self.clock = clock
        self.merge_slashes = merge_slashes
        self.max_body = max_body
        self.stopping = threading.Event()
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
    """One service on 127.0.0.1 and a free port, served from a daemon thread.

    `clock` sets the Date header (the real time unless told); `tls` makes it an HTTPS server;
    `merge_slashes` reads `//` in a path as `/`, as Auth0 does. `stopping` is set when the
    server closes, for a service that waits to wake up.
    """

    def __init__(
        self,
        name: str,
        clock: Callable[[], float] = time.time,
        *,
        tls: ssl.SSLContext | None = None,
        merge_slashes: bool = False,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self.name = name
        self._server = _AppServer(clock, merge_slashes, max_body)
        self.scheme = "http"
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the operating system gave this server."""
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT` (or https), without a trailing slash."""
        return f"{self.scheme}://{LOOPBACK}:{self.port}"

    @property
    def stopping(self) -> threading.Event:
        """Set once `close` has begun."""
        return self._server.stopping

    def serve(self, app: App) -> None:
        """Start answering requests with `app`."""
        self._server.app = app
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"wizard-loopback-{self.name}",
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving and release the port (safe to call twice)."""
        self._server.stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.drop_connections()
        self._server.server_close()
