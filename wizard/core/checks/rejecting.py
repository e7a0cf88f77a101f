"""Which findings a service provider acts on, and the one order every list of findings takes.

A fail is always acted on. A warn is, for the checks in `REJECTED_WARNS`: what they warn
about is what real service providers reject (an ID token at an API, HS256 at an RS256 API, a
bound token without its proof). The other checks' warns are notes (an opaque token whose
claims cannot be read, a redirect not followed) that no validator refuses a token for.
docs/FLOWS.md lists the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from wizard.core.vocab.result import CheckResult, Status

# Check id -> why a service provider rejects what that check warns about.
REJECTED_WARNS: dict[str, str] = {
    "token.kind": "most APIs reject an ID token: its aud is the client id, not the API",
    "token.alg": "an API that pins RS256 rejects HS256 and algorithms it does not know",
    "token.audience": "an API rejects an aud it was not configured for, such as an Okta "
    "org-server access token or a Cognito token validated by aud",
    "token.lifetime": "validators reject a token with no exp, or past its exp once the skew ends",
    "token.claims": "role matching compares strings, so a list of non-strings maps no role",
    "token.binding": "a DPoP- or certificate-bound token is refused without its proof",
    "token.signature": "verifiers that need a kid reject a token without one",
    "clock.skew": "a clock off by more than the tolerance makes fresh tokens look invalid",
    "userinfo.request": "an empty userinfo answer gives the service provider no user",
    "entra.token": "an API that checks scp rejects an app-only token; a template issuer "
    "never equals a real tenant's iss",
    "opensearch.subject": "OpenSearch cannot read a user name from a subject_key that is not a "
    "string",
    "opensearch.roles": "without backend roles from the token no role mapping applies",
}


# Checks whose warns are of several kinds, only one of which is rejected: which one it was.
_ONLY_WHEN: dict[str, Callable[[CheckResult], bool]] = {
    # An ID token sent to an API, not a token of unknown kind (a note, nothing to reject).
    "token.kind": lambda result: result.facts.get("token_kind") == "id",
}


def acted_on(result: CheckResult) -> bool:
    """True for a finding a service provider acts on: a fail, or a warn it rejects."""
    if result.status is Status.FAIL:
        return True
    if result.status is not Status.WARN or result.id not in REJECTED_WARNS:
        return False
    only = _ONLY_WHEN.get(result.id)
    return only is None or only(result)


def rejected_warns(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The warns among `results` that a service provider rejects."""
    return [r for r in results if r.status is Status.WARN and acted_on(r)]


def finding_rank(result: CheckResult, order: Sequence[str]) -> tuple[int, int]:
    """Where a finding goes in a ranked list: fails first, then by the catalog's order."""
    place = order.index(result.id) if result.id in order else len(order)
    return (0 if result.status is Status.FAIL else 1, place)
