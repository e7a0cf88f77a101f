"""Keycloak's token shapes: payload typ, the default `account` audience, azp, where roles sit.

Sources (docs/FLOWS.md, "Provider facts"): Keycloak's server administration guide (audience
mappers, protocol mappers' "Add to ID token"), its hostname guide (the frontend URL decides
`iss`) and RFC 6749 section 1.5 (a refresh token is for the authorization server only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from wizard.core.tokens import references as ref
from wizard.core.tokens.claims import audiences
from wizard.core.vocab.findings import Findings

# Keycloak's payload typ values and the token each one is.
TYP_MEANING = {
    "Bearer": "an access token",
    "ID": "an ID token",
    "Refresh": "a refresh token",
    "Offline": "an offline token (a long-lived refresh token)",
}
DEFAULT_AUDIENCE = "account"


def keycloak_token_findings(
    claims: Mapping[str, Any], audience: str | None, issuer: str | None
) -> Findings:
    """What a Keycloak token's own shape says about why an API rejects it."""
    found = Findings()
    typ = claims.get("typ")
    aud = audiences(claims)
    azp = claims.get("azp")
    found.evidence.update({"typ": typ, "aud": aud, "azp": azp, "iss": claims.get("iss")})
    meaning = TYP_MEANING.get(str(typ), "")
    if typ in ("Refresh", "Offline"):
        found.facts["keycloak_fault"] = "refresh-token"
        found.add(
            f"The payload's typ is {typ!r}: this is {meaning} - a refresh token sent as a bearer. "
            "That is a client bug, not an audience problem (its aud is the realm URL because "
            "only Keycloak itself reads it).",
            "fail",
            "Send the access_token of the token response; keep the refresh_token for the token "
            "endpoint (grant_type=refresh_token).",
        )
        found.refs.append(ref.RFC_6749_REFRESH)
        return found
    if typ == "ID":
        found.facts["keycloak_fault"] = "id-token"
        found.add(
            "The payload's typ is 'ID': this is an ID token; an API wants the access token "
            "(typ 'Bearer') from the same token response.",
            "fail",
            "Send the access_token of the token response as the bearer.",
        )
        return found
    parts = [f"typ {typ!r} ({meaning})" if meaning else "no Keycloak typ in the payload"]
    parts += [f"azp {azp!r}"] if azp else []
    said = f"A Keycloak token: {', '.join(parts)}, aud {aud}."
    if issuer:
        _frontend_url(found, claims.get("iss"), issuer)
    if audience and audience not in aud:
        found.facts.setdefault("keycloak_fault", "audience")
        only_default = aud in ([DEFAULT_AUDIENCE], [])
        found.add(
            f"{said} The API expects {audience!r}, which is not in aud"
            + (
                f": Keycloak's default audience is just {DEFAULT_AUDIENCE!r}."
                if only_default
                else "."
            ),
            "fail",
            f"Add an Audience mapper for {audience!r} (Clients > {azp or 'your client'} > "
            "Client scopes > dedicated scope > Add mapper > By configuration > Audience, "
            "'Add to access token' on), or a client scope that carries one.",
        )
        found.refs.append(ref.KEYCLOAK_AUDIENCE)
    elif found.status == "pass":
        found.add(said)
    return found


def _frontend_url(found: Findings, token_iss: Any, expected: str) -> None:
    if not isinstance(token_iss, str) or token_iss == expected:
        return
    try:
        got, want = urlsplit(token_iss), urlsplit(expected)
    except ValueError:
        return
    same_realm = got.path.rstrip("/") == want.path.rstrip("/")
    if not same_realm or got.netloc.lower() == want.netloc.lower():
        return
    found.facts["keycloak_fault"] = "frontend-url"
    found.add(
        f"The token's iss is {token_iss!r} but the service expects {expected!r}: the same realm "
        "through another hostname. Keycloak writes its frontend URL (the hostname setting) into "
        "iss, whatever address the service uses to reach it; userinfo and introspection called "
        "through the other hostname answer 'Token verification failed' / active: false.",
        "fail",
        "Make the service expect the issuer the token carries (the frontend URL), or set "
        "Keycloak's hostname (KC_HOSTNAME, or the realm's Frontend URL) to the address every "
        "party uses; a service inside the cluster may keep its own backchannel address "
        "(hostname-backchannel-dynamic) for its calls.",
    )
    found.refs.append(ref.KEYCLOAK_HOSTNAME)


def keycloak_roles_findings(
    id_claims: Mapping[str, Any] | None,
    access_claims: Mapping[str, Any] | None,
    client: str | None,
) -> Findings:
    """Where the realm and client roles are: access token by default, ID token only if mapped."""
    found = Findings()
    found.refs.append(ref.KEYCLOAK_ROLES_MAPPER)
    in_id = _roles(id_claims, client) if id_claims is not None else None
    in_access = _roles(access_claims, client) if access_claims is not None else None
    found.evidence.update({"id_token_roles": in_id, "access_token_roles": in_access})
    if in_id is None and in_access is None:
        found.status = "skip"
        found.lines.append("Not run: it needs a Keycloak ID token or access token.")
        return found
    if in_id is not None and not in_id and in_access:
        found.facts["keycloak_fault"] = "roles-access-only"
        found.add(
            f"The roles ({', '.join(in_access)}) are only in the access token: the ID token has "
            "no realm_access / resource_access. Keycloak's role mappers put roles into the "
            "access token by default and into the ID token only with 'Add to ID token'.",
            "fail",
            "In Client scopes > roles > Mappers, open 'realm roles' (and 'client roles') and "
            "turn on 'Add to ID token'; or have the service read roles from the access token.",
        )
        return found
    where = []
    if in_id:
        where.append(f"ID token: {', '.join(in_id)}")
    if in_access:
        where.append(f"access token: {', '.join(in_access)}")
    if not where:
        found.add(
            "Neither token has realm_access.roles or resource_access.<client>.roles.",
            "warn",
            "Assign the roles to the user (or a group) and keep the 'roles' client scope on the "
            "client; check with Client scopes > Evaluate.",
        )
        return found
    found.add("Roles found (" + "; ".join(where) + ").")
    return found


def _roles(claims: Mapping[str, Any] | None, client: str | None) -> list[str]:
    if not claims:
        return []
    roles: list[str] = []
    realm = claims.get("realm_access")
    if isinstance(realm, Mapping):
        roles += [f"realm:{r}" for r in realm.get("roles") or [] if isinstance(r, str)]
    resources = claims.get("resource_access")
    if isinstance(resources, Mapping):
        for name, entry in resources.items():
            if client and name != client or not isinstance(entry, Mapping):
                continue
            roles += [f"{name}:{r}" for r in entry.get("roles") or [] if isinstance(r, str)]
    return roles
