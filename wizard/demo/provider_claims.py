"""Keycloak and Microsoft Entra claim shapes for the demo identity provider.

Keycloak: payload `typ` (`Bearer`, `ID`), `azp`, `aud` of `account` plus what audience mappers
add, roles in `realm_access` / `resource_access` of the access token only (the default role
mappers leave them out of the ID token). Entra: `ver`, `tid`, `oid`, a space-separated `scp`,
v2.0 `aud` = the API's application id, v1.0 issuer without `/v2.0`; a Graph token has Graph's
application id as `aud` and a `nonce` in its header.
"""

from __future__ import annotations

import secrets

from wizard.demo.recipes import DemoUser, TokenRecipe

KEYCLOAK_REALM = "demo"
KEYCLOAK_REALM_ROLES = ("default-roles-demo", "offline_access", "orders-admin")
ENTRA_TENANT = "4b1c8d2e-9f3a-4e6b-8c7d-1a2b3c4d5e6f"
ENTRA_API_APP_ID = "6e74172b-be56-4843-9ff4-e66a39bb12e3"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"


def keycloak_access_claims(
    issuer: str,
    client_id: str,
    user: DemoUser,
    recipe: TokenRecipe,
    audience: tuple[str, ...],
    issued_at: int,
) -> dict[str, object]:
    """A Keycloak access token's payload: typ Bearer, azp, account audience, realm roles."""
    return {
        "exp": issued_at + recipe.lifetime,
        "iat": issued_at,
        "jti": secrets.token_hex(16),
        "iss": issuer,
        "aud": audience[0] if len(audience) == 1 else list(audience),
        "sub": user.sub,
        "typ": "Bearer",
        "azp": client_id,
        "sid": secrets.token_hex(16),
        "acr": "1",
        "realm_access": {"roles": list(KEYCLOAK_REALM_ROLES)},
        "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
        "scope": " ".join(recipe.scopes),
        "email_verified": True,
        "preferred_username": user.preferred_username,
        "email": user.email,
    }


def keycloak_id_claims(
    issuer: str, client_id: str, user: DemoUser, recipe: TokenRecipe, issued_at: int
) -> dict[str, object]:
    """A Keycloak ID token's payload: typ ID, aud and azp the client, and no roles."""
    return {
        "exp": issued_at + recipe.lifetime,
        "iat": issued_at,
        "auth_time": issued_at - 5,
        "jti": secrets.token_hex(16),
        "iss": issuer,
        "aud": client_id,
        "sub": user.sub,
        "typ": "ID",
        "azp": client_id,
        "nonce": secrets.token_urlsafe(12),
        "sid": secrets.token_hex(16),
        "email_verified": True,
        "preferred_username": user.preferred_username,
        "email": user.email,
    }


def entra_access_claims(
    issuer: str,
    client_id: str,
    user: DemoUser,
    recipe: TokenRecipe,
    audience: tuple[str, ...],
    issued_at: int,
) -> dict[str, object]:
    """An Entra access token's payload, v1.0 or v2.0 as the recipe says."""
    claims: dict[str, object] = {
        "aud": audience[0] if len(audience) == 1 else list(audience),
        "iss": entra_issuer(issuer, recipe.version),
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + recipe.lifetime,
        "aio": secrets.token_urlsafe(24),
        "name": user.name,
        "oid": "5c1f9b1e-8e8e-4d5a-9b73-2f3c4d5e6f70",
        "scp": " ".join(recipe.scopes),
        "sub": secrets.token_urlsafe(32),
        "tid": ENTRA_TENANT,
        "uti": secrets.token_urlsafe(16),
        "ver": recipe.version,
    }
    if recipe.version == "2.0":
        claims.update({"azp": client_id, "azpacr": "0", "preferred_username": user.email})
    else:
        claims.update(
            {"appid": client_id, "appidacr": "0", "upn": user.email, "unique_name": user.email}
        )
    return claims


def entra_id_claims(
    issuer: str, client_id: str, user: DemoUser, recipe: TokenRecipe, issued_at: int
) -> dict[str, object]:
    """An Entra v2.0 ID token's payload."""
    return {
        "aud": client_id,
        "iss": issuer,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + recipe.lifetime,
        "name": user.name,
        "nonce": secrets.token_urlsafe(12),
        "oid": "5c1f9b1e-8e8e-4d5a-9b73-2f3c4d5e6f70",
        "preferred_username": user.email,
        "sub": secrets.token_urlsafe(32),
        "tid": ENTRA_TENANT,
        "ver": "2.0",
    }


def entra_issuer(v2_issuer: str, version: str) -> str:
    """The issuer a token of `version` carries: v1.0 drops the /v2.0 (on loopback, same host)."""
    if version == "2.0":
        return v2_issuer
    return v2_issuer.removesuffix("/v2.0") + "/"
