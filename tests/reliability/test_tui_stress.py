"""The Textual UI under stress: every check of a node hangs, keys keep working, escape ends them.

Guards: the session screen runs the engine in a worker (so the UI stays responsive while
checks await), and escape cancels that worker, which cancels every running check task.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from wizard.commands.tui import build_app
from wizard.core.checks.registry import CheckSpec, check
from wizard.core.flow.catalog import FlowCatalog
from wizard.ui.screens.help import HelpScreen
from wizard.ui.screens.session import SessionScreen

HANGING = 12  # checks in the node, all awaiting forever
ROUNDS = 5  # times the help screen is opened and closed while they hang
FIXED_NOW = 1_795_428_000.0


class Hangs:
    """A registry with one check that awaits forever, counting starts and cancellations."""

    def __init__(self) -> None:
        self.registry: dict[str, CheckSpec] = {}
        self.started = 0
        self.cancelled = 0

        @check("stress.hang", title="Never answers", registry=self.registry)
        async def hang(ctx):
            self.started += 1
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled += 1
                raise
            return ctx.passed("unreachable")


def flow_text() -> str:
    calls = "\n".join(f"      - {{id: stress.hang, as: hang{n}}}" for n in range(HANGING))
    return f"""id: stress
title: Every check hangs
description: A node whose checks never answer.
start: wait
nodes:
  wait:
    say: Calling {HANGING} endpoints that never answer.
    checks:
{calls}
    next:
      - goto: done
  done:
    resolution:
      title: They answered
      explanation: Not expected.
      steps: [Nothing.]
"""


async def wait_until(pilot, condition, tries: int = 500) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


async def test_keys_work_while_every_check_hangs_and_escape_cancels_them(tmp_path: Path):
    hangs = Hangs()
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "stress.yaml").write_text(flow_text())
    catalog = FlowCatalog.load([tmp_path / "flows"], hangs.registry)
    assert not catalog.problems, catalog.problems
    app = build_app(
        catalog,
        hangs.registry,
        flow_id="stress",
        clock=lambda: FIXED_NOW,
        save_dir=tmp_path,
        blink=False,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: hangs.started == HANGING)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.checks_running
        for _ in range(ROUNDS):
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("escape")  # closes help; the checks go on
            await wait_until(pilot, lambda: app.screen is screen)
            assert screen.checks_running and hangs.cancelled == 0
        await pilot.press("escape")
        await wait_until(pilot, lambda: hangs.cancelled == HANGING)
        await wait_until(pilot, lambda: not screen.checks_running)
        kinds = [event.kind for event in screen.engine.events]
        assert kinds.count("checks_cancelled") == 1
        assert "resolved" not in kinds
