"""Taking a saved session up again: the same flow, node, facts and results, in a new session."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wizard.core.session.session import Session
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    from wizard.core.checks.registry import CheckSpec
    from wizard.core.flow.model import Flow
    from wizard.core.session.store import SessionStore
    from wizard.core.session.transcript import Transcript


def resume_session(
    transcript: Transcript,
    flows: Mapping[str, Flow],
    registry: Mapping[str, CheckSpec],
    *,
    env: CheckEnvironment | None = None,
    facts: Mapping[str, str] | None = None,
    store: SessionStore | None = None,
) -> Session:
    """The session `transcript` saved, positioned where it stopped, under its own id.

    `facts` are given again (tokens and secrets were never saved); those still missing are
    asked by the engine first. It goes on being autosaved to `store` (None: not saved).
    Every fact read back from the transcript has the provenance TRANSCRIPT. Raises
    UserError when the flows no longer fit the session.
    """
    from wizard.core.flow.engine import Engine

    info = transcript.info
    if info.flow not in flows:
        raise UserError(f"session {info.id} began in flow '{info.flow}', which is not installed")
    env = env or CheckEnvironment()
    engine = Engine(flows, registry, info.flow, env=env)
    session = Session(env, engine=engine, store=store, session_id=info.id, events=transcript.events)
    try:
        engine.restore(transcript.state, facts=facts)
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(f"session {info.id} cannot be resumed: {error}") from None
    return session


def changed_tokens(transcript: Transcript, given: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """The token facts `given` again whose fingerprint is not the one the session was saved
    with: name -> (saved fingerprint, given fingerprint).

    A resumed session's results were found with the saved token; going on with another one
    mixes two tokens in one diagnosis, so a face asks before it does.
    """
    from wizard.core.session.tokenview import token_view

    changed: dict[str, tuple[str, str]] = {}
    for name, value in given.items():
        entry = transcript.facts.get(name) or {}
        view = entry.get("token")
        saved = view.get("fingerprint") if isinstance(view, dict) else None
        if not isinstance(saved, str) or not value:
            continue
        now = str(token_view(value)["fingerprint"])
        if now != saved:
            changed[name] = (saved, now)
    return changed
