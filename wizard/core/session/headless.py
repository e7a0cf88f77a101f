"""The headless face's engine loop: answers from a mapping, conversation as plain text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import AskChoice, AskFact, Engine, Finished, InvalidAnswer, Stuck
from wizard.core.session.plaintext import event_lines
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.events import Event


@dataclass
class HeadlessOutcome:
    """How a headless run ended: exit code, where, and the engine (for transcripts)."""

    exit_code: int
    engine: Engine
    message: str = ""
    resolution: str | None = None
    lines: list[str] = field(default_factory=list)


def run_headless(
    catalog: FlowCatalog,
    flow_id: str,
    facts: Mapping[str, str],
    choices: Mapping[str, str],
    out: Callable[[str], None],
    env: CheckEnvironment | None = None,
    on_engine: Callable[[Engine], None] | None = None,
) -> HeadlessOutcome:
    """Walk `flow_id` with the given facts and choices; never waits for a person.

    `on_engine` sees the engine before it starts (to attach a session log, say).
    """
    flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}
    engine = Engine(flows, load_registry(), flow_id, facts=facts, env=env)
    if on_engine is not None:
        on_engine(engine)
    return drive_headless(engine, choices, out)


def drive_headless(
    engine: Engine, choices: Mapping[str, str], out: Callable[[str], None]
) -> HeadlessOutcome:
    """Walk an engine built elsewhere (a resumed session) the way `run_headless` does."""

    def print_event(event: Event) -> None:
        for line in event_lines(event):
            out(line)

    engine.subscribe(print_event)
    return asyncio.run(_walk(engine, choices, out))


async def _walk(
    engine: Engine, choices: Mapping[str, str], out: Callable[[str], None]
) -> HeadlessOutcome:
    try:
        while True:
            prompt = await engine.advance()
            if isinstance(prompt, Finished):
                return HeadlessOutcome(0, engine, resolution=prompt.node)
            if isinstance(prompt, Stuck):
                return _stop(out, engine, 1, f"stopped at node '{prompt.node}': {prompt.reason}")
            if isinstance(prompt, AskFact):
                if prompt.spec.optional:
                    engine.answer("")
                    continue
                return _stop(
                    out,
                    engine,
                    3,
                    f"no value for fact '{prompt.name}', asked at node "
                    f"'{prompt.node}' of flow '{prompt.flow}': {prompt.spec.prompt} "
                    f"(add it under 'facts:' or pass --fact {prompt.name}=...)",
                )
            assert isinstance(prompt, AskChoice)
            answer = choices.get(f"{prompt.flow}:{prompt.node}", choices.get(prompt.node))
            if answer is None:
                allowed = ", ".join(f"'{c.answer}'" for c in prompt.choices)
                return _stop(
                    out,
                    engine,
                    3,
                    f"no answer for node '{prompt.node}' of flow "
                    f"'{prompt.flow}', which waits for one of: {allowed}",
                )
            try:
                engine.answer(answer)
            except InvalidAnswer as error:
                return _stop(out, engine, 2, str(error))
    finally:
        await engine.env.aclose()


def _stop(out: Callable[[str], None], engine: Engine, code: int, message: str) -> HeadlessOutcome:
    out(f"wizard: {message}")
    return HeadlessOutcome(code, engine, message=message)
