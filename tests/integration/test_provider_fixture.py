"""The integration provider behaves as the scenarios expect, checked with pyjwt alone.

These tests pin down what oidc-provider really does, so that the product's checks can later be
tested against known answers: which tokens verify with the JWKS, which claims land where, and
how userinfo and introspection answer good, weak and bad tokens.
"""

from __future__ import annotations

import time

import jwt
import pytest

from .oidc import RESOURCE_ES256, RESOURCE_OPAQUE, RESOURCE_RS256, OidcProvider


def verify(provider: OidcProvider, token: str, audience: str) -> dict:
    """Verify a JWT with the provider's published keys, as a resource server would."""
    header = jwt.get_unverified_header(token)
    key = jwt.PyJWKSet.from_dict(provider.jwks())[header["kid"]]
    return jwt.decode(
        token, key=key, algorithms=[header["alg"]], audience=audience, issuer=provider.issuer
    )


def test_discovery_names_the_loopback_issuer_and_its_endpoints(oidc_provider):
    discovery = oidc_provider.discovery

    assert discovery["issuer"] == oidc_provider.issuer
    assert oidc_provider.issuer.startswith("http://127.0.0.1:")
    for endpoint in ("token_endpoint", "userinfo_endpoint", "introspection_endpoint"):
        assert discovery[endpoint].startswith(oidc_provider.issuer)


@pytest.mark.parametrize(
    ("alg", "resource", "kty"), [("RS256", RESOURCE_RS256, "RSA"), ("ES256", RESOURCE_ES256, "EC")]
)
def test_client_credentials_jwt_verifies_with_jwks_and_targets_the_resource(
    oidc_provider, alg, resource, kty
):
    token = oidc_provider.client_credentials_token(alg=alg)

    header = jwt.get_unverified_header(token)
    claims = verify(oidc_provider, token, audience=resource)
    assert header["alg"] == alg
    assert header["typ"] == "at+jwt"
    assert {key["kid"]: key["kty"] for key in oidc_provider.jwks()["keys"]}[header["kid"]] == kty
    assert claims["aud"] == resource
    assert claims["client_id"] == oidc_provider.machine_client_id
    assert claims["scope"] == "api:read"


def test_client_credentials_jwt_fails_verification_for_another_audience(oidc_provider):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_RS256)

    with pytest.raises(jwt.InvalidAudienceError):
        verify(oidc_provider, token, audience=RESOURCE_ES256)


def test_tokens_minted_with_the_provider_keys_verify_against_its_jwks(oidc_provider):
    now = int(time.time())
    claims = {"iss": oidc_provider.issuer, "aud": RESOURCE_RS256, "sub": "alice"}
    fresh = oidc_provider.signing_keys.mint({**claims, "exp": now + 300}, alg="ES256")
    expired = oidc_provider.signing_keys.mint({**claims, "exp": now - 3600}, alg="RS256")

    assert verify(oidc_provider, fresh, audience=RESOURCE_RS256)["sub"] == "alice"
    with pytest.raises(jwt.ExpiredSignatureError):
        verify(oidc_provider, expired, audience=RESOURCE_RS256)


def test_client_credentials_for_the_opaque_resource_is_not_a_jwt(oidc_provider):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_OPAQUE)

    with pytest.raises(jwt.DecodeError):
        jwt.get_unverified_header(token)


def test_login_returns_an_id_token_for_the_client_with_the_scope_claims(oidc_provider):
    tokens = oidc_provider.login(scope="openid email profile groups")

    claims = verify(oidc_provider, tokens["id_token"], audience=oidc_provider.web_client_id)
    assert claims["aud"] == oidc_provider.web_client_id
    assert claims["sub"] == "alice"
    assert claims["email"] == "alice@example.test"
    assert claims["email_verified"] is True
    assert claims["preferred_username"] == "alice"
    assert claims["groups"] == ["wizard-admins", "wizard-users"]
    assert "nonce" in claims
    assert tokens["refresh_token"]


def test_login_with_openid_alone_leaves_the_scope_claims_out(oidc_provider):
    tokens = oidc_provider.login(scope="openid")

    claims = verify(oidc_provider, tokens["id_token"], audience=oidc_provider.web_client_id)
    assert claims["sub"] == "alice"
    assert not {"email", "preferred_username", "groups"} & claims.keys()


def test_login_for_a_resource_gives_a_jwt_access_token_with_groups(oidc_provider):
    tokens = oidc_provider.login(scope="openid email groups api:read", resource=RESOURCE_RS256)

    claims = verify(oidc_provider, tokens["access_token"], audience=RESOURCE_RS256)
    assert claims["sub"] == "alice"
    assert claims["client_id"] == oidc_provider.web_client_id
    # The resource server's token carries only its own scopes, not the OpenID ones.
    assert claims["scope"] == "api:read"
    assert claims["groups"] == ["wizard-admins", "wizard-users"]


def test_refresh_token_yields_new_tokens(oidc_provider):
    tokens = oidc_provider.login()

    refreshed = oidc_provider.refresh(tokens["refresh_token"])

    assert refreshed["access_token"] != tokens["access_token"]
    verify(oidc_provider, refreshed["id_token"], audience=oidc_provider.web_client_id)


def test_userinfo_answers_the_login_access_token(oidc_provider):
    tokens = oidc_provider.login(scope="openid email profile groups", user="bob")

    response = oidc_provider.userinfo(tokens["access_token"])

    assert response.status_code == 200
    assert response.json() == {
        "sub": "bob",
        "email": "bob@example.test",
        "email_verified": False,
        "name": "Bob Example",
        "preferred_username": "bob",
        "groups": [],
    }


def test_userinfo_refuses_a_token_without_openid_scope_as_insufficient_scope(oidc_provider):
    tokens = oidc_provider.login(scope="email profile")

    response = oidc_provider.userinfo(tokens["access_token"])

    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"
    challenge = response.headers["WWW-Authenticate"]
    assert 'error="insufficient_scope"' in challenge
    assert 'scope="openid"' in challenge


@pytest.mark.parametrize("kind", ["garbage", "resource jwt", "client credentials"])
def test_userinfo_refuses_tokens_it_does_not_know_as_invalid_token(oidc_provider, kind):
    if kind == "garbage":
        token = "not-a-token-the-provider-issued"
    elif kind == "resource jwt":
        token = oidc_provider.login(scope="openid api:read", resource=RESOURCE_RS256)[
            "access_token"
        ]
    else:
        token = oidc_provider.client_credentials_token(resource=RESOURCE_OPAQUE)

    response = oidc_provider.userinfo(token)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer ")
    assert 'error="invalid_token"' in challenge
    assert f'realm="{oidc_provider.issuer}"' in challenge


def test_introspection_reports_an_opaque_login_token_active(oidc_provider):
    tokens = oidc_provider.login(scope="openid email")

    answer = oidc_provider.introspect(tokens["access_token"])

    assert answer.status_code == 200
    body = answer.json()
    assert body["active"] is True
    assert body["sub"] == "alice"
    assert body["client_id"] == oidc_provider.web_client_id
    assert body["scope"] == "openid email"


def test_introspection_reports_an_opaque_resource_token_with_its_audience(oidc_provider):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_OPAQUE)

    body = oidc_provider.introspect(token, auth=oidc_provider.machine_auth).json()

    assert body["active"] is True
    assert body["aud"] == RESOURCE_OPAQUE
    assert body["client_id"] == oidc_provider.machine_client_id


def test_introspection_reports_unknown_and_revoked_tokens_inactive(oidc_provider):
    tokens = oidc_provider.login(scope="openid")
    assert oidc_provider.introspect(tokens["access_token"]).json()["active"] is True
    assert oidc_provider.revoke(tokens["access_token"]).status_code == 200

    assert oidc_provider.introspect(tokens["access_token"]).json() == {"active": False}
    assert oidc_provider.introspect("not-a-token-the-provider-issued").json() == {"active": False}


def test_introspection_refuses_jwt_access_tokens(oidc_provider):
    # "Some providers refuse to introspect JWTs": this one answers 400, not {"active": ...}.
    token = oidc_provider.client_credentials_token(alg="ES256")

    response = oidc_provider.introspect(token, auth=oidc_provider.machine_auth)

    assert response.status_code == 400
    assert response.json() == {
        "error": "unsupported_token_type",
        "error_description": (
            "Structured JWT Tokens cannot be introspected via the introspection_endpoint"
        ),
    }


def test_introspection_needs_client_authentication(oidc_provider):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_OPAQUE)

    response = oidc_provider.introspect(token, auth=(oidc_provider.web_client_id, "wrong"))

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
