"""A flow read as text: its facts, and each node's questions, checks, routes and ending.

`wizard flows show` prints it, so a tree can be read in a ticket or a review without the
YAML. Nodes come in the order a walk from the start meets them; nodes no walk reaches come
last, marked, so a reader sees them too.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from wizard.core.flow.conditions import (
    AllOf,
    AnyOf,
    FactTest,
    Failed,
    Not,
    Passed,
    StatusIn,
    Warned,
)
from wizard.core.flow.model import Flow, Node, split_goto


def condition_text(condition: object) -> str:
    """A routing condition in words: `token.audience failed`, `server_type = org`."""
    match condition:
        case Passed(passed=key):
            return f"{key} passed"
        case Failed(failed=key):
            return f"{key} failed"
        case Warned(warned=key):
            return f"{key} warned"
        case StatusIn(status=key, in_=wanted):
            return f"{key} is {' or '.join(wanted)}"
        case FactTest():
            return _fact_test_text(condition)
        case AnyOf(any=members):
            return "(" + " or ".join(condition_text(m) for m in members) + ")"
        case AllOf(all=members):
            return "(" + " and ".join(condition_text(m) for m in members) + ")"
        case Not(not_=inner):
            return f"not {condition_text(inner)}"
    return "otherwise"


def _one_line(text: str, limit: int = 160) -> str:
    """The first paragraph of `text` on one line, cut at `limit` characters."""
    first = " ".join(text.strip().split("\n\n")[0].split())
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _fact_test_text(test: FactTest) -> str:
    parts = []
    if test.present is not None:
        parts.append(f"{test.fact} {'is given' if test.present else 'is not given'}")
    if test.equals is not None:
        parts.append(f"{test.fact} = {test.equals}")
    if test.in_ is not None:
        parts.append(f"{test.fact} in [{', '.join(test.in_)}]")
    return " and ".join(parts) or f"{test.fact} is given"


def node_order(flow: Flow) -> tuple[list[str], list[str]]:
    """(nodes a walk from the start reaches, in the order met; the others, in file order)."""
    seen: list[str] = []
    queue = deque([flow.start])
    while queue:
        node_id = queue.popleft()
        if node_id in seen or node_id not in flow.nodes:
            continue
        seen.append(node_id)
        for target_flow, target in local_targets(flow, flow.nodes[node_id]):
            if target_flow == flow.id:
                queue.append(target)
    return seen, [n for n in flow.nodes if n not in seen]


def local_targets(flow: Flow, node: Node) -> Iterator[tuple[str, str]]:
    """Every (flow, node) a node may go to, in the order the node lists them."""
    for choice in node.choices:
        yield split_goto(choice.goto, flow.id)
    for route in node.next:
        yield split_goto(route.goto, flow.id)
    if node.handoff is not None:
        yield split_goto(node.handoff.otherwise, flow.id)


def flow_outline(flow: Flow) -> list[str]:
    """The lines of `wizard flows show FLOW`."""
    lines = [f"{flow.id}: {flow.title}"]
    lines += [f"  {line}" for line in flow.description.strip().splitlines()]
    lines.append(f"  starts at: {flow.start}")
    if flow.facts:
        lines.append("")
        lines.append("facts:")
        for name, spec in flow.facts.items():
            optional = ", optional" if spec.optional else ""
            lines.append(f"  {name} ({spec.type}{optional}): {_one_line(spec.prompt)}")
    reached, unreached = node_order(flow)
    for node_id in reached:
        lines.append("")
        lines += _node_lines(flow, node_id)
    for node_id in unreached:
        lines.append("")
        lines += _node_lines(flow, node_id, note=" (no walk from the start reaches it)")
    return lines


def fit_outline(lines: list[str], width: int) -> list[str]:
    """The outline fitted to a terminal `width`: a long line goes on under its own indent
    plus four, never split inside a word (a URL, a node id)."""
    import textwrap  # deferred: only a terminal wraps

    fitted: list[str] = []
    for line in lines:
        if len(line) <= width:
            fitted.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        fitted += textwrap.wrap(
            line.strip(),
            width=max(width, len(lead) + 24),
            initial_indent=lead,
            subsequent_indent=lead + "    ",
            break_long_words=False,
            break_on_hyphens=False,
        ) or [line]
    return fitted


def _node_lines(flow: Flow, node_id: str, note: str = "") -> list[str]:
    node = flow.nodes[node_id]
    kind = "resolution" if node.resolution is not None else "node"
    lines = [f"{kind} {node_id}{note}"]
    if node.say.strip():
        lines.append(f"  says: {_one_line(node.say)}")
    if node.ask:
        lines.append(f"  asks: {', '.join(node.ask)}")
    for call in node.check_calls:
        given = ", ".join(f"{k}={v}" for k, v in call.with_.items())
        alias = f" as {call.as_}" if call.as_ else ""
        lines.append(f"  checks: {call.id}{alias}" + (f" with {given}" if given else ""))
    for choice in node.choices:
        sets = ", ".join(f"{k}={v}" for k, v in choice.set.items())
        lines.append(
            f"  choice '{choice.label}' ({choice.answer}) -> {choice.goto}"
            + (f" [sets {sets}]" if sets else "")
        )
    for route in node.next:
        when = condition_text(route.when) if route.when is not None else None
        lines.append(f"  when {when} -> {route.goto}" if when else f"  otherwise -> {route.goto}")
    if node.handoff is not None:
        lines.append(
            f"  hands off to the playbook for '{node.handoff.symptom}',"
            f" else -> {node.handoff.otherwise}"
        )
    if node.resolution is not None:
        resolution = node.resolution
        lines.append(f"  diagnosis: {resolution.title}")
        lines.append(f"  fix steps: {len(resolution.steps)}, references: {len(resolution.refs)}")
    return lines
