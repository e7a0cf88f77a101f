"""'I have a token': paste it (or a trace, a HAR, a log line, a file path), start what fits."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea
from textual.worker import Worker, WorkerState

from wizard.core.flow.model import Flow
from wizard.core.flow.suggest import Suggestion, suggest_flow

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


class TokenPasteArea(TextArea):
    BINDINGS = [Binding("ctrl+enter,alt+enter,ctrl+j", "read", "Read", priority=True)]

    def action_read(self) -> None:
        self.screen.read_token()  # type: ignore[attr-defined]


class PasteTokenScreen(ModalScreen[tuple[str, dict[str, str]] | None]):
    """Dismissed with (flow id, facts to start it with), or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, flows: Mapping[str, Flow]) -> None:
        super().__init__()
        self.flows = flows
        self.suggestion: Suggestion | None = None
        self.evidence_start: tuple[str, dict[str, str]] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog paste"):
            yield Static("I have a token", classes="dialog-title")
            yield Static(
                "Paste the token the API rejects ('Bearer ', quotes and line breaks are "
                "fine), or a curl -v trace, a WWW-Authenticate header, a log line, an Okta "
                "export, or the path of a HAR file. It stays on this machine; tokens are never "
                "shown in full."
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
        self.evidence_start = None
        path = _file_named(text)
        if path is not None:
            self.read_file(path)  # in a worker: a 200 MB HAR takes seconds to read
            return
        report = self.ingested(text)
        if report is not None:
            self.show_evidence(report, summary, start)
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
        summary.display = True
        summary.scroll_visible(animate=False)
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

    def show_evidence(self, report: IngestReport, summary: Static, start: Button) -> None:
        """What was recognised, a few facts (credentials masked) and the step to open."""
        from wizard.core.ingest import scrub_shown, shown_value

        evidence = report.evidence
        if not evidence.recognised:
            start.disabled = True
            summary.update(Text(report.to_text()))
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
            start.focus()
        # Text, not markup: the values come from the paste.
        summary.update(Text(scrub_shown("\n".join(lines), evidence.secrets)))
        summary.scroll_visible(animate=False)

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
        elif event.button.id == "token-start" and self.evidence_start is not None:
            self.dismiss(self.evidence_start)
        elif event.button.id == "token-start" and self.suggestion is not None:
            text = self.query_one("#token-text", TextArea).text
            self.dismiss((self.suggestion.flow_id, {"token": text}))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
