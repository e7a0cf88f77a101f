"""What the token's kind means where it is sent: an ID token is not a bearer for an API."""

from __future__ import annotations

from wizard.core.tokens import references as ref
from wizard.core.tokens.kinds import ACCESS, ID, REFRESH, KindGuess
from wizard.core.vocab.findings import Findings

_ID_AT_API_FIX = (
    "Send the access token from the same token response as the bearer. Exception: OpenSearch "
    "Dashboards forwards the ID token to OpenSearch, so there the ID token is the right one."
)
_REFRESH_FIX = (
    "Send the access_token of the token response as the bearer. The refresh_token goes only "
    "to the token endpoint (grant_type=refresh_token) to get a new access token."
)
_UNKNOWN_FIX = (
    "Give the client id (an ID token's aud is the client id), or take the token from a known "
    "place in the token response: 'id_token' or 'access_token'."
)


def kind_findings(guess: KindGuess, sent_to_api: bool) -> Findings:
    """Say which kind the token is and why; warn for an ID token sent to an API."""
    found = Findings()
    found.evidence.update(
        {
            "kind": guess.kind,
            "id_marks": list(guess.id_marks),
            "access_marks": list(guess.access_marks),
        }
    )
    found.facts["token_kind"] = guess.kind
    reasons = "; ".join(guess.reasons)
    if guess.kind == ID and sent_to_api:
        found.add(
            f"This is an ID token ({reasons}), and it is being sent to an API. An ID token "
            "tells the client who logged in; an API should get an access token, and most "
            "reject an ID token because its aud is the client id, not the API.",
            "warn",
            _ID_AT_API_FIX,
        )
        found.refs.append(ref.OPENSEARCH_OIDC)
    elif guess.kind == ID:
        found.add(
            f"This is an ID token ({reasons}). It is meant for the client; an API should be "
            "sent the access token (OpenSearch Dashboards is the exception: it forwards the ID "
            "token to OpenSearch)."
        )
    elif guess.kind == ACCESS:
        found.add(f"This is an access token ({reasons}).")
    elif guess.kind == REFRESH:
        # Its aud (the realm URL) would read as a wrong audience; the cause is the client.
        found.add(
            f"This is a refresh token ({reasons}): a refresh token sent as a bearer is a client "
            "bug, not an audience problem. No API accepts it; it is for the token endpoint only.",
            "fail",
            _REFRESH_FIX,
        )
        found.refs.append(ref.RFC_6749_REFRESH)
    else:
        seen = f" (marks seen: {reasons})." if reasons else ": it carries none of the usual marks."
        found.add(
            "Cannot tell whether this is an ID token or an access token" + seen,
            "warn",
            _UNKNOWN_FIX,
        )
    return found


def opaque_kind_findings() -> Findings:
    """An opaque token is never an ID token: OIDC Core makes every ID token a JWT."""
    found = Findings()
    found.facts["token_kind"] = ACCESS
    found.add(
        "An opaque token cannot be an ID token (ID tokens are always JWTs, OIDC Core section 2): "
        "it is an access token (or a refresh token, which no API accepts)."
    )
    return found
