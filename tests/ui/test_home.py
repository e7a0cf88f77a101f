"""The home screen: the flow list, its search, and the pasted-token routing."""

from __future__ import annotations

import pytest
from textual.widgets import ListView, TextArea

from tests.ui.conftest import auth0_access_token, okta_token, plain_token
from tests.ui.helpers import session, settle
from wizard.ui.screens.home import FlowItem, HomeScreen
from wizard.ui.screens.paste import PasteTokenScreen


async def test_home_lists_every_flow_with_title_and_description(make_app, catalog):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        items = list(app.screen.query(FlowItem))
        assert {item.flow.id for item in items} == set(catalog.flows)


async def test_search_filters_and_enter_starts_the_first_match(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"okta")
        await pilot.pause()
        shown = [item.flow.id for item in app.screen.query(FlowItem)]
        assert shown == ["okta-sp-401"]
        await pilot.press("enter")
        await settle(pilot)
        assert session(pilot).engine.state.flow == "okta-sp-401"


async def test_search_with_no_match_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"zzz-nothing")
        await pilot.pause()
        assert not list(app.screen.query(FlowItem))
        assert app.screen.query_one("#no-match").display


async def test_picking_a_flow_from_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down")  # from the search into the list
        assert isinstance(app.focused, ListView)
        # The list is in title order: the first flow is "A check that errors" (ui-crash).
        await pilot.press("enter")
        await settle(pilot)
        assert session(pilot).engine.state.flow == "ui-crash"


@pytest.mark.parametrize(
    ("mint", "flow_id"),
    [
        (lambda: "Bearer " + auth0_access_token(), "auth0-userinfo-401"),
        (lambda: f'"{okta_token()}"', "okta-sp-401"),
        (plain_token, "generic-bearer-401"),
        (lambda: "not-a-jwt-at-all", "generic-bearer-401"),
    ],
)
async def test_a_pasted_token_suggests_its_flow_and_starts_it(make_app, mint, flow_id):
    token = mint()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PasteTokenScreen)
        app.screen.query_one(TextArea).text = token
        await pilot.click("#token-read")
        await pilot.pause()
        assert app.screen.suggestion.flow_id == flow_id
        await pilot.click("#token-start")
        await settle(pilot)
        engine = session(pilot).engine
        assert engine.state.flow == flow_id
        assert engine.facts["token"] == token  # the checks get the paste as it was


async def test_the_paste_dialog_never_shows_the_token_back(make_app):
    token = auth0_access_token()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        app.screen.query_one(TextArea).text = token
        await pilot.click("#token-read")
        await pilot.pause()
        summary = str(app.screen.query_one("#token-summary").render())
        assert "auth0" in summary and "access" in summary
        assert token.split(".")[2] not in summary


async def test_a_flow_only_pasted_evidence_opens_is_not_offered_to_pick(tmp_path):
    """Picked by hand it would say 'the pasted evidence points at one step' with none pasted."""
    from wizard.commands.tui import build_app
    from wizard.core.checks.catalog import load_registry
    from wizard.core.flow.catalog import FlowCatalog, shipped_flows_dir

    registry = load_registry()
    shipped = FlowCatalog.load([shipped_flows_dir()], registry)
    app = build_app(shipped, registry, save_dir=tmp_path, blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = {item.flow.id for item in app.screen.query(FlowItem)}
    unlisted = {fid for fid, loaded in shipped.flows.items() if not loaded.flow.applies.listed}
    assert "evidence-401" in unlisted
    assert listed == set(shipped.flows) - unlisted
