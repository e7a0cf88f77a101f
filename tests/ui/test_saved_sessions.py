"""Recent sessions on home, resuming one, and autosave (with the transcripts module only)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import session, settle
from wizard.ui.screens.home import HomeScreen, RecentItem
from wizard.ui.sessions import open_store
from wizard.ui.widgets.conversation import UserMessage

pytest.importorskip("wizard.core.session.store")


async def test_a_session_is_autosaved_listed_on_home_and_resumed(make_app, tmp_path):
    store = open_store(tmp_path / "data")
    first = make_app("ui-basic", store=store)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#confirm-discard")  # autosave kept it anyway
    assert [s.flow for s in store.recent()] == ["ui-basic"]

    second = make_app(store=store)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, HomeScreen)
        items = list(second.screen.query(RecentItem))
        assert [item.summary.flow for item in items] == ["ui-basic"]
        second.screen.query_one("#recent").focus()
        await pilot.press("enter")
        await settle(pilot)
        resumed = session(pilot)
        assert resumed.engine.facts["aud"] == "api://one"
        shown = [m.text for m in resumed.query(UserMessage)]
        assert "api://one" in shown
