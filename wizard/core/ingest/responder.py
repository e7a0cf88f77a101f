"""Who answered: the component that produced a 401, 403 or 500, from its headers and body.

A gateway that rejects a request itself answers in its own shape (Envoy's plain-text
jwt_authn reason, oauth2-proxy's sign-in page, API Gateway's {"message":"Unauthorized"}); a
response the gateway only relayed carries the upstream's shape and the gateway's timing
headers (x-envoy-upstream-service-time, x-kong-upstream-latency).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wizard.core.ingest.http_trace import Message


@dataclass(frozen=True)
class Responder:
    """The component named, and the signs that named it."""

    name: str
    reasons: tuple[str, ...]


Sign = Callable[[Message, str], str | None]


def _header(name: str, pattern: str = "") -> Sign:
    compiled = re.compile(pattern, re.IGNORECASE) if pattern else None

    def sign(message: Message, _body: str) -> str | None:
        value = message.header(name)
        if value is None or (compiled is not None and not compiled.search(value)):
            return None
        return f"header {name.lower()}: {value[:60]}"

    return sign


def _body(pattern: str, said: str) -> Sign:
    compiled = re.compile(pattern, re.IGNORECASE)

    def sign(_message: Message, body: str) -> str | None:
        return said if compiled.search(body) else None

    return sign


def _challenge(pattern: str, said: str) -> Sign:
    compiled = re.compile(pattern, re.IGNORECASE)

    def sign(message: Message, _body: str) -> str | None:
        values = message.headers_named("www-authenticate")
        return said if any(compiled.search(v) for v in values) else None

    return sign


def _redirect_to_login(message: Message, _body: str) -> str | None:
    location = message.header("location") or ""
    status = message.status or 0
    login = re.search(r"/authorize|/oauth2/|/login|/signin|openid-connect/auth|/saml", location)
    if 300 <= status < 400 and login:
        return f"a {status} redirect to a login page ({location[:80]})"
    return None


# (component, signs): the first component with a sign wins; order puts a gateway's own answer
# before the upstream shapes it may relay.
_COMPONENTS: tuple[tuple[str, tuple[Sign, ...]], ...] = (
    (
        "Envoy / Istio jwt_authn (the proxy itself)",
        (
            _body(
                r"^Jwt (?:issuer|is|verification|not)|Jwks doesn't have key|Audiences in Jwt",
                "a jwt_authn reason as the body",
            ),
        ),
    ),
    (
        "oauth2-proxy",
        (
            _body(r"oauth2[-_]proxy|Sign in with .{1,40}</button>", "oauth2-proxy's sign-in page"),
            _header("set-cookie", r"^_oauth2_proxy"),
        ),
    ),
    ("a browser login redirect", (_redirect_to_login,)),
    (
        "AWS API Gateway",
        (_header("apigw-requestid"), _header("x-amz-apigw-id"), _header("x-amzn-errortype")),
    ),
    ("AWS Application Load Balancer", (_header("server", r"^awselb"),)),
    ("Kong (the gateway itself)", (_header("x-kong-response-latency"),)),
    ("Apache APISIX", (_header("server", r"^APISIX"),)),
    (
        "OpenSearch Dashboards",
        (
            _header("osd-name"),
            _body(r'"statusCode":\s*401,\s*"error":\s*"Unauthorized"', "Dashboards' error body"),
        ),
    ),
    (
        "OpenSearch security plugin",
        (
            # Its HTTP basic authenticator's challenge; the realm alone, under another scheme,
            # still names the plugin but not the authenticator that answered.
            _challenge(
                r'^\s*Basic\b.*realm="OpenSearch Security"',
                "a Basic challenge of OpenSearch Security",
            ),
            _challenge(
                r'^\s*(?!Basic\b)\S+.*realm="OpenSearch Security"',
                "a challenge in OpenSearch Security's realm",
            ),
            _body(r"security_exception", "a security_exception body"),
        ),
    ),
    (
        "Keycloak",
        (
            _challenge(r"Token verification failed", "Keycloak's userinfo challenge"),
            _body(r'"error_description"\s*:\s*"Token verification failed"', "Keycloak's body"),
        ),
    ),
    ("Microsoft Graph", (_body(r"InvalidAuthenticationToken", "Graph's error body"),)),
    ("Auth0", (_header("x-auth0-requestid"),)),
    ("Okta", (_header("x-okta-request-id"),)),
    (
        "ASP.NET Core (Kestrel / IIS)",
        (
            _header("server", r"Kestrel|Microsoft-IIS"),
            _header("x-powered-by", r"ASP\.NET"),
            _challenge(
                r"The (?:audience|issuer|token|signature) ", "a JwtBearer error_description"
            ),
        ),
    ),
    (
        "Spring Security",
        (
            _challenge(r"rfc6750#section-3\.1", "Spring's error_uri in the challenge"),
            _body(r'"timestamp".{0,80}"status"\s*:\s*40[13].{0,80}"path"', "Spring's error body"),
        ),
    ),
    (
        "Envoy / Istio (relaying the upstream's answer)",
        (_header("x-envoy-upstream-service-time"), _header("server", r"envoy")),
    ),
    ("Kong (relaying the upstream's answer)", (_header("x-kong-upstream-latency"),)),
    (
        "NGINX",
        (_header("server", r"^nginx"), _body(r"<center>nginx", "NGINX's error page")),
    ),
    ("Cloudflare", (_header("server", r"^cloudflare"), _header("cf-ray"))),
)


def who_answered(response: Message) -> Responder | None:
    """The component that produced `response`, or None when no sign names one."""
    body = response.body[: 16 * 1024]
    for name, signs in _COMPONENTS:
        reasons = tuple(reason for sign in signs if (reason := sign(response, body)))
        if reasons:
            return Responder(name, reasons)
    return None
