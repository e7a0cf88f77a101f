"""The TUI asks once per origin, with one key, before a credential goes where nobody said.

The fake check sends an Okta-style API token to a URL the flow's template chose (as the
Okta flow once took it from a token's iss): the core refuses, the screen asks, and only a
yes lets the request reach the real loopback server.
"""

from __future__ import annotations

from textual.widgets import Button

from tests.core.net.loopback import Reply, serve
from tests.ui.conftest import FIXED_NOW
from tests.ui.fakes_ui import UI_REGISTRY
from tests.ui.helpers import session, settle, shown_text, wait_until
from wizard.commands.tui import build_app
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckSpec, check
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.net.fetch import fetch
from wizard.core.vocab.result import CheckResult
from wizard.ui.screens.origin import OriginScreen
from wizard.ui.widgets.conversation import ResultCard

__all__ = ["serve"]

API_TOKEN = "00ssws-api-token-for-the-origin-prompt-test"
REGISTRY: dict[str, CheckSpec] = dict(UI_REGISTRY)


@check(
    "ui.send_api_token",
    title="Okta System Log (fake)",
    inputs={"where": "the org URL", "okta_api_token": "the API token"},
    requires=("where",),
    network=True,
    registry=REGISTRY,
)
async def send_api_token(ctx: CheckContext) -> CheckResult:
    response = await fetch(
        ctx.env, f"{ctx.get('where')}/api/v1/logs", headers={"Authorization": f"SSWS {API_TOKEN}"}
    )
    return ctx.passed(f"The org answered {response.status}.")


FLOW = """\
id: ui-origin
title: A check that sends the API token where a template points
description: The origin is the flow's, not the user's.
start: send
nodes:
  send:
    checks:
      - id: ui.send_api_token
        with: {{where: "{where}"}}
    next:
      - when: {{passed: ui.send_api_token}}
        goto: sent
      - goto: kept
  sent:
    resolution:
      title: Sent
      explanation: The org answered.
      steps: [Nothing to do.]
  kept:
    resolution:
      title: Not sent
      explanation: The token stayed here.
      steps: [Nothing to do.]
"""


def sent_ssws(server) -> list:
    return [r for r in server.requests if r.headers.get("authorization", "").startswith("SSWS")]


def origin_app(tmp_path, server):
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "ui-origin.yaml").write_text(FLOW.format(where=server.base))
    catalog = FlowCatalog.load([folder], REGISTRY)
    assert not catalog.problems, catalog.problems
    return build_app(
        catalog,
        REGISTRY,
        flow_id="ui-origin",
        clock=lambda: FIXED_NOW,
        save_dir=tmp_path,
        blink=False,
    )


async def asked(pilot) -> OriginScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OriginScreen))
    screen = pilot.app.screen
    assert isinstance(screen, OriginScreen)
    return screen


async def test_yes_confirms_the_origin_and_runs_the_check_again(tmp_path, serve):
    server = serve({"/api/v1/logs": lambda request: Reply(200, [])})
    app = origin_app(tmp_path, server)
    async with app.run_test(size=(100, 30)) as pilot:
        prompt = await asked(pilot)
        assert sent_ssws(server) == []  # refused first: nothing went
        question = shown_text(pilot)
        assert "the Okta API token" in question and server.base in question
        assert API_TOKEN not in question
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(sent_ssws(server)))
        await settle(pilot)
        assert prompt not in pilot.app.screen_stack
        assert len(sent_ssws(server)) == 1
        assert session(pilot).engine.results["ui.send_api_token"].status == "pass"
        assert "Sent" in shown_text(pilot)


async def test_no_keeps_the_token_here_and_is_not_asked_again(tmp_path, serve):
    server = serve({"/api/v1/logs": lambda request: Reply(200, [])})
    app = origin_app(tmp_path, server)
    async with app.run_test(size=(100, 30)) as pilot:
        await asked(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = session(pilot)
        assert pilot.app.screen is screen
        result = screen.engine.results["ui.send_api_token"]
        assert result.status == "error" and "nothing was sent" in result.detail
        assert "Not sent" in shown_text(pilot)
        # Run again: the same origin is refused again, and not asked about a second time.
        await pilot.click("ResultCard Button.retry")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, OriginScreen)
        assert sent_ssws(server) == []
        assert len(screen.query(ResultCard)) == 2


async def test_a_stray_enter_means_no(tmp_path, serve):
    server = serve({"/api/v1/logs": lambda request: Reply(200, [])})
    app = origin_app(tmp_path, server)
    async with app.run_test(size=(100, 30)) as pilot:
        prompt = await asked(pilot)
        await pilot.pause()
        assert prompt.focused is prompt.query_one("#origin-no", Button)
        await pilot.press("enter")  # a stray enter sends nothing
        await settle(pilot)
        assert sent_ssws(server) == []
        assert "Not sent" in shown_text(pilot)
