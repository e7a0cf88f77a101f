"""Tokens for the tests, signed with the test keys of `wizard.demo.keys` (never real ones)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from wizard.demo.keys import SigningKey

# 2026-11-22 11:00:00 UTC: the fixed "now" of every token test.
FIXED_NOW = 1_795_345_200
HS_SECRET = "a-test-only-shared-secret-" + "x" * 40  # 64+ bytes: long enough for HS512
SEED_001 = Path(__file__).resolve().parents[2] / "data" / "seed001_token.txt"

OKTA_CUSTOM_ISS = "https://acme.okta.com/oauth2/default"
OKTA_ORG_ISS = "https://acme.okta.com"
AUTH0_ISS = "https://acme.eu.auth0.com/"
KEYCLOAK_ISS = "https://sso.example.test/realms/acme"
ENTRA_TID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CLIENT_ID = "0oa1clientid"
API_AUDIENCE = "api://default"


KID = "test-key-1"


def mint(claims: dict[str, Any], alg: str = "RS256", headers: dict[str, Any] | None = None) -> str:
    """Sign `claims` with a test key for `alg` (RS*, ES256 or HS*)."""
    if alg.startswith("HS"):
        key = SigningKey.shared(HS_SECRET, alg, KID)
    else:
        key = SigningKey.of("ec" if alg.startswith("ES") else "rsa", KID, alg)
    return key.sign(claims, headers)


def b64(data: bytes | str | dict[str, Any]) -> str:
    """Unpadded base64url of bytes, text or a JSON object, for hand-built tokens."""
    if isinstance(data, dict):
        data = json.dumps(data)
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def handmade(header: Any, payload: Any, signature: str = "c2lnbmF0dXJl") -> str:
    """A JWS-shaped string with arbitrary header and payload segments (already encoded or not)."""
    head = header if isinstance(header, str) else b64(header)
    body = payload if isinstance(payload, str) else b64(payload)
    return f"{head}.{body}.{signature}"


def jwe(header: dict[str, Any]) -> str:
    """A five-part compact JWE with a readable header and random-looking other parts."""
    return ".".join([b64(header), "", b64(b"iv-of-twelve"), b64(b"ciphertext" * 4), b64(b"tag")])


def times(issued_ago: int = 600, lifetime: int = 3600) -> dict[str, int]:
    iat = FIXED_NOW - issued_ago
    return {"iat": iat, "exp": iat + lifetime}


def okta_access(**overrides: Any) -> dict[str, Any]:
    claims = {
        "ver": 1,
        "jti": "AT.test",
        "iss": OKTA_CUSTOM_ISS,
        "aud": API_AUDIENCE,
        "cid": CLIENT_ID,
        "uid": "00u1user",
        "scp": ["openid", "profile", "email"],
        "sub": "alice@example.test",
        **times(),
    }
    claims.update(overrides)
    return claims


def okta_id(**overrides: Any) -> dict[str, Any]:
    claims = {
        "ver": 1,
        "iss": OKTA_CUSTOM_ISS,
        "aud": CLIENT_ID,
        "sub": "00u1user",
        "nonce": "n-0S6_WzA2Mj",
        "email": "alice@example.test",
        "preferred_username": "alice@example.test",
        **times(),
    }
    claims.update(overrides)
    return claims


def auth0_access(**overrides: Any) -> dict[str, Any]:
    claims = {
        "iss": AUTH0_ISS,
        "sub": "auth0|65f0c0ffee",
        "aud": ["https://api.example.test", "https://acme.eu.auth0.com/userinfo"],
        "azp": "Auth0ClientId123",
        "scope": "openid profile email read:reports",
        **times(),
    }
    claims.update(overrides)
    return claims


def keycloak_id(**overrides: Any) -> dict[str, Any]:
    claims = {
        "iss": KEYCLOAK_ISS,
        "aud": "opensearch",
        "sub": "USERID",
        "typ": "ID",
        "azp": "opensearch",
        "preferred_username": "userid",
        "realm_access": {"roles": ["admin", "reader"]},
        **times(),
    }
    claims.update(overrides)
    return claims
