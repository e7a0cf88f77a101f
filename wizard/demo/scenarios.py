"""The demo scenarios: each one a real-world cause of a 401, ready to be diagnosed.

A scenario is data: the flow to open, the facts it pre-fills (templates filled in by the running
world, since tokens and ports are new on every run) and the resolution the flow should reach.
The resolution ids are named here first; the flows must define nodes with these ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

from wizard.core.vocab.errors import UserError
from wizard.demo.claims import AUTH0_API, GENERIC_API, OKTA_CUSTOM_AUDIENCE
from wizard.demo.provider_claims import ENTRA_API_APP_ID, GRAPH_APP_ID
from wizard.demo.recipes import (
    DemoUser,
    OpenSearchSetup,
    Provider,
    ResourceSetup,
    TokenRecipe,
)

# Flow ids (the shipped playbooks).
FLOW_OKTA = "okta-sp-401"
FLOW_AUTH0 = "auth0-userinfo-401"
FLOW_OPENSEARCH = "opensearch-oidc-401"
FLOW_GENERIC = "generic-bearer-401"
FLOW_KEYCLOAK = "keycloak-401"
FLOW_ENTRA = "entra-401"

# Resolution node ids each scenario should end in; the flows are to define them.
RESOLUTION_OKTA_AUD_ORG_SERVER = "okta-aud-org-server"
RESOLUTION_OKTA_MISSING_CLAIM = "okta-missing-claim"
RESOLUTION_AUTH0_MISSING_OPENID = "auth0-userinfo-missing-openid"
RESOLUTION_AUTH0_HS256_API = "auth0-userinfo-hs256-api"
RESOLUTION_OPENSEARCH_ROLES_KEY = "opensearch-roles-key-missing"
RESOLUTION_OPENSEARCH_SUBJECT_CASE = "opensearch-subject-case"
RESOLUTION_TOKEN_EXPIRED_SKEW = "token-expired-clock-skew"
RESOLUTION_TOKEN_UNKNOWN_KID = "token-unknown-kid"
RESOLUTION_TOKEN_BAD_SIGNATURE = "token-signature-invalid"
RESOLUTION_SP_SIDE = "sp-side-problem"
RESOLUTION_KC_FRONTEND_URL = "kc-frontend-url-issuer"
RESOLUTION_KC_ROLES_ACCESS_ONLY = "kc-roles-access-token-only"
RESOLUTION_ENTRA_VERSION = "entra-version-mismatch"
RESOLUTION_ENTRA_GRAPH = "entra-graph-token"
KEYCLOAK_API = "orders-api"

HS256_API = "https://hs256-api.demo.test"
# Auth0 subjects name the connection they come from.
AUTH0_USER = DemoUser(sub="auth0|6560demo7ada4lovelace")
REQUESTED_SCOPES = "openid profile email"

# Facts most scenarios share; templates name the running world's values.
_IDP_FACTS = {
    "provider": "{provider}",
    "issuer": "{issuer}",
    "client_id": "{client_id}",
    "client_secret": "{client_secret}",
}
_OKTA_FACTS = {**_IDP_FACTS, "okta_domain": "{okta_domain}", "okta_api_token": "{okta_api_token}"}
_OPENSEARCH_FACTS = {
    **_IDP_FACTS,
    "token": "{id_token}",
    "id_token": "{id_token}",
    "resource_url": "{resource_url}",
    "opensearch_config": "{opensearch_config}",
    "roles_mapping": "{roles_mapping}",
    "dashboards_config": "{dashboards_config}",
    "opensearch_version": "{opensearch_version}",
}


@dataclass(frozen=True)
class Scenario:
    """One demo case: what the world looks like and what the wizard should conclude."""

    name: str
    summary: str
    flow: str
    expected_resolution: str
    provider: Provider
    # Fact name -> template over the world's values (`{issuer}`, `{access_token}`, ...).
    facts: Mapping[str, str]
    resource: ResourceSetup = field(default_factory=ResourceSetup)
    access_token: TokenRecipe | None = field(default_factory=TokenRecipe)
    id_token: TokenRecipe | None = field(default_factory=TokenRecipe)
    user: DemoUser = field(default_factory=DemoUser)
    opensearch: OpenSearchSetup = field(default_factory=OpenSearchSetup)
    # Seconds the IdP's clock is off from the real one (negative: behind).
    idp_clock_offset: int = 0
    # The IdP is also reached at a second address, its frontend URL, which it writes into iss
    # (Keycloak behind a proxy); facts name the services' own issuer as {service_issuer}.
    idp_frontend: bool = False


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        name="okta-aud-org-server",
        summary="An Okta org-server access token is sent to your own API, which expects "
        "api://default.",
        flow=FLOW_OKTA,
        expected_resolution=RESOLUTION_OKTA_AUD_ORG_SERVER,
        provider="okta-org",
        facts={
            **_OKTA_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "id_token": "{id_token}",
            "audience": OKTA_CUSTOM_AUDIENCE,
            "scopes": REQUESTED_SCOPES,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=OKTA_CUSTOM_AUDIENCE, check_issuer=False),
    ),
    Scenario(
        name="okta-missing-email",
        summary="The SP wants an email claim but the app asks Okta for 'openid profile' only.",
        flow=FLOW_OKTA,
        expected_resolution=RESOLUTION_OKTA_MISSING_CLAIM,
        provider="okta-custom",
        facts={
            **_OKTA_FACTS,
            "token": "{id_token}",
            "id_token": "{id_token}",
            "access_token": "{access_token}",
            "scopes": REQUESTED_SCOPES,
            "expect_claim": "email",
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience="{client_id}", required_claim="email"),
        access_token=TokenRecipe(scopes=("openid", "profile")),
        id_token=TokenRecipe(scopes=("openid", "profile")),
    ),
    Scenario(
        name="auth0-userinfo-no-openid",
        summary="Auth0 /userinfo says 'invalid credentials': the token was asked for "
        "without the openid scope.",
        flow=FLOW_AUTH0,
        expected_resolution=RESOLUTION_AUTH0_MISSING_OPENID,
        provider="auth0",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "audience": AUTH0_API,
            "scopes": REQUESTED_SCOPES,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=AUTH0_API),
        access_token=TokenRecipe(scopes=("profile", "email")),
        user=AUTH0_USER,
        # Without `openid` Auth0 issues no ID token at all.
        id_token=None,
    ),
    Scenario(
        name="auth0-hs256-api",
        summary="Auth0 /userinfo rejects an access token for an API that signs with HS256.",
        flow=FLOW_AUTH0,
        expected_resolution=RESOLUTION_AUTH0_HS256_API,
        provider="auth0",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "id_token": "{id_token}",
            "audience": HS256_API,
            "scopes": REQUESTED_SCOPES,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=HS256_API, accept_hs256=True),
        access_token=TokenRecipe(audience=(HS256_API,), signing="HS256"),
        user=AUTH0_USER,
    ),
    Scenario(
        name="opensearch-roles-key-absent",
        summary="OpenSearch signs the user in but gets no roles: the ID token has no "
        "entitlement_group claim.",
        flow=FLOW_OPENSEARCH,
        expected_resolution=RESOLUTION_OPENSEARCH_ROLES_KEY,
        provider="generic",
        facts={**_OPENSEARCH_FACTS, "expect_claim": "entitlement_group"},
        resource=ResourceSetup(kind="opensearch"),
        access_token=None,
        id_token=TokenRecipe(signing="ES256"),
        user=DemoUser(sub="ada"),
    ),
    Scenario(
        name="opensearch-subject-case",
        summary="roles_mapping.yml maps user 'userid' but the token's sub is 'USERID' "
        "(matching is case-sensitive).",
        flow=FLOW_OPENSEARCH,
        expected_resolution=RESOLUTION_OPENSEARCH_SUBJECT_CASE,
        provider="generic",
        facts={**_OPENSEARCH_FACTS, "expect_claim": "sub", "expect_value": "userid"},
        resource=ResourceSetup(kind="opensearch"),
        access_token=None,
        id_token=TokenRecipe(signing="ES256"),
        user=DemoUser(sub="USERID", extra_claims={"entitlement_group": "dashboards-users"}),
        opensearch=OpenSearchSetup(
            roles_mapping={
                "all_access": {"users": ["userid"], "backend_roles": []},
                "readall": {"users": [], "backend_roles": ["analysts"]},
            }
        ),
    ),
    Scenario(
        name="expired-token-clock-skew",
        summary="The IdP's clock runs 10 minutes slow, so its 5-minute tokens arrive expired.",
        flow=FLOW_GENERIC,
        expected_resolution=RESOLUTION_TOKEN_EXPIRED_SKEW,
        provider="generic",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "audience": GENERIC_API,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=GENERIC_API),
        access_token=TokenRecipe(lifetime=300),
        id_token=None,
        idp_clock_offset=-600,
    ),
    Scenario(
        name="unknown-kid",
        summary="The token is signed with a key the IdP rotated out: its kid is not in the JWKS.",
        flow=FLOW_GENERIC,
        expected_resolution=RESOLUTION_TOKEN_UNKNOWN_KID,
        provider="generic",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "audience": GENERIC_API,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=GENERIC_API),
        access_token=TokenRecipe(signing="retired"),
        id_token=None,
    ),
    Scenario(
        name="tampered-signature",
        summary="The token was altered after signing: its kid is known, its signature is wrong.",
        flow=FLOW_GENERIC,
        expected_resolution=RESOLUTION_TOKEN_BAD_SIGNATURE,
        provider="generic",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "audience": GENERIC_API,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=GENERIC_API),
        access_token=TokenRecipe(signing="tampered"),
        id_token=None,
    ),
    Scenario(
        name="sp-to-blame",
        summary="Every token check passes; the SP still answers 401 (it trusts a stale key).",
        flow=FLOW_OKTA,
        expected_resolution=RESOLUTION_SP_SIDE,
        provider="okta-custom",
        facts={
            **_OKTA_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "id_token": "{id_token}",
            "audience": OKTA_CUSTOM_AUDIENCE,
            "scopes": REQUESTED_SCOPES,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=OKTA_CUSTOM_AUDIENCE, trusted_keys="retired-only"),
    ),
    Scenario(
        name="keycloak-frontend-url",
        summary="Keycloak writes its frontend URL into iss; the API reaches Keycloak at "
        "another address.",
        flow=FLOW_KEYCLOAK,
        expected_resolution=RESOLUTION_KC_FRONTEND_URL,
        provider="keycloak",
        facts={
            **_IDP_FACTS,
            "issuer": "{service_issuer}",
            "token": "{access_token}",
            "access_token": "{access_token}",
            # No ID token: this service is an API and reads only the access token; given one,
            # the wizard takes it that the service reads its roles there.
            "audience": "account",
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience="account"),
        idp_frontend=True,
    ),
    Scenario(
        name="keycloak-roles-access-only",
        summary="The roles are in Keycloak's access token only; the service reads them from "
        "the ID token.",
        flow=FLOW_KEYCLOAK,
        expected_resolution=RESOLUTION_KC_ROLES_ACCESS_ONLY,
        provider="keycloak",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "id_token": "{id_token}",
            "audience": KEYCLOAK_API,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=KEYCLOAK_API),
        access_token=TokenRecipe(audience=(KEYCLOAK_API, "account")),
    ),
    Scenario(
        name="entra-v1-token-v2-api",
        summary="Entra issues a v1.0 token (the API's manifest says so) to an API that "
        "validates v2.0 tokens.",
        flow=FLOW_ENTRA,
        expected_resolution=RESOLUTION_ENTRA_VERSION,
        provider="entra",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "audience": ENTRA_API_APP_ID,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=ENTRA_API_APP_ID),
        access_token=TokenRecipe(scopes=("access_as_user",), version="1.0"),
    ),
    Scenario(
        name="entra-graph-token",
        summary="The client asked for User.Read and sends the Microsoft Graph token to its "
        "own API.",
        flow=FLOW_ENTRA,
        expected_resolution=RESOLUTION_ENTRA_GRAPH,
        provider="entra",
        facts={
            **_IDP_FACTS,
            "token": "{access_token}",
            "access_token": "{access_token}",
            "audience": ENTRA_API_APP_ID,
            "resource_url": "{resource_url}",
        },
        resource=ResourceSetup(audience=ENTRA_API_APP_ID),
        access_token=TokenRecipe(
            scopes=("openid", "profile", "email", "User.Read"),
            audience=(GRAPH_APP_ID,),
            version="1.0",
        ),
    ),
)

DEFAULT_SCENARIO = SCENARIOS[0].name


def scenario_names() -> list[str]:
    """Every scenario name, in listing order."""
    return [scenario.name for scenario in SCENARIOS]


def get_scenario(name: str) -> Scenario:
    """The scenario called `name`; a `UserError` with a did-you-mean otherwise."""
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    close = difflib.get_close_matches(name, scenario_names(), n=1, cutoff=0.4)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise UserError(f"no demo scenario '{name}'{hint}; `wizard demo --list` shows them all")
