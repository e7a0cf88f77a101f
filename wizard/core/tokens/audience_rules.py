"""What to change when ``aud`` does not name who reads the token, per provider."""

from __future__ import annotations

_ACCESS_FIX: dict[str, str] = {
    "okta-custom": (
        "In Okta (Security > API > Authorization Servers > your server > Settings) the Audience "
        "is what goes into aud: make it {target}, or make your API expect the server's Audience."
    ),
    "okta-org": (
        "Org-server access tokens are for Okta's APIs only: use a custom authorization server "
        "whose Audience is {target}."
    ),
    "auth0": (
        "Request the token with audience={target}, the API's Identifier (Applications > APIs). "
        "Without an audience Auth0 issues a token for /userinfo only, or for the tenant's "
        "default audience if one is set."
    ),
    "entra-v2": (
        "v2.0 access tokens carry the API's application (client) id GUID in aud, even when the "
        "scope was requested as api://…; make the validator accept that GUID, and request a "
        "scope the API exposes."
    ),
    "entra-v1": (
        "v1.0 access tokens carry the App ID URI (or GUID) that was requested as the resource; "
        "request {target} as the resource, or make the validator accept what aud says."
    ),
    "keycloak": (
        "Keycloak adds an API to aud only through an audience mapper (Client scopes > "
        "dedicated scope > Add mapper > Audience) or client-role audience resolution; by "
        "default aud is often just 'account'. Add a mapper for {target}."
    ),
    "google": (
        "Google access tokens are opaque; only Google ID tokens are JWTs, with the OAuth client "
        "id in aud."
    ),
}
_GENERIC_ACCESS_FIX = (
    "Make the issuer put {target} in aud (usually the audience or resource parameter of the "
    "token request, or the API's configured identifier), or make the API expect what aud says."
)
_ID_FIX = (
    "An ID token's aud is the client id of the application that logged the user in. Give the "
    "service provider that client id, or have the token requested by the service provider's "
    "own client ({target})."
)


def audience_fix(provider: str, kind: str, target: str | None) -> str:
    """The fix sentence for an aud that lacks `target`, in the provider's terms."""
    shown = repr(target) if target else "the expected value"
    if kind == "id":
        return _ID_FIX.format(target=shown)
    return _ACCESS_FIX.get(provider, _GENERIC_ACCESS_FIX).format(target=shown)
