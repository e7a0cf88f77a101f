"""What every network check shares: registration, the issuer it talks to, honest TLS notes."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckFunc, check
from wizard.core.net.fetch import NetworkProblem
from wizard.core.tokens import ParsedToken, parse_token
from wizard.core.vocab.result import CheckResult, Status

INSECURE_NOTE = (
    "TLS verification was off (--insecure): this answer could have come from anyone on the path."
)


def network_check(check_id: str, **declaration: Any):
    """`@check(..., network=True)` plus two guarantees for every network check.

    A NetworkProblem escaping the check becomes an `error` result that quotes it, and under
    --insecure every result that may have touched the network says that TLS was off.
    """

    def decorate(func: CheckFunc) -> CheckFunc:
        @functools.wraps(func)
        async def guarded(ctx: CheckContext) -> CheckResult:
            try:
                result = await func(ctx)
            except NetworkProblem as problem:
                result = ctx.errored(problem.message, evidence={"url": problem.url or ""})
            return note_insecure(ctx, result)

        check(check_id, network=True, **declaration)(guarded)
        return guarded

    return decorate


def note_insecure(ctx: CheckContext, result: CheckResult) -> CheckResult:
    if not ctx.env.options.insecure or result.status is Status.SKIP:
        return result
    return dataclasses.replace(
        result,
        detail=f"{result.detail} {INSECURE_NOTE}",
        evidence={**result.evidence, "tls_verification": "off (--insecure)"},
    )


def read_token(raw: str | None) -> ParsedToken | None:
    """A pasted token, cleaned and decoded without verification; None when nothing was given."""
    if not raw:
        return None
    return _read(raw)


# Several checks of one run read the same token: the last few stay decoded (a ParsedToken is
# frozen), which is a tenth of the time of a `--batch` over many tokens.
@functools.lru_cache(maxsize=4)
def _read(raw: str) -> ParsedToken | None:
    token = parse_token(raw)
    return token if token.length else None


def first_token(ctx: CheckContext, *names: str) -> ParsedToken | None:
    """The first of the named inputs that holds a token, decoded without verification."""
    for name in names:
        token = read_token(ctx.get(name))
        if token is not None:
            return token
    return None


def token_issuer(token: ParsedToken | None) -> str | None:
    """The token's unverified ``iss``, when it is a non-empty string."""
    iss = token.claims.get("iss") if token is not None else None
    return iss if isinstance(iss, str) and iss else None


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
