"""The session: one diagnosis, whichever face drives it.

A `Session` owns what a diagnosis needs and what it leaves behind: the check environment (the
network client, caches and clock), the facts with their provenance, the check results and, when
it walks a flow, the engine and its event log, autosaved to the store after every event. Faces
build one (`Session.start`, `resume_session`, `Session.for_checks`) and drive it; none of them
glues the engine, the log, the store and the environment together itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wizard.core.flow.facts import SECRET_TYPES, fact_type_of
from wizard.core.flow.ledger import Ledger
from wizard.core.session.scrubbing import ScrubMemo
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.errors import UserError
from wizard.core.vocab.provenance import FactStore
from wizard.core.vocab.redaction import scrub

if TYPE_CHECKING:
    from pathlib import Path

    from wizard.core.checks.registry import CheckSpec
    from wizard.core.flow.engine import Engine
    from wizard.core.flow.model import Flow
    from wizard.core.session.store import SessionStore
    from wizard.core.session.transcript import Transcript
    from wizard.core.vocab.events import Event, EventKind
    from wizard.core.vocab.result import CheckResult


# Events that never end a step: each is autosaved with the event that does (a question, a
# resolution, the start of checks that may hang), a moment later. Saving after every one of
# them cleaned and wrote the whole file a dozen times per step; a crash in between loses
# only results and messages that taking the session up again recomputes.
SAVED_WITH_THE_NEXT: frozenset[EventKind] = frozenset({"check_result", "said", "flow_entered"})


class Session:
    """One session: environment, facts and results; with a flow, its engine and event log.

    `store` is where the session is autosaved after each event (None: kept in memory only).
    `events` are those of an earlier run of the same session (a resume); the engine's own
    follow them.
    """

    def __init__(
        self,
        env: CheckEnvironment,
        *,
        engine: Engine | None = None,
        facts: Mapping[str, str] | None = None,
        store: SessionStore | None = None,
        session_id: str | None = None,
        events: Iterable[Event] | None = None,
    ) -> None:
        self.env = env
        self.engine = engine
        self.store = store
        self._id = session_id
        # The events of its earlier runs (a resumed session's conversation so far).
        self.history: list[Event] = list(events if events is not None else [])
        # Every event, earlier runs' first: what its transcript holds.
        self.events: list[Event] = self.history + (engine.events if engine is not None else [])
        self.save_error: str | None = None
        self.saved = False  # whether any save has succeeded
        # Without a flow the session keeps its own facts and results (`wizard check`).
        self._facts = FactStore(facts)
        self._results: dict[str, CheckResult] = {}
        self._ledger = Ledger()
        # Every credential this session held, even ones undone since: never to be written.
        self._secrets: set[str] = set()
        self._scrubbed = ScrubMemo()
        self._unsaved = False  # events kept for the next autosave (SAVED_WITH_THE_NEXT)
        if engine is not None:
            engine.subscribe(self._on_event)

    # --- building one ---------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        flows: Mapping[str, Flow],
        registry: Mapping[str, CheckSpec],
        flow_id: str,
        *,
        facts: Mapping[str, str] | None = None,
        env: CheckEnvironment | None = None,
        store: SessionStore | None = None,
    ) -> Session:
        """A new session walking `flow_id`, `facts` given up front; autosaved to `store`."""
        from wizard.core.flow.engine import Engine  # deferred: `wizard check` needs no flows

        env = env or CheckEnvironment()
        return cls(env, engine=Engine(flows, registry, flow_id, facts=facts, env=env), store=store)

    @classmethod
    def for_checks(
        cls,
        facts: Mapping[str, str],
        env: CheckEnvironment | None = None,
        *,
        options: CheckOptions | None = None,
    ) -> Session:
        """A session with no flow (`wizard check`, `wizard replay`): facts in, results out.

        Its environment is `env`, else a new one with `options`.
        """
        return cls(env or CheckEnvironment(options=options or CheckOptions()), facts=facts)

    # --- what it knows --------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The session's id, which names its saved file: `20261123-180826-3f9a1c`."""
        if self._id is None:
            from wizard.core.session.transcript import new_session_id

            started = self.events[0].at if self.events else self.env.now()
            self._id = new_session_id(started)
        return self._id

    @property
    def facts(self) -> FactStore:
        """The facts so far, each with its provenance (`facts.provenance(name)`)."""
        return self.engine.facts if self.engine is not None else self._facts

    @property
    def results(self) -> dict[str, CheckResult]:
        """The latest result of each check key."""
        return self.engine.results if self.engine is not None else self._results

    @property
    def ledger(self) -> Ledger:
        """Every check result of the session, with the token and inputs it ran on."""
        return self.engine.ledger if self.engine is not None else self._ledger

    def record(
        self,
        result: CheckResult,
        key: str | None = None,
        inputs: Mapping[str, str] | None = None,
    ) -> None:
        """Keep a result of a check run outside a flow, under `key` (default: its id, then
        `id#2` for a second run of the same check); `inputs` default to the session's facts."""
        if key is None:
            key, count = result.id, 1
            while key in self._results:
                count += 1
                key = f"{result.id}#{count}"
        self._results[key] = result
        given = inputs if inputs is not None else {"token": self.facts.get("token") or ""}
        ran_on = {name: value for name, value in given.items() if value}
        self._ledger.record(key, result, ran_on, self.fact_type)

    def fact_type(self, name: str) -> str:
        """The effective type of a fact: as its flow declares it, unless its name says more."""
        return self.engine.fact_type(name) if self.engine is not None else fact_type_of(name)

    def is_credential(self, name: str) -> bool:
        """True for a token or a secret: never saved, never shown as it is."""
        return self.fact_type(name) in SECRET_TYPES

    def credentials(self) -> set[str]:
        """Every form of every token and secret the session holds now (what must never show)."""
        from wizard.core.session.tokenview import token_pieces  # deferred: parses tokens

        found: set[str] = set()
        for name, value in self.facts.items():
            kind = self.fact_type(name)
            if kind == "token":
                found.update(token_pieces(value))
            elif kind in SECRET_TYPES:
                found.update({value, value.strip()})
        return found

    def scrub(self, text: str) -> str:
        """`text` with every credential this session ever held masked."""
        self._secrets.update(self.credentials())
        return scrub(text, self._secrets)

    # --- its log, autosave and transcript ---------------------------------------------------

    def subscribe(self, listener: Callable[[Event], object]) -> None:
        """Call `listener` with every event of the engine from now on."""
        if self.engine is None:
            raise ValueError("a session without a flow has no events")
        self.engine.subscribe(listener)

    @property
    def path(self) -> Path | None:
        """Where the session is autosaved (None when it is not)."""
        return self.store.path_for(self.id) if self.store is not None else None

    def _on_event(self, event: Event) -> None:
        self.events.append(event)
        if self.store is None:
            return
        self._unsaved = event.kind in SAVED_WITH_THE_NEXT
        if not self._unsaved:
            self.save()

    def transcript(self) -> Transcript:
        """The session written down, free of credentials (needs a flow)."""
        from wizard.core.session.transcript import build_transcript

        if self.engine is None:
            raise ValueError("a session without a flow has no transcript")
        return build_transcript(self.engine, self.id, self.events)

    def document(self, *, redact_pii: bool = False) -> dict[str, Any]:
        """The transcript as its JSON document, scrubbed of every credential the session held."""
        self._secrets.update(self.credentials())
        return clean_document(
            self.transcript().to_dict(), self._secrets, redact_pii=redact_pii, memo=self._scrubbed
        )

    def save(self) -> Path | None:
        """Write the session's file now; returns its path, or None when it could not.

        A failed save (a full disk) never stops the session: `save_error` says why.
        """
        if self.store is None:
            return None
        try:
            path = self.store.save(self.id, self.document())
        except OSError as error:
            self.save_error = f"the session could not be saved: {error.strerror or error}"
            return None
        except UserError as error:  # an unsafe data folder (a symlink): refused, not written
            self.save_error = f"the session could not be saved: {error.message}"
            return None
        self.save_error = None
        self.saved = True
        self._unsaved = False
        return path

    async def aclose(self) -> None:
        """Release what the session opened (its network client), its last events saved."""
        if self._unsaved:
            self.save()
        await self.env.aclose()


def clean_document(
    document: dict[str, Any],
    secrets: set[str],
    *,
    redact_pii: bool = False,
    memo: ScrubMemo | None = None,
) -> dict[str, Any]:
    """The document scrubbed of `secrets` (and of anything shaped like a token), PII masked.

    `memo` keeps what was scrubbed for the next call with the same secrets (autosave).
    """
    from wizard.core.session.scrubbing import mask_pii, scrub_document

    document = scrub_document(document, secrets, memo)
    return mask_pii(document) if redact_pii else document
