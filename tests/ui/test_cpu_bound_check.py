"""A CPU-bound check runs off the UI's thread: the screen shows it running, F1 and escape work.

The fake check spins in pure Python until the test releases it (or, in the last test,
until the session's cpu_limit passes). Run inline it would hold the event loop and no key
would be handled until it ended.
"""

from __future__ import annotations

import threading

import pytest

from tests.ui.conftest import FIXED_NOW
from tests.ui.fakes_ui import UI_REGISTRY
from tests.ui.helpers import session, settle, shown_text, wait_until
from wizard.commands.tui import build_app
from wizard.core.checks.context import CheckContext, CheckSpec
from wizard.core.checks.registry import check
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.vocab.environment import CheckOptions
from wizard.core.vocab.result import CheckResult
from wizard.ui.screens.help import HelpScreen
from wizard.ui.widgets.conversation import ChecksRunning, NoticeCard, ResultCard

REGISTRY: dict[str, CheckSpec] = dict(UI_REGISTRY)
RELEASE = threading.Event()
STARTED = threading.Event()


@check("ui.cpu_spin", title="Matching costly patterns (fake)", cpu_bound=True, registry=REGISTRY)
async def cpu_spin(ctx: CheckContext) -> CheckResult:
    STARTED.set()
    while not RELEASE.is_set():
        sum(range(200))  # pure Python work, never a wait
    return ctx.passed("matched")


FLOW = """\
id: ui-cpu
title: A CPU-bound check
description: Runs a check that works on the CPU until it is released.
start: work
nodes:
  work:
    checks: [ui.cpu_spin]
    next:
      - when: {passed: ui.cpu_spin}
        goto: done
      - goto: gave-up
  done:
    resolution:
      title: Matched
      explanation: The patterns matched.
      steps: [Nothing to do.]
  gave-up:
    resolution:
      title: Gave up
      explanation: The check did not finish.
      steps: [Nothing to do.]
"""


@pytest.fixture(autouse=True)
def released():
    RELEASE.clear()
    STARTED.clear()
    yield
    RELEASE.set()


def cpu_app(tmp_path, limit: float = 60.0):
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "ui-cpu.yaml").write_text(FLOW)
    catalog = FlowCatalog.load([folder], REGISTRY)
    assert not catalog.problems, catalog.problems
    return build_app(
        catalog,
        REGISTRY,
        flow_id="ui-cpu",
        options=CheckOptions(cpu_limit=limit),
        clock=lambda: FIXED_NOW,
        save_dir=tmp_path,
        blink=False,
    )


def running(pilot) -> bool:
    return bool(pilot.app.screen.query(ChecksRunning))


async def test_f1_and_escape_work_while_a_cpu_bound_check_runs(tmp_path):
    app = cpu_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: running(pilot) and STARTED.is_set())
        assert "Matching costly patterns" in shown_text(pilot)  # the screen says what runs
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert STARTED.is_set() and not RELEASE.is_set()  # still spinning meanwhile
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        screen = session(pilot)
        assert screen.checks_running
        await pilot.press("escape")  # cancels the running check
        await wait_until(pilot, lambda: bool(screen.query(NoticeCard)))
        RELEASE.set()
        assert "Checks cancelled" in shown_text(pilot)
        assert not running(pilot)


async def test_released_it_routes_on_its_result(tmp_path):
    app = cpu_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: running(pilot) and STARTED.is_set())
        RELEASE.set()
        await settle(pilot)
        assert session(pilot).engine.results["ui.cpu_spin"].status == "pass"
        assert "Matched" in shown_text(pilot)


async def test_past_its_limit_it_is_an_error_card_naming_the_limit(tmp_path):
    app = cpu_app(tmp_path, limit=0.3)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(pilot.app.screen.query(ResultCard)), tries=500)
        RELEASE.set()  # the abandoned thread would spin on until the test ends
        await settle(pilot)
        card = session(pilot).query_one(ResultCard)
        assert card.has_class("-error")
        assert "0.3 s" in shown_text(pilot)
        assert "Gave up" in shown_text(pilot)
