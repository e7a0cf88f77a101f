"""Facts the wizard finds itself are offered with their source, and keep that source."""

from __future__ import annotations

import asyncio

import pytest

from tests.core.tokens.minting import jwe, mint, okta_access
from tests.flows.walking import shipped_catalog
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import AskFact, Engine, InvalidAnswer
from wizard.core.session.headless import run_headless
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.provenance import Provenance

FLOWS = {flow_id: loaded.flow for flow_id, loaded in shipped_catalog().flows.items()}
CLIENT = "0oa1clientfromcid"
AUTH0_TENANT = "https://tenant.eu.auth0.com/"


def engine(flow_id: str, **facts: str) -> Engine:
    env = CheckEnvironment(options=CheckOptions(offline=True))
    return Engine(FLOWS, load_registry(), flow_id, facts=facts, env=env)


def ask(machine: Engine, name: str) -> AskFact:
    """Advance, skipping other optional questions, until `name` is asked."""
    while True:
        prompt = asyncio.run(machine.advance())
        assert isinstance(prompt, AskFact), prompt
        if prompt.name == name:
            return prompt
        machine.answer("")


def test_the_client_id_is_offered_from_the_tokens_cid_with_its_source():
    machine = engine("okta-sp-401", token=mint(okta_access(cid=CLIENT)))
    prompt = ask(machine, "client_id")
    assert prompt.default == CLIENT
    assert "from the token's `cid`" in prompt.default_label
    asked = [e for e in machine.events if e.kind == "asked"][-1]
    assert asked.data["default"] == CLIENT and "cid" in asked.data["source"]


def test_accepting_the_default_keeps_it_a_tokens_unverified_claim():
    machine = engine("okta-sp-401", token=mint(okta_access(cid=CLIENT)))
    ask(machine, "client_id")
    machine.answer(CLIENT)
    fact = machine.facts.fact("client_id")
    assert fact is not None and fact.provenance is Provenance.TOKEN
    answered = [e for e in machine.events if e.kind == "answered"][-1]
    assert answered.data["source"]


def test_typing_another_value_makes_it_the_users():
    machine = engine("okta-sp-401", token=mint(okta_access(cid=CLIENT)))
    ask(machine, "client_id")
    machine.answer("0oa1theotherapp")
    fact = machine.facts.fact("client_id")
    assert fact is not None and fact.provenance is Provenance.USER


def test_an_issuer_taken_from_iss_is_never_an_origin_credentials_may_go_to():
    # An Auth0 encrypted token names its tenant in the readable header.
    token = jwe({"alg": "dir", "enc": "A256GCM", "iss": AUTH0_TENANT})
    machine = engine("auth0-userinfo-401", token=token)
    prompt = ask(machine, "issuer")
    assert prompt.default == AUTH0_TENANT and "`iss`" in prompt.default_label
    machine.answer(AUTH0_TENANT)
    assert machine.facts.provenance("issuer") is Provenance.TOKEN
    assert machine.env.trust is not None
    assert not machine.env.trust.confirms(f"{AUTH0_TENANT}userinfo")


def test_the_same_url_typed_by_the_user_is_confirmed():
    token = jwe({"alg": "dir", "enc": "A256GCM", "iss": AUTH0_TENANT})
    machine = engine("auth0-userinfo-401", token=token)
    ask(machine, "issuer")
    machine.answer("https://tenant.eu.auth0.com")  # typed: not the found value itself
    assert machine.facts.provenance("issuer") is Provenance.USER
    assert machine.env.trust is not None and machine.env.trust.confirms(f"{AUTH0_TENANT}userinfo")


def test_a_headless_run_takes_the_found_value_and_says_where_it_came_from():
    lines: list[str] = []
    token = mint(okta_access(cid=CLIENT))
    env = CheckEnvironment(options=CheckOptions(offline=True))
    choices = {"issued-by-hand": "granted"}
    outcome = run_headless(
        shipped_catalog(), "okta-sp-401", {"token": token}, choices, lines.append, env
    )
    used = [line for line in lines if line.startswith("wizard uses: client_id")]
    assert used and CLIENT in used[0] and "from the token's `cid`" in used[0]
    assert outcome.engine.facts.provenance("client_id") is Provenance.TOKEN


@pytest.mark.parametrize(
    "given", ["this is my token!!", "token.txt", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0"]
)
def test_a_token_question_refuses_what_cannot_be_a_token(given):
    machine = engine("okta-sp-401")
    prompt = asyncio.run(machine.advance())
    assert isinstance(prompt, AskFact) and prompt.name == "token"
    with pytest.raises(InvalidAnswer, match="token"):
        machine.answer(given)
    assert machine.pending is prompt  # still asked: nothing was recorded


DEFAULTS_FLOW = """\
id: defaults
title: Defaults
description: A flow whose defaults name what they cannot.
start: ask
facts:
  token: {type: token, prompt: Token?, default: {fact: token_issuer, label: x}}
  who: {type: text, prompt: Who?, default: {fact: nobody_learns_this, label: y}}
nodes:
  ask:
    ask: [token, who]
    next: [{goto: done}]
  done:
    resolution: {title: Done, explanation: Done., steps: [Nothing.]}
"""


def test_lint_rejects_a_default_for_a_credential_or_from_an_unknown_fact(tmp_path):
    (tmp_path / "defaults.yaml").write_text(DEFAULTS_FLOW)
    problems = [str(p) for p in FlowCatalog.load([tmp_path], load_registry()).problems]
    assert any("facts.token.default" in p and "credential" in p for p in problems), problems
    assert any("unknown fact 'nobody_learns_this'" in p for p in problems), problems
