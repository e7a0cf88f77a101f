"""Messages the widgets and screens send each other (named for what happened)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the home screen sends messages too, and must not wait for the engine
    from wizard.core.flow.engine import Prompt
    from wizard.core.vocab.events import Event


class FlowPicked(Message):
    """The user chose a flow to start, maybe with facts already known (a pasted token)."""

    def __init__(self, flow_id: str, facts: dict[str, str] | None = None) -> None:
        super().__init__()
        self.flow_id = flow_id
        self.facts = facts or {}


class SessionPicked(Message):
    """The user chose a saved session to take up again."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class AnswerGiven(Message):
    """The user answered the pending question ("" skips an optional fact)."""

    def __init__(self, value: str) -> None:
        super().__init__()
        self.value = value


class EventRecorded(Message, bubble=False):
    """The engine recorded an event (said, asked, check_result, ...)."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class PromptReached(Message, bubble=False):
    """The engine stopped: it waits for an answer, or the flow ended."""

    def __init__(self, prompt: Prompt) -> None:
        super().__init__()
        self.prompt = prompt


class ChecksFinished(Message, bubble=False):
    """Every check of a node has a result."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__()
        self.keys = keys


class RetryRequested(Message):
    """The user asked to run the latest checks again."""


class RestartRequested(Message):
    """The user asked to start the flow over."""


class SaveRequested(Message):
    """The user asked to save the transcript."""


class HomeRequested(Message):
    """The user asked to go back to the home screen."""


class ScenarioPicked(Message):
    """The user chose a demo scenario to play."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
