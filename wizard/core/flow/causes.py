"""One cause, one line: which findings say the same thing about the same token.

Several checks judge one aspect of a token in their own terms: `token.audience`, `okta.server`,
`keycloak.token` (its `audience` fault) and `evidence.audience` all say "aud is not what the
API expects". The diagnosis names a cause once, so a finding of an aspect the primary cause
already stands for, on the same token, is not "also found", and of several findings of one
aspect on one token only the first in rank is listed. A refresh token should not be sent at
all, so nothing else found on it is a cause; and a token kept beside the one sent (an ID token
next to the access token) is never "the wrong kind of token sent".
"""

from __future__ import annotations

from wizard.core.vocab.result import CheckResult

# The aspects each check judges, when the check judges one whatever it finds.
ASPECTS: dict[str, frozenset[str]] = {
    "token.audience": frozenset({"audience"}),
    "okta.server": frozenset({"audience"}),
    "evidence.audience": frozenset({"audience"}),
    "token.issuer": frozenset({"issuer"}),
    "evidence.issuer": frozenset({"issuer"}),
    "token.lifetime": frozenset({"lifetime"}),
    "evidence.lifetime": frozenset({"lifetime"}),
    "token.kind": frozenset({"kind"}),
    "token.alg": frozenset({"alg"}),
    "token.signature": frozenset({"signature"}),
    "token.scopes": frozenset({"scopes"}),
    "token.claims": frozenset({"claims"}),
    "keycloak.roles": frozenset({"roles"}),
    "opensearch.roles": frozenset({"roles"}),
    "opensearch.role_mapping": frozenset({"mapping"}),
    # Without a fault of its own, entra.token warns about the multi-tenant issuer template.
    "entra.token": frozenset({"issuer"}),
    "keycloak.token": frozenset({"keycloak"}),
}
# The provider checks say which fault they found; each fault is these aspects.
FAULT_ASPECTS: dict[str, dict[str, frozenset[str]]] = {
    "keycloak_fault": {
        "refresh-token": frozenset({"kind", "audience"}),
        "id-token": frozenset({"kind"}),
        "audience": frozenset({"audience"}),
        "frontend-url": frozenset({"issuer"}),
        "roles-access-only": frozenset({"roles"}),
    },
    "entra_fault": {
        "graph-token": frozenset({"kind", "audience", "signature"}),
        # A v1.0 token at a v2.0 API: its iss and its aud differ for that one reason.
        "version": frozenset({"version", "issuer", "audience"}),
        "app-only": frozenset({"app-only"}),
        "audience": frozenset({"audience"}),
        "group-overage": frozenset({"groups"}),
    },
}
REFRESH = "refresh"


def aspects(result: CheckResult) -> frozenset[str]:
    """The aspects of a token a result speaks of (its check's own when no fault says more)."""
    for fact, faults in FAULT_ASPECTS.items():
        fault = result.facts.get(fact)
        if fault in faults:
            return faults[fault]
    if result.id == "token.audience" and result.facts.get("token_kind") == REFRESH:
        # "its audience is not the problem, the client sends the wrong token"
        return frozenset({"kind", "audience"})
    return ASPECTS.get(result.id, frozenset({result.id}))


def is_refresh(result: CheckResult) -> bool:
    """True when the result found its token to be a refresh token."""
    return (
        result.facts.get("token_kind") == REFRESH
        or result.facts.get("keycloak_fault") == "refresh-token"
    )


def same_token(one: str, other: str) -> bool:
    """Fingerprints of one token; "" (a check that read no token) matches any."""
    return not one or not other or one == other


class CauseIndex:
    """The (aspect, token) pairs already named: the primary cause's, then each one listed."""

    def __init__(self) -> None:
        self._named: list[tuple[frozenset[str], str]] = []

    def name(self, found: frozenset[str], fingerprint: str) -> None:
        self._named.append((found, fingerprint))

    def named(self, found: frozenset[str], fingerprint: str) -> bool:
        return any(
            found & aspects_named and same_token(fingerprint, token)
            for aspects_named, token in self._named
        )
