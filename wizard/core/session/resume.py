"""Taking a saved session up again: the same flow, node, facts and results, in a new engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wizard.core.session.log import SessionLog
from wizard.core.session.store import SessionStore
from wizard.core.session.transcript import Transcript
from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    from wizard.core.checks.registry import CheckSpec
    from wizard.core.flow.engine import Engine
    from wizard.core.flow.model import Flow
    from wizard.core.vocab.environment import CheckEnvironment


def resume_session(
    transcript: Transcript,
    flows: Mapping[str, Flow],
    registry: Mapping[str, CheckSpec],
    *,
    env: CheckEnvironment | None = None,
    facts: Mapping[str, str] | None = None,
    store: SessionStore | None = None,
    autosave: bool = True,
) -> tuple[Engine, SessionLog]:
    """An engine positioned where `transcript` stopped, and the log that goes on saving it.

    `facts` are given again (tokens and secrets were never saved); those still missing are
    asked by the engine first. Raises UserError when the flows no longer fit the session.
    """
    from wizard.core.flow.engine import Engine

    info = transcript.info
    if info.flow not in flows:
        raise UserError(f"session {info.id} began in flow '{info.flow}', which is not installed")
    engine = Engine(flows, registry, info.flow, env=env)
    log = SessionLog(
        engine,
        store=(store or SessionStore()) if autosave else None,
        session_id=info.id,
        events=list(transcript.events),
    )
    try:
        engine.restore(transcript.state, facts=facts)
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(f"session {info.id} cannot be resumed: {error}") from None
    return engine, log
