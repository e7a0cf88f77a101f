"""Saved sessions, when the transcripts module (`wizard.core.session.store`) is installed.

Everything here defers to that module: listing, resuming and autosaving are its work. Without
it, `open_store` returns None and the app simply has no "recent sessions" and no autosave.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wizard.core.checks.environment import CheckEnvironment
from wizard.core.checks.registry import CheckSpec
from wizard.core.flow.engine import Engine
from wizard.core.flow.model import Flow
from wizard.core.session.events import Event


def open_store(root: Path | None = None) -> Any | None:
    """The user's session store (or one under `root`), or None without the transcripts module."""
    try:
        from wizard.core.session.store import SessionStore
    except ImportError:
        return None
    return SessionStore(root)


def recent_sessions(store: Any | None, limit: int = 5) -> list[Any]:
    """The latest readable sessions, newest first (empty without a store)."""
    if store is None:
        return []
    return [s for s in store.recent(limit * 2) if not s.problem][:limit]


def autosave(engine: Engine, store: Any | None) -> None:
    """Save the session after every step, so a crash loses nothing and it can be resumed."""
    if store is not None:
        from wizard.core.session.log import SessionLog

        SessionLog.start(engine, store)


def resume(
    store: Any,
    reference: str,
    flows: Mapping[str, Flow],
    registry: Mapping[str, CheckSpec],
    env: CheckEnvironment,
) -> tuple[Engine, list[Event]]:
    """An engine where the saved session stopped, and the events that led there."""
    from wizard.core.session.resume import resume_session

    transcript = store.load(reference)
    engine, _log = resume_session(transcript, flows, registry, env=env, store=store)
    return engine, list(transcript.events)
