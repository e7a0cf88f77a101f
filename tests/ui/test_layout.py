"""Layout rules at the two sizes a support engineer uses: 80×24 and 120×36.

The side panel folds away below 100 columns by itself and ctrl+b brings it back; the title
bar follows a handover to another playbook; every control stays on screen at 80×24.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from rich.text import Text
from textual.widgets import Button, Static

from tests.ui.conftest import FIXED_NOW, UI_FLOWS
from tests.ui.fakes_ui import UI_REGISTRY
from tests.ui.helpers import session, settle
from wizard.commands.tui import build_app
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import Finished
from wizard.ui.app import WizardApp
from wizard.ui.screens.help import KEYS, HelpScreen
from wizard.ui.widgets.answers import AnswerBox
from wizard.ui.widgets.conversation import ResolutionCard, ResultCard, UserMessage, links
from wizard.ui.widgets.sidepanel import SidePanel

SMALL = (80, 24)
LARGE = (120, 36)
HANDOVER = """
id: ui-handover
title: A playbook that hands over
description: Says one thing, then hands over to the basic flow.
start: hello
nodes:
  hello:
    say: Handing over to the basic flow.
    next:
      - goto: ui-basic:ask
"""


def catalog_with(tmp_path: Path, flow_id: str, text: str) -> FlowCatalog:
    """The test flows plus one written for the test, which must load without a problem."""
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / f"{flow_id}.yaml").write_text(text)
    catalog = FlowCatalog.load([UI_FLOWS, folder], UI_REGISTRY)
    assert catalog.problems == []
    return catalog


def panel_shown(pilot) -> bool:
    return bool(session(pilot).query_one(SidePanel).display)


@pytest.mark.parametrize(("size", "shown"), [(SMALL, False), (LARGE, True)])
async def test_the_side_panel_is_open_only_where_there_is_room(make_app, size, shown):
    async with make_app("ui-basic").run_test(size=size) as pilot:
        await settle(pilot)
        assert panel_shown(pilot) is shown


async def test_the_side_panel_folds_when_the_terminal_narrows_and_ctrl_b_brings_it_back(
    make_app,
):
    app = make_app("ui-basic")
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        assert panel_shown(pilot)
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        assert not panel_shown(pilot)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert panel_shown(pilot)
        await pilot.resize_terminal(79, 24)  # still narrow: the user's choice holds
        await settle(pilot)
        assert panel_shown(pilot)
        await pilot.resize_terminal(*LARGE)
        await settle(pilot)
        assert panel_shown(pilot)


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_the_answer_box_is_on_screen_whole(make_app, size):
    async with make_app("ui-basic").run_test(size=size) as pilot:
        await settle(pilot)
        box = session(pilot).query_one(AnswerBox).region
        width, height = size
        assert box.height > 0
        assert box.x >= 0 and box.right <= width
        assert box.bottom <= height - 1  # the footer's line stays below it


async def test_the_title_bar_follows_a_handover(tmp_path: Path):
    catalog = catalog_with(tmp_path, "ui-handover", HANDOVER)
    app = build_app(
        catalog,
        UI_REGISTRY,
        flow_id="ui-handover",
        clock=lambda: FIXED_NOW,
        save_dir=tmp_path,
        blink=False,
    )
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert session(pilot).engine.flow.id == "ui-basic"
        assert session(pilot).sub_title == "Every kind of answer"


async def test_the_help_says_how_to_scroll_and_reach_evidence(make_app):
    app: WizardApp = make_app("ui-basic")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(KEYS)
        assert any("scroll" in what for what in keys.values())
        assert any("Evidence" in what for what in keys.values())


async def test_page_keys_scroll_the_conversation_from_the_answer_box(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session(pilot)
        for _ in range(12):  # enough conversation to scroll
            await screen.conversation.mount(Static("x\n" * 3))
        await settle(pilot)
        screen.conversation.scroll_end(animate=False)
        await pilot.pause()
        bottom = screen.conversation.scroll_y
        assert bottom > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.conversation.scroll_y < bottom


async def test_the_palette_lists_each_command_once(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert len(titles) == len(set(titles)), titles
    # One entry opens the key help: the wizard's, not Textual's panel beside it.
    assert "Help" in titles and "Keys" not in titles


async def test_urls_are_never_wrapped_mid_url_and_are_links(make_app):
    url = "https://developer.okta.com/docs/guides/customize-tokens-returned-from-okta/main/"
    text = links("References:", [url, "javascript:alert(1)"])
    linked = {span.style.link for span in text.spans if isinstance(span.style, Style)}
    assert url in linked and "javascript:alert(1)" not in linked
    done = Finished("f", "n", "Title", "Why.", ("Do it.",), (url, "https://example.test/b"))
    app = make_app("ui-basic")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        card = ResolutionCard(done)
        await session(pilot).conversation.mount(card)
        await settle(pilot)
        refs = card.query_one(".refs", Static)
        assert refs.region.height == 3  # the heading and one line per URL: nothing wraps


def test_a_url_in_a_cards_prose_is_a_link_so_a_narrow_card_cannot_cut_it():
    from wizard.core.vocab.result import CheckResult, Status

    url = "http://127.0.0.1:34505/idp/keys"
    result = CheckResult(
        "jwks.keys", Status.FAIL, "Signing keys", f"No kid at {url} (issuer x).", fix=f"See {url}."
    )
    shown = [part.content for part in ResultCard("k", result).compose() if isinstance(part, Static)]
    links_in = [
        {span.style.link for span in text.spans if isinstance(span.style, Style)}
        for text in shown
        if isinstance(text, Text) and url in text.plain
    ]
    assert links_in == [{url}, {url}]  # the detail and the fix, the sentence's dot left out


async def test_the_diagnosis_buttons_stay_whole_with_the_side_panel_back_at_80_columns(
    make_app,
):
    done = Finished("f", "n", "Title", "Why.", ("Do it.",), ())
    async with make_app("ui-basic").run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert panel_shown(pilot)
        card = ResolutionCard(done)
        await session(pilot).conversation.mount(card)
        await settle(pilot)
        buttons = list(card.query(Button).results(Button))
        assert len(buttons) == 3
        for button in buttons:
            assert card.content_region.contains_region(button.region), str(button.label)


async def test_the_side_panel_keeps_a_url_whole_on_its_line(make_app):
    short = "https://sp.example.test/api/v2"
    long = "https://idp.example.test/realms/acme/protocol/openid-connect/long/path"
    client = "Wz4rdDem0C1ientAuth0x401abcdefghij0123456789"
    app = make_app("ui-basic", {"aud": short, "config": long, "client_id": client})
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        facts = session(pilot).query_one("#panel-facts", Static)
        shown = [facts.render_line(y).text.rstrip() for y in range(facts.region.height)]
        assert f"  {short}" in shown  # whole, on a line of its own
        # Too long for the panel: one line ending in an ellipsis, no remainder below it.
        cut = next(line for line in shown if line.startswith(f"  {long[:20]}"))
        assert cut.endswith("…") and not any("long/path" in line for line in shown)
        # Any other long value is folded, every character of it on screen.
        assert client in "".join(line.strip() for line in shown)
        content = facts.content
        assert isinstance(content, Text)
        linked = {span.style.link for span in content.spans if isinstance(span.style, Style)}
        assert {short, long} <= linked  # the whole address behind the link


async def test_a_folded_value_stays_whole_when_the_side_panel_scrolls(make_app):
    path = "/tmp/wizard-demo-6q0qikbm/opensearch_dashboards.yml"
    many = {f"fact_{n:02}": f"value {n}" for n in range(30)}  # more than the panel holds
    app = make_app("ui-basic", {"aud": "api://one", "config": path, **many})
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        panel = session(pilot).query_one(SidePanel)
        assert panel.max_scroll_y > 0  # its scrollbar takes two of its columns
        facts = session(pilot).query_one("#panel-facts", Static)
        shown = [facts.render_line(y).text.strip() for y in range(facts.region.height)]
    assert path in "".join(shown)  # folded, every character on screen


TWICE = """
id: ui-twice
title: The same check twice
description: Runs one check, then runs it again under another name with the same inputs.
start: first
nodes:
  first:
    checks:
      - id: fake.status
        with: {status: warn}
    next:
      - goto: again
  again:
    say: Once more, with the same inputs.
    checks:
      - id: fake.status
        as: echo-again
        with: {status: warn}
    next:
      - goto: done
  done:
    resolution:
      title: Done
      explanation: Done.
      steps: [Rest.]
"""


async def test_the_same_finding_twice_is_said_once(tmp_path: Path):
    catalog = catalog_with(tmp_path, "ui-twice", TWICE)
    app = build_app(
        catalog, UI_REGISTRY, flow_id="ui-twice", clock=lambda: FIXED_NOW, save_dir=tmp_path
    )
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        first, again = session(pilot).conversation.query(ResultCard)
        assert not first.repeats and again.repeats
        details = [str(w.content) for w in again.query(".detail").results(Static)]
        assert len(details) == 1 and first.result.detail not in details[0]  # not told twice
        # The flow's name for the second run is no word of the user's; that it ran again is.
        headings = [str(card.query_one(".card-title", Static).content) for card in (first, again)]
        assert not any("echo-again" in heading for heading in headings)
        assert headings[0] != headings[1] and headings[1].startswith(headings[0].rstrip())


def looks_focused(button: Button) -> bool:
    style = button.rich_style
    return bool(style.reverse) or bool(style.underline)


async def assert_each_button_shows_focus(pilot, where: str) -> None:
    buttons = [b for b in pilot.app.screen.query(Button) if b.display and not b.disabled]
    assert buttons, where
    for button in buttons:
        button.focus()
        await pilot.pause()
        assert looks_focused(button), f"{where}: {button.label} shows no focus"
        others = [b for b in buttons if b is not button and looks_focused(b)]
        assert not others, f"{where}: {others[0].label} looks focused too"


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_every_focused_button_is_visibly_focused(make_app, size):
    facts = {"aud": "api://wrong", "client_secret": "hunter22", "config": "/etc/sp/config.yml"}
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await assert_each_button_shows_focus(pilot, "home")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await assert_each_button_shows_focus(pilot, "paste dialog")
    app = make_app("ui-basic", {**facts, "token": "Bearer x.y.z"})
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await assert_each_button_shows_focus(pilot, "choices")
        await pilot.press("1")
        await settle(pilot)
        await assert_each_button_shows_focus(pilot, "resolution")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await assert_each_button_shows_focus(pilot, "save first")


FOUND = """
id: ui-found
title: A value the wizard found
description: Offers a value found in another fact; the user accepts it as it is.
start: ask
facts:
  issuer:
    type: url
    prompt: Which issuer?
  audience:
    type: text
    prompt: Which audience does the API expect?
    default:
      fact: issuer
      label: "from the issuer you gave (`issuer`)"
nodes:
  ask:
    ask: [audience]
    next:
      - goto: done
  done:
    resolution:
      title: Done
      explanation: Done.
      steps: [Rest.]
"""


async def test_an_accepted_found_value_says_where_it_came_from(tmp_path: Path):
    catalog = catalog_with(tmp_path, "ui-found", FOUND)
    app = build_app(
        catalog,
        UI_REGISTRY,
        flow_id="ui-found",
        facts={"issuer": "https://idp.example.test/"},
        clock=lambda: FIXED_NOW,
        save_dir=tmp_path,
    )
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the prefilled value, as offered
        await settle(pilot)
        bubble = session(pilot).conversation.query_one(UserMessage)
        shown = str(bubble.query_one(Static).content)
    assert "https://idp.example.test/" in shown
    assert "from the issuer you gave" in shown  # the found value's source, not only the value


async def test_back_from_the_diagnosis_shows_the_question_asked_again(make_app):
    """The diagnosis's focused button goes with it; the focus must not fall on a card far up
    the conversation and scroll there, leaving the question under the answer box unseen."""
    facts = {"token": "abc", "client_secret": "s3", "config": "/nonexistent"}
    async with make_app("ui-basic", facts).run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(*"api://wrong", "enter")  # cards with Evidence, then a choice
        await settle(pilot)
        conversation = pilot.app.screen.conversation
        # A long step between the cards and the question puts the cards off screen.
        await conversation.mount(Static("\n".join(f"line {n}" for n in range(40))))
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert pilot.app.screen.query(ResolutionCard)
        await pilot.press("alt+left")
        await settle(pilot)
        assert not pilot.app.screen.query(ResolutionCard)
        assert conversation.scroll_y == conversation.max_scroll_y


def test_a_long_path_in_the_side_panel_folds_after_a_slash_not_inside_a_name():
    from wizard.ui.widgets.sidepanel import PANEL_TEXT, value_lines

    path = "/tmp/wizard-demo-43rqau9r/opensearch_dashboards.yml"
    rows = [row.strip() for row in value_lines(path).plain.splitlines()]
    assert "".join(rows) == path and len(rows) > 1
    assert all(len(row) <= PANEL_TEXT for row in rows)
    assert all(row.endswith("/") for row in rows[:-1])
    assert rows[-1] == "opensearch_dashboards.yml"


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_the_help_shows_its_close_button_whole_as_it_opens(make_app, size):
    async with make_app("ui-basic").run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        dialog = pilot.app.screen.query_one(".help")
        close = pilot.app.screen.query_one(Button)
        assert dialog.region.contains_region(close.region), (close.region, dialog.region)
        assert pilot.app.screen.region.contains_region(close.region)
