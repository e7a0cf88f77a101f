"""The side panel: what the session knows, the path it took, how the checks went."""

from __future__ import annotations

import textwrap
from collections import Counter

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from wizard.core.flow.facts import describe_fact
from wizard.core.flow.suggest import decode_token
from wizard.core.session.session import Session
from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.result import STATUS_SYMBOLS, Status


def fact_lines(session: Session) -> list[tuple[str, str]]:
    """Each fact as (name, shown value): tokens with fingerprint, provider, kind; secrets masked."""
    lines = []
    for name, value in sorted(session.facts.items()):
        kind = session.fact_type(name)
        shown = describe_fact(kind, value)
        if kind == "token":
            token = decode_token(value)
            shown = f"{shown} {token.provider} {token.kind} ({token.format})"
        lines.append((name, shown))
    return lines


# The panel's text width under a fact's name: 36 columns, less the border (1), the padding
# (2), the scrollbar a long list of facts brings (2) and the indent (2). Values are wrapped
# here, between words, so a URL is never cut in two; one too long ends in an ellipsis.
PANEL_TEXT = 29


def value_lines(shown: str) -> Text:
    """A fact's value under its name: wrapped between words; a URL whole, as a link."""
    lines = Text()
    for line in textwrap.wrap(
        shown, PANEL_TEXT, break_long_words=False, break_on_hyphens=False
    ) or [""]:
        url = line if line.startswith(("https://", "http://")) and " " not in line else None
        if url:
            lines.append(f"  {line}\n", style=Style(link=url))
            continue
        # Any other long word (a client id, a file's path) is folded: all of it stays readable.
        for part in fold(line):
            lines.append(f"  {part}\n")
    return lines


def fold(word: str, width: int = PANEL_TEXT) -> list[str]:
    """`word` in pieces of at most `width`; a path breaks after a '/', so no folder's or
    file's name is cut in two unless it is longer than the width itself."""
    parts: list[str] = []
    while len(word) > width:
        slash = word.rfind("/", 1, width)  # a leading '/' alone would be no piece
        cut = slash + 1 if slash > 0 else width
        parts.append(word[:cut])
        word = word[cut:]
    return [*parts, word]


class SidePanel(VerticalScroll):
    """Redrawn from the session after its events; never shows a raw credential."""

    # A step brings a dozen events at once (a node entered, its checks started, each result):
    # the panel is redrawn once, after the frame they change, from the session as it is then.
    _session: Session | None = None
    _redraw_pending = False

    def compose(self) -> ComposeResult:
        yield Static("Facts", classes="panel-title")
        yield Static(id="panel-facts")
        yield Static("Path", classes="panel-title")
        yield Static(id="panel-path")
        yield Static("Checks", classes="panel-title")
        yield Static(id="panel-tally")

    def refresh_from(self, session: Session) -> None:
        """Redraw from `session` once the events of this moment are all in."""
        self._session = session
        if not self._redraw_pending:
            self._redraw_pending = True
            self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        self._redraw_pending = False
        if self._session is not None and self.is_attached:
            self.redraw_now(self._session)

    def redraw_now(self, session: Session) -> None:
        assert session.engine is not None
        engine = session.engine
        facts = Text()
        for name, shown in fact_lines(session):
            facts.append(f"{name}\n", style="bold")
            facts.append_text(value_lines(for_terminal(shown)))
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
