"""The Textual app: the home screen, sessions over the engine, quitting with care."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from wizard.core.checks.registry import CheckSpec
from wizard.core.flow.engine import Engine
from wizard.core.flow.model import Flow
from wizard.core.session.log import SessionLog
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.errors import UserError
from wizard.core.vocab.events import Event
from wizard.ui.messages import FlowPicked, ScenarioPicked, SessionPicked
from wizard.ui.screens.confirm import CANCEL, SAVE, SaveFirstScreen
from wizard.ui.screens.demo_home import DemoHomeScreen
from wizard.ui.screens.home import HomeScreen
from wizard.ui.screens.session import SessionScreen
from wizard.ui.sessions import autosave, recent_sessions, resume, resume_transcript

if TYPE_CHECKING:
    from wizard.core.session.store import SessionStore, SessionSummary
    from wizard.core.session.transcript import Transcript
    from wizard.ui.demo import DemoWorlds

# Signals that end the demo: its world is stopped first (SIGINT is a key in the terminal).
HANGUPS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class WizardApp(App[int]):
    """Home first; a picked flow opens a session screen on top of it."""

    CSS_PATH = "app.tcss"
    TITLE = "oidc-401 wizard"
    # ctrl+c is left to Textual, as in current Textual apps: it copies in inputs, and
    # elsewhere it says that ctrl+q quits.
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        flows: Mapping[str, Flow],
        registry: Mapping[str, CheckSpec],
        *,
        env_factory: Callable[[], CheckEnvironment],
        start_flow: str | None = None,
        start_facts: Mapping[str, str] | None = None,
        save_dir: Path,
        problems: int = 0,
        blink: bool = True,
        store: SessionStore | None = None,
        start_transcript: Transcript | None = None,
        demo: DemoWorlds | None = None,
    ) -> None:
        super().__init__()
        self.flows = dict(flows)
        self.registry = registry
        self.env_factory = env_factory
        self.start_flow = start_flow
        self.start_facts = dict(start_facts or {})
        self.save_dir = save_dir
        self.problems = problems
        self.blink = blink
        # Where every session is autosaved, and home finds the recent ones. None (the tests'
        # apps) keeps sessions in memory only.
        self.store = store
        self.start_transcript = start_transcript
        # The ids of the sessions autosaved during this run, oldest first.
        self.kept_sessions: list[str] = []
        # `wizard demo`: home lists the scenarios, and the world being played is ours to stop.
        self.demo = demo
        self._signals: list[int] = []

    def on_mount(self) -> None:
        if self.demo is not None:
            self._stop_world_on_signals()
            self.push_screen(DemoHomeScreen(self.demo, self.expected_diagnosis))
            if self.demo.world is not None:
                self.open_demo_session()
            return
        self.push_screen(HomeScreen(self.flows, self.problems, self.recent_sessions))
        if self.start_transcript is not None:
            self.open_resumed(self.start_transcript, self.start_facts)
        elif self.start_flow is not None:
            self.open_session(self.start_flow, self.start_facts)

    def recent_sessions(self) -> list[SessionSummary]:
        """The saved sessions home offers to resume, newest first."""
        return recent_sessions(self.store)

    def open_session(
        self,
        flow_id: str,
        facts: Mapping[str, str] | None = None,
        *,
        subtitle: str | None = None,
    ) -> None:
        """A new session on `flow_id`, autosaved from its first event."""
        engine = Engine(
            self.flows, self.registry, flow_id, facts=facts or {}, env=self.env_factory()
        )
        autosave(engine, self.store)
        screen = SessionScreen(engine, self.save_dir, blink=self.blink, subtitle=subtitle)
        self._push_session(screen)

    # --- the demo -----------------------------------------------------------------------------

    def expected_diagnosis(self, scenario_name: str) -> str:
        """The diagnosis a demo scenario should reach, filled with its running world's facts."""
        from wizard.ui.demo import expected_diagnosis

        assert self.demo is not None
        world = self.demo.world
        facts = world.facts if world is not None and world.scenario.name == scenario_name else {}
        return expected_diagnosis(self.flows, self.demo.scenario(scenario_name), facts)

    def on_scenario_picked(self, message: ScenarioPicked) -> None:
        if self.demo is None:
            return
        scenario = self.demo.scenario(message.name)
        if scenario.flow not in self.flows:
            self.notify(
                f"The flow '{scenario.flow}' of this scenario is not installed.",
                severity="error",
                timeout=10,
            )
            return
        try:
            # Well under a second: loopback servers, a few keys and tokens, maybe a few files.
            self.demo.play(scenario)
        except OSError as error:
            self.notify(f"The demo world did not start: {error}", severity="error", timeout=10)
            return
        self.open_demo_session()

    def open_demo_session(self) -> None:
        """A session on the running world's scenario, its facts filled from the world."""
        assert self.demo is not None and self.demo.world is not None
        world = self.demo.world
        name = world.scenario.name
        diagnosis = self.expected_diagnosis(name)
        self.open_session(world.scenario.flow, world.facts, subtitle=f"demo {name} → {diagnosis}")
        self.notify(
            f"Demo world '{name}' runs on 127.0.0.1. The diagnosis to reach: {diagnosis}",
            title="Demo",
            timeout=6,
        )

    def _stop_world_on_signals(self) -> None:
        """On SIGTERM or SIGHUP (the terminal closed), stop the demo's world, then leave.

        Without this the process dies at once and the world's config folder stays behind.
        """
        loop = asyncio.get_running_loop()
        for signum in HANGUPS:
            # Not every platform or loop has signal handlers; there, quitting still stops it.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._signalled)
                self._signals.append(signum)

    def _signalled(self) -> None:
        if self.demo is not None:
            self.demo.stop()
        self.exit(1)

    def on_unmount(self) -> None:
        # Quitting, however it happens, closes the demo's ports and removes its files.
        if self.demo is not None:
            self.demo.stop()
        loop = asyncio.get_running_loop()
        while self._signals:
            loop.remove_signal_handler(self._signals.pop())

    def open_resumed(self, transcript: Transcript, facts: Mapping[str, str] | None = None) -> None:
        """Take a saved session up again: its conversation above, the engine where it stopped."""
        try:
            engine, history = resume_transcript(
                transcript, self.store, self.flows, self.registry, self.env_factory(), facts
            )
        except UserError as error:
            self.notify(error.message, severity="error", timeout=10)
            return
        self._push_resumed(engine, history)

    def on_flow_picked(self, message: FlowPicked) -> None:
        self.open_session(message.flow_id, message.facts)

    def on_session_picked(self, message: SessionPicked) -> None:
        if self.store is None:
            return
        try:
            engine, history = resume(
                self.store, message.reference, self.flows, self.registry, self.env_factory()
            )
        except UserError as error:
            self.notify(error.message, severity="error", timeout=10)
            return
        self._push_resumed(engine, history)

    def _push_resumed(self, engine: Engine, history: list[Event]) -> None:
        self._push_session(SessionScreen(engine, self.save_dir, blink=self.blink, history=history))

    def _push_session(self, screen: SessionScreen) -> None:
        log = SessionLog.of(screen.engine)
        if log is not None and log.path is not None:
            if log.session_id in self.kept_sessions:
                self.kept_sessions.remove(log.session_id)
            self.kept_sessions.append(log.session_id)
        self.push_screen(screen)

    # --- sessions and leaving them ---------------------------------------------------------

    def current_session(self) -> SessionScreen | None:
        return next((s for s in reversed(self.screen_stack) if isinstance(s, SessionScreen)), None)

    def _confirm_then(self, leaving: str, then: Callable[[], object]) -> None:
        """Run `then`, after offering to save a session with unsaved answers."""
        session = self.current_session()
        if session is None or not session.has_unsaved_work:
            then()
            return

        def decided(choice: str | None) -> None:
            if choice in (None, CANCEL):
                return
            if choice == SAVE and session.action_save() is None:
                return  # saving failed: stay, the notification says why
            then()

        log = SessionLog.of(session.engine)
        kept = log.session_id if log is not None and log.path is not None else None
        self.push_screen(SaveFirstScreen(leaving, kept_as=kept), decided)

    async def action_quit(self) -> None:
        if isinstance(self.screen, SaveFirstScreen):
            return
        self._confirm_then("quitting", lambda: self.exit(0))

    def action_go_home(self) -> None:
        def go_home() -> None:
            while isinstance(self.screen, SessionScreen) or len(self.screen_stack) > 2:
                self.pop_screen()

        self._confirm_then("leaving this session", go_home)

    # --- command palette --------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, SessionScreen):
            yield SystemCommand("Back", "Undo the last answer (ctrl+z)", screen.action_back)
            yield SystemCommand("Restart", "Start this flow over (ctrl+r)", screen.action_restart)
            yield SystemCommand(
                "Save transcript", "Write the session to a file (ctrl+s)", screen.action_save
            )
            yield SystemCommand(
                "Token inspector", "Decode the session's tokens (ctrl+t)", screen.action_inspect
            )
            yield SystemCommand(
                "Side panel",
                "Show or hide facts, path and tally (ctrl+b)",
                screen.action_toggle_panel,
            )
            yield SystemCommand(
                "Cancel checks",
                "Stop the checks that are running (escape)",
                screen.action_cancel_checks,
            )
            yield SystemCommand("Home", "Back to the list of flows", self.action_go_home)
        if isinstance(screen, HomeScreen):
            yield SystemCommand(
                "I have a token",
                "Paste a token; get a flow suggested (ctrl+t)",
                screen.action_paste_token,
            )
        yield SystemCommand("Keys", "Every key the wizard answers to (F1)", self.action_show_keys)

    def action_show_keys(self) -> None:
        from wizard.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())
