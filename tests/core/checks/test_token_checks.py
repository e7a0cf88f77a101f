"""The offline token checks, run through the real runner with a fixed clock."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.tokens.minting import (
    API_AUDIENCE,
    CLIENT_ID,
    ENTRA_TID,
    FIXED_NOW,
    OKTA_CUSTOM_ISS,
    OKTA_ORG_ISS,
    SEED_001,
    auth0_access,
    handmade,
    jwe,
    keycloak_id,
    mint,
    okta_access,
    okta_id,
    times,
)
from wizard.core.checks import CheckEnvironment, CheckOptions, CheckResult, CheckRun, run_one
from wizard.core.checks.catalog import CATALOG_MODULES, load_registry

REGISTRY = load_registry()
TOKEN_CHECKS = sorted(check_id for check_id in REGISTRY if check_id.startswith("token."))
OFFLINE_IDS = {
    "token.format",
    "token.kind",
    "token.alg",
    "token.issuer",
    "token.audience",
    "token.lifetime",
    "token.scopes",
    "token.claims",
    "token.provider",
}
AUTH0_JWE = jwe({"alg": "dir", "enc": "A256GCM", "iss": "https://acme.auth0.com/"})
OPAQUE = "Xq3v9TbN1mK8pL2wR7yZ4cF6hJ0sD5gA"
BROKEN = handmade({"alg": "RS256"}, "eyJzdWIiOiJhIn0!")


async def run(check_id: str, skew: float = 30.0, **inputs: str) -> CheckResult:
    env = CheckEnvironment(options=CheckOptions(skew=skew), clock=lambda: FIXED_NOW)
    return await run_one(CheckRun(check_id, REGISTRY[check_id], inputs), env)


def test_every_offline_token_check_is_in_the_catalog() -> None:
    assert "token" in CATALOG_MODULES
    assert set(TOKEN_CHECKS) >= OFFLINE_IDS
    for check_id in OFFLINE_IDS:
        assert not REGISTRY[check_id].network


CASES: list[tuple[str, dict[str, str], str, list[str]]] = [
    # token.format
    ("token.format", {"token": mint(okta_access())}, "pass", ["signed JWT (JWS)"]),
    ("token.format", {"token": f'"Bearer {mint(okta_access())}"'}, "pass", ["Removed"]),
    ("token.format", {"token": AUTH0_JWE}, "warn", ["encrypted JWT (JWE", "'dir'"]),
    ("token.format", {"token": OPAQUE}, "warn", ["opaque token of 32 characters", "Auth0"]),
    ("token.format", {"token": BROKEN}, "fail", ["position 38"]),
    ("token.format", {"token": "Bearer   "}, "fail", ["Nothing is left"]),
    # token.kind
    ("token.kind", {"token": mint(okta_access())}, "pass", ["access token", "scp"]),
    ("token.kind", {"token": mint(okta_id())}, "pass", ["ID token", "nonce"]),
    (
        "token.kind",
        {"token": mint(okta_id()), "audience": API_AUDIENCE},
        "warn",
        ["ID token", "sent to an API"],
    ),
    ("token.kind", {"token": mint({"aud": "x", **times()})}, "warn", ["Cannot tell"]),
    ("token.kind", {"token": OPAQUE}, "pass", ["cannot be an ID token"]),
    ("token.kind", {"token": AUTH0_JWE}, "skip", ["encrypted"]),
    ("token.kind", {"token": BROKEN}, "error", ["could not be decoded"]),
    # token.alg
    ("token.alg", {"token": mint(okta_access())}, "pass", ["RS256"]),
    ("token.alg", {"token": mint(okta_access(), alg="ES256")}, "pass", ["RS256 is the OIDC"]),
    ("token.alg", {"token": mint(okta_access(), alg="HS256")}, "fail", ["key-confusion"]),
    ("token.alg", {"token": mint(auth0_access(), alg="HS256")}, "warn", ["/userinfo"]),
    ("token.alg", {"token": mint({"iss": "https://i.test"}, alg="HS512")}, "warn", ["secret"]),
    ("token.alg", {"token": handmade({"alg": "none"}, okta_access(), "")}, "fail", ["unsigned"]),
    ("token.alg", {"token": handmade({"typ": "JWT"}, okta_access())}, "fail", ["no alg"]),
    ("token.alg", {"token": handmade({"alg": "XYZ"}, okta_access())}, "warn", ["'XYZ'"]),
    (
        "token.alg",
        {"token": mint(okta_access(), headers={"jku": "https://evil.test/k"})},
        "warn",
        ["jku", "never followed"],
    ),
    ("token.alg", {"token": AUTH0_JWE}, "skip", ["'dir'"]),
    # token.issuer
    ("token.issuer", {"token": mint(okta_access())}, "pass", [OKTA_CUSTOM_ISS]),
    (
        "token.issuer",
        {"token": mint(okta_access()), "issuer": OKTA_CUSTOM_ISS},
        "pass",
        ["exactly"],
    ),
    (
        "token.issuer",
        {"token": mint(okta_access()), "issuer": OKTA_CUSTOM_ISS + "/"},
        "fail",
        ["trailing slash", "byte for byte"],
    ),
    (
        "token.issuer",
        {"token": mint(auth0_access()), "issuer": "https://acme.eu.auth0.com"},
        "fail",
        ["trailing slash", "Auth0"],
    ),
    (
        "token.issuer",
        {"token": mint(okta_access()), "issuer": OKTA_ORG_ISS},
        "fail",
        ["custom authorization server"],
    ),
    (
        "token.issuer",
        {
            "token": mint(okta_access()),
            "issuer": OKTA_CUSTOM_ISS + "/.well-known/openid-configuration",
        },
        "pass",
        ["discovery URL"],
    ),
    ("token.issuer", {"token": mint({"sub": "a", **times()})}, "fail", ["no usable iss"]),
    ("token.issuer", {"token": mint({"iss": "http://idp.test", **times()})}, "warn", ["https"]),
    # token.audience
    (
        "token.audience",
        {"token": mint(okta_access()), "audience": API_AUDIENCE},
        "pass",
        ['["api://default"]', "contains"],
    ),
    (
        "token.audience",
        {"token": mint(okta_access()), "audience": "api://reports"},
        "fail",
        ['aud is ["api://default"]', "'api://reports'"],
    ),
    (
        "token.audience",
        {"token": mint(okta_access()), "audience": "API://default"},
        "fail",
        ["only in case"],
    ),
    (
        "token.audience",
        {
            "token": mint(okta_access(iss=OKTA_ORG_ISS, aud=OKTA_ORG_ISS)),
            "audience": "https://api.example.test",
        },
        "fail",
        ["Okta's own APIs"],
    ),
    (
        "token.audience",
        {"token": mint(okta_access(iss=OKTA_ORG_ISS, aud=OKTA_ORG_ISS))},
        "warn",
        ["Okta's own APIs"],
    ),
    ("token.audience", {"token": mint(okta_id()), "client_id": CLIENT_ID}, "pass", ["client id"]),
    (
        "token.audience",
        {"token": mint(okta_id()), "client_id": "0oaOTHER"},
        "fail",
        ["0oaOTHER", "client id of the application"],
    ),
    ("token.audience", {"token": mint(okta_id())}, "skip", ["an ID token", "give client_id"]),
    (
        "token.audience",
        {"token": mint(okta_access(aud=None))},
        "fail",
        ["no usable aud"],
    ),
    (
        "token.audience",
        {
            "token": mint(
                {
                    "iss": f"https://login.microsoftonline.com/{ENTRA_TID}/v2.0",
                    "aud": "5c1e2f3a-0000-4000-8000-00000000abcd",
                    "scp": "Reports.Read",
                    **times(),
                }
            ),
            "audience": "api://5c1e2f3a-0000-4000-8000-00000000abcd",
        },
        "fail",
        ["bare application id", "v2.0 access tokens carry the API's application"],
    ),
    (
        "token.audience",
        {
            "token": mint(
                {"iss": "https://sso.example.test/realms/acme", "aud": "account", "typ": "Bearer"}
            ),
            "audience": "opensearch",
        },
        "fail",
        ["audience mapper", "'account'"],
    ),
    (
        "token.audience",
        {
            "token": mint(auth0_access(aud=["https://api.example.test", "https://other.test"])),
            "audience": "https://api.example.test",
        },
        "pass",
        ["aud lacks https://acme.eu.auth0.com/userinfo"],
    ),
    # token.lifetime
    ("token.lifetime", {"token": mint(okta_access())}, "pass", ["expires in 50 min"]),
    (
        "token.lifetime",
        {"token": mint(okta_access(**times(issued_ago=11_520 + 3600)))},
        "fail",
        ["expired 3 h 12 min ago (2026-11-22 07:48:00 UTC)"],
    ),
    ("token.lifetime", {"token": mint(okta_access(exp=FIXED_NOW - 10))}, "warn", ["skew of 30 s"]),
    ("token.lifetime", {"token": mint(okta_access(nbf=FIXED_NOW + 600))}, "fail", ["in 10 min"]),
    ("token.lifetime", {"token": mint(okta_access(iat=FIXED_NOW + 600))}, "fail", ["future"]),
    ("token.lifetime", {"token": handmade({"alg": "RS256"}, {"scp": "a"})}, "warn", ["no exp"]),
    ("token.lifetime", {"token": handmade({"alg": "RS256"}, {"nonce": "n"})}, "fail", ["no exp"]),
    (
        "token.lifetime",
        {"token": handmade({"alg": "RS256"}, {"exp": str(FIXED_NOW)})},
        "fail",
        ["JSON number"],
    ),
    # token.scopes
    ("token.scopes", {"token": mint(okta_access()), "scopes": "openid email"}, "pass", ["scp"]),
    (
        "token.scopes",
        {"token": mint(okta_access()), "scopes": "openid groups"},
        "fail",
        ["Missing required scopes: groups"],
    ),
    (
        "token.scopes",
        {"token": mint(okta_access()), "scopes": "OpenID"},
        "fail",
        ["Case differs"],
    ),
    (
        "token.scopes",
        {"token": mint({"iss": f"https://sts.windows.net/{ENTRA_TID}/", "scp": "User.Read"})},
        "pass",
        ["space-separated string", "User.Read"],
    ),
    (
        "token.scopes",
        {"token": mint(auth0_access(scope=["openid", "email"]))},
        "warn",
        ["scope is an array"],
    ),
    (
        "token.scopes",
        {"token": mint(auth0_access(scope="read:reports"))},
        "warn",
        ["openid is not among them", "/userinfo audience"],
    ),
    ("token.scopes", {"token": mint(okta_id()), "scopes": "openid"}, "skip", ["ID token"]),
    (
        "token.scopes",
        {"token": mint(okta_access()), "expect_claim": "entitlement_group"},
        "warn",
        ["entitlement_group"],
    ),
    (
        "token.scopes",
        {"token": mint(okta_access(scp=["openid"])), "expect_claim": "email"},
        "warn",
        ["'email' scope"],
    ),
    (
        "token.scopes",
        {
            "token": mint({"iss": f"https://sts.windows.net/{ENTRA_TID}/", "roles": ["Reader"]}),
            "scopes": "Reports.Read",
        },
        "fail",
        ["neither scp nor scope", "app-only token"],
    ),
    # token.claims
    (
        "token.claims",
        {"token": mint(keycloak_id()), "expect_claim": "sub", "expect_value": "USERID"},
        "pass",
        ["exactly"],
    ),
    (
        "token.claims",
        {"token": mint(keycloak_id()), "expect_claim": "sub", "expect_value": "userid"},
        "fail",
        ["case is ignored", "case-sensitive"],
    ),
    (
        "token.claims",
        {
            "token": mint(keycloak_id()),
            "expect_claim": "realm_access.roles",
            "expect_value": "admin",
        },
        "pass",
        ["walking into objects", "exactly"],
    ),
    (
        "token.claims",
        {"token": mint(keycloak_id()), "expect_claim": "entitlement_group"},
        "fail",
        ["no claim 'entitlement_group'"],
    ),
    (
        "token.claims",
        {"token": mint(keycloak_id()), "expect_claim": "realm_access.groups"},
        "fail",
        ["realm_access exists but has no 'groups'"],
    ),
    (
        "token.claims",
        {"token": mint(okta_id()), "expect_claim": "Email"},
        "fail",
        ["'email'", "case-sensitive"],
    ),
    (
        "token.claims",
        {"token": mint(okta_id(email="")), "expect_claim": "email"},
        "fail",
        ["empty"],
    ),
    (
        "token.claims",
        {"token": mint(keycloak_id()), "expect_claim": "realm_access"},
        "fail",
        ["an object", "realm_access.roles"],
    ),
    (
        "token.claims",
        {
            "token": mint(auth0_access(**{"https://acme.test/roles": ["admin"]})),
            "expect_claim": "roles",
        },
        "fail",
        ["namespaced claim 'https://acme.test/roles'"],
    ),
    (
        "token.claims",
        {"token": mint(auth0_access()), "expect_claim": "roles"},
        "fail",
        ["silently drops"],
    ),
    (
        "token.claims",
        {"token": mint(okta_access(groups=["a", 1])), "expect_claim": "groups"},
        "warn",
        ["not strings"],
    ),
    (
        "token.claims",
        {
            "token": mint(okta_access(groups=["ops", "dev"])),
            "expect_claim": "groups",
            "expect_value": "qa",
        },
        "fail",
        ["to be (or contain) 'qa'"],
    ),
    ("token.claims", {"token": mint(okta_access())}, "skip", ["expect_claim"]),
    # token.provider
    (
        "token.provider",
        {"token": mint(okta_access())},
        "pass",
        ["Okta, custom authorization server: iss ends in /oauth2/"],
    ),
    ("token.provider", {"token": AUTH0_JWE}, "pass", ["Auth0"]),
    ("token.provider", {"token": OPAQUE}, "skip", ["opaque"]),
]


@pytest.mark.parametrize(
    ("check_id", "inputs", "status", "words"),
    CASES,
    ids=[f"{case[0]}-{case[2]}-{n}" for n, case in enumerate(CASES)],
)
async def test_token_check_outcomes(check_id, inputs, status, words) -> None:
    result = await run(check_id, **inputs)
    assert result.status == status, result.detail
    said = f"{result.detail} {result.fix}"
    for word in words:
        assert word in said, said
    if status in ("warn", "fail"):
        assert result.fix, "every warn or fail says what to do"
    if status in ("pass", "warn", "fail"):
        assert result.refs
    assert set(result.facts) <= set(REGISTRY[check_id].learns)


async def test_a_smaller_skew_turns_a_fresh_expiry_into_a_failure() -> None:
    token = mint(okta_access(exp=FIXED_NOW - 10))
    assert (await run("token.lifetime", token=token, skew=0)).status == "fail"


async def test_a_token_just_expired_is_not_told_a_fresh_one_will_do_whatever_the_clocks():
    """The clock skew card beside it may say a fresh token arrives expired too: the fix
    must not promise that a retry at once works."""
    result = await run("token.lifetime", token=mint(okta_access(exp=FIXED_NOW - 360)))
    assert result.status == "fail"
    assert "fresh token" in result.fix and "clock" in result.fix.lower()


async def test_facts_flow_from_a_readable_token() -> None:
    token = mint(okta_access())
    formatted = await run("token.format", token=token)
    assert formatted.facts == {
        "token_format": "jws",
        "token_issuer": OKTA_CUSTOM_ISS,
        "provider": "okta-custom",
        "okta_server": "custom",
        "token_client_id": CLIENT_ID,
        "token_client_id_claim": "cid",
    }
    assert (await run("token.kind", token=token)).facts == {"token_kind": "access"}


async def test_seed_001_is_an_auth0_access_token_without_the_userinfo_audience() -> None:
    pasted = SEED_001.read_text()
    provider = await run("token.provider", token=pasted)
    kind = await run("token.kind", token=pasted)
    audience = await run("token.audience", token=pasted, audience="https://api.example.test")
    assert provider.facts["provider"] == "auth0"
    assert kind.facts["token_kind"] == "access"
    assert audience.evidence["aud"] == "https://monrifnet-test.eu.auth0.com/api/v2/"
    assert "aud lacks https://monrifnet-test.eu.auth0.com/userinfo" in audience.detail
    lifetime = await run("token.lifetime", token=pasted)
    assert lifetime.status == "fail" and "probably copied from an old log" in lifetime.detail


def _secret_parts(token: str) -> list[str]:
    parts = token.split(".")
    return [token, parts[-1]] if len(parts) == 3 and len(parts[-1]) >= 8 else [token]


SECRET_TOKENS = [
    mint(okta_access()),
    mint(okta_id(), alg="ES256"),
    mint(auth0_access(), alg="HS256"),
    mint(keycloak_id(exp=FIXED_NOW - 99_999)),
    OPAQUE,
    AUTH0_JWE,
    SEED_001.read_text().split()[-1],
    mint(okta_access())[:-3] + "!!!",
]


# Named, not shown: the minted tokens differ between processes (fresh keys, random ES256
# signatures), and parallel workers must agree on every test's name.
SECRET_TOKEN_NAMES = [
    "okta-access",
    "okta-id-es256",
    "auth0-hs256",
    "keycloak-expired",
    "opaque",
    "auth0-jwe",
    "seed-001",
    "broken-signature",
]


@pytest.mark.parametrize("token", SECRET_TOKENS, ids=SECRET_TOKEN_NAMES)
@pytest.mark.parametrize("check_id", sorted(OFFLINE_IDS))
async def test_no_result_shows_the_raw_token_or_its_signature(check_id: str, token: str) -> None:
    inputs = {
        "token": f"Authorization: Bearer {token}",
        "issuer": "https://other.test",
        "audience": "api://x",
        "client_id": "c",
        "scopes": "openid groups",
        "expect_claim": "email",
        "expect_value": "bob",
    }
    result = await run(check_id, **inputs)
    shown = json.dumps(result.to_dict(), default=str)
    for secret in _secret_parts(token):
        assert secret not in shown
    assert "internal error" not in result.detail


# Hypothesis: nothing a user can paste or type makes a token check crash.

_VALID = mint(okta_access(groups=["a"], realm_access={"roles": ["r"]}))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
claim_sets = st.dictionaries(
    st.sampled_from(["iss", "aud", "exp", "nbf", "iat", "scp", "scope", "sub", "nonce", "azp"])
    | st.text(max_size=8),
    json_values,
    max_size=8,
)


@st.composite
def mutated_tokens(draw: Any) -> str:
    token = draw(st.sampled_from([_VALID, AUTH0_JWE, SEED_001.read_text()]))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(token)))
        action = draw(st.sampled_from(["insert", "delete", "cut"]))
        if action == "insert":
            token = token[:position] + draw(st.text(min_size=1, max_size=3)) + token[position:]
        elif action == "delete":
            token = token[:position] + token[position + 1 :]
        else:
            token = token[:position]
    return token


pasted_inputs = st.one_of(
    st.text(max_size=60),
    mutated_tokens(),
    claim_sets.map(lambda claims: handmade({"alg": "RS256"}, claims)),
    json_values.map(lambda value: handmade(json.dumps(value).encode().hex(), {"v": value})),
)
free_text = st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["sub", "a.b", "iss"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token=pasted_inputs, other=free_text, value=free_text)
def test_no_input_makes_a_token_check_crash(token: str, other: str | None, value: str | None):
    inputs = {"token": token}
    for name in ("issuer", "audience", "client_id", "scopes", "expect_claim"):
        if other is not None:
            inputs[name] = other
    if value is not None:
        inputs["expect_value"] = value

    async def run_all() -> list[CheckResult]:
        return [await run(check_id, **inputs) for check_id in sorted(OFFLINE_IDS)]

    for result in asyncio.run(run_all()):
        assert "internal error" not in result.detail, (result.id, result.detail)
        json.dumps(result.to_dict(), default=str)
