"""Real HTTP servers on 127.0.0.1 for tests: an issuer, userinfo, introspection, Okta logs, SPs.

Each server runs `http.server.ThreadingHTTPServer` on port 0 in a thread and records every
request it received, so tests can count requests and assert which headers arrived where.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


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


class LoopbackServer:
    """A threaded HTTP(S) server whose routes are plain functions from Request to Reply."""

    def __init__(self, routes: dict[str, Handler] | None = None, tls: ssl.SSLContext | None = None):
        self.routes: dict[str, Handler] = dict(routes or {})
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                owner.requests.append(request)
                handler = owner.routes.get(request.route)
                reply = handler(request) if handler else Reply(404, {"error": "not_found"})
                if reply.delay and owner.stopping.wait(reply.delay):
                    return
                payload, headers = reply.encoded()
                # A reply may set Date itself (a server with a wrong clock); else the stdlib's.
                self.fixed_date = headers.pop("Date", None)
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if reply.endless:
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self._stream_forever()
                    return
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def date_time_string(self, timestamp: float | None = None) -> str:
                fixed = getattr(self, "fixed_date", None)
                return fixed or super().date_time_string(timestamp)

            def _stream_forever(self) -> None:
                chunk = b"[" + b"0," * 32768
                try:
                    while not owner.stopping.is_set():
                        self.wfile.write(chunk)
                except OSError:
                    pass

            do_GET = do_POST = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, route: str) -> int:
        return sum(1 for request in self.requests if request.route == route)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class TestIssuer:
    """An OpenID Provider on loopback: discovery, JWKS with an RSA and an EC key, token minting."""

    __test__ = False  # not a test class, despite the name

    def __init__(self) -> None:
        self.rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec_key = ec.generate_private_key(ec.SECP256R1())
        self.server = LoopbackServer()
        self.discovery_extra: dict[str, Any] = {}
        self.advertised_issuer: str | None = None  # set to make discovery lie about its issuer
        self.server.routes["/.well-known/openid-configuration"] = self._discovery
        self.server.routes["/jwks"] = self._jwks

    @property
    def issuer(self) -> str:
        return self.server.base

    def jwks(self) -> dict[str, Any]:
        rsa_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.rsa_key.public_key()))
        ec_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.ec_key.public_key()))
        rsa_jwk.update(kid="rsa-1", use="sig", alg="RS256")
        ec_jwk.update(kid="ec-1", use="sig", alg="ES256")
        return {"keys": [rsa_jwk, ec_jwk]}

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
        key = self.rsa_key if alg.startswith(("RS", "PS")) else self.ec_key
        kid = {"RS": "rsa-1", "PS": "rsa-1", "ES": "ec-1"}.get(alg[:2])
        return jwt.encode(body, key, algorithm=alg, headers={"kid": kid, **(headers or {})})

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
def serve() -> Iterator[Callable[..., LoopbackServer]]:
    """`serve(routes)` starts one more loopback server, stopped at the end of the test."""
    started: list[LoopbackServer] = []

    def start(routes: dict[str, Handler] | None = None, **kwargs: Any) -> LoopbackServer:
        server = LoopbackServer(routes, **kwargs).__enter__()
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
