"""The demo service providers: a Bearer-protected API and an OpenSearch-like node.

Both validate tokens the way the real ones do, with the IdP's published keys fetched from its
`jwks_uri`, so the answers the wizard sees (challenges, error descriptions) come from real work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import jwt

from wizard.core.opensearch.patterns import matches
from wizard.demo.recipes import OpenSearchSetup, ResourceSetup
from wizard.demo.server import Request, Response

API_PATH = "/api/profile"
OPENSEARCH_PATH = "/_plugins/_security/authinfo"
OPENSEARCH_CHALLENGE = {"WWW-Authenticate": 'Basic realm="OpenSearch Security"'}
ALGORITHMS = ["RS256", "ES256"]


class KeySource:
    """Where an SP gets verification keys: the live JWKS, or a stale cache of one old key."""

    def __init__(self, jwks_uri: str, stale_jwk: Mapping[str, object] | None = None) -> None:
        self._client = jwt.PyJWKClient(jwks_uri, cache_keys=True, timeout=5)
        self._stale = jwt.PyJWK(dict(stale_jwk)) if stale_jwk else None

    def key_for(self, token: str) -> object:
        """The public key matching the token's `kid` (raises `jwt.PyJWKClientError`)."""
        if self._stale is None:
            return self._client.get_signing_key_from_jwt(token).key
        kid = jwt.get_unverified_header(token).get("kid")
        if kid != self._stale.key_id:
            raise jwt.PyJWKClientError(f'Unable to find a signing key that matches: "{kid}"')
        return self._stale.key


@dataclass
class BearerResource:
    """An API that wants `Authorization: Bearer <access or ID token>` (RFC 6750)."""

    setup: ResourceSetup
    issuer: str
    audience: str | None
    keys: KeySource
    hs256_secret: str | None = None

    def __call__(self, request: Request) -> Response:
        if request.path != API_PATH:
            return Response.json(404, {"error": "not_found"})
        token = _bearer(request)
        if token is None:
            return Response.json(401, {"error": "unauthorized"}, _bearer_challenge(None))
        claims, problem = self._validate(token)
        if claims is None:
            return Response.json(401, {"error": "invalid_token"}, _bearer_challenge(problem))
        return Response.json(200, {"ok": True, "sub": claims.get("sub")})

    def _validate(self, token: str) -> tuple[dict[str, object] | None, str | None]:
        try:
            alg = jwt.get_unverified_header(token).get("alg")
            if alg == "HS256" and self.setup.accept_hs256 and self.hs256_secret:
                key: object = self.hs256_secret
            else:
                key = self.keys.key_for(token)
            claims = jwt.decode(
                token,
                key,  # type: ignore[arg-type]
                algorithms=["HS256", *ALGORITHMS] if self.setup.accept_hs256 else ALGORITHMS,
                leeway=self.setup.leeway,
                options={"verify_aud": False, "verify_iss": False, "require": ["exp"]},
            )
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as error:
            return None, _describe(error)
        # Audience before issuer, with messages of their own, so each scenario shows its cause.
        if self.audience is not None and self.audience not in _as_list(claims.get("aud")):
            return None, f"The audience claim is invalid (expected {self.audience})"
        if self.setup.check_issuer and claims.get("iss") != self.issuer:
            return None, f"The issuer claim is invalid (expected {self.issuer})"
        claim = self.setup.required_claim
        if claim and claims.get(claim) in (None, "", []):
            return None, f"The token has no {claim!r} claim"
        return claims, None


@dataclass
class OpenSearchResource:
    """An OpenSearch node: a Basic domain (no challenge, as in seed 003), then an OpenID one."""

    setup: OpenSearchSetup
    keys: KeySource
    leeway: int = 30
    log: list[str] = field(default_factory=list)
    node: str = "opensearch-demo-node1"

    def __call__(self, request: Request) -> Response:
        if request.path not in ("/", OPENSEARCH_PATH):
            return Response.json(404, {"error": "not_found"})
        token = _bearer(request)
        user, roles = self._authenticate(token) if token else (None, [])
        if user is None:
            self._warn("o.o.s.a.BackendRegistry", _NO_AUTH_HEADER)
            headers = {**OPENSEARCH_CHALLENGE, "Content-Type": "text/plain"}
            return Response(401, b"Unauthorized", headers)
        mapped = mapped_roles(self.setup.roles_mapping, user, roles)
        if not mapped:
            return Response.json(403, _no_permissions(user, roles))
        return Response.json(
            200,
            {"user_name": user, "backend_roles": roles, "roles": mapped, "node": self.node},
        )

    def _authenticate(self, token: str) -> tuple[str | None, list[str]]:
        try:
            claims = jwt.decode(
                token,
                self.keys.key_for(token),  # type: ignore[arg-type]
                algorithms=ALGORITHMS,
                leeway=self.leeway,
                options={"verify_aud": False, "verify_iss": False},
            )
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as error:
            self._warn(_JWT_LOGGER, f"Invalid JWT: {_describe(error)}")
            return None, []
        subject = claims.get(self.setup.subject_key)
        if not isinstance(subject, str) or not subject:
            key = self.setup.subject_key
            self._warn(
                _JWT_LOGGER,
                f"Failed to get subject from JWT claims, check if subject_key '{key}' is correct.",
            )
            return None, []
        raw_roles = claims.get(self.setup.roles_key)
        if raw_roles is None:
            self._warn(
                _JWT_LOGGER,
                "Failed to get roles from JWT claims with roles_key "
                f"'{self.setup.roles_key}'. Check if this key is correct and available in the "
                "JWT payload.",
            )
            return subject, []
        # The plugin splits a string on commas without trimming, as the real one does.
        roles = raw_roles.split(",") if isinstance(raw_roles, str) else [str(r) for r in raw_roles]
        return subject, roles

    def _warn(self, logger: str, message: str) -> None:
        self.log.append(f"[WARN ][{logger}] [{self.node}] {message}")


_JWT_LOGGER = "c.a.d.a.h.j.AbstractHTTPJwtAuthenticator"
_NO_AUTH_HEADER = "No 'Authorization' header, send 401 and 'WWW-Authenticate Basic'"


def mapped_roles(
    mapping: Mapping[str, Mapping[str, list[str]]], user: str, backend_roles: list[str]
) -> list[str]:
    """The OpenSearch roles a user gets from `roles_mapping.yml` (users and backend roles)."""
    mapped = []
    for role, entry in mapping.items():
        by_user = any(matches(p, user) for p in entry.get("users", []))
        by_role = any(matches(p, r) for p in entry.get("backend_roles", []) for r in backend_roles)
        if by_user or by_role:
            mapped.append(role)
    return mapped


def _no_permissions(user: str, roles: list[str]) -> dict[str, object]:
    reason = (
        f"no permissions for [cluster:monitor/main] and User [name={user}, "
        f"backend_roles=[{', '.join(roles)}], requestedTenant=null]"
    )
    return {"error": {"type": "security_exception", "reason": reason}, "status": 403}


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def _bearer_challenge(problem: str | None) -> dict[str, str]:
    if problem is None:
        return {"WWW-Authenticate": 'Bearer realm="demo-api"'}
    description = problem.replace('"', "'")
    value = f'Bearer realm="demo-api", error="invalid_token", error_description="{description}"'
    return {"WWW-Authenticate": value}


def _describe(error: Exception) -> str:
    if isinstance(error, jwt.ExpiredSignatureError):
        return "The token expired"
    if isinstance(error, jwt.InvalidSignatureError):
        return "The signature is invalid"
    if isinstance(error, jwt.PyJWKClientError):
        return "No signing key matches the token's kid"
    return str(error) or type(error).__name__


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]
