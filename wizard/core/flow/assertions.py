"""Proof that no resolution claims a check it cannot know passed.

Every route of every flow is walked symbolically: a check's status is unknown until a condition
(or a resolution's `asserts`) looks at it, and then each status that conditions tell apart is
tried in turn. A resolution reached with an asserted check that failed, warned, skipped, errored
or never ran is a problem, located at the `next` that let it through when that `next` routed on
the check's failure (its other outcomes fell to a default), else at the resolution.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from wizard.core.flow.conditions import (
    AllOf,
    AnyOf,
    FactTest,
    Failed,
    Not,
    Passed,
    StatusIn,
    Warned,
    _fact_holds,
)
from wizard.core.flow.model import Flow, Node

STATUSES = ("pass", "warn", "fail", "skip", "error")
# A check the path ran whose status no condition has looked at yet.
UNDECIDED = "?"
# States explored per start before the proof gives up (a bound, never reached by real flows).
MAX_STATES = 200_000

NodeRef = tuple[str, str]


@dataclass(frozen=True)
class Violation:
    """A route to `resolution` on which the asserted check `key` ended `status` (None: not run)."""

    resolution: NodeRef
    key: str
    status: str | None
    path: tuple[NodeRef, ...]
    decided_at: NodeRef | None  # the node whose routing let this status through
    # Every status no condition tells apart from `status` (they all end the same way).
    alike: tuple[str, ...] = ()


def status_groups(flows: Mapping[str, Flow]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Per check key, one status per group that no condition tells apart, with its group.

    A check tested only by `failed:` and asserted has three: pass, fail, and warn standing
    for warn, skip and error; trying one of each tries every combination the flows can see.
    """
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    tests: dict[str, list[frozenset[str]]] = {}
    for flow in flows.values():
        for node in flow.nodes.values():
            for route in node.next:
                if route.when is not None:
                    for key, wanted in _status_tests(route.when):
                        tests.setdefault(key, []).append(wanted)
            if node.resolution is not None:
                for key in node.resolution.asserts:
                    tests.setdefault(key, []).append(frozenset({"pass"}))
    for key, tested in tests.items():
        members: dict[tuple[bool, ...], list[str]] = {}
        for status in STATUSES:
            members.setdefault(tuple(status in group for group in tested), []).append(status)
        groups[key] = {found[0]: tuple(found) for found in members.values()}
    return groups


def _status_tests(condition: object) -> Iterator[tuple[str, frozenset[str]]]:
    match condition:
        case Passed(passed=key):
            yield key, frozenset({"pass"})
        case Failed(failed=key):
            yield key, frozenset({"fail"})
        case Warned(warned=key):
            yield key, frozenset({"warn"})
        case StatusIn(status=key, in_=wanted):
            yield key, frozenset(wanted)
        case AnyOf(any=members) | AllOf(all=members):
            for member in members:
                yield from _status_tests(member)
        case Not(not_=inner):
            yield from _status_tests(inner)


@dataclass
class _State:
    ref: NodeRef
    statuses: dict[str, str] = field(default_factory=dict)
    atoms: dict[str, bool] = field(default_factory=dict)  # fact tests decided on this path
    facts: dict[str, str] = field(default_factory=dict)  # facts a choice set on this path
    decided_at: dict[str, NodeRef] = field(default_factory=dict)
    path: tuple[NodeRef, ...] = ()

    def key(self) -> tuple:
        return (
            self.ref,
            tuple(sorted(self.statuses.items())),
            tuple(sorted(self.atoms.items())),
            tuple(sorted(self.facts.items())),
        )

    def copy(self, **changes: object) -> _State:
        state = _State(
            self.ref,
            dict(self.statuses),
            dict(self.atoms),
            dict(self.facts),
            dict(self.decided_at),
            self.path,
        )
        for name, value in changes.items():
            setattr(state, name, value)
        return state


class _Prover:
    def __init__(self, flows: Mapping[str, Flow], learns: Mapping[str, frozenset[str]]) -> None:
        self.flows = flows
        self.learns = learns
        self.groups = status_groups(flows)
        self.classes = {key: list(group) for key, group in self.groups.items()}
        self.violations: dict[tuple[NodeRef, str, str | None], Violation] = {}
        self.exhausted = False
        self.live_keys, self.live_facts, _ = liveness(flows)

    def run(self, start: NodeRef) -> None:
        seen: set[tuple] = set()
        todo = [_State(start, path=(start,))]
        while todo:
            state = todo.pop()
            marker = state.key()
            if marker in seen:
                continue
            seen.add(marker)
            if len(seen) > MAX_STATES:
                self.exhausted = True
                return
            todo.extend(self._step(state))

    def _node(self, ref: NodeRef) -> Node | None:
        flow = self.flows.get(ref[0])
        return flow.nodes.get(ref[1]) if flow is not None else None

    def _step(self, state: _State) -> list[_State]:
        node = self._node(state.ref)
        if node is None:
            return []
        for call in node.check_calls:
            state.statuses[call.key] = UNDECIDED
            state.decided_at.pop(call.key, None)
            # What a check learns may change: earlier tests of those facts no longer hold.
            learned = self.learns.get(call.id, frozenset())
            state.atoms = {a: v for a, v in state.atoms.items() if _atom_fact(a) not in learned}
        if node.resolution is not None:
            self._judge(state, node)
            return []
        flow_id = state.ref[0]
        if node.choices:
            return [
                self._moved(state.copy(facts={**state.facts, **choice.set}), choice.goto, flow_id)
                for choice in node.choices
            ]
        if node.handoff is not None:
            targets = [
                (flow.id, flow.applies.entry or flow.start)
                for flow in self.flows.values()
                if node.handoff.symptom in flow.applies.symptoms
            ]
            targets.append(_split(node.handoff.otherwise, flow_id))
            return [self._moved_to(state.copy(), target) for target in targets]
        return list(self._routes(state, node, 0))

    def _routes(self, state: _State, node: Node, index: int) -> Iterator[_State]:
        if index >= len(node.next):
            return
        route = node.next[index]
        if route.when is None:
            yield self._moved(state, route.goto, state.ref[0])
            return
        for holds, branch in self._outcomes(route.when, state):
            if holds:
                yield self._moved(branch, route.goto, state.ref[0])
            else:
                yield from self._routes(branch, node, index + 1)

    def _outcomes(self, condition: object, state: _State) -> Iterator[tuple[bool, _State]]:
        """Each way `condition` can come out, with the state that decides it so."""
        keys = sorted(
            {k for k, _ in _status_tests(condition) if state.statuses.get(k) == UNDECIDED}
        )
        atoms = sorted({a for a in _fact_atoms(condition) if self._atom_free(a, state)})
        key_options = [self.classes.get(k, list(STATUSES)) for k in keys]
        for statuses in itertools.product(*key_options):
            for values in itertools.product((True, False), repeat=len(atoms)):
                branch = state.copy()
                for key, status in zip(keys, statuses, strict=True):
                    branch.statuses[key] = status
                    branch.decided_at[key] = state.ref
                branch.atoms.update(zip(atoms, values, strict=True))
                yield self._holds(condition, branch), branch

    def _atom_free(self, atom: str, state: _State) -> bool:
        return atom not in state.atoms and _atom_fact(atom) not in state.facts

    def _holds(self, condition: object, state: _State) -> bool:
        match condition:
            case Passed(passed=key):
                return state.statuses.get(key) == "pass"
            case Failed(failed=key):
                return state.statuses.get(key) == "fail"
            case Warned(warned=key):
                return state.statuses.get(key) == "warn"
            case StatusIn(status=key, in_=wanted):
                return state.statuses.get(key) in wanted
            case FactTest(fact=name):
                if name in state.facts:
                    return _fact_holds(condition, state.facts)
                return state.atoms[condition.model_dump_json()]
            case AnyOf(any=members):
                return any(self._holds(member, state) for member in members)
            case AllOf(all=members):
                return all(self._holds(member, state) for member in members)
            case Not(not_=inner):
                return not self._holds(inner, state)
        raise TypeError(f"not a condition: {condition!r}")

    def _moved(self, state: _State, goto: str, flow_id: str) -> _State:
        return self._moved_to(state, _split(goto, flow_id))

    def _moved_to(self, state: _State, target: NodeRef) -> _State:
        state.ref = target
        state.path = state.path + (target,)
        # Forget what no later condition or assertion reads: the same node reached with the
        # same live knowledge is one state, however it got there.
        keys = self.live_keys.get(target, frozenset())
        facts = self.live_facts.get(target, frozenset())
        state.statuses = {k: v for k, v in state.statuses.items() if k in keys}
        state.facts = {k: v for k, v in state.facts.items() if k in facts}
        state.atoms = {a: v for a, v in state.atoms.items() if _atom_fact(a) in facts}
        return state

    def _judge(self, state: _State, node: Node) -> None:
        assert node.resolution is not None
        for key in node.resolution.asserts:
            status = state.statuses.get(key)
            endings = (
                [s for s in self.classes.get(key, list(STATUSES)) if s != "pass"]
                if status == UNDECIDED
                else [status]
            )
            for ending in endings:
                if ending == "pass":
                    continue
                # A status no condition looked at was let through by no route in particular.
                decided = state.decided_at.get(key) if status != UNDECIDED else None
                marker = (state.ref, key, ending)
                if marker not in self.violations:
                    alike: tuple[str, ...] = (
                        self.groups.get(key, {}).get(ending, (ending,)) if ending else ()
                    )
                    self.violations[marker] = Violation(
                        state.ref, key, ending, state.path, decided, alike
                    )


@functools.cache
def _atom_fact(atom: str) -> str:
    return FactTest.model_validate_json(atom).fact


def liveness(
    flows: Mapping[str, Flow],
) -> tuple[
    dict[NodeRef, frozenset[str]], dict[NodeRef, frozenset[str]], dict[NodeRef, frozenset[str]]
]:
    """Per node, what a condition or assertion may still read: the check keys on entry, the
    fact names, and the check keys once the node's own checks have run."""
    uses: dict[NodeRef, set[str]] = {}
    fact_uses: dict[NodeRef, set[str]] = {}
    defs: dict[NodeRef, set[str]] = {}
    succ: dict[NodeRef, list[NodeRef]] = {}
    for flow in flows.values():
        for node_id, node in flow.nodes.items():
            ref = (flow.id, node_id)
            conditions = [route.when for route in node.next if route.when is not None]
            uses[ref] = {k for c in conditions for k, _ in _status_tests(c)}
            if node.resolution is not None:
                uses[ref] |= set(node.resolution.asserts)
            fact_uses[ref] = {_atom_fact(a) for c in conditions for a in _fact_atoms(c)}
            defs[ref] = {call.key for call in node.check_calls}
            targets = [_split(c.goto, flow.id) for c in node.choices]
            targets += [_split(r.goto, flow.id) for r in node.next]
            if node.handoff is not None:
                targets.append(_split(node.handoff.otherwise, flow.id))
                targets += [
                    (f.id, f.applies.entry or f.start)
                    for f in flows.values()
                    if node.handoff.symptom in f.applies.symptoms
                ]
            succ[ref] = targets
    live: dict[NodeRef, frozenset[str]] = {ref: frozenset() for ref in uses}
    live_facts: dict[NodeRef, frozenset[str]] = {ref: frozenset() for ref in uses}
    changed = True
    while changed:
        changed = False
        for ref in uses:
            after = set().union(*(live.get(t, frozenset()) for t in succ[ref]))
            facts_after = set().union(*(live_facts.get(t, frozenset()) for t in succ[ref]))
            keys = frozenset((uses[ref] | after) - defs[ref])
            facts = frozenset(fact_uses[ref] | facts_after)
            if keys != live[ref] or facts != live_facts[ref]:
                live[ref], live_facts[ref] = keys, facts
                changed = True
    return (
        live,
        live_facts,
        {
            ref: frozenset(uses[ref].union(*(live.get(t, frozenset()) for t in succ[ref])))
            for ref in live
        },
    )


def _split(goto: str, flow_id: str) -> NodeRef:
    target_flow, _, node_id = goto.rpartition(":")
    return (target_flow or flow_id, node_id)


def _fact_atoms(condition: object) -> Iterator[str]:
    match condition:
        case FactTest():
            yield condition.model_dump_json()
        case AnyOf(any=members) | AllOf(all=members):
            for member in members:
                yield from _fact_atoms(member)
        case Not(not_=inner):
            yield from _fact_atoms(inner)


def unverified_assertions(
    flows: Mapping[str, Flow], learns: Mapping[str, frozenset[str]]
) -> tuple[list[Violation], bool]:
    """Every route to a resolution that asserts a check it did not pass, from every start.

    `learns` maps a check id to the facts its result may set. The second value is True when
    the proof stopped at MAX_STATES before it was complete.
    """
    prover = _Prover(flows, learns)
    starts = {(flow.id, flow.start) for flow in flows.values() if flow.start in flow.nodes}
    for ref in sorted(starts):
        prover.run(ref)
    found = sorted(prover.violations.values(), key=lambda v: (v.resolution, v.key, v.status or ""))
    return found, prover.exhausted
