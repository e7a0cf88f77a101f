"""The side panel: what the session knows, the path it took, how the checks went."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from wizard.core.flow.engine import Engine
from wizard.core.flow.facts import describe_fact, fact_type_of
from wizard.core.flow.suggest import decode_token
from wizard.core.vocab.result import STATUS_SYMBOLS, Status


def fact_lines(engine: Engine) -> list[tuple[str, str]]:
    """Each fact as (name, shown value): tokens with fingerprint, provider, kind; secrets masked."""
    lines = []
    for name, value in sorted(engine.facts.items()):
        spec = engine.fact_spec(name)
        kind = fact_type_of(name, spec.type if spec else "text")
        shown = describe_fact(kind, value, name)
        if kind == "token":
            token = decode_token(value)
            shown = f"{shown} {token.provider} {token.kind} ({token.format})"
        lines.append((name, shown))
    return lines


class SidePanel(VerticalScroll):
    """Redrawn from the engine after every event; never shows a raw credential."""

    def compose(self) -> ComposeResult:
        yield Static("Facts", classes="panel-title")
        yield Static(id="panel-facts")
        yield Static("Path", classes="panel-title")
        yield Static(id="panel-path")
        yield Static("Checks", classes="panel-title")
        yield Static(id="panel-tally")

    def refresh_from(self, engine: Engine) -> None:
        facts = Text()
        for name, shown in fact_lines(engine):
            facts.append(f"{name}", style="bold")
            facts.append(f"\n  {shown}\n")
        self.query_one("#panel-facts", Static).update(facts or Text("(none yet)", style="dim"))
        path = Text()
        for n, (flow_id, node_id) in enumerate(engine.state.path, start=1):
            where = node_id if flow_id == engine.state.path[0][0] else f"{flow_id}:{node_id}"
            path.append(f"{n}. {where}\n")
        self.query_one("#panel-path", Static).update(path)
        tally = Counter(result.status for result in engine.results.values())
        summary = Text()
        for status in Status:
            if tally[status]:
                summary.append(f"{STATUS_SYMBOLS[status]} {status} {tally[status]}  ")
        self.query_one("#panel-tally", Static).update(summary or Text("(none run)", style="dim"))
