"""The diagnosis corpus: multi-fault and near-miss situations, each with its documented source.

Each case is what a support engineer meets: two things wrong at once (the user fixes one and
comes back with the next 401), or one thing wrong beside something that only looks wrong.
`expected` is the primary cause a senior identity engineer would name, following the
provider's documented steps; `also` the other causes they would list, as (check id, token
fact) pairs, ranked: fails first, then in the catalog's order. `source` names the document
the expectation comes from, not the wizard's wording. Tokens have the real providers' claim
shapes (`tests/flows/cases.py`, `tests/flows/provider_tokens.py`); the network cases run
against the loopback issuer and service provider of `tests/flows/world.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.flows.cases import (
    API,
    BY_HAND_GRANTED,
    IDP,
    LOGIN_401,
    MAPPED_ANALYSTS,
    OKTA_CLIENT,
    OKTA_ORG,
    OPAQUE,
    Case,
    auth0_access,
    generic_access,
    id_token,
    okta_access,
    okta_id,
    resource,
    with_opensearch,
)
from tests.flows.provider_cases import kc_facts
from tests.flows.provider_tokens import (
    API_APP_ID,
    API_APP_URI,
    ENTRA_TEMPLATE,
    ENTRA_V2_ISS,
    KC_API,
    KEYCLOAK,
    entra_app_only,
    entra_v1_access,
    entra_v2_access,
    keycloak_access,
    keycloak_id,
    keycloak_refresh,
)
from tests.flows.world import NOW, Reply, mint, times

GENERIC = "generic-bearer-401"
OKTA = "okta-sp-401"
AUTH0_FLOW = "auth0-userinfo-401"
OS = "opensearch-oidc-401"
KC = "keycloak-401"
ENTRA = "entra-401"
EVIDENCE = "evidence-401"
TRIAGE = "triage"

EXPIRED = times(issued=NOW - 7200)  # issued two hours ago, valid one hour
ID_AT_API = {"iss": IDP, "aud": "client-1", "sub": "u", "nonce": "n"}

# Sources, named once: the document each expectation is drawn from.
RFC9068_AUD = "RFC 9068 section 4 (the resource server validates aud)"
RFC9068_EXP = "RFC 9068 section 2.2 (exp is required in a JWT access token)"
RFC7519_EXP = "RFC 7519 section 4.1.4 (exp: reject on or after it)"
OIDC_ID_TOKEN = "OpenID Connect Core 1.0 section 2 and 3.1.3.7 (an ID token's aud is the client)"
OIDC_ISS = "OpenID Connect Core 1.0 section 3.1.3.7 (iss must exactly match)"
RFC8725_ALG = "RFC 8725 sections 2.1 and 3.1 (pin the algorithms; HS/RS confusion)"
RFC6750_SCOPE = "RFC 6750 section 3.1 (insufficient_scope)"
RFC9449_DPOP = "RFC 9449 section 7.1 (a DPoP-bound token is sent with the DPoP scheme)"
RFC6749_REFRESH = "RFC 6749 section 1.5 (a refresh token goes to the token endpoint only)"
OKTA_ORG_AUD = "Okta: 'Access token audience for org authorization server' (KB, seed 000)"
OKTA_CLAIMS = "Okta KB seed 000, step 3: the claim the SP expects (email vs preferred_username)"
OKTA_SCOPES = "Okta KB seed 000, step 2: request openid profile email"
AUTH0_USERINFO = "Auth0 community thread on /userinfo 401 'invalid credentials' (seed 001)"
AUTH0_HS256 = "Auth0 docs: 'Signing algorithms' (HS256 APIs get no /userinfo audience)"
OS_ROLES = "OpenSearch forum on roles_key (seed 003): roles_key claim missing from the token"
OS_SUBJECT = "OpenSearch forum seed 003: subject_key value case vs roles_mapping.yml users"
OS_REDIRECT = "OpenSearch Dashboards docs, OpenID Connect: base_redirect_url must be registered"
OS_DOCS = "OpenSearch docs: 'OpenID Connect' (openid_connect_url, roles_key, subject_key)"
KC_AUD = "Keycloak docs: 'Audience support' (an audience mapper for the API)"
KC_REFRESH = "Keycloak docs: refresh and offline tokens are for the token endpoint only"
KC_ROLES = "Keycloak docs: 'roles' client scope maps realm_access and resource_access"
KC_ID = "Keycloak docs: send the access token as the bearer, not the ID token"
ENTRA_VERSION = "Microsoft identity platform docs: access token versions (v1.0 iss vs v2.0)"
ENTRA_AUD = "Microsoft docs: v2.0 access tokens carry the API's client id GUID in aud"
ENTRA_APP_ONLY = "Microsoft docs: app-only tokens carry roles, not scp"
ENTRA_TENANT = "Microsoft docs: multi-tenant apps validate iss per tenant, not the template"
ENTRA_LIFETIME = "Microsoft docs: access token lifetime (60 to 90 minutes)"


@dataclass(frozen=True)
class CorpusCase:
    """One situation: the walk, the diagnosis a senior engineer gives, what else they name."""

    case: Case
    also: tuple[tuple[str, str], ...]
    source: str
    # A documented situation the shipped playbooks get wrong still: why (the test expects it
    # to fail, strictly, so mending it is noticed).
    known_gap: str = ""

    @property
    def name(self) -> str:
        return self.case.name


def corpus(
    name: str,
    flow: str,
    expected: str,
    facts,
    also: tuple[tuple[str, str], ...] = (),
    *,
    source: str,
    answers: dict[str, str] | None = None,
    network: bool = False,
    behave=None,
    known_gap: str = "",
) -> CorpusCase:
    ending = expected if ":" in expected else f"{flow}:{expected}"
    case = Case(name, flow, ending, facts, dict(answers or {}), network, behave)
    return CorpusCase(case, also, source, known_gap)


CORPUS: list[CorpusCase] = [
    # --- generic-bearer-401 ------------------------------------------------------------------
    corpus(
        "ID token sent to an API, and it has expired",
        GENERIC,
        "token-id-token-sent",
        lambda w: {"token": mint({**ID_AT_API, **EXPIRED}), "audience": API},
        (("token.lifetime", "token"),),
        source=f"{OIDC_ID_TOKEN}; {RFC7519_EXP}",
    ),
    corpus(
        "token for another API, and a scope it needs is missing",
        GENERIC,
        "token-audience-mismatch",
        lambda w: {
            "token": generic_access(aud="https://other.example.com"),
            "audience": API,
            "scopes": "orders.write",
        },
        (("token.scopes", "token"),),
        source=f"{RFC9068_AUD}; {RFC6750_SCOPE}",
    ),
    corpus(
        "token for another API, with no exp at all",
        GENERIC,
        "token-audience-mismatch",
        lambda w: {
            "token": mint({"iss": IDP, "sub": "u", "aud": "https://other.example.com", "iat": NOW}),
            "audience": API,
        },
        (("token.lifetime", "token"),),
        source=f"{RFC9068_AUD}; {RFC9068_EXP}",
    ),
    corpus(
        "issuer differs by a trailing slash, and a scope is missing",
        GENERIC,
        "token-issuer-mismatch",
        lambda w: {"token": generic_access(), "issuer": IDP + "/", "scopes": "orders.write"},
        (("token.scopes", "token"),),
        source=f"{OIDC_ISS}; {RFC6750_SCOPE}",
    ),
    corpus(
        "HS256 token claiming an Okta issuer, also expired",
        GENERIC,
        "token-alg-rejected",
        lambda w: {
            "token": mint(
                {
                    "iss": "https://dev-1.okta.com/oauth2/default",
                    "aud": "api://default",
                    "sub": "x",
                    **EXPIRED,
                },
                alg="HS256",
            )
        },
        (("token.lifetime", "token"),),
        source=f"{RFC8725_ALG}; {RFC7519_EXP}",
    ),
    corpus(
        "expired token that was also minted for another API",
        GENERIC,
        "token-audience-mismatch",
        lambda w: {
            "token": generic_access(aud="https://billing.example.com", **EXPIRED),
            "audience": API,
        },
        (("token.lifetime", "token"),),
        source=f"{RFC9068_AUD}; {RFC7519_EXP}",
    ),
    corpus(
        "the API's token is fine; the expired ID token beside it is the client's",
        GENERIC,
        "sp-side-problem",
        lambda w: {
            "token": generic_access(),
            "audience": API,
            "id_token": mint({**ID_AT_API, **EXPIRED}),
        },
        (("token.lifetime", "id_token"),),
        source=f"{OIDC_ID_TOKEN}; {RFC7519_EXP}",
    ),
    corpus(
        "near miss: scope as a JSON array, nothing rejected",
        GENERIC,
        "sp-side-problem",
        lambda w: {"token": generic_access(scope=["orders.read"]), "audience": API},
        (),
        source="RFC 9068 section 2.2.3 (scope is a space-delimited string; an array is a note)",
    ),
    corpus(
        "expired DPoP-bound token sent as Bearer",
        GENERIC,
        "token-expired",
        lambda w: {
            "token": generic_access(
                cnf={"jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}, **EXPIRED
            ),
            "audience": API,
            "resource_scheme": "Bearer",
        },
        (("token.binding", "token"),),
        source=f"{RFC7519_EXP}; {RFC9449_DPOP}",
    ),
    corpus(
        "refresh token sent to an API; the access token beside it is fine",
        GENERIC,
        "token-refresh-token-sent",
        lambda w: {
            "token": mint({"iss": IDP, "sub": "u", "aud": IDP, "typ": "Refresh", **times()}),
            "access_token": generic_access(),
            "audience": API,
        },
        (),
        source=RFC6749_REFRESH,
    ),
    corpus(
        "near miss: the API accepts the token, the ID token is for the client",
        GENERIC,
        "resource-accepts-token",
        lambda w: {
            "token": generic_access(iss=w.base),
            "resource_url": f"{w.base}/api",
            "id_token": mint({**ID_AT_API, "iss": w.base, **times()}),
        },
        (),
        source=f"{OIDC_ID_TOKEN} (an ID token beside the access token is no fault)",
        network=True,
        behave=resource(200, {"orders": []}),
    ),
    # --- okta-sp-401 -------------------------------------------------------------------------
    corpus(
        "SP reads email, app asks openid profile, and the token is from the org server",
        OKTA,
        "okta-missing-claim",
        lambda w: {
            "token": okta_id(iss=OKTA_ORG),
            "access_token": okta_access(iss=OKTA_ORG, aud=OKTA_ORG, scp=["openid", "profile"]),
            "expect_claim": "email",
        },
        (("okta.server", "access_token"),),
        source=f"{OKTA_CLAIMS}; {OKTA_ORG_AUD}",
        answers=BY_HAND_GRANTED,
    ),
    corpus(
        "org-server access token at the API, and expired",
        OKTA,
        "okta-aud-org-server",
        lambda w: {
            "token": okta_access(iss=OKTA_ORG, aud=OKTA_ORG, **EXPIRED),
            "audience": "api://default",
        },
        (("token.lifetime", "token"),),
        source=f"{OKTA_ORG_AUD}; {RFC7519_EXP}",
        answers=BY_HAND_GRANTED,
    ),
    corpus(
        "custom server Audience differs, and the ID token kept beside it expired",
        OKTA,
        "okta-aud-custom-server",
        lambda w: {
            "token": okta_access(),
            "audience": "api://sp",
            "id_token": okta_id(**EXPIRED),
        },
        (("token.lifetime", "id_token"),),
        source="Okta docs: 'Customize tokens returned from Okta' (the server's Audience); "
        + RFC7519_EXP,
        answers=BY_HAND_GRANTED,
    ),
    corpus(
        "openid only, and the token expired",
        OKTA,
        "okta-missing-scopes",
        lambda w: {"token": okta_access(scp=["openid"], **EXPIRED)},
        (("token.lifetime", "token"),),
        source=f"{OKTA_SCOPES}; {RFC7519_EXP}",
        answers=BY_HAND_GRANTED,
    ),
    corpus(
        "ID token of another app, sent with an HS256 signature",
        OKTA,
        "okta-aud-client-id",
        lambda w: {
            "token": mint(
                {
                    "ver": 1,
                    "iss": "https://dev-123456.okta.com/oauth2/default",
                    "aud": "0oaanotherapp000000",
                    "sub": "00uada",
                    "nonce": "n",
                    **times(),
                },
                alg="HS256",
            ),
            "client_id": OKTA_CLIENT,
        },
        (("token.alg", "token"),),
        source=f"{OIDC_ID_TOKEN}; {RFC8725_ALG}",
        answers=BY_HAND_GRANTED,
    ),
    corpus(
        "near miss: the Okta token is right, the SP trusts a stale key",
        OKTA,
        "sp-side-problem",
        lambda w: {
            "token": okta_access(iss=f"{w.base}/oauth2/default"),
            "client_id": OKTA_CLIENT,
            "audience": "api://default",
        },
        (),
        source="Okta docs: 'Validate access tokens' (keys from the server's jwks_uri)",
        answers=BY_HAND_GRANTED,
        network=True,
    ),
    # --- auth0-userinfo-401 ------------------------------------------------------------------
    corpus(
        "no openid scope, and an HS256 API",
        AUTH0_FLOW,
        "auth0-userinfo-missing-openid",
        lambda w: {"token": auth0_access(scope="profile email", alg="HS256")},
        (("token.alg", "token"),),
        source=f"{AUTH0_USERINFO}; {AUTH0_HS256}",
    ),
    corpus(
        "HS256 API, and the token expired",
        AUTH0_FLOW,
        "auth0-userinfo-hs256-api",
        lambda w: {"token": auth0_access(alg="HS256", **EXPIRED)},
        (("token.lifetime", "token"),),
        source=f"{AUTH0_HS256}; {RFC7519_EXP}",
    ),
    corpus(
        "openid and RS256 but no /userinfo audience, and expired",
        AUTH0_FLOW,
        "auth0-userinfo-audience-other",
        lambda w: {"token": auth0_access(**EXPIRED)},
        (("token.lifetime", "token"),),
        source=f"{AUTH0_USERINFO}; {RFC7519_EXP}",
    ),
    corpus(
        "ID token sent to /userinfo, and expired",
        AUTH0_FLOW,
        "auth0-userinfo-id-token",
        lambda w: {"token": auth0_access(aud="auth0client", nonce="n", scope=None, **EXPIRED)},
        (("token.lifetime", "token"),),
        source=f"{AUTH0_USERINFO}; {OIDC_ID_TOKEN}",
    ),
    corpus(
        "near miss: /userinfo audience present and the token fresh",
        AUTH0_FLOW,
        "auth0-userinfo-works",
        lambda w: {
            "token": auth0_access(iss=w.base, aud=[API, f"{w.base}/userinfo"]),
            "provider": "auth0",
            "issuer": w.base,
        },
        (),
        source="Auth0 docs: 'Get user info' (/userinfo accepts a token with its audience)",
        network=True,
        behave=lambda b, base: setattr(b, "userinfo", Reply(200, {"sub": "auth0|6560ada"})),
    ),
    # --- opensearch-oidc-401 -----------------------------------------------------------------
    corpus(
        "redirect URI not registered, and no roles claim",
        OS,
        "opensearch-redirect-mismatch",
        lambda w: {
            **with_opensearch(w, id_token()),
            "redirect_uris": "https://dashboards.example.com/auth/openid/login",
        },
        (("opensearch.roles", "id_token"), ("opensearch.role_mapping", "id_token")),
        source=f"{OS_REDIRECT}; {OS_ROLES}",
        answers=LOGIN_401,
    ),
    corpus(
        "basic domain challenges first, and no roles claim",
        OS,
        "opensearch-basic-challenge",
        lambda w: with_opensearch(w, id_token(), basic_challenge=True),
        (("opensearch.roles", "id_token"), ("opensearch.role_mapping", "id_token")),
        source=f"{OS_DOCS} (challenge: false on the basic domain); {OS_ROLES}",
        answers=LOGIN_401,
    ),
    corpus(
        "required_issuer differs, and no roles claim",
        OS,
        "opensearch-idp-mismatch",
        lambda w: with_opensearch(w, id_token(), openid_settings={"required_issuer": IDP + "/"}),
        (("opensearch.roles", "id_token"), ("opensearch.role_mapping", "id_token")),
        source=f"{OS_DOCS} (required_issuer); {OS_ROLES}",
        answers=LOGIN_401,
    ),
    corpus(
        "subject_key claim missing, and no roles claim",
        OS,
        "opensearch-subject-missing",
        lambda w: with_opensearch(w, id_token(), subject_key="preferred_username"),
        (("opensearch.roles", "id_token"),),
        source=f"{OS_SUBJECT}; {OS_ROLES}",
        answers=LOGIN_401,
    ),
    corpus(
        "expired ID token, and its backend role is not mapped",
        OS,
        f"{GENERIC}:token-expired",
        lambda w: with_opensearch(w, id_token(entitlement_group=["analysts"], **EXPIRED)),
        (("opensearch.role_mapping", "id_token"),),
        source=f"{RFC7519_EXP}; {OS_DOCS} (roles_mapping.yml backend_roles)",
        answers=LOGIN_401,
    ),
    corpus(
        "near miss: everything maps",
        OS,
        "opensearch-config-consistent",
        lambda w: with_opensearch(
            w, id_token(entitlement_group=["analysts"]), mapping=MAPPED_ANALYSTS
        ),
        (),
        source=OS_DOCS,
        answers=LOGIN_401,
    ),
    # --- keycloak-401 ------------------------------------------------------------------------
    corpus(
        "Keycloak token with only the account audience, and expired",
        KC,
        "kc-account-audience",
        lambda w: {"token": keycloak_access(**EXPIRED), "issuer": KEYCLOAK, "audience": KC_API},
        (("token.lifetime", "token"),),
        source=f"{KC_AUD}; {RFC7519_EXP}",
    ),
    corpus(
        "Keycloak refresh token sent, the access token beside it expired",
        KC,
        "kc-refresh-token-sent",
        lambda w: {
            "token": keycloak_refresh(),
            "access_token": keycloak_access(**EXPIRED),
            "issuer": KEYCLOAK,
        },
        (("token.lifetime", "access_token"),),
        source=f"{KC_REFRESH}; {RFC7519_EXP}",
    ),
    corpus(
        "Keycloak ID token sent as a bearer, and expired",
        KC,
        "kc-id-token-sent",
        lambda w: {"token": keycloak_id(**EXPIRED), "issuer": KEYCLOAK},
        (("token.lifetime", "token"),),
        source=f"{KC_ID}; {RFC7519_EXP}",
    ),
    corpus(
        "Keycloak token without the email scope, and no roles",
        KC,
        "kc-no-roles",
        lambda w: kc_facts(
            keycloak_access(
                email=None, scope="openid profile", realm_access=None, resource_access=None
            ),
            expect_claim="email",
        ),
        (("token.claims", "token"),),
        source=f"{KC_ROLES}; Keycloak docs: 'Client scopes' (email)",
    ),
    corpus(
        "near miss: Keycloak token right, roles only in the access token",
        KC,
        "kc-roles-access-token-only",
        lambda w: kc_facts(keycloak_access(), id_token=keycloak_id()),
        (),
        source=KC_ROLES,
    ),
    # --- entra-401 ---------------------------------------------------------------------------
    corpus(
        "Entra v1 token at a v2 API, and expired",
        ENTRA,
        "entra-version-mismatch",
        lambda w: {
            "token": entra_v1_access(**times(lifetime=4500, issued=NOW - 9000)),
            "issuer": ENTRA_V2_ISS,
            "audience": API_APP_ID,
        },
        (("token.lifetime", "token"),),
        source=f"{ENTRA_VERSION}; {ENTRA_LIFETIME}",
    ),
    corpus(
        "Entra v2 token checked against the App ID URI, and app-only",
        ENTRA,
        "entra-audience-form",
        lambda w: {"token": entra_app_only(), "audience": API_APP_URI, "issuer": ENTRA_V2_ISS},
        (),
        source=f"{ENTRA_AUD}; {ENTRA_APP_ONLY}",
    ),
    corpus(
        "Entra multi-tenant template, and the token expired",
        ENTRA,
        "entra-tenant-template",
        lambda w: {
            "token": entra_v2_access(**times(lifetime=4500, issued=NOW - 9000)),
            "audience": API_APP_ID,
            "issuer": ENTRA_TEMPLATE,
        },
        (("token.lifetime", "token"),),
        source=f"{ENTRA_TENANT}; {ENTRA_LIFETIME}",
        answers={"shape-warnings": "template"},
    ),
    corpus(
        "near miss: Entra token right",
        ENTRA,
        "entra-token-fine",
        lambda w: {"token": entra_v2_access(), "audience": API_APP_ID, "issuer": ENTRA_V2_ISS},
        (),
        source="Microsoft docs: 'Validate tokens' (iss, aud, exp of a v2.0 access token)",
    ),
    # --- evidence-401 ------------------------------------------------------------------------
    corpus(
        "IDX10214 audience line, with the expired token pasted too",
        EVIDENCE,
        "audience-mismatch",
        lambda w: {
            "evidence_step": f"{EVIDENCE}:audience",
            "token_audience": "api://8f1c2d3e",
            "audience": "8f1c2d3e",
            "token": generic_access(aud="api://8f1c2d3e", **EXPIRED),
        },
        (("token.lifetime", "token"),),
        source="Microsoft.IdentityModel IDX10214 (audience validation failed); " + RFC7519_EXP,
    ),
    corpus(
        "Entra v1 issuer against a v2 authority, token with no problem of its own",
        EVIDENCE,
        "issuer-mismatch",
        lambda w: {
            "evidence_step": f"{EVIDENCE}:issuer",
            "token_issuer": "https://sts.windows.net/tenant-1/",
            "issuer": "https://login.microsoftonline.com/tenant-1/v2.0",
        },
        (),
        source=ENTRA_VERSION,
    ),
    # --- triage ------------------------------------------------------------------------------
    corpus(
        "API 401 with an expired token for another API",
        TRIAGE,
        f"{GENERIC}:token-audience-mismatch",
        lambda w: {
            "token": generic_access(aud="https://other.example.com", **EXPIRED),
            "audience": API,
        },
        (("token.lifetime", "token"),),
        source=f"{RFC9068_AUD}; {RFC7519_EXP}",
        answers={"triage:start": "api"},
    ),
    corpus(
        "/userinfo 401 with an Auth0 token lacking openid, signed HS256",
        TRIAGE,
        f"{AUTH0_FLOW}:auth0-userinfo-missing-openid",
        lambda w: {"token": auth0_access(scope="profile", alg="HS256")},
        (("token.alg", "token"),),
        source=f"{AUTH0_USERINFO}; {AUTH0_HS256}",
        answers={"triage:start": "userinfo"},
    ),
    corpus(
        "Dashboards login 401: no roles claim, redirect not registered",
        TRIAGE,
        f"{OS}:opensearch-redirect-mismatch",
        lambda w: {
            **with_opensearch(w, id_token()),
            "redirect_uris": "https://dashboards.example.com/auth/openid/login",
        },
        (("opensearch.roles", "id_token"), ("opensearch.role_mapping", "id_token")),
        source=f"{OS_REDIRECT}; {OS_ROLES}",
        answers={"triage:start": "opensearch"},
    ),
    corpus(
        "only an opaque token from elsewhere, nothing else knowable",
        TRIAGE,
        f"{GENERIC}:token-opaque",
        lambda w: {"token": OPAQUE},
        (),
        source="RFC 7662 section 2 (only introspection can read an opaque token)",
        answers={"triage:start": "userinfo", "which-userinfo": "other"},
    ),
]
