"""What the engine waits for and where it stands: prompts, stages, the state and its snapshot.

The snapshot is the plain-data form a transcript keeps (`state`); `restored_state` reads it
back, every fact then marked as coming from a saved session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wizard.core.flow.alsofound import AlsoFound
from wizard.core.flow.evidence import Evidence
from wizard.core.flow.facts import fact_type_of
from wizard.core.flow.model import Choice, FactSpec
from wizard.core.vocab.provenance import FactStore, Provenance
from wizard.core.vocab.result import CheckResult


class Stage(StrEnum):
    ENTER = "enter"
    ASK = "ask"
    CHECKS = "checks"
    DECIDE = "decide"
    DONE = "done"


@dataclass(frozen=True)
class AskFact:
    """The engine waits for a fact (`answer(value)`, or `answer("")` to skip an optional one).

    `type` is the fact's effective type (a credential's name overrides its declaration).
    `default` is a value the wizard found itself and `default_label` where it came from
    ("from the token's `cid`"): a face shows both and prefills the answer with it; answering
    with exactly that value keeps its source instead of counting as typed by the user.
    """

    flow: str
    node: str
    name: str
    spec: FactSpec
    type: str = "text"
    default: str = ""
    default_label: str = ""


@dataclass(frozen=True)
class AskChoice:
    """The engine waits for the user to pick one of `choices` (by value or label)."""

    flow: str
    node: str
    text: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Finished:
    """The flow reached a resolution, with its text filled in from the facts."""

    flow: str
    node: str
    title: str
    explanation: str
    steps: tuple[str, ...]
    refs: tuple[str, ...]
    # Each check the resolution asserts or rests on, as verified, found or not verified.
    evidence: tuple[Evidence, ...] = ()
    # Asserted checks that did not pass: the explanation then starts by saying so.
    unverified: tuple[Evidence, ...] = ()
    # Every other fail, and every warn a service provider rejects, ranked (`flow.sweep`).
    also_found: tuple[AlsoFound, ...] = ()


@dataclass(frozen=True)
class Stuck:
    """The flow cannot go on (a loop with no question, a route that leads nowhere)."""

    flow: str
    node: str
    reason: str


Prompt = AskFact | AskChoice | Finished | Stuck


class InvalidAnswer(ValueError):
    """An answer that does not fit what the engine waits for; the message says what would."""


@dataclass
class EngineState:
    """Everything `back()` must restore; copied before each answer."""

    flow: str
    node: str
    stage: Stage = Stage.ENTER
    facts: FactStore = field(default_factory=FactStore)
    declined: set[str] = field(default_factory=set)
    results: dict[str, CheckResult] = field(default_factory=dict)
    path: list[tuple[str, str]] = field(default_factory=list)
    pending: Prompt | None = None
    # What the sweep before the resolution found (None: not swept at this node yet).
    swept: dict[str, CheckResult] | None = None

    def copy(self) -> EngineState:
        """A copy that later steps of either cannot change: what `back()` and retry keep.

        The engine changes a state only by setting its fields and adding to its containers;
        what the containers hold (facts, results, prompts, frozen flow models) never changes
        once made, so copying the containers is enough, and far cheaper than a deep copy
        (which was a third of each step of the diagnosis walk in tests/diagnosis).
        """
        return EngineState(
            flow=self.flow,
            node=self.node,
            stage=self.stage,
            facts=self.facts.copy(),
            declined=set(self.declined),
            results=dict(self.results),
            path=list(self.path),
            pending=self.pending,
            swept=None if self.swept is None else dict(self.swept),
        )


def snapshot_state(state: EngineState, withheld: list[str]) -> dict[str, Any]:
    """The state as plain data, without the facts named in `withheld` (credentials)."""
    kept = [name for name in state.facts if name not in withheld]
    sources = {}
    for name in kept:
        fact = state.facts.fact(name)
        if fact is not None:
            sources[name] = fact.recorded_source
    return {
        "flow": state.flow,
        "node": state.node,
        "stage": str(state.stage),
        "facts": {name: state.facts[name] for name in kept},
        "fact_sources": sources,
        "withheld": withheld,
        "declined": sorted(state.declined),
        "results": {key: result.to_dict() for key, result in state.results.items()},
        "path": [[flow, node] for flow, node in state.path],
    }


def restored_state(
    snapshot: Mapping[str, Any], given: Mapping[str, str], known: Callable[[str, str], bool]
) -> EngineState:
    """The state a snapshot describes, with `given` facts added; `known(flow, node)` vets it.

    Raises ValueError when the saved flow or node is not known. Saved facts are marked as
    read from a transcript (their recorded source kept as the origin); `given` ones as given.
    """
    flow_id, node_id = str(snapshot["flow"]), str(snapshot["node"])
    if not known(flow_id, ""):
        raise ValueError(f"the session stopped in flow '{flow_id}', which is not installed")
    if not known(flow_id, node_id):
        raise ValueError(f"flow '{flow_id}' has no node '{node_id}' any more")
    stage = Stage(snapshot.get("stage", Stage.ENTER))
    sources = {str(k): str(v) for k, v in dict(snapshot.get("fact_sources") or {}).items()}
    facts = FactStore()
    for name, value in dict(snapshot.get("facts") or {}).items():
        facts.set(str(name), str(value), Provenance.TRANSCRIPT, sources.get(str(name), ""))
    for name, value in given.items():
        facts.set(name, value, Provenance.GIVEN)
    return EngineState(
        flow=flow_id,
        node=node_id,
        # A finished flow is decided again, so its resolution is shown again.
        stage=Stage.DECIDE if stage is Stage.DONE else stage,
        facts=facts,
        declined={str(name) for name in snapshot.get("declined") or ()},
        results={
            str(key): CheckResult.from_dict(raw)
            for key, raw in dict(snapshot.get("results") or {}).items()
        },
        path=[(str(f), str(n)) for f, n in snapshot.get("path") or [(flow_id, node_id)]],
    )


def match_choice(choices: tuple[Choice, ...], wanted: str) -> Choice | None:
    """The choice an answer names: by value or label (any case), or by its number."""
    choice = next(
        (c for c in choices if wanted in (c.answer, c.label) or wanted.lower() == c.label.lower()),
        None,
    )
    if choice is None and wanted.isdigit() and 1 <= int(wanted) <= len(choices):
        choice = choices[int(wanted) - 1]
    return choice


def reasked_spec(name: str, declared: FactSpec | None) -> FactSpec:
    """How to ask again for a credential a saved session did not keep.

    Optional: the session may go on without a credential its flow never needs, and the node
    that needs it asks again, as required.
    """
    if declared is not None:
        return declared.model_copy(update={"optional": True})
    return FactSpec(
        type="token" if fact_type_of(name) == "token" else "secret",
        prompt=f"The saved session used '{name}', which is never saved: give it again",
        optional=True,
    )
