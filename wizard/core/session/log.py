"""The session log: every event of an engine, autosaved as a transcript after each one.

Subscribed to an engine, it appends each event and rewrites the session's file atomically,
so killing the process at any moment loses at most the step in progress. Saving problems
(a full disk) never stop the session: they are kept in `save_error` for the face to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from wizard.core.flow.facts import fact_type_of
from wizard.core.session.scrubbing import mask_pii, scrub_document
from wizard.core.session.store import SessionStore
from wizard.core.session.tokenview import token_pieces
from wizard.core.session.transcript import Transcript, build_transcript, new_session_id
from wizard.core.vocab.events import Event

if TYPE_CHECKING:
    from pathlib import Path

    from wizard.core.flow.engine import Engine


# The log attached to each engine, so that saving from a face that holds only the engine
# still writes the whole session under its own id.
_LOGS: WeakKeyDictionary[Engine, SessionLog] = WeakKeyDictionary()


class SessionLog:
    """One session's events and metadata, saved to a `SessionStore` as they happen."""

    def __init__(
        self,
        engine: Engine,
        *,
        store: SessionStore | None = None,
        session_id: str | None = None,
        events: list[Event] | None = None,
        autosave: bool = True,
    ) -> None:
        self.engine = engine
        self.store = store
        self.session_id = session_id or new_session_id(engine.env.now())
        self.events: list[Event] = list(events) if events is not None else list(engine.events)
        self.autosave = autosave and store is not None
        self.save_error: str | None = None
        # Every credential this session held, even ones undone since: never to be written.
        self._secrets: set[str] = set()
        engine.subscribe(self._on_event)
        _LOGS[engine] = self

    @staticmethod
    def of(engine: Engine) -> SessionLog | None:
        """The log attached to `engine`, if any."""
        return _LOGS.get(engine)

    @classmethod
    def start(cls, engine: Engine, store: SessionStore | None = None) -> SessionLog:
        """Log a new session and autosave it to `store` (the user's data folder by default)."""
        return cls(engine, store=store or SessionStore())

    @property
    def path(self) -> Path | None:
        """Where the session is autosaved (None when it is not)."""
        return self.store.path_for(self.session_id) if self.autosave and self.store else None

    def _on_event(self, event: Event) -> None:
        self.events.append(event)
        if self.autosave:
            self.save()

    def transcript(self) -> Transcript:
        return build_transcript(self.engine, self.session_id, self.events)

    def document(self, *, redact_pii: bool = False) -> dict[str, Any]:
        """The transcript as its JSON document, scrubbed of every credential the session held."""
        self._secrets.update(credential_values(self.engine))
        return clean_document(self.transcript().to_dict(), self._secrets, redact_pii=redact_pii)

    def save(self) -> Path | None:
        """Write the session's file now; returns its path, or None when it could not."""
        if self.store is None:
            return None
        try:
            path = self.store.save(self.session_id, self.document())
        except OSError as error:
            self.save_error = f"the session could not be saved: {error.strerror or error}"
            return None
        self.save_error = None
        return path


def credential_values(engine: Engine) -> set[str]:
    """Every form of every token and secret the engine holds now, as must never be written."""
    found: set[str] = set()
    for name, value in engine.facts.items():
        if value and engine.is_credential(name):
            spec = engine.fact_spec(name)
            if fact_type_of(name, spec.type if spec else "text") == "token":
                found.update(token_pieces(value))
            else:
                found.update({value, value.strip()})
    return found


def clean_document(
    document: dict[str, Any], secrets: set[str], *, redact_pii: bool = False
) -> dict[str, Any]:
    """The document scrubbed of `secrets`, and with PII masked when asked."""
    document = scrub_document(document, secrets)
    return mask_pii(document) if redact_pii else document
