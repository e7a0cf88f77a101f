"""A file named in the paste box is read and ingested off the UI's thread.

The reading is held on an event the test controls, so each test can show the app handling
keys (escape, tab) while the file is being read, and what the box says meanwhile. The HAR
is generated: a few MB, many entries, one failing call with a token.
"""

from __future__ import annotations

import errno
import json
import threading

import pytest
from textual.widgets import Button, TextArea

import wizard.core.ingest
from tests.ui.conftest import FIXED_NOW, mint
from tests.ui.helpers import session, settle, wait_until
from wizard.commands.tui import build_app
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog, shipped_flows_dir
from wizard.ui.screens.paste import PasteTokenScreen

ENTRIES = 3000


def big_har(folder) -> tuple:
    token = mint({"iss": "https://idp.example.test", "aud": "api://other", "sub": "u1"})
    quiet = {
        "startedDateTime": "2025-05-06T16:18:00.000Z",
        "request": {"method": "GET", "url": "https://cdn.example.test/app.css", "headers": []},
        "response": {
            "status": 200,
            "headers": [],
            "content": {"mimeType": "text/css", "text": "body { margin: 0 }\n" * 50},
        },
    }
    failing = {
        "startedDateTime": "2025-05-06T16:18:40.000Z",
        "request": {
            "method": "GET",
            "url": "https://api.example.test/orders",
            "headers": [{"name": "Authorization", "value": f"Bearer {token}"}],
        },
        "response": {
            "status": 401,
            "headers": [{"name": "WWW-Authenticate", "value": 'Bearer error="invalid_token"'}],
            "content": {"mimeType": "application/json", "text": "{}"},
        },
    }
    har = {"log": {"version": "1.2", "entries": [quiet] * ENTRIES + [failing]}}
    path = folder / "support-ticket.har"
    path.write_text(json.dumps(har))
    assert path.stat().st_size > 2_000_000
    return path, token


@pytest.fixture
async def gate(monkeypatch):
    """ingest_path held until `release` is set; `entered` says a reader is waiting.

    Async so that its teardown (the release) runs before the test's event loop closes: the
    loop's closing waits for the reader thread, which a plain fixture released only after
    its 20 s wait ran out.
    """
    entered, release = threading.Event(), threading.Event()
    real = wizard.core.ingest.ingest_path
    readers: list[str] = []

    def held(path, *args, **kwargs):
        readers.append(threading.current_thread().name)
        entered.set()
        release.wait(20)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(wizard.core.ingest, "ingest_path", held)
    yield entered, release, readers
    release.set()


@pytest.fixture
def app(tmp_path):
    registry = load_registry()
    catalog = FlowCatalog.load([shipped_flows_dir()], registry)
    return build_app(catalog, registry, clock=lambda: FIXED_NOW, save_dir=tmp_path, blink=False)


def summary(pilot) -> str:
    return str(pilot.app.screen.query_one("#token-summary").render())


async def paste_path(pilot, path) -> None:
    await pilot.pause()
    await pilot.press("ctrl+t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PasteTokenScreen)
    pilot.app.screen.query_one(TextArea).text = str(path)
    await pilot.press("ctrl+j")


async def test_escape_closes_the_box_while_the_file_is_being_read(app, tmp_path, gate):
    entered, release, readers = gate
    path, _ = big_har(tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await paste_path(pilot, path)
        await wait_until(pilot, entered.is_set)
        assert "Reading support-ticket.har" in summary(pilot)
        assert pilot.app.screen.query_one("#token-start", Button).disabled
        await pilot.press("escape")  # handled while the reader is still held
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, PasteTokenScreen))
        assert not release.is_set()
        assert readers and readers[0] != threading.current_thread().name


async def test_keys_work_while_reading_and_the_step_opens_once_read(app, tmp_path, gate):
    entered, release, _ = gate
    path, token = big_har(tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await paste_path(pilot, path)
        await wait_until(pilot, entered.is_set)
        screen = pilot.app.screen
        before = screen.focused
        await pilot.press("tab")  # focus moves: the app handled a key mid-read
        await wait_until(pilot, lambda: screen.focused is not before)
        assert "Reading" in summary(pilot)
        release.set()
        await wait_until(pilot, lambda: "Recognised: har" in summary(pilot), tries=1000)
        shown = summary(pilot)
        assert token not in shown and token.rsplit(".", 1)[1] not in shown
        start = screen.query_one("#token-start", Button)
        assert not start.disabled
        await pilot.click("#token-start")
        await settle(pilot)
        assert session(pilot).engine.facts["resource_url"] == "https://api.example.test/orders"


async def test_an_unreadable_file_says_so_by_name_only(app, tmp_path, monkeypatch):
    path = tmp_path / "locked.har"
    path.write_text('{"log": {"entries": []}} secret-line-that-must-not-show')

    def refused(where, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(where))

    monkeypatch.setattr(wizard.core.ingest, "ingest_path", refused)
    async with app.run_test(size=(110, 40)) as pilot:
        await paste_path(pilot, path)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        shown = summary(pilot)
        assert "Cannot read locked.har: Permission denied" in shown
        assert str(tmp_path) not in shown and "secret-line" not in shown
        assert isinstance(pilot.app.screen, PasteTokenScreen)  # the box stays, to fix the path
