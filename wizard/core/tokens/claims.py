"""Reading claims the way service providers do: nested paths, audiences, scopes.

Also the one-line explanations of common claims that the token inspector shows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CLAIM_HELP: dict[str, str] = {
    "iss": "who issued the token (the authorization server's issuer URL)",
    "sub": "who the token is about (the user, or the client for machine tokens)",
    "aud": "who the token is for (a client id for ID tokens, an API for access tokens)",
    "exp": "when the token expires (seconds since 1970, UTC)",
    "nbf": "the token is not valid before this time",
    "iat": "when the token was issued",
    "auth_time": "when the user last actually logged in",
    "jti": "a unique id of this token (for replay detection)",
    "nonce": "echo of the login request's nonce: marks an ID token",
    "at_hash": "hash of the access token issued with this ID token",
    "c_hash": "hash of the authorization code issued with this ID token",
    "azp": "the client the token was issued to (authorized party)",
    "amr": "how the user authenticated (password, mfa, ...)",
    "acr": "the authentication context class (assurance level)",
    "scope": "the scopes granted, space-separated (RFC 9068, Auth0, Keycloak)",
    "scp": "the scopes granted (Okta: an array; Entra: a space-separated string)",
    "client_id": "the client the access token was issued to (RFC 9068)",
    "cid": "Okta: the client id the access token was issued to",
    "uid": "Okta: the user's Okta id",
    "ver": "token version (Okta: 1; Entra: 1.0 or 2.0)",
    "tid": "Entra: the tenant (directory) id",
    "oid": "Entra: the user's object id, stable across apps",
    "roles": "roles of the user or app (Entra app roles; a custom claim elsewhere)",
    "groups": "the groups the user belongs to (usually needs a groups scope or mapper)",
    "realm_access": "Keycloak: realm roles, as realm_access.roles",
    "resource_access": "Keycloak: client roles, as resource_access.<client>.roles",
    "preferred_username": "the user's login name (profile scope)",
    "name": "the user's full name (profile scope)",
    "given_name": "the user's first name (profile scope)",
    "family_name": "the user's last name (profile scope)",
    "email": "the user's email address (email scope)",
    "email_verified": "whether the provider verified the email address (email scope)",
    "sid": "the login session id (used for logout)",
    "typ": "Keycloak: the token type (ID, Bearer, Refresh)",
    "idp": "the identity provider the user came through",
    "gty": "Auth0: the grant type that produced the token",
    "permissions": "Auth0: the API permissions granted (RBAC)",
    "token_use": "Cognito: whether this is an id or access token",
}

MISSING: Any = object()
"""Returned by claim_at when the path does not resolve (a claim may be null, so not None)."""


def claim_at(claims: Mapping[str, Any], path: str) -> Any:
    """The value at a claim path such as ``realm_access.roles``, or MISSING.

    A claim name may itself contain dots (``https://example.com/roles``), so at each level
    the longest run of path segments naming an existing key is taken first.
    """
    segments = path.split(".")
    return _walk(claims, segments)


def _walk(node: Any, segments: list[str]) -> Any:
    if not segments:
        return node
    if not isinstance(node, Mapping):
        return MISSING
    for cut in range(len(segments), 0, -1):
        key = ".".join(segments[:cut])
        if key in node:
            found = _walk(node[key], segments[cut:])
            if found is not MISSING:
                return found
    return MISSING


def is_nested_path(claims: Mapping[str, Any], path: str) -> bool:
    """True when the path resolves only by walking into objects, not as one literal claim."""
    return path not in claims and claim_at(claims, path) is not MISSING


def namespaced_claims(claims: Mapping[str, Any]) -> list[str]:
    """The claims named by a URL (`https://example.com/roles`): how Auth0 requires custom
    claims to be named, and a mark of its tokens."""
    return [name for name in claims if name.startswith(("http://", "https://"))]


def audiences(claims: Mapping[str, Any]) -> list[str]:
    """The ``aud`` claim as a list of strings (it may be a single string or an array)."""
    aud = claims.get("aud")
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list):
        return [item for item in aud if isinstance(item, str)]
    return []


@dataclass(frozen=True)
class Scopes:
    """The scopes a token carries and where they came from.

    Attributes:
        claim: ``scp`` or ``scope``, or None when the token has neither.
        values: the scope names, in token order.
        shape: ``array`` or ``string`` (space-separated), or ``other`` for anything else.
    """

    claim: str | None
    values: tuple[str, ...]
    shape: str

    def __contains__(self, name: object) -> bool:
        return name in self.values


def scopes(claims: Mapping[str, Any]) -> Scopes:
    """Read ``scp`` (array or string) or ``scope`` (string, or an array some issuers send)."""
    for name in ("scp", "scope"):
        if name not in claims:
            continue
        value = claims[name]
        if isinstance(value, str):
            return Scopes(name, tuple(value.split()), "string")
        if isinstance(value, list):
            return Scopes(name, tuple(item for item in value if isinstance(item, str)), "array")
        return Scopes(name, (), "other")
    return Scopes(None, (), "absent")


def describe_value(value: Any, limit: int = 120) -> str:
    """A short JSON-like rendering of a claim value for result text."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_empty(value: Any) -> bool:
    """True for the values a service provider treats as 'no value': null, "", [], {}."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    return isinstance(value, list | dict) and len(value) == 0
