"""Loopback servers for tests: an issuer, userinfo, introspection, Okta logs, SPs.

Each is the package's loopback server (`wizard.demo.server`) answering from a table of routes,
plain functions from Request to Reply; it records every request it received, so tests can
count requests and assert which headers arrived where.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from wizard.demo.keys import SigningKey
from wizard.demo.server import LoopbackServer, Request, Response

__all__ = ["Reply", "Request", "RoutedServer", "TestIssuer", "basic_credentials", "issuer", "serve"]


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict | list = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow server)
    endless: bool = False  # keep sending bytes until the client hangs up (a huge body)

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        body = self.body
        if isinstance(body, dict | list):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        return body, headers


Handler = Callable[[Request], Reply]
_ENDLESS_CHUNK = b"[" + b"0," * 32768


class RoutedServer:
    """A threaded HTTP(S) server whose routes are plain functions from Request to Reply."""

    def __init__(self, routes: dict[str, Handler] | None = None, tls: ssl.SSLContext | None = None):
        self.routes: dict[str, Handler] = dict(routes or {})
        self.requests: list[Request] = []
        self._server = LoopbackServer("test", tls=tls)
        self.stopping = self._server.stopping

    def _answer(self, request: Request) -> Response | None:
        self.requests.append(request)
        handler = self.routes.get(request.path)
        reply = handler(request) if handler else Reply(404, {"error": "not_found"})
        if reply.delay and self.stopping.wait(reply.delay):
            return None
        payload, headers = reply.encoded()
        if reply.endless:
            headers["Content-Type"] = "application/json"
            return Response(reply.status, headers=headers, stream=self._endless())
        return Response(reply.status, payload, headers)

    def _endless(self) -> Iterator[bytes]:
        while not self.stopping.is_set():
            yield _ENDLESS_CHUNK

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def base(self) -> str:
        return self._server.base_url

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, route: str) -> int:
        return sum(1 for request in self.requests if request.path == route)

    def __enter__(self) -> RoutedServer:
        self._server.serve(self._answer)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close()


class TestIssuer:
    """An OpenID Provider on loopback: discovery, JWKS with an RSA and an EC key, token minting."""

    __test__ = False  # not a test class, despite the name

    def __init__(self) -> None:
        self.rsa = SigningKey.of("rsa", "rsa-1")
        self.ec = SigningKey.of("ec", "ec-1")
        self.server = RoutedServer()
        self.discovery_extra: dict[str, Any] = {}
        self.advertised_issuer: str | None = None  # set to make discovery lie about its issuer
        self.server.routes["/.well-known/openid-configuration"] = self._discovery
        self.server.routes["/jwks"] = self._jwks

    @property
    def issuer(self) -> str:
        return self.server.base

    @property
    def rsa_key(self) -> Any:
        """The private RSA key (for a test that abuses its public half)."""
        return self.rsa.private_key

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.rsa.public_jwk(), self.ec.public_jwk()]}

    def _discovery(self, _request: Request) -> Reply:
        document = {
            "issuer": self.advertised_issuer or self.issuer,
            "jwks_uri": self.server.url("/jwks"),
            "userinfo_endpoint": self.server.url("/userinfo"),
            "introspection_endpoint": self.server.url("/introspect"),
            "scopes_supported": ["openid", "profile", "email"],
            **self.discovery_extra,
        }
        return Reply(200, document)

    def _jwks(self, _request: Request) -> Reply:
        return Reply(200, self.jwks())

    def mint(self, alg: str = "RS256", headers: dict | None = None, **claims: Any) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "sub": "user-1",
            "aud": "api://default",
            "iat": now,
            "exp": now + 3600,
            **claims,
        }
        key = self.rsa if alg.startswith(("RS", "PS")) else self.ec
        return key.sign(body, headers, alg=alg)

    def __enter__(self) -> TestIssuer:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """The (id, secret) of a Basic Authorization header, or None."""
    value = request.headers.get("authorization", "")
    if not value.lower().startswith("basic "):
        return None
    # RFC 6749 section 2.3.1: both halves are form-encoded before the Basic encoding.
    user, _, password = base64.b64decode(value[6:]).decode().partition(":")
    return unquote_plus(user), unquote_plus(password)


@pytest.fixture
def issuer() -> Iterator[TestIssuer]:
    """A running loopback OpenID Provider."""
    with TestIssuer() as running:
        yield running


@pytest.fixture
def serve() -> Iterator[Callable[..., RoutedServer]]:
    """`serve(routes)` starts one more loopback server, stopped at the end of the test."""
    started: list[RoutedServer] = []

    def start(routes: dict[str, Handler] | None = None, **kwargs: Any) -> RoutedServer:
        server = RoutedServer(routes, **kwargs).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def self_signed_tls(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 and the PEM file of its (self-signed) certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "loopback test CA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file
