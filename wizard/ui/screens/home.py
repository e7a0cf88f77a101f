"""The home screen: pick a flow (searchable), or paste a token and let the wizard suggest one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, ListItem, ListView, Static

from wizard.ui.messages import FlowPicked, SessionPicked

if TYPE_CHECKING:
    # Types only: home shows before the flow models (pydantic) are imported.
    from wizard.core.flow.model import Flow
    from wizard.core.session.store import SessionSummary

# The flow that asks what fails and hands over to the right playbook: first, and marked.
# A flow says it is that one in its YAML (applies.start); this is the shipped one's id.
STARTING_FLOW = "triage"


def starting_flow_id(flows: Mapping[str, Flow]) -> str:
    """The flow that declares itself the place to begin, else the shipped triage."""
    return next((fid for fid, flow in flows.items() if flow.applies.start), STARTING_FLOW)


def first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0] if stripped else ""


def ordered_flows(flows: Mapping[str, Flow]) -> dict[str, Flow]:
    """The starting flow first, then the others by title."""
    first = starting_flow_id(flows)
    return dict(sorted(flows.items(), key=lambda kv: (kv[0] != first, kv[1].title.lower())))


def no_match_hint(flows: Mapping[str, Flow], query: str) -> str:
    """What to try when a search finds nothing: words the installed playbooks answer to."""
    declared = [f.applies for f in flows.values()]
    providers = sorted({p.split("-")[0] for a in declared for p in a.providers} - {"generic"})
    names = sorted({w for a in declared for w in a.words if "_" in w})
    # A symptom is what several playbooks answer to ("audience", "expired"); a word only one
    # knows is mostly a product's name ("aad", "azure"), which is no symptom.
    words = {w for a in declared for w in a.words if w.isalpha() and len(w) > 3} - set(providers)
    found = {w: sum(matches(flow, w) for flow in flows.values()) for w in words}
    symptoms = sorted((w for w in words if found[w] > 1), key=lambda w: (-found[w], w))
    tries = [
        f"{label} ({', '.join(words[:3])})"
        for label, words in (
            ("a provider", providers),
            ("an error or claim name", names),
            ("a symptom", symptoms),
        )
        if words
    ]
    start = next((f.title for f in flows.values() if f.applies.start), None)
    text = f"No playbook matches “{query.strip()}”."
    if tries:
        text += " Try " + ", ".join(tries[:-1]) + (" or " if len(tries) > 1 else "") + tries[-1]
        text += ", or fewer words."
    if start:
        text += f" Not sure? Clear the search and pick “{start}”."
    return text


def matches(flow: Flow, query: str) -> bool:
    """Every word of the query appears in the flow's id, title, description or declared words."""
    haystack = flow.search_text().lower()
    return all(word in haystack for word in query.lower().split())


class FlowItem(ListItem):
    """One flow in the list: title, id, and the first line of its description."""

    def __init__(self, flow: Flow) -> None:
        super().__init__()
        self.flow = flow

    def compose(self) -> ComposeResult:
        # One line each, cut with an ellipsis: the list stays scannable at 80 columns.
        title = Text(no_wrap=True, overflow="ellipsis")
        starting = self.flow.applies.start
        if starting:
            title.append("▶ ", style="bold")
        title.append(self.flow.title, style="bold")
        title.append(f"  {self.flow.id}", style="dim")
        if starting:
            title.append("  · not sure which flow? begin here", style="italic")
        yield Static(title)
        description = first_line(self.flow.description)
        if description:
            yield Static(Text(description, no_wrap=True, overflow="ellipsis"), classes="hint")


class RecentItem(ListItem):
    """A saved session: when it last moved, its flow, where and how it stopped, its id."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        summary = self.summary
        when = datetime.fromtimestamp(summary.updated, UTC).strftime("%Y-%m-%d %H:%M")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{when}  ", style="dim")
        text.append(summary.flow, style="bold")
        text.append(f"  {summary.status} at {summary.last_node}  ")
        text.append(summary.id, style="dim")
        yield Static(text)


class HomeScreen(Screen):
    """Where every session starts."""

    BINDINGS = [
        Binding("ctrl+t", "paste_token", "I have a token"),
        Binding("f1,question_mark", "help", "Help"),
        Binding("down", "focus_list", show=False),
    ]

    def __init__(
        self,
        flows: Mapping[str, Flow],
        problems: int = 0,
        recent: Callable[[], Sequence[SessionSummary]] | None = None,
        *,
        loading: bool = False,
    ) -> None:
        super().__init__()
        # Asked again whenever home shows, so a session just left is on the list.
        self.recent_source = recent or (lambda: ())
        self.recent: list[SessionSummary] = []
        self.flows = ordered_flows(flows)
        self.problems = problems
        # True until the app hands over the flows it loads in the background.
        self.flows_loading = loading
        self.shown: list[Flow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                "What are you troubleshooting? Pick a flow, or paste the token that gets the "
                "401 and the wizard suggests one.",
                id="home-intro",
            )
            yield Static(self._problems_text(), id="home-problems")
            # The token button beside the search: at 80×24 every row goes to the lists.
            with Horizontal(id="search-row"):
                yield Input(placeholder="Search: a symptom, an error code, a provider", id="search")
                yield Button("I have a token…", variant="primary", id="paste-token")
            yield ListView(id="flows")
            yield Static("", id="no-match")
            yield Static(
                "Recent sessions  (tab to reach them, enter resumes; UTC)",
                classes="section-title",
                id="recent-title",
            )
            yield ListView(id="recent")
        yield Footer()

    def _problems_text(self) -> str:
        if not self.problems:
            return ""
        return f"{self.problems} problem(s) in the flow files: run 'wizard flows lint' to see them."

    async def show_catalog(self, flows: Mapping[str, Flow], problems: int) -> None:
        """The flows loaded in the background: list them (filtered by what was typed)."""
        self.flows = ordered_flows(flows)
        self.problems = problems
        self.flows_loading = False
        notice = self.query_one("#home-problems", Static)
        notice.update(self._problems_text())
        notice.display = bool(problems)
        await self.show_flows(self.query_one("#search", Input).value)

    async def on_mount(self) -> None:
        self.query_one("#home-problems").display = bool(self.problems)
        self.title = "oidc-401 wizard"
        self.sub_title = "home"
        await self.show_flows("")
        if self.flows_loading:
            # Reading saved sessions imports the transcript models (pydantic): the app reads
            # them in its loading thread and hands them over with the flows.
            for widget in (self.query_one("#recent"), self.query_one("#recent-title")):
                widget.display = False
        else:
            await self.show_recent()
        search = self.query_one("#search", Input)
        search.cursor_blink = getattr(self.app, "blink", True)
        search.focus()

    async def show_flows(self, query: str) -> None:
        listing = self.query_one("#flows", ListView)
        listed = (flow for flow in self.flows.values() if flow.applies.listed)
        shown = [flow for flow in listed if matches(flow, query)]
        # Kept in step with the query at once, so enter picks from what the user typed for.
        self.shown = shown
        await listing.clear()
        await listing.extend(FlowItem(flow) for flow in shown)
        if shown:
            listing.index = 0
        note = self.query_one("#no-match", Static)
        if self.flows_loading:
            note.update("Loading the flows…")
        elif not self.flows:
            note.update(
                "No flows are installed. Add a folder of flow files with --flows DIR "
                "(or WIZARD_FLOWS), then run 'wizard flows list'."
            )
        else:
            note.update("" if shown else no_match_hint(self.flows, query))
        note.display = not shown

    async def show_recent(self, summaries: Sequence[SessionSummary] | None = None) -> None:
        """List the saved sessions again (hidden, with its title, when there are none).

        `summaries` are the sessions read elsewhere (the app's loading thread); without them
        the store is read now.
        """
        self.recent = list(self.recent_source() if summaries is None else summaries)
        listing = self.query_one("#recent", ListView)
        await listing.clear()
        await listing.extend(RecentItem(summary) for summary in self.recent)
        if self.recent:
            listing.index = 0
        for widget in (listing, self.query_one("#recent-title")):
            widget.display = bool(self.recent)

    async def on_screen_resume(self) -> None:
        # While loading, the app's thread reads the sessions and hands them over.
        if self.is_mounted and not self.flows_loading:
            await self.show_recent()

    async def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            await self.show_flows(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        shown = [flow for flow in self.flows.values() if matches(flow, event.value)]
        if shown:
            self.post_message(FlowPicked(shown[0].id))
        else:
            self.app.notify(no_match_hint(self.flows, event.value), timeout=5)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if isinstance(event.item, FlowItem):
            self.post_message(FlowPicked(event.item.flow.id))
        elif isinstance(event.item, RecentItem):
            self.post_message(SessionPicked(event.item.summary.id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "paste-token":
            self.action_paste_token()

    def action_focus_list(self) -> None:
        self.query_one("#flows", ListView).focus()

    def action_paste_token(self) -> None:
        from wizard.ui.screens.paste import PasteTokenScreen

        def started(choice: tuple[str, dict[str, str]] | None) -> None:
            if choice is not None:
                flow_id, facts = choice
                self.post_message(FlowPicked(flow_id, facts))

        # The session clock: the preview's "expires in 5 min" is the session's own reading.
        clock = self.app.env_factory().clock  # type: ignore[attr-defined]
        self.app.push_screen(PasteTokenScreen(self.flows, clock=clock), started)

    def action_help(self) -> None:
        from wizard.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
