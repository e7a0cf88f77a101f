"""The UI tests' app: built by the same factory as the CLI, over test flows and fake checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.fakes_ui import UI_REGISTRY
from wizard.commands.tui import build_app
from wizard.core.flow.catalog import FlowCatalog
from wizard.demo.keys import SigningKey

UI_FLOWS = Path(__file__).resolve().parents[1] / "data" / "ui_flows"
# 2026-11-23 10:00:00 UTC: every session in the UI tests lives at this instant.
FIXED_NOW = 1_795_428_000.0
# A fixed HMAC key keeps minted tokens (and their fingerprints) the same on every run.
TEST_KEY = SigningKey.shared("ui-tests-fixed-hmac-key-32-bytes!")


def mint(claims: dict, headers: dict | None = None) -> str:
    return TEST_KEY.sign(claims, headers)


def auth0_access_token() -> str:
    return mint(
        {
            "iss": "https://tenant.eu.auth0.com/",
            "sub": "auth0|abc123",
            "aud": ["https://api.example.test", "https://tenant.eu.auth0.com/userinfo"],
            "azp": "client-1",
            "scope": "openid profile",
            "iat": int(FIXED_NOW) - 600,
            "exp": int(FIXED_NOW) + 300,
        },
        {"typ": "at+jwt", "kid": "k1"},
    )


def okta_token() -> str:
    return mint(
        {
            "iss": "https://example.okta.com",
            "sub": "00u1",
            "aud": "https://example.okta.com",
            "cid": "0oa1",
            "scp": ["openid", "email"],
            "iat": int(FIXED_NOW) - 3600,
            "exp": int(FIXED_NOW) - 10800,
        }
    )


def plain_token() -> str:
    return mint({"iss": "https://idp.example.test", "sub": "u1", "exp": int(FIXED_NOW) + 60})


@pytest.fixture
def catalog() -> FlowCatalog:
    loaded = FlowCatalog.load([UI_FLOWS], UI_REGISTRY)
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture
def make_app(catalog, tmp_path):
    def make(flow_id: str | None = None, facts: dict | None = None, **kwargs):
        return build_app(
            catalog,
            UI_REGISTRY,
            flow_id=flow_id,
            facts=facts,
            clock=lambda: FIXED_NOW,
            save_dir=tmp_path,
            blink=False,
            **kwargs,
        )

    return make
