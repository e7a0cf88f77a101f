"""The demo's home screen: the scenarios of `wizard demo`, one line each; enter plays one."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, ListItem, ListView, Static

from wizard.ui.demo import DemoWorlds
from wizard.ui.messages import ScenarioPicked


class ScenarioItem(ListItem):
    """One scenario: its name and flow, then its one-line summary."""

    def __init__(self, name: str, flow: str, summary: str) -> None:
        super().__init__()
        self.scenario_name = name
        self.flow = flow
        self.summary = summary

    def compose(self) -> ComposeResult:
        # One line each, cut with an ellipsis, as the flows on home: scannable at 80 columns.
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(self.scenario_name, style="bold")
        title.append(f"  flow {self.flow}", style="dim")
        yield Static(title)
        yield Static(Text(self.summary, no_wrap=True, overflow="ellipsis"), classes="hint")


class DemoHomeScreen(Screen):
    """Where `wizard demo` starts: pick a scenario, its world starts, a session opens on it."""

    BINDINGS = [
        Binding("f1,question_mark", "help", "Help"),
    ]

    def __init__(self, demo: DemoWorlds, diagnosis: Callable[[str], str]) -> None:
        super().__init__()
        self.demo = demo
        # The title of the diagnosis a scenario should reach, by scenario name.
        self.diagnosis = diagnosis

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                "Demo: each scenario starts a small identity provider and service provider on "
                "127.0.0.1 that reproduce a real 401. Pick one (↑↓, enter): a session opens "
                "with its facts filled in, and you walk it to the diagnosis.",
                id="home-intro",
            )
            yield Static("", id="demo-playing")
            yield ListView(
                *(ScenarioItem(s.name, s.flow, s.summary) for s in self.demo.scenarios),
                id="scenarios",
                initial_index=0 if self.demo.scenarios else None,
            )
        yield Footer()

    def on_mount(self) -> None:
        self.title = "oidc-401 wizard"
        self.sub_title = "demo scenarios"
        self.show_playing()
        self.query_one("#scenarios", ListView).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.show_playing()

    def show_playing(self) -> None:
        """Say which scenario's world runs (home is shown again when its session is left)."""
        note = self.query_one("#demo-playing", Static)
        playing = self.demo.playing
        note.display = playing is not None
        if playing is None:
            return
        text = Text()
        text.append("Running: ", style="bold")
        text.append(playing.name)
        text.append(f"  (should reach: {self.diagnosis(playing.name)})", style="dim")
        text.append("\nPicking a scenario stops it first; quitting stops it too.", style="dim")
        note.update(text)
        listing = self.query_one("#scenarios", ListView)
        names = [s.name for s in self.demo.scenarios]
        if playing.name in names:
            listing.index = names.index(playing.name)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if isinstance(event.item, ScenarioItem):
            self.post_message(ScenarioPicked(event.item.scenario_name))

    def action_help(self) -> None:
        from wizard.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
