"""The six OpenSearch checks, run through the real runner with tokens minted here.

Signatures are not verified by these checks, so any key will do; both HS256 and RS256 tokens are
used to show the algorithm does not matter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.core.checks import CheckEnvironment, CheckRun, Status, run_one
from wizard.core.checks.catalog import load_registry
from wizard.demo.keys import SigningKey

DATA = Path(__file__).parents[2] / "data" / "opensearch"
SEED_CONFIG = str(DATA / "config_seed003.yml")
SEED_MAPPING = str(DATA / "roles_mapping_seed003.yml")
SEED_DASHBOARDS = str(DATA / "opensearch_dashboards_seed003.yml")
NESTED_CONFIG = str(DATA / "config_nested_roles.yml")
NOW = 1_800_000_000
ROLES_WARNING = (
    "Failed to get roles from JWT claims with roles_key 'entitlement_group'. Check if this key "
    "is correct and available in the JWT payload."
)
OPENSEARCH_CHECKS = {
    "opensearch.authc",
    "opensearch.idp",
    "opensearch.subject",
    "opensearch.roles",
    "opensearch.role_mapping",
    "opensearch.redirect",
}


@pytest.fixture(scope="module")
def rsa_key() -> SigningKey:
    return SigningKey.of("rsa", "test-key")


def hs256(claims: dict) -> str:
    return SigningKey.shared("a-test-key-that-is-long-enough-for-hs256").sign(claims)


def rs256(claims: dict, key: SigningKey) -> str:
    return key.sign(claims)


def seed_claims(**extra) -> dict:
    claims = {
        "iss": "https://idp.example.test",
        "sub": "USERID",
        "aud": "dashboards",
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "nonce": "n-123",
    }
    claims.update(extra)
    return claims


async def run(check_id: str, **inputs: str):
    spec = load_registry()[check_id]
    return await run_one(CheckRun(check_id, spec, inputs), CheckEnvironment(clock=lambda: NOW))


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_all_six_are_registered_offline():
    registry = load_registry()
    assert set(registry) >= OPENSEARCH_CHECKS
    assert not any(registry[check_id].network for check_id in OPENSEARCH_CHECKS)
    assert registry["opensearch.subject"].learns == ("opensearch_user",)
    assert registry["opensearch.roles"].learns == ("opensearch_roles",)


# --- the seed case, end to end ----------------------------------------------------------------


async def test_seed_003_end_to_end(rsa_key):
    token = rs256(seed_claims(), rsa_key)
    inputs = {
        "opensearch_config": SEED_CONFIG,
        "roles_mapping": SEED_MAPPING,
        "dashboards_config": SEED_DASHBOARDS,
        "id_token": token,
        "opensearch_version": "2.6.0",
    }
    authc = await run("opensearch.authc", **inputs)
    assert authc.status is Status.PASS
    assert "is noise" in authc.detail

    subject = await run("opensearch.subject", **inputs)
    assert subject.status is Status.PASS
    assert subject.facts == {"opensearch_user": "USERID"}

    roles = await run("opensearch.roles", **inputs)
    assert roles.status is Status.FAIL
    assert f'"{ROLES_WARNING}"' in roles.detail
    assert 'scope "openid entitlement_group"' in roles.fix
    assert roles.facts == {"opensearch_roles": ""}

    mapping = await run("opensearch.role_mapping", **inputs)
    assert mapping.status is Status.FAIL
    assert "403" in mapping.detail and "not a 401" in mapping.detail
    assert "users pattern 'userid' differs from 'USERID' only in letter case" in mapping.detail
    assert 'readall:\n  users:\n    - "USERID"\n' in mapping.fix
    assert "Internal users are not needed" in mapping.fix
    assert mapping.evidence["suggested_entry"] == 'readall:\n  users:\n    - "USERID"\n'

    idp = await run("opensearch.idp", **inputs)
    assert idp.status is Status.PASS

    redirect = await run("opensearch.redirect", **inputs)
    assert redirect.status is Status.PASS
    assert '"https://localhost:5601/auth/openid/login"' in redirect.detail

    everything = json.dumps([r.to_dict() for r in (authc, subject, roles, mapping, idp, redirect)])
    assert token not in everything
    assert token.split(".")[2] not in everything
    assert "not-a-real-secret" not in everything and "not-a-real-password" not in everything


async def test_seed_003_after_the_fix_maps(tmp_path):
    fixed = write(tmp_path, "roles_mapping.yml", 'readall:\n  users:\n    - "USERID"\n')
    result = await run(
        "opensearch.role_mapping",
        roles_mapping=fixed,
        opensearch_config=SEED_CONFIG,
        id_token=hs256(seed_claims()),
    )
    assert result.status is Status.PASS
    assert "'readall' (users pattern 'USERID' matches the user 'USERID')" in result.detail


# --- opensearch.authc -------------------------------------------------------------------------


async def test_authc_basic_challenge_before_openid_fails():
    result = await run(
        "opensearch.authc", opensearch_config=str(DATA / "config_basic_challenge.yml")
    )
    assert result.status is Status.FAIL
    assert "WWW-Authenticate: Basic" in result.detail
    assert "challenge: true (not set; the default is true)" in result.detail
    assert "challenge: false" in result.fix
    assert result.refs


async def test_authc_openid_challenge_and_intern_backend_warn(tmp_path):
    path = write(
        tmp_path,
        "config.yml",
        "authc:\n  oidc:\n    order: 0\n    http_authenticator: {type: openid, challenge: true}\n"
        "    authentication_backend: {type: intern}\n",
    )
    result = await run("opensearch.authc", opensearch_config=path)
    assert result.status is Status.WARN
    assert "it wants challenge: false" in result.detail
    assert "need no internal users" in result.detail


async def test_authc_shared_order_warns(tmp_path):
    path = write(
        tmp_path,
        "config.yml",
        "authc:\n  basic: {order: 1, http_authenticator: {type: basic, challenge: false}}\n"
        "  oidc: {order: 1, http_authenticator: {type: openid, challenge: false}}\n",
    )
    result = await run("opensearch.authc", opensearch_config=path)
    assert result.status is Status.WARN and "share order 1" in result.detail


async def test_authc_disabled_openid_fails(tmp_path):
    path = write(
        tmp_path,
        "config.yml",
        "authc:\n  oidc:\n    http_enabled: false\n"
        "    http_authenticator: {type: openid, challenge: false}\n",
    )
    result = await run("opensearch.authc", opensearch_config=path)
    assert result.status is Status.FAIL and "http_enabled: false" in result.detail


async def test_authc_without_openid_domain_fails(tmp_path):
    path = write(tmp_path, "config.yml", "authc:\n  basic: {http_authenticator: {type: basic}}\n")
    result = await run("opensearch.authc", opensearch_config=path)
    assert result.status is Status.FAIL
    assert "no authentication domain with http_authenticator.type openid" in result.detail
    assert "basic (basic)" in result.detail


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("malformed.yml", "malformed.yml: line 6, column"),
        ("list_instead_of_mapping.yml", "config.dynamic.authc: expected a mapping"),
        ("no_authc.yml", "config.dynamic.authc: missing"),
        ("billion_laughs.yml", "billion laughs"),
        ("absent.yml", "no such file"),
    ],
)
async def test_authc_bad_files_are_errors(name, words):
    result = await run("opensearch.authc", opensearch_config=str(DATA / name))
    assert result.status is Status.ERROR
    assert words in result.detail


async def test_authc_without_config_is_skipped():
    assert (await run("opensearch.authc")).status is Status.SKIP


# --- opensearch.idp ---------------------------------------------------------------------------


async def test_idp_connect_urls_differ():
    result = await run(
        "opensearch.idp",
        opensearch_config=SEED_CONFIG,
        dashboards_config=str(DATA / "opensearch_dashboards_nested.yml"),
    )
    assert result.status is Status.FAIL
    assert "are not the same" in result.detail
    assert "host idp.example.test vs other-idp.example.test" in result.detail


async def test_idp_without_dashboards_warns():
    result = await run("opensearch.idp", opensearch_config=SEED_CONFIG)
    assert result.status is Status.WARN and "No dashboards_config" in result.detail


async def test_idp_token_issuer_near_miss_warns():
    token = hs256(seed_claims(iss="https://idp.example.test/"))
    result = await run(
        "opensearch.idp",
        opensearch_config=SEED_CONFIG,
        dashboards_config=SEED_DASHBOARDS,
        token=token,
    )
    assert result.status is Status.WARN
    assert "trailing '/'" in result.detail


async def test_idp_expected_issuer_differs_fails():
    result = await run(
        "opensearch.idp",
        opensearch_config=SEED_CONFIG,
        dashboards_config=SEED_DASHBOARDS,
        issuer="https://login.example.test",
    )
    assert result.status is Status.FAIL and '"https://login.example.test"' in result.detail


def keycloak_claims(**extra) -> dict:
    claims = {
        "iss": "https://keycloak.example.test/realms/main",
        "sub": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "aud": ["opensearch-dashboards", "account"],
        "preferred_username": "alice",
        "realm_access": {"roles": ["team-red", "offline_access"]},
        "exp": NOW + 300,
    }
    claims.update(extra)
    return claims


async def test_idp_required_claims_match(rsa_key):
    result = await run(
        "opensearch.idp",
        opensearch_config=NESTED_CONFIG,
        id_token=rs256(keycloak_claims(), rsa_key),
        opensearch_version="3.1.0",
    )
    assert result.status is Status.WARN  # only because no dashboards_config was given
    assert "required_" not in result.detail


async def test_idp_required_audience_mismatch_fails(rsa_key):
    token = rs256(keycloak_claims(aud="account"), rsa_key)
    result = await run("opensearch.idp", opensearch_config=NESTED_CONFIG, id_token=token)
    assert result.status is Status.FAIL
    assert 'required_audience is "opensearch-dashboards"' in result.detail
    assert "Invalid audience" in result.detail


async def test_idp_required_issuer_mismatch_fails(rsa_key):
    token = rs256(keycloak_claims(iss="https://keycloak.example.test/realms/other"), rsa_key)
    result = await run("opensearch.idp", opensearch_config=NESTED_CONFIG, id_token=token)
    assert result.status is Status.FAIL and "Invalid issuer" in result.detail


async def test_idp_required_claims_before_2_1_are_ignored(rsa_key):
    token = rs256(keycloak_claims(aud="account"), rsa_key)
    result = await run(
        "opensearch.idp",
        opensearch_config=NESTED_CONFIG,
        id_token=token,
        opensearch_version="2.0.1",
    )
    assert result.status is Status.WARN and "2.0.1 ignores them" in result.detail


# --- opensearch.subject -----------------------------------------------------------------------


async def test_subject_prefers_id_token_over_token():
    result = await run(
        "opensearch.subject",
        opensearch_config=SEED_CONFIG,
        id_token=hs256(seed_claims(sub="from-id-token")),
        token=hs256(seed_claims(sub="from-access-token")),
    )
    assert result.facts == {"opensearch_user": "from-id-token"}
    assert "(from the id_token)" in result.detail


async def test_subject_accepts_a_pasted_bearer_token():
    token = hs256(seed_claims())
    result = await run(
        "opensearch.subject", opensearch_config=SEED_CONFIG, token=f'  "Bearer {token}"\n'
    )
    assert result.status is Status.PASS and result.facts["opensearch_user"] == "USERID"
    assert "give the ID token as id_token" in result.detail


async def test_subject_key_missing_fails_with_plugin_text(rsa_key):
    # config_basic_challenge.yml asks for preferred_username; this token has only sub and email
    token = rs256(seed_claims(email="u@example.test"), rsa_key)
    result = await run(
        "opensearch.subject",
        opensearch_config=str(DATA / "config_basic_challenge.yml"),
        id_token=token,
    )
    assert result.status is Status.FAIL
    plugin_text = (
        "Failed to get subject from JWT claims, check if subject_key 'preferred_username' "
        "is correct."
    )
    assert plugin_text in result.detail
    assert "(sub, email)" in result.fix
    assert result.facts == {}


async def test_subject_non_string_warns(tmp_path):
    path = write(
        tmp_path,
        "config.yml",
        "authc:\n  oidc:\n    http_authenticator:\n      type: openid\n      challenge: false\n"
        "      config: {subject_key: employee_number}\n",
    )
    result = await run(
        "opensearch.subject", opensearch_config=path, id_token=hs256({"employee_number": 42})
    )
    assert result.status is Status.WARN and result.facts == {"opensearch_user": "42"}


async def test_subject_without_token_is_skipped():
    result = await run("opensearch.subject", opensearch_config=SEED_CONFIG)
    assert result.status is Status.SKIP and "id_token" in result.detail


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("a.b.c.d.e", "encrypted (JWE, 5 parts)"),
        ("2YotnFZFEjr1zCsicMWpAA", "not a JWT (1 dot-separated part(s)"),
        ("eyJhbGciOiJIUzI1NiJ9.not-json.sig", "not valid base64url-encoded JSON"),
    ],
)
async def test_subject_unreadable_tokens_are_errors(token, words):
    result = await run("opensearch.subject", opensearch_config=SEED_CONFIG, id_token=token)
    assert result.status is Status.ERROR
    assert words in result.detail
    assert token not in result.detail


# --- opensearch.roles -------------------------------------------------------------------------


async def test_roles_nested_list_on_3_1(rsa_key):
    result = await run(
        "opensearch.roles",
        opensearch_config=NESTED_CONFIG,
        id_token=rs256(keycloak_claims(), rsa_key),
        opensearch_version="3.1.0",
    )
    assert result.status is Status.PASS
    assert result.facts == {"opensearch_roles": "team-red,offline_access"}


async def test_roles_nested_list_on_2_x_fails(rsa_key):
    result = await run(
        "opensearch.roles",
        opensearch_config=NESTED_CONFIG,
        id_token=rs256(keycloak_claims(), rsa_key),
        opensearch_version="2.6.0",
    )
    assert result.status is Status.FAIL
    assert "does not understand" in result.detail and "3.1.0" in result.detail


async def test_roles_nested_list_without_version_warns(rsa_key):
    result = await run(
        "opensearch.roles",
        opensearch_config=NESTED_CONFIG,
        id_token=rs256(keycloak_claims(), rsa_key),
    )
    assert result.status is Status.WARN and "3.1+ was assumed" in result.detail
    assert result.facts == {"opensearch_roles": "team-red,offline_access"}


async def test_roles_dotted_string_is_literal_and_hinted(rsa_key):
    result = await run(
        "opensearch.roles",
        opensearch_config=str(DATA / "config_dotted_roles.yml"),
        id_token=rs256(keycloak_claims(), rsa_key),
        opensearch_version="3.1.0",
    )
    assert result.status is Status.FAIL
    assert "roles_key 'realm_access.roles'" in result.detail
    assert "roles_key: [realm_access, roles]" in result.detail


async def test_roles_comma_string_keeps_spaces(tmp_path):
    path = write(
        tmp_path,
        "config.yml",
        "authc:\n  oidc:\n    http_authenticator:\n      type: openid\n      challenge: false\n"
        "      config: {roles_key: roles}\n",
    )
    result = await run(
        "opensearch.roles", opensearch_config=path, id_token=hs256({"sub": "a", "roles": "a, b"})
    )
    assert result.status is Status.WARN
    assert "'a', ' b'" in result.detail and "not trimmed" in result.detail
    assert result.facts == {"opensearch_roles": "a, b"}


async def test_roles_without_roles_key_warns(tmp_path):
    path = write(tmp_path, "config.yml", "authc:\n  oidc: {http_authenticator: {type: openid}}\n")
    result = await run("opensearch.roles", opensearch_config=path, id_token=hs256({"sub": "a"}))
    assert result.status is Status.WARN and "sets no roles_key" in result.detail


# --- opensearch.role_mapping ------------------------------------------------------------------


async def test_role_mapping_by_backend_role(rsa_key, tmp_path):
    config = write(
        tmp_path,
        "config.yml",
        "authc:\n  oidc:\n    http_authenticator:\n      type: openid\n      challenge: false\n"
        "      config: {subject_key: preferred_username, roles_key: groups}\n",
    )
    token = rs256({"preferred_username": "alice", "groups": ["team-blue"]}, rsa_key)
    result = await run(
        "opensearch.role_mapping",
        roles_mapping=str(DATA / "roles_mapping_backend.yml"),
        opensearch_config=config,
        id_token=token,
    )
    assert result.status is Status.PASS
    assert result.evidence["mapped_roles"] == {
        "readall": [
            "backend_roles pattern '/team-(red|blue)/' matches the backend role 'team-blue'"
        ]
    }


async def test_role_mapping_from_session_facts():
    result = await run(
        "opensearch.role_mapping",
        roles_mapping=str(DATA / "roles_mapping_backend.yml"),
        opensearch_user="bob",
        opensearch_roles="security,admin-eu",
    )
    assert result.status is Status.PASS
    assert "'security_manager'" in result.detail and "the session's facts" in result.detail


async def test_role_mapping_no_match_suggests_backend_role_entry():
    result = await run(
        "opensearch.role_mapping",
        roles_mapping=str(DATA / "roles_mapping_backend.yml"),
        opensearch_user="bob",
        opensearch_roles="ops",
    )
    assert result.status is Status.FAIL
    assert 'ROLE_NAME:\n  backend_roles:\n    - "ops"\n' in result.fix
    assert "replace ROLE_NAME" in result.fix


async def test_role_mapping_without_user_is_skipped():
    result = await run("opensearch.role_mapping", roles_mapping=SEED_MAPPING)
    assert result.status is Status.SKIP


async def test_role_mapping_when_no_user_name_comes_out(tmp_path):
    result = await run(
        "opensearch.role_mapping",
        roles_mapping=SEED_MAPPING,
        opensearch_config=str(DATA / "config_basic_challenge.yml"),
        id_token=hs256({"sub": "x"}),
    )
    assert result.status is Status.SKIP and "OpenSearch user name from the token" in result.detail


async def test_role_mapping_bad_file_is_error(tmp_path):
    path = write(tmp_path, "roles_mapping.yml", "readall:\n  users: {alice: 1}\n")
    result = await run("opensearch.role_mapping", roles_mapping=path, opensearch_user="alice")
    assert result.status is Status.ERROR and "readall.users" in result.detail


# --- opensearch.redirect ----------------------------------------------------------------------


async def test_redirect_registered_exactly():
    result = await run(
        "opensearch.redirect",
        dashboards_config=SEED_DASHBOARDS,
        redirect_uris="https://localhost:5601/auth/openid/login https://other.test/cb",
    )
    assert result.status is Status.PASS


@pytest.mark.parametrize(
    ("registered", "words"),
    [
        ("https://localhost:5601/auth/openid/login/", "trailing '/'"),
        ("http://localhost:5601/auth/openid/login", "scheme https vs http"),
        ("https://localhost:5602/auth/openid/login", "port 5601 vs 5602"),
    ],
)
async def test_redirect_near_misses_fail(registered, words):
    result = await run(
        "opensearch.redirect", dashboards_config=SEED_DASHBOARDS, redirect_uris=registered
    )
    assert result.status is Status.FAIL and words in result.detail


async def test_redirect_without_base_url_warns(tmp_path):
    path = write(tmp_path, "opensearch_dashboards.yml", "opensearch_security.openid.client_id: x\n")
    result = await run("opensearch.redirect", dashboards_config=path)
    assert result.status is Status.WARN and "base_redirect_url" in result.detail


async def test_redirect_base_path_is_flagged(tmp_path):
    path = write(
        tmp_path,
        "opensearch_dashboards.yml",
        "server.basePath: /dashboards\nopensearch_security.openid.base_redirect_url: https://x.test\n",
    )
    result = await run("opensearch.redirect", dashboards_config=path)
    assert result.status is Status.WARN and "unverified" in result.detail


async def test_subject_nested_list_on_an_old_release(tmp_path):
    path = write(
        tmp_path,
        "config.yml",
        "authc:\n  oidc:\n    http_authenticator:\n      type: openid\n      challenge: false\n"
        "      config: {subject_key: [context, user]}\n",
    )
    token = hs256({"context": {"user": "alice"}})
    old = await run(
        "opensearch.subject", opensearch_config=path, id_token=token, opensearch_version="2.19"
    )
    assert old.status is Status.FAIL
    assert "does not understand" in old.detail and "plugin logs" not in old.detail
    new = await run(
        "opensearch.subject", opensearch_config=path, id_token=token, opensearch_version="3.2"
    )
    assert new.status is Status.PASS and new.facts == {"opensearch_user": "alice"}
