"""Asking, once per origin, before a credential goes where nobody confirmed it would.

The core refuses to send a credential to an origin the user did not give (docs/SECURITY.md)
and records the refusal in the session's allow-list. After a step's checks the session
screen hands those refusals to `ask_about_origins`, which asks about each with one key:
yes confirms the origin for this session and runs the checks again, no leaves the check
saying that nothing was sent, and that origin is not asked about again.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.trust import OriginTrust


class OriginScreen(ModalScreen[bool]):
    """'Send the Okta API token to https://dev-123.okta.com? y/n'. Escape means no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Send", show=True),
        Binding("n", "answer(False)", "Don't send", show=True),
        Binding("escape", "answer(False)", "Don't send", show=False),
    ]

    def __init__(self, origin: str, what: str) -> None:
        super().__init__()
        self.origin = origin
        self.what = what

    def compose(self) -> ComposeResult:
        # The origin came from a token, a file or a server: shown as plain, inert text.
        origin, what = for_terminal(self.origin), for_terminal(self.what)
        with Vertical(classes="dialog confirm"):
            yield Static(Content(f"Send {what} to {origin}?"), classes="dialog-title")
            yield Static(
                Content(
                    f"Nobody confirmed {origin} in this session: the address came from a "
                    "token, a file or a server, and anyone can write those. Say yes only if "
                    f"it is yours. y sends it (and anything else this session sends there); "
                    "n keeps it here."
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Send (y)", variant="error", id="origin-yes")
                yield Button("Don't send (n)", variant="primary", id="origin-no")

    def on_mount(self) -> None:
        # The safe answer has the focus: a stray enter sends nothing.
        self.query_one("#origin-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "origin-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def ask_about_origins(
    app: App[object], trust: OriginTrust | None, then: Callable[[bool], object]
) -> bool:
    """Ask about every refused origin not asked about yet; False when there is none.

    `then(confirmed_any)` is called once, after the last answer: with True the caller runs
    the checks again, as at least one refused send may now go.
    """
    pending = trust.unasked() if trust is not None else []
    if trust is None or not pending:
        return False
    confirmed: list[str] = []

    def ask(index: int) -> None:
        origin, what = pending[index]

        def answered(yes: bool | None) -> None:
            if yes:
                trust.confirm(origin)
                confirmed.append(origin)
            else:
                trust.decline(origin)
            if index + 1 < len(pending):
                ask(index + 1)
            else:
                then(bool(confirmed))

        app.push_screen(OriginScreen(origin, what), answered)

    ask(0)
    return True
