"""The three real cases the wizard was born from, replayed headless with their own inputs.

Each must end at the resolution the case's own answer gives: Okta's guide (seed 000) names
missing claims and a wrong audience; the Auth0 forum answer (seed 001) is "add openid to the
scope"; the OpenSearch forum answer (seed 003) is "map the user in roles_mapping.yml; OIDC
users need no internal users".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.cases import Case
from tests.flows.walking import Walk, walk
from tests.flows.world import NOW, Behaviour, mint, times

DATA = Path(__file__).resolve().parents[1] / "data" / "flows_cases"
SEED_001_TOKEN = (DATA / "seed001_access_token.txt").read_text().strip()
SEED_001_ERROR = '{"error":"unauthorized","error_description":"invalid credentials"}'
SEED_003 = DATA / "seed003"
SEED_003_LOGS = """\
opensearch-node2 | [2023-04-21T12:45:31,138][WARN ][o.o.s.h.HTTPBasicAuthenticator] \
[opensearch-node2] No 'Basic Authorization' header, send 401 and 'WWW-Authenticate Basic'
opensearch-dashboards | {"type":"log","@timestamp":"2023-04-21T12:45:31Z","tags":["error",\
"plugins","securityDashboards"],"pid":1,"message":"OpenId authentication failed: Error: \
Authentication Exception"
"""
SEED_003_ROLES = (
    "[2023-04-25T07:00:19,340][WARN ][c.a.d.a.h.j.AbstractHTTPJwtAuthenticator] "
    "[opensearch-node1] Failed to get roles from JWT claims with roles_key "
    "'entitlement_group'. Check if this key is correct and available in the JWT payload."
)
# Okta's guide: "three events will be visible for the application/client" when tokens were made.
SEED_000_EVENTS = (
    "app.oauth2.as.authorize.code",
    "app.oauth2.as.token.grant.id_token",
    "app.oauth2.as.token.grant.access_token",
)
OKTA_CLIENT = "0oaseed000client00"


def replay(case: Case, tmp_path: Path) -> Walk:
    result = walk(case, tmp_path)
    assert result.outcome.exit_code == 0, result.transcript()
    assert result.ended_at == case.expected, result.transcript()
    return result


# --- seed 001: Auth0 /userinfo "invalid credentials" ------------------------------------


def test_seed_001_token_ends_at_add_openid(tmp_path):
    result = replay(
        Case(
            "seed 001",
            "auth0-userinfo-401",
            "auth0-userinfo-401:auth0-userinfo-missing-openid",
            lambda w: {"token": f"Bearer {SEED_001_TOKEN}"},
        ),
        tmp_path,
    )
    finished = result.outcome.engine.pending
    assert any("openid" in step and "scope" in step for step in finished.steps)
    # The token is the forum's own: it must not leak into the conversation.
    assert SEED_001_TOKEN.split(".")[2] not in result.transcript()


def test_seed_001_error_body_routes_through_triage(tmp_path):
    replay(
        Case(
            "seed 001 via triage",
            "triage",
            "auth0-userinfo-401:auth0-userinfo-missing-openid",
            lambda w: {"log_line": SEED_001_ERROR, "token": SEED_001_TOKEN},
            answers={"triage:start": "log"},
        ),
        tmp_path,
    )


# --- seed 003: OpenSearch Dashboards login 401 -------------------------------------------


def seed_003_facts(**claims: object) -> dict[str, str]:
    token = mint(
        {
            "iss": "https://thefancyprovider",
            "aud": "dashboards-client",
            "sub": "USERID",
            "nonce": "n-seed003",
            **times(),
            **claims,
        }
    )
    return {
        "opensearch_config": str(SEED_003 / "config.yml"),
        "dashboards_config": str(SEED_003 / "opensearch_dashboards.yml"),
        "roles_mapping": str(SEED_003 / "roles_mapping.yml"),
        "opensearch_version": "2.6.0",
        "redirect_uris": "https://localhost:5601/auth/openid/login",
        "id_token": token,
    }


@pytest.mark.parametrize("log_line", [SEED_003_LOGS, SEED_003_ROLES], ids=["login", "roles"])
def test_seed_003_logs_end_at_map_the_user(tmp_path, log_line):
    result = replay(
        Case(
            "seed 003",
            "triage",
            "opensearch-oidc-401:opensearch-roles-key-missing",
            lambda w: {**seed_003_facts(), "log_line": log_line},
            answers={"triage:start": "log"},
        ),
        tmp_path,
    )
    steps = " ".join(result.outcome.engine.pending.steps)
    assert '["USERID"]' in steps  # map the user by the exact name the token gives
    assert "internal_users.yml" in steps  # ...and no internal user is needed


def test_seed_003_question_about_internal_users(tmp_path):
    replay(
        Case(
            "seed 003 internal users",
            "opensearch-oidc-401",
            "opensearch-oidc-401:opensearch-internal-users-not-needed",
            lambda w: {},
            answers={"opensearch-oidc-401:start": "internal-users"},
        ),
        tmp_path,
    )


def test_seed_003_fixed_by_mapping_the_user_name(tmp_path):
    """The accepted answer: a users entry with the IdP's user name makes the files agree."""
    mapping = tmp_path / "roles_mapping.yml"
    mapping.write_text(
        (SEED_003 / "roles_mapping.yml").read_text()
        + '\nreadall:\n  reserved: false\n  users:\n    - "USERID"\n'
    )
    replay(
        Case(
            "seed 003 fixed",
            "opensearch-oidc-401",
            "opensearch-oidc-401:opensearch-config-consistent",
            lambda w: {**seed_003_facts(), "roles_mapping": str(mapping)},
            answers={"opensearch-oidc-401:start": "login-401"},
        ),
        tmp_path,
    )


# --- seed 000: Okta KB, the SP rejects tokens Okta issued --------------------------------


def seed_000_logs(b: Behaviour, _base: str) -> None:
    b.logs = [
        {
            "eventType": event,
            "outcome": {"result": "SUCCESS"},
            "published": "2026-09-21T10:00:00.000Z",
            "target": [{"id": OKTA_CLIENT, "type": "AppInstance"}],
        }
        for event in SEED_000_EVENTS
    ]


def seed_000_facts(base: str, token: dict, **facts: str) -> dict[str, str]:
    return {
        "token": mint({"ver": 1, "sub": "00useed", **times(), **token}),
        "okta_domain": base,
        "okta_api_token": "00-seed-000-api-token-not-real",
        "client_id": OKTA_CLIENT,
        **facts,
    }


SEED_000_CASES = [
    Case(
        "missing user claims: the SP reads email",
        "okta-sp-401",
        "okta-sp-401:okta-missing-claim",
        lambda w: seed_000_facts(
            w.base,
            {
                "iss": f"{w.base}/oauth2/default",
                "aud": OKTA_CLIENT,
                "nonce": "n",
                "preferred_username": "ada@example.com",
            },
            expect_claim="email",
        ),
        network=True,
        behave=seed_000_logs,
    ),
    Case(
        "audience mismatch: custom server Audience",
        "okta-sp-401",
        "okta-sp-401:okta-aud-custom-server",
        lambda w: seed_000_facts(
            w.base,
            {
                "iss": f"{w.base}/oauth2/default",
                "aud": "api://default",
                "cid": OKTA_CLIENT,
                "uid": "00useed",
                "scp": ["openid", "profile", "email"],
            },
            audience="https://sp.example.com",
        ),
        network=True,
        behave=seed_000_logs,
    ),
    Case(
        "audience mismatch: org server access token",
        "okta-sp-401",
        "okta-sp-401:okta-aud-org-server",
        lambda w: seed_000_facts(
            w.base,
            {
                "iss": w.base,
                "aud": w.base,
                "cid": OKTA_CLIENT,
                "uid": "00useed",
                "scp": ["openid", "profile", "email"],
            },
            audience="https://sp.example.com",
        ),
        network=True,
        behave=seed_000_logs,
    ),
]


@pytest.mark.parametrize("case", SEED_000_CASES, ids=[case.name for case in SEED_000_CASES])
def test_seed_000_causes(tmp_path, case):
    result = replay(case, tmp_path)
    # Okta's guide starts with the System Log: the walk must have read it, not asked.
    assert result.outcome.engine.results["okta.system_log"].status == "pass"
    assert "00-seed-000-api-token-not-real" not in result.transcript()


def test_seed_001_token_is_the_forums_expired_one():
    """Guard the data file: the replay is only a replay if this is the forum's token."""
    import jwt

    claims = jwt.decode(SEED_001_TOKEN, options={"verify_signature": False})
    assert claims["iss"] == "https://monrifnet-test.eu.auth0.com/"
    assert claims["exp"] < NOW
