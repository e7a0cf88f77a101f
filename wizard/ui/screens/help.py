"""The keys, all on one page (F1 or ?)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

KEYS: tuple[tuple[str, str], ...] = (
    ("1-9", "pick a choice by its number"),
    ("enter", "send a one-line answer"),
    (
        "ctrl+j / ctrl+enter",
        "send a pasted token or snippet, in every token box (I have a token: the first "
        "press reads it, the next starts what it shows); enter adds a line",
    ),
    ("→", "accept the suggested file path"),
    ("ctrl+z / alt+left", "back: undo the last answer"),
    ("ctrl+r", "restart the flow"),
    ("escape", "cancel the checks that are running; with none running, back to home"),
    ("ctrl+s", "save the transcript (Markdown + JSON; each save makes new files)"),
    ("tab", "on the home screen: reach the recent sessions (enter resumes one)"),
    ("ctrl+t", "token inspector (on the home screen: I have a token)"),
    ("ctrl+b / F2", "show or hide the side panel (it folds away below 100 columns)"),
    ("page up / down", "scroll the conversation (or the mouse wheel)"),
    ("tab / shift+tab", "move through the cards: enter opens a card's Evidence"),
    ("ctrl+p", "command palette (every action, and 'theme' for light/dark)"),
    ("F1 / ?", "this help"),
    ("ctrl+c", "copy the selected text of an answer box or the paste dialog"),
    ("ctrl+q", "quit (sessions are kept: 'wizard resume' lists them)"),
)


class HelpScreen(ModalScreen[None]):
    """Every key the wizard answers to."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold")
        table.add_column()
        for keys, what in KEYS:
            table.add_row(keys, what)
        with VerticalScroll(classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(table)
            with Horizontal(classes="buttons help-close"):
                yield Button("Close", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss()
