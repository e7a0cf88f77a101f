"""Saved sessions in the app: listing them on home, autosaving, taking one up again.

The work is the transcripts module's (`wizard.core.session`); this is the thin seam the
screens call, so that every engine the app makes is logged the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.session.store import SessionStore, SessionSummary

# Home lists the recent sessions before the engine is imported; the rest is imported when a
# session opens.
if TYPE_CHECKING:
    from wizard.core.checks.registry import CheckSpec
    from wizard.core.flow.engine import Engine
    from wizard.core.flow.model import Flow
    from wizard.core.session.log import SessionLog
    from wizard.core.session.transcript import Transcript
    from wizard.core.vocab.environment import CheckEnvironment
    from wizard.core.vocab.events import Event


def open_store(root: Path | None = None) -> SessionStore:
    """The user's session store (or one under `root`, for tests)."""
    return SessionStore(root)


def recent_sessions(store: SessionStore | None, limit: int = 5) -> list[SessionSummary]:
    """The latest readable sessions, newest first (empty without a store)."""
    if store is None:
        return []
    try:
        found = store.recent(limit * 2)
    except OSError:  # an unreadable data folder: home still opens, without the list
        return []
    return [s for s in found if not s.problem][:limit]


def autosave(engine: Engine, store: SessionStore | None) -> SessionLog | None:
    """Save the session after every step, so a crash loses nothing and it can be resumed.

    Without a store (the tests' apps) nothing is written anywhere.
    """
    from wizard.core.session.log import SessionLog

    return SessionLog.start(engine, store) if store is not None else None


def resume(
    store: SessionStore,
    reference: str,
    flows: Mapping[str, Flow],
    registry: Mapping[str, CheckSpec],
    env: CheckEnvironment,
) -> tuple[Engine, list[Event]]:
    """An engine where the saved session `reference` stopped, and the events that led there."""
    return resume_transcript(store.load(reference), store, flows, registry, env)


def resume_transcript(
    transcript: Transcript,
    store: SessionStore | None,
    flows: Mapping[str, Flow],
    registry: Mapping[str, CheckSpec],
    env: CheckEnvironment,
    facts: Mapping[str, str] | None = None,
) -> tuple[Engine, list[Event]]:
    """An engine where `transcript` stopped (autosaved when there is a store), and its events.

    Raises UserError when the installed flows no longer fit the session.
    """
    from wizard.core.session.resume import resume_session

    engine, _log = resume_session(
        transcript,
        flows,
        registry,
        env=env,
        facts=facts,
        store=store,
        autosave=store is not None,
    )
    return engine, list(transcript.events)
