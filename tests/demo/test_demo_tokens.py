"""The scenario tokens verify against the world's JWKS, or fail exactly as the scenario says."""

from __future__ import annotations

import jwt
import pytest

from wizard.demo.claims import OKTA_CUSTOM_AUDIENCE
from wizard.demo.scenarios import HS256_API


def _jwks_key(http, world, token: str):
    jwks = jwt.PyJWKSet.from_dict(http.get(world.endpoints.jwks_uri).json())
    kid = jwt.get_unverified_header(token)["kid"]
    return next(key for key in jwks.keys if key.key_id == kid).key


def _verify(http, world, token: str, audience: str) -> dict:
    return jwt.decode(
        token,
        _jwks_key(http, world, token),
        algorithms=["RS256", "ES256"],
        audience=audience,
        issuer=world.issuer,
    )


@pytest.mark.parametrize(
    ("scenario", "fact", "audience"),
    [
        ("okta-aud-org-server", "access_token", "{issuer}"),
        ("okta-aud-org-server", "id_token", "{client_id}"),
        ("okta-missing-email", "id_token", "{client_id}"),
        ("okta-missing-email", "access_token", OKTA_CUSTOM_AUDIENCE),
        ("auth0-userinfo-no-openid", "access_token", "https://api.demo.test"),
        ("auth0-hs256-api", "id_token", "{client_id}"),
        ("opensearch-roles-key-absent", "id_token", "{client_id}"),
        ("opensearch-subject-case", "id_token", "{client_id}"),
        ("sp-to-blame", "access_token", OKTA_CUSTOM_AUDIENCE),
    ],
)
def test_good_scenario_tokens_verify_against_the_jwks(start_world, http, scenario, fact, audience):
    world = start_world(scenario)
    claims = _verify(http, world, world.facts[fact], audience.format_map(world.values))
    assert claims["iss"] == world.issuer


def test_okta_tokens_carry_okta_claim_shapes(start_world):
    world = start_world("sp-to-blame")
    access = jwt.decode(world.facts["access_token"], options={"verify_signature": False})
    assert access["cid"] == world.facts["client_id"]
    assert access["uid"] and access["ver"] == 1
    assert access["scp"] == ["openid", "profile", "email"]
    assert access["aud"] == OKTA_CUSTOM_AUDIENCE


def test_okta_missing_email_id_token_lacks_the_email_claim(start_world):
    claims = jwt.decode(
        start_world("okta-missing-email").facts["id_token"], options={"verify_signature": False}
    )
    assert "email" not in claims
    assert claims["preferred_username"] == "ada"


def test_auth0_tokens_follow_the_userinfo_audience_rule(start_world):
    world = start_world("auth0-userinfo-no-openid")
    no_openid = jwt.decode(world.facts["access_token"], options={"verify_signature": False})
    assert no_openid["scope"] == "profile email"
    assert no_openid["aud"] == "https://api.demo.test"
    assert no_openid["azp"] == world.facts["client_id"]
    assert "id_token" not in world.facts
    with_openid = jwt.decode(world.mint_access_token(), options={"verify_signature": False})
    assert with_openid["aud"] == ["https://api.demo.test", f"{world.issuer}userinfo"]


def test_auth0_hs256_token_has_no_kid_and_no_userinfo_audience(start_world, http):
    world = start_world("auth0-hs256-api")
    token = world.facts["access_token"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "HS256" and "kid" not in header
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["aud"] == HS256_API
    assert "openid" in claims["scope"].split()


def test_expired_token_is_expired_by_the_real_clock(start_world, http):
    world = start_world("expired-token-clock-skew")
    with pytest.raises(jwt.ExpiredSignatureError):
        _verify(http, world, world.facts["token"], "https://api.demo.test")


def test_expired_scenario_idp_date_header_runs_ten_minutes_slow(start_world, http):
    from email.utils import parsedate_to_datetime

    world = start_world("expired-token-clock-skew")
    answer = http.get(world.endpoints.discovery_url())
    idp_time = parsedate_to_datetime(answer.headers["date"]).timestamp()
    sp_time = parsedate_to_datetime(http.get(world.resource_url).headers["date"]).timestamp()
    assert 590 <= sp_time - idp_time <= 610


def test_unknown_kid_token_names_a_key_the_jwks_does_not_list(start_world, http):
    world = start_world("unknown-kid")
    kid = jwt.get_unverified_header(world.facts["token"])["kid"]
    listed = {key["kid"] for key in http.get(world.endpoints.jwks_uri).json()["keys"]}
    assert kid not in listed


def test_tampered_token_has_a_known_kid_and_a_bad_signature(start_world, http):
    world = start_world("tampered-signature")
    with pytest.raises(jwt.InvalidSignatureError):
        _verify(http, world, world.facts["token"], "https://api.demo.test")
