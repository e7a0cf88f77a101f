"""Walking a case of `cases.py` headless through the shipped flows, once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.flows.cases import Case, Where
from tests.flows.world import NOW, LoopbackWorld
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog, shipped_flows_dir
from wizard.core.flow.reachability import node_targets
from wizard.core.session.headless import HeadlessOutcome, run_headless
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions

# Offline cases never open a socket, but their facts may still name a URL.
OFFLINE_BASE = "https://offline.example.test"


@dataclass
class Walk:
    """How one case ended: where, the path it took, and the conversation as text."""

    outcome: HeadlessOutcome
    lines: list[str]

    @property
    def ended_at(self) -> str:
        return f"{self.outcome.engine.state.flow}:{self.outcome.resolution}"

    @property
    def path(self) -> list[tuple[str, str]]:
        return list(self.outcome.engine.state.path)

    def transcript(self) -> str:
        return "\n".join(self.lines)


@cache
def shipped_catalog() -> FlowCatalog:
    return FlowCatalog.load([shipped_flows_dir()], load_registry())


def checks_within_reach(flow_id: str) -> set[str]:
    """Every check id a walk starting in `flow_id` could run (following cross-flow gotos)."""
    flows = {fid: loaded.flow for fid, loaded in shipped_catalog().flows.items()}
    seen: set[str] = set()
    todo = [flow_id]
    checks: set[str] = set()
    while todo:
        current = todo.pop()
        if current in seen or current not in flows:
            continue
        seen.add(current)
        flow = flows[current]
        for node in flow.nodes.values():
            checks.update(call.id for call in node.check_calls)
            todo.extend(target_flow for _, (target_flow, _) in node_targets(flow, node))
    return checks


def missing_checks(flow_id: str) -> list[str]:
    """Checks a walk from `flow_id` may need that are not installed yet."""
    return sorted(checks_within_reach(flow_id) - set(load_registry()))


def walk(case: Case, tmp: Path) -> Walk:
    """Run `case` headless with a fixed clock; network cases get their own loopback world."""
    lines: list[str] = []
    env = CheckEnvironment(options=CheckOptions(offline=not case.network), clock=lambda: NOW)
    if not case.network:
        facts = case.facts(Where(OFFLINE_BASE, tmp))
        outcome = run_headless(shipped_catalog(), case.flow, facts, case.answers, lines.append, env)
        return Walk(outcome, lines)
    with LoopbackWorld() as world:
        if case.behave is not None:
            case.behave(world.behaviour, world.base)
        facts = case.facts(Where(world.base, tmp))
        outcome = run_headless(shipped_catalog(), case.flow, facts, case.answers, lines.append, env)
    return Walk(outcome, lines)
