"""The save dialog: where the transcript goes, and what it leaves out, chosen before writing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static


@dataclass(frozen=True)
class SaveChoice:
    """What the user chose in the save dialog."""

    folder: Path
    redact_pii: bool
    final_path: bool


class SaveDialog(ModalScreen[SaveChoice | None]):
    """Folder (the default shown, editable), pseudonyms for personal data, final path only."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: Path, *, taken_back: bool = False) -> None:
        super().__init__()
        self.folder = folder
        # Offered only when there is something taken back to leave out.
        self.taken_back = taken_back

    def compose(self) -> ComposeResult:
        # It fits 80x24 with every option offered; a smaller terminal scrolls to Save, which has
        # the focus, rather than cutting the buttons off.
        with VerticalScroll(classes="dialog save"):
            yield Static("Save the transcript", classes="dialog-title")
            yield Static("Folder (a Markdown file for the ticket and a JSON file beside it):")
            yield Input(str(self.folder), id="save-folder")
            yield Checkbox(
                # Short enough for an 80-column dialog: a checkbox label does not wrap.
                "Pseudonyms for names and e-mails ([user 1], [email 1])",
                id="save-redact",
            )
            if self.taken_back:
                yield Checkbox("Leave out the steps taken back (final path only)", id="save-final")
            # One line at 80 columns: a second would push the buttons out of a 24-row terminal.
            yield Static(
                "Tokens: decoded, with a fingerprint, never raw. Secrets: never.", classes="hint"
            )
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save-ok")
                yield Button("Cancel", id="save-cancel")

    def on_mount(self) -> None:
        self.query_one("#save-ok", Button).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save-ok":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        typed = self.query_one("#save-folder", Input).value.strip()
        folder = Path(typed).expanduser() if typed else self.folder
        final = self.query(Checkbox).filter("#save-final")
        self.dismiss(
            SaveChoice(
                folder=folder,
                redact_pii=self.query_one("#save-redact", Checkbox).value,
                final_path=bool(final) and final.first(Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
