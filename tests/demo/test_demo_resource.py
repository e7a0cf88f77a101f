"""The demo service providers judge each scenario's token as the scenario's SP would."""

from __future__ import annotations

import dataclasses

import pytest

from wizard.demo.recipes import DemoUser
from wizard.demo.resource import mapped_roles
from wizard.demo.scenarios import get_scenario

# Scenario -> (status of the SP for the scenario's token, words its error must contain).
EXPECTED_SP_ANSWERS = {
    "okta-aud-org-server": (401, "audience"),
    "okta-missing-email": (401, "'email'"),
    "auth0-userinfo-no-openid": (200, ""),
    "auth0-hs256-api": (200, ""),
    "opensearch-roles-key-absent": (403, "no permissions"),
    "opensearch-subject-case": (403, "User [name=USERID"),
    "expired-token-clock-skew": (401, "expired"),
    "unknown-kid": (401, "kid"),
    "tampered-signature": (401, "signature"),
    "sp-to-blame": (401, "kid"),
    "keycloak-frontend-url": (401, "issuer"),
    "keycloak-roles-access-only": (200, ""),
    "entra-v1-token-v2-api": (401, "issuer"),
    "entra-graph-token": (401, "audience"),
}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_every_scenario_has_an_expected_sp_answer():
    from wizard.demo.scenarios import scenario_names

    assert set(EXPECTED_SP_ANSWERS) == set(scenario_names())


def test_the_sp_answers_the_scenario_token_as_designed(any_world, http):
    status, words = EXPECTED_SP_ANSWERS[any_world.scenario.name]
    answer = http.get(any_world.resource_url, headers=_bearer(any_world.facts["token"]))
    assert answer.status_code == status
    if status == 401:
        challenge = answer.headers["www-authenticate"]
        assert challenge.startswith("Bearer ") and 'error="invalid_token"' in challenge
        assert words in challenge
    elif status == 403:
        assert words in answer.json()["error"]["reason"]


@pytest.mark.parametrize(
    "scenario",
    ["okta-aud-org-server", "auth0-userinfo-no-openid", "expired-token-clock-skew"],
)
def test_the_bearer_sp_answers_200_to_a_correct_access_token(start_world, http, scenario):
    world = start_world(scenario)
    token = world.mint_access_token()
    if scenario == "okta-aud-org-server":
        # A custom-server style audience is what that API wants.
        from wizard.demo.recipes import TokenRecipe

        token = world.mint_access_token(TokenRecipe(audience=("api://default",)))
    elif scenario == "expired-token-clock-skew":
        from wizard.demo.recipes import TokenRecipe

        token = world.mint_access_token(TokenRecipe(age=-600))  # minted by the right time
    assert http.get(world.resource_url, headers=_bearer(token)).status_code == 200


def test_the_missing_email_sp_answers_200_once_email_is_asked_for(start_world, http):
    world = start_world("okta-missing-email")
    assert http.get(world.resource_url, headers=_bearer(world.mint_id_token())).status_code == 200


def test_the_bearer_sp_without_a_token_sends_a_bare_challenge(start_world, http):
    world = start_world("unknown-kid")
    answer = http.get(world.resource_url)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == 'Bearer realm="demo-api"'


def test_opensearch_answers_a_bearer_failure_with_a_basic_challenge(start_world, http):
    world = start_world("opensearch-roles-key-absent")
    for headers in ({}, _bearer("not.a.token"), {"Authorization": "Basic YWRtaW46YWRtaW4="}):
        answer = http.get(world.resource_url, headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == 'Basic realm="OpenSearch Security"'


def test_opensearch_logs_the_missing_roles_key_like_the_plugin(start_world, http):
    world = start_world("opensearch-roles-key-absent")
    http.get(world.resource_url, headers=_bearer(world.facts["token"]))
    assert any(
        "Failed to get roles from JWT claims with roles_key 'entitlement_group'" in line
        for line in world.sp_log
    )


def test_opensearch_answers_200_when_the_roles_claim_maps(start_world, http):
    fixed = dataclasses.replace(
        get_scenario("opensearch-roles-key-absent"),
        user=DemoUser(sub="ada", extra_claims={"entitlement_group": "analysts,auditors"}),
    )
    world = start_world(fixed)
    answer = http.get(world.resource_url, headers=_bearer(world.facts["token"]))
    assert answer.status_code == 200
    assert answer.json()["roles"] == ["readall"]
    assert answer.json()["backend_roles"] == ["analysts", "auditors"]


def test_opensearch_answers_200_when_the_subject_case_matches(start_world, http):
    fixed = dataclasses.replace(
        get_scenario("opensearch-subject-case"), user=DemoUser(sub="userid")
    )
    world = start_world(fixed)
    answer = http.get(world.resource_url, headers=_bearer(world.facts["token"]))
    assert answer.status_code == 200
    assert answer.json()["roles"] == ["all_access"]


@pytest.mark.parametrize(
    ("pattern", "value", "maps"),
    [
        ("*", "anyone", True),
        ("userid", "USERID", False),
        ("user*", "userid", True),
        ("user?d", "userid", True),
        ("/us.r.*/", "userid", True),
        ("/us/", "userid", False),
        (" b", " b", True),
    ],
)
def test_role_mapping_patterns_follow_opensearch(pattern, value, maps):
    assert (mapped_roles({"role": {"users": [pattern]}}, value, []) == ["role"]) is maps
