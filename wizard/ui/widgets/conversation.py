"""What the conversation shows: one widget per message, card or notice."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Collapsible, Label, LoadingIndicator, Markdown, Static

from wizard.core.flow.alsofound import AlsoFound
from wizard.core.flow.engine import Finished
from wizard.core.vocab.result import CheckResult, Status
from wizard.ui.messages import HomeRequested, RestartRequested, RetryRequested, SaveRequested

# A failing check's fix is always shown; a passing one has nothing to fix.
FIX_SHOWN = (Status.WARN, Status.FAIL, Status.ERROR)


class FlowBanner(Static):
    """Marks where the session entered a flow: its title, as the user knows it (the id is
    the flow file's, kept for the transcript and the tools)."""

    def __init__(self, title: str, flow_id: str) -> None:
        super().__init__(Text(f"── {title or flow_id}", no_wrap=True, overflow="ellipsis"))
        self.flow_id = flow_id


class ResumedBanner(Static):
    """Where a saved session was taken up again: above it, the conversation as it was saved."""

    def __init__(self, session_id: str) -> None:
        text = f"── resumed here: session {session_id} ──"
        super().__init__(Text(text, no_wrap=True, overflow="ellipsis"))


class AssistantMessage(Vertical):
    """Something the wizard says (Markdown), optionally with a smaller hint below."""

    def __init__(self, text: str, hint: str = "") -> None:
        super().__init__()
        self.text = text.strip()
        self.hint = hint.strip()

    def compose(self) -> ComposeResult:
        yield Markdown(self.text)
        if self.hint:
            yield Static(Text(self.hint), classes="hint")


class UserMessage(Horizontal):
    """What the user answered, on the right (credentials arrive already masked); a value the
    wizard found and the user accepted says where it came from, under it."""

    def __init__(self, text: str, source: str = "") -> None:
        super().__init__()
        self.text = text
        self.source = source

    def compose(self) -> ComposeResult:
        shown = Text(self.text)
        if self.source:
            # The label is written for Markdown (`iss`); here it is plain text.
            shown.append(f"\n{self.source.replace('`', '')}", style="dim")
        yield Static(shown)


class ChecksRunning(Horizontal):
    """The spinner shown while a node's checks run."""

    def __init__(self, keys: list[str], titles: Sequence[str] = ()) -> None:
        super().__init__()
        self.keys = keys
        # What the user reads: the checks' titles, as their cards will be headed, not ids.
        self.titles = list(titles) or keys

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        count = len(self.keys)
        noun = "check" if count == 1 else "checks"
        # Text, never markup: a title is the check author's words and may hold a "[".
        # The way out comes first, so a long list that wraps never pushes it out of sight.
        yield Label(Text(f"Running {count} {noun} (escape cancels): {', '.join(self.titles)}"))


def links(heading: str, urls: Sequence[str]) -> Text:
    """One URL a line, never wrapped mid-URL: a line too long is cut with an ellipsis, and
    each stays whole as a terminal hyperlink (OSC 8) where the terminal supports them."""
    text = Text(heading, no_wrap=True, overflow="ellipsis")
    for url in urls:
        text.append("\n  ")
        # Only web addresses become links: a forged ref cannot make a link of another scheme.
        style = Style(link=url) if url.startswith(("https://", "http://")) else Style()
        text.append(url, style=style)
    return text


# A web address inside a card's prose; the punctuation that ends a sentence is not part of it.
_PROSE_URL = re.compile(r"https?://[^\s'\"<>()\[\]]+?(?=[.,;:!?]*(?:[\s'\"<>()\[\]]|$))")


def with_links(text: str) -> Text:
    """`text` with each web address in it a terminal hyperlink (OSC 8): on a card narrower
    than the address, the two halves the wrap leaves still open the whole of it."""
    shown = Text(text)
    for match in _PROSE_URL.finditer(text):
        shown.stylize(Style(link=match.group(0)), match.start(), match.end())
    return shown


def also_found_line(item: AlsoFound) -> str:
    """'✗ Token lifetime (id_token): ... Fix: ...': the check as its card is headed, not its id."""
    symbol = Status(item.status).symbol
    on = f" ({item.token})" if item.token else ""
    fix = f" Fix: {item.fix}" if item.fix else ""
    return f"{symbol} {item.title or item.id}{on}: {item.detail}{fix}"


class ResultCard(Vertical):
    """One check's result: symbol, title, what was found, the fix, the evidence."""

    def __init__(
        self, key: str, result: CheckResult, *, repeats: bool = False, again: bool = False
    ) -> None:
        super().__init__(classes=f"card result -{result.status}")
        # The flow's name for this run of the check: for the transcript and tools, not shown.
        self.key = key
        self.result = result
        # The same check said the same thing in a card above: say so instead of repeating it.
        self.repeats = repeats
        # The same check ran before in this conversation (with other inputs, or retried).
        self.again = again

    def same_as(self, other: CheckResult) -> bool:
        """The same check with the same finding (an error keeps its own card and Retry)."""
        result = self.result
        if other.status is Status.ERROR:
            return False
        return (result.id, result.status, result.detail) == (other.id, other.status, other.detail)

    def compose(self) -> ComposeResult:
        result = self.result
        heading = Text()
        heading.append(f"{result.status.symbol} ", style="bold")
        heading.append(result.title or result.id, style="bold")
        heading.append(f"  {result.status}", style="dim")
        if self.again:
            heading.append("  (run again)", style="dim")
        yield Static(heading, classes="card-title")
        if self.repeats:
            # Other cards may stand between the two: "above", not "just above".
            said = "The same result as when it ran earlier (see its card above)."
            yield Static(Text(said, style="dim"), classes="detail")
            return
        yield Static(with_links(result.detail), classes="detail")
        if result.fix and result.status in FIX_SHOWN:
            yield Static(Text.assemble(("Fix: ", "bold"), with_links(result.fix)), classes="fix")
        if result.refs and result.status in FIX_SHOWN:
            # One reference a line: a URL cut in the middle cannot be clicked or copied.
            yield Static(links("See:", result.refs), classes="refs")
        if result.evidence:
            evidence = json.dumps(result.evidence, indent=2, ensure_ascii=False, default=str)
            with Collapsible(title="Evidence", collapsed=True):
                yield Static(Text(evidence))
        if result.status is Status.ERROR:
            yield Button("Retry", variant="warning", classes="retry")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("retry"):
            event.stop()
            self.post_message(RetryRequested())


class NoticeCard(Vertical):
    """Something went wrong that is not a check's fault: cancelled checks, a stuck flow."""

    def __init__(self, title: str, text: str, *, retry: bool = False) -> None:
        super().__init__(classes="card notice")
        self.title_text = title
        self.text = text
        self.retry = retry

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text, style="bold"), classes="card-title")
        if self.text:
            yield Static(Text(self.text), classes="detail")
        if self.retry:
            yield Button("Retry", variant="warning", classes="retry")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("retry"):
            event.stop()
            self.post_message(RetryRequested())


class ResolutionCard(Vertical):
    """The diagnosis a flow ends with: explanation, numbered steps, references, what next."""

    # The three buttons side by side, with their margins: narrower than this (the side panel
    # brought back at 80 columns), they stand one under the other instead of off the edge.
    BUTTONS_WIDTH = 52

    def __init__(self, finished: Finished) -> None:
        super().__init__(classes="card resolution")
        self.finished = finished

    def on_resize(self) -> None:
        self.set_class(self.content_size.width < self.BUTTONS_WIDTH, "-narrow")

    def compose(self) -> ComposeResult:
        done = self.finished
        yield Static(
            Text.assemble(("Diagnosis: ", "bold"), (done.title, "bold")), classes="card-title"
        )
        if done.explanation:
            yield Markdown(done.explanation)
        steps = "\n".join(f"{n}. {step}" for n, step in enumerate(done.steps, start=1))
        yield Markdown(steps, classes="steps")
        if done.refs:
            yield Static(links("References:", done.refs), classes="refs")
        if done.also_found:
            # Plain Text, never markup: the details quote what tokens and servers said.
            found = Text("Also found (fix these too, in this order):", style="bold")
            for n, item in enumerate(done.also_found, start=1):
                found.append(f"\n{n}. {also_found_line(item)}")
            yield Static(found, classes="also-found")
        with Horizontal(classes="buttons"):
            yield Button("Save transcript", variant="primary", classes="resolution-save")
            yield Button("Start over", classes="resolution-restart")
            yield Button("Back to home", classes="resolution-home")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        for name, message in (
            ("resolution-save", SaveRequested),
            ("resolution-restart", RestartRequested),
            ("resolution-home", HomeRequested),
        ):
            if event.button.has_class(name):
                self.post_message(message())
