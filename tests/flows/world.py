"""A small world for walking the shipped flows: signing keys, tokens, an issuer on loopback.

Tokens are signed with the package's signing keys (`wizard.demo.keys`); the issuer is the
package's loopback server on 127.0.0.1 serving discovery, JWKS, userinfo, introspection, a
protected resource and an Okta-style System Log, each answer set by the test case.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from wizard.demo.keys import SigningKey
from wizard.demo.server import LoopbackServer, Request, Response

# The fixed "now" of every walk: 2026-09-21 (tokens are minted around it).
NOW = 1_790_000_000
CURRENT_KEY = SigningKey.of("rsa", "flows-key-1")
RETIRED_KEY = SigningKey.of("rsa-other", "flows-key-0")


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
        return SigningKey.shared(secret, alg).sign(claims, headers)
    return (RETIRED_KEY if retired else CURRENT_KEY).sign(claims, headers, alg=alg)


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
    keys: list[dict[str, Any]] = field(default_factory=lambda: [CURRENT_KEY.public_jwk()])


class LoopbackWorld:
    """An issuer plus a protected resource on one loopback port."""

    def __init__(self) -> None:
        self.behaviour = Behaviour()
        self.requests: list[str] = []
        # The issuer's clock: the tests' fixed now, shifted by the case's offset.
        self._server = LoopbackServer("flows", lambda: NOW + self.behaviour.clock_offset)
        self.base = self._server.base_url

    def _answer(self, request: Request) -> Response:
        self.requests.append(request.target)
        reply = self.route(request.path)
        headers = {"Content-Type": "application/json", **reply.headers}
        return Response(reply.status, json.dumps(reply.body).encode(), headers)

    def route(self, route: str) -> Reply:
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
        self._server.serve(self._answer)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close()


def running_world() -> Iterator[LoopbackWorld]:
    """For a pytest fixture: a started world, stopped afterwards."""
    with LoopbackWorld() as world:
        yield world
