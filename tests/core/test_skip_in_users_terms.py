"""A check skipped because the user skipped its question says so, in the user's terms."""

from __future__ import annotations

from pathlib import Path

from tests.core.fakes import FAKE_REGISTRY
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import Engine
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.result import Status

FLOW = """
id: skippy
title: Skippable
description: Asks an optional fact a check needs.
start: ask
facts:
  status:
    prompt: Which status?
    optional: true
nodes:
  ask:
    ask: [status]
    checks: [fake.status]
    next:
      - goto: done
  done:
    resolution:
      title: Done
      explanation: Done.
      steps: [Rest.]
"""


def engine_for(tmp_path: Path) -> Engine:
    (tmp_path / "skippy.yaml").write_text(FLOW)
    catalog = FlowCatalog.load([tmp_path], FAKE_REGISTRY)
    assert catalog.problems == []
    flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}
    return Engine(flows, FAKE_REGISTRY, "skippy", env=CheckEnvironment(clock=lambda: 0.0))


async def test_a_skipped_question_gives_a_skip_in_the_users_terms(tmp_path: Path):
    engine = engine_for(tmp_path)
    await engine.advance()
    engine.answer("")  # the user skips the optional question
    await engine.advance()
    result = engine.results["fake.status"]
    assert result.status is Status.SKIP
    assert "you did not give" in result.detail
    assert "does not have yet" not in result.detail


async def test_an_answered_question_runs_the_check(tmp_path: Path):
    engine = engine_for(tmp_path)
    await engine.advance()
    engine.answer("pass")
    await engine.advance()
    assert engine.results["fake.status"].status is not Status.SKIP


async def test_a_skipped_question_is_marked_skipped_in_the_log(tmp_path: Path):
    engine = engine_for(tmp_path)
    await engine.advance()
    engine.answer("")
    [answered] = [event for event in engine.events if event.kind == "answered"]
    assert answered.data["skipped"] is True  # a transcript says so, quoting no value
