"""Steps: from an answer to the next card, for every shipped flow, walked headless.

Each walk is a session of the engine and the Session, as `wizard run` drives them: every demo
scenario in its flow against its loopback world, the triage flow handing over to a
provider's flow, and the evidence flow fed the facts a paste gives (offline). A step is
`engine.answer(...)` plus the `engine.advance()` that returns the next question or the
resolution (the checks of every node passed on the way included); the first step is the
session's start and its first `advance()`. Each walk runs `rounds` times in one process,
after one uncounted walk (imports, the trust store), and each step's figure is its median.
Three clocks: wall time; the CPU time of the whole process, which is the wizard's own work
plus the loopback servers' (the "network": they run in this process), and which a busy
machine does not inflate the way it inflates wall time; and the CPU time of the thread that
runs the session alone (a check declared `cpu_bound` runs in a worker thread and shows only
in the other two). Target: every step under 150 ms of the wizard plus the network, i.e. of
process CPU time; the wall time is shown beside it, with the load average.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.rounds import verdict

NAME = "steps"
TITLE = "Every step of every shipped flow"
TARGET_MS = 150.0
# The choices a person makes where a flow asks (as the demo tests answer them).
ANSWERS = {
    "opensearch-oidc-401:start": "login-401",
    "issued-by-hand": "granted",
    "which-userinfo": "auth0",
}


@dataclass(frozen=True)
class Walk:
    name: str
    flow: str
    scenario: str | None  # a demo world to run, or None: offline facts only
    facts: dict[str, str]
    answers: dict[str, str]


EVIDENCE_WALKS = [
    Walk(
        "evidence: audience",
        "evidence-401",
        None,
        {
            "evidence_step": "evidence-401:audience",
            "token_audience": "api://8f1c2d3e",
            "audience": "8f1c2d3e",
        },
        {},
    ),
    Walk(
        "evidence: expired at the request",
        "evidence-401",
        None,
        {
            "evidence_step": "evidence-401:lifetime",
            "token_exp": "2025-05-06T16:18:32Z",
            "request_time": "2025-05-06T16:20:40Z",
        },
        {},
    ),
]


def walks(limit: int | None = None) -> list[Walk]:
    """A walk per demo scenario, two through triage, two of the evidence flow."""
    from wizard.demo.scenarios import get_scenario, scenario_names

    names = scenario_names()
    found = [Walk(name, get_scenario(name).flow, name, {}, ANSWERS) for name in names]
    found += [
        Walk(
            "triage: only a token",
            "triage",
            "okta-aud-org-server",
            {},
            {"triage:start": "token", **ANSWERS},
        ),
        Walk(
            "triage: userinfo",
            "triage",
            "auth0-userinfo-no-openid",
            {},
            {"triage:start": "userinfo", **ANSWERS},
        ),
    ]
    found += EVIDENCE_WALKS
    if limit is not None:  # one walk per flow, the first of each
        firsts: dict[str, Walk] = {}
        for walk in found:
            firsts.setdefault(walk.flow, walk)
        found = list(firsts.values())[:limit]
    return found


@dataclass
class Step:
    where: str  # the node the step ended at, or "start"
    wall: float
    cpu: float
    process: float


async def _walk_once(walk: Walk, catalog: Any) -> tuple[list[Step], str | None]:
    from wizard.core.checks.catalog import load_registry
    from wizard.core.flow.engine import AskChoice, AskFact, Engine, Finished
    from wizard.core.session.session import Session
    from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
    from wizard.demo.world import DemoWorld

    world = DemoWorld(walk.scenario) if walk.scenario else None
    facts = dict(walk.facts)
    if world is not None:
        world.start()
        facts.update(world.facts)
    env = CheckEnvironment(options=CheckOptions(offline=world is None))
    flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}
    steps: list[Step] = []
    try:
        wall, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        session = Session.start(flows, load_registry(), walk.flow, facts=facts, env=env)
        engine = session.engine
        assert isinstance(engine, Engine)
        where = "start"
        try:
            for _ in range(100):  # a walk of the shipped flows is a dozen steps at most
                prompt = await engine.advance()
                steps.append(
                    Step(
                        f"{where} -> {prompt.node}",
                        time.perf_counter() - wall,
                        time.thread_time() - cpu,
                        time.process_time() - process,
                    )
                )
                if isinstance(prompt, Finished):
                    return steps, prompt.node
                if isinstance(prompt, AskFact):
                    answer = ""  # optional facts are passed; a required one ends the walk
                    if not prompt.spec.optional:
                        return steps, None
                elif isinstance(prompt, AskChoice):
                    answer = walk.answers.get(
                        f"{prompt.flow}:{prompt.node}", walk.answers.get(prompt.node, "")
                    )
                    if not answer:
                        return steps, None
                else:  # stuck
                    return steps, None
                where = prompt.node
                wall, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
                engine.answer(answer)
            return steps, None
        finally:
            await session.aclose()
    finally:
        if world is not None:
            world.stop()


def measure(rounds: int = 3, walks_limit: int | None = None) -> dict[str, Any]:
    from wizard.core.checks.catalog import load_registry
    from wizard.core.flow.catalog import FlowCatalog, flow_folders

    catalog = FlowCatalog.load(flow_folders(), load_registry())
    chosen = walks(walks_limit)
    asyncio.run(_walk_once(chosen[0], catalog))  # uncounted: imports, trust store, keys
    per_walk: dict[str, Any] = {}
    for walk in chosen:
        samples = [asyncio.run(_walk_once(walk, catalog)) for _ in range(rounds)]
        outcome = samples[0][1]
        count = min(len(steps) for steps, _ in samples)
        steps = [
            {
                "where": samples[0][0][index].where,
                "wall_ms": 1000 * statistics.median(s[index].wall for s, _ in samples),
                "cpu_ms": 1000 * statistics.median(s[index].cpu for s, _ in samples),
                "process_ms": 1000 * statistics.median(s[index].process for s, _ in samples),
            }
            for index in range(count)
        ]
        per_walk[walk.name] = {"flow": walk.flow, "outcome": outcome, "steps": steps}
    flows: dict[str, Any] = {}
    for name, walked in per_walk.items():
        for step in walked["steps"]:
            best = flows.setdefault(walked["flow"], {"walks": set(), "steps": 0, "slowest": None})
            best["walks"].add(name)
            best["steps"] += 1
            if best["slowest"] is None or step["process_ms"] > best["slowest"]["process_ms"]:
                best["slowest"] = {**step, "walk": name}
    every = [s for w in per_walk.values() for s in w["steps"]]
    slowest_wall = max(s["wall_ms"] for s in every)
    slowest_cpu = max(s["cpu_ms"] for s in every)
    slowest_process = max(s["process_ms"] for s in every)
    return {
        "rounds": rounds,
        "walks": per_walk,
        "flows": {k: {**v, "walks": len(v["walks"])} for k, v in sorted(flows.items())},
        "slowest_wall": slowest_wall,
        "slowest_cpu": slowest_cpu,
        "slowest_process": slowest_process,
        "step_count": sum(len(w["steps"]) for w in per_walk.values()),
    }


def report(figures: dict[str, Any]) -> str:
    lines = [
        f"{len(figures['walks'])} walks, {figures['step_count']} steps, median of "
        f"{figures['rounds']} rounds each; the slowest step of each flow:",
        "",
        "| flow | walks | steps | slowest step (walk: from -> to) | CPU, process | CPU, session "
        "thread | wall |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for flow, found in figures["flows"].items():
        step = found["slowest"]
        lines.append(
            f"| {flow} | {found['walks']} | {found['steps']} | {step['walk']}: {step['where']} "
            f"| {step['process_ms']:.1f} ms | {step['cpu_ms']:.1f} ms | {step['wall_ms']:.1f} ms |"
        )
    process = figures["slowest_process"]
    lines += [
        "",
        f"Slowest step of all: {process:.1f} ms of process CPU, the wizard and the loopback "
        f"network (target < {TARGET_MS:.0f} ms: {verdict(process < TARGET_MS)}); the most any "
        f"step took on the session's thread: {figures['slowest_cpu']:.1f} ms; the longest wall "
        f"time of a step: {figures['slowest_wall']:.1f} ms.",
        "",
        "Walks that did not reach a resolution (a choice the bench does not make): "
        + (", ".join(n for n, w in figures["walks"].items() if w["outcome"] is None) or "none")
        + ".",
    ]
    return "\n".join(lines)
