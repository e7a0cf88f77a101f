"""The demo identity provider: discovery, JWKS, userinfo, introspection (and Okta's System Log).

Its URLs take the provider's shape on loopback: Okta custom server `…/oauth2/default`, Okta org
server at the root, Auth0 at the root with a trailing slash, Keycloak under `/realms/demo` with
`protocol/openid-connect/…` endpoints, Entra under `/TENANT-ID/v2.0` with `oauth2/v2.0/…`
endpoints and `discovery/v2.0/keys`, a generic provider under `/idp`.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import jwt

from wizard.demo.claims import granted_scopes, profile_claims
from wizard.demo.keys import DemoKeys
from wizard.demo.provider_claims import ENTRA_TENANT, KEYCLOAK_REALM
from wizard.demo.recipes import DemoUser, Provider
from wizard.demo.server import Request, Response
from wizard.demo.systemlog import INVALID_TOKEN_ERROR, select

# Auth0's answer when a JWT access token at /userinfo lacks the /userinfo audience.
AUTH0_USERINFO_REJECTION = {"error": "unauthorized", "error_description": "invalid credentials"}


@dataclass(frozen=True)
class IdpEndpoints:
    """Where each endpoint of the demo IdP lives."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    introspection_endpoint: str | None

    @classmethod
    def for_provider(cls, provider: Provider, base_url: str) -> IdpEndpoints:
        """The URL layout of `provider`, rooted at `base_url` (no trailing slash)."""
        if provider == "okta-custom":
            root = f"{base_url}/oauth2/default"
            return cls(root, *(f"{root}/v1/{p}" for p in _OKTA_PATHS))
        if provider == "okta-org":
            return cls(base_url, *(f"{base_url}/oauth2/v1/{p}" for p in _OKTA_PATHS))
        if provider == "auth0":
            root = f"{base_url}/"
            return cls(
                root,
                f"{root}authorize",
                f"{root}oauth/token",
                f"{root}userinfo",
                f"{root}.well-known/jwks.json",
                None,  # Auth0 offers no RFC 7662 introspection
            )
        if provider == "keycloak":
            root = f"{base_url}/realms/{KEYCLOAK_REALM}"
            oidc = f"{root}/protocol/openid-connect"
            return cls(root, *(f"{oidc}/{p}" for p in _KEYCLOAK_PATHS))
        if provider == "entra":
            tenant = f"{base_url}/{ENTRA_TENANT}"
            return cls(
                f"{tenant}/v2.0",
                f"{tenant}/oauth2/v2.0/authorize",
                f"{tenant}/oauth2/v2.0/token",
                f"{base_url}/oidc/userinfo",
                f"{tenant}/discovery/v2.0/keys",
                None,  # Entra offers no RFC 7662 introspection
            )
        root = f"{base_url}/idp"
        return cls(root, *(f"{root}/{p}" for p in _OKTA_PATHS))

    def discovery_url(self) -> str:
        """The OpenID Provider Configuration URL built from the issuer."""
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


_OKTA_PATHS = ("authorize", "token", "userinfo", "keys", "introspect")
_KEYCLOAK_PATHS = ("auth", "token", "userinfo", "certs", "token/introspect")
# Keycloak's answer to a token presented through another hostname than its frontend URL.
KEYCLOAK_VERIFICATION_FAILED = {
    "error": "invalid_token",
    "error_description": "Token verification failed",
}


@dataclass
class IdentityProvider:
    """The request handler of the demo IdP (an `App` for `LoopbackServer`)."""

    provider: Provider
    endpoints: IdpEndpoints
    keys: DemoKeys
    client_id: str
    client_secret: str
    user: DemoUser
    okta_api_token: str
    clock: Callable[[], float]
    log_events: list[dict[str, object]]

    def __call__(self, request: Request) -> Response:
        routes: dict[str, Callable[[Request], Response]] = {
            _path(self.endpoints.discovery_url()): self._discovery,
            _path(self.endpoints.jwks_uri): self._jwks,
            _path(self.endpoints.userinfo_endpoint): self._userinfo,
            _path(self.endpoints.token_endpoint): self._no_login,
            _path(self.endpoints.authorization_endpoint): self._no_login,
        }
        if self.endpoints.introspection_endpoint:
            routes[_path(self.endpoints.introspection_endpoint)] = self._introspect
        if self.provider.startswith("okta"):
            routes["/api/v1/logs"] = self._system_log
        handler = routes.get(request.path)
        if handler is None:
            return Response.json(404, {"error": "not_found", "path": request.path})
        return handler(request)

    def _discovery(self, request: Request) -> Response:
        document: dict[str, object] = {
            "issuer": self.endpoints.issuer,
            "authorization_endpoint": self.endpoints.authorization_endpoint,
            "token_endpoint": self.endpoints.token_endpoint,
            "userinfo_endpoint": self.endpoints.userinfo_endpoint,
            "jwks_uri": self.endpoints.jwks_uri,
            "response_types_supported": ["code", "id_token", "code id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "name", "email"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }
        if self.endpoints.introspection_endpoint:
            document["introspection_endpoint"] = self.endpoints.introspection_endpoint
        document.update(_PROVIDER_DISCOVERY.get(self.provider, {}))
        return Response.json(200, document)

    def _jwks(self, request: Request) -> Response:
        return Response.json(200, self.keys.jwks())

    def _no_login(self, request: Request) -> Response:
        # The demo world hands its tokens out as facts; there is no browser login to run.
        return Response.json(
            400, {"error": "unsupported_grant_type", "error_description": "demo world"}
        )

    def _userinfo(self, request: Request) -> Response:
        token = _bearer(request)
        if token is None:
            return Response.json(401, {"error": "invalid_request"}, _challenge(None))
        if self.provider == "keycloak" and not self._reached_as_issuer(request):
            # Keycloak checks iss against the URL it was reached through (its frontend URL).
            return Response.json(
                401, KEYCLOAK_VERIFICATION_FAILED, _challenge("Token verification failed")
            )
        claims, problem = self.verify(token)
        if claims is None:
            return Response.json(401, {"error": "invalid_token"}, _challenge(problem))
        scopes = granted_scopes(claims)
        if self.provider == "auth0":
            audience = claims.get("aud")
            audience_list = audience if isinstance(audience, list) else [audience]
            if f"{self.endpoints.issuer}userinfo" not in audience_list:
                return Response.json(401, AUTH0_USERINFO_REJECTION)
        elif not scopes:
            # Okta and generic providers take access tokens only; an ID token has no scopes.
            return Response.json(401, {"error": "invalid_token"}, _challenge("not an access token"))
        if "openid" not in scopes:
            header = 'Bearer error="insufficient_scope", scope="openid"'
            return Response.json(403, {"error": "insufficient_scope"}, {"WWW-Authenticate": header})
        return Response.json(200, {"sub": self.user.sub, **profile_claims(self.user, scopes)})

    def _reached_as_issuer(self, request: Request) -> bool:
        host = request.headers.get("host", "")
        return host.lower() == urlsplit(self.endpoints.issuer).netloc.lower()

    def _introspect(self, request: Request) -> Response:
        if request.method != "POST":
            return Response.json(405, {"error": "invalid_request"}, {"Allow": "POST"})
        form = request.form()
        if not self._client_authenticated(request, form):
            challenge = {"WWW-Authenticate": 'Basic realm="demo-idp"'}
            return Response.json(401, {"error": "invalid_client"}, challenge)
        token = form.get("token")
        if not token:
            return Response.json(400, {"error": "invalid_request"})
        if self.provider == "keycloak" and not self._reached_as_issuer(request):
            return Response.json(200, {"active": False})
        claims, _problem = self.verify(token)
        if claims is None:
            # RFC 7662 2.2: an inactive token says nothing more about itself.
            return Response.json(200, {"active": False})
        answer = {
            "active": True,
            "token_type": "Bearer",
            "scope": " ".join(granted_scopes(claims)),
            "client_id": claims.get("cid") or claims.get("client_id") or claims.get("azp"),
            "username": self.user.email,
        }
        answer.update({k: claims[k] for k in ("sub", "aud", "iss", "exp", "iat") if k in claims})
        return Response.json(200, answer)

    def _client_authenticated(self, request: Request, form: dict[str, str]) -> bool:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        authorization = request.headers.get("authorization", "")
        if authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:].strip()).decode("utf-8")
            except ValueError:
                return False
            client_id, _, secret = decoded.partition(":")
        return (
            client_id == self.client_id
            and secret is not None
            and hmac.compare_digest(secret.encode(), self.client_secret.encode())
        )

    def _system_log(self, request: Request) -> Response:
        authorization = request.headers.get("authorization", "")
        expected = f"SSWS {self.okta_api_token}"
        if not hmac.compare_digest(authorization.encode(), expected.encode()):
            return Response.json(401, INVALID_TOKEN_ERROR)
        events = select(self.log_events, request.query)
        return Response.json(200, events)

    def verify(self, token: str) -> tuple[dict[str, object] | None, str | None]:
        """Claims of a token this IdP issued and still honours, or None and the reason."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            return None, "the token is not a JWT"
        alg = header.get("alg")
        if alg == "HS256" and self.provider == "auth0":
            key: object = self.keys.hs256_secret
        else:
            signing_key = self.keys.by_kid(header.get("kid"))
            if signing_key is None or signing_key.alg != alg:
                return None, f"unknown kid {header.get('kid')!r}"
            key = signing_key.verifying_key()
        try:
            # Times are judged below by this IdP's own clock, which a scenario may set askew.
            claims = jwt.decode(
                token,
                key,  # type: ignore[arg-type]
                algorithms=[str(alg)],
                issuer=self.endpoints.issuer,
                options={"verify_aud": False, "verify_exp": False, "verify_iat": False},
            )
        except jwt.InvalidTokenError as error:
            return None, str(error) or type(error).__name__
        if float(claims.get("exp", 0)) <= self.clock():
            return None, "the token expired"
        return claims, None


# What the real providers' discovery documents add to the standard keys.
_PROVIDER_DISCOVERY: dict[str, dict[str, object]] = {
    "keycloak": {
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "frontchannel_logout_supported": True,
        "backchannel_logout_supported": True,
        "claims_parameter_supported": True,
    },
    "entra": {
        "tenant_region_scope": "EU",
        "cloud_instance_name": "microsoftonline.com",
        "msgraph_host": "graph.microsoft.com",
        "request_uri_parameter_supported": False,
    },
}


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def _bearer(request: Request) -> str | None:
    authorization = request.headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def _challenge(problem: str | None) -> dict[str, str]:
    if problem is None:
        return {"WWW-Authenticate": 'Bearer realm="demo-idp"'}
    description = problem.replace('"', "'")
    value = f'Bearer error="invalid_token", error_description="{description}"'
    return {"WWW-Authenticate": value}
