"""'I have a token': paste it (or a trace, a HAR, a log line, a file path), start what fits."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Static, TextArea
from textual.worker import Worker, WorkerState

from wizard.core.flow.model import Flow
from wizard.core.flow.suggest import Suggestion, suggest_flow, token_preview
from wizard.core.vocab.display import for_terminal
from wizard.ui.widgets.tokenarea import SEND_KEY_NAMES, TokenArea

# The send key reads a paste first; once its preview shows, the same key starts it.
READ_KEYS_TEXT = f"{SEND_KEY_NAMES} reads it; enter adds a line"
START_KEYS_TEXT = f"{SEND_KEY_NAMES} starts it; enter adds a line"

if TYPE_CHECKING:
    from wizard.core.flow.ingested import IngestReport

# What ingest finds in a bare token paste: those keep the token suggestion below.
TOKEN_KINDS = frozenset({"jwt", "jwe", "opaque-token", "authorization-header"})
# The worker group that reads a file named in the paste box.
READING = "paste-file"


def _file_named(text: str) -> Path | None:
    """The file a one-line paste names, or None (a token is no file name, and may be too long
    to be one: any error asking the file system means "not a file")."""
    candidate = text.strip()
    if not candidate or "\n" in candidate or len(candidate) > 4096:
        return None
    try:
        path = Path(candidate).expanduser()
        return path if path.is_file() else None
    except (OSError, ValueError, RuntimeError):
        return None


def read_file_report(path: Path, flows: Mapping[str, Flow]) -> IngestReport | str:
    """What ingest makes of the file at `path`, or why it cannot be read (run in a thread)."""
    from wizard.core.flow.ingested import ingest_report
    from wizard.core.ingest import ingest_path

    try:
        evidence = ingest_path(path)
    except OSError as exc:
        # The name only: what was pasted may be a token that happens to name nothing.
        return f"Cannot read {path.name}: {exc.strerror or 'the file could not be read'}"
    return ingest_report(evidence, flows=flows)


# The share of the screen a dialog may take (app.tcss's `.dialog` max-height).
DIALOG_SHARE = 0.9

# How long the paste must rest before it is read for the preview: a typed token is read once
# the typing pauses, not at every key.
PREVIEW_DELAY = 0.25


class PreviewPane(VerticalScroll):
    """The decoded preview under the paste box. It scrolls on its own and takes no more rows
    than the dialog has left under the box and the buttons, so that the dialog never
    scrolls them out of view (at 80x24 too)."""

    def on_resize(self) -> None:
        # Laid out (shown, or the screen changed): now its place in the dialog is known.
        self.fit()

    def fit(self) -> None:
        dialog = self.parent
        if not self.display or not isinstance(dialog, VerticalScroll):
            return
        # Its place in the dialog's content, not on screen: scrolled out of view, it has
        # no region on screen.
        above = self.virtual_region.y + dialog.styles.gutter.top
        # The dialog's own limit (its max-height: 90% of the screen) less its bottom edge.
        room = int(self.screen.size.height * DIALOG_SHARE) - above - dialog.styles.gutter.bottom
        self.styles.max_height = max(3, room)


class PasteTokenScreen(ModalScreen[tuple[str, dict[str, str]] | None]):
    """Dismissed with (flow id, facts to start it with), or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, flows: Mapping[str, Flow], *, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__()
        self.flows = flows
        self.clock = clock
        self.suggestion: Suggestion | None = None
        # The paste the preview shows (the send key starts it only once it has been shown).
        self.previewed: str | None = None
        self.evidence_start: tuple[str, dict[str, str]] | None = None
        self.preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog paste"):
            yield Static("I have a token", classes="dialog-title")
            yield Static(
                "Paste the token the API rejects ('Bearer ', quotes and line breaks are "
                "fine), or a curl -v trace, a WWW-Authenticate header, a log line, an Okta "
                "export, or the path of a HAR file. It stays on this machine; tokens are never "
                "shown, only what they say.",
                classes="intro",
            )
            area = TokenArea(soft_wrap=True, id="token-text", placeholder="eyJ…")
            area.cursor_blink = getattr(self.app, "blink", True)
            yield area
            with Horizontal(classes="buttons"):
                yield Button("Read token", variant="primary", id="token-read")
                yield Button("Start", variant="success", id="token-start", disabled=True)
                yield Button("Cancel", id="token-cancel")
            yield Static(Text(READ_KEYS_TEXT, style="dim"), id="token-keys")
            # The preview scrolls on its own, under the box: the box stays in view.
            with PreviewPane(id="token-preview"):
                yield Static("", id="token-summary")

    def on_mount(self) -> None:
        self.query_one(PreviewPane).display = False
        self.query_one("#token-text", TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Read a pasted token as soon as the paste rests; a file is read only when asked."""
        if self.preview_timer is not None:
            self.preview_timer.stop()
        text = event.text_area.text
        self.show_send_key()  # changed since its preview: the send key reads it again
        if text.strip() and _file_named(text) is None:
            self.preview_timer = self.set_timer(
                PREVIEW_DELAY, lambda: self.read_token(move_focus=False)
            )

    def on_token_area_sent(self, event: TokenArea.Sent) -> None:
        """The send key starts what the preview shows, as it sends in a session's token box;
        a paste not yet read (or changed since) is read first, so nothing starts unseen."""
        event.stop()
        text = self.query_one("#token-text", TextArea).text
        start = self.query_one("#token-start", Button)
        if self.previewed == text and not start.disabled:
            self.start_chosen()
        else:
            self.read_token()

    def show_preview(self) -> None:
        """Show the preview under the box; the instructions above it make room (the paste
        has been made). The preview keeps to the rows left (PreviewPane)."""
        self.query_one(".dialog").add_class("-previewing")
        preview = self.query_one(PreviewPane)
        preview.display = True
        preview.scroll_home(animate=False)

    def on_resize(self) -> None:
        self.query_one(PreviewPane).fit()

    def show_send_key(self) -> None:
        """Say on screen what the send key does now: read the paste, or start what it shows."""
        text = self.query_one("#token-text", TextArea).text
        startable = self.previewed == text and not self.query_one("#token-start", Button).disabled
        hint = START_KEYS_TEXT if startable else READ_KEYS_TEXT
        self.query_one("#token-keys", Static).update(Text(hint, style="dim"))

    def read_token(self, *, move_focus: bool = True) -> None:
        """Show what the paste is and what to start; `move_focus` puts the cursor on Start
        (not while the user is still typing)."""
        text = self.query_one("#token-text", TextArea).text
        summary = self.query_one("#token-summary", Static)
        start = self.query_one("#token-start", Button)
        self.show_preview()
        if not text.strip():
            summary.update("Paste a token first.")
            return
        self.evidence_start = None
        self.previewed = text
        path = _file_named(text)
        if path is not None:
            self.read_file(path)  # in a worker: a 200 MB HAR takes seconds to read
            return
        report = self.ingested(text)
        if report is not None:
            self.show_evidence(report, summary, start, move_focus=move_focus)
            return
        suggestion = suggest_flow(text, self.flows)
        token = suggestion.token
        lines = Text()
        lines.append(f"{token.fingerprint}  ", style="bold")
        lines.append(f"{token.format} token\n")
        if token.problem:
            lines.append(f"Could not read it: {token.problem}\n", style="red")
        else:
            # Text, not markup, and inert: every claim may be forged.
            # A value too long for its line goes on under its column, not under the labels.
            # (The dialog's width: the summary itself may not be laid out yet; less its
            # scrollbar and the label column.)
            width = max(20, self.query_one(".dialog").content_size.width - 2 - 11)
            for label, value in token_preview(token, self.clock()):
                lines.append(f"{label:>9}  ", style="dim")
                shown = for_terminal(value, single_line=True)[:200]
                wrapped = textwrap.wrap(shown, width, break_on_hyphens=False) or [""]
                lines.append(("\n" + " " * 11).join(wrapped) + "\n")
        flow = self.flows.get(suggestion.flow_id)
        # The flow's title, as home lists it: its id says little to someone new.
        named = for_terminal(flow.title, single_line=True) if flow else suggestion.flow_id
        lines.append(f"Suggested flow: {named} ({suggestion.reason})")
        if flow is None:
            lines.append("\nThat flow is not installed; cancel and pick one from the list.")
            start.disabled = True
        else:
            start.disabled = False
            start.label = "Start this flow"
            if move_focus:
                start.focus()
        summary.update(lines)
        self.suggestion = suggestion
        self.show_send_key()

    def ingested(self, text: str) -> IngestReport | None:
        """What ingest makes of a paste; None for a bare token (or nothing). A file path is
        read by `read_file`, in a worker."""
        # Deferred: the home screen must start fast; ingest loads only when something is read.
        from wizard.core.flow.ingested import ingest_report
        from wizard.core.ingest import ingest_text

        evidence = ingest_text(text)
        if not {piece.kind for piece in evidence.pieces} - TOKEN_KINDS:
            return None
        return ingest_report(evidence, flows=self.flows)

    def read_file(self, path: Path) -> None:
        """Read and ingest `path` off the UI's thread; escape and every key work meanwhile."""
        summary = self.query_one("#token-summary", Static)
        start = self.query_one("#token-start", Button)
        start.disabled = True
        summary.update(Text(f"Reading {path.name}… (escape cancels)"))
        self.show_send_key()
        self.show_preview()
        self.run_worker(
            partial(read_file_report, path, self.flows),
            name=str(path),
            group=READING,
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != READING or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        summary = self.query_one("#token-summary", Static)
        outcome = worker.result if event.state is WorkerState.SUCCESS else None
        if isinstance(outcome, str) or outcome is None:
            # The file's name and why, never its content (nor an exception's words).
            why = outcome or f"Cannot read {Path(worker.name).name}: reading it failed."
            summary.update(Text(why))
            self.app.notify(why, severity="error", markup=False)
            return
        self.show_evidence(outcome, summary, self.query_one("#token-start", Button))

    def show_evidence(
        self, report: IngestReport, summary: Static, start: Button, *, move_focus: bool = True
    ) -> None:
        """What was recognised, a few facts (credentials masked) and the step to open."""
        from wizard.core.ingest import scrub_shown, shown_value

        evidence = report.evidence
        if not evidence.recognised:
            start.disabled = True
            summary.update(Text(report.to_text()))
            self.show_send_key()
            return
        kinds = ", ".join(dict.fromkeys(piece.kind for piece in evidence.pieces))
        lines = [f"Recognised: {kinds}"]
        for name, fact in list(evidence.facts.items())[:8]:
            lines.append(f"· {name}: {shown_value(name, fact.value)[:90]}")
        step, target = report.step, self.target_of(report)
        if step is None or target is None:
            lines.append("No step fits; cancel and pick a flow from the list.")
            start.disabled = True
        else:
            lines.append(f"Next step: {step.goto} ({step.reason})")
            self.evidence_start = target
            start.disabled = False
            start.label = f"Open {step.goto}"
            if move_focus:
                start.focus()
        # Text, not markup: the values come from the paste.
        summary.update(Text(scrub_shown("\n".join(lines), evidence.secrets)))
        self.show_send_key()

    def target_of(self, report: IngestReport) -> tuple[str, dict[str, str]] | None:
        """The flow to start and its facts: the step's flow at its start, else the evidence
        flow, whose start node goes to the step."""
        from wizard.core.flow.ingested import EVIDENCE_FLOW

        step, facts = report.step, report.flow_facts()
        if step is None or step.flow not in self.flows:
            return None
        if step.node == self.flows[step.flow].start:
            return step.flow, facts
        return (EVIDENCE_FLOW, facts) if EVIDENCE_FLOW in self.flows else None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "token-read":
            self.read_token()
        elif event.button.id == "token-start":
            self.start_chosen()
        else:
            self.dismiss(None)

    def start_chosen(self) -> None:
        """Start what the preview suggests: the evidence's step, else the token's flow."""
        if self.evidence_start is not None:
            self.dismiss(self.evidence_start)
        elif self.suggestion is not None:
            text = self.query_one("#token-text", TextArea).text
            self.dismiss((self.suggestion.flow_id, {"token": text}))

    def action_cancel(self) -> None:
        self.dismiss(None)
