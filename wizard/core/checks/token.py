"""Token checks (docs/FLOWS.md lists them): what a token says, read offline without a key.

Each check parses the pasted token itself (the parse is memoised for the run), so any one can run
alone. Checks that need claims give a skip for an encrypted or opaque token and an error for
a broken one, pointing at ``token.format``, which explains the token's shape in full. The
judging lives in ``wizard.core.tokens`` (the ``*_rules`` modules); this module wires it to the
registry. ``token.signature`` needs the issuer's keys and lives with the network checks.
"""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import (
    decode,
    kind_guess,
    provider_guess,
    read_token,
    readable_token,
)
from wizard.core.tokens import ParsedToken, TokenFormat, scopes
from wizard.core.tokens import references as ref
from wizard.core.tokens.alg_rules import alg_findings
from wizard.core.tokens.audience_rules import audience_findings
from wizard.core.tokens.claim_carriers import OtherToken, carrier_findings
from wizard.core.tokens.claim_rules import expected_claim_findings
from wizard.core.tokens.format_rules import format_findings
from wizard.core.tokens.issuer_rules import issuer_findings
from wizard.core.tokens.kind_rules import kind_findings, opaque_kind_findings
from wizard.core.tokens.lifetime import lifetime_findings
from wizard.core.tokens.scope_rules import scope_findings
from wizard.core.vocab.findings import Findings
from wizard.core.vocab.result import CheckResult

TOKEN_HELP = "the token under test, as pasted (Bearer prefix, quotes and line breaks are fine)"


def _token(ctx: CheckContext) -> ParsedToken:
    return decode(ctx.env, ctx.get("token") or "")


def _learned(ctx: CheckContext, parsed: ParsedToken) -> dict[str, str]:
    """Facts any readable token yields (format, issuer, provider, Okta server type), kept to
    those this check declares it learns."""
    facts = {"token_format": str(parsed.format)}
    iss = parsed.claims.get("iss", parsed.header.get("iss"))
    if isinstance(iss, str) and iss:
        facts["token_issuer"] = iss
    # The client an access token was issued to: Okta's cid, RFC 9068's client_id. An ID
    # token's azp is left out: it equals its aud, so offered as "the client id" it would make
    # the audience check compare the token with itself.
    for claim in ("cid", "client_id"):
        client = parsed.claims.get(claim)
        if isinstance(client, str) and client:
            facts["token_client_id"], facts["token_client_id_claim"] = client, claim
            break
    if parsed.claims or parsed.header.get("iss"):
        guess = provider_guess(ctx, parsed, header=True)
        facts["provider"] = guess.provider
        if guess.okta_server:
            facts["okta_server"] = guess.okta_server
    return {name: value for name, value in facts.items() if name in ctx.spec.learns}


@check(
    "token.format",
    title="Token format",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=(
        "token_format",
        "token_issuer",
        "provider",
        "okta_server",
        "token_client_id",
        "token_client_id_claim",
    ),
)
async def token_format(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    facts = _learned(ctx, parsed) if parsed.problem is None else {}
    found = format_findings(parsed, facts.get("provider"))
    return ctx.conclude(found, evidence={"token": parsed.fingerprint}, facts=facts)


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
        return ctx.conclude(
            opaque_kind_findings(), refs=refs, evidence={"token": parsed.fingerprint}
        )
    readable_token(ctx)
    guess = kind_guess(ctx, parsed, ctx.get("client_id"))
    sent_to_api = bool(ctx.get("audience") or ctx.get("resource_url"))
    return ctx.conclude(
        kind_findings(guess, sent_to_api), refs=refs, evidence={"token": parsed.fingerprint}
    )


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
    readable_token(ctx)
    provider = provider_guess(ctx, parsed, header=True).provider
    return ctx.conclude(
        alg_findings(parsed.header, provider),
        refs=(ref.RFC_8725, ref.RFC_7515),
        evidence={"token": parsed.fingerprint},
    )


@check(
    "token.issuer",
    title="Issuer",
    inputs={"token": TOKEN_HELP, "issuer": "the issuer URL the service provider expects"},
    requires=("token",),
    learns=("token_issuer", "provider", "okta_server"),
)
async def token_issuer(ctx: CheckContext) -> CheckResult:
    parsed = readable_token(ctx)
    provider = provider_guess(ctx, parsed).provider
    found = issuer_findings(parsed.claims, ctx.get("issuer"), provider)
    refs = (ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_7519, ref.RFC_9068)
    return ctx.conclude(
        found,
        refs=refs + ref.provider_docs(provider),
        evidence={"token": parsed.fingerprint},
        facts=_learned(ctx, parsed),
    )


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
    parsed = readable_token(ctx)
    client_id, wanted = ctx.get("client_id"), ctx.get("audience")
    # The kind is judged without the client id first: "aud lacks the client id" is what this
    # check tests, so it must not also decide which value aud is compared with.
    kind = kind_guess(ctx, parsed).kind
    if kind == "unknown":
        kind = kind_guess(ctx, parsed, client_id).kind
    provider = provider_guess(ctx, parsed).provider
    found = audience_findings(parsed.claims, kind, provider, client_id, wanted)
    facts = {**_learned(ctx, parsed), "token_kind": kind}
    refs = (ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_9068, ref.RFC_7519_AUD)
    return ctx.conclude(
        found,
        refs=refs + ref.provider_docs(provider),
        evidence={"token": parsed.fingerprint},
        facts=facts,
    )


@check(
    "token.lifetime",
    title="Expiry and validity window",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("token_expired",),
)
async def token_lifetime(ctx: CheckContext) -> CheckResult:
    parsed = readable_token(ctx)
    kind = kind_guess(ctx, parsed).kind
    found = lifetime_findings(parsed.claims, ctx.env.now(), ctx.env.options.skew, kind)
    refs = (ref.RFC_7519_EXP, ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_8725)
    return ctx.conclude(found, refs=refs, evidence={"token": parsed.fingerprint})


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
    parsed = readable_token(ctx)
    kind = kind_guess(ctx, parsed).kind
    provider = provider_guess(ctx, parsed).provider
    required = (ctx.get("scopes") or "").split()
    found = scope_findings(parsed.claims, required, ctx.get("expect_claim"), kind, provider)
    refs = (ref.RFC_6749_SCOPE, ref.RFC_9068, ref.OIDC_SCOPE_CLAIMS)
    return ctx.conclude(
        found, refs=refs + ref.provider_docs(provider), evidence={"token": parsed.fingerprint}
    )


@check(
    "token.claims",
    title="Expected claim",
    inputs={
        "token": TOKEN_HELP,
        "expect_claim": "the claim the service provider reads (dotted path allowed)",
        "expect_value": "the value it must have (compared exactly, case-sensitive)",
        "id_token": "the ID token of the same login, where the claim is looked up too",
        "access_token": "the access token of the same login, where the claim is looked up too",
    },
    requires=("token", "expect_claim"),
    learns=("claim_in_other_token",),
)
async def token_claims(ctx: CheckContext) -> CheckResult:
    parsed = readable_token(ctx)
    provider = provider_guess(ctx, parsed).provider
    kind = kind_guess(ctx, parsed).kind
    path = (ctx.get("expect_claim") or "").strip()
    others = _other_tokens(ctx, parsed)
    # The scopes of the login, from its access token when the token under test is another.
    granted = next((scopes(o.claims).values for o in others if o.kind == "access"), None)
    found = expected_claim_findings(
        parsed.claims, path, ctx.get("expect_value"), provider, kind, granted
    )
    carrier_findings(found, path, (kind, parsed.claims), others)
    # The provider's own claim docs, not another product's: an Okta card links no OpenSearch
    # page (the OpenSearch playbook's checks carry theirs).
    refs = (ref.OIDC_SCOPE_CLAIMS, ref.RFC_7519)
    return ctx.conclude(
        found, refs=refs + ref.provider_docs(provider), evidence={"token": parsed.fingerprint}
    )


def _other_tokens(ctx: CheckContext, tested: ParsedToken) -> list[OtherToken]:
    """The session's other readable tokens (not the one under test), by the fact they came in."""
    others = []
    for name, kind in (("id_token", "id"), ("access_token", "access")):
        other = read_token(ctx.get(name), ctx.env)
        if other is not None and other.readable and other.fingerprint != tested.fingerprint:
            others.append(OtherToken(kind, other.claims))
    return others


@check(
    "token.provider",
    title="Provider",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("provider", "okta_server", "token_issuer", "token_client_id", "token_client_id_claim"),
)
async def token_provider(ctx: CheckContext) -> CheckResult:
    parsed = _token(ctx)
    # Auth0's encrypted tokens name their issuer in the readable header: enough to tell.
    jwe_with_issuer = parsed.format is TokenFormat.JWE and parsed.header.get("iss")
    if not jwe_with_issuer:
        readable_token(ctx)
    guess = provider_guess(ctx, parsed, header=True)
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
    return ctx.conclude(
        found, refs=refs, evidence={"token": parsed.fingerprint}, facts=_learned(ctx, parsed)
    )
