"""The demo IdP's userinfo, introspection and System Log answer as their real models do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wizard.demo.recipes import TokenRecipe

AUTH0_REJECTION = {"error": "unauthorized", "error_description": "invalid credentials"}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("scenario", ["auth0-userinfo-no-openid", "auth0-hs256-api"])
def test_auth0_userinfo_rejects_a_token_without_the_userinfo_audience(start_world, http, scenario):
    world = start_world(scenario)
    answer = http.get(world.endpoints.userinfo_endpoint, headers=_bearer(world.facts["token"]))
    assert answer.status_code == 401
    assert answer.json() == AUTH0_REJECTION


def test_auth0_userinfo_answers_a_token_asked_for_with_openid(start_world, http):
    world = start_world("auth0-userinfo-no-openid")
    answer = http.get(world.endpoints.userinfo_endpoint, headers=_bearer(world.mint_access_token()))
    assert answer.status_code == 200
    assert answer.json() == {
        "sub": "auth0|6560demo7ada4lovelace",
        "name": "Ada Lovelace",
        "preferred_username": "ada",
        "email": "ada@example.test",
        "email_verified": True,
    }


@pytest.mark.parametrize("scenario", ["unknown-kid", "tampered-signature"])
def test_userinfo_rejects_an_invalid_token_with_an_invalid_token_challenge(
    start_world, http, scenario
):
    world = start_world(scenario)
    answer = http.get(world.endpoints.userinfo_endpoint, headers=_bearer(world.facts["token"]))
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


def test_userinfo_without_a_token_is_a_bare_bearer_challenge(start_world, http):
    world = start_world("sp-to-blame")
    answer = http.get(world.endpoints.userinfo_endpoint)
    assert answer.status_code == 401
    assert "error=" not in answer.headers["www-authenticate"]


def test_okta_userinfo_answers_a_good_access_token(start_world, http):
    world = start_world("sp-to-blame")
    answer = http.get(world.endpoints.userinfo_endpoint, headers=_bearer(world.facts["token"]))
    assert answer.status_code == 200
    assert answer.json()["email"] == "ada@example.test"


def test_okta_userinfo_wants_the_openid_scope(start_world, http):
    world = start_world("sp-to-blame")
    token = world.mint_access_token(TokenRecipe(scopes=("profile",)))
    answer = http.get(world.endpoints.userinfo_endpoint, headers=_bearer(token))
    assert answer.status_code == 403
    assert 'error="insufficient_scope"' in answer.headers["www-authenticate"]


def test_the_skewed_idp_still_honours_its_own_expired_token(start_world, http):
    # Its clock runs slow, so the token it minted is still valid by that clock.
    world = start_world("expired-token-clock-skew")
    answer = http.get(world.endpoints.userinfo_endpoint, headers=_bearer(world.facts["token"]))
    assert answer.status_code == 200


def test_introspection_requires_client_credentials(start_world, http):
    world = start_world("sp-to-blame")
    url = world.endpoints.introspection_endpoint
    facts = world.facts
    refused = http.post(url, data={"token": facts["token"]}, auth=(facts["client_id"], "wrong"))
    assert refused.status_code == 401
    assert refused.json() == {"error": "invalid_client"}
    anonymous = http.post(url, data={"token": facts["token"]})
    assert anonymous.status_code == 401


def test_introspection_describes_an_active_token(start_world, http):
    world = start_world("sp-to-blame")
    facts = world.facts
    answer = http.post(
        world.endpoints.introspection_endpoint,
        data={"token": facts["token"]},
        auth=(facts["client_id"], facts["client_secret"]),
    ).json()
    assert answer["active"] is True
    assert answer["client_id"] == facts["client_id"]
    assert answer["aud"] == "api://default"
    assert answer["scope"] == "openid profile email"


def test_introspection_with_form_credentials_says_only_inactive_for_a_bad_token(start_world, http):
    world = start_world("tampered-signature")
    facts = world.facts
    answer = http.post(
        world.endpoints.introspection_endpoint,
        data={
            "token": facts["token"],
            "client_id": facts["client_id"],
            "client_secret": facts["client_secret"],
        },
    )
    assert answer.status_code == 200
    assert answer.json() == {"active": False}


def test_auth0_offers_no_introspection(start_world, http):
    world = start_world("auth0-hs256-api")
    assert world.endpoints.introspection_endpoint is None
    assert "introspection_endpoint" not in http.get(world.endpoints.discovery_url()).json()


def _logs(http, world, token: str | None, **params: str):
    headers = {"Authorization": f"SSWS {token}"} if token is not None else {}
    return http.get(f"{world.facts['okta_domain']}/api/v1/logs", headers=headers, params=params)


def test_system_log_requires_the_ssws_api_token(start_world, http):
    world = start_world("okta-missing-email")
    for token in (None, "not-the-token"):
        answer = _logs(http, world, token)
        assert answer.status_code == 401
        assert answer.json()["errorCode"] == "E0000011"
    bearer = http.get(
        f"{world.facts['okta_domain']}/api/v1/logs",
        headers=_bearer(world.facts["okta_api_token"]),
    )
    assert bearer.status_code == 401


def test_system_log_lists_the_custom_server_token_grants_for_the_client(start_world, http):
    world = start_world("okta-missing-email")
    client_id = world.facts["client_id"]
    answer = _logs(
        http,
        world,
        world.facts["okta_api_token"],
        filter=f'eventType sw "app.oauth2" and target.id eq "{client_id}"',
        since=(datetime.now(UTC) - timedelta(hours=24)).isoformat(),
    )
    assert answer.status_code == 200
    types = [event["eventType"] for event in answer.json()]
    assert types == [
        "app.oauth2.as.authorize.code",
        "app.oauth2.as.token.grant.id_token",
        "app.oauth2.as.token.grant.access_token",
    ]


def test_system_log_of_the_org_server_uses_its_own_event_names(start_world, http):
    world = start_world("okta-aud-org-server")
    events = _logs(http, world, world.facts["okta_api_token"], filter='eventType sw "app.oauth2"')
    types = {event["eventType"] for event in events.json()}
    assert "app.oauth2.token.grant.access_token" in types
    assert not any(t.startswith("app.oauth2.as.") for t in types)


def test_system_log_since_later_than_the_events_returns_nothing(start_world, http):
    world = start_world("okta-missing-email")
    later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    answer = _logs(http, world, world.facts["okta_api_token"], since=later)
    assert answer.json() == []


def test_system_log_ignores_what_it_cannot_read(start_world, http):
    world = start_world("okta-missing-email")
    answer = _logs(http, world, world.facts["okta_api_token"], since="24h", filter="nonsense")
    assert len(answer.json()) == 4


def test_system_log_filter_on_another_client_hides_the_events(start_world, http):
    world = start_world("okta-missing-email")
    answer = _logs(http, world, world.facts["okta_api_token"], filter='target.id eq "0oaother"')
    assert answer.json() == []


def test_non_okta_worlds_have_no_system_log(start_world, http):
    world = start_world("auth0-hs256-api")
    assert http.get(f"{world.idp_url}/api/v1/logs").status_code == 404
    assert world.facts.get("okta_domain") is None
