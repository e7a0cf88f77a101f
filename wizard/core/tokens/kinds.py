"""Telling an ID token from an access token by its marks (RFC 9068, OIDC Core 2).

No single claim settles it for every provider, so each mark votes and the reasons are kept:
the user sees why the wizard thinks what it thinks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard.core.tokens.claims import audiences
from wizard.core.tokens.providers import GOOGLE, provider_from_issuer

ID = "id"
ACCESS = "access"
REFRESH = "refresh"
UNKNOWN = "unknown"
# Keycloak's payload typ for refresh tokens (an offline token is a long-lived refresh token).
_REFRESH_TYPES = ("Refresh", "Offline")

# typ values that mark a JWT access token: RFC 9068 section 2.1.
_ACCESS_TYPES = ("at+jwt", "application/at+jwt")


@dataclass(frozen=True)
class KindGuess:
    """``id``, ``access``, ``refresh`` or ``unknown`` (the fact ``token_kind``), and the marks.

    Attributes:
        kind: the verdict.
        id_marks: phrases naming what looked like an ID token.
        access_marks: phrases naming what looked like an access token.
    """

    kind: str
    id_marks: tuple[str, ...] = ()
    access_marks: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.id_marks + self.access_marks


def detect_kind(
    header: Mapping[str, Any], claims: Mapping[str, Any], client_id: str | None = None
) -> KindGuess:
    """Weigh the ID-token and access-token marks of a decoded JWT."""
    id_marks: list[str] = []
    access_marks: list[str] = []
    typ = header.get("typ")
    if isinstance(typ, str) and typ.lower() in _ACCESS_TYPES:
        # The one explicit, standard marker: it settles the question by itself.
        return KindGuess(ACCESS, (), (f"header typ is {typ!r} (RFC 9068)",))
    payload_typ = claims.get("typ")
    if payload_typ in _REFRESH_TYPES:
        # Keycloak says so itself; a refresh token is for the token endpoint only.
        return KindGuess(
            REFRESH, (), (f"payload typ is {payload_typ!r} (a Keycloak refresh token)",)
        )
    iss = claims.get("iss")
    google = isinstance(iss, str) and (provider_from_issuer(iss) or ("",))[0] == GOOGLE
    if google:
        # Google's access tokens are opaque (ya29.…): a JWT from Google is an ID token, and its
        # azp may differ from aud for Android and iOS clients.
        return KindGuess(ID, ("iss is Google, whose only JWTs are ID tokens",))
    if payload_typ == "ID":
        id_marks.append("payload typ is 'ID' (Keycloak)")
    elif payload_typ == "Bearer":
        access_marks.append("payload typ is 'Bearer' (Keycloak)")
    token_use = claims.get("token_use")
    if token_use in ("id", "access"):
        target = id_marks if token_use == "id" else access_marks
        target.append(f"token_use is {token_use!r}")
    for name in ("nonce", "at_hash", "c_hash"):
        if name in claims:
            id_marks.append(f"it has {name} (only ID tokens carry it)")
    for name in ("scope", "scp"):
        if name in claims:
            access_marks.append(f"it has {name} (scopes are granted to access tokens)")
    for name in ("client_id", "cid"):
        if name in claims:
            access_marks.append(f"it has {name} (access tokens name their client)")
    if claims.get("idtyp") == "app":
        access_marks.append("idtyp is 'app' (an Entra app-only access token)")
    aud = audiences(claims)
    if client_id and aud == [client_id]:
        id_marks.append("aud is exactly the client id")
    elif client_id and aud and client_id not in aud:
        access_marks.append("aud does not contain the client id, so it names some API")
    azp = claims.get("azp")
    if isinstance(azp, str) and aud and azp not in aud:
        # An ID token's audience always includes the client it was issued to (its azp).
        access_marks.append("azp is set but aud does not include it, so aud names an API")
    if aud and all("://" in item for item in aud) and not (client_id and client_id in aud):
        access_marks.append("aud is a URI, the usual shape of an API identifier")
    if id_marks and not access_marks:
        return KindGuess(ID, tuple(id_marks))
    if access_marks and not id_marks:
        return KindGuess(ACCESS, (), tuple(access_marks))
    if len(id_marks) >= len(access_marks) + 2:
        return KindGuess(ID, tuple(id_marks), tuple(access_marks))
    if len(access_marks) >= len(id_marks) + 2:
        return KindGuess(ACCESS, tuple(id_marks), tuple(access_marks))
    return KindGuess(UNKNOWN, tuple(id_marks), tuple(access_marks))
