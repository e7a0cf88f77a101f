"""Provider, token kind and issuer comparison, from the shapes CHECKS.md lists."""

from __future__ import annotations

import pytest

from tests.core.tokens.minting import (
    CLIENT_ID,
    ENTRA_TID,
    auth0_access,
    keycloak_id,
    okta_access,
    okta_id,
)
from wizard.core.tokens import compare_issuer, detect_kind, detect_provider


@pytest.mark.parametrize(
    ("iss", "provider", "server"),
    [
        ("https://acme.okta.com", "okta-org", "org"),
        ("https://acme.oktapreview.com", "okta-org", "org"),
        ("https://acme.okta.com/oauth2/default", "okta-custom", "custom"),
        ("https://login.acme.test/oauth2/aus1a2b3c4d5e6f7g8", "okta-custom", "custom"),
        ("https://acme.eu.auth0.com/", "auth0", None),
        ("https://sso.example.test/realms/acme", "keycloak", None),
        ("https://sso.example.test/auth/realms/acme", "keycloak", None),
        (f"https://sts.windows.net/{ENTRA_TID}/", "entra-v1", None),
        (f"https://login.microsoftonline.com/{ENTRA_TID}/v2.0", "entra-v2", None),
        ("https://accounts.google.com", "google", None),
        ("accounts.google.com", "google", None),
        ("https://idp.example.test", "generic", None),
    ],
)
def test_provider_from_issuer_shape(iss: str, provider: str, server: str | None) -> None:
    guess = detect_provider({"iss": iss})
    assert (guess.provider, guess.okta_server) == (provider, server)
    assert guess.reasons


@pytest.mark.parametrize(
    ("claims", "provider"),
    [
        ({"iss": "https://id.acme.test", "realm_access": {"roles": []}}, "keycloak"),
        ({"iss": "https://id.acme.test", "tid": ENTRA_TID, "ver": "2.0"}, "entra-v2"),
        ({"iss": "https://id.acme.test", "tid": ENTRA_TID, "ver": "1.0"}, "entra-v1"),
        ({"iss": "https://id.acme.test", "cid": "x", "uid": "y", "scp": ["openid"]}, "okta-org"),
        ({"iss": "https://id.acme.test/oauth2/x", "cid": "x", "scp": ["openid"]}, "okta-custom"),
        ({"iss": "https://id.acme.test/", "sub": "google-oauth2|123", "azp": "c"}, "auth0"),
        ({"iss": "https://id.acme.test/", "azp": "c", "https://acme.test/roles": []}, "auth0"),
        # ID tokens, which carry no cid, scp or azp: the same provider as their access tokens.
        ({"iss": "https://id.acme.test", "ver": 1, "idp": "00o1idp", "sub": "00u1"}, "okta-org"),
        ({"iss": "https://id.acme.test/", "sub": "auth0|123", "sid": "s1"}, "auth0"),
        ({"iss": "https://id.acme.test"}, "generic"),
    ],
)
def test_provider_from_claim_shapes_when_the_issuer_is_a_custom_domain(claims, provider) -> None:
    assert detect_provider(claims).provider == provider


def test_auth0_jwe_header_names_the_issuer() -> None:
    guess = detect_provider({}, {"alg": "dir", "enc": "A256GCM", "iss": "https://a.auth0.com/"})
    assert guess.provider == "auth0"


@pytest.mark.parametrize(
    ("header", "claims", "client_id", "kind"),
    [
        ({"typ": "at+jwt"}, {"nonce": "n"}, None, "access"),
        ({"typ": "application/at+jwt"}, {}, None, "access"),
        ({}, okta_access(), None, "access"),
        ({}, okta_id(), None, "id"),
        ({}, {k: v for k, v in okta_id().items() if k != "nonce"}, CLIENT_ID, "id"),
        ({}, auth0_access(), None, "access"),
        ({}, keycloak_id(), None, "id"),
        ({}, {"typ": "Bearer", "aud": "account"}, None, "access"),
        ({}, {"token_use": "id"}, None, "id"),
        ({}, {"aud": "x"}, None, "unknown"),
        ({}, {"aud": CLIENT_ID, "scope": "openid"}, CLIENT_ID, "unknown"),
    ],
)
def test_kind_from_marks(header, claims, client_id, kind) -> None:
    assert detect_kind(header, claims, client_id).kind == kind


@pytest.mark.parametrize(
    ("actual", "expected", "words"),
    [
        ("https://a.auth0.com/", "https://a.auth0.com", ["trailing slash", "ends with '/'"]),
        ("https://acme.okta.com", "https://acme.okta.com/", ["trailing slash", "does not end"]),
        ("https://id.acme.test", "http://id.acme.test", ["scheme differs"]),
        ("https://ID.acme.test", "https://id.acme.test", ["letter case"]),
        ("https://id.acme.test", "https://id.acme.test:443", ["default port :443"]),
        ("https://id.acme.test:8443", "https://id.acme.test:9443", ["port differs"]),
        ("https://acme.okta.com", "https://acme.okta.com/oauth2/default", ["org server"]),
        ("https://kc.test/realms/r", "https://kc.test/auth/realms/r", ["/auth prefix"]),
        (
            f"https://sts.windows.net/{ENTRA_TID}/",
            f"https://login.microsoftonline.com/{ENTRA_TID}/v2.0",
            ["v1.0 token"],
        ),
        ("https://one.test", "https://two.test", ["Different hosts"]),
        ("https://a.auth0.com/", "https://login.acme.test/", ["custom domain"]),
    ],
)
def test_issuer_near_misses_are_explained(actual: str, expected: str, words: list[str]) -> None:
    comparison = compare_issuer(actual, expected)
    assert not comparison.equal and not comparison.same_after_cleanup
    text = " ".join(comparison.explanations)
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    "expected",
    ["https://id.acme.test/.well-known/openid-configuration", " https://id.acme.test\n"],
)
def test_a_wrapped_issuer_matches_after_cleanup(expected: str) -> None:
    comparison = compare_issuer("https://id.acme.test", expected)
    assert comparison.same_after_cleanup and comparison.explanations


def test_identical_issuers_are_equal() -> None:
    assert compare_issuer("https://id.acme.test", "https://id.acme.test").equal


@pytest.mark.parametrize(
    ("iss", "claims"),
    [
        ("https://acme.okta.com", {}),
        ("https://acme.okta.mil", {}),
        ("https://acme.okta-emea.com/oauth2/default", {}),
        ("https://acme.okta.com/oauth2/ausZ9a8b7c6", {}),
        # A custom domain: only Okta's claim shapes (cid, uid, an scp array) say it is Okta.
        ("https://login.acme.test/oauth2/orders", {"cid": "0oa1", "scp": ["openid"]}),
        ("https://login.acme.test/oauth2/orders", {}),
        ("https://idp.example.test/oauth2/token", {"scope": "openid"}),
        ("https://sso.example.test/realms/acme", {}),
    ],
)
def test_token_provider_and_okta_server_give_one_verdict(iss: str, claims: dict) -> None:
    from wizard.core.tokens.providers import okta_server_of

    guess = detect_provider({"iss": iss, **claims})
    server, _server_id = okta_server_of(iss, claims)
    assert server == guess.okta_server


@pytest.mark.parametrize(
    ("iss", "place"),
    [
        ("http://127.0.0.1:8443/", "on this machine"),
        ("http://localhost:9000/", "on this machine"),
        ("https://login.example.com/", "custom domain"),
    ],
)
def test_an_issuer_outside_the_providers_hosts_is_named_for_where_it_is(iss, place):
    okta = detect_provider({"iss": iss, "cid": "0oa1", "uid": "00u1", "scp": ["openid"]})
    auth0 = detect_provider({"iss": iss, "sub": "auth0|abc", "azp": "client-1"})
    for guess in (okta, auth0):
        assert place in guess.reasons[0]
        if place != "custom domain":
            assert "custom domain" not in guess.reasons[0]
