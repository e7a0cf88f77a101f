"""One cause, one line: which findings say the same thing about the same token.

Several checks judge one aspect of a token in their own terms: `token.audience`, `okta.server`,
`keycloak.token` (its `audience` fault) and `evidence.audience` all say "aud is not what the
API expects". The diagnosis names a cause once, so a finding of an aspect the primary cause
already stands for, on the same token, is not "also found", and of several findings of one
aspect on one token only the first in rank is listed; an issuer's configuration is one cause
for every token it issued. A refresh token or a Graph token should not be sent at all, so
nothing else found on it is a cause; and a token kept beside the one sent (an ID token next
to the access token) is never "the wrong kind of token sent".
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
    # A kid the JWKS lacks is why the signature cannot verify; a discovery document naming
    # another issuer is the issuer mismatch.
    "jwks.keys": frozenset({"signature"}),
    "discovery.document": frozenset({"issuer"}),
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
        # A Graph token is for Graph: its iss, aud and signature are all Graph's.
        "graph-token": frozenset({"kind", "audience", "signature", "issuer"}),
        # A v1.0 token at a v2.0 API: its iss and its aud differ for that one reason.
        "version": frozenset({"version", "issuer", "audience"}),
        "app-only": frozenset({"app-only"}),
        "audience": frozenset({"audience"}),
        "group-overage": frozenset({"groups"}),
    },
}
REFRESH = "refresh"
# Aspects of the issuer's configuration, not of one token: every token it issued shares them.
ISSUER_WIDE = frozenset({"issuer", "version"})


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


def not_to_be_sent(result: CheckResult) -> bool:
    """True when the result found its token is never one to send to this service provider:
    a refresh token (for the token endpoint only) or a Microsoft Graph token (for Graph)."""
    return (
        result.facts.get("token_kind") == REFRESH
        or result.facts.get("keycloak_fault") == "refresh-token"
        or result.facts.get("entra_fault") == "graph-token"
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
        for aspects_named, token in self._named:
            shared = found & aspects_named
            if shared and (shared & ISSUER_WIDE or same_token(fingerprint, token)):
                return True
        return False
