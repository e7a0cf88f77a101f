"""The session screen: the conversation of a session, the input under it, the side panel.

The session's engine runs in an async worker (one at a time, group "engine"); it reports every
step as an event, which this screen turns into a message and then into a widget, so nothing is
ever drawn from inside the engine's call stack.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from wizard.core.flow.engine import AskChoice, AskFact, Engine, Finished, InvalidAnswer, Prompt
from wizard.core.session.session import Session
from wizard.core.vocab.errors import UserError
from wizard.core.vocab.events import Event
from wizard.core.vocab.result import CheckResult
from wizard.ui.messages import (
    AnswerGiven,
    ChecksFinished,
    EventRecorded,
    HomeRequested,
    PromptReached,
    RestartRequested,
    RetryRequested,
    SaveRequested,
)
from wizard.ui.saving import save_conversation
from wizard.ui.widgets.answers import AnswerBox, ChoiceAnswer, answer_box_for
from wizard.ui.widgets.conversation import (
    AssistantMessage,
    ChecksRunning,
    FlowBanner,
    NoticeCard,
    ResolutionCard,
    ResultCard,
    ResumedBanner,
    UserMessage,
)
from wizard.ui.widgets.sidepanel import SidePanel

ENGINE_GROUP = "engine"


@dataclass(frozen=True)
class DemoGoal:
    """What a demo scenario should conclude, told only once the session has concluded."""

    scenario: str
    resolution: str  # the resolution node's id
    title: str


# Below this width the side panel folds away by itself (ctrl+b brings it back); the
# conversation needs the columns more than the facts do.
WIDE_TERMINAL = 100


class SessionScreen(Screen):
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
    ) -> None:
        super().__init__()
        if session.engine is None:
            raise ValueError("the session screen walks a flow; this session has none")
        self.session = session
        self.engine: Engine = session.engine
        self.demo = demo
        # Shown in the header instead of the flow's title (the demo names its scenario there).
        self.subtitle = subtitle
        # A resumed session's earlier conversation, shown above where it goes on.
        self.history = list(session.history)
        self.save_dir = save_dir
        self.blink = blink
        # Conversation length before each answer: `back` removes what came after.
        self._marks: list[int] = []
        self._saved_upto = 0
        self._saves = 0
        self._save_problem: str | None = None
        self._spinner: ChecksRunning | None = None
        self._waiting_for: set[str] = set()
        self._worker: Worker[None] | None = None
        # (wide?, shown?) as the user last set the side panel with ctrl+b; None: not yet.
        self._panel_choice: tuple[bool, bool] | None = None

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
            self.conversation.mount_all(self._history_widgets())
            self.conversation.mount(ResumedBanner(self.session.id))
            withheld = [
                str(name)
                for event in self.engine.events
                if event.kind == "resumed"
                for name in event.data.get("withheld", ())
            ]
            if withheld:
                names = ", ".join(f"`{name}`" for name in withheld)
                self.conversation.mount(
                    AssistantMessage(
                        "Tokens and secrets are never saved, so I need them again before "
                        f"going on: {names}."
                    )
                )
        if self.demo is not None:
            self.conversation.mount(
                AssistantMessage(
                    f"Demo: the world of scenario '{self.demo.scenario}' runs on 127.0.0.1, and "
                    "its facts are filled in. Walk it to a diagnosis; at the end I say whether "
                    "it is the one the scenario was built for."
                )
            )
        self.session.subscribe(self._post_event)
        self.run_engine()

    def _history_widgets(self) -> list[Widget]:
        """The saved conversation, as it was shown (`back` never reaches into it)."""
        widgets: list[Widget] = []
        for event in self.history:
            if event.kind == "check_result":
                result = CheckResult.from_dict(event.data["result"])
                widgets.append(ResultCard(str(event.data["key"]), result))
            elif event.kind in ("went_back", "restarted", "resumed"):
                widgets.append(AssistantMessage(f"*({event.kind.replace('_', ' ')})*"))
            elif event.kind == "resolved":
                widgets.append(AssistantMessage(f"**Diagnosis:** {event.data['title']}"))
            else:
                widget = self._widget_for(event)
                if widget is not None:
                    widgets.append(widget)
        return widgets

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

    # --- engine events become widgets -----------------------------------------------------

    async def on_event_recorded(self, message: EventRecorded) -> None:
        event = message.event
        widget = self._widget_for(event)
        if event.kind == "went_back":
            await self._remove_after(self._marks.pop() if self._marks else 0)
        elif event.kind == "restarted":
            self._marks.clear()
            await self._remove_after(0)
        elif event.kind == "flow_entered":
            # A handover to another playbook: the title bar names the one now being walked.
            title = str(event.data.get("title", event.flow))
            self.sub_title = f"{self.subtitle} · {title}" if self.subtitle else title
            if widget is not None:
                await self.conversation.mount(widget)
        elif event.kind == "checks_started":
            for button in self.conversation.query(".retry").results(Button):
                button.disabled = True  # only the latest checks can be run again
            self._waiting_for = set(event.data["checks"])
            self._spinner = ChecksRunning(list(event.data["checks"]))
            await self.conversation.mount(self._spinner)
        elif event.kind == "check_result":
            key = event.data["key"]
            card = ResultCard(key, CheckResult.from_dict(event.data["result"]))
            await self.conversation.mount(card, before=self._spinner)
            self._waiting_for.discard(key)
            if not self._waiting_for and self._spinner is not None:
                keys = list(self._spinner.keys)
                self._drop_spinner()
                self.post_message(ChecksFinished(keys))
        elif event.kind == "checks_cancelled":
            self._drop_spinner()
            notice = NoticeCard(
                "Checks cancelled",
                "Nothing was decided from them. Retry (enter) runs them again.",
                retry=True,
            )
            await self.conversation.mount(notice)
            notice.query_one(Button).focus()
        elif widget is not None:
            await self.conversation.mount(widget)
        self._warn_if_not_kept()
        self._after_change()

    def _warn_if_not_kept(self) -> None:
        """Say once (per problem) that autosaving fails, as the session goes on regardless."""
        problem = self.session.save_error
        if problem and problem != self._save_problem:
            self.app.notify(
                f"{problem}; ctrl+s can still write a transcript elsewhere.",
                severity="warning",
                timeout=10,
            )
        self._save_problem = problem

    def _widget_for(self, event: Event) -> Widget | None:
        data = event.data
        match event.kind:
            case "flow_entered":
                return FlowBanner(str(data.get("title", event.flow)), event.flow)
            case "said":
                return AssistantMessage(str(data["text"]))
            case "asked" if "fact" in data:
                spec = self.engine.fact_spec(str(data["fact"]))
                return AssistantMessage(str(data["prompt"]), hint=spec.help if spec else "")
            case "answered":
                return UserMessage(str(data.get("value", data.get("label", ""))))
            case "error":
                return NoticeCard("This flow cannot go on", str(data["reason"]))
        return None

    async def _remove_after(self, mark: int) -> None:
        doomed = list(self.conversation.children)[mark:]
        if self._spinner in doomed:
            self._spinner = None
        if doomed:
            await self.conversation.remove_children(doomed)

    def _drop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.remove()
            self._spinner = None
        self._waiting_for = set()

    def _after_change(self) -> None:
        self.query_one(SidePanel).refresh_from(self.session)
        # Anchored, the view follows the newest message even while Markdown is still laying
        # itself out; scrolling up releases it until the next step.
        self.conversation.anchor()

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
                await self.conversation.mount(AssistantMessage(self._demo_verdict(prompt)))
            card.query(Button).first().focus()
        self._after_change()

    def _ask_about_origins(self, prompt: Prompt) -> bool:
        """A check was refused a send to an unconfirmed origin: ask first (screens/origin.py).

        Yes to any runs the checks again; otherwise the prompt is shown as it was.
        """
        from wizard.ui.screens.origin import ask_about_origins

        def decided(confirmed: bool) -> None:
            self.post_message(RetryRequested() if confirmed else PromptReached(prompt))

        return ask_about_origins(self.app, self.session.env.trust, decided)

    def _demo_verdict(self, reached: Finished) -> str:
        """Whether the walk reached the diagnosis the demo scenario was built for."""
        assert self.demo is not None
        mark = "✓" if reached.node == self.demo.resolution else "✗"
        return (
            f"{mark} Demo '{self.demo.scenario}': expected “{self.demo.title}” — "
            f"reached “{reached.title}”."
        )

    async def on_answer_given(self, message: AnswerGiven) -> None:
        message.stop()
        mark = len(self.conversation.children)
        try:
            self.engine.answer(message.value)
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
        answers = sum(1 for event in self.engine.events if event.kind == "answered")
        if not answers:
            self.run_worker(self._restart(), group="restart")
            return
        from wizard.ui.screens.confirm import ConfirmScreen

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._restart(), group="restart")

        plural = "answer" if answers == 1 else "answers"
        self.app.push_screen(
            ConfirmScreen(
                "Start over?",
                f"This takes back your {answers} {plural} and every check run since; the "
                "transcript keeps them, marked as superseded.",
                "Start over",
                "Keep going",
            ),
            decided,
        )

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

    @on(SaveRequested)
    def _save_requested(self, message: SaveRequested) -> None:
        message.stop()
        self.action_save_as()

    @on(HomeRequested)
    def _home_requested(self, message: HomeRequested) -> None:
        message.stop()
        self.app.action_go_home()  # type: ignore[attr-defined]

    @property
    def transcripts_folder(self) -> Path:
        """The folder the save dialog proposes: the app's, else the user data folder's."""
        from wizard.ui.saving import transcripts_folder

        return self.save_dir if self.save_dir is not None else transcripts_folder()

    def action_save_as(self) -> None:
        """Ask where to save and what to leave out, then save."""
        from wizard.core.session.superseded import superseded_indices
        from wizard.ui.screens.save import SaveChoice, SaveDialog

        kinds = [{"kind": event.kind} for event in self.engine.events]

        def chosen(choice: SaveChoice | None) -> None:
            if choice is not None:
                self.action_save(choice.folder, choice.redact_pii, choice.final_path)

        dialog = SaveDialog(self.transcripts_folder, taken_back=bool(superseded_indices(kinds)))
        self.app.push_screen(dialog, chosen)

    def action_save(
        self, folder: Path | None = None, redact_pii: bool = False, final_path: bool = False
    ) -> Path | None:
        """Write Markdown + JSON transcripts; returns the Markdown's path (None on failure)."""
        try:
            saved = save_conversation(
                self.session,
                folder or self.transcripts_folder,
                redact_pii=redact_pii,
                final_path=final_path,
            )
        except (OSError, UserError) as error:
            reason = error.message if isinstance(error, UserError) else str(error)
            self.app.notify(f"Could not save the transcript: {reason}", severity="error")
            return None
        self._saves += 1
        self._saved_upto = len(self.engine.events)
        # The folder once, then the names: both stay readable in an 80-column toast.
        lines = [
            f"In {saved.markdown.parent}:",
            f"{saved.markdown.name}  (Markdown, for a ticket)",
            f"{saved.json.name}  (JSON, for tools)",
        ]
        if self._saves > 1:
            lines.append("New files: the earlier save is kept.")
        # A demo session is not resumed: its world stops with the demo.
        if self.session.path is not None and self.demo is None:
            lines.append(f"Resume later: wizard resume {self.session.id}")
        self.app.notify("\n".join(lines), title="Transcript saved", timeout=12)
        return saved.markdown

    @property
    def has_unsaved_work(self) -> bool:
        return any(e.kind == "answered" for e in self.engine.events[self._saved_upto :])

    def action_toggle_panel(self) -> None:
        panel = self.query_one(SidePanel)
        panel.display = not panel.display
        # What the user chose holds at this width; a resize across the threshold decides anew.
        self._panel_choice = (self.app.size.width >= WIDE_TERMINAL, panel.display)
        if panel.display:
            panel.refresh_from(self.session)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_panel(event.size.width)

    def _fit_panel(self, width: int) -> None:
        """Fold the side panel below WIDE_TERMINAL columns, unless the user chose at this size."""
        wide = width >= WIDE_TERMINAL
        panel = self.query_one(SidePanel)
        if self._panel_choice is not None and self._panel_choice[0] == wide:
            panel.display = self._panel_choice[1]
            return
        self._panel_choice = None
        panel.display = wide

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
