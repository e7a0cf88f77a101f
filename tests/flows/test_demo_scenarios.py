"""The demo scenarios, walked headless through the shipped flows against their running world.

Each scenario names the resolution its flow should reach; the flows own those ids, so this is
where a renamed node or a changed route would show.
"""

from __future__ import annotations

import pytest

from tests.flows.walking import shipped_catalog
from wizard.core.session.headless import run_headless
from wizard.core.vocab.environment import CheckEnvironment
from wizard.demo.provider_claims import ENTRA_TENANT
from wizard.demo.scenarios import SCENARIOS
from wizard.demo.world import DemoWorld

# The choices a person would make in the demo: the login fails; the System Log is read by the
# wizard itself, so 'granted' is only a fallback.
ANSWERS = {"opensearch-oidc-401:start": "login-401", "issued-by-hand": "granted"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_scenario_reaches_its_expected_resolution(scenario):
    lines: list[str] = []
    with DemoWorld(scenario) as world:
        outcome = run_headless(
            shipped_catalog(), scenario.flow, world.facts, ANSWERS, lines.append, CheckEnvironment()
        )
        secrets = world.demo_secrets()
    transcript = "\n".join(lines)
    assert outcome.exit_code == 0, transcript
    assert outcome.resolution == scenario.expected_resolution, transcript
    for secret in secrets:
        assert secret not in transcript


def walk(name: str) -> str:
    scenario = next(s for s in SCENARIOS if s.name == name)
    lines: list[str] = []
    with DemoWorld(scenario) as world:
        run_headless(
            shipped_catalog(), scenario.flow, world.facts, ANSWERS, lines.append, CheckEnvironment()
        )
    return "\n".join(lines)


def test_the_hs256_walk_gives_no_advice_that_does_not_apply():
    """openid is granted and the API signs HS256: no card says to add openid, and the
    custom-claims rule (about what /userinfo gives back) is not part of that fix."""
    transcript = walk("auth0-hs256-api")
    assert "HS256" in transcript
    assert "Add openid" not in transcript and "add openid" not in transcript
    assert "namespaced" not in transcript


def test_the_no_openid_walk_still_says_to_add_it():
    assert "Add openid" in walk("auth0-userinfo-no-openid")


def test_the_no_openid_walk_gives_the_custom_claims_rule_only_to_tokens_with_custom_claims():
    """The demo's token carries no namespaced claim: there is no custom claim to keep."""
    assert "namespaced" not in walk("auth0-userinfo-no-openid")


def test_a_check_fed_by_a_skipped_question_says_so():
    """The mapping is replayed for the name the user wrote; skipping that question must not
    read as if the config and the token were missing."""
    transcript = walk("opensearch-roles-key-absent")
    replay = next(line for line in transcript.splitlines() if "name-given" in line)
    assert "you did not give" in replay
    assert "roles_mapping.yml" in replay and "config.yml" not in replay


def test_an_okta_walk_links_no_opensearch_page():
    assert "opensearch.org" not in walk("okta-missing-email")


@pytest.mark.parametrize("name", ["auth0-userinfo-no-openid", "auth0-hs256-api"])
def test_the_userinfo_url_is_not_asked_when_discovery_names_it(name):
    scenario = next(s for s in SCENARIOS if s.name == name)
    with DemoWorld(scenario) as world:
        facts = {k: v for k, v in world.facts.items() if k != "userinfo_endpoint"}
        outcome = run_headless(
            shipped_catalog(), scenario.flow, facts, ANSWERS, lambda line: None, CheckEnvironment()
        )
    events = outcome.engine.events
    asked = [event.data.get("fact") for event in events if event.kind == "asked"]
    assert "userinfo_endpoint" not in asked
    called = [e for e in events if e.kind == "check_result" and e.data["key"] == "userinfo.request"]
    assert called and all(e.data["result"]["status"] != "skip" for e in called)
    assert outcome.resolution == scenario.expected_resolution


def test_the_userinfo_url_is_asked_when_no_issuer_can_name_it():
    scenario = next(s for s in SCENARIOS if s.name == "auth0-userinfo-no-openid")
    with DemoWorld(scenario) as world:
        facts = {k: v for k, v in world.facts.items() if k not in ("userinfo_endpoint", "issuer")}
        outcome = run_headless(
            shipped_catalog(), scenario.flow, facts, ANSWERS, lambda line: None, CheckEnvironment()
        )
    asked = [e.data.get("fact") for e in outcome.engine.events if e.kind == "asked"]
    assert "userinfo_endpoint" in asked


def test_an_api_that_reads_only_the_access_token_is_not_told_to_map_roles_to_the_id_token():
    # Keycloak's default puts roles in the access token only: no fault for an API.
    transcript = walk("keycloak-frontend-url")
    assert "frontend URL" in transcript
    assert "Add to ID token" not in transcript


def test_the_entra_version_fix_names_the_tokens_issuer_not_one_to_fill_in():
    transcript = walk("entra-v1-token-v2-api")
    steps = [line for line in transcript.splitlines() if line.lstrip().startswith("2. ")]
    assert steps and "TENANT-ID" not in transcript
    assert ENTRA_TENANT in steps[-1]  # the token's own tenant, in its iss


@pytest.mark.parametrize("name", ["auth0-userinfo-no-openid", "auth0-hs256-api"])
def test_the_auth0_fix_steps_name_the_tenants_own_urls_not_one_to_fill_in(name: str):
    transcript = walk(name)
    steps = [line for line in transcript.splitlines() if line.lstrip()[:3] in ("1. ", "2. ")]
    assert steps and not any("TENANT" in line for line in steps)
    assert any("http://127.0.0.1:" in line for line in steps)  # the demo tenant's issuer
