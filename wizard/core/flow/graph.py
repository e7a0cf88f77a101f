"""A flow as a diagram source: Mermaid (renders in tickets and Markdown docs) or Graphviz DOT.

Labels are quoted and stripped of the characters each language treats as syntax, so a title
from a user's flow file cannot break out of its label.
"""

from __future__ import annotations

import re

from wizard.core.flow.model import Flow, Node, split_goto
from wizard.core.flow.outline import condition_text, node_order

GRAPH_FORMATS = ("mermaid", "dot")


def flow_graph(flow: Flow, fmt: str = "mermaid") -> str:
    """The diagram of `flow` in `fmt` (one of GRAPH_FORMATS)."""
    if fmt == "dot":
        return _dot(flow)
    return _mermaid(flow)


def _edges(flow: Flow, node: Node) -> list[tuple[str, str]]:
    """(target node key, label) for every way out of a node."""
    edges = [(_target(flow, c.goto), c.label) for c in node.choices]
    edges += [(_target(flow, r.goto), condition_text(r.when)) for r in node.next]
    if node.handoff is not None:
        edges.append((_target(flow, node.handoff.otherwise), "no playbook fits"))
    return edges


def _target(flow: Flow, goto: str) -> str:
    flow_id, node_id = split_goto(goto, flow.id)
    return node_id if flow_id == flow.id else f"{flow_id}:{node_id}"


def _node_label(node_id: str, node: Node) -> str:
    if node.resolution is not None:
        return f"{node_id}: {node.resolution.title}"
    return node_id


def _ordered(flow: Flow) -> list[str]:
    reached, unreached = node_order(flow)
    return reached + unreached


def _mermaid(flow: Flow) -> str:
    ids = _short_ids(flow)
    lines = ["flowchart TD"]
    external: dict[str, str] = {}
    for node_id in _ordered(flow):
        node = flow.nodes[node_id]
        label = _mermaid_text(_node_label(node_id, node))
        shape = f'(["{label}"])' if node.resolution is not None else f'["{label}"]'
        lines.append(f"  {ids[node_id]}{shape}")
    for node_id in _ordered(flow):
        for target, label in _edges(flow, flow.nodes[node_id]):
            if target not in ids:
                external.setdefault(target, f"x{len(external)}")
            key = ids.get(target) or external[target]
            lines.append(f'  {ids[node_id]} -->|"{_mermaid_text(label)}"| {key}')
    for target, key in external.items():
        lines.append(f'  {key}[["{_mermaid_text(target)}"]]')
    return "\n".join(lines) + "\n"


def _dot(flow: Flow) -> str:
    lines = [f"digraph {_dot_text(flow.id)} {{", "  rankdir=TB;", "  node [shape=box];"]
    for node_id in _ordered(flow):
        node = flow.nodes[node_id]
        shape = ", shape=doubleoctagon" if node.resolution is not None else ""
        lines.append(
            f"  {_dot_text(node_id)} [label={_dot_text(_node_label(node_id, node))}{shape}];"
        )
    for node_id in _ordered(flow):
        for target, label in _edges(flow, flow.nodes[node_id]):
            lines.append(
                f"  {_dot_text(node_id)} -> {_dot_text(target)} [label={_dot_text(label)}];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _short_ids(flow: Flow) -> dict[str, str]:
    # Mermaid ids may not contain '-' reliably (it reads '--' as an edge): number the nodes.
    return {node_id: f"n{index}" for index, node_id in enumerate(_ordered(flow))}


def _mermaid_text(text: str) -> str:
    # Inside a quoted Mermaid label, '"' ends the label and '|' ends an edge label.
    return re.sub(r'["|<>`]', "'", " ".join(text.split()))


def _dot_text(text: str) -> str:
    escaped = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
