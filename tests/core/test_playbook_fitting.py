"""Playbooks say how they are found: triage, the suggestion and search read `applies`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.core.fakes import FAKE_REGISTRY
from tests.flows import provider_tokens
from tests.flows.walking import shipped_catalog
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import AskFact, Engine, Finished
from wizard.core.flow.fitting import best_playbook, fitting_playbooks, search_flows
from wizard.core.flow.suggest import suggest_flow

TRIAGE_LIKE = """
id: pick
title: Pick
description: Hands over to whatever playbook declares it fits.
start: start
nodes:
  start:
    handoff: {symptom: api, otherwise: nothing-fits}
  nothing-fits:
    resolution: {title: No playbook, explanation: none fits, steps: [write one]}
"""
NEW_PLAYBOOK = """
id: acme-401
title: ACME tokens rejected
description: A provider playbook dropped into a folder, with no Python edited.
start: start
applies:
  symptoms: [api]
  providers: [acme]
  words: [ACME-E42]
nodes:
  start:
    resolution: {title: ACME, explanation: from the ACME playbook, steps: [read it]}
"""


KEYCLOAK = "keycloak-401"


def shipped() -> list:
    return [loaded.flow for loaded in shipped_catalog().flows.values()]


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text)


def test_a_new_playbook_is_found_from_its_yaml_alone(tmp_path: Path):
    write(tmp_path, "pick.yaml", TRIAGE_LIKE)
    write(tmp_path, "acme.yaml", NEW_PLAYBOOK)
    catalog = FlowCatalog.load([tmp_path], FAKE_REGISTRY)
    assert [str(p) for p in catalog.problems] == []
    flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}

    async def walk(provider: str) -> Finished:
        engine = Engine(flows, FAKE_REGISTRY, "pick", facts={"provider": provider})
        prompt = await engine.advance()
        assert isinstance(prompt, Finished)
        return prompt

    assert asyncio.run(walk("acme")).flow == "acme-401"
    # Another provider's token does not fit the ACME playbook: the handoff's otherwise.
    assert asyncio.run(walk("okta-org")).node == "nothing-fits"


def test_a_provider_playbook_needs_its_provider_known():
    flows = shipped()
    fits = fitting_playbooks(flows, symptom="api", facts={"provider": "okta-custom"})
    assert fits[0].flow.id == "okta-sp-401"
    assert "okta-custom" in " ".join(fits[0].reasons)
    # With no provider known only the provider-neutral playbook fits.
    assert [fit.flow.id for fit in fitting_playbooks(flows, symptom="api", facts={})] == [
        "generic-bearer-401"
    ]


def test_a_token_kind_declaration_rules_out_other_kinds():
    flows = shipped()
    auth0 = {"provider": "auth0"}
    access = best_playbook(flows, symptom="token", facts={**auth0, "token_kind": "access"})
    id_token = best_playbook(flows, symptom="token", facts={**auth0, "token_kind": "id"})
    assert access is not None and access.flow.id == "auth0-userinfo-401"
    assert id_token is not None and id_token.flow.id == "generic-bearer-401"


def test_log_text_words_route_when_no_message_is_recognised():
    flows = shipped()
    assert best_playbook(flows, symptom="log", facts={"log_line": "java.lang.Oops"}) is None
    found = best_playbook(flows, symptom="log", facts={"log_line": "HTTP 401 from roles_key"})
    assert found is not None and found.flow.id == "opensearch-oidc-401"


def test_a_word_matches_at_a_word_start_only():
    flows = shipped()
    assert best_playbook(flows, symptom="log", facts={"log_line": "the car was skidding"}) is None


def test_the_handoff_opens_the_declared_entry_node():
    flows = {fid: loaded.flow for fid, loaded in shipped_catalog().flows.items()}
    engine = Engine(flows, {}, "triage", facts={"log_message": "opensearch.roles_key_missing"})
    engine.state.node = "log-playbook"
    prompt = asyncio.run(engine.advance())
    assert engine.state.flow == "opensearch-oidc-401"
    assert ("opensearch-oidc-401", "files") in engine.state.path
    assert isinstance(prompt, AskFact)


def test_search_reads_the_declared_words():
    flows = shipped()
    assert [flow.id for flow in search_flows(flows, "scope_denied")] == ["okta-sp-401"]
    assert "triage" in [flow.id for flow in search_flows(flows, "not sure")]


def test_only_triage_declares_itself_the_start():
    assert [flow.id for flow in shipped() if flow.applies.start] == ["triage"]


@pytest.mark.parametrize(
    ("words", "playbook"),
    [
        ("keycloak", "keycloak-401"),
        ("realm_access", "keycloak-401"),
        ("azure", "entra-401"),
        ("entra", "entra-401"),
        ("AADSTS", "entra-401"),
        ("IDX10214", "entra-401"),
        ("group overage", "entra-401"),
        ("expired", "keycloak-401"),
        ("expired", "entra-401"),
        ("kid", "keycloak-401"),
        ("kid", "entra-401"),
    ],
)
def test_search_finds_the_provider_playbooks_by_the_words_users_type(words, playbook):
    assert playbook in [flow.id for flow in search_flows(shipped(), words)]


@pytest.mark.parametrize(
    ("token", "playbook"),
    [
        (provider_tokens.keycloak_access, "keycloak-401"),
        (provider_tokens.keycloak_refresh, "keycloak-401"),
        (provider_tokens.entra_v2_access, "entra-401"),
        (provider_tokens.entra_graph_access, "entra-401"),
        (provider_tokens.cognito_access, "generic-bearer-401"),
        (provider_tokens.google_id, "generic-bearer-401"),
    ],
)
def test_the_token_suggestion_reads_the_declarations(token, playbook):
    flows = {fid: loaded.flow for fid, loaded in shipped_catalog().flows.items()}
    assert suggest_flow(token(), flows).flow_id == playbook


@pytest.mark.parametrize(
    ("line", "playbook"),
    [
        ("AADSTS700016: Application with identifier 'x' was not found", "entra-401"),
        ("IDX10223: Lifetime validation failed. The token is expired.", "entra-401"),
        ("IDX10501: Signature validation failed. Unable to match key: kid: 'abc'", "entra-401"),
        (
            '{"error":"invalid_token","error_description":"Token verification failed"}',
            "keycloak-401",
        ),
    ],
)
def test_a_pasted_provider_error_opens_its_playbook(line, playbook):
    found = best_playbook(shipped(), symptom="log", facts={"log_line": line})
    assert found is not None and found.flow.id == playbook
