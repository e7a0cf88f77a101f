"""Home shows first: the flows and checks load in a thread behind it, the engine later still."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from tests.ui.conftest import UI_FLOWS
from tests.ui.fakes_ui import UI_REGISTRY
from tests.ui.helpers import session, settle, shown_text, wait_until
from wizard.commands.tui import build_app
from wizard.core.flow.catalog import FlowCatalog
from wizard.ui.screens.home import FlowItem, HomeScreen, RecentItem
from wizard.ui.sessions import open_store

ROOT = Path(__file__).resolve().parents[2]


async def test_home_says_it_is_loading_then_lists_the_flows_and_starts_one(tmp_path):
    release = threading.Event()

    def load():
        # Held until the test has seen home without its flows.
        assert release.wait(10), "the test never released the loader"
        catalog = FlowCatalog.load([UI_FLOWS], UI_REGISTRY)
        return {fid: loaded.flow for fid, loaded in catalog.flows.items()}, UI_REGISTRY, 2

    app = build_app(None, {}, loader=load, save_dir=tmp_path, blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query(FlowItem)
        assert "Loading the flows" in shown_text(pilot)
        release.set()
        await wait_until(pilot, lambda: "Loading the flows" not in shown_text(pilot))
        assert {item.flow.id for item in app.screen.query(FlowItem)} >= {"ui-basic"}
        assert "2 problem(s) in the flow files" in shown_text(pilot)
        await pilot.press(*"ui-basic", "enter")
        await settle(pilot)
        assert session(pilot).engine.state.flow == "ui-basic"


async def test_saved_sessions_are_read_behind_home_and_listed_with_the_flows(tmp_path):
    store = open_store(tmp_path / "data")

    def load():
        catalog = FlowCatalog.load([UI_FLOWS], UI_REGISTRY)
        return {fid: loaded.flow for fid, loaded in catalog.flows.items()}, UI_REGISTRY, 0

    first = build_app(None, {}, loader=load, save_dir=tmp_path, blink=False, store=store)
    async with first.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(first.screen.query(FlowItem)))
        await pilot.press(*"ui-basic", "enter")
        await settle(pilot)
        saved = session(pilot).session.id
    release = threading.Event()

    def held_load():
        assert release.wait(10), "the test never released the loader"
        return load()

    second = build_app(None, {}, loader=held_load, save_dir=tmp_path, blink=False, store=store)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Reading a transcript imports its models: not before the first frame.
        assert not second.screen.query(RecentItem)
        release.set()
        await wait_until(pilot, lambda: bool(second.screen.query(RecentItem)))
        assert [item.summary.id for item in second.screen.query(RecentItem)] == [saved]


async def test_a_loader_that_breaks_is_said_and_home_stays(tmp_path):
    def load():
        raise OSError("/secret/path/flows.yaml unreadable")

    app = build_app(None, {}, loader=load, save_dir=tmp_path, blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app._notifications))
        notes = [n.message for n in app._notifications]
        assert any("could not be loaded (OSError)" in note for note in notes)
        assert not any("/secret/path" in note for note in notes)
        assert isinstance(app.screen, HomeScreen)


def test_home_is_built_without_the_engine_the_flow_models_or_the_session_screen():
    code = (
        "import sys\n"
        "from wizard.cli import build_parser\n"
        "from wizard.commands.tui import build_home_app\n"
        "from wizard.core.session.store import SessionStore\n"
        "build_home_app(build_parser().parse_args([]), store=SessionStore())\n"
        "import wizard.ui.screens.home\n"
        "loaded = [m for m in ('pydantic', 'yaml', 'httpx', 'wizard.core.flow.engine',\n"
        "    'wizard.core.flow.model', 'wizard.ui.screens.session', 'wizard.core.checks.token')\n"
        "    if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
