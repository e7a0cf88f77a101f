"""`wizard demo` in the TUI: the scenarios on home, a world per pick, no world left running.

The app is built by the factory `wizard demo` uses, over the shipped flows and the real checks;
the worlds are real (servers on 127.0.0.1), so a stopped world's port refuses connections.
"""

from __future__ import annotations

import os
import signal
import socket
from urllib.parse import urlsplit

import pytest

from tests.ui.helpers import session, settle, shown_text
from wizard.commands.tui import build_demo_app
from wizard.demo.scenarios import SCENARIOS
from wizard.ui.screens.demo_home import DemoHomeScreen, ScenarioItem
from wizard.ui.widgets.answers import ChoiceAnswer
from wizard.ui.widgets.conversation import ResolutionCard

SIZE = (120, 36)


@pytest.fixture
def demo_app(tmp_path):
    apps = []

    def make(scenario: str | None = None):
        app = build_demo_app(scenario, save_dir=tmp_path, blink=False)
        apps.append(app)
        return app

    yield make
    for app in apps:  # a failing test must not leave a world running
        app.demo.stop()


def issuer_port(facts: dict[str, str]) -> int:
    issuer = facts["issuer"]
    assert issuer.startswith("http://127.0.0.1:"), issuer
    port = urlsplit(issuer).port
    assert port is not None
    return port


def accepts(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            return True
    except ConnectionRefusedError:
        return False


def index_of(name: str) -> int:
    return [s.name for s in SCENARIOS].index(name)


async def pick(pilot, name: str) -> None:
    """Move the highlight to the scenario and press enter, as a user would."""
    listing = pilot.app.screen.query_one("#scenarios")
    await pilot.press(*(["up"] * len(SCENARIOS)))
    await pilot.press(*(["down"] * index_of(name)))
    assert listing.highlighted_child.scenario_name == name
    await pilot.press("enter")
    await settle(pilot)


async def test_the_demo_home_lists_every_scenario_and_runs_no_world(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DemoHomeScreen)
        items = list(app.screen.query(ScenarioItem))
        assert [item.scenario_name for item in items] == [s.name for s in SCENARIOS]
        text = shown_text(pilot)
        for scenario in SCENARIOS:
            assert scenario.summary in text
        assert app.demo.world is None
        assert "Running:" not in text


async def test_picking_a_scenario_opens_a_session_on_its_running_world(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "unknown-kid")
        screen = session(pilot)
        assert screen.engine.flow.id == "generic-bearer-401"
        port = issuer_port(screen.engine.facts)
        assert accepts(port)
        assert app.demo.world.scenario.name == "unknown-kid"
        assert "unknown-kid" in screen.sub_title
        # The title bar and the toasts keep the diagnosis to themselves: it is the puzzle.
        assert "no longer publishes" not in screen.sub_title
        assert not any("no longer publishes" in str(n.message) for n in app._notifications)


async def test_a_demo_session_says_at_the_end_what_was_expected_and_what_was_reached(demo_app):
    app = demo_app("unknown-kid")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(8):  # walk it as a user would: the first choice, or skip a question
            if session(pilot).query(ResolutionCard):
                break
            await pilot.press("1" if session(pilot).query(ChoiceAnswer) else "enter")
            await settle(pilot)
        text = shown_text(pilot)
        assert "expected" in text and "reached" in text
        assert "✓ Demo 'unknown-kid'" in text


async def test_a_demo_transcript_says_it_was_a_demo_and_its_verdict(demo_app, tmp_path):
    app = demo_app("okta-missing-email")  # every fact given: it walks to its diagnosis
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert session(pilot).query(ResolutionCard)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the save dialog, as proposed
        await pilot.pause()
    markdown = next(tmp_path.glob("*.md")).read_text()
    [row] = [line for line in markdown.splitlines() if line.startswith("| Demo |")]
    assert "okta-missing-email" in row and row.rstrip(" |").endswith("reached it")


async def test_going_home_and_picking_another_stops_the_first_world(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "tampered-signature")
        first = issuer_port(session(pilot).engine.facts)
        await pilot.press("escape")  # no checks running: back to home
        await pilot.pause()
        assert isinstance(app.screen, DemoHomeScreen)
        assert accepts(first)  # home alone leaves the world running
        assert "Running: tampered-signature" in shown_text(pilot)
        await pick(pilot, "auth0-hs256-api")
        second = issuer_port(session(pilot).engine.facts)
        assert second != first
        assert not accepts(first)
        assert accepts(second)
        assert session(pilot).engine.flow.id == "auth0-userinfo-401"


async def test_quitting_stops_the_world_and_removes_its_files(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pick(pilot, "opensearch-subject-case")
        port = issuer_port(session(pilot).engine.facts)
        folder = app.demo.world.config_dir
        assert folder is not None and folder.is_dir()
        await pilot.press("ctrl+q")  # nothing answered yet: no question before leaving
        await pilot.pause()
    assert app.return_value == 0
    assert not accepts(port)
    assert not folder.exists()
    assert app.demo.world is None


async def test_a_named_scenario_opens_its_session_with_the_scenarios_underneath(demo_app):
    app = demo_app("expired-token-clock-skew")
    port = issuer_port(app.demo.world.facts)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert issuer_port(session(pilot).engine.facts) == port
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DemoHomeScreen)
        assert "Running: expired-token-clock-skew" in shown_text(pilot)
    assert not accepts(port)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
async def test_a_closed_terminal_stops_the_world_too(demo_app):
    # SIGHUP is what a closed terminal sends: the app stops the world, then ends.
    app = demo_app("opensearch-roles-key-absent")
    port = issuer_port(app.demo.world.facts)
    folder = app.demo.world.config_dir
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Sent only when the app handles it: the default action would end the test run.
        assert signal.SIGHUP in app._signals
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause()
        await pilot.pause()
    assert app.return_value == 1
    assert not accepts(port)
    assert not folder.exists()
    # The handler goes with the app.
    assert app._signals == []


def test_the_expected_diagnosis_names_no_fact_the_session_has_not_learned():
    from tests.flows.walking import shipped_catalog
    from wizard.core.flow.model import FACT_REFERENCE
    from wizard.ui.demo import expected_diagnosis

    flows = {name: loaded.flow for name, loaded in shipped_catalog().flows.items()}
    for scenario in SCENARIOS:
        node = flows[scenario.flow].nodes[scenario.expected_resolution]
        assert node.resolution is not None
        names = FACT_REFERENCE.findall(node.resolution.title)
        title = expected_diagnosis(flows, scenario)
        assert not any(name in title for name in names), (scenario.name, title)


def test_a_demo_that_reached_its_diagnosis_says_so_once_with_the_filled_title():
    from wizard.core.flow.engine import Finished
    from wizard.ui.screens.session_widgets import DemoGoal, demo_verdict

    goal = DemoGoal("case", "names-differ", "The names differ (… vs …)")
    reached = Finished("f", "names-differ", "The names differ (USERID vs userid)", "", (), ())
    verdict = demo_verdict(goal, reached)
    assert "USERID vs userid" in verdict and goal.title not in verdict
    missed = Finished("f", "other", "Something else", "", (), ())
    assert goal.title in demo_verdict(goal, missed)  # a miss names what was expected
