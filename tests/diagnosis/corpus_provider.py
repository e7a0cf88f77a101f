"""Corpus situations on tokens the real OpenID Provider issues (tests/integration/provider).

The same shape as `corpus_cases.py`, but the facts are made from a running `oidc-provider`
(its real keys, discovery and token endpoint), so these walk with the network on and the
signature verified. The test is tests/integration/test_corpus_against_provider.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.integration.oidc import RESOURCE_ES256, RESOURCE_RS256, OidcProvider

GENERIC = "generic-bearer-401"


@dataclass(frozen=True)
class ProviderCase:
    """A situation built from the provider's tokens: where it ends, what else is found."""

    name: str
    flow: str
    expected: str
    facts: Callable[[OidcProvider], dict[str, str]]
    also: tuple[tuple[str, str], ...]
    source: str
    answers: dict[str, str] = field(default_factory=dict)


def _resource_token(provider: OidcProvider, **more: str) -> dict[str, str]:
    return {"token": provider.client_credentials_token(alg="RS256"), **more}


def _logged_in(provider: OidcProvider) -> dict[str, str]:
    tokens = provider.login(scope="openid email profile api:read", resource=RESOURCE_RS256)
    return {"token": tokens["id_token"], "access_token": tokens["access_token"]}


PROVIDER_CORPUS = [
    ProviderCase(
        "real provider: token for another resource server, and a scope it needs is missing",
        GENERIC,
        f"{GENERIC}:token-audience-mismatch",
        lambda p: _resource_token(p, issuer=p.issuer, audience=RESOURCE_ES256, scopes="api:write"),
        (("token.scopes", "token"),),
        "RFC 8707 section 2 (the resource indicator becomes aud); RFC 6750 section 3.1",
    ),
    ProviderCase(
        "real provider: the ID token of a login sent to the API, the access token beside it",
        GENERIC,
        f"{GENERIC}:token-id-token-sent",
        lambda p: {**_logged_in(p), "issuer": p.issuer, "audience": RESOURCE_RS256},
        (),
        "OpenID Connect Core 1.0 section 3.1.3.7; RFC 9068 section 4",
    ),
    ProviderCase(
        "real provider: near miss, a good resource token the API still refuses",
        GENERIC,
        f"{GENERIC}:sp-side-problem",
        lambda p: _resource_token(p, issuer=p.issuer, audience=RESOURCE_RS256, scopes="api:read"),
        (),
        "RFC 9068 section 4 (every rule holds: the fault is on the resource server's side)",
    ),
]
