"""Asking before unsaved work is lost."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"


class SaveFirstScreen(ModalScreen[str]):
    """'Save this session?' Dismissed with SAVE, DISCARD or CANCEL."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, leaving: str = "quitting", kept_as: str | None = None) -> None:
        super().__init__()
        self.leaving = leaving
        # The id the session is autosaved under, if it is: then nothing is lost either way.
        self.kept_as = kept_as

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static("Save a transcript?", classes="dialog-title")
            if self.kept_as:
                text = (
                    f"The session is kept: 'wizard resume {self.kept_as}' takes it up again. "
                    f"Your latest answers are in no transcript file yet. Write one (Markdown "
                    f"and JSON) before {self.leaving}?"
                )
            else:
                text = (
                    f"You have answers that are not in a saved transcript. Save them before "
                    f"{self.leaving}?"
                )
            yield Static(text)
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="confirm-save")
                yield Button("Don't save", variant="error", id="confirm-discard")
                yield Button("Cancel", id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm-save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = {"confirm-save": SAVE, "confirm-discard": DISCARD}.get(event.button.id or "")
        self.dismiss(choice or CANCEL)

    def action_cancel(self) -> None:
        self.dismiss(CANCEL)


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question before something that cannot be undone; escape means no."""

    BINDINGS = [Binding("escape", "refuse", "Cancel")]

    def __init__(self, title: str, text: str, yes: str, no: str = "Cancel") -> None:
        super().__init__()
        self.question = title
        self.text = text
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, classes="dialog-title")
            yield Static(self.text)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="error", id="confirm-yes")
                yield Button(self.no, variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        # The safe answer has the focus: a stray enter keeps the session.
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_refuse(self) -> None:
        self.dismiss(False)


def start_over_question(answers: int) -> ConfirmScreen:
    """'Start over?' before a restart takes back `answers` answers."""
    plural = "answer" if answers == 1 else "answers"
    return ConfirmScreen(
        "Start over?",
        f"This takes back your {answers} {plural} and every check run since; the transcript "
        "keeps them, marked as superseded.",
        "Start over",
        "Keep going",
    )
