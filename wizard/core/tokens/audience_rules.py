"""Whether ``aud`` names who reads the token, and what to change, per provider, when not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.tokens import references as ref
from wizard.core.tokens.claims import audiences
from wizard.core.tokens.providers import is_graph_token
from wizard.core.vocab.findings import Findings

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


_KIND_PHRASE = {"id": "an ID token", "access": "an access token"}


def audience_fix(provider: str, kind: str, target: str | None) -> str:
    """The fix sentence for an aud that lacks `target`, in the provider's terms."""
    shown = repr(target) if target else "the expected value"
    if kind == "id":
        return _ID_FIX.format(target=shown)
    return _ACCESS_FIX.get(provider, _GENERIC_ACCESS_FIX).format(target=shown)


def audience_findings(
    claims: Mapping[str, Any],
    kind: str,
    provider: str,
    client_id: str | None,
    wanted: str | None,
) -> Findings:
    """Check that ``aud`` names the reader: the client for ID tokens, the API for access tokens.

    Returns status ``skip`` when the value to compare with was not given.
    """
    found = Findings()
    aud = audiences(claims)
    found.evidence.update(
        {"aud": claims.get("aud"), "kind": kind, "client_id": client_id, "audience": wanted}
    )
    shown = "[" + ", ".join(f'"{a}"' for a in aud) + "]"
    iss = claims.get("iss")
    if kind == "refresh":
        found.add(
            f"aud is {shown}, but this is a refresh token sent as a bearer (see the 'ID token or "
            "access token' card): its audience is not the problem, the client sends the wrong "
            "token.",
            "fail",
            "Send the access_token of the token response, not the refresh_token.",
        )
        return found
    if is_graph_token(claims) and wanted not in aud:
        found.add(
            f"aud is {shown}: a Microsoft Graph token, for Graph alone and never for your own "
            "API (see the 'Microsoft Entra token' card).",
            "fail",
            "Request a token for a scope your API exposes (api://<app id>/...), not a Graph "
            "scope such as User.Read.",
        )
        return found
    if provider == "okta-org" and kind == "access" and wanted != iss:
        _okta_org_access(found, iss, shown, wanted)
        return found
    if provider == "cognito" and not aud and claims.get("token_use") == "access":
        _cognito_access(found, claims, client_id, wanted)
        return found
    if not aud:
        found.add(
            f"The token has no usable aud claim (found {claims.get('aud')!r}); ID tokens must "
            "have one and JWT access tokens should (RFC 9068).",
            "fail",
            audience_fix(provider, kind, wanted or client_id),
        )
        return found
    if kind == "id" or (kind != "access" and not wanted):
        target, label, need = client_id, "the client id", "client_id"
    else:
        target, label, need = wanted, "the expected audience", "audience"
    if target is None:
        found.status = "skip"
        found.lines.append(
            f"aud is {shown} ({_KIND_PHRASE.get(kind, 'a token of unknown kind')}); give {need} "
            f"to compare it with {label}."
        )
        return found
    note = _side_note(claims, provider, aud)
    if provider == "google" and kind == "id":
        note += _google_azp_note(claims, aud, target)
    if target in aud:
        found.add(f"aud is {shown}, which contains {label} {target!r}.{note}")
        return found
    near_note = _near_miss(aud, target)
    found.add(
        f"aud is {shown}, expected it to contain {label} {target!r}.{near_note}{note}",
        "fail",
        audience_fix(provider, "id" if need == "client_id" else "access", target),
    )
    return found


def _cognito_access(
    found: Findings, claims: Mapping[str, Any], client_id: str | None, wanted: str | None
) -> None:
    # Cognito access tokens have no aud at all; the app client is in client_id.
    token_client = claims.get("client_id")
    expected = client_id or wanted
    said = (
        f"This Cognito access token has client_id {token_client!r} instead of aud: Cognito "
        "never puts an audience into access tokens, and cannot be made to."
    )
    fix = (
        "Validate client_id (and token_use: access) instead of aud; AWS API Gateway's JWT "
        "authorizer does so by itself when aud is absent. Or send the ID token, whose aud is "
        "the app client id, if the service provider wants an ID token."
    )
    found.refs.append(ref.COGNITO_VERIFY)
    if expected is None or expected == token_client:
        found.add(f"{said} Check client_id, not aud.", "pass" if expected else "warn", fix)
        return
    found.add(
        f"{said} It names another app client than the expected {expected!r}.",
        "fail",
        "Request the token with the app client the service provider expects, or make it "
        f"expect {token_client!r}; validate client_id, not aud.",
    )


def _google_azp_note(claims: Mapping[str, Any], aud: list[str], target: str) -> str:
    azp = claims.get("azp")
    if not isinstance(azp, str) or azp in aud:
        return ""
    if azp == target:
        return (
            f" Google: azp {azp!r} is the client that asked, aud the client the token was issued"
            " for; a token your client requested for another client id is not yours to accept."
        )
    return (
        f" Google: azp {azp!r} (the client that asked, e.g. an Android app) differs from aud; "
        "that is normal, and aud alone must be your web client id."
    )


def _near_miss(aud: list[str], target: str) -> str:
    near = [a for a in aud if a.rstrip("/").lower() == target.rstrip("/").lower()]
    if near:
        return (
            f" {near[0]!r} differs from it only in case or a trailing slash, and audiences are "
            "compared exactly."
        )
    bare = target.removeprefix("api://").rstrip("/")
    if bare != target and bare in aud:
        # Entra v2.0 access tokens name the API by its application id, without api://.
        return (
            f" aud has the bare application id {bare!r}: Entra v2.0 access tokens carry the "
            "API's client id GUID, not its api:// App ID URI."
        )
    if f"api://{target}" in aud:
        return (
            f" aud has 'api://{target}': Entra v1.0 tokens carry the App ID URI that was "
            "requested as the resource."
        )
    return ""


def _okta_org_access(found: Findings, iss: Any, shown: str, wanted: str | None) -> None:
    # Seed 000: the org server signs access tokens only Okta's own APIs can validate.
    line = (
        f"This access token comes from Okta's org authorization server (iss {iss!r}, aud "
        f"{shown}). Org-server access tokens are meant for Okta's own APIs only: your own API "
        "cannot validate them, whatever its audience setting."
    )
    fix = (
        "Request tokens from a custom authorization server (for example 'default', issuer "
        "https://ORG.okta.com/oauth2/default) and set that server's Audience to what your API "
        "expects (e.g. api://default)."
    )
    if wanted is None:
        line += " Fine for Okta's APIs (e.g. its /userinfo); a 401 if sent to your own API."
        found.add(line, "warn", fix)
    else:
        found.add(f"{line} Your API expects {wanted!r}.", "fail", fix)


def _side_note(claims: Mapping[str, Any], provider: str, aud: list[str]) -> str:
    iss = claims.get("iss")
    userinfo = iss.rstrip("/") + "/userinfo" if isinstance(iss, str) else ""
    if provider == "auth0" and userinfo and userinfo not in aud:
        return (
            f" Note: aud lacks {userinfo}, so Auth0's /userinfo rejects this token "
            "(see the “Auth0 /userinfo audience” card)."
        )
    if len(aud) > 1 and "azp" not in claims:
        return " Note: aud has several values and no azp claim (OIDC Core 3.1.3.7 expects azp)."
    return ""
