"""Keycloak, Entra, Cognito and Google tokens in the claim shapes those providers really issue.

The shapes follow the providers' documentation (see CHECKS.md, "Provider facts"): Keycloak's
payload `typ`, `azp`, `realm_access` / `resource_access`; Entra's `ver`, `tid`, `scp` string,
Graph's header nonce and group overage's `_claim_names` / `_claim_sources`; Cognito's
`token_use` and `client_id`; Google's `azp` beside `aud`.
"""

from __future__ import annotations

from typing import Any

from tests.flows.world import mint, times

KEYCLOAK = "https://sso.example.com/realms/acme"
KEYCLOAK_INTERNAL = "http://keycloak.internal:8080/realms/acme"
KC_CLIENT = "orders-web"
KC_API = "orders-api"
# Keycloak signs refresh tokens with the realm's HMAC key (HS512 by default in recent versions).
REALM_HMAC = "realm-hmac-key-" + "k" * 60

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
ENTRA_V1_ISS = f"https://sts.windows.net/{TENANT}/"
ENTRA_V2_ISS = f"https://login.microsoftonline.com/{TENANT}/v2.0"
ENTRA_TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0"
API_APP_ID = "6e74172b-be56-4843-9ff4-e66a39bb12e3"
API_APP_URI = "api://orders"
CLIENT_APP_ID = "0f1c2b3a-4d5e-6f70-8192-a3b4c5d6e7f8"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"

COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
COGNITO_CLIENT = "3n4b5urk1ft4fl3mg5e62d9ado"
GOOGLE = "https://accounts.google.com"
GOOGLE_WEB_CLIENT = "1234567890-web.apps.googleusercontent.com"
GOOGLE_ANDROID_CLIENT = "1234567890-android.apps.googleusercontent.com"


def keycloak_access(iss: str = KEYCLOAK, **extra: Any) -> str:
    claims = {
        "jti": "1f0c3a2e-77aa-4b7e-9a0b-1c2d3e4f5a6b",
        "iss": iss,
        "aud": "account",
        "sub": "9b5c7c1e-5a43-4d2c-8f64-0c1f3c9c2d11",
        "typ": "Bearer",
        "azp": KC_CLIENT,
        "sid": "0d9a5c3e-3f4e-4d4b-9a2f-8d1c7e6b5a4f",
        "acr": "1",
        "allowed-origins": ["https://orders.example.com"],
        "realm_access": {"roles": ["default-roles-acme", "offline_access", "orders-admin"]},
        "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
        "scope": "openid email profile",
        "email_verified": True,
        "preferred_username": "ada",
        "email": "ada@example.com",
        **times(lifetime=300),
    }
    merged = {**claims, **extra}
    return mint({k: v for k, v in merged.items() if v is not None})


def keycloak_id(iss: str = KEYCLOAK, **extra: Any) -> str:
    claims = {
        "iss": iss,
        "aud": KC_CLIENT,
        "sub": "9b5c7c1e-5a43-4d2c-8f64-0c1f3c9c2d11",
        "typ": "ID",
        "azp": KC_CLIENT,
        "nonce": "n-4f2a9c",
        "at_hash": "Zq3v0bB8rSxk2i4yWm7l1A",
        "sid": "0d9a5c3e-3f4e-4d4b-9a2f-8d1c7e6b5a4f",
        "email_verified": True,
        "preferred_username": "ada",
        **times(lifetime=300),
    }
    return mint({**claims, **extra})


def keycloak_refresh(iss: str = KEYCLOAK, typ: str = "Refresh") -> str:
    claims = {
        "jti": "6a1e0b7d-2f3c-4d5e-8f90-a1b2c3d4e5f6",
        "iss": iss,
        "aud": iss,
        "sub": "9b5c7c1e-5a43-4d2c-8f64-0c1f3c9c2d11",
        "typ": typ,
        "azp": KC_CLIENT,
        "sid": "0d9a5c3e-3f4e-4d4b-9a2f-8d1c7e6b5a4f",
        "scope": "openid email profile",
        **times(lifetime=1800),
    }
    return mint(claims, alg="HS512", secret=REALM_HMAC)


def entra_v2_access(**extra: Any) -> str:
    claims = {
        "aud": API_APP_ID,
        "iss": ENTRA_V2_ISS,
        "nbf": times()["iat"],
        "aio": "AWQAm/8UAAAA",
        "azp": CLIENT_APP_ID,
        "azpacr": "0",
        "name": "Ada Lovelace",
        "oid": "5c1f9b1e-8e8e-4d5a-9b73-2f3c4d5e6f70",
        "preferred_username": "ada@contoso.example",
        "rh": "0.AXEAv4j5cvGGr0GRqy180BHbR",
        "scp": "Orders.Read access_as_user",
        "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
        "tid": TENANT,
        "uti": "fqiBqXLPj0eQa82S-IYFAA",
        "ver": "2.0",
        **times(lifetime=4500),
    }
    merged = {**claims, **extra}
    return mint({k: v for k, v in merged.items() if v is not None})


def entra_v1_access(aud: str = API_APP_URI, **extra: Any) -> str:
    claims = {
        "aud": aud,
        "iss": ENTRA_V1_ISS,
        "nbf": times()["iat"],
        "acr": "1",
        "amr": ["pwd"],
        "appid": CLIENT_APP_ID,
        "appidacr": "0",
        "name": "Ada Lovelace",
        "oid": "5c1f9b1e-8e8e-4d5a-9b73-2f3c4d5e6f70",
        "scp": "access_as_user",
        "sub": "l3_roISQU222bULS9yi2k0XpqpOiMz5H3ZACo1GeXA",
        "tid": TENANT,
        "unique_name": "ada@contoso.example",
        "upn": "ada@contoso.example",
        "ver": "1.0",
        **times(lifetime=4500),
    }
    return mint({**claims, **extra})


def entra_graph_access() -> str:
    """A token for Microsoft Graph, with the header nonce only Graph knows how to check."""
    claims = {
        "aud": GRAPH_APP_ID,
        "iss": ENTRA_V1_ISS,
        "app_displayname": "Orders web",
        "appid": CLIENT_APP_ID,
        "scp": "openid profile email User.Read",
        "tid": TENANT,
        "ver": "1.0",
        "upn": "ada@contoso.example",
        **times(lifetime=4500),
    }
    return mint(claims, headers={"nonce": "pz5kFq0hM3lQvR8sT1uW4xY7zA0cB3dE", "x5t": "kid-x5t"})


def entra_app_only(**extra: Any) -> str:
    return entra_v2_access(
        scp=None,
        name=None,
        preferred_username=None,
        roles=["Orders.Read.All"],
        idtyp="app",
        **extra,
    )


def entra_overage(**extra: Any) -> str:
    return entra_v2_access(
        _claim_names={"groups": "src1"},
        _claim_sources={
            "src1": {"endpoint": f"https://graph.windows.net/{TENANT}/users/5c1f/getMemberObjects"}
        },
        **extra,
    )


def cognito_access(**extra: Any) -> str:
    claims = {
        "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "iss": COGNITO,
        "client_id": COGNITO_CLIENT,
        "origin_jti": "e3d3c2b1-a0f9-4e8d-b7c6-a5b4c3d2e1f0",
        "event_id": "9c8b7a6f-5e4d-3c2b-1a09-f8e7d6c5b4a3",
        "token_use": "access",
        "scope": "orders/read",
        "auth_time": times()["iat"],
        "jti": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "username": "ada",
        **times(),
    }
    return mint({**claims, **extra})


def google_id(aud: str = GOOGLE_WEB_CLIENT, azp: str = GOOGLE_ANDROID_CLIENT) -> str:
    claims = {
        "iss": GOOGLE,
        "azp": azp,
        "aud": aud,
        "sub": "110169484474386276334",
        "email": "ada@example.com",
        "email_verified": True,
        **times(),
    }
    return mint(claims)
