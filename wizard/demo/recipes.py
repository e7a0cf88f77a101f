"""What a scenario asks the demo world to build: user, tokens, service provider, config files.

These are plain data. `wizard.demo.world` turns them into running servers and minted tokens, so a
new scenario is a few lines in `wizard.demo.scenarios` and never new server code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Provider = Literal["okta-org", "okta-custom", "auth0", "keycloak", "entra", "generic"]
# How a token is signed: a published key, the API's HS256 secret, the unpublished retired key
# ("unknown kid"), or correctly and then altered ("tampered").
Signing = Literal["RS256", "ES256", "HS256", "retired", "tampered"]


@dataclass(frozen=True)
class DemoUser:
    """The one person who signed in to the demo world."""

    sub: str = "00udemo7ada4lovelace"
    email: str = "ada@example.test"
    name: str = "Ada Lovelace"
    preferred_username: str = "ada"
    # Claims the IdP adds to the ID token and userinfo whatever the scopes (roles, groups...).
    extra_claims: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TokenRecipe:
    """How to mint one token. Audience entries may use `{issuer}` and `{client_id}`."""

    scopes: tuple[str, ...] = ("openid", "profile", "email")
    # None: the provider's usual audience (see `wizard.demo.claims.default_audience`).
    audience: tuple[str, ...] | None = None
    signing: Signing = "RS256"
    # Seconds between minting and now (by the IdP's clock), and the lifetime from minting.
    age: int = 60
    lifetime: int = 3600
    # Entra only: the token version ("1.0" tokens carry the issuer without /v2.0).
    version: Literal["1.0", "2.0"] = "2.0"


@dataclass(frozen=True)
class ResourceSetup:
    """How the demo service provider judges a Bearer token."""

    kind: Literal["bearer", "opensearch"] = "bearer"
    # Expected audience (template); None: the SP does not check `aud`.
    audience: str | None = None
    check_issuer: bool = True
    required_claim: str | None = None
    # "jwks": keys fetched from the IdP's jwks_uri; "retired-only": a stale key cache.
    trusted_keys: Literal["jwks", "retired-only"] = "jwks"
    # The clock skew the SP tolerates, in seconds (30 s is OpenSearch's default too).
    leeway: int = 30
    # An Auth0 HS256 API verifies its tokens with the shared secret.
    accept_hs256: bool = False


@dataclass(frozen=True)
class OpenSearchSetup:
    """The OpenSearch security settings written to the config files and replayed by the SP."""

    version: str = "2.6.0"
    subject_key: str = "sub"
    roles_key: str = "entitlement_group"
    roles_mapping: Mapping[str, Mapping[str, list[str]]] = field(
        default_factory=lambda: {
            "all_access": {"backend_roles": ["opensearch-admins"], "users": []},
            "readall": {"backend_roles": ["analysts"], "users": []},
        }
    )
