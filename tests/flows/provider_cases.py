"""Walks through the Keycloak and Entra playbooks, and the provider facts of the generic one.

Every resolution of keycloak-401 and entra-401 is reached here with tokens in the provider's
own claim shapes (`provider_tokens.py`), plus cases with several faults at once, where the
playbook must name the one its documented steps reach first.
"""

from __future__ import annotations

from tests.flows.cases import API, Case, Where, generic_access, resource
from tests.flows.provider_tokens import (
    API_APP_ID,
    API_APP_URI,
    ENTRA_TEMPLATE,
    ENTRA_V2_ISS,
    KC_API,
    KC_CLIENT,
    KEYCLOAK,
    KEYCLOAK_INTERNAL,
    TENANT,
    entra_app_only,
    entra_graph_access,
    entra_overage,
    entra_v1_access,
    entra_v2_access,
    keycloak_access,
    keycloak_id,
    keycloak_refresh,
)
from tests.flows.world import NOW, mint, times

KC = "keycloak-401"
ENTRA = "entra-401"
GENERIC = "generic-bearer-401"
TRIAGE = "triage"
DPOP_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
MTLS_THUMBPRINT = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"


def kc_facts(token: str, **more: str) -> dict[str, str]:
    return {"token": token, "issuer": KEYCLOAK, "audience": "account", **more}


def realm(w: Where) -> str:
    """A Keycloak realm URL on the loopback world, for the cases that fetch keys."""
    return f"{w.base}/realms/acme"


KEYCLOAK_CASES = [
    Case(
        "Keycloak refresh token sent as a bearer",
        KC,
        f"{KC}:kc-refresh-token-sent",
        lambda w: {"token": keycloak_refresh(), "issuer": KEYCLOAK, "audience": KC_API},
    ),
    Case(
        "Keycloak offline token sent as a bearer",
        KC,
        f"{KC}:kc-refresh-token-sent",
        lambda w: {"token": keycloak_refresh(typ="Offline")},
    ),
    Case(
        "Keycloak ID token sent as a bearer",
        KC,
        f"{KC}:kc-id-token-sent",
        lambda w: {"token": keycloak_id(), "issuer": KEYCLOAK},
    ),
    Case(
        "Keycloak frontend URL puts another host in iss",
        KC,
        f"{KC}:kc-frontend-url-issuer",
        lambda w: {"token": keycloak_access(), "issuer": KEYCLOAK_INTERNAL},
    ),
    Case(
        "Keycloak token with only the account audience",
        KC,
        f"{KC}:kc-account-audience",
        lambda w: {"token": keycloak_access(), "issuer": KEYCLOAK, "audience": KC_API},
    ),
    Case(
        "Keycloak token expired",
        KC,
        f"{KC}:kc-token-expired",
        lambda w: kc_facts(keycloak_access(**times(lifetime=300, issued=NOW - 900))),
    ),
    Case(
        "Keycloak realm key rotated (kid unknown)",
        KC,
        f"{KC}:kc-realm-key-rotated",
        lambda w: {
            "token": mint(
                {"iss": realm(w), "typ": "Bearer", "azp": KC_CLIENT, "aud": "account", **times()},
                retired=True,
            ),
            "issuer": realm(w),
        },
        network=True,
    ),
    Case(
        "Keycloak roles only in the access token",
        KC,
        f"{KC}:kc-roles-access-token-only",
        lambda w: kc_facts(keycloak_access(), id_token=keycloak_id()),
    ),
    Case(
        "Keycloak token with no roles",
        KC,
        f"{KC}:kc-no-roles",
        lambda w: kc_facts(keycloak_access(realm_access=None, resource_access=None)),
    ),
    Case(
        "Keycloak token without the email client scope",
        KC,
        f"{KC}:kc-client-scope-missing",
        lambda w: kc_facts(
            keycloak_access(email=None, scope="openid profile"), expect_claim="email"
        ),
    ),
    Case(
        "Keycloak token that is right",
        KC,
        f"{KC}:kc-token-fine",
        lambda w: kc_facts(
            keycloak_access(aud=[KC_API, "account"]),
            audience=KC_API,
            id_token=keycloak_id(realm_access={"roles": ["orders-admin"]}),
            expect_claim="email",
        ),
    ),
    Case(
        "Keycloak: not a JWT goes to the generic playbook",
        KC,
        f"{GENERIC}:token-malformed",
        lambda w: {"token": "eyJhbGciOi.broken.x"},
    ),
    # Several faults at once: the first the documented steps reach is the one named.
    Case(
        "Keycloak expired refresh token for the wrong audience",
        KC,
        f"{KC}:kc-refresh-token-sent",
        lambda w: {
            "token": keycloak_refresh(),
            "issuer": KEYCLOAK_INTERNAL,
            "audience": KC_API,
        },
    ),
    Case(
        "Keycloak frontend URL and missing audience together",
        KC,
        f"{KC}:kc-frontend-url-issuer",
        lambda w: {"token": keycloak_access(), "issuer": KEYCLOAK_INTERNAL, "audience": KC_API},
    ),
]

ENTRA_CASES = [
    Case(
        "Entra Graph token sent to your own API",
        ENTRA,
        f"{ENTRA}:entra-graph-token",
        lambda w: {"token": entra_graph_access(), "audience": API_APP_URI},
    ),
    Case(
        "Entra v1 token at an API configured for v2",
        ENTRA,
        f"{ENTRA}:entra-version-mismatch",
        lambda w: {"token": entra_v1_access(), "issuer": ENTRA_V2_ISS, "audience": API_APP_ID},
    ),
    Case(
        "Entra group overage",
        ENTRA,
        f"{ENTRA}:entra-group-overage",
        lambda w: {"token": entra_overage(), "audience": API_APP_ID, "issuer": ENTRA_V2_ISS},
    ),
    Case(
        "Entra v2 token checked against the App ID URI",
        ENTRA,
        f"{ENTRA}:entra-audience-form",
        lambda w: {"token": entra_v2_access(), "audience": API_APP_URI, "issuer": ENTRA_V2_ISS},
    ),
    Case(
        "Entra app-only token at an API that checks scp",
        ENTRA,
        f"{ENTRA}:entra-app-only-token",
        lambda w: {"token": entra_app_only(), "audience": API_APP_ID, "issuer": ENTRA_V2_ISS},
        answers={"shape-warnings": "scp"},
    ),
    Case(
        "Entra multi-tenant API compares with the template",
        ENTRA,
        f"{ENTRA}:entra-tenant-template",
        lambda w: {"token": entra_v2_access(), "audience": API_APP_ID, "issuer": ENTRA_TEMPLATE},
        answers={"shape-warnings": "template"},
    ),
    Case(
        "Entra token expired",
        ENTRA,
        f"{ENTRA}:entra-token-expired",
        lambda w: {
            "token": entra_v2_access(**times(lifetime=4500, issued=NOW - 9000)),
            "audience": API_APP_ID,
            "issuer": ENTRA_V2_ISS,
        },
    ),
    Case(
        "Entra signing key the validator lacks (kid)",
        ENTRA,
        f"{ENTRA}:entra-signing-key",
        lambda w: {
            "token": mint(
                {
                    "iss": f"{w.base}/{TENANT}/v2.0",
                    "aud": API_APP_ID,
                    "tid": TENANT,
                    "ver": "2.0",
                    "scp": "access_as_user",
                    **times(),
                },
                retired=True,
            ),
            "audience": API_APP_ID,
            "issuer": f"{w.base}/{TENANT}/v2.0",
        },
        network=True,
    ),
    Case(
        "Entra token that is right",
        ENTRA,
        f"{ENTRA}:entra-token-fine",
        lambda w: {"token": entra_v2_access(), "audience": API_APP_ID, "issuer": ENTRA_V2_ISS},
    ),
    Case(
        "Entra app-only token at an API that checks roles",
        ENTRA,
        f"{ENTRA}:entra-token-fine",
        lambda w: {"token": entra_app_only(), "audience": API_APP_ID, "issuer": ENTRA_V2_ISS},
        answers={"shape-warnings": "neither"},
    ),
    Case(
        "Entra: not a JWT goes to the generic playbook",
        ENTRA,
        f"{GENERIC}:token-opaque",
        lambda w: {"token": "Zm9vYmFyYmF6cXV4cXV1eHh5ejEyMzQ1Njc4"},
    ),
    # Several faults at once.
    Case(
        "Entra Graph token that also expired",
        ENTRA,
        f"{ENTRA}:entra-graph-token",
        lambda w: {"token": entra_graph_access(), "audience": API_APP_ID},
    ),
    Case(
        "Entra v1 token with group overage",
        ENTRA,
        f"{ENTRA}:entra-version-mismatch",
        lambda w: {
            "token": entra_v1_access(
                _claim_names={"groups": "src1"},
                _claim_sources={"src1": {"endpoint": "https://graph.windows.net/x"}},
            ),
            "issuer": ENTRA_V2_ISS,
        },
    ),
]

GENERIC_PROVIDER_CASES = [
    Case(
        "refresh token sent to an API",
        GENERIC,
        f"{GENERIC}:token-refresh-token-sent",
        lambda w: {"token": keycloak_refresh(), "issuer": KEYCLOAK, "audience": API},
    ),
    Case(
        "DPoP-bound token sent with Bearer",
        GENERIC,
        f"{GENERIC}:token-dpop-sent-as-bearer",
        lambda w: {"token": generic_access(cnf={"jkt": DPOP_JKT}), "audience": API},
    ),
    Case(
        "the API asks for DPoP",
        GENERIC,
        f"{GENERIC}:token-dpop-sent-as-bearer",
        lambda w: {
            "token": generic_access(iss=w.base),
            "audience": API,
            "resource_url": f"{w.base}/api",
        },
        network=True,
        behave=resource(401, {}, **{"WWW-Authenticate": 'DPoP algs="ES256 RS256"'}),
    ),
    Case(
        "certificate-bound token behind a gateway",
        GENERIC,
        f"{GENERIC}:token-mtls-certificate",
        lambda w: {
            "token": generic_access(cnf={"x5t#S256": MTLS_THUMBPRINT}),
            "audience": API,
        },
    ),
    Case(
        "a session-cookie gateway redirects the bearer call",
        GENERIC,
        f"{GENERIC}:resource-sign-in-page",
        lambda w: {
            "token": generic_access(iss=w.base),
            "audience": API,
            "resource_url": f"{w.base}/api",
        },
        network=True,
        behave=resource(302, {}, Location="/oauth2/start?rd=%2Fapi"),
    ),
]

PROVIDER_TRIAGE_CASES = [
    Case(
        "API 401 with a Keycloak token",
        TRIAGE,
        f"{KC}:kc-account-audience",
        lambda w: {"token": keycloak_access(), "issuer": KEYCLOAK, "audience": KC_API},
        answers={"triage:start": "api"},
    ),
    Case(
        "only a Microsoft Graph token",
        TRIAGE,
        f"{ENTRA}:entra-graph-token",
        lambda w: {"token": entra_graph_access()},
        answers={"triage:start": "token"},
    ),
    Case(
        "an AADSTS error pasted",
        TRIAGE,
        f"{ENTRA}:entra-version-mismatch",
        lambda w: {
            "log_line": "AADSTS500011: The resource principal named api://orders was not found",
            "token": entra_v1_access(),
            "issuer": ENTRA_V2_ISS,
        },
        answers={"triage:start": "log"},
    ),
    Case(
        "an IDX10214 line pasted",
        TRIAGE,
        f"{ENTRA}:entra-audience-form",
        lambda w: {
            "log_line": "IDX10214: Audience validation failed. Audiences: '6e74172b'. "
            "Did not match: validationParameters.ValidAudience: 'api://orders'",
            "token": entra_v2_access(),
            "audience": API_APP_URI,
        },
        answers={"triage:start": "log"},
    ),
    Case(
        "a Keycloak 'Token verification failed' answer pasted",
        TRIAGE,
        f"{KC}:kc-frontend-url-issuer",
        lambda w: {
            "log_line": '{"error":"invalid_token","error_description":"Token verification failed"}',
            "token": keycloak_access(),
            "issuer": KEYCLOAK_INTERNAL,
        },
        answers={"triage:start": "log"},
    ),
]

PROVIDER_CASES: list[Case] = (
    KEYCLOAK_CASES + ENTRA_CASES + GENERIC_PROVIDER_CASES + PROVIDER_TRIAGE_CASES
)
