"""What every network check shares: the issuer it talks to, and whether the user confirmed it."""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.token_input import first_token, token_issuer

GIVEN = "as given"


def is_confirmed(ctx: CheckContext, issuer: str, source: str) -> bool:
    """Whether an issuer `resolve_issuer` found is one the user gave (not a token's own iss).

    Only a confirmed issuer may be fetched wherever it points (loopback included) and have
    a credential sent to the endpoints its discovery document lists. Where the session keeps
    an allow-list, a given issuer counts only when its origin is on it: an issuer read from a
    transcript is an input, yet nobody confirmed it.
    """
    trust = ctx.env.trust
    return source == GIVEN and (trust is None or trust.confirms(issuer))


def resolve_issuer(ctx: CheckContext) -> tuple[str | None, str]:
    """The issuer to talk to and where it came from, in words for the result.

    The user's `issuer` wins; without it the token's own (unverified) `iss` is used, and the
    result says so because an attacker-made token could name any issuer.
    """
    given = ctx.get("issuer")
    if given:
        return given, GIVEN
    token = first_token(ctx, "token", "id_token", "access_token")
    iss = token_issuer(token)
    if iss:
        return iss, "taken from the token's unverified iss, as no issuer was given"
    return None, ""
