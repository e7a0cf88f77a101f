"""suggest_flow: which flow a pasted token leads to, whatever it was wrapped in."""

from __future__ import annotations

import pytest

from tests.flows.walking import shipped_catalog
from tests.ui.conftest import auth0_access_token, okta_token, plain_token
from wizard.core.flow.suggest import decode_token
from wizard.core.flow.suggest import suggest_flow as suggest_with


def suggest_flow(text: str):
    """The suggestion among the shipped playbooks, as the home screen makes it."""
    flows = {fid: loaded.flow for fid, loaded in shipped_catalog().flows.items()}
    return suggest_with(text, flows)


@pytest.mark.parametrize("wrap", ["{}", "Bearer {}", '"{}"', "  {}\n", "Authorization: Bearer {}"])
def test_wrapping_does_not_change_the_reading(wrap):
    token = auth0_access_token()
    plain = decode_token(token)
    wrapped = decode_token(wrap.format(token))
    assert wrapped.fingerprint == plain.fingerprint
    assert wrapped.claims == plain.claims


def test_auth0_access_token_goes_to_the_userinfo_flow():
    suggestion = suggest_flow(auth0_access_token())
    assert (suggestion.provider, suggestion.kind) == ("auth0", "access")
    assert suggestion.flow_id == "auth0-userinfo-401"


def test_okta_token_goes_to_the_service_provider_flow():
    suggestion = suggest_flow(okta_token())
    assert suggestion.provider.startswith("okta")
    assert suggestion.flow_id == "okta-sp-401"


@pytest.mark.parametrize("text", [plain_token(), "opaque-reference-token", "eyJhbGciOi.broken"])
def test_anything_else_goes_to_the_generic_flow(text):
    suggestion = suggest_flow(text)
    assert suggestion.flow_id == "generic-bearer-401"
    assert suggestion.reason


def test_the_decoded_token_holds_no_signature():
    token = auth0_access_token()
    decoded = decode_token(token)
    assert token.split(".")[2] not in repr(decoded)


def test_no_installed_flow_fitting_is_said_not_guessed():
    suggestion = suggest_with(okta_token(), {})
    assert suggestion.flow_id == ""
    assert suggestion.reason


def test_the_preview_says_what_the_token_says_and_leaves_out_what_it_lacks():
    from tests.ui.conftest import FIXED_NOW
    from wizard.core.flow.suggest import token_preview

    rows = dict(token_preview(decode_token(okta_token()), FIXED_NOW))
    assert rows["issuer"] == "https://example.okta.com"
    assert rows["expiry"] == "expired 3 h ago"
    assert rows["scopes"] == "openid email"
    bare = dict(token_preview(decode_token(plain_token()), FIXED_NOW))
    assert bare["expiry"] == "expires in 1 min"
    assert "audience" not in bare and "scopes" not in bare
