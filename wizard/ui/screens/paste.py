"""'I have a token': paste it, see what it is, start the flow that fits."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from wizard.core.flow.model import Flow
from wizard.core.suggest import Suggestion, suggest_flow


class TokenPasteArea(TextArea):
    BINDINGS = [Binding("ctrl+enter,alt+enter,ctrl+j", "read", "Read", priority=True)]

    def action_read(self) -> None:
        self.screen.read_token()  # type: ignore[attr-defined]


class PasteTokenScreen(ModalScreen[tuple[str, str] | None]):
    """Dismissed with (flow id, token text) to start, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, flows: Mapping[str, Flow]) -> None:
        super().__init__()
        self.flows = flows
        self.suggestion: Suggestion | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog paste"):
            yield Static("I have a token", classes="dialog-title")
            yield Static(
                "Paste the token the API rejects ('Bearer ', quotes and line breaks are "
                "fine). It stays on this machine and is never shown in full."
            )
            area = TokenPasteArea(soft_wrap=True, id="token-text", placeholder="eyJ…")
            area.cursor_blink = getattr(self.app, "blink", True)
            yield area
            with Horizontal(classes="buttons"):
                yield Button("Read token", variant="primary", id="token-read")
                yield Button("Start", variant="success", id="token-start", disabled=True)
                yield Button("Cancel", id="token-cancel")
            yield Static(Text("ctrl+j or ctrl+enter reads the token", style="dim"))
            yield Static("", id="token-summary")

    def on_mount(self) -> None:
        self.query_one("#token-summary").display = False
        self.query_one("#token-text", TextArea).focus()

    def read_token(self) -> None:
        text = self.query_one("#token-text", TextArea).text
        summary = self.query_one("#token-summary", Static)
        start = self.query_one("#token-start", Button)
        summary.display = True
        if not text.strip():
            summary.update("Paste a token first.")
            return
        suggestion = suggest_flow(text, self.flows)
        token = suggestion.token
        lines = Text()
        lines.append(f"{token.fingerprint}  ", style="bold")
        lines.append(f"{token.format}, provider {suggestion.provider}, {suggestion.kind} token\n")
        if token.problem:
            lines.append(f"Could not read it: {token.problem}\n", style="red")
        for reason in token.provider_reasons[:2]:
            lines.append(f"· {reason}\n", style="dim")
        lines.append(f"Suggested flow: {suggestion.flow_id} ({suggestion.reason})")
        if suggestion.flow_id not in self.flows:
            lines.append("\nThat flow is not installed; cancel and pick one from the list.")
            start.disabled = True
        else:
            start.disabled = False
            start.label = f"Start {suggestion.flow_id}"
            start.focus()
        summary.update(lines)
        summary.scroll_visible(animate=False)
        self.suggestion = suggestion

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "token-read":
            self.read_token()
        elif event.button.id == "token-start" and self.suggestion is not None:
            text = self.query_one("#token-text", TextArea).text
            self.dismiss((self.suggestion.flow_id, text))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
