"""The table of flow walks: facts that really produce each resolution of the shipped flows.

Each case names the flow it starts in, the facts and choices given, and the resolution (flow
and node) the walk must end in. Network cases run against the loopback world of `world.py`;
the others run with `--offline`, where network checks skip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.flows.world import NOW, Behaviour, Reply, jwe_like, mint, tamper, times
from wizard.demo.opensearch_files import write_opensearch_files
from wizard.demo.recipes import OpenSearchSetup

IDP = "https://idp.example.test"
DISCOVERY = f"{IDP}/.well-known/openid-configuration"
# roles_mapping.yml as the forum user had it (seed 003): the defaults, nothing for the IdP's users.
FORUM_MAPPING: dict[str, Any] = {
    "all_access": {"reserved": False, "backend_roles": ["admin"]},
    "kibana_server": {"reserved": True, "users": ["kibanaserver"]},
}
OKTA_ORG = "https://dev-123456.okta.com"
OKTA_CUSTOM = f"{OKTA_ORG}/oauth2/default"
AUTH0 = "https://example.eu.auth0.com/"
API = "https://api.example.com"
OKTA_CLIENT = "0oaclient1234567890"


@dataclass(frozen=True)
class Where:
    """What a case's facts may depend on: the world's address and a scratch folder."""

    base: str  # the loopback issuer's URL (network cases), else a placeholder
    tmp: Path


@dataclass(frozen=True)
class Case:
    name: str
    flow: str
    expected: str  # "flow:resolution"
    facts: Callable[[Where], dict[str, str]]
    answers: dict[str, str] = field(default_factory=dict)
    network: bool = False
    behave: Callable[[Behaviour, str], None] | None = None


# --- tokens ------------------------------------------------------------------------------


def generic_access(iss: str = IDP, **extra: Any) -> str:
    claims = {"iss": iss, "sub": "user-1", "aud": API, "scope": "orders.read", **times()}
    return mint({**claims, **extra})


def okta_access(iss: str = OKTA_CUSTOM, **extra: Any) -> str:
    claims = {
        "ver": 1,
        "iss": iss,
        "aud": "api://default",
        "cid": OKTA_CLIENT,
        "uid": "00uada",
        "sub": "ada@example.com",
        "scp": ["openid", "profile", "email"],
        **times(),
    }
    return mint({**claims, **extra})


def okta_id(iss: str = OKTA_CUSTOM, **extra: Any) -> str:
    claims = {
        "ver": 1,
        "iss": iss,
        "aud": OKTA_CLIENT,
        "sub": "00uada",
        "nonce": "n-0S6_WzA2Mj",
        "preferred_username": "ada@example.com",
        "name": "Ada Lovelace",
        **times(),
    }
    return mint({**claims, **extra})


def auth0_access(**extra: Any) -> str:
    claims = {
        "iss": AUTH0,
        "sub": "auth0|6560ada",
        "aud": API,
        "azp": "auth0client",
        "scope": "openid profile email",
        **times(),
    }
    alg = extra.pop("alg", "RS256")
    merged = {**claims, **extra}
    return mint({name: value for name, value in merged.items() if value is not None}, alg=alg)


def id_token(**extra: Any) -> str:
    """An ID token for the Dashboards client, as the seed 003 user's IdP would issue."""
    claims = {"iss": IDP, "aud": "dashboards", "sub": "USERID", "nonce": "n-1", **times()}
    return mint({**claims, **extra})


OPAQUE = "Zm9vYmFyYmF6cXV4cXV1eHh5ejEyMzQ1Njc4"  # 36 characters, not a JWT


def grants(events: list[str]) -> Callable[[Behaviour, str], None]:
    """A System Log holding these event types for the Okta client."""

    def behave(b: Behaviour, _base: str) -> None:
        b.logs = [
            {
                "eventType": event,
                "outcome": {"result": "SUCCESS"},
                "published": "2026-09-21T10:00:00.000Z",
                "target": [{"id": OKTA_CLIENT, "type": "AppInstance"}],
            }
            for event in events
        ]

    return behave


def resource(status: int, body: Any = None, **headers: str) -> Callable[[Behaviour, str], None]:
    def behave(b: Behaviour, _base: str) -> None:
        b.resource = Reply(status, body if body is not None else {}, headers)

    return behave


def with_opensearch(
    w: Where,
    token: str,
    *,
    connect_url: str = DISCOVERY,
    subject_key: str = "sub",
    mapping: dict[str, Any] | None = None,
    **options: Any,
) -> dict[str, str]:
    """The demo's OpenSearch files for this case, with the forum user's mapping by default."""
    setup = OpenSearchSetup(
        subject_key=subject_key, roles_mapping=FORUM_MAPPING if mapping is None else mapping
    )
    folder = w.tmp / "opensearch"
    files = write_opensearch_files(
        folder, setup, connect_url, "dashboards", "not-a-real-secret", **options
    )
    return {
        **{fact: str(path) for fact, path in files.items()},
        "id_token": token,
        "opensearch_version": setup.version,
    }


LOGIN_401 = {"opensearch-oidc-401:start": "login-401"}
BY_HAND_GRANTED = {"issued-by-hand": "granted"}

# --- generic-bearer-401 ------------------------------------------------------------------

GENERIC = "generic-bearer-401"
GENERIC_CASES = [
    Case("broken token", GENERIC, f"{GENERIC}:token-malformed", lambda w: {"token": "abc.def.ghi"}),
    Case("opaque token", GENERIC, f"{GENERIC}:token-opaque", lambda w: {"token": OPAQUE}),
    Case(
        "opaque token the issuer refuses",
        GENERIC,
        f"{GENERIC}:token-inactive",
        lambda w: {"token": OPAQUE, "issuer": w.base},
        network=True,
    ),
    Case("encrypted token", GENERIC, f"{GENERIC}:token-encrypted", lambda w: {"token": jwe_like()}),
    Case(
        "HS256 token claiming an Okta issuer",
        GENERIC,
        f"{GENERIC}:token-alg-rejected",
        lambda w: {"token": mint({"iss": OKTA_CUSTOM, "sub": "x", **times()}, alg="HS256")},
    ),
    Case(
        "issuer with a trailing slash",
        GENERIC,
        f"{GENERIC}:token-issuer-mismatch",
        lambda w: {"token": generic_access(), "issuer": IDP + "/"},
    ),
    Case(
        "API trusts another tenant",
        GENERIC,
        f"{GENERIC}:token-issuer-mismatch",
        lambda w: {
            "token": generic_access(iss=f"{w.base}/tenant-a"),
            "issuer": f"{w.base}/tenant-b",
            "audience": API,
        },
        network=True,
    ),
    Case(
        "discovery names another issuer",
        GENERIC,
        f"{GENERIC}:token-issuer-mismatch",
        lambda w: {"token": generic_access(iss=w.base), "audience": API, "issuer": w.base},
        network=True,
        behave=lambda b, base: setattr(b, "discovery_issuer", "https://elsewhere.example.test"),
    ),
    Case(
        "kid rotated out",
        GENERIC,
        f"{GENERIC}:token-unknown-kid",
        lambda w: {
            "token": mint({"iss": w.base, "sub": "u", "aud": API, **times()}, retired=True),
            "issuer": w.base,
        },
        network=True,
    ),
    Case(
        "payload changed after signing",
        GENERIC,
        f"{GENERIC}:token-signature-invalid",
        lambda w: {"token": tamper(generic_access(iss=w.base), sub="mallory"), "issuer": w.base},
        network=True,
    ),
    Case(
        "ID token sent to an API",
        GENERIC,
        f"{GENERIC}:token-id-token-sent",
        lambda w: {
            "token": mint({"iss": IDP, "aud": "client-1", "sub": "u", "nonce": "n", **times()}),
            "audience": API,
        },
    ),
    Case(
        "ID token and nothing to compare it with",
        GENERIC,
        f"{GENERIC}:sp-side-problem",
        lambda w: {
            "token": mint({"iss": IDP, "aud": "client-1", "sub": "u", "nonce": "n", **times()})
        },
    ),
    Case(
        "ID token for another client",
        GENERIC,
        f"{GENERIC}:token-audience-mismatch",
        lambda w: {
            "token": mint({"iss": IDP, "aud": "client-1", "sub": "u", "nonce": "n", **times()}),
            "client_id": "client-2",
        },
    ),
    Case(
        "token for another API",
        GENERIC,
        f"{GENERIC}:token-audience-mismatch",
        lambda w: {"token": generic_access(aud="https://other.example.com"), "audience": API},
    ),
    Case(
        "issuer clock ten minutes slow",
        GENERIC,
        f"{GENERIC}:token-expired-clock-skew",
        lambda w: {
            "token": generic_access(iss=w.base, **times(lifetime=300, issued=NOW - 600)),
            "audience": API,
            "issuer": w.base,
        },
        network=True,
        behave=lambda b, base: setattr(b, "clock_offset", -600),
    ),
    Case(
        "token an hour old",
        GENERIC,
        f"{GENERIC}:token-expired",
        lambda w: {"token": generic_access(**times(issued=NOW - 7200)), "audience": API},
    ),
    Case(
        "scope the API does not get",
        GENERIC,
        f"{GENERIC}:token-missing-scopes",
        lambda w: {"token": generic_access(), "audience": API, "scopes": "orders.write"},
    ),
    Case(
        "Basic challenge to a Bearer call",
        GENERIC,
        f"{GENERIC}:resource-basic-challenge",
        lambda w: {"token": generic_access(iss=w.base), "resource_url": f"{w.base}/api"},
        network=True,
        behave=resource(401, {}, **{"WWW-Authenticate": 'Basic realm="OpenSearch Security"'}),
    ),
    Case(
        "403 insufficient scope",
        GENERIC,
        f"{GENERIC}:resource-forbidden",
        lambda w: {"token": generic_access(iss=w.base), "resource_url": f"{w.base}/api"},
        network=True,
        behave=resource(403, {}, **{"WWW-Authenticate": 'Bearer error="insufficient_scope"'}),
    ),
    Case(
        "API accepts the token",
        GENERIC,
        f"{GENERIC}:resource-accepts-token",
        lambda w: {"token": generic_access(iss=w.base), "resource_url": f"{w.base}/api"},
        network=True,
        behave=resource(200, {"orders": []}),
    ),
    Case(
        "good token, API still says 401",
        GENERIC,
        f"{GENERIC}:sp-side-problem",
        lambda w: {
            "token": generic_access(iss=w.base),
            "issuer": w.base,
            "audience": API,
            "scopes": "orders.read",
            "resource_url": f"{w.base}/api",
        },
        network=True,
    ),
]

# --- okta-sp-401 -------------------------------------------------------------------------

OKTA = "okta-sp-401"
OKTA_CASES = [
    Case(
        "System Log shows authorize but no grant",
        OKTA,
        f"{OKTA}:okta-tokens-not-issued",
        lambda w: {
            "token": okta_id(),
            "okta_domain": w.base,
            "okta_api_token": "00-test-api-token-not-real",
            "client_id": OKTA_CLIENT,
        },
        network=True,
        behave=grants(["app.oauth2.as.authorize"]),
    ),
    Case(
        "engineer saw no grant in the System Log",
        OKTA,
        f"{OKTA}:okta-tokens-not-issued",
        lambda w: {"token": okta_id()},
        answers={"issued-by-hand": "no-grant"},
    ),
    Case(
        "API token but no org URL: asked for it (never the token's iss), skipped, by hand",
        OKTA,
        f"{OKTA}:okta-tokens-not-issued",
        lambda w: {
            "token": okta_id(iss=f"{w.base}/oauth2/default"),
            "okta_api_token": "00-test-api-token-not-real",
        },
        answers={"issued-by-hand": "no-grant"},
    ),
    Case(
        "engineer saw scope_denied",
        OKTA,
        f"{OKTA}:okta-scope-denied",
        lambda w: {"token": okta_id()},
        answers={"issued-by-hand": "scope-denied"},
    ),
    Case(
        "app asks for openid only",
        OKTA,
        f"{OKTA}:okta-missing-scopes",
        lambda w: {"token": okta_access(scp=["openid"])},
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "SP reads email, app asks for openid profile",
        OKTA,
        f"{OKTA}:okta-missing-claim",
        lambda w: {
            "token": okta_id(),
            "access_token": okta_access(scp=["openid", "profile"]),
            "expect_claim": "email",
        },
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "SP (an API) reads email, which only the ID token carries",
        OKTA,
        f"{OKTA}:okta-claim-in-other-token",
        lambda w: {
            "token": okta_access(),
            "access_token": okta_access(),
            "id_token": okta_id(email="ada@example.com"),
            "audience": "api://default",
            "expect_claim": "email",
        },
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "API reads preferred_username, the profile scope granted, no token has it",
        OKTA,
        f"{OKTA}:okta-claim-not-released",
        lambda w: {
            "token": okta_access(),
            "audience": "api://default",
            "expect_claim": "preferred_username",
        },
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "org-server access token sent to an API",
        OKTA,
        f"{OKTA}:okta-aud-org-server",
        lambda w: {"token": okta_access(iss=OKTA_ORG, aud=OKTA_ORG), "audience": "api://default"},
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "org-server access token from a custom domain",
        OKTA,
        f"{OKTA}:okta-aud-org-server",
        lambda w: {
            "token": okta_access(iss="https://sso.example.com", aud="https://sso.example.com"),
            "audience": "api://default",
        },
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "custom server Audience differs",
        OKTA,
        f"{OKTA}:okta-aud-custom-server",
        lambda w: {"token": okta_access(), "audience": "api://sp"},
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "ID token of another app",
        OKTA,
        f"{OKTA}:okta-aud-client-id",
        lambda w: {"token": okta_id(aud="0oaanotherapp000000"), "client_id": OKTA_CLIENT},
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "expired Okta ID token",
        OKTA,
        f"{GENERIC}:token-expired",
        lambda w: {"token": okta_id(**times(issued=NOW - 7200))},
        answers=BY_HAND_GRANTED,
    ),
    Case(
        "tokens fine, SP trusts a stale key",
        OKTA,
        f"{OKTA}:sp-side-problem",
        lambda w: {
            "token": okta_access(iss=f"{w.base}/oauth2/default"),
            "okta_domain": w.base,  # the org the user names: never the token's iss
            "okta_api_token": "00-test-api-token-not-real",
            "client_id": OKTA_CLIENT,
            "audience": "api://default",
            "resource_url": f"{w.base}/api",
        },
        network=True,
        behave=grants(
            ["app.oauth2.as.token.grant.id_token", "app.oauth2.as.token.grant.access_token"]
        ),
    ),
]

# --- auth0-userinfo-401 ------------------------------------------------------------------

AUTH0_FLOW = "auth0-userinfo-401"
AUTH0_CASES = [
    Case(
        "token asked for without openid",
        AUTH0_FLOW,
        f"{AUTH0_FLOW}:auth0-userinfo-missing-openid",
        lambda w: {"token": auth0_access(scope="profile email")},
    ),
    Case(
        "API signs with HS256",
        AUTH0_FLOW,
        f"{AUTH0_FLOW}:auth0-userinfo-hs256-api",
        lambda w: {"token": auth0_access(alg="HS256")},
    ),
    Case(
        "ID token sent to /userinfo",
        AUTH0_FLOW,
        f"{AUTH0_FLOW}:auth0-userinfo-id-token",
        lambda w: {"token": auth0_access(aud="auth0client", nonce="n", scope=None)},
    ),
    Case(
        "openid and RS256, audience still missing",
        AUTH0_FLOW,
        f"{AUTH0_FLOW}:auth0-userinfo-audience-other",
        lambda w: {"token": auth0_access()},
    ),
    Case(
        "opaque token /userinfo refuses",
        AUTH0_FLOW,
        f"{AUTH0_FLOW}:auth0-userinfo-token-refused",
        lambda w: {"token": OPAQUE, "issuer": w.base},
        network=True,
    ),
    Case(
        "opaque token /userinfo accepts",
        AUTH0_FLOW,
        f"{AUTH0_FLOW}:auth0-userinfo-works",
        lambda w: {"token": OPAQUE, "issuer": w.base},
        network=True,
        behave=lambda b, base: setattr(b, "userinfo", Reply(200, {"sub": "auth0|6560ada"})),
    ),
    Case(
        "JWT with the /userinfo audience that /userinfo accepts",
        AUTH0_FLOW,
        f"{AUTH0_FLOW}:auth0-userinfo-works",
        lambda w: {
            "token": auth0_access(iss=w.base, aud=[API, f"{w.base}/userinfo"]),
            "provider": "auth0",
            "issuer": w.base,
        },
        network=True,
        behave=lambda b, base: setattr(b, "userinfo", Reply(200, {"sub": "auth0|6560ada"})),
    ),
    Case(
        "expired token with the /userinfo audience",
        AUTH0_FLOW,
        f"{GENERIC}:token-expired",
        lambda w: {
            "token": auth0_access(aud=[API, AUTH0 + "userinfo"], **times(issued=NOW - 90000))
        },
    ),
    Case(
        "not an Auth0 token after all",
        AUTH0_FLOW,
        f"{GENERIC}:token-expired",
        lambda w: {"token": generic_access(**times(issued=NOW - 7200))},
    ),
]

# --- opensearch-oidc-401 -----------------------------------------------------------------

OS = "opensearch-oidc-401"
MAPPED_ANALYSTS = {"readall": {"reserved": False, "backend_roles": ["analysts"]}}
OPENSEARCH_CASES = [
    Case(
        "config.yml path is wrong",
        OS,
        f"{OS}:opensearch-config-unreadable",
        lambda w: {"opensearch_config": str(w.tmp / "missing" / "config.yml")},
        answers=LOGIN_401,
    ),
    Case(
        "Dashboards and OpenSearch name different IdPs",
        OS,
        f"{OS}:opensearch-idp-mismatch",
        lambda w: with_opensearch(
            w,
            id_token(),
            dashboards_connect_url="https://other-idp.example.test/.well-known/openid-configuration",
        ),
        answers=LOGIN_401,
    ),
    Case(
        "Dashboards' IdP discovery names another issuer",
        OS,
        f"{OS}:opensearch-idp-discovery",
        lambda w: {
            **with_opensearch(
                w, id_token(iss=w.base), connect_url=f"{w.base}/.well-known/openid-configuration"
            ),
            "issuer": w.base,
        },
        answers=LOGIN_401,
        network=True,
        behave=lambda b, base: setattr(b, "discovery_issuer", "https://elsewhere.example.test"),
    ),
    Case(
        "required_issuer is not the token's iss",
        OS,
        f"{OS}:opensearch-idp-mismatch",
        lambda w: with_opensearch(
            w, id_token(), openid_settings={"required_issuer": "https://idp.example.test/"}
        ),
        answers=LOGIN_401,
    ),
    Case(
        "redirect URI not registered",
        OS,
        f"{OS}:opensearch-redirect-mismatch",
        lambda w: {
            **with_opensearch(w, id_token()),
            "redirect_uris": "https://dashboards.example.com/auth/openid/login",
        },
        answers=LOGIN_401,
    ),
    Case(
        "basic domain challenges first",
        OS,
        f"{OS}:opensearch-basic-challenge",
        lambda w: with_opensearch(w, id_token(), basic_challenge=True),
        answers=LOGIN_401,
    ),
    Case(
        "expired ID token at OpenSearch",
        OS,
        f"{GENERIC}:token-expired",
        lambda w: with_opensearch(w, id_token(**times(issued=NOW - 7200))),
        answers=LOGIN_401,
    ),
    Case(
        "subject_key names a missing claim",
        OS,
        f"{OS}:opensearch-subject-missing",
        lambda w: with_opensearch(w, id_token(), subject_key="preferred_username"),
        answers=LOGIN_401,
    ),
    Case(
        "user name case differs from the mapping",
        OS,
        f"{OS}:opensearch-subject-case",
        lambda w: {
            **with_opensearch(
                w,
                id_token(entitlement_group="dashboards-users"),
                mapping={"readall": {"reserved": False, "users": ["userid"]}},
            ),
            "expect_value": "userid",
        },
        answers=LOGIN_401,
    ),
    Case(
        "user name case differs, and the name typed for the mapping is the token's own",
        OS,
        f"{OS}:opensearch-subject-case",
        lambda w: {
            **with_opensearch(
                w,
                id_token(entitlement_group="dashboards-users"),
                mapping={"readall": {"reserved": False, "users": ["userid"]}},
            ),
            "expect_value": "USERID",
        },
        answers=LOGIN_401,
    ),
    Case(
        "no roles claim, no users entry",
        OS,
        f"{OS}:opensearch-roles-key-missing",
        lambda w: with_opensearch(w, id_token()),
        answers=LOGIN_401,
    ),
    Case(
        "backend role not mapped",
        OS,
        f"{OS}:opensearch-map-backend-roles",
        lambda w: with_opensearch(w, id_token(entitlement_group=["analysts"])),
        answers=LOGIN_401,
    ),
    Case(
        "403 after login, backend role not mapped",
        OS,
        f"{OS}:opensearch-map-backend-roles",
        lambda w: with_opensearch(w, id_token(entitlement_group=["analysts"])),
        answers={"opensearch-oidc-401:start": "forbidden-403"},
    ),
    Case(
        "everything maps",
        OS,
        f"{OS}:opensearch-config-consistent",
        lambda w: with_opensearch(
            w, id_token(entitlement_group=["analysts"]), mapping=MAPPED_ANALYSTS
        ),
        answers=LOGIN_401,
    ),
    Case(
        "do OIDC users need internal users",
        OS,
        f"{OS}:opensearch-internal-users-not-needed",
        lambda w: {},
        answers={"opensearch-oidc-401:start": "internal-users"},
    ),
]

# --- triage --------------------------------------------------------------------------------

TRIAGE = "triage"
SEED_003_ROLES_LINE = (
    "[2023-04-25T07:00:19,340][WARN ][c.a.d.a.h.j.AbstractHTTPJwtAuthenticator] "
    "[opensearch-node1] Failed to get roles from JWT claims with roles_key 'entitlement_group'. "
    "Check if this key is correct and available in the JWT payload."
)
TRIAGE_CASES = [
    Case(
        "API 401 with an Okta token",
        TRIAGE,
        f"{OKTA}:okta-aud-custom-server",
        lambda w: {"token": okta_access(), "audience": "api://sp"},
        answers={"triage:start": "api", **BY_HAND_GRANTED},
    ),
    Case(
        "API 401 with another provider's token",
        TRIAGE,
        f"{GENERIC}:token-audience-mismatch",
        lambda w: {"token": generic_access(aud="https://other.example.com"), "audience": API},
        answers={"triage:start": "api"},
    ),
    Case(
        "/userinfo 401 with an Auth0 token",
        TRIAGE,
        f"{AUTH0_FLOW}:auth0-userinfo-missing-openid",
        lambda w: {"token": auth0_access(scope="profile")},
        answers={"triage:start": "userinfo"},
    ),
    Case(
        "/userinfo 401 with a Keycloak token",
        TRIAGE,
        "keycloak-401:kc-token-expired",
        lambda w: {
            "token": generic_access(
                iss="https://kc.example.com/realms/main", **times(issued=NOW - 7200)
            )
        },
        answers={"triage:start": "userinfo"},
    ),
    Case(
        "/userinfo 401 with an opaque token from Auth0",
        TRIAGE,
        f"{AUTH0_FLOW}:auth0-userinfo-token-refused",
        lambda w: {"token": OPAQUE},
        answers={"triage:start": "userinfo", "which-userinfo": "auth0"},
    ),
    Case(
        "/userinfo 401 with an opaque token from elsewhere",
        TRIAGE,
        f"{GENERIC}:token-opaque",
        lambda w: {"token": OPAQUE},
        answers={"triage:start": "userinfo", "which-userinfo": "other"},
    ),
    Case(
        "OpenSearch Dashboards login 401",
        TRIAGE,
        f"{OS}:opensearch-roles-key-missing",
        lambda w: with_opensearch(w, id_token()),
        answers={"triage:start": "opensearch"},
    ),
    Case(
        "only an Okta token",
        TRIAGE,
        f"{OKTA}:okta-aud-org-server",
        lambda w: {"token": okta_access(iss=OKTA_ORG, aud=OKTA_ORG)},
        answers={"triage:start": "token", **BY_HAND_GRANTED},
    ),
    Case(
        "only some token",
        TRIAGE,
        f"{GENERIC}:token-malformed",
        lambda w: {"token": "abc.def.ghi"},
        answers={"triage:start": "token"},
    ),
    Case(
        "OpenSearch roles_key log line",
        TRIAGE,
        f"{OS}:opensearch-roles-key-missing",
        lambda w: {**with_opensearch(w, id_token()), "log_line": SEED_003_ROLES_LINE},
        answers={"triage:start": "log"},
    ),
    Case(
        "Auth0 invalid credentials body",
        TRIAGE,
        f"{AUTH0_FLOW}:auth0-userinfo-missing-openid",
        lambda w: {
            "token": auth0_access(scope="profile"),
            "log_line": '{"error":"unauthorized","error_description":"invalid credentials"}',
        },
        answers={"triage:start": "log"},
    ),
    Case(
        "Okta scope_denied event",
        TRIAGE,
        f"{OKTA}:okta-scope-denied",
        lambda w: {"token": okta_id(), "log_line": "app.oauth2.as.authorize.scope_denied"},
        answers={"triage:start": "log", "issued-by-hand": "scope-denied"},
    ),
    Case(
        "invalid signature log line",
        TRIAGE,
        f"{GENERIC}:token-expired",
        lambda w: {
            "token": generic_access(**times(issued=NOW - 7200)),
            "log_line": "Invalid JWT signature",
        },
        answers={"triage:start": "log"},
    ),
    Case(
        "a log line nobody knows",
        TRIAGE,
        f"{GENERIC}:token-encrypted",
        lambda w: {"token": jwe_like(), "log_line": "java.lang.NullPointerException at line 3"},
        answers={"triage:start": "log", "log-unknown": "token"},
    ),
]

# --- evidence-401 (opened by `wizard ingest` with the facts of a paste) --------------------

EVIDENCE = "evidence-401"
EVIDENCE_CASES = [
    Case(
        "IDX10214 line alone",
        EVIDENCE,
        f"{EVIDENCE}:audience-mismatch",
        lambda w: {
            "evidence_step": f"{EVIDENCE}:audience",
            "token_audience": "api://8f1c2d3e",
            "audience": "8f1c2d3e",
        },
    ),
    Case(
        "Entra v1 token against a v2 authority",
        EVIDENCE,
        f"{EVIDENCE}:issuer-mismatch",
        lambda w: {
            "evidence_step": f"{EVIDENCE}:issuer",
            "token_issuer": "https://sts.windows.net/tenant-1/",
            "issuer": "https://login.microsoftonline.com/tenant-1/v2.0",
        },
    ),
    Case(
        "Spring says expired at the request time",
        EVIDENCE,
        f"{EVIDENCE}:expired-at-request",
        lambda w: {
            "evidence_step": f"{EVIDENCE}:lifetime",
            "token_exp": "2025-05-06T16:18:32Z",
            "request_time": "2025-05-06T16:20:40Z",
        },
    ),
    Case(
        "Bearer challenge without error",
        EVIDENCE,
        f"{EVIDENCE}:token-never-reached",
        lambda w: {
            "evidence_step": f"{EVIDENCE}:header-lost",
            "challenge_scheme": "bearer",
            "status": "401",
        },
    ),
    Case(
        "a known message with no values",
        EVIDENCE,
        f"{EVIDENCE}:message-explained",
        lambda w: {"evidence_step": f"{EVIDENCE}:message", "log_message": "dotnet.idx10208"},
    ),
]

CASES: list[Case] = (
    GENERIC_CASES + OKTA_CASES + AUTH0_CASES + OPENSEARCH_CASES + TRIAGE_CASES + EVIDENCE_CASES
)
