"""What every network check shares: its declaration and the issuer it talks to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckFunc, check
from wizard.core.checks.token_input import first_token, read_token, token_issuer

# Re-exported: the network checks read their tokens through this module.
__all__ = ["first_token", "network_check", "read_token", "resolve_issuer", "token_issuer"]


def network_check(check_id: str, **declaration: Any) -> Callable[[CheckFunc], CheckFunc]:
    """`@check(..., network=True)`, the way to declare a network check.

    The runner gives every network check two guarantees: a NetworkProblem escaping it becomes
    an `error` result that quotes it, and under --insecure every result that may have touched
    the network says that TLS was off.
    """
    return check(check_id, network=True, **declaration)


GIVEN = "as given"


def is_confirmed(source: str) -> bool:
    """Whether an issuer `resolve_issuer` found is one the user gave (not a token's own iss).

    Only a confirmed issuer may be fetched wherever it points (loopback included) and have
    a credential sent to the endpoints its discovery document lists.
    """
    return source == GIVEN


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
