"""The headless face's loop: a session driven by answers from a mapping, printed as plain text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard.core.checks.catalog import load_registry
from wizard.core.checks.verdict import summary_line
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import AskChoice, AskFact, Engine, Finished, InvalidAnswer, Stuck
from wizard.core.session.plaintext import event_lines
from wizard.core.session.session import Session
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.events import Event
from wizard.core.vocab.result import CheckResult

if TYPE_CHECKING:
    from wizard.core.session.store import SessionStore


@dataclass
class HeadlessOutcome:
    """How a headless run ended: exit code, where, and the session (for transcripts)."""

    exit_code: int
    session: Session
    message: str = ""
    resolution: str | None = None
    lines: list[str] = field(default_factory=list)

    @property
    def engine(self) -> Engine:
        """The engine the session walked, where it stopped."""
        assert self.session.engine is not None
        return self.session.engine


def run_headless(
    catalog: FlowCatalog,
    flow_id: str,
    facts: Mapping[str, str],
    choices: Mapping[str, str],
    out: Callable[[str], None],
    env: CheckEnvironment | None = None,
    *,
    store: SessionStore | None = None,
) -> HeadlessOutcome:
    """Walk `flow_id` with the given facts and choices; never waits for a person.

    With a `store`, the session is autosaved there after every step.
    """
    flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}
    session = Session.start(flows, load_registry(), flow_id, facts=facts, env=env, store=store)
    return drive_headless(session, choices, out)


def drive_headless(
    session: Session, choices: Mapping[str, str], out: Callable[[str], None]
) -> HeadlessOutcome:
    """Walk a session built elsewhere (a resumed one) the way `run_headless` does."""

    def print_event(event: Event) -> None:
        for line in event_lines(event):
            out(line)

    session.subscribe(print_event)
    return asyncio.run(_walk(session, choices, out))


async def _walk(
    session: Session, choices: Mapping[str, str], out: Callable[[str], None]
) -> HeadlessOutcome:
    engine = session.engine
    assert isinstance(engine, Engine), "a headless run walks a flow"
    try:
        while True:
            prompt = await engine.advance()
            if isinstance(prompt, Finished):
                out("")
                out(f"Checks: {summary_line(session_results(engine))}")
                return HeadlessOutcome(0, session, resolution=prompt.node)
            if isinstance(prompt, Stuck):
                return _stop(out, session, 1, f"stopped at node '{prompt.node}': {prompt.reason}")
            if isinstance(prompt, AskFact):
                if prompt.default:
                    # A value the wizard found itself (the token's cid, discovery's userinfo
                    # URL): taken as found, and the transcript says where it came from.
                    engine.answer(prompt.default)
                    continue
                if prompt.spec.optional:
                    engine.answer("")
                    continue
                return _stop(
                    out,
                    session,
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
                    session,
                    3,
                    f"no answer for node '{prompt.node}' of flow "
                    f"'{prompt.flow}', which waits for one of: {allowed}",
                )
            try:
                engine.answer(answer)
            except InvalidAnswer as error:
                return _stop(out, session, 2, str(error))
    finally:
        await session.aclose()


def session_results(engine: Engine) -> list[CheckResult]:
    """The results the diagnosis stands on: the flow's latest ones and the sweep's."""
    return [*engine.results.values(), *(engine.state.swept or {}).values()]


def _stop(out: Callable[[str], None], session: Session, code: int, message: str) -> HeadlessOutcome:
    out(f"wizard: {message}")
    return HeadlessOutcome(code, session, message=message)
