"""A small world for walking the shipped flows: signing keys, tokens, an issuer on loopback.

Tokens are minted here with pyjwt; the issuer is a real `http.server` on 127.0.0.1 (port 0)
serving discovery, JWKS, userinfo, introspection, a protected resource and an Okta-style
System Log, each answer set by the test case.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

# The fixed "now" of every walk: 2026-09-21 (tokens are minted around it).
NOW = 1_790_000_000
KID = "flows-key-1"
RETIRED_KID = "flows-key-0"

_CURRENT_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_RETIRED_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(private_key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    """The public half of `private_key` as a JWK with `kid`."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def mint(
    claims: dict[str, Any],
    *,
    retired: bool = False,
    alg: str = "RS256",
    secret: str = "a-shared-secret-of-enough-length-32b",
    headers: dict[str, Any] | None = None,
) -> str:
    """A signed JWT with `claims`; RS256 with the current key unless told otherwise."""
    if alg.startswith("HS"):
        return jwt.encode(claims, secret, algorithm=alg, headers=headers)
    key = _RETIRED_KEY if retired else _CURRENT_KEY
    kid = RETIRED_KID if retired else KID
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid, **(headers or {})})


def tamper(token: str, **changes: Any) -> str:
    """The token with its payload changed and its old signature kept (a forgery)."""
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    encoded = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{encoded}.{signature}"


def jwe_like() -> str:
    """A five-part compact token with an Auth0-style JWE header (alg dir): unreadable claims."""
    header = {"alg": "dir", "enc": "A256GCM", "iss": "https://example.eu.auth0.com/"}
    head = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return f"{head}..c2VjcmV0aXY.Y2lwaGVydGV4dGNpcGhlcnRleHQ.dGFnMTIzNDU2Nzg5MDEy"


def times(lifetime: int = 3600, issued: int = NOW - 60) -> dict[str, int]:
    """iat and exp for a token issued `issued`, valid `lifetime` seconds."""
    return {"iat": issued, "exp": issued + lifetime}


@dataclass
class Reply:
    """What one endpoint of the loopback world answers."""

    status: int = 200
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Behaviour:
    """How the loopback issuer and service provider answer, set per test case."""

    discovery_issuer: str | None = None  # None: the issuer the request was built from
    clock_offset: int = 0  # seconds the issuer's Date header is off from NOW
    userinfo: Reply = field(default_factory=lambda: Reply(401, {"error": "invalid_token"}))
    resource: Reply = field(
        default_factory=lambda: Reply(401, {}, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    )
    logs: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=lambda: [public_jwk(_CURRENT_KEY, KID)])


class LoopbackWorld:
    """An issuer plus a protected resource on one loopback port."""

    def __init__(self) -> None:
        self.behaviour = Behaviour()
        self.requests: list[str] = []
        world = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep pytest output clean
                pass

            def date_time_string(self, timestamp: float | None = None) -> str:
                # The issuer's clock: the tests' fixed now, shifted by the case's offset.
                return formatdate(NOW + world.behaviour.clock_offset, usegmt=True)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                world.requests.append(self.path)
                self._answer(world.route(self.path))

            def do_POST(self) -> None:  # noqa: N802
                world.requests.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self._answer(world.route(self.path))

            def _answer(self, reply: Reply) -> None:
                body = json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        # Polled every 50 ms, not every 500: stopping a world waits for the next poll, and
        # every network case starts and stops one.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def route(self, path: str) -> Reply:
        route = urlsplit(path).path
        b = self.behaviour
        if route.endswith("/.well-known/openid-configuration"):
            issuer = self.base + route.removesuffix("/.well-known/openid-configuration")
            return Reply(
                200,
                {
                    "issuer": b.discovery_issuer or issuer,
                    "jwks_uri": f"{self.base}/jwks",
                    "userinfo_endpoint": f"{self.base}/userinfo",
                    "introspection_endpoint": f"{self.base}/introspect",
                    "scopes_supported": ["openid", "profile", "email"],
                },
            )
        if route == "/jwks":
            return Reply(200, {"keys": b.keys})
        if route == "/userinfo":
            return b.userinfo
        if route == "/introspect":
            return Reply(200, {"active": False})
        if route == "/api":
            return b.resource
        if route == "/api/v1/logs":
            return Reply(200, b.logs)
        return Reply(404, {"error": "not_found"})

    def __enter__(self) -> LoopbackWorld:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def running_world() -> Iterator[LoopbackWorld]:
    """For a pytest fixture: a started world, stopped afterwards."""
    with LoopbackWorld() as world:
        yield world
