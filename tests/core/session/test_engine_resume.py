"""Engine.snapshot() / restore(): a saved position goes on, credentials are asked again."""

from __future__ import annotations

import json

import pytest

from tests.core.session.conftest import CLIENT_SECRET, SSWS_TOKEN, new_engine, walk
from wizard.core.flow.engine import AskChoice, AskFact, Finished


async def test_snapshot_keeps_position_facts_results_and_path_but_no_credential(token: str):
    engine = new_engine("demo-a", {"aud": "api://other"})
    prompt = await walk(engine, [token])
    assert isinstance(prompt, AskChoice)
    snapshot = engine.snapshot()
    assert snapshot["flow"] == "demo-a" and snapshot["node"] == "which-server"
    assert snapshot["facts"] == {"aud": "api://other", "aud_seen": "api://other"}
    assert snapshot["withheld"] == ["token"]
    assert snapshot["results"]["fake.audience"]["status"] == "fail"
    assert snapshot["path"] == [["demo-a", "intro"], ["demo-a", "which-server"]]
    assert token not in json.dumps(snapshot)


async def test_restore_goes_on_where_the_session_stopped(token: str):
    engine = new_engine("demo-a", {"aud": "api://other"})
    await walk(engine, [token])
    snapshot = json.loads(json.dumps(engine.snapshot()))  # as it comes back from a file

    resumed = new_engine("demo-a")
    resumed.restore(snapshot, facts={"token": token})
    prompt = await resumed.advance()
    assert isinstance(prompt, AskChoice) and prompt.node == "which-server"
    assert resumed.results["fake.audience"].status == "fail"
    resumed.answer("custom")
    finished = await resumed.advance()
    assert isinstance(finished, Finished) and finished.node == "custom-aud"
    assert resumed.state.path[0] == ("demo-a", "intro")
    assert [e.kind for e in resumed.events][0] == "resumed"


async def test_a_withheld_credential_is_asked_again_before_anything_else(token: str):
    engine = new_engine("secrets")
    prompt = await walk(engine, ["", token, CLIENT_SECRET])
    assert isinstance(prompt, AskFact) and prompt.name == "okta_api_token"
    snapshot = engine.snapshot()
    assert snapshot["withheld"] == ["client_secret", "token"]
    assert snapshot["declined"] == ["email"]

    resumed = new_engine("secrets")
    resumed.restore(snapshot)
    asked = []
    prompt = await resumed.advance()
    while isinstance(prompt, AskFact):
        asked.append(prompt.name)
        resumed.answer(
            {"client_secret": CLIENT_SECRET, "token": token}.get(prompt.name, SSWS_TOKEN)
        )
        prompt = await resumed.advance()
    assert asked == ["client_secret", "token", "okta_api_token"]
    assert isinstance(prompt, Finished)
    assert resumed.facts["token"] == token


async def test_a_session_stopped_during_checks_runs_them_again():
    engine = new_engine("demo-a", {"aud": "api://default"})
    await engine.advance()  # asks the optional token
    engine.answer("")
    snapshot = engine.snapshot()
    snapshot["stage"] = "checks"  # as saved by the checks_started event
    snapshot["results"] = {}
    resumed = new_engine("demo-a")
    resumed.restore(snapshot)
    finished = await resumed.advance()
    assert isinstance(finished, Finished) and finished.node == "fine"
    assert resumed.results["fake.audience"].status == "pass"


async def test_restore_names_a_flow_or_node_that_is_gone():
    engine = new_engine("demo-a", {"aud": "x"})
    snapshot = engine.snapshot()
    with pytest.raises(ValueError, match="no node 'vanished'"):
        new_engine("demo-a").restore({**snapshot, "node": "vanished"})
    with pytest.raises(ValueError, match="flow 'gone', which is not installed"):
        new_engine("demo-a").restore({**snapshot, "flow": "gone"})


async def test_checks_started_names_the_fact_behind_a_credential_input(token: str):
    engine = new_engine("secrets", {"email": "a@example.test"})
    await walk(engine, [token, CLIENT_SECRET, SSWS_TOKEN])
    started = next(e for e in engine.events if e.kind == "checks_started")
    (run,) = started.data["runs"]
    assert run["id"] == "leak.echo"
    assert run["withheld"] == {
        "token": "token",
        "client_secret": "client_secret",
        "okta_api_token": "okta_api_token",
    }
    assert token not in json.dumps(started.data) and CLIENT_SECRET not in json.dumps(started.data)


async def test_restart_after_a_resume_does_not_ask_withheld_facts_first():
    engine = new_engine("slow")
    assert isinstance(await walk(engine, ["Ada", "some-opaque-token-value"]), AskChoice)
    resumed = new_engine("slow")
    resumed.restore(engine.snapshot())
    prompt = await resumed.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "token"  # asked again first
    resumed.restart()
    prompt = await resumed.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "name"  # the flow from its start
