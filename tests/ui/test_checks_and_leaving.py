"""Checks that hang or error, saving the transcript, quitting with unsaved work, the modals."""

from __future__ import annotations

import json

from textual.widgets import Button, Input, Label, TextArea

from tests.ui.conftest import auth0_access_token
from tests.ui.helpers import session, settle, shown_text, wait_until
from wizard.ui.screens.confirm import SaveFirstScreen
from wizard.ui.screens.help import HelpScreen
from wizard.ui.screens.inspector import TokenInspector
from wizard.ui.screens.save import SaveDialog
from wizard.ui.widgets.conversation import ChecksRunning, NoticeCard, ResultCard
from wizard.ui.widgets.sidepanel import SidePanel


def spinner_shown(pilot) -> bool:
    return bool(pilot.app.screen.query(ChecksRunning))


async def test_escape_cancels_a_hung_check_and_retry_runs_it_again(make_app):
    app = make_app("ui-slow")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: spinner_shown(pilot))
        screen = session(pilot)
        assert screen.checks_running
        await pilot.press("escape")
        await wait_until(pilot, lambda: bool(screen.query(NoticeCard)))
        assert not spinner_shown(pilot)
        assert [e.kind for e in screen.engine.events].count("checks_cancelled") == 1
        assert "Checks cancelled" in shown_text(pilot)
        await pilot.click(NoticeCard.__name__ + " Button")
        await wait_until(pilot, lambda: spinner_shown(pilot))
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(screen.query(NoticeCard)) == 2)
        assert [e.kind for e in screen.engine.events].count("checks_started") == 2


async def test_the_ui_answers_keys_while_a_check_hangs(make_app):
    app = make_app("ui-slow")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: spinner_shown(pilot))
        # The spinner names the check as its card will be headed, not by its id.
        running = session(pilot).query_one(ChecksRunning)
        assert running.titles == ["Endpoint that hangs (fake)"]
        assert "ui.sleep" not in str(running.query_one(Label).render())
        assert session(pilot).query_one(SidePanel).display  # 100 columns: room for it
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not session(pilot).query_one(SidePanel).display
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+r")  # restart stops the hung check first
        await wait_until(pilot, lambda: spinner_shown(pilot))
        assert "restarted" in [e.kind for e in session(pilot).engine.events]


async def test_an_erroring_check_gets_an_error_card_with_retry(make_app):
    app = make_app("ui-crash")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = session(pilot).query_one(ResultCard)
        assert card.has_class("-error")
        text = shown_text(pilot)
        assert "RuntimeError" in text
        assert "secret-value-that-must-not-leak" not in text
        assert "Traceback" not in text
        await pilot.click("ResultCard Button.retry")
        await settle(pilot)
        kinds = [e.kind for e in session(pilot).engine.events]
        assert kinds.count("check_result") == 2
        assert len(session(pilot).query(ResultCard)) == 2
        # Only the latest error card still offers a retry.
        enabled = [b for b in session(pilot).query("ResultCard Button.retry") if not b.disabled]
        assert len(enabled) == 1


async def test_ctrl_s_saves_the_conversation_without_credentials(make_app, tmp_path):
    token = auth0_access_token()
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        session(pilot).query_one(TextArea).text = token
        await pilot.press("ctrl+j")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the save dialog: its folder, as proposed
        await pilot.pause()
        saved = sorted(tmp_path.glob("wizard-session-*"))
        assert saved, "nothing was saved"
        texts = [path.read_text() for path in saved]
        assert any("api://one" in text for text in texts)
        assert any("sha256:" in text for text in texts)  # the token, by fingerprint only
        assert not any(token in text or token.split(".")[2] in text for text in texts)
        assert all(path.stat().st_mode & 0o077 == 0 for path in saved)
        assert "20261123" in saved[0].name  # named from the session clock
        assert not session(pilot).has_unsaved_work


async def test_quitting_with_unsaved_work_asks_first(make_app, tmp_path):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, SaveFirstScreen)
        await pilot.click("#confirm-cancel")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, SaveFirstScreen)
        await pilot.press("ctrl+c")  # copies in inputs; never quits
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, SaveFirstScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#confirm-save")
        await pilot.pause()
        # Saving on the way out is the ctrl+s dialog, not a silent write: where, and what to
        # leave out, are asked here too.
        assert isinstance(app.screen, SaveDialog)
        await pilot.click("#save-redact")
        await pilot.click("#save-ok")
        await pilot.pause()
    assert app.return_code == 0
    saved = list(tmp_path.glob("wizard-session-*.json"))
    assert saved and json.loads(saved[0].read_text())["redaction"]["pii_masked"] is True


async def test_cancelling_the_save_dialog_on_the_way_out_stays(make_app, tmp_path):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#confirm-save")
        await pilot.pause()
        await pilot.click("#save-cancel")
        await pilot.pause()
        assert app.is_running and session(pilot).has_unsaved_work
    assert not list(tmp_path.glob("wizard-session-*"))


async def test_quitting_without_saving(make_app, tmp_path):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#confirm-discard")
        await pilot.pause()
    assert not list(tmp_path.glob("wizard-session-*"))


async def test_quitting_with_nothing_answered_does_not_ask(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, SaveFirstScreen)
    assert app.return_code == 0


async def test_inspector_shows_claims_times_and_problems(make_app, tmp_path):
    token = auth0_access_token()
    app = make_app("ui-basic", {"aud": "api://wrong", "token": token})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")  # skip the secret and the file
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, TokenInspector)
        text = shown_text(pilot)
        assert "https://tenant.eu.auth0.com/" in text
        assert "in 5 min" in text and "10 min ago" in text
        # The check that found a problem with aud, by its title: its id is no word for a reader.
        assert "Expected claim (fake)" in text and "ui.claim" not in text
        assert token.split(".")[2] not in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TokenInspector)


async def test_inspector_without_a_token_says_so(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not isinstance(app.screen, TokenInspector)


async def test_side_panel_masks_credentials(make_app):
    token = auth0_access_token()
    app = make_app("ui-basic", {"aud": "api://x", "token": token, "client_secret": "hunter22"})
    async with app.run_test(size=(130, 30)) as pilot:  # wide: the panel starts open
        await settle(pilot)
        panel = session(pilot).query_one(SidePanel)
        assert panel.display
        text = shown_text(pilot)
        assert "auth0 access" in text
        assert "[secret, 8 chars" in text
        assert "hunter22" not in text and token not in text


async def test_every_action_is_in_the_command_palette(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for wanted in (
            "Back",
            "Restart",
            "Save transcript",
            "Token inspector",
            "Side panel",
            "Cancel checks",
            "Home",
            "Help",
            "Theme",
        ):
            assert any(t.startswith(wanted) for t in titles), wanted


async def test_resolution_buttons(make_app, tmp_path):
    app = make_app("ui-basic", {"aud": "api://default"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+j")  # no token: send the empty paste area
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.click("Button.resolution-save")
        await pilot.pause()
        await pilot.press("enter")  # the save dialog: its folder, as proposed
        await pilot.pause()
        assert list(tmp_path.glob("wizard-session-*"))
        await pilot.click("Button.resolution-restart")
        await pilot.pause()
        await pilot.click("#confirm-yes")  # answers would be wiped: it asks first
        await settle(pilot)
        await pilot.press("ctrl+j")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.click("Button.resolution-home")
        await pilot.pause()
        assert isinstance(app.screen, SaveFirstScreen)  # answered again since the save
        await pilot.click("#confirm-discard")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_small_terminal_still_shows_the_input(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        field = session(pilot).query_one(Input)
        assert field.region.height > 0
        assert field.region.bottom <= 24
        assert not session(pilot).query_one(SidePanel).display
        buttons = list(app.screen.query(Button))
        assert all(b.region.right <= 80 for b in buttons)


async def test_an_engine_failure_becomes_a_card_not_a_traceback(make_app):
    app = make_app("ui-basic", {"client_secret": "hunter22-secret"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session(pilot)

        async def broken() -> None:
            raise RuntimeError("engine broke near hunter22-secret")

        screen.engine.advance = broken
        screen.run_engine()
        await settle(pilot)
        assert app.is_running
        text = shown_text(pilot)
        assert "Something went wrong" in text
        assert "RuntimeError: engine broke" in text
        assert "hunter22-secret" not in text


async def test_ctrl_c_copies_what_is_selected_in_an_answer_box(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one")
        await pilot.press("ctrl+shift+a", "ctrl+c")
        await pilot.pause()
        assert app.clipboard == "api://one"
        assert app.is_running
