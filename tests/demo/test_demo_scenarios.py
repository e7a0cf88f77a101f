"""The scenario table is consistent: known flows, known fact names, distinct resolutions."""

from __future__ import annotations

import string

import pytest

from wizard.demo import scenarios
from wizard.demo.scenarios import SCENARIOS, Scenario

FLOWS = {
    "okta-sp-401",
    "auth0-userinfo-401",
    "opensearch-oidc-401",
    "generic-bearer-401",
    "keycloak-401",
    "entra-401",
}
# The shared input and fact names (flows, CLI and checks all use these).
FACT_NAMES = {
    "token", "id_token", "access_token", "issuer", "client_id", "client_secret", "audience",
    "scopes", "expect_claim", "expect_value", "resource_url", "resource_header",
    "userinfo_endpoint", "introspection_endpoint", "okta_domain", "okta_api_token", "since",
    "opensearch_config", "roles_mapping", "dashboards_config", "opensearch_version", "provider",
}  # fmt: skip
WORLD_VALUES = FACT_NAMES | {"idp_url", "sp_url", "service_issuer"}


def _named(scenario: Scenario) -> str:
    return scenario.name


@pytest.mark.parametrize("scenario", SCENARIOS, ids=_named)
def test_each_scenario_opens_a_shipped_flow_and_prefills_known_facts(scenario):
    assert scenario.flow in FLOWS
    assert set(scenario.facts) <= FACT_NAMES
    assert {"provider", "issuer", "token"} <= set(scenario.facts)
    for template in scenario.facts.values():
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        assert names <= WORLD_VALUES


@pytest.mark.parametrize("scenario", SCENARIOS, ids=_named)
def test_each_summary_is_one_short_line(scenario):
    assert "\n" not in scenario.summary
    assert len(scenario.summary) <= 100


def test_each_expected_resolution_is_a_named_constant_and_distinct():
    constants = {value for name, value in vars(scenarios).items() if name.startswith("RESOLUTION_")}
    resolutions = [scenario.expected_resolution for scenario in SCENARIOS]
    assert len(set(resolutions)) == len(resolutions)
    assert set(resolutions) == constants


def test_scenario_names_are_distinct_and_cli_friendly():
    names = [scenario.name for scenario in SCENARIOS]
    assert len(set(names)) == len(names)
    assert all(name.replace("-", "").isalnum() and name.islower() for name in names)


def test_every_flow_has_at_least_one_scenario():
    assert {scenario.flow for scenario in SCENARIOS} == FLOWS
