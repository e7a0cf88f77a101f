"""Which of the session's tokens carry a claim, and which one the service provider receives.

A user who names the claim a service provider reads ("email") is answered about every token of
the login, not only the one under test: a claim that is in the ID token but not in the access
token an API receives is a different fault (the wrong token, or a claim rule missing for access
tokens) from a claim no token has (a scope or a mapper). The token under test is the one the
service provider receives; the others only say where the claim is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wizard.core.tokens.claims import MISSING, claim_at, is_empty
from wizard.core.vocab.findings import Findings

# What each kind of token is called in a sentence.
_KIND_NAMES = {"id": "the ID token", "access": "the access token"}
# Who reads which token: a service provider that signs users in reads the ID token, an API
# reads only the access token it is sent.
_READER = {
    "access": "an API sees only the access token",
    "id": "a service provider that signs users in reads the ID token",
}


@dataclass(frozen=True)
class OtherToken:
    """A token of the same session that the service provider does not receive.

    Attributes:
        kind: "id" or "access" (which fact it came from).
        claims: its decoded, unverified claims.
    """

    kind: str
    claims: Mapping[str, Any]


def token_name(kind: str) -> str:
    """'the ID token', 'the access token', or 'the token tested' for an unknown kind."""
    return _KIND_NAMES.get(kind, "the token tested")


def carries(claims: Mapping[str, Any], path: str) -> bool:
    """True when the claim at `path` is there with a non-empty value."""
    value = claim_at(claims, path)
    return value is not MISSING and not is_empty(value)


def carrier_findings(
    found: Findings,
    path: str,
    tested: tuple[str, Mapping[str, Any]],
    others: Sequence[OtherToken],
) -> None:
    """Say which tokens carry `path` when the tested token lacks it; learn where it is.

    The tested token's result stays what it was (the service provider does not see another
    token's claims); the sentence, the fix and the fact `claim_in_other_token` say where the
    claim is instead, so a flow can route to the real cause rather than to "request the scope".
    """
    tested_kind, tested_claims = tested
    others = [other for other in others if other.kind != tested_kind]
    if not others or not path:
        return
    name = token_name(tested_kind)
    holders = [other for other in others if carries(other.claims, path)]
    in_tested = carries(tested_claims, path)
    found.evidence["carried_by"] = {
        name: in_tested,
        **{token_name(other.kind): carries(other.claims, path) for other in others},
    }
    if in_tested:
        lacking = [token_name(other.kind) for other in others if other not in holders]
        if lacking:
            found.add(f"{path} is in {name}; {' and '.join(lacking)} lacks it.")
        return
    if not holders:
        names = " or ".join(token_name(other.kind) for other in others)
        found.add(f"{path} is not in {names} either: no token of this login carries it.")
        return
    holder = holders[0]
    reader = _READER.get(tested_kind, "the service provider sees only the token it is sent")
    # The claim exists: "release it with its scope", said for a token lacking it, would be wrong.
    found.fixes.clear()
    found.add(
        f"{path} is in {token_name(holder.kind)}, not in {name}: {reader}.",
        "fail",
        _carrier_fix(path, tested_kind, holder.kind),
    )
    found.facts["claim_in_other_token"] = holder.kind


def _carrier_fix(path: str, tested_kind: str, holder_kind: str) -> str:
    if tested_kind == "access":
        return (
            f"{path} exists, but only {token_name(holder_kind)} carries it. Either have the API "
            "read the user from the ID token or from /userinfo, "
            f"or add {path} to access tokens at the identity provider (Okta: a claim of type "
            "Access Token on a custom authorization server; the org server's access tokens "
            "take no custom claims)."
        )
    return (
        f"Send the service provider the token that carries {path} ({token_name(holder_kind)}), "
        f"or add {path} to {token_name(tested_kind)} at the identity provider (a claim rule or "
        "mapper for that token type)."
    )
