"""Graph validation: every goto lands, every reference is known, every path can end.

Runs over all loaded flows at once, because a goto may name a node of another flow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wizard.core.checks.registry import CheckSpec
from wizard.core.flow.assertions import Violation, unverified_assertions
from wizard.core.flow.conditions import (
    AllOf,
    AnyOf,
    Failed,
    Not,
    StatusIn,
    referenced_checks,
    referenced_facts,
)
from wizard.core.flow.loader import LoadedFlow
from wizard.core.flow.model import FACT_REFERENCE, CheckCall, Flow, Node, NodeRef
from wizard.core.flow.problems import Problem, did_you_mean
from wizard.core.flow.reachability import node_targets, reachability_problems
from wizard.core.vocab.redaction import is_credential_name


@dataclass
class _FlowChecker:
    loaded: LoadedFlow
    flows: Mapping[str, LoadedFlow]
    registry: Mapping[str, CheckSpec]
    known_facts: set[str]
    known_check_keys: set[str]

    def __post_init__(self) -> None:
        self.problems: list[Problem] = []

    @property
    def flow(self) -> Flow:
        return self.loaded.flow

    def report(self, path: tuple[str | int, ...], text: str, message: str) -> None:
        self.problems.append(self.loaded.source.problem(path, text, message))

    def run(self) -> list[Problem]:
        flow = self.flow
        if flow.start not in flow.nodes:
            self.report(
                ("start",), "start", f"no node '{flow.start}'{did_you_mean(flow.start, flow.nodes)}"
            )
        entry = flow.applies.entry
        if entry is not None and entry not in flow.nodes:
            self.report(
                ("applies", "entry"),
                "applies.entry",
                f"no node '{entry}'{did_you_mean(entry, flow.nodes)}",
            )
        for node_id, node in flow.nodes.items():
            self._check_node(node_id, node)
        return self.problems

    def _check_node(self, node_id: str, node: Node) -> None:
        base = ("nodes", node_id)
        where = f"nodes.{node_id}"
        self._check_text(base + ("say",), f"{where}.say", node.say)
        for index, name in enumerate(node.ask):
            if name not in self.flow.facts:
                hint = did_you_mean(name, self.flow.facts)
                self.report(
                    base + ("ask", index),
                    f"{where}.ask[{index}]",
                    f"no fact '{name}' is declared under facts{hint}",
                )
        for index, call in enumerate(node.check_calls):
            self._check_call(base + ("checks", index), f"{where}.checks[{index}]", call)
        for label, (flow_id, target) in node_targets(self.flow, node):
            self._check_goto(base, where, label, flow_id, target)
        for index, route in enumerate(node.next):
            if route.when is not None:
                self._check_condition(
                    base + ("next", index, "when"), f"{where}.next[{index}].when", route.when
                )
        if node.handoff is not None:
            self._check_handoff(base, where, node)
        elif node.resolution is not None:
            res = node.resolution
            if node.choices or node.next:
                self.report(
                    base, where, "a resolution ends the flow: it cannot also have choices or next"
                )
            self._check_text(
                base + ("resolution",),
                f"{where}.resolution",
                res.title,
                res.explanation,
                *res.steps,
            )
            for field_name, keys in (("asserts", res.asserts), ("rests_on", res.rests_on)):
                for index, key in enumerate(keys):
                    if key not in self.known_check_keys:
                        hint = did_you_mean(key, self.known_check_keys)
                        self.report(
                            base + ("resolution", field_name, index),
                            f"{where}.resolution.{field_name}[{index}]",
                            f"no check or alias '{key}'{hint}",
                        )
        elif node.choices and node.next:
            self.report(
                base, where, "has both choices and next: the user's choice decides, so drop next"
            )
        elif not node.choices and not node.next:
            self.report(base, where, "dead end: a node needs choices, next or a resolution")
        elif node.next and node.next[-1].when is not None:
            self.report(
                base + ("next",),
                f"{where}.next",
                "the last route has a 'when': add a final route with only 'goto', "
                "so the flow goes on when no condition holds",
            )

    def _check_handoff(self, base: tuple[str, ...], where: str, node: Node) -> None:
        if node.choices or node.next or node.resolution is not None:
            self.report(
                base,
                where,
                "a handoff decides where to go: it cannot also have choices, next or a resolution",
            )
        assert node.handoff is not None
        symptom = node.handoff.symptom
        declared = {s for lf in self.flows.values() for s in lf.flow.applies.symptoms}
        if symptom not in declared:
            self.report(
                base + ("handoff", "symptom"),
                f"{where}.handoff.symptom",
                f"no flow declares the symptom '{symptom}' under applies.symptoms"
                f"{did_you_mean(symptom, declared)}",
            )

    def _check_goto(
        self, base: tuple[str, ...], where: str, label: str, flow_id: str, target: str
    ) -> None:
        path = base + tuple(_split_label(label))
        text = f"{where}.{label}"
        if flow_id not in self.flows:
            self.report(path, text, f"no flow '{flow_id}'{did_you_mean(flow_id, self.flows)}")
            return
        nodes = self.flows[flow_id].flow.nodes
        if target not in nodes:
            owner = "" if flow_id == self.flow.id else f" in flow '{flow_id}'"
            self.report(path, text, f"no node '{target}'{owner}{did_you_mean(target, nodes)}")

    def _check_call(self, path: tuple[str | int, ...], where: str, call: CheckCall) -> None:
        spec = self.registry.get(call.id)
        if spec is None:
            self.report(path, where, f"no check '{call.id}'{did_you_mean(call.id, self.registry)}")
            return
        for name, value in call.with_.items():
            if name not in spec.inputs:
                hint = did_you_mean(name, spec.inputs)
                accepted = ", ".join(spec.inputs) or "none"
                self.report(
                    path + ("with", name),
                    f"{where}.with.{name}",
                    f"check '{spec.id}' has no input '{name}'{hint}; it accepts: {accepted}",
                )
            self._check_text(path + ("with", name), f"{where}.with.{name}", value)
            self._check_credential_use(path + ("with", name), f"{where}.with.{name}", name, value)

    def _check_credential_use(
        self, path: tuple[str | int, ...], where: str, name: str, value: str
    ) -> None:
        """A token or secret may go whole into a credential input, never into other text.

        Interpolated into a URL (`resource_url: "https://x/?t={token}"`) it would travel in a
        query string to whatever host the template names, and land in that server's logs.
        """
        for match in FACT_REFERENCE.finditer(value):
            fact = match.group(1)
            if not self._is_secret_fact(fact):
                continue
            if value.strip() == match.group(0) and is_credential_name(name):
                continue
            self.report(
                path,
                where,
                f"'{value}' puts the secret fact '{fact}' into '{name}'; a token or secret may "
                "only be passed whole to a credential input (such as token or client_secret), "
                "never into a URL or other text",
            )

    def _is_secret_fact(self, fact: str) -> bool:
        spec = self.flow.facts.get(fact)
        if spec is not None and spec.type in ("token", "secret"):
            return True
        return is_credential_name(fact)

    def _check_condition(self, path: tuple[str | int, ...], where: str, condition: object) -> None:
        for key in referenced_checks(condition):
            if key not in self.known_check_keys:
                self.report(
                    path,
                    where,
                    f"no check or alias '{key}'{did_you_mean(key, self.known_check_keys)}",
                )
        for name in referenced_facts(condition):
            if name not in self.known_facts:
                self.report(
                    path, where, f"unknown fact '{name}'{did_you_mean(name, self.known_facts)}"
                )

    def _check_text(self, path: tuple[str | int, ...], where: str, *texts: str) -> None:
        for text in texts:
            for match in FACT_REFERENCE.finditer(text):
                name = match.group(1)
                if name not in self.known_facts:
                    self.report(
                        path,
                        where,
                        f"unknown fact '{{{name}}}'{did_you_mean(name, self.known_facts)}",
                    )


def _split_label(label: str) -> list[str | int]:
    # "choices[2].goto" -> ["choices", 2, "goto"]; "handoff.otherwise" -> ["handoff", "otherwise"]
    if "[" not in label:
        return list(label.split("."))
    head, _, rest = label.partition("[")
    index, _, tail = rest.partition("].")
    return [head, int(index), tail]


def validate_flows(
    flows: Mapping[str, LoadedFlow], registry: Mapping[str, CheckSpec]
) -> list[Problem]:
    """Every problem of the graph formed by `flows`, each located in its file."""
    learned = {fact for spec in registry.values() for fact in spec.learns}
    chosen = {
        fact
        for loaded in flows.values()
        for node in loaded.flow.nodes.values()
        for choice in node.choices
        for fact in choice.set
    }
    check_keys = set(registry) | {
        call.key
        for loaded in flows.values()
        for node in loaded.flow.nodes.values()
        for call in node.check_calls
    }
    problems: list[Problem] = []
    for loaded in flows.values():
        known_facts = set(loaded.flow.facts) | learned | chosen
        problems += _FlowChecker(loaded, flows, registry, known_facts, check_keys).run()
    problems += reachability_problems(flows)
    problems += _assertion_problems(flows, registry)
    return problems


def _assertion_problems(
    flows: Mapping[str, LoadedFlow], registry: Mapping[str, CheckSpec]
) -> list[Problem]:
    """A resolution reachable while a check it asserts did not pass (see flow.assertions)."""
    learns = {spec.id: frozenset(spec.learns) for spec in registry.values()}
    found, exhausted = unverified_assertions(
        {flow_id: loaded.flow for flow_id, loaded in flows.items()}, learns
    )
    problems = [_violation_problem(flows, violation) for violation in found]
    if exhausted:
        first = next(iter(flows.values()), None)
        if first is not None:
            problems.append(
                first.source.problem(
                    (), "", "the flows have too many routes to prove what resolutions assert"
                )
            )
    return problems


def _violation_problem(flows: Mapping[str, LoadedFlow], violation: Violation) -> Problem:
    res_flow, res_node = violation.resolution
    alike = violation.alike or ((violation.status,) if violation.status else ())
    outcome = "was never run" if violation.status is None else "ended " + " or ".join(alike)
    route = " -> ".join(
        node if flow == res_flow else f"{flow}:{node}" for flow, node in violation.path[-10:]
    )
    target = f"'{res_flow}:{res_node}'"
    decided = violation.decided_at
    if decided is not None and _routes_on_failure(flows, decided, violation.key):
        flow_id, node_id = decided
        return flows[flow_id].source.problem(
            ("nodes", node_id, "next"),
            f"nodes.{node_id}.next",
            f"routes on the failure of '{violation.key}', but when it {outcome} the flow goes "
            f"on to {target}, whose resolution asserts it passed (route: {route})",
        )
    index = flows[res_flow].flow.nodes[res_node].resolution.asserts.index(violation.key)  # type: ignore[union-attr]
    return flows[res_flow].source.problem(
        ("nodes", res_node, "resolution", "asserts", index),
        f"nodes.{res_node}.resolution.asserts[{index}]",
        f"asserts '{violation.key}' passed, but it can be reached when it {outcome} "
        f"(route: {route})",
    )


def _routes_on_failure(flows: Mapping[str, LoadedFlow], ref: NodeRef, key: str) -> bool:
    node = flows[ref[0]].flow.nodes[ref[1]]
    return any(route.when is not None and _names_failure(route.when, key) for route in node.next)


def _names_failure(condition: object, key: str) -> bool:
    match condition:
        case Failed(failed=name):
            return name == key
        case StatusIn(status=name, in_=wanted):
            return name == key and "fail" in wanted
        case AnyOf(any=members) | AllOf(all=members):
            return any(_names_failure(member, key) for member in members)
        case Not(not_=inner):
            return _names_failure(inner, key)
    return False
