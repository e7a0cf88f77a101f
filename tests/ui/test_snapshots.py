"""Pictures of the key screens at 100×30, and a session at 80×24 and 120×36, compared with
the accepted ones in __snapshots__.

Deterministic by construction: a fixed session clock, fixed tokens (HMAC, fixed key), no
cursor blink, local time pinned to UTC. Update with `pytest tests/ui --snapshot-update` after
looking at the report.
"""

from __future__ import annotations

import time

import pytest
from textual.widgets import TextArea

from tests.ui.conftest import auth0_access_token
from tests.ui.helpers import settle, settle_layout

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_home(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_session_with_result_cards(snap_compare, make_app):
    app = make_app("ui-basic", {"client_secret": "hunter22", "config": "/etc/sp/config.yml"})

    async def answer(pilot):
        await settle(pilot)
        await pilot.press(*"api://wrong", "enter")
        await settle(pilot)
        app.screen.query_one(TextArea).text = "Bearer " + auth0_access_token()
        await pilot.press("ctrl+j")
        await settle_layout(pilot)
        # The cards' Markdown lays itself out over several frames, so the scrollbar's thumb
        # lands a cell apart from run to run: the picture is of the cards, not of the thumb.
        app.screen.query_one("#conversation").styles.scrollbar_size_vertical = 0
        await settle_layout(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=answer)


def test_resolution(snap_compare, make_app):
    facts = {
        "aud": "api://wrong",
        "token": auth0_access_token(),
        "client_secret": "hunter22",
        "config": "/etc/sp/config.yml",
    }
    app = make_app("ui-basic", facts)

    async def resolve(pilot):
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=resolve)


def test_token_inspector(snap_compare, make_app):
    facts = {
        "aud": "api://wrong",
        "token": auth0_access_token(),
        "client_secret": "hunter22",
        "config": "/etc/sp/config.yml",
    }
    app = make_app("ui-basic", facts)

    async def inspect(pilot):
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=inspect)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_session_at_the_two_usual_sizes(snap_compare, make_app, size):
    """80×24: no side panel, the answer box and footer whole; 120×36: the side panel open."""
    app = make_app("ui-basic", {"client_secret": "hunter22", "config": "/etc/sp/config.yml"})

    async def answer(pilot):
        await settle(pilot)
        await pilot.press(*"api://wrong", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=answer)
