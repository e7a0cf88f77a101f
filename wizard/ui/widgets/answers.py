"""The input under the conversation, shaped by what the engine asks for.

A choice gets buttons (and number keys), a text fact a one-line input, a token a multi-line
paste area, a file a path input with completion, a secret a masked input.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea

from wizard.core.flow.engine import AskChoice, AskFact
from wizard.ui.messages import AnswerGiven
from wizard.ui.widgets.paths import PathSuggester
from wizard.ui.widgets.tokenarea import SEND_KEYS_TEXT, TokenArea


class AnswerBox(Vertical):
    """Base of every answer widget: posts AnswerGiven, shows why an answer was refused."""

    DEFAULT_CLASSES = "answer-box"

    def compose_error(self) -> ComposeResult:
        yield Static("", classes="answer-error")

    def show_error(self, message: str) -> None:
        error = self.query_one(".answer-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    # Where the cursor goes: the first widget of this type in the box.
    FOCUSED: ClassVar[type[Widget] | None] = None

    def focus_input(self) -> None:
        """Put the cursor where the answer goes."""
        if self.FOCUSED is None:
            return
        # Maybe nothing is left to focus: the app quit (or the screen moved on) while this
        # box was mounting, and its children are gone.
        for widget in self.query(self.FOCUSED):
            widget.focus()
            return


class ChoiceAnswer(AnswerBox):
    """One button per choice; 1-9 picks by number."""

    FOCUSED = Button

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick({n})", f"choice {n}", show=False) for n in range(1, 10)),
        Binding("up,left", "app.focus_previous", show=False),
        Binding("down,right", "app.focus_next", show=False),
    ]

    def __init__(self, prompt: AskChoice) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="choices"):
            for number, choice in enumerate(self.prompt.choices, start=1):
                label = f"{number}  {choice.label}" if number <= 9 else choice.label
                # Text, not markup: a label may quote JSON or brackets from a log.
                button = Button(Text(label), classes="choice")
                button.choice_value = choice.answer  # type: ignore[attr-defined]
                yield button
        yield Static(Text("Press a number or pick a button.", style="dim"), classes="hint")
        yield from self.compose_error()

    def on_mount(self) -> None:
        self.show_error("")

    def action_pick(self, number: int) -> None:
        if number <= len(self.prompt.choices):
            self.post_message(AnswerGiven(self.prompt.choices[number - 1].answer))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(AnswerGiven(event.button.choice_value))  # type: ignore[attr-defined]


class LineAnswer(AnswerBox):
    """A one-line input: text and URLs, file paths (with completion), masked secrets."""

    FOCUSED = Input

    def __init__(self, prompt: AskFact, *, blink: bool = True) -> None:
        super().__init__()
        self.prompt = prompt
        self.blink = blink

    def compose(self) -> ComposeResult:
        spec = self.prompt.spec
        kind = self.prompt.type
        placeholder = f"e.g. {spec.example}" if spec.example else spec.prompt
        if kind == "secret":
            placeholder = "typed characters are hidden"
        field = Input(
            value=self.prompt.default,
            placeholder=placeholder,
            password=kind == "secret",
            suggester=PathSuggester() if kind == "file" else None,
            classes=f"answer-input -{kind}",
        )
        field.cursor_blink = self.blink
        with Horizontal(classes="answer-row"):
            yield field
            if spec.optional:
                yield Button("Skip", classes="skip")
        hints = {"file": "→ accepts the suggested path; enter sends"}
        hint = hints.get(kind, "enter sends")
        if spec.optional:
            hint += "; empty + enter skips"
        if self.prompt.default:
            # The core found this value itself: say where from, so it is not taken for a fact.
            hint = f"prefilled {self.prompt.default_label}; {hint}"
        yield Static(Text(hint, style="dim"), classes="hint")
        yield from self.compose_error()

    def on_mount(self) -> None:
        self.show_error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(AnswerGiven(event.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(AnswerGiven(""))


class PasteAnswer(AnswerBox):
    """A multi-line paste area for tokens and config snippets, with a Submit button."""

    FOCUSED = TextArea

    def __init__(self, prompt: AskFact, *, blink: bool = True) -> None:
        super().__init__()
        self.prompt = prompt
        self.blink = blink

    def compose(self) -> ComposeResult:
        area = TokenArea(
            soft_wrap=True,
            show_line_numbers=False,
            placeholder="Paste here (a Bearer prefix, quotes and line breaks are fine)",
            classes="answer-paste",
        )
        area.cursor_blink = self.blink
        yield area
        with Horizontal(classes="answer-row"):
            yield Button("Submit", variant="primary", classes="submit")
            if self.prompt.spec.optional:
                yield Button("Skip", classes="skip")
            yield Static(Text(SEND_KEYS_TEXT, style="dim"), classes="hint")
        yield from self.compose_error()

    def on_mount(self) -> None:
        self.show_error("")

    def on_token_area_sent(self, event: TokenArea.Sent) -> None:
        event.stop()
        self.send()

    def send(self) -> None:
        self.post_message(AnswerGiven(self.query_one(TextArea).text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class("skip"):
            self.post_message(AnswerGiven(""))
        else:
            self.send()


def answer_box_for(prompt: AskFact | AskChoice, *, blink: bool = True) -> AnswerBox:
    """The widget that fits what the engine waits for."""
    if isinstance(prompt, AskChoice):
        return ChoiceAnswer(prompt)
    kind = prompt.type
    # Tokens and config snippets (a text fact whose example spans lines) are pasted.
    if kind == "token" or (kind == "text" and "\n" in prompt.spec.example.strip()):
        return PasteAnswer(prompt, blink=blink)
    return LineAnswer(prompt, blink=blink)
