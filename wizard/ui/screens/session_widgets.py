"""What a session's events look like in its conversation: one widget per event, the saved
conversation of a resumed session, and the demo's closing verdict."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widget import Widget

from wizard.core.flow.engine import Engine, Finished
from wizard.core.vocab.events import Event
from wizard.core.vocab.result import CheckResult
from wizard.ui.widgets.conversation import (
    AssistantMessage,
    FlowBanner,
    NoticeCard,
    ResultCard,
    ResumedBanner,
    UserMessage,
)

if TYPE_CHECKING:
    from wizard.core.session.session import Session


@dataclass(frozen=True)
class DemoGoal:
    """What a demo scenario should conclude, told only once the session has concluded."""

    scenario: str
    resolution: str  # the resolution node's id
    title: str


def widget_for(event: Event, engine: Engine) -> Widget | None:
    """The conversation's widget for an event that shows as one (None for the others)."""
    data = event.data
    match event.kind:
        case "flow_entered":
            return FlowBanner(str(data.get("title", event.flow)), event.flow)
        case "said":
            return AssistantMessage(str(data["text"]))
        case "asked" if "fact" in data:
            spec = engine.fact_spec(str(data["fact"]))
            return AssistantMessage(str(data["prompt"]), hint=spec.help if spec else "")
        case "answered":
            value = str(data.get("value", data.get("label", "")))
            return UserMessage(value, source=str(data.get("source") or ""))
        case "error":
            return NoticeCard("This flow cannot go on", str(data["reason"]))
    return None


def history_widgets(history: Iterable[Event], engine: Engine) -> list[Widget]:
    """A saved conversation, as it was shown (`back` never reaches into it)."""
    widgets: list[Widget] = []
    for event in history:
        if event.kind == "check_result":
            result = CheckResult.from_dict(event.data["result"])
            widgets.append(ResultCard(str(event.data["key"]), result))
        elif event.kind in ("went_back", "restarted", "resumed"):
            widgets.append(AssistantMessage(f"*({event.kind.replace('_', ' ')})*"))
        elif event.kind == "resolved":
            widgets.append(AssistantMessage(f"**Diagnosis:** {event.data['title']}"))
        else:
            widget = widget_for(event, engine)
            if widget is not None:
                widgets.append(widget)
    return widgets


def resumed_widgets(session: Session, history: Iterable[Event]) -> list[Widget]:
    """A resumed session's saved conversation, the banner under it, and which credentials
    it needs again."""
    assert session.engine is not None
    widgets = history_widgets(history, session.engine)
    widgets.append(ResumedBanner(session.id))
    withheld = [
        str(name)
        for event in session.engine.events
        if event.kind == "resumed"
        for name in event.data.get("withheld", ())
    ]
    if withheld:
        names = ", ".join(f"`{name}`" for name in withheld)
        widgets.append(
            AssistantMessage(
                f"Tokens and secrets are never saved, so I need them again before going on: "
                f"{names}."
            )
        )
    return widgets


def demo_intro(goal: DemoGoal) -> AssistantMessage:
    """What a demo session says first: where its world runs, and that the verdict waits."""
    return AssistantMessage(
        f"Demo: the world of scenario '{goal.scenario}' runs on 127.0.0.1, and its facts are "
        "filled in. Walk it to a diagnosis; at the end I say whether it is the one the "
        "scenario was built for."
    )


def demo_verdict(goal: DemoGoal, reached: Finished) -> str:
    """Whether the walk reached the diagnosis the demo scenario was built for."""
    if reached.node == goal.resolution:
        # The reached title is filled from the session's facts; the expected one may not be.
        return f"✓ Demo '{goal.scenario}': reached the expected diagnosis, “{reached.title}”."
    return f"✗ Demo '{goal.scenario}': expected “{goal.title}” — reached “{reached.title}”."


def running_titles(data: dict, engine: Engine | None) -> list[str]:
    """The titles of the checks a `checks_started` event names, as their cards will be headed."""
    registry = engine.registry if engine is not None else {}
    titles = []
    for run in data.get("runs", []):
        spec = registry.get(str(run.get("id", "")))
        titles.append(spec.title if spec is not None else str(run.get("key", "")))
    return titles
