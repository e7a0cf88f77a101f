"""Which provider issued a token, from the shape of ``iss`` and of the claims.

The guess only steers the advice (which console setting to look at, which flow to suggest);
no verdict depends on it alone, so every guess carries the reasons it was made.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from wizard.core.tokens.claims import namespaced_claims

OKTA_ORG = "okta-org"
OKTA_CUSTOM = "okta-custom"
AUTH0 = "auth0"
KEYCLOAK = "keycloak"
ENTRA_V1 = "entra-v1"
ENTRA_V2 = "entra-v2"
GOOGLE = "google"
COGNITO = "cognito"
PING = "ping"
GENERIC = "generic"

PROVIDER_LABELS: dict[str, str] = {
    OKTA_ORG: "Okta, org authorization server",
    OKTA_CUSTOM: "Okta, custom authorization server",
    AUTH0: "Auth0",
    KEYCLOAK: "Keycloak",
    ENTRA_V1: "Microsoft Entra ID, v1.0 tokens",
    ENTRA_V2: "Microsoft Entra ID, v2.0 tokens",
    GOOGLE: "Google",
    COGNITO: "AWS Cognito user pool",
    PING: "PingOne",
    GENERIC: "an OpenID provider with no provider-specific shape",
}

ISSUER_SHAPES: dict[str, str] = {
    OKTA_ORG: "https://ORG.okta.com (no path, no trailing slash)",
    OKTA_CUSTOM: "https://ORG.okta.com/oauth2/default or …/oauth2/aus… (no trailing slash)",
    AUTH0: "https://TENANT.auth0.com/ (with the trailing slash), or your custom domain",
    KEYCLOAK: "https://HOST/realms/REALM (Keycloak 17+) or https://HOST/auth/realms/REALM (older)",
    ENTRA_V1: "https://sts.windows.net/TENANT-ID/ (with the trailing slash)",
    ENTRA_V2: "https://login.microsoftonline.com/TENANT-ID/v2.0",
    GOOGLE: "https://accounts.google.com (ID tokens may also say accounts.google.com)",
    COGNITO: "https://cognito-idp.REGION.amazonaws.com/USER-POOL-ID (no trailing slash)",
    PING: "https://auth.pingone.com/ENVIRONMENT-ID/as (or .eu, .ca, .asia)",
}
# Microsoft Graph's own audience: tokens for it are for Graph alone.
GRAPH_AUDIENCES = (
    "00000003-0000-0000-c000-000000000000",
    "https://graph.microsoft.com",
    "https://graph.microsoft.com/",
)

# Okta's own domains (commercial, preview, EMEA cell, Okta for Government, Okta for US Military):
# the one list every check uses, so token.provider and okta.server agree on a token.
OKTA_DOMAINS = ("okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil")
_OKTA_CUSTOM_PATH = re.compile(r"^/oauth2/(default|aus[0-9A-Za-z]+)/?$")
_ANY_OAUTH2_SERVER_PATH = re.compile(r"^/oauth2/[^/]+/?$")
_OAUTH2_SERVER_ID = re.compile(r"^/oauth2/([^/]+)/?$")
_KEYCLOAK_PATH = re.compile(r"^(/[^/]+)*/realms/[^/]+/?$")
_ENTRA_LOGIN_HOSTS = (
    "login.microsoftonline.com",
    "login.microsoftonline.us",
    "login.chinacloudapi.cn",
)
_COGNITO_HOST = re.compile(r"^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$")
_PINGONE_HOST = re.compile(r"^auth\.pingone\.(com|eu|ca|asia|com\.au)$")
_AUTH0_SUB = re.compile(r"^[a-z0-9-]+(-oauth2)?\|[^|]+$")


@dataclass(frozen=True)
class ProviderGuess:
    """A provider id (the fact ``provider``) with the evidence that pointed to it.

    Attributes:
        provider: one of okta-org, okta-custom, auth0, keycloak, entra-v1, entra-v2, google,
            cognito, ping, generic.
        reasons: short phrases: what in ``iss`` or the claims gave it away.
        okta_server: ``org`` or ``custom`` for Okta, else None (the fact ``okta_server``).
    """

    provider: str
    reasons: tuple[str, ...]
    okta_server: str | None = None

    @property
    def label(self) -> str:
        return PROVIDER_LABELS[self.provider]


# Pure and called by several checks per token, mostly with one issuer: a batch of thousands
# of tokens from one provider parses its URL once.
@functools.lru_cache(maxsize=256)
def provider_from_issuer(iss: str) -> tuple[str, str] | None:
    """The provider an issuer URL's shape names, with the reason, or None when it is neutral."""
    if iss == "accounts.google.com":
        return GOOGLE, "iss is Google's issuer"
    try:
        parts = urlsplit(iss)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    path = parts.path
    if host == "accounts.google.com":
        return GOOGLE, "iss is Google's issuer"
    if host == "sts.windows.net":
        return ENTRA_V1, "iss is on sts.windows.net (Entra v1.0 tokens)"
    if host in _ENTRA_LOGIN_HOSTS or host.endswith(".b2clogin.com"):
        if path.rstrip("/").endswith("/v2.0"):
            return ENTRA_V2, f"iss is on {host} and ends in /v2.0 (Entra v2.0 tokens)"
        return ENTRA_V1, f"iss is on {host} without /v2.0 (Entra v1.0 tokens)"
    if host.endswith(".auth0.com"):
        return AUTH0, "iss is on auth0.com"
    if _COGNITO_HOST.match(host):
        return COGNITO, "iss is on cognito-idp.REGION.amazonaws.com (a Cognito user pool)"
    if _PINGONE_HOST.match(host):
        return PING, f"iss is on {host} (PingOne)"
    on_okta = is_okta_host(host)
    if _OKTA_CUSTOM_PATH.match(path) or (on_okta and _ANY_OAUTH2_SERVER_PATH.match(path)):
        return OKTA_CUSTOM, "iss ends in /oauth2/<server id> (an Okta custom authorization server)"
    if on_okta and path in ("", "/"):
        return OKTA_ORG, "iss is an Okta org URL with no /oauth2/ path (the org server)"
    if _KEYCLOAK_PATH.match(path):
        return KEYCLOAK, "iss ends in /realms/<realm> (Keycloak)"
    return None


def is_okta_host(host: str) -> bool:
    """True for a host under one of Okta's own domains (ORG.okta.com, ORG.oktapreview.com, …)."""
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in OKTA_DOMAINS)


def okta_server_of(issuer: str, claims: Mapping[str, Any] | None = None) -> tuple[str | None, str]:
    """("org" | "custom" | None, custom server id): the verdict token.provider gives too.

    `claims` (the token's) let a custom domain be recognised by Okta's claim shapes, exactly
    as `detect_provider` does; the issuer given wins over the token's own `iss`.
    """
    guess = detect_provider({**(claims or {}), "iss": issuer})
    if guess.okta_server is None:
        return None, ""
    custom = _OAUTH2_SERVER_ID.match(_path_of(issuer))
    return guess.okta_server, custom.group(1) if custom and guess.okta_server == "custom" else ""


def detect_provider(
    claims: Mapping[str, Any], header: Mapping[str, Any] | None = None
) -> ProviderGuess:
    """Guess the provider from ``iss`` first, then from provider-specific claims."""
    iss = claims.get("iss")
    if not isinstance(iss, str) and header is not None:
        # Auth0's encrypted access tokens repeat the issuer in the readable header.
        iss = header.get("iss")
    by_issuer = provider_from_issuer(iss) if isinstance(iss, str) else None
    if by_issuer is not None:
        provider, reason = by_issuer
        return _guess(provider, (reason,))
    return _guess_from_claims(claims, iss if isinstance(iss, str) else "")


def _guess_from_claims(claims: Mapping[str, Any], iss: str) -> ProviderGuess:
    if "realm_access" in claims or "resource_access" in claims:
        return _guess(KEYCLOAK, ("the token has realm_access / resource_access (Keycloak roles)",))
    if claims.get("typ") in ("ID", "Bearer", "Refresh", "Offline"):
        return _guess(KEYCLOAK, ("the payload has a typ claim of ID/Bearer (Keycloak)",))
    if _has_cognito_shape(claims):
        return _guess(COGNITO, ("the token has token_use and Cognito's username claims",))
    if "tid" in claims and "ver" in claims:
        version = str(claims.get("ver"))
        provider = ENTRA_V2 if version == "2.0" else ENTRA_V1
        return _guess(provider, (f"the token has tid and ver {version} (Entra)",))
    where = _issuer_place(iss)
    okta_marks = [name for name in ("cid", "uid") if name in claims]
    if okta_marks and isinstance(claims.get("scp"), list):
        path = _path_of(iss)
        provider = OKTA_CUSTOM if path.startswith("/oauth2/") else OKTA_ORG
        marks = ", ".join(okta_marks)
        return _guess(provider, (f"the token has {marks} and an scp array (Okta, {where})",))
    idp = claims.get("idp")
    if claims.get("ver") == 1 and isinstance(idp, str) and idp.startswith("00o"):
        # Okta's ID tokens carry no cid or scp, but always the org's identity provider id.
        provider = OKTA_CUSTOM if _path_of(iss).startswith("/oauth2/") else OKTA_ORG
        return _guess(provider, (f"the token has Okta's idp (00o…) and ver 1 (Okta, {where})",))
    namespaced = namespaced_claims(claims)
    sub = claims.get("sub")
    auth0_sub = isinstance(sub, str) and _AUTH0_SUB.match(sub) is not None
    if "gty" in claims or (auth0_sub and "azp" in claims):
        return _guess(AUTH0, (f"the sub is connection|id and azp is set (Auth0, {where})",))
    if auth0_sub and "sid" in claims:  # an ID token: no azp, but the login session's id
        return _guess(AUTH0, (f"the sub is connection|id and sid is set (Auth0, {where})",))
    if namespaced and "azp" in claims:
        return _guess(AUTH0, (f"the token has azp and namespaced claims (Auth0, {where})",))
    return _guess(GENERIC, ("neither iss nor the claims have a known provider's shape",))


def _has_cognito_shape(claims: Mapping[str, Any]) -> bool:
    # Cognito ID tokens carry cognito:username; its access tokens client_id and username.
    use = claims.get("token_use")
    if use == "id":
        return "cognito:username" in claims
    return use == "access" and "client_id" in claims and "username" in claims


def _guess(provider: str, reasons: tuple[str, ...]) -> ProviderGuess:
    server = {OKTA_ORG: "org", OKTA_CUSTOM: "custom"}.get(provider)
    return ProviderGuess(provider=provider, reasons=reasons, okta_server=server)


@functools.lru_cache(maxsize=256)
def _issuer_place(iss: str) -> str:
    """How to name an issuer the provider's own hosts do not cover: a custom domain, unless it
    is this machine (a demo, a tunnel), which no one would call a custom domain."""
    try:
        host = (urlsplit(iss).hostname or "").lower()
    except ValueError:
        host = ""
    if host == "localhost" or host.endswith(".localhost"):
        return "an issuer on this machine"
    try:
        if ipaddress.ip_address(host).is_loopback:
            return "an issuer on this machine"
    except ValueError:
        pass
    return "custom domain" if host else "no issuer to go by"


def _path_of(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def is_graph_token(claims: Mapping[str, Any]) -> bool:
    """True for a Microsoft Graph access token (its aud is Graph's id or URL)."""
    aud = claims.get("aud")
    values = aud if isinstance(aud, list) else [aud]
    return any(isinstance(value, str) and value in GRAPH_AUDIENCES for value in values)
