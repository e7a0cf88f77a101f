"""The demo world starts, answers on loopback only, and leaves nothing behind when stopped."""

from __future__ import annotations

import socket
import stat
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import jwt
import pytest
import yaml

from wizard.demo import DemoWorld
from wizard.demo.keys import EC_KID, RETIRED_KID, RSA_KID
from wizard.demo.scenarios import get_scenario


def _yaml(path: str) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _port_open(url: str) -> bool:
    parts = urlsplit(url)
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((parts.hostname, parts.port)) == 0


def test_every_world_binds_loopback_and_publishes_its_discovery(any_world, http):
    for url in any_world.urls().values():
        assert urlsplit(url).hostname == "127.0.0.1"
    answer = http.get(any_world.endpoints.discovery_url())
    assert answer.status_code == 200
    document = answer.json()
    assert document["issuer"] == any_world.issuer
    assert document["jwks_uri"] == any_world.endpoints.jwks_uri
    assert document["userinfo_endpoint"] == any_world.endpoints.userinfo_endpoint


def test_every_world_publishes_rs256_and_es256_keys_but_not_the_retired_one(any_world, http):
    jwks = http.get(any_world.endpoints.jwks_uri).json()
    by_kid = {key["kid"]: key for key in jwks["keys"]}
    assert set(by_kid) == {RSA_KID, EC_KID}
    assert (by_kid[RSA_KID]["kty"], by_kid[RSA_KID]["alg"]) == ("RSA", "RS256")
    assert (by_kid[EC_KID]["kty"], by_kid[EC_KID]["alg"]) == ("EC", "ES256")
    assert RETIRED_KID not in by_kid
    assert all("d" not in key for key in jwks["keys"]), "a private part leaked into the JWKS"


@pytest.mark.parametrize(
    ("scenario", "path"),
    [
        ("okta-aud-org-server", ""),
        ("sp-to-blame", "/oauth2/default"),
        ("auth0-hs256-api", "/"),
        ("unknown-kid", "/idp"),
    ],
)
def test_issuer_takes_the_providers_shape(start_world, scenario, path):
    world = start_world(scenario)
    assert world.issuer == world.idp_url + path


@pytest.mark.parametrize(
    ("scenario", "provider"),
    [
        ("okta-aud-org-server", "okta-org"),
        ("okta-missing-email", "okta-custom"),
        ("auth0-userinfo-no-openid", "auth0"),
        ("opensearch-subject-case", "generic"),
    ],
)
def test_the_provider_is_a_fact_because_loopback_hosts_say_nothing(start_world, scenario, provider):
    assert start_world(scenario).facts["provider"] == provider


def test_stop_closes_the_ports_and_removes_the_config_files():
    world = DemoWorld("opensearch-roles-key-absent").start()
    urls = [world.issuer, world.resource_url]
    config_dir = world.config_dir
    assert config_dir is not None and config_dir.is_dir()
    assert all(_port_open(url) for url in urls)
    world.stop()
    assert not any(_port_open(url) for url in urls)
    assert not config_dir.exists()
    world.stop()  # twice is harmless
    assert not world.running


def test_stop_also_ends_keep_alive_connections():
    world = DemoWorld("unknown-kid").start()
    jwks_uri = world.endpoints.jwks_uri
    with httpx.Client(timeout=5) as client:
        assert client.get(jwks_uri).status_code == 200
        world.stop()
        with pytest.raises(httpx.TransportError):
            client.get(jwks_uri)


def test_auth0_discovery_answers_with_a_doubled_slash_too(start_world, http):
    world = start_world("auth0-userinfo-no-openid")
    answer = http.get(world.issuer + "/.well-known/openid-configuration")
    assert answer.json()["issuer"] == world.issuer


def test_a_world_that_is_not_running_refuses_to_hand_out_facts():
    with pytest.raises(RuntimeError, match="not running"):
        _ = DemoWorld("unknown-kid").facts


def test_each_run_mints_its_own_tokens_and_secrets():
    with DemoWorld("sp-to-blame") as first, DemoWorld("sp-to-blame") as second:
        assert first.facts["access_token"] != second.facts["access_token"]
        assert first.facts["client_secret"] != second.facts["client_secret"]
        assert first.facts["okta_api_token"] != second.facts["okta_api_token"]
        assert first.issuer != second.issuer


def test_the_opensearch_files_carry_the_worlds_issuer(start_world):
    world = start_world("opensearch-roles-key-absent")
    facts = world.facts
    config = _yaml(facts["opensearch_config"])
    domains = config["config"]["dynamic"]["authc"]
    openid = domains["openid_auth_domain"]["http_authenticator"]
    assert openid["type"] == "openid"
    assert openid["config"]["openid_connect_url"] == world.endpoints.discovery_url()
    assert openid["config"]["roles_key"] == "entitlement_group"
    # As in seed 003: the basic domain does not challenge, so Bearer calls reach the openid one.
    assert domains["basic_internal_auth_domain"]["http_authenticator"]["challenge"] is False
    mapping = _yaml(facts["roles_mapping"])
    assert mapping["_meta"]["type"] == "rolesmapping"
    assert mapping["all_access"]["backend_roles"] == ["opensearch-admins"]
    dashboards = _yaml(facts["dashboards_config"])
    assert dashboards["opensearch_security.openid.connect_url"] == world.endpoints.discovery_url()
    assert dashboards["opensearch_security.openid.client_id"] == facts["client_id"]
    for name in ("opensearch_config", "roles_mapping", "dashboards_config"):
        mode = stat.S_IMODE(Path(facts[name]).stat().st_mode)
        assert mode == 0o600


def test_subject_case_mapping_names_lowercase_user(start_world):
    facts = start_world("opensearch-subject-case").facts
    mapping = _yaml(facts["roles_mapping"])
    assert mapping["all_access"]["users"] == ["userid"]
    assert jwt.decode(facts["id_token"], options={"verify_signature": False})["sub"] == "USERID"


def test_the_world_does_not_log_its_secrets(start_world, caplog, capfd, http):
    world = start_world("okta-missing-email")
    facts = world.facts
    http.get(world.resource_url, headers={"Authorization": f"Bearer {facts['token']}"})
    http.get(f"{world.idp_url}/api/v1/logs", headers={"Authorization": "SSWS wrong"})
    http.post(
        world.endpoints.introspection_endpoint,
        data={"token": facts["access_token"]},
        auth=(facts["client_id"], facts["client_secret"]),
    )
    captured = capfd.readouterr()
    logged = caplog.text + captured.out + captured.err
    for secret in world.demo_secrets():
        assert secret not in logged


def test_world_accepts_an_httpx_client_from_another_thread(start_world):
    # The servers are threaded: two clients at once must both be answered.
    world = start_world("unknown-kid")
    with httpx.Client() as one, httpx.Client() as two:
        assert one.get(world.endpoints.jwks_uri).status_code == 200
        assert two.get(world.endpoints.discovery_url()).status_code == 200


def test_unknown_scenario_names_suggest_the_closest_one():
    from wizard.core.vocab.errors import UserError

    with pytest.raises(UserError, match="did you mean 'unknown-kid'"):
        get_scenario("unknown-kd")


@pytest.mark.parametrize(
    ("scenario", "client"),
    [
        ("expired-token-clock-skew", "orders-web"),
        ("opensearch-subject-case", "opensearch-dashboards"),
    ],
)
def test_the_client_is_named_for_what_signs_in(start_world, scenario, client):
    """An API's demo names no OpenSearch client; Dashboards is its own."""
    assert start_world(scenario).facts["client_id"] == client
