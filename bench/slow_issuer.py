"""A loopback identity provider and API that answer every request after a fixed delay.

It stands in for a far-away provider: with each answer 200 ms late, the time a node's checks
take shows how many requests waited on one another. Every request is recorded (path, start,
end) so a benchmark can count them and draw the timeline.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from wizard.demo.keys import SigningKey
from wizard.demo.server import LoopbackServer, Request, Response

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
        self.key = SigningKey.of("rsa", "bench-key")
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._server = LoopbackServer("slow-issuer")
        self.base = self._server.base_url

    def __enter__(self) -> SlowIssuer:
        self._server.serve(self._answer)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.close()

    @property
    def issuer(self) -> str:
        return self.base

    def url(self, name: str) -> str:
        return self.base + PATHS[name]

    def token(self) -> str:
        """A valid access token of this issuer, for the resource's audience."""
        now = int(time.time())
        return self.key.sign(
            {
                "iat": now,
                "exp": now + 3600,
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
            return {"keys": [self.key.public_jwk()]}
        if path == PATHS["userinfo"]:
            return {"sub": "bench-user", "email": "bench@example.test"}
        if path == PATHS["introspection"]:
            return {"active": True, "aud": AUDIENCE, "client_id": CLIENT_ID, "sub": "bench-user"}
        if path == PATHS["resource"]:
            return {"orders": []}
        return None

    def _answer(self, request: Request) -> Response:
        start = time.perf_counter()
        time.sleep(self.delay)
        body = self._body(request.path)
        status = 200 if body is not None else 404
        response = Response.json(status, body if body is not None else {"error": "not_found"})
        with self._lock:
            self.seen.append(Seen(request.path, start, time.perf_counter()))
        return response
