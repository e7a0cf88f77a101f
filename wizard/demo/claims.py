"""Token claim shapes per provider, so the wizard's detection by claim shape works on loopback.

Okta tokens carry `ver`, `cid`, `uid` and an `scp` array; Auth0 tokens carry `azp` and a `scope`
string, and the `{issuer}userinfo` audience only when `openid` was asked for and the API is not
HS256; a generic provider follows RFC 9068 (`client_id`, `scope` string).
"""

from __future__ import annotations

import secrets

from wizard.demo.provider_claims import (
    ENTRA_API_APP_ID,
    entra_access_claims,
    entra_id_claims,
    keycloak_access_claims,
    keycloak_id_claims,
)
from wizard.demo.recipes import DemoUser, Provider, TokenRecipe

AUTH0_API = "https://api.demo.test"
GENERIC_API = "https://api.demo.test"
OKTA_CUSTOM_AUDIENCE = "api://default"


def default_audience(provider: Provider, issuer: str) -> tuple[str, ...]:
    """The audience an access token gets when the scenario does not say otherwise."""
    if provider == "okta-org":
        # Org-server access tokens are for Okta's own APIs: their audience is the org URL.
        return (issuer,)
    if provider == "okta-custom":
        return (OKTA_CUSTOM_AUDIENCE,)
    if provider == "keycloak":
        # Without an audience mapper Keycloak's access tokens name only the account console.
        return ("account",)
    if provider == "entra":
        return (ENTRA_API_APP_ID,)
    return (AUTH0_API,) if provider == "auth0" else (GENERIC_API,)


def auth0_audience(api_audience: tuple[str, ...], issuer: str, recipe: TokenRecipe) -> list[str]:
    """Auth0's rule: `/userinfo` joins the audience for `openid` on a non-HS256 API."""
    audience = list(api_audience)
    if "openid" in recipe.scopes and recipe.signing != "HS256":
        audience.append(f"{issuer}userinfo")
    return audience


def access_claims(
    provider: Provider,
    issuer: str,
    client_id: str,
    user: DemoUser,
    recipe: TokenRecipe,
    audience: tuple[str, ...],
    issued_at: int,
) -> dict[str, object]:
    """The payload of an access token in the provider's shape."""
    times = {"iat": issued_at, "exp": issued_at + recipe.lifetime}
    if provider == "keycloak":
        return keycloak_access_claims(issuer, client_id, user, recipe, audience, issued_at)
    if provider == "entra":
        return entra_access_claims(issuer, client_id, user, recipe, audience, issued_at)
    if provider in ("okta-org", "okta-custom"):
        return {
            "ver": 1,
            "jti": f"AT.{secrets.token_urlsafe(16)}",
            "iss": issuer,
            "aud": audience[0] if len(audience) == 1 else list(audience),
            **times,
            "cid": client_id,
            "uid": user.sub,
            "scp": list(recipe.scopes),
            "auth_time": issued_at - 5,
            # Okta puts the login, not the user id, in an access token's `sub`.
            "sub": user.email,
        }
    if provider == "auth0":
        full_audience = auth0_audience(audience, issuer, recipe)
        return {
            "iss": issuer,
            "sub": user.sub,
            "aud": full_audience[0] if len(full_audience) == 1 else full_audience,
            **times,
            "azp": client_id,
            "scope": " ".join(recipe.scopes),
        }
    return {
        "iss": issuer,
        "sub": user.sub,
        "aud": audience[0] if len(audience) == 1 else list(audience),
        **times,
        "jti": secrets.token_urlsafe(16),
        "client_id": client_id,
        "scope": " ".join(recipe.scopes),
    }


def profile_claims(user: DemoUser, scopes: tuple[str, ...] | list[str]) -> dict[str, object]:
    """The user claims that the granted scopes release (ID token and userinfo)."""
    claims: dict[str, object] = {}
    if "profile" in scopes:
        claims.update({"name": user.name, "preferred_username": user.preferred_username})
    if "email" in scopes:
        claims.update({"email": user.email, "email_verified": True})
    claims.update(user.extra_claims)
    return claims


def id_claims(
    provider: Provider,
    issuer: str,
    client_id: str,
    user: DemoUser,
    recipe: TokenRecipe,
    issued_at: int,
) -> dict[str, object]:
    """The payload of an ID token in the provider's shape."""
    if provider == "keycloak":
        return {
            **keycloak_id_claims(issuer, client_id, user, recipe, issued_at),
            **profile_claims(user, recipe.scopes),
        }
    if provider == "entra":
        return entra_id_claims(issuer, client_id, user, recipe, issued_at)
    claims: dict[str, object] = {
        "iss": issuer,
        "sub": user.sub,
        "aud": client_id,
        "iat": issued_at,
        "exp": issued_at + recipe.lifetime,
        "auth_time": issued_at - 5,
        "nonce": secrets.token_urlsafe(12),
    }
    if provider in ("okta-org", "okta-custom"):
        claims.update({"ver": 1, "jti": f"ID.{secrets.token_urlsafe(16)}", "amr": ["pwd"]})
        claims["idp"] = "00odemo7okta4idp"
    elif provider == "auth0":
        claims["sid"] = secrets.token_urlsafe(16)
    claims.update(profile_claims(user, recipe.scopes))
    return claims


def granted_scopes(claims: dict[str, object]) -> tuple[str, ...]:
    """The scopes of an access token, whether it says `scp` (array) or `scope` (string)."""
    scp = claims.get("scp")
    if isinstance(scp, list):
        return tuple(str(s) for s in scp)
    scope = claims.get("scope")
    return tuple(scope.split()) if isinstance(scope, str) else ()
