"""What every part of the engine reads: where the walk stands, its facts and results, its events.

`Engine` (engine.py) moves and answers; `NodeChecks` (node_checks.py) runs a node's checks;
both stand on this: the flow and node of the state, how a fact is typed and shown, and the
one way an event is emitted (kept in `events` and told to every listener).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from wizard.core.checks.registry import CheckSpec
from wizard.core.flow.facts import describe_fact, fact_type_of
from wizard.core.flow.model import FactSpec, Flow, Node
from wizard.core.flow.state import EngineState, Prompt
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.events import Event, EventKind
from wizard.core.vocab.provenance import FactStore
from wizard.core.vocab.result import CheckResult


class EngineReading:
    """The state of one session and what is read from it; set up by `Engine.__init__`."""

    flows: Mapping[str, Flow]
    registry: Mapping[str, CheckSpec]
    env: CheckEnvironment
    state: EngineState
    events: list[Event]
    _listeners: list[Callable[[Event], object]]

    @property
    def flow(self) -> Flow:
        return self.flows[self.state.flow]

    @property
    def node(self) -> Node:
        return self.flow.nodes[self.state.node]

    @property
    def facts(self) -> FactStore:
        """The facts so far, each with its provenance."""
        return self.state.facts

    @property
    def results(self) -> dict[str, CheckResult]:
        return self.state.results

    @property
    def pending(self) -> Prompt | None:
        return self.state.pending

    def fact_spec(self, name: str) -> FactSpec | None:
        """The declaration of a fact in the current flow, else in any flow."""
        if name in self.flow.facts:
            return self.flow.facts[name]
        return next((f.facts[name] for f in self.flows.values() if name in f.facts), None)

    def fact_type(self, name: str) -> str:
        """The effective type of a fact: as declared in the flows, unless its name says more."""
        spec = self.fact_spec(name)
        return fact_type_of(name, spec.type if spec else "text")

    def is_credential(self, name: str) -> bool:
        """True for a fact that holds a token or a secret (never saved, never shown raw)."""
        return self.fact_type(name) in ("token", "secret")

    def subscribe(self, listener: Callable[[Event], object]) -> None:
        self._listeners.append(listener)

    def _shown(self, name: str, value: str) -> str:
        return describe_fact(self.fact_type(name), value)

    def _emit(self, kind: EventKind, data: dict[str, Any]) -> None:
        event = Event(kind, self.state.flow, self.state.node, data, at=self.env.now())
        self.events.append(event)
        for listener in self._listeners:
            listener(event)
