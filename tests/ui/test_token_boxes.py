"""Every box a token is pasted into: a preview at once, the token masked, the same send key."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Static, TextArea

from tests.ui.conftest import auth0_access_token, mint, okta_token
from tests.ui.helpers import session, settle, shown_text, wait_until
from wizard.ui.screens import paste as paste_screen
from wizard.ui.screens.paste import PasteTokenScreen
from wizard.ui.widgets.tokenarea import TokenArea, masked_paste


def on_screen(pilot, area: TextArea) -> str:
    """What the box and every text on the screen show, as plain text."""
    box = "\n".join(area.render_line(y).text for y in range(area.size.height))
    return box + "\n" + shown_text(pilot)


async def open_paste_dialog(pilot) -> PasteTokenScreen:
    await pilot.pause()
    await pilot.press("ctrl+t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PasteTokenScreen)
    return pilot.app.screen


async def paste(pilot, area: TextArea, text: str) -> None:
    area.focus()
    # As a terminal does: the app hands the paste to the focused widget.
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_pasted_token_is_previewed_without_pressing_anything(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_paste_dialog(pilot)
        await paste(pilot, dialog.query_one(TextArea), "Bearer " + auth0_access_token())
        await wait_until(pilot, lambda: dialog.query_one("#token-summary").display)
        await pilot.pause(0.3)
        text = shown_text(pilot)
        assert "https://tenant.eu.auth0.com/" in text  # issuer
        assert "https://api.example.test" in text  # audience
        assert "expires in 5 min" in text  # the session clock's reading of exp
        assert "openid profile" in text  # scopes
        assert "Auth0" in text and "access token" in text  # provider, kind
        suggested = dialog.suggestion.flow_id
        # The flow named by its title, as home lists it, not by its id.
        assert f"Suggested flow: {dialog.flows[suggested].title} (" in text
        # Still typing: the cursor stays in the box.
        assert isinstance(app.focused, TextArea)


async def test_an_expired_token_says_how_long_ago(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_paste_dialog(pilot)
        await paste(pilot, dialog.query_one(TextArea), okta_token())
        await pilot.pause(0.4)
        assert "expired 3 h ago" in shown_text(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_paste_dialog_never_shows_the_token(make_app, size):
    token = auth0_access_token()
    header, payload, signature = token.split(".")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = await open_paste_dialog(pilot)
        area = dialog.query_one(TextArea)
        await paste(pilot, area, f"Authorization: Bearer {token}")
        await pilot.pause(0.4)
        screen = on_screen(pilot, area)
        for piece in (header[:12], payload[:12], payload[-12:], signature[:12]):
            assert piece not in screen
        assert "•" * 12 in screen  # the box shows that something is there


def test_the_mask_keeps_the_layout_and_the_readable_rest():
    token = mint({"iss": "https://idp.example.test", "sub": "u1"})
    trace = f"curl -v https://api.example.test/v1/things\n> Authorization: Bearer {token}\n"
    wrapped = f"{token[:30]}\n{token[30:60]}\n{token[60:]}"
    for text in (token, trace, wrapped, f'"{token}"', "opaque-0123456789abcdefXYZ"):
        shown = masked_paste(text)
        assert len(shown) == len(text) and shown.count("\n") == text.count("\n")
        for line in shown.split("\n"):
            assert not any(len(run) >= 8 and run in token for run in line.split())
    assert "https://api.example.test/v1/things" in masked_paste(trace)
    assert masked_paste("~/captures/login.har") == "~/captures/login.har"


def send_key_hint(dialog: PasteTokenScreen) -> str:
    return str(dialog.query_one("#token-keys", Static).render())


@pytest.mark.parametrize("key", ["ctrl+j", "ctrl+enter"])
async def test_the_send_key_reads_a_paste_then_starts_it(make_app, key, monkeypatch):
    # The preview waits for the key here, as it does for a paste typed faster than it rests.
    monkeypatch.setattr(paste_screen, "PREVIEW_DELAY", 60)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_paste_dialog(pilot)
        dialog.query_one(TextArea).text = okta_token()
        before = send_key_hint(dialog)
        await pilot.press(key)
        await pilot.pause()
        assert dialog.suggestion is not None and dialog.suggestion.flow_id == "okta-sp-401"
        assert app.focused is dialog.query_one("#token-start")
        assert send_key_hint(dialog) != before  # the screen says the key now starts it
        dialog.query_one(TextArea).focus()
        await pilot.press(key)
        await settle(pilot)
        assert session(pilot).engine.state.flow == "okta-sp-401"


@pytest.mark.parametrize("key", ["ctrl+j", "ctrl+enter"])
async def test_once_the_preview_shows_the_send_key_starts_it(make_app, key):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_paste_dialog(pilot)
        await paste(pilot, dialog.query_one(TextArea), okta_token())
        await wait_until(pilot, lambda: dialog.previewed is not None)
        assert isinstance(app.focused, TokenArea)  # the preview leaves the cursor in the box
        await pilot.press(key)
        await settle(pilot)
        assert session(pilot).engine.state.flow == "okta-sp-401"


@pytest.mark.parametrize("key", ["ctrl+j", "ctrl+enter"])
async def test_the_same_key_sends_in_a_sessions_token_box(make_app, key):
    token = auth0_access_token()
    app = make_app(flow_id="ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://wrong", "enter")
        await settle(pilot)
        area = session(pilot).query_one(TokenArea)
        await paste(pilot, area, token)
        shown = on_screen(pilot, area)
        assert token.split(".")[2][:12] not in shown and "•" * 12 in shown
        await pilot.press(key)
        await settle(pilot)
        assert session(pilot).session.facts["token"] == token


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_preview_leaves_the_box_and_the_buttons_in_view(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = await open_paste_dialog(pilot)
        area = dialog.query_one(TextArea)
        await paste(pilot, area, "Bearer " + auth0_access_token())
        await wait_until(pilot, lambda: dialog.previewed is not None)
        await pilot.pause(0.1)
        frame = dialog.query_one(".dialog")
        inside = frame.content_region
        for widget in (area, dialog.query_one("#token-start"), dialog.query_one("#token-preview")):
            assert dialog.region.contains_region(widget.region), widget
            assert inside.contains_region(widget.region), widget
        assert "Suggested flow" in shown_text(pilot)  # the preview is there, if scrolled


async def test_a_box_drawn_after_its_removal_is_blank_not_a_crash():
    """Textual can draw a text area in the frame after it was removed, when its styles are gone."""
    from textual.app import App
    from textual.geometry import Region

    class OneBox(App[None]):
        def compose(self):
            yield TokenArea("Bearer abc")

    async with OneBox().run_test(size=(40, 6)) as pilot:
        area = pilot.app.query_one(TokenArea)
        await area.remove()
        lines = area.render_lines(Region(0, 0, 12, 2))
    assert [line.text for line in lines] == [" " * 12] * 2
