"""Token checks (CHECKS.md, "Token checks"): what a token says, read offline without a key.

Each check parses the pasted token itself (the parse is memoised for the run), so any one can run
alone. Checks that need claims give a skip for an encrypted or opaque token and an error for
a broken one, pointing at ``token.format``, which explains the token's shape in full. The
judging lives in ``wizard.core.tokens`` (the ``*_rules`` modules); this module wires it to the
registry. ``token.signature`` needs the issuer's keys and lives with the network checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from wizard.core.checks._netcheck import read_token
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.tokens import ParsedToken, TokenFormat, detect_kind, detect_provider, parse_token
from wizard.core.tokens import references as ref
from wizard.core.tokens.alg_rules import alg_findings
from wizard.core.tokens.audience_rules import audience_findings
from wizard.core.tokens.claim_rules import expected_claim_findings
from wizard.core.tokens.findings import Findings
from wizard.core.tokens.format_rules import format_findings
from wizard.core.tokens.issuer_rules import issuer_findings
from wizard.core.tokens.kind_rules import kind_findings, opaque_kind_findings
from wizard.core.tokens.kinds import KindGuess
from wizard.core.tokens.lifetime import lifetime_findings
from wizard.core.tokens.providers import ProviderGuess
from wizard.core.tokens.scope_rules import scope_findings
from wizard.core.vocab.result import CheckResult

TOKEN_HELP = "the token under test, as pasted (Bearer prefix, quotes and line breaks are fine)"


# The session cache keeps the last token parsed: the token checks of one run all read the same
# token, and parsing it once instead of once per check is most of `wizard check --batch`'s time.
_PARSED_KEY = "_token_checks_parsed"
T = TypeVar("T")


def _token(ctx: CheckContext) -> ParsedToken:
    raw = ctx.get("token") or ""
    memo = ctx.env.cache.get(_PARSED_KEY)
    if memo is not None and memo[0] == raw:
        return memo[1]
    # The network checks' reader keeps the last few parses: share them rather than parse again.
    parsed = read_token(raw) or parse_token(raw)
    ctx.env.cache[_PARSED_KEY] = (raw, parsed, {})
    return parsed


def _derived(ctx: CheckContext, parsed: ParsedToken, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, kept beside the memoised token so the other checks of the run reuse it."""
    memo = ctx.env.cache.get(_PARSED_KEY)
    if memo is None or memo[1] is not parsed:
        return compute()
    known = memo[2]
    if key not in known:
        known[key] = compute()
    return known[key]


def _provider(ctx: CheckContext, parsed: ParsedToken, *, header: bool = False) -> ProviderGuess:
    def guess() -> ProviderGuess:
        return detect_provider(parsed.claims, parsed.header if header else None)

    return _derived(ctx, parsed, ("provider", header), guess)


def _kind(ctx: CheckContext, parsed: ParsedToken, client_id: str | None = None) -> KindGuess:
    return _derived(
        ctx,
        parsed,
        ("kind", client_id),
        lambda: detect_kind(parsed.header, parsed.claims, client_id),
    )


def _unreadable(ctx: CheckContext, parsed: ParsedToken) -> CheckResult | None:
    """The result for a token whose claims cannot be read, or None when they can."""
    evidence = {"token": parsed.fingerprint, "format": str(parsed.format)}
    if parsed.problem is not None:
        return ctx.errored(
            f"The token could not be decoded: {parsed.problem.message} "
            "See the “Token format” card.",
            evidence=evidence,
            fix="Copy the whole token again from where it was issued, then rerun.",
            refs=(ref.RFC_7519,),
        )
    if parsed.format is TokenFormat.JWE:
        alg, enc = parsed.header.get("alg"), parsed.header.get("enc")
        return ctx.skipped(
            f"The token is encrypted (JWE, alg {alg!r}, enc {enc!r}): its claims cannot be read "
            "without the decryption key, so this check has nothing to look at. "
            "See the “Token format” card.",
            evidence=evidence,
        )
    if parsed.format is TokenFormat.OPAQUE:
        return ctx.skipped(
            "The token is opaque (not a JWT): only its issuer can say what it holds, through "
            "introspection or userinfo. See the “Token format” card.",
            evidence=evidence,
        )
    return None


def _learned(ctx: CheckContext, parsed: ParsedToken) -> dict[str, str]:
    """Facts any readable token yields (format, issuer, provider, Okta server type), kept to
    those this check declares it learns."""
    facts = {"token_format": str(parsed.format)}
    iss = parsed.claims.get("iss", parsed.header.get("iss"))
    if isinstance(iss, str) and iss:
        facts["token_issuer"] = iss
    if parsed.claims or parsed.header.get("iss"):
        guess = _provider(ctx, parsed, header=True)
        facts["provider"] = guess.provider
        if guess.okta_server:
            facts["okta_server"] = guess.okta_server
    return {name: value for name, value in facts.items() if name in ctx.spec.learns}


def _result(
    ctx: CheckContext,
    parsed: ParsedToken,
    found: Findings,
    refs: tuple[str, ...],
    facts: dict[str, str] | None = None,
) -> CheckResult:
    """Turn a rule module's findings into this check's result."""
    build = {
        "pass": ctx.passed,
        "warn": ctx.warned,
        "fail": ctx.failed,
        "skip": ctx.skipped,
    }[found.status]
    merged = {**(facts or {}), **found.facts}
    return build(
        found.detail,
        evidence={"token": parsed.fingerprint, **found.evidence},
        fix=found.fix if found.status in ("warn", "fail") else "",
        refs=tuple(dict.fromkeys(refs + tuple(found.refs))),
        facts={name: value for name, value in merged.items() if name in ctx.spec.learns},
    )


@check(
    "token.format",
    title="Token format",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("token_format", "token_issuer", "provider", "okta_server"),
)
async def token_format(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    facts = _learned(ctx, parsed) if parsed.problem is None else {}
    found = format_findings(parsed, facts.get("provider"))
    return _result(ctx, parsed, found, (), facts)


@check(
    "token.kind",
    title="ID token or access token",
    inputs={
        "token": TOKEN_HELP,
        "client_id": "the client (application) id, to recognise an ID token's audience",
        "audience": "the API's expected audience, when the token is sent to an API",
        "resource_url": "the protected URL the token is sent to",
    },
    requires=("token",),
    learns=("token_kind",),
)
async def token_kind(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    refs = (ref.RFC_9068, ref.OIDC_ID_TOKEN)
    if parsed.format is TokenFormat.OPAQUE and parsed.problem is None:
        return _result(ctx, parsed, opaque_kind_findings(), refs)
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    guess = _kind(ctx, parsed, ctx.get("client_id"))
    sent_to_api = bool(ctx.get("audience") or ctx.get("resource_url"))
    return _result(ctx, parsed, kind_findings(guess, sent_to_api), refs)


@check(
    "token.alg",
    title="Signing algorithm",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("token_alg",),
)
async def token_alg(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    if parsed.format is TokenFormat.JWE and parsed.problem is None:
        return ctx.skipped(
            f"The token is encrypted (JWE): alg {parsed.header.get('alg')!r} and enc "
            f"{parsed.header.get('enc')!r} describe its encryption; its signature, if any, is "
            "inside and cannot be seen.",
            evidence={"token": parsed.fingerprint, "header": parsed.header},
            refs=(ref.RFC_7516,),
        )
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    provider = _provider(ctx, parsed, header=True).provider
    return _result(ctx, parsed, alg_findings(parsed.header, provider), (ref.RFC_8725, ref.RFC_7515))


@check(
    "token.issuer",
    title="Issuer",
    inputs={"token": TOKEN_HELP, "issuer": "the issuer URL the service provider expects"},
    requires=("token",),
    learns=("token_issuer", "provider", "okta_server"),
)
async def token_issuer(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    provider = _provider(ctx, parsed).provider
    found = issuer_findings(parsed.claims, ctx.get("issuer"), provider)
    refs = (ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_7519, ref.RFC_9068)
    return _result(ctx, parsed, found, refs + ref.provider_docs(provider), _learned(ctx, parsed))


@check(
    "token.audience",
    title="Audience",
    inputs={
        "token": TOKEN_HELP,
        "client_id": "the client id (an ID token's aud must contain it)",
        "audience": "the audience your API expects in access tokens",
    },
    requires=("token",),
    learns=("token_kind", "provider", "okta_server"),
)
async def token_audience(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    client_id, wanted = ctx.get("client_id"), ctx.get("audience")
    # The kind is judged without the client id first: "aud lacks the client id" is what this
    # check tests, so it must not also decide which value aud is compared with.
    kind = _kind(ctx, parsed).kind
    if kind == "unknown":
        kind = _kind(ctx, parsed, client_id).kind
    provider = _provider(ctx, parsed).provider
    found = audience_findings(parsed.claims, kind, provider, client_id, wanted)
    facts = {**_learned(ctx, parsed), "token_kind": kind}
    refs = (ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_9068, ref.RFC_7519_AUD)
    return _result(ctx, parsed, found, refs + ref.provider_docs(provider), facts)


@check(
    "token.lifetime",
    title="Expiry and validity window",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("token_expired",),
)
async def token_lifetime(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    kind = _kind(ctx, parsed).kind
    found = lifetime_findings(parsed.claims, ctx.env.now(), ctx.env.options.skew, kind)
    refs = (ref.RFC_7519_EXP, ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_8725)
    return _result(ctx, parsed, found, refs)


@check(
    "token.scopes",
    title="Scopes",
    inputs={
        "token": TOKEN_HELP,
        "scopes": "the scopes the service provider requires, space-separated",
        "expect_claim": "the claim the service provider reads (to say which scope it needs)",
    },
    requires=("token",),
    learns=("token_scopes",),
)
async def token_scopes(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    kind = _kind(ctx, parsed).kind
    provider = _provider(ctx, parsed).provider
    required = (ctx.get("scopes") or "").split()
    found = scope_findings(parsed.claims, required, ctx.get("expect_claim"), kind, provider)
    refs = (ref.RFC_6749_SCOPE, ref.RFC_9068, ref.OIDC_SCOPE_CLAIMS)
    return _result(ctx, parsed, found, refs + ref.provider_docs(provider))


@check(
    "token.claims",
    title="Expected claim",
    inputs={
        "token": TOKEN_HELP,
        "expect_claim": "the claim the service provider reads (dotted path allowed)",
        "expect_value": "the value it must have (compared exactly, case-sensitive)",
    },
    requires=("token", "expect_claim"),
)
async def token_claims(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    provider = _provider(ctx, parsed).provider
    kind = _kind(ctx, parsed).kind
    path = (ctx.get("expect_claim") or "").strip()
    found = expected_claim_findings(parsed.claims, path, ctx.get("expect_value"), provider, kind)
    refs = (ref.OIDC_SCOPE_CLAIMS, ref.RFC_7519, ref.OPENSEARCH_OIDC)
    return _result(ctx, parsed, found, refs + ref.provider_docs(provider))


@check(
    "token.provider",
    title="Provider",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("provider", "okta_server", "token_issuer"),
)
async def token_provider(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    # Auth0's encrypted tokens name their issuer in the readable header: enough to tell.
    jwe_with_issuer = parsed.format is TokenFormat.JWE and parsed.header.get("iss")
    if not jwe_with_issuer:
        blocked = _unreadable(ctx, parsed)
        if blocked is not None:
            return blocked
    guess = _provider(ctx, parsed, header=True)
    found = Findings()
    found.add(f"The token comes from {guess.label}: {'; '.join(guess.reasons)}.")
    found.evidence.update(
        {
            "provider": guess.provider,
            "reasons": list(guess.reasons),
            "iss": parsed.claims.get("iss", parsed.header.get("iss")),
        }
    )
    refs = ref.provider_docs(guess.provider) or (ref.RFC_7519,)
    return _result(ctx, parsed, found, refs, _learned(ctx, parsed))
