"""The tokens a check reads: decoded once per session, and the stop when one cannot be read.

Several checks of a run read the same token, and a `--batch` reads thousands: each token is
decoded once and kept in the session's memo (a ParsedToken is frozen), together with the
provider and kind guessed from it. The memo belongs to the check environment, so the raw
tokens it is keyed by go when the session closes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from wizard.core.checks.context import CheckContext
from wizard.core.tokens import ParsedToken, TokenFormat, detect_kind, detect_provider, parse_token
from wizard.core.tokens import references as ref
from wizard.core.tokens.kinds import KindGuess
from wizard.core.tokens.providers import ProviderGuess
from wizard.core.vocab.environment import CheckEnvironment, MemoKey

T = TypeVar("T")

# A run reads a handful of tokens (token, id_token, access_token); a few more cover a batch's
# line being read while the previous one's reports are written.
PARSED: MemoKey[str, ParsedToken] = MemoKey("decoded tokens", size=6)
_GUESSES: MemoKey[tuple[str, Hashable], Any] = MemoKey("guesses from tokens", size=24)


def decode(env: CheckEnvironment, raw: str) -> ParsedToken:
    """`raw` cleaned and decoded without verification, once per session."""
    return env.memo(PARSED).get_or_make(raw, lambda: parse_token(raw))


def read_token(raw: str | None, env: CheckEnvironment | None = None) -> ParsedToken | None:
    """A pasted token, decoded (once per session of `env`, when given); None when nothing
    (or only blanks and quotes) was given."""
    if not raw:
        return None
    token = decode(env, raw) if env is not None else parse_token(raw)
    return token if token.length else None


def first_token(ctx: CheckContext, *names: str) -> ParsedToken | None:
    """The first of the named inputs that holds a token, decoded without verification."""
    for name in names:
        token = read_token(ctx.get(name), ctx.env)
        if token is not None:
            return token
    return None


def token_issuer(token: ParsedToken | None) -> str | None:
    """The token's unverified ``iss``, when it is a non-empty string."""
    iss = token.claims.get("iss") if token is not None else None
    return iss if isinstance(iss, str) and iss else None


def _guess(ctx: CheckContext, token: ParsedToken, what: Hashable, make: Callable[[], T]) -> T:
    value: T = ctx.env.memo(_GUESSES).get_or_make((token.secret_value(), what), make)
    return value


def provider_guess(ctx: CheckContext, token: ParsedToken, *, header: bool = False) -> ProviderGuess:
    """The provider the token's claims (and, with `header`, its header) point at."""
    return _guess(
        ctx,
        token,
        ("provider", header),
        lambda: detect_provider(token.claims, token.header if header else None),
    )


def kind_guess(ctx: CheckContext, token: ParsedToken, client_id: str | None = None) -> KindGuess:
    """ID token, access token or unknown, judged with `client_id` when one is given."""
    return _guess(
        ctx,
        token,
        ("kind", client_id),
        lambda: detect_kind(token.header, token.claims, client_id),
    )


def readable_token(ctx: CheckContext, name: str = "token") -> ParsedToken:
    """The input `name` as a token whose claims can be read; otherwise the check stops here.

    A token that cannot be decoded stops it as an error; an encrypted or opaque one, whose
    claims nobody but its issuer can read, as a skip. Each points at the token.format card, which
    explains the token's shape in full.
    """
    token = decode(ctx.env, ctx.get(name) or "")
    evidence = {"token": token.fingerprint, "format": str(token.format)}
    if token.problem is not None:
        ctx.stop_errored(
            f"The token could not be decoded: {token.problem.message} See the “Token format” card.",
            evidence=evidence,
            fix="Copy the whole token again from where it was issued, then rerun.",
            refs=(ref.RFC_7519,),
        )
    if token.format is TokenFormat.JWE:
        alg, enc = token.header.get("alg"), token.header.get("enc")
        ctx.stop_skipped(
            f"The token is encrypted (JWE, alg {alg!r}, enc {enc!r}): its claims cannot be read "
            "without the decryption key, so this check has nothing to look at. "
            "See the “Token format” card.",
            evidence=evidence,
        )
    if token.format is TokenFormat.OPAQUE:
        ctx.stop_skipped(
            "The token is opaque (not a JWT): only its issuer can say what it holds, through "
            "introspection or userinfo. See the “Token format” card.",
            evidence=evidence,
        )
    return token
