"""Driving the app in tests: wait until the engine settles, read what the screen shows."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from wizard.ui.screens.session import SessionScreen


async def settle(pilot: Pilot) -> None:
    """Let the engine's worker finish and every message it caused be handled."""
    await pilot.pause()
    await asyncio.wait_for(pilot.app.workers.wait_for_complete(), timeout=10)
    await pilot.pause()
    await pilot.pause()


async def wait_until(pilot: Pilot, condition, tries: int = 200) -> None:
    """Pause until `condition()` holds (for a step that does not end, like a hung check)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


def session(pilot: Pilot) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen), f"on {type(screen).__name__}"
    return screen


def shown_text(pilot: Pilot) -> str:
    """Every Static's content on the current screen, as plain text."""
    parts = []
    for widget in pilot.app.screen.query(Static):
        content = widget.content
        if isinstance(content, str | Text):
            parts.append(str(content))
        else:  # a table or a group: render it as the terminal would, without colour
            console = Console(width=200, record=True, file=io.StringIO())
            console.print(content)
            parts.append(console.export_text())
    return "\n".join(parts)


def conversation_kinds(pilot: Pilot) -> list[str]:
    return [type(w).__name__ for w in session(pilot).conversation.children]


async def settle_layout(pilot: Pilot, steady: int = 3, tries: int = 200) -> None:
    """Wait until the conversation's height has stopped changing, then show its end.

    Markdown lays itself out over several refreshes after it is mounted; a picture taken in
    between has the scrollbar thumb wherever that layout was (the snapshots' flakiness).
    """
    await settle(pilot)
    conversation = session(pilot).conversation
    last, same = None, 0
    for _ in range(tries):
        await pilot.pause()
        now = (conversation.virtual_size, conversation.max_scroll_y)
        same = same + 1 if now == last else 0
        last = now
        if same >= steady:
            break
    conversation.scroll_end(animate=False, immediate=True)
    await pilot.pause()
