"""Where a flow's gotos lead, and which nodes of all loaded flows can be reached and can end.

A goto or a handoff may lead into another flow, so reachability is judged over all of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from wizard.core.flow.loader import LoadedFlow
from wizard.core.flow.model import Flow, Node, NodeRef, split_goto
from wizard.core.flow.problems import Problem


def node_targets(flow: Flow, node: Node) -> Iterator[tuple[str, NodeRef]]:
    """(where in the node, target) for every goto of a node."""
    for index, choice in enumerate(node.choices):
        yield f"choices[{index}].goto", split_goto(choice.goto, flow.id)
    for index, route in enumerate(node.next):
        yield f"next[{index}].goto", split_goto(route.goto, flow.id)
    if node.handoff is not None:
        yield "handoff.otherwise", split_goto(node.handoff.otherwise, flow.id)


def handoff_targets(flows: Mapping[str, Flow], node: Node) -> list[NodeRef]:
    """The entry node of every flow a handoff node may open (those declaring its symptom)."""
    if node.handoff is None:
        return []
    symptom = node.handoff.symptom
    return [
        (flow.id, flow.applies.entry or flow.start)
        for flow in flows.values()
        if symptom in flow.applies.symptoms
    ]


def reachability_problems(flows: Mapping[str, LoadedFlow]) -> list[Problem]:
    """Nodes no goto leads to, and cycles from which no resolution can be reached."""
    edges: dict[NodeRef, list[NodeRef]] = {}
    ends: set[NodeRef] = set()
    existing = _all_refs(flows)
    all_flows = {flow_id: loaded.flow for flow_id, loaded in flows.items()}
    for flow_id, loaded in flows.items():
        for node_id, node in loaded.flow.nodes.items():
            ref = (flow_id, node_id)
            targets = [target for _, target in node_targets(loaded.flow, node)]
            targets += handoff_targets(all_flows, node)
            edges[ref] = [target for target in targets if target in existing]
            if node.resolution is not None:
                ends.add(ref)
    starts = [(fid, lf.flow.start) for fid, lf in flows.items() if lf.flow.start in lf.flow.nodes]
    reachable = _closure(starts, edges)
    reverse: dict[NodeRef, list[NodeRef]] = {ref: [] for ref in edges}
    for origin, targets in edges.items():
        for target in targets:
            reverse[target].append(origin)
    can_end = _closure(list(ends), reverse)

    problems: list[Problem] = []
    for (flow_id, node_id), targets in edges.items():
        source = flows[flow_id].source
        path = ("nodes", node_id)
        if (flow_id, node_id) not in reachable:
            problems.append(
                source.problem(path, f"nodes.{node_id}", "unreachable: no goto leads here")
            )
        elif (flow_id, node_id) not in can_end and targets:
            in_cycle = (flow_id, node_id) in _closure(targets, edges)
            if in_cycle:
                problems.append(
                    source.problem(
                        path,
                        f"nodes.{node_id}",
                        "a cycle with no way out: no resolution can be reached from here",
                    )
                )
    return problems


def _all_refs(flows: Mapping[str, LoadedFlow]) -> set[NodeRef]:
    return {(fid, nid) for fid, lf in flows.items() for nid in lf.flow.nodes}


def _closure(starts: list[NodeRef], edges: Mapping[NodeRef, list[NodeRef]]) -> set[NodeRef]:
    seen: set[NodeRef] = set()
    stack = list(starts)
    while stack:
        ref = stack.pop()
        if ref in seen:
            continue
        seen.add(ref)
        stack.extend(edges.get(ref, ()))
    return seen
