"""A loopback identity provider and API that answer every request after a fixed delay.

It stands in for a far-away provider: with each answer 200 ms late, the time a node's checks
take shows how many requests waited on one another. Every request is recorded (path, start,
end) so a benchmark can count them and draw the timeline.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.minting import SigningKey

DISCOVERY = "/.well-known/openid-configuration"
PATHS = {
    "discovery": DISCOVERY,
    "jwks": "/jwks",
    "userinfo": "/userinfo",
    "introspection": "/introspect",
    "resource": "/api/orders",
}
CLIENT_ID = "bench-client"
CLIENT_SECRET = "bench-client-secret"
AUDIENCE = "api://bench"


@dataclass(frozen=True)
class Seen:
    """One request the server answered: its path and when it arrived and was answered."""

    path: str
    start: float
    end: float


class SlowIssuer:
    """Discovery, JWKS, userinfo, introspection and a protected resource on 127.0.0.1."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.key = SigningKey()
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep the report readable
                pass

            def do_GET(self) -> None:
                owner._answer(self)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                owner._answer(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SlowIssuer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def issuer(self) -> str:
        return self.base

    def url(self, name: str) -> str:
        return self.base + PATHS[name]

    def token(self) -> str:
        """A valid access token of this issuer, for the resource's audience."""
        return self.key.mint(
            {
                "iss": self.issuer,
                "sub": "bench-user",
                "aud": AUDIENCE,
                "client_id": CLIENT_ID,
                "scope": "openid profile email",
            }
        )

    def count(self, name: str) -> int:
        with self._lock:
            return sum(1 for seen in self.seen if seen.path == PATHS[name])

    def reset(self) -> None:
        with self._lock:
            self.seen.clear()

    def _body(self, path: str) -> dict[str, Any] | None:
        if path == DISCOVERY:
            return {
                "issuer": self.issuer,
                "jwks_uri": self.url("jwks"),
                "userinfo_endpoint": self.url("userinfo"),
                "introspection_endpoint": self.url("introspection"),
                "authorization_endpoint": self.base + "/authorize",
                "token_endpoint": self.base + "/token",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        if path == PATHS["jwks"]:
            return self.key.jwks()
        if path == PATHS["userinfo"]:
            return {"sub": "bench-user", "email": "bench@example.test"}
        if path == PATHS["introspection"]:
            return {"active": True, "aud": AUDIENCE, "client_id": CLIENT_ID, "sub": "bench-user"}
        if path == PATHS["resource"]:
            return {"orders": []}
        return None

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        start = time.perf_counter()
        time.sleep(self.delay)
        path = handler.path.split("?", 1)[0]
        body = self._body(path)
        data = json.dumps(body if body is not None else {"error": "not_found"}).encode()
        handler.send_response(200 if body is not None else 404)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
        with self._lock:
            self.seen.append(Seen(path, start, time.perf_counter()))
