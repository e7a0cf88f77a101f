"""The engine: branching on checks and facts, back, restart, cross-flow jumps, events."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.fakes import FAKE_REGISTRY
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import AskChoice, AskFact, Engine, Finished, InvalidAnswer
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.result import Status

DATA = Path(__file__).parent.parent / "data"
FIXED_TIME = 1_800_000_000.0


@pytest.fixture(scope="module")
def flows():
    catalog = FlowCatalog.load([DATA / "flows"], FAKE_REGISTRY)
    assert catalog.problems == []
    return {fid: loaded.flow for fid, loaded in catalog.flows.items()}


def make_engine(flows, **facts) -> Engine:
    return Engine(
        flows, FAKE_REGISTRY, "demo-a", facts=facts, env=CheckEnvironment(clock=lambda: FIXED_TIME)
    )


async def test_asks_for_a_missing_fact_then_branches_on_the_check(flows):
    engine = make_engine(flows)
    prompt = await engine.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "aud"
    engine.answer("api://default")
    prompt = await engine.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "token"
    engine.answer("")  # optional: skipped
    prompt = await engine.advance()
    assert isinstance(prompt, Finished) and prompt.node == "fine"
    assert prompt.explanation == "aud api://default is what the API expects."
    assert engine.results["fake.audience"].status is Status.PASS


async def test_known_facts_are_not_asked_again(flows):
    engine = make_engine(flows, aud="https://wrong", token="abc.def.ghi")
    prompt = await engine.advance()
    assert isinstance(prompt, AskChoice) and prompt.node == "which-server"
    assert "The token's aud is https://wrong." in prompt.text  # learned fact filled in


async def test_a_choice_sets_facts_and_jumps_to_another_flow(flows):
    engine = make_engine(flows, aud="https://wrong", token="t")
    await engine.advance()
    engine.answer("custom")
    prompt = await engine.advance()
    assert isinstance(prompt, Finished)
    assert (prompt.flow, prompt.node) == ("demo-b", "custom-aud")
    assert engine.facts["server_type"] == "custom"
    assert engine.results["first"].status is Status.WARN  # stored under its alias
    assert ("demo-b", "start") in engine.state.path


async def test_choices_accept_value_label_or_number(flows):
    for answer in ("org", "Org server", "org server", "1"):
        engine = make_engine(flows, aud="x", token="t")
        await engine.advance()
        engine.answer(answer)
        assert (await engine.advance()).node == "org-aud"


async def test_an_invalid_choice_names_the_allowed_answers(flows):
    engine = make_engine(flows, aud="x", token="t")
    await engine.advance()
    with pytest.raises(
        InvalidAnswer, match="'maybe' is not an answer at 'which-server'; allowed: 'org', 'custom'"
    ):
        engine.answer("maybe")


async def test_a_required_fact_cannot_be_skipped(flows):
    engine = make_engine(flows)
    await engine.advance()
    with pytest.raises(InvalidAnswer, match="'aud' is needed here"):
        engine.answer("  ")


async def test_back_undoes_the_last_answer_and_the_facts_it_set(flows):
    engine = make_engine(flows, aud="x", token="t")
    await engine.advance()
    engine.answer("org")
    finished = await engine.advance()
    assert finished.node == "org-aud" and engine.facts["server_type"] == "org"
    assert engine.back()
    assert "server_type" not in engine.facts
    prompt = await engine.advance()
    assert isinstance(prompt, AskChoice) and prompt.node == "which-server"
    engine.answer("custom")
    assert (await engine.advance()).node == "custom-aud"


async def test_back_over_a_fact_asks_it_again(flows):
    engine = make_engine(flows)
    await engine.advance()
    engine.answer("api://default")
    assert engine.back()
    prompt = await engine.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "aud"
    assert "aud" not in engine.facts
    assert not engine.back()  # nothing older to undo


async def test_restart_keeps_only_the_initial_facts(flows):
    engine = make_engine(flows, aud="x", token="t")
    await engine.advance()
    engine.answer("custom")
    await engine.advance()
    engine.restart()
    assert engine.facts == {"aud": "x", "token": "t"}
    assert engine.results == {}
    prompt = await engine.advance()
    assert isinstance(prompt, AskChoice) and prompt.flow == "demo-a"


async def test_user_facts_win_over_learned_ones(flows):
    engine = make_engine(flows, aud="x", token="t", aud_seen="told by the user")
    prompt = await engine.advance()
    assert "told by the user" in prompt.text


async def test_events_tell_the_story_without_the_token(flows):
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    engine = make_engine(flows)
    await engine.advance()
    engine.answer("x")
    await engine.advance()
    engine.answer(token)
    await engine.advance()
    engine.answer("org")
    await engine.advance()
    kinds = [event.kind for event in engine.events]
    assert kinds[:3] == ["flow_entered", "said", "asked"]
    assert "checks_started" in kinds and "check_result" in kinds and kinds[-1] == "resolved"
    assert all(event.at == FIXED_TIME for event in engine.events)
    assert token not in repr([event.to_dict() for event in engine.events])
    answered = [
        e.data for e in engine.events if e.kind == "answered" and e.data.get("fact") == "token"
    ]
    assert answered[0]["value"].startswith("[token sha256:")


async def test_retry_runs_the_checks_again(flows):
    engine = make_engine(flows, aud="x", token="t")
    await engine.advance()
    started = sum(e.kind == "checks_started" for e in engine.events)
    assert engine.retry_checks()
    assert isinstance(await engine.advance(), AskChoice)
    assert sum(e.kind == "checks_started" for e in engine.events) == started + 1


async def test_a_credential_owed_at_resume_can_be_skipped_and_stays_owed(flows):
    engine = make_engine(flows)
    await engine.advance()
    engine.answer("api://default")  # aud
    snapshot = engine.snapshot()
    resumed = Engine(flows, FAKE_REGISTRY, "demo-a", env=CheckEnvironment(clock=lambda: FIXED_TIME))
    resumed.restore({**snapshot, "withheld": ["token"], "node": "intro", "stage": "enter"})
    prompt = await resumed.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "token" and prompt.spec.optional
    resumed.answer("")  # skipped at the resume question...
    assert resumed.snapshot()["withheld"] == ["token"]  # ...and still owed to a later resume
