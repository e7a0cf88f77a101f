"""Saved sessions in the app: listing them on home, starting and taking one up again.

The work is the core's (`wizard.core.session`); this is the thin seam the screens call, so
that every session the app makes is built, autosaved and resumed the same way.
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
    from wizard.core.flow.model import Flow
    from wizard.core.session.session import Session
    from wizard.core.session.transcript import Transcript
    from wizard.core.vocab.environment import CheckEnvironment


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


def resume_transcript(
    transcript: Transcript,
    store: SessionStore | None,
    flows: Mapping[str, Flow],
    registry: Mapping[str, CheckSpec],
    env: CheckEnvironment,
    facts: Mapping[str, str] | None = None,
) -> Session:
    """The session `transcript` saved, where it stopped (autosaved when there is a store).

    Raises UserError when the installed flows no longer fit the session.
    """
    from wizard.core.session.resume import resume_session

    return resume_session(transcript, flows, registry, env=env, facts=facts, store=store)
