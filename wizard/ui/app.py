"""The Textual app: the home screen, sessions over the engine, quitting with care."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.errors import UserError
from wizard.ui.messages import FlowPicked, ScenarioPicked, SessionPicked
from wizard.ui.screens.home import HomeScreen
from wizard.ui.warmup import prepare_sessions

# Only what the first screen needs is imported above: the engine, its pydantic flow models
# and the session screen are imported when a session opens, the leaving dialog when leaving
# (see docs/BENCHMARKS.md, "TUI start"). `is_session_screen` tells a session screen without
# importing its module.
if TYPE_CHECKING:
    from wizard.core.checks.registry import CheckSpec
    from wizard.core.flow.model import Flow
    from wizard.core.session.store import SessionStore, SessionSummary
    from wizard.core.session.transcript import Transcript
    from wizard.core.vocab.environment import CheckEnvironment
    from wizard.ui.demo import DemoWorlds
    from wizard.ui.screens.session import DemoGoal, SessionScreen


def is_session_screen(screen: object) -> TypeGuard[SessionScreen]:
    """Whether `screen` is a session screen (none can be before its module is imported)."""
    module = sys.modules.get("wizard.ui.screens.session")
    return module is not None and isinstance(screen, module.SessionScreen)


# Loads the flows, the check registry and the number of problems found in the flow files.
CatalogLoader = Callable[[], "tuple[Mapping[str, Flow], Mapping[str, CheckSpec], int]"]

# Signals that end the demo: its world is stopped first (SIGINT is a key in the terminal).
HANGUPS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class WizardApp(App[int]):
    """Home first; a picked flow opens a session screen on top of it."""

    CSS_PATH = "app.tcss"
    TITLE = "oidc-401 wizard"
    # ctrl+c is left to Textual, as in current Textual apps: it copies in inputs, and
    # elsewhere it says that ctrl+q quits.
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        """A toast whose text is never read as markup (it may quote a claim or a server).

        Textual would parse `[/]` in a message as a closing tag and crash the session.
        """
        options["markup"] = False
        super().notify(for_terminal(message), title=for_terminal(title), **options)

    def __init__(
        self,
        flows: Mapping[str, Flow],
        registry: Mapping[str, CheckSpec],
        *,
        env_factory: Callable[[], CheckEnvironment],
        start_flow: str | None = None,
        start_facts: Mapping[str, str] | None = None,
        save_dir: Path | None = None,
        problems: int = 0,
        blink: bool = True,
        store: SessionStore | None = None,
        start_transcript: Transcript | None = None,
        demo: DemoWorlds | None = None,
        loader: CatalogLoader | None = None,
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
        # With a loader the flows and checks are loaded in a thread once home shows (`flows`
        # and `registry` are empty until then): the first screen does not wait for them.
        self.loader = loader

    def get_default_screen(self) -> Screen:
        # Home is the bottom screen itself, not pushed over Textual's blank default: the first
        # frame drawn is home's, without a blank screen composed and laid out before it.
        if self.demo is not None:
            from wizard.ui.screens.demo_home import DemoHomeScreen

            return DemoHomeScreen(self.demo, self.expected_diagnosis)
        return HomeScreen(
            self.flows, self.problems, self.recent_sessions, loading=self.loader is not None
        )

    def on_mount(self) -> None:
        if self.demo is not None:
            self._stop_world_on_signals()
            if self.demo.world is not None:
                self.open_demo_session()
                return
            # While the user reads the scenarios: make the worlds' keys and import the session
            # screen, so that Enter only starts the world and the checks.
            self.call_after_refresh(self._warm_up_demo)
            return
        if self.loader is not None:
            # After the first frame: the loader holds the GIL for a while (pydantic models).
            self.call_after_refresh(self._start_loading)
            return
        if self.start_transcript is not None:
            self.open_resumed(self.start_transcript, self.start_facts)
        elif self.start_flow is not None:
            self.open_session(self.start_flow, self.start_facts)

    def _warm_up_demo(self) -> None:
        from wizard.demo.keys import warm_up_in_background

        warm_up_in_background()
        self.run_worker(prepare_sessions, thread=True, description="preparing sessions")

    def _start_loading(self) -> None:
        self.run_worker(
            self._load_catalog, thread=True, exit_on_error=False, description="loading flows"
        )

    def _load_catalog(self) -> None:
        """In a thread: load the flows and checks, then hand them to home on the UI thread."""
        assert self.loader is not None
        try:
            flows, registry, problems = self.loader()
        except Exception as error:  # a broken flow folder must not leave home loading forever
            self.call_from_thread(self._catalog_failed, error)
            return
        # Here too, not before the first frame: reading them imports the transcript models.
        recent = self.recent_sessions()
        # Textual's stubs cannot match a coroutine function of several arguments here.
        self.call_from_thread(self._catalog_loaded, flows, registry, problems, recent)  # type: ignore[arg-type]
        # While the user picks a flow: the first step then waits for its checks alone.
        prepare_sessions()

    def _catalog_loaded(
        self,
        flows: Mapping[str, Flow],
        registry: Mapping[str, CheckSpec],
        problems: int,
        recent: list[SessionSummary],
    ) -> None:
        self.flows, self.registry, self.problems = dict(flows), registry, problems
        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is not None:
            self.call_later(home.show_catalog, self.flows, problems)
            self.call_later(home.show_recent, recent)

    def _catalog_failed(self, error: Exception) -> None:
        # Only the type: a message could quote a file's content.
        self.notify(
            f"The flows could not be loaded ({type(error).__name__}).", severity="error", timeout=10
        )

    def recent_sessions(self) -> list[SessionSummary]:
        """The saved sessions home offers to resume, newest first."""
        from wizard.ui.sessions import recent_sessions

        return recent_sessions(self.store)

    def open_session(
        self,
        flow_id: str,
        facts: Mapping[str, str] | None = None,
        *,
        subtitle: str | None = None,
        demo: DemoGoal | None = None,
    ) -> None:
        """A new session on `flow_id`, autosaved from its first event."""
        from wizard.core.session.session import Session
        from wizard.ui.screens.session import SessionScreen

        session = Session.start(
            self.flows,
            self.registry,
            flow_id,
            facts=facts or {},
            env=self.env_factory(),
            store=self.store,
        )
        screen = SessionScreen(
            session, self.save_dir, blink=self.blink, subtitle=subtitle, demo=demo
        )
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
        from wizard.ui.screens.session import DemoGoal

        # The diagnosis stays unsaid until the end, where the session compares it with its own:
        # a toast or a title naming it would give the walk away (and a toast covers choices).
        goal = DemoGoal(name, world.scenario.expected_resolution, self.expected_diagnosis(name))
        self.open_session(world.scenario.flow, world.facts, subtitle=f"demo {name}", demo=goal)

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
        from wizard.ui.screens.session import SessionScreen
        from wizard.ui.sessions import resume_transcript

        try:
            session = resume_transcript(
                transcript, self.store, self.flows, self.registry, self.env_factory(), facts
            )
        except UserError as error:
            self.notify(error.message, severity="error", timeout=10)
            return
        self._push_session(
            SessionScreen(session, self.save_dir, blink=self.blink, resumed_from=transcript)
        )

    def on_flow_picked(self, message: FlowPicked) -> None:
        self.open_session(message.flow_id, message.facts)

    def on_session_picked(self, message: SessionPicked) -> None:
        if self.store is None:
            return
        from wizard.ui.sessions import resume_transcript

        try:
            transcript = self.store.load(message.reference)
            session = resume_transcript(
                transcript, self.store, self.flows, self.registry, self.env_factory()
            )
        except UserError as error:
            self.notify(error.message, severity="error", timeout=10)
            return
        from wizard.ui.screens.session import SessionScreen

        self._push_session(
            SessionScreen(session, self.save_dir, blink=self.blink, resumed_from=transcript)
        )

    def _push_session(self, screen: SessionScreen) -> None:
        session = screen.session
        if session.path is not None:
            if session.id in self.kept_sessions:
                self.kept_sessions.remove(session.id)
            self.kept_sessions.append(session.id)
        self.push_screen(screen)

    # --- sessions and leaving them ---------------------------------------------------------

    def current_session(self) -> SessionScreen | None:
        return next((s for s in reversed(self.screen_stack) if is_session_screen(s)), None)

    def _confirm_then(self, leaving: str, then: Callable[[], object]) -> None:
        """Run `then`, after offering to save a session with unsaved answers."""
        session = self.current_session()
        if session is None or not session.has_unsaved_work:
            then()
            return

        from wizard.ui.screens.confirm import CANCEL, SAVE, SaveFirstScreen

        def decided(choice: str | None) -> None:
            if choice in (None, CANCEL):
                return
            if choice == SAVE:
                # The same dialog as ctrl+s (where, and what to leave out): `then` runs only
                # once the transcript is written; a cancelled dialog or a failed save stays.
                session.action_save_as(then=then)
                return
            then()

        kept = session.session.id if session.session.path is not None else None
        self.push_screen(SaveFirstScreen(leaving, kept_as=kept), decided)

    async def action_quit(self) -> None:
        # Imported when leaving, like the session screen when one opens (`is_session_screen`).
        from wizard.ui.screens.confirm import SaveFirstScreen

        if isinstance(self.screen, SaveFirstScreen):
            return
        self._confirm_then("quitting", lambda: self.exit(0))

    def action_go_home(self) -> None:
        def go_home() -> None:
            while is_session_screen(self.screen) or len(self.screen_stack) > 1:
                self.pop_screen()

        self._confirm_then("leaving this session", go_home)

    # --- command palette --------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own "Keys" opens its key panel: the wizard's Help (below) is that page.
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
        if is_session_screen(screen):
            yield SystemCommand("Back", "Undo the last answer (ctrl+z)", screen.action_back)
            yield SystemCommand("Restart", "Start this flow over (ctrl+r)", screen.action_restart)
            yield SystemCommand(
                "Save transcript", "Write the session to a file (ctrl+s)", screen.action_save_as
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
        yield SystemCommand("Help", "Every key the wizard answers to (F1)", self.action_show_keys)

    def action_show_keys(self) -> None:
        from wizard.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())
