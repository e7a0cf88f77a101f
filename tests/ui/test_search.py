"""Home's search finds playbooks by what a user sees, and an empty result says what to try."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from tests.ui.helpers import settle
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog, shipped_flows_dir
from wizard.ui.screens.home import matches, no_match_hint

SHIPPED = {
    fid: loaded.flow
    for fid, loaded in FlowCatalog.load([shipped_flows_dir()], load_registry()).flows.items()
}


@pytest.mark.parametrize(
    ("query", "flow_id"),
    [
        ("encrypted", "generic-bearer-401"),  # a symptom, named only in a diagnosis
        ("invalid_token", "generic-bearer-401"),  # an error code
        ("scope_denied", "okta-sp-401"),
        ("invalid credentials", "auth0-userinfo-401"),  # Auth0's own words
        ("okta", "okta-sp-401"),  # a provider
        ("OpenSearch", "opensearch-oidc-401"),
        ("userinfo", "auth0-userinfo-401"),  # a declared symptom
    ],
)
def test_search_finds_a_playbook_by_what_the_user_sees(query: str, flow_id: str):
    assert flow_id in [fid for fid, flow in SHIPPED.items() if matches(flow, query)]


def test_an_empty_result_names_words_that_would_find_something():
    hint = no_match_hint(SHIPPED, "frobnicate")
    assert "frobnicate" in hint
    suggested = [word for word in ("okta", "auth0", "invalid_token") if word in hint]
    assert suggested
    for word in suggested:  # every suggestion finds a playbook
        assert any(matches(flow, word) for flow in SHIPPED.values())


def test_the_symptoms_suggested_are_what_several_playbooks_answer_to():
    hint = no_match_hint(SHIPPED, "frobnicate")
    symptoms = hint.split("a symptom (")[1].split(")")[0].split(", ")
    assert symptoms
    for word in symptoms:  # not a product's name that one playbook knows
        assert sum(matches(flow, word) for flow in SHIPPED.values()) > 1, word


async def test_the_home_screen_shows_the_hint_when_nothing_matches(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#search", Input).value = "frobnicate"
        await settle(pilot)
        note = app.screen.query_one("#no-match", Static)
        assert note.display
        assert "Try" in str(note.content) or "No playbook" in str(note.content)
