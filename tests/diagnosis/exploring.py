"""Walk the real engine through every combination of check outcomes its flows can tell apart.

The checks themselves are replaced here, and only here: no real check can be made to end in
each of its five statuses on demand, and the property is about the flows and the engine, not
about any one check. Every other part (engine, conditions, facts, resolutions) is the real one.

The walk is a stateless search: each run follows a script of picks (a status per check run,
a value per learned or asked fact a condition tests, a value per fact a face gives up front
and no node asks, an answer per choice); the next script
bumps the last pick that has options left, until every script has been run.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from wizard.core.flow import engine as engine_module
from wizard.core.flow import node_checks
from wizard.core.flow.assertions import liveness, status_groups
from wizard.core.flow.conditions import (
    AllOf,
    AnyOf,
    FactTest,
    Not,
)
from wizard.core.flow.engine import AskChoice, AskFact, Engine, Finished, Stuck
from wizard.core.flow.model import Flow
from wizard.core.vocab.result import CheckResult, Status

ABSENT = ""
# The one outcome of a check whose status nothing later reads.
_PASS = [Status.PASS]


def tested_fact_values(flows: Mapping[str, Flow]) -> dict[str, list[str]]:
    """Per fact a condition tests: absent, plus each value a condition compares it with."""
    values: dict[str, list[str]] = {}

    def visit(condition: Any) -> None:
        match condition:
            case FactTest(fact=name, equals=equals, in_=members):
                found = values.setdefault(name, [ABSENT, "present-value"])
                for value in [equals, *(members or [])]:
                    if value is not None and str(value) not in found:
                        found.append(str(value))
            case AnyOf(any=parts) | AllOf(all=parts):
                for part in parts:
                    visit(part)
            case Not(not_=inner):
                visit(inner)

    for flow in flows.values():
        for node in flow.nodes.values():
            for route in node.next:
                if route.when is not None:
                    visit(route.when)
    return values


class Script:
    """The picks of one run: replayed up to its length, then the first option each time."""

    def __init__(self, picks: list[int]) -> None:
        self.picks = picks
        self.counts: list[int] = []
        # The option taken at each pick so far: `picks`, then zeros past its end.
        self.taken: list[int] = []

    def pick(self, options: list[Any]) -> Any:
        position = len(self.counts)
        index = self.picks[position] if position < len(self.picks) else 0
        self.counts.append(len(options))
        self.taken.append(index)
        return options[index]

    def following(self) -> list[int] | None:
        """The script of the next run, or None when every combination has been run."""
        taken = self.taken
        for position in range(len(taken) - 1, -1, -1):
            if taken[position] + 1 < self.counts[position]:
                return taken[:position] + [taken[position] + 1]
        return None


@dataclass(frozen=True)
class Ending:
    """Where one run ended, with the latest status of every check key it ran."""

    flow: str
    node: str
    statuses: dict[str, str]
    finished: Finished | None
    reason: str = ""


class _Explored(Exception):
    """This run reached a node with knowledge whose every continuation was already run."""


async def _no_sweep(*args: Any) -> dict[str, CheckResult]:
    return {}


class _ProbedEngine(Engine):
    """The real engine, stopping a run that enters a node in a state already explored."""

    explorer: Explorer

    def _enter_node(self) -> None:
        self.explorer.entering(self)
        super()._enter_node()


def upfront_facts(
    flows: Mapping[str, Flow], registry: Mapping[str, Any], tested: Mapping[str, list[str]]
) -> list[str]:
    """Tested facts that no node asks, no check learns and no choice sets: a face gives them."""
    nodes = [node for flow in flows.values() for node in flow.nodes.values()]
    asked = {name for node in nodes for name in node.ask}
    chosen = {name for node in nodes for choice in node.choices for name in choice.set}
    learned = {name for spec in registry.values() for name in spec.learns}
    return sorted(set(tested) - asked - chosen - learned)


class Explorer:
    """Runs the engine over every script for one starting flow."""

    def __init__(self, flows: Mapping[str, Flow], registry: Mapping[str, Any]) -> None:
        self.flows = flows
        self.registry = registry
        groups = status_groups(flows)
        self.statuses = {key: [Status(status) for status in group] for key, group in groups.items()}
        self.fact_values = tested_fact_values(flows)
        self.upfront = upfront_facts(flows, registry, self.fact_values)
        self.live_keys, self.live_facts, self.live_after = liveness(flows)
        # The same, sorted once: what a node's entry marker is made of (`entering`).
        nodes = [(flow.id, node) for flow in flows.values() for node in flow.nodes]
        self.keys_read = {ref: sorted(self.live_keys.get(ref, ())) for ref in nodes}
        self.facts_read = {ref: sorted(self.live_facts.get(ref, ())) for ref in nodes}
        # State at a node's entry -> the picks that first led there.
        self.explored: dict[tuple, tuple[int, ...]] = {}
        self.script = Script([])
        # The run under way: its engine, and the (node, fact) pairs whose learned value it
        # has picked already.
        self.engine: Engine | None = None
        self.picked: set[tuple[tuple[str, str], str]] = set()

    def entering(self, engine: Engine) -> None:
        """Stop the run when this node was entered before with the same live knowledge.

        Scripts run in depth-first order, so when a state comes round again by other picks,
        every continuation of its first visit has been run (or is being run, in a loop): the
        routes from here are the same.
        """
        ref = (engine.state.flow, engine.state.node)
        results, known = engine.results, engine.facts
        marker = (
            ref,
            tuple((k, str(results[k].status)) for k in self.keys_read[ref] if k in results),
            tuple((f, known.get(f, "")) for f in self.facts_read[ref]),
            tuple(sorted(engine.state.declined)),
        )
        prefix = tuple(self.script.taken)
        first = self.explored.setdefault(marker, prefix)
        if first != prefix:
            raise _Explored

    def endings(self, flow_id: str, limit: int = 200_000) -> Iterator[Ending]:
        """Every distinct way a walk from `flow_id` can end."""
        # Every run in one coroutine on one event loop: a new loop, task and signal handler
        # per run were a fifth of the walk.
        return iter(asyncio.run(self._walk(flow_id, limit)))

    async def _walk(self, flow_id: str, limit: int) -> list[Ending]:
        self.explored.clear()
        found: list[Ending] = []
        picks: list[int] | None = []
        runs = 0
        # The sweep runs once the walk stands at a resolution node: it adds to "also found"
        # but cannot change which resolution is reached or the route's results, which is all
        # this walk judges. Left in, it ran the real catalog on made-up facts at every one of
        # the thousands of endings (over 200 s for one flow).
        original, original_sweep = node_checks.run_one, engine_module.sweep
        node_checks.run_one, engine_module.sweep = self._scripted_run, _no_sweep
        try:
            while picks is not None:
                script = Script(picks)
                with contextlib.suppress(_Explored):  # a state already walked from
                    found.append(await self._run(flow_id, script))
                runs += 1
                self.runs = runs
                if runs > limit:
                    raise AssertionError(f"more than {limit} combinations from {flow_id}")
                picks = script.following()
        finally:
            node_checks.run_one, engine_module.sweep = original, original_sweep
        return found

    async def _run(self, flow_id: str, script: Script) -> Ending:
        self.script = script
        self.picked = set()
        # Facts only a face gives (ingest's evidence_step): each tested value is a start.
        given = {}
        for name in self.upfront:
            if name in self.flows[flow_id].facts:
                value = script.pick(self.fact_values[name])
                if value != ABSENT:
                    given[name] = value
        engine = _ProbedEngine(self.flows, self.registry, flow_id, facts=given)
        engine.explorer = self
        self.engine = engine
        return await self._drive(engine, script)

    async def _scripted_run(self, run: Any, env: Any) -> CheckResult:
        """What the engine's `run_one` returns during a walk: the status the script picks."""
        assert self.engine is not None
        script, state = self.script, self.engine.state
        # Only outcomes some later condition or assertion can see are told apart.
        ref = (state.flow, state.node)
        read = self.live_after.get(ref, frozenset())
        options = self.statuses.get(run.key, _PASS) if run.key in read else _PASS
        status = script.pick(options)
        learned = {}
        for name in run.spec.learns:
            # Checks of one node that learn the same fact merge: one pick per node is enough.
            if (ref, name) in self.picked:
                continue
            self.picked.add((ref, name))
            if name in self.fact_values and name in self.live_facts.get(ref, ()):
                value = script.pick(self.fact_values[name])
                if value != ABSENT:
                    learned[name] = value
        return CheckResult(run.spec.id, status, run.spec.title, f"scripted {status}", facts=learned)

    async def _drive(self, engine: Engine, script: Script) -> Ending:
        for _ in range(500):
            prompt = await engine.advance()
            if isinstance(prompt, Finished | Stuck):
                statuses = {key: str(r.status) for key, r in engine.results.items()}
                finished = prompt if isinstance(prompt, Finished) else None
                reason = prompt.reason if isinstance(prompt, Stuck) else ""
                return Ending(prompt.flow, prompt.node, statuses, finished, reason)
            if isinstance(prompt, AskChoice):
                engine.answer(script.pick([choice.answer for choice in prompt.choices]))
            elif isinstance(prompt, AskFact):
                engine.answer(self._answer(prompt, script))
        raise AssertionError("the engine asked more than 500 questions")

    def _answer(self, prompt: AskFact, script: Script) -> str:
        tested = self.fact_values.get(prompt.name)
        if tested is not None:
            options = [v for v in tested if v != ABSENT or prompt.spec.optional]
            return script.pick(options)
        # A fact no condition tests changes no route: one answer stands for all.
        return "" if prompt.spec.optional else "given-value"
