"""The demo IdP speaks Keycloak and Entra: their URL layouts, discovery, claims and answers."""

from __future__ import annotations

import httpx
import jwt

from wizard.core.tokens import detect_kind, detect_provider
from wizard.demo.provider_claims import ENTRA_TENANT, GRAPH_APP_ID
from wizard.demo.world import DemoWorld


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_keycloak_world_has_keycloak_urls_claims_and_hostname_rule():
    with DemoWorld("keycloak-frontend-url") as world:
        issuer, service_issuer = world.values["issuer"], world.values["service_issuer"]
        assert issuer.endswith("/realms/demo") and service_issuer.endswith("/realms/demo")
        assert issuer != service_issuer
        # Discovery through either address names the frontend URL, as Keycloak's does.
        for base in (issuer, service_issuer):
            document = httpx.get(f"{base}/.well-known/openid-configuration")
            assert document.json()["issuer"] == issuer
        assert document.json()["jwks_uri"].endswith("/protocol/openid-connect/certs")
        access = claims_of(world.values["access_token"])
        assert (access["typ"], access["aud"], access["azp"]) == ("Bearer", "account", "orders-web")
        assert "orders-admin" in access["realm_access"]["roles"]
        id_claims = claims_of(world.values["id_token"])
        assert id_claims["typ"] == "ID" and "realm_access" not in id_claims
        assert detect_provider(access).provider == "keycloak"
        # Through the services' hostname Keycloak refuses the token it issued.
        userinfo = f"{world.values['service_issuer']}/protocol/openid-connect/userinfo"
        answer = httpx.get(userinfo, headers={"Authorization": f"Bearer {world.facts['token']}"})
        assert answer.status_code == 401
        assert answer.json()["error_description"] == "Token verification failed"


def test_entra_world_issues_v1_and_graph_tokens_in_entra_shape():
    with DemoWorld("entra-v1-token-v2-api") as world:
        assert world.issuer.endswith(f"/{ENTRA_TENANT}/v2.0")
        document = httpx.get(world.endpoints.discovery_url()).json()
        assert document["jwks_uri"].endswith("/discovery/v2.0/keys")
        assert document["cloud_instance_name"] == "microsoftonline.com"
        v1 = claims_of(world.facts["token"])
        assert v1["ver"] == "1.0" and v1["iss"].endswith(f"/{ENTRA_TENANT}/")
        assert isinstance(v1["scp"], str) and v1["tid"] == ENTRA_TENANT
        assert detect_provider(v1).provider == "entra-v1"
        assert detect_kind({}, v1).kind == "access"
    with DemoWorld("entra-graph-token") as world:
        token = world.facts["token"]
        assert claims_of(token)["aud"] == GRAPH_APP_ID
        assert "nonce" in jwt.get_unverified_header(token)
