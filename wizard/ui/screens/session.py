"""The session screen: the conversation of a session, the input under it, the side panel.

The session's engine runs in an async worker (one at a time, group "engine"); it reports every
step as an event, which this screen turns into a message and then into a widget, so nothing is
ever drawn from inside the engine's call stack.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from wizard.core.flow.engine import AskChoice, AskFact, Engine, Finished, InvalidAnswer, Prompt
from wizard.core.session.session import Session
from wizard.core.vocab.events import Event
from wizard.ui.messages import (
    AnswerGiven,
    EventRecorded,
    HomeRequested,
    PromptReached,
    RestartRequested,
    RetryRequested,
)
from wizard.ui.screens.session_events import ConversationUpdates
from wizard.ui.screens.session_panel import PanelFolding
from wizard.ui.screens.session_resume import (
    ask_about_changed_tokens,
    asked_about_new_token,
    changed_given_tokens,
)
from wizard.ui.screens.session_saving import SessionSaving
from wizard.ui.screens.session_widgets import (
    DemoGoal,
    demo_intro,
    demo_verdict,
    resumed_widgets,
)
from wizard.ui.widgets.answers import AnswerBox, ChoiceAnswer, answer_box_for
from wizard.ui.widgets.conversation import (
    AssistantMessage,
    ChecksRunning,
    NoticeCard,
    ResolutionCard,
)
from wizard.ui.widgets.sidepanel import SidePanel

if TYPE_CHECKING:
    from wizard.core.session.transcript import Transcript

ENGINE_GROUP = "engine"


class SessionScreen(ConversationUpdates, SessionSaving, PanelFolding, Screen):
    """One guided session: its conversation, driven through the session's engine."""

    # Its styles load with it: home, the first screen, does not parse them.
    CSS_PATH = "session.tcss"

    BINDINGS = [
        Binding("ctrl+z,alt+left", "back", "Back"),
        Binding("ctrl+r", "restart", "Restart"),
        Binding("ctrl+s", "save_as", "Save"),
        Binding("ctrl+t", "inspect", "Token"),
        Binding("ctrl+b,f2", "toggle_panel", "Panel"),
        Binding("f1,question_mark", "help", "Help"),
        Binding("escape", "escape", "Cancel checks / home", show=False),
        # The conversation scrolls from wherever the focus is (an answer box, say).
        Binding("pageup", "scroll_conversation(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_conversation(1)", "Scroll down", show=False),
        # Number keys pick a choice wherever the focus is (a card's button, say); text
        # inputs keep their digits, as they handle keys before the screen does.
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(
        self,
        session: Session,
        save_dir: Path | None,
        *,
        blink: bool = True,
        subtitle: str | None = None,
        demo: DemoGoal | None = None,
        resumed_from: Transcript | None = None,
    ) -> None:
        super().__init__()
        if session.engine is None:
            raise ValueError("the session screen walks a flow; this session has none")
        self.session = session
        self.engine: Engine = session.engine
        self.demo = demo
        # The saved session this one takes up: a token given again is compared with its own.
        self.resumed_from = resumed_from
        # Shown in the header instead of the flow's title (the demo names its scenario there).
        self.subtitle = subtitle
        # A resumed session's earlier conversation, shown above where it goes on.
        self.history = list(session.history)
        self.save_dir = save_dir
        self.blink = blink
        # Conversation length before each answer: `back` removes what came after.
        self._marks: list[int] = []
        self._spinner: ChecksRunning | None = None
        self._waiting_for: set[str] = set()
        self._worker: Worker[None] | None = None

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield VerticalScroll(id="conversation")
                yield Vertical(id="answer", classes="-empty")
            yield SidePanel(id="side")
        yield Footer()

    @property
    def conversation(self) -> VerticalScroll:
        return self.query_one("#conversation", VerticalScroll)

    @property
    def answer_area(self) -> Vertical:
        return self.query_one("#answer", Vertical)

    def _post_event(self, event: Event) -> None:
        """Hand an engine event to the UI as a message (the engine's listener)."""
        self.post_message(EventRecorded(event))

    def on_mount(self) -> None:
        self.title = "oidc-401 wizard"
        self.sub_title = self.subtitle or self.engine.flow.title
        self._fit_panel(self.app.size.width)
        if self.history:
            self.conversation.mount_all(resumed_widgets(self.session, self.history))
        if self.demo is not None:
            self.conversation.mount(demo_intro(self.demo))
        self.session.subscribe(self._post_event)
        changed = changed_given_tokens(self.resumed_from, self.engine.facts)
        if changed:
            # Given on the command line: ask before anything runs with it.
            ask_about_changed_tokens(
                self.app,
                changed,
                self.run_engine,
                self.app.action_go_home,  # type: ignore[attr-defined]
            )
            return
        self.run_engine()

    # --- the engine, in a worker ---------------------------------------------------------

    def run_engine(self) -> None:
        self._worker = self._advance()

    @work(exclusive=True, exit_on_error=False, group=ENGINE_GROUP, description="walking the flow")
    async def _advance(self) -> None:
        prompt = await self.engine.advance()
        self.post_message(PromptReached(prompt))

    async def _stop_engine(self) -> None:
        """Cancel a running step (its checks) and wait until the engine has noted it."""
        worker = self._worker
        if worker is not None and worker.is_running:
            worker.cancel()
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()

    @property
    def checks_running(self) -> bool:
        return self._spinner is not None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != ENGINE_GROUP or event.state is not WorkerState.ERROR:
            return
        # Never a traceback on screen: say what failed, and offer to try again.
        error = event.worker.error
        reason = f"{type(error).__name__}: {error}" if error else "unknown error"
        reason = self.session.scrub(reason)
        self.app.notify(f"The session hit a problem: {reason}", severity="error", timeout=8)
        self._drop_spinner()
        self.conversation.mount(
            NoticeCard("Something went wrong", reason, retry=self.engine.can_retry)
        )

    # --- prompts and answers ---------------------------------------------------------------

    async def on_prompt_reached(self, message: PromptReached) -> None:
        prompt = message.prompt
        self._drop_spinner()
        if self._ask_about_origins(prompt):
            return  # the prompt comes back once every refused send has been asked about
        await self.clear_answer()
        if isinstance(prompt, AskFact | AskChoice):
            box = answer_box_for(prompt, blink=self.blink)
            self.answer_area.remove_class("-empty")
            await self.answer_area.mount(box)
            box.focus_input()
        elif isinstance(prompt, Finished):
            card = ResolutionCard(prompt)
            await self.conversation.mount(card)
            if self.demo is not None:
                await self.conversation.mount(AssistantMessage(demo_verdict(self.demo, prompt)))
            for button in card.query(Button):  # none after a quit mid-mount
                button.focus()
                break
        self._after_change()

    def _ask_about_origins(self, prompt: Prompt) -> bool:
        """A check was refused a send to an unconfirmed origin: ask first (screens/origin.py).

        Yes to any runs the checks again; otherwise the prompt is shown as it was.
        """
        from wizard.ui.screens.origin import ask_about_origins

        def decided(confirmed: bool) -> None:
            self.post_message(RetryRequested() if confirmed else PromptReached(prompt))

        return ask_about_origins(self.app, self.session.env.trust, decided)

    async def on_answer_given(self, message: AnswerGiven) -> None:
        message.stop()
        value = message.value

        def take() -> None:
            self.run_worker(self._take_answer(value), group="answer")

        if not asked_about_new_token(
            self.app, self.engine, self.resumed_from, self.answer_area, value, take
        ):
            await self._take_answer(value)

    async def _take_answer(self, value: str) -> None:
        mark = len(self.conversation.children)
        try:
            self.engine.answer(value)
        except InvalidAnswer as error:
            for box in self.answer_area.query(AnswerBox):
                box.show_error(str(error))
            return
        self._marks.append(mark)
        await self.clear_answer()
        self.run_engine()

    async def clear_answer(self) -> None:
        self.answer_area.add_class("-empty")
        await self.answer_area.remove_children()

    # --- actions --------------------------------------------------------------------------

    async def action_back(self) -> None:
        await self._stop_engine()
        if not self.engine.back():
            self.app.notify("Nothing to undo yet.", timeout=3)
            return
        await self.clear_answer()
        self.run_engine()

    def action_restart(self) -> None:
        """Start the flow over, after asking when that would wipe answers."""
        from wizard.core.session.superseded import superseded_indices

        # Answers taken back (Back) are gone already: only the standing ones would be wiped.
        events = [{"kind": event.kind} for event in self.engine.events]
        gone = superseded_indices(events)
        answers = sum(
            1 for n, event in enumerate(events) if event["kind"] == "answered" and n not in gone
        )
        if not answers:
            self.run_worker(self._restart(), group="restart")
            return
        from wizard.ui.screens.confirm import start_over_question

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._restart(), group="restart")

        self.app.push_screen(start_over_question(answers), decided)

    async def _restart(self) -> None:
        await self._stop_engine()
        self.engine.restart()
        await self.clear_answer()
        self.run_engine()

    def action_scroll_conversation(self, pages: int) -> None:
        if pages < 0:
            self.conversation.scroll_page_up()
        else:
            self.conversation.scroll_page_down()

    def action_pick(self, number: int) -> None:
        for box in self.answer_area.query(ChoiceAnswer):
            box.action_pick(number)

    def action_escape(self) -> None:
        """Cancel the checks that are running; with none running, leave for home."""
        if self.checks_running:
            self.action_cancel_checks()
        else:
            self.app.action_go_home()  # type: ignore[attr-defined]

    def action_cancel_checks(self) -> None:
        if self._worker is not None and self._worker.is_running and self.checks_running:
            self._worker.cancel()

    @on(RetryRequested)
    async def retry(self, message: RetryRequested) -> None:
        message.stop()
        await self._stop_engine()
        if not self.engine.retry_checks():
            self.app.notify("There are no checks to run again.", timeout=3)
            return
        await self.clear_answer()
        await self.conversation.mount(AssistantMessage("Running the checks again."))
        self.run_engine()

    @on(RestartRequested)
    def _restart_requested(self, message: RestartRequested) -> None:
        message.stop()
        self.action_restart()

    @on(HomeRequested)
    def _home_requested(self, message: HomeRequested) -> None:
        message.stop()
        self.app.action_go_home()  # type: ignore[attr-defined]

    def action_inspect(self) -> None:
        from wizard.ui.screens.inspector import TokenInspector, token_facts

        if not token_facts(self.session):
            self.app.notify("No token in this session yet.", timeout=3)
            return
        self.app.push_screen(TokenInspector(self.session))

    def action_help(self) -> None:
        from wizard.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    async def on_unmount(self) -> None:
        await self.session.aclose()
