"""The paste dialog takes any evidence (or a file path) and opens the step with its facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.ui.conftest import FIXED_NOW
from tests.ui.helpers import session, settle
from wizard.commands.tui import build_app
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog, shipped_flows_dir
from wizard.ui.screens.paste import PasteTokenScreen

CORPUS = Path(__file__).resolve().parents[1] / "data" / "ingest"


@pytest.fixture
def shipped_app(tmp_path):
    registry = load_registry()
    catalog = FlowCatalog.load([shipped_flows_dir()], registry)
    return build_app(catalog, registry, clock=lambda: FIXED_NOW, save_dir=tmp_path, blink=False)


async def paste_and_start(pilot, text: str) -> str:
    await pilot.pause()
    await pilot.press("ctrl+t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PasteTokenScreen)
    pilot.app.screen.query_one(TextArea).text = text
    await pilot.click("#token-read")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # a file is read in a worker
    await pilot.pause()
    summary = str(pilot.app.screen.query_one("#token-summary").render())
    await pilot.click("#token-start")
    await settle(pilot)
    return summary


async def test_a_validator_line_opens_the_audience_step_with_both_values(shipped_app):
    async with shipped_app.run_test(size=(110, 40)) as pilot:
        summary = await paste_and_start(pilot, (CORPUS / "idx10214.log").read_text())
        assert "evidence-401:audience" in summary
        engine = session(pilot).engine
        assert ("evidence-401", "audience") in engine.state.path
        assert engine.state.node == "audience-mismatch"
        assert engine.facts["audience"] == "8f1c2d3e-0000-4000-8000-000000000001"


async def test_a_har_path_opens_the_step_and_never_shows_the_token(shipped_app):
    har = CORPUS / "har-token-and-401.har"
    async with shipped_app.run_test(size=(110, 40)) as pilot:
        summary = await paste_and_start(pilot, str(har))
        assert "Recognised: har" in summary
        assert "c2lnbmF0dXJlLXBhcnQtb25l" not in summary
        engine = session(pilot).engine
        assert ("generic-bearer-401", "audience") in engine.state.path
        assert engine.facts["resource_url"] == "https://api.example.com/orders"


def test_a_long_token_is_no_file_name_and_a_path_is(tmp_path):
    from wizard.ui.screens.paste import _file_named

    trace = tmp_path / "trace.txt"
    trace.write_text("HTTP/1.1 401 Unauthorized\n")
    assert _file_named(str(trace)) == trace
    assert _file_named("eyJ" + "A" * 400) is None  # longer than a file name may be
    assert _file_named("a\x00b") is None
    assert _file_named("line one\nline two") is None
