"""Token checks (CHECKS.md, "Token checks"): what a token says, read offline without a key.

Each check parses the pasted token itself (parsing is cheap and pure), so any one can run
alone. Checks that need claims hand back a skip for an encrypted or opaque token and an error
for a broken one, pointing at ``token.format``, which explains the token's shape in full.
``token.signature`` needs the issuer's keys and lives with the network checks.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.result import CheckResult
from wizard.core.tokens import (
    ACCESS,
    ID,
    ISSUER_SHAPES,
    ParsedToken,
    TokenFormat,
    audiences,
    compare_issuer,
    detect_kind,
    detect_provider,
    parse_token,
)
from wizard.core.tokens import references as ref
from wizard.core.tokens.audience_rules import audience_fix
from wizard.core.tokens.claim_rules import expected_claim_findings
from wizard.core.tokens.findings import Findings
from wizard.core.tokens.lifetime import lifetime_findings
from wizard.core.tokens.providers import AUTH0, GOOGLE, OKTA_ORG
from wizard.core.tokens.scope_rules import scope_findings

TOKEN_HELP = "the token under test, as pasted (Bearer prefix, quotes and line breaks are fine)"
_SYMMETRIC = ("HS256", "HS384", "HS512")
_ASYMMETRIC = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "ES256K", "EdDSA", "Ed25519", "Ed448",
)  # fmt: skip
# Header parameters that would let the token choose its own verification key (RFC 8725 3.10).
_KEY_POINTERS = ("jku", "x5u", "jwk", "x5c")
_STRICT_KEY_PROVIDERS = ("okta-org", "okta-custom", "entra-v1", "entra-v2", "google")


def _unreadable(ctx: CheckContext, parsed: ParsedToken) -> CheckResult | None:
    """The result for a token whose claims cannot be read, or None when they can."""
    evidence = {"token": parsed.fingerprint, "format": str(parsed.format)}
    if parsed.problem is not None:
        return ctx.errored(
            f"The token could not be decoded: {parsed.problem.message} See token.format.",
            evidence=evidence,
            fix="Copy the whole token again from where it was issued, then rerun.",
            refs=(ref.RFC_7519,),
        )
    if parsed.format is TokenFormat.JWE:
        return ctx.skipped(
            "The token is encrypted (JWE): its claims cannot be read without the decryption "
            "key, so this check has nothing to look at. See token.format.",
            evidence=evidence,
        )
    if parsed.format is TokenFormat.OPAQUE:
        return ctx.skipped(
            "The token is opaque (not a JWT): only its issuer can say what it holds, through "
            "introspection or userinfo. See token.format.",
            evidence=evidence,
        )
    return None


def _learned(ctx: CheckContext, parsed: ParsedToken) -> dict[str, str]:
    """The facts a readable token yields (format, issuer, provider, Okta server type) that
    this check declares it learns."""
    facts = {"token_format": str(parsed.format)}
    iss = parsed.claims.get("iss", parsed.header.get("iss"))
    if isinstance(iss, str) and iss:
        facts["token_issuer"] = iss
    if parsed.claims or parsed.header.get("iss"):
        guess = detect_provider(parsed.claims, parsed.header)
        facts["provider"] = guess.provider
        if guess.okta_server:
            facts["okta_server"] = guess.okta_server
    return {name: value for name, value in facts.items() if name in ctx.spec.learns}


def _from_findings(
    ctx: CheckContext, parsed: ParsedToken, found: Findings, refs: tuple[str, ...]
) -> CheckResult:
    """Turn a rule module's findings into this check's result."""
    evidence = {"token": parsed.fingerprint, **found.evidence}
    build = {
        "pass": ctx.passed,
        "warn": ctx.warned,
        "fail": ctx.failed,
        "skip": ctx.skipped,
    }[found.status]
    fix = found.fix if found.status in ("warn", "fail") else ""
    return build(found.detail, evidence=evidence, fix=fix, refs=refs, facts=found.facts)


def _notes_text(parsed: ParsedToken) -> str:
    return (" " + " ".join(parsed.notes)) if parsed.notes else ""


@check(
    "token.format",
    title="Token format",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("token_format", "token_issuer", "provider", "okta_server"),
)
async def token_format(ctx: CheckContext) -> CheckResult:
    parsed = parse_token(ctx.get("token") or "")
    evidence = parsed.summary()
    if parsed.notes:
        evidence["cleaned"] = list(parsed.notes)
    if parsed.problem is not None:
        return ctx.failed(
            f"This cannot be read as a token ({parsed.length} characters, {parsed.parts} "
            f"dot-separated parts): {parsed.problem.message}{_notes_text(parsed)}",
            evidence=evidence,
            fix=(
                "Copy the token again, whole, from the response or the browser storage it came "
                "from, not from a log that wraps, truncates or URL-encodes it."
            ),
            refs=(ref.RFC_7515, ref.RFC_7519),
        )
    if parsed.format is TokenFormat.JWS:
        header = ", ".join(f"{k} {v!r}" for k, v in parsed.header.items() if k in ("alg", "typ"))
        return ctx.passed(
            f"A signed JWT (JWS) of {parsed.length} characters, fingerprint {parsed.fingerprint}: "
            f"header ({header or 'no alg or typ'}) and {len(parsed.claims)} claims decoded."
            f"{_notes_text(parsed)}",
            evidence=evidence,
            refs=(ref.RFC_7515, ref.RFC_7519),
            facts=_learned(ctx, parsed),
        )
    if parsed.format is TokenFormat.JWE:
        return _jwe_result(ctx, parsed, evidence)
    return _opaque_result(ctx, parsed, evidence)


def _jwe_result(ctx: CheckContext, parsed: ParsedToken, evidence: dict[str, Any]) -> CheckResult:
    alg, enc = parsed.header.get("alg"), parsed.header.get("enc")
    facts = _learned(ctx, parsed)
    auth0 = facts.get("provider") == AUTH0 or alg == "dir"
    fix = (
        "Decrypt it where the key is, or ask the issuer about it through introspection. "
        "If the service provider must read it, request a signed (JWS) token instead."
    )
    if auth0:
        fix = (
            "This looks like an Auth0 access token requested without an API audience: such a "
            "token (alg 'dir') is meant for Auth0's /userinfo only and no API can read it. "
            "Request the token with audience=<your API's Identifier> (Auth0 dashboard, "
            "Applications > APIs) to get a JWT your API can validate."
        )
    return ctx.warned(
        f"An encrypted JWT (JWE, 5 parts, alg {alg!r}, enc {enc!r}), fingerprint "
        f"{parsed.fingerprint}: its claims cannot be read without the decryption key."
        f"{_notes_text(parsed)}",
        evidence=evidence,
        fix=fix,
        refs=(ref.RFC_7516, ref.AUTH0_JWE) if auth0 else (ref.RFC_7516, ref.RFC_7662),
        facts=facts,
    )


def _opaque_result(ctx: CheckContext, parsed: ParsedToken, evidence: dict[str, Any]) -> CheckResult:
    short = parsed.length <= 40
    auth0_note = (
        " Short opaque tokens are what Auth0 issues when no audience is requested (often 32 "
        "characters): they work at /userinfo only."
        if short
        else ""
    )
    return ctx.warned(
        f"An opaque token of {parsed.length} characters, fingerprint {parsed.fingerprint}: not "
        f"a JWT, so nothing can be read from it here.{auth0_note}{_notes_text(parsed)}",
        evidence=evidence,
        fix=(
            "Ask the issuer what it means: call its introspection endpoint (RFC 7662) or its "
            "userinfo endpoint with it (checks introspection.request and userinfo.request). If "
            "your API expects a JWT, request one: Auth0 with an audience, Okta from a custom "
            "authorization server."
        ),
        refs=(ref.RFC_7662, ref.OIDC_USERINFO),
        facts={"token_format": str(TokenFormat.OPAQUE)},
    )


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
    parsed = parse_token(ctx.get("token") or "")
    if parsed.format is TokenFormat.OPAQUE and parsed.problem is None:
        return ctx.passed(
            "An opaque token cannot be an ID token (ID tokens are always JWTs, OIDC Core "
            "section 2): it is an access token (or a refresh token, which no API accepts).",
            evidence={"token": parsed.fingerprint},
            refs=(ref.OIDC_ID_TOKEN,),
            facts={"token_kind": ACCESS},
        )
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    guess = detect_kind(parsed.header, parsed.claims, ctx.get("client_id"))
    evidence = {
        "token": parsed.fingerprint,
        "kind": guess.kind,
        "id_marks": list(guess.id_marks),
        "access_marks": list(guess.access_marks),
    }
    reasons = "; ".join(guess.reasons)
    facts = {"token_kind": guess.kind}
    refs = (ref.RFC_9068, ref.OIDC_ID_TOKEN)
    if guess.kind == ID:
        sent_to_api = ctx.get("audience") or ctx.get("resource_url")
        if sent_to_api:
            return ctx.warned(
                f"This is an ID token ({reasons}), and it is being sent to an API. An ID token "
                "tells the client who logged in; an API should get an access token, and most "
                "reject an ID token because its aud is the client id, not the API.",
                evidence=evidence,
                fix=(
                    "Send the access token from the same token response as the bearer. "
                    "Exception: OpenSearch Dashboards forwards the ID token to OpenSearch, so "
                    "there the ID token is the right one to check."
                ),
                refs=(*refs, ref.OPENSEARCH_OIDC),
                facts=facts,
            )
        return ctx.passed(
            f"This is an ID token ({reasons}). It is meant for the client; an API should be "
            "sent the access token (OpenSearch Dashboards is the exception: it forwards the ID "
            "token to OpenSearch).",
            evidence=evidence,
            refs=refs,
            facts=facts,
        )
    if guess.kind == ACCESS:
        return ctx.passed(
            f"This is an access token ({reasons}).", evidence=evidence, refs=refs, facts=facts
        )
    return ctx.warned(
        "Cannot tell whether this is an ID token or an access token"
        + (f" (marks seen: {reasons})." if reasons else ": it carries none of the usual marks."),
        evidence=evidence,
        fix=(
            "Give the client id (an ID token's aud is the client id), or take the token from a "
            "known place in the token response: 'id_token' or 'access_token'."
        ),
        refs=refs,
        facts=facts,
    )


@check(
    "token.alg",
    title="Signing algorithm",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("token_alg",),
)
async def token_alg(ctx: CheckContext) -> CheckResult:
    parsed = parse_token(ctx.get("token") or "")
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
    alg = parsed.header.get("alg")
    pointers = [name for name in _KEY_POINTERS if name in parsed.header]
    provider = detect_provider(parsed.claims, parsed.header).provider
    evidence = {"token": parsed.fingerprint, "alg": alg, "key_headers": pointers}
    refs = (ref.RFC_8725, ref.RFC_7515)
    facts = {"token_alg": alg} if isinstance(alg, str) else {}
    pointer_note = (
        f" The header names its own key source ({', '.join(pointers)}): reported, never "
        "followed; keys come only from the issuer's jwks_uri."
        if pointers
        else ""
    )
    if not isinstance(alg, str) or not alg:
        return ctx.failed(
            "The header has no alg: no validator can tell how it was signed.",
            evidence=evidence,
            fix="Check how the token is produced; a JOSE header must name its alg.",
            refs=refs,
        )
    if alg.lower() == "none":
        return ctx.failed(
            "alg is 'none': the token is unsigned, and any validator that accepts it accepts "
            "forged tokens." + pointer_note,
            evidence=evidence,
            fix="Configure the issuer (or the client) to sign tokens, RS256 being the default.",
            refs=refs,
            facts=facts,
        )
    if alg in _SYMMETRIC:
        return _symmetric_result(ctx, alg, provider, evidence, pointer_note, facts)
    if alg not in _ASYMMETRIC:
        return ctx.warned(
            f"alg {alg!r} is not one of the usual JWS algorithms." + pointer_note,
            evidence=evidence,
            fix="Make sure the service provider supports it; RS256 is the OIDC default.",
            refs=refs,
            facts=facts,
        )
    if pointers:
        return ctx.warned(
            f"alg is {alg} (asymmetric, fine)." + pointer_note,
            evidence=evidence,
            fix=(
                "Make sure the service provider ignores these headers and takes keys from the "
                "issuer's jwks_uri only (RFC 8725 section 3.10)."
            ),
            refs=refs,
            facts=facts,
        )
    default_note = (
        "" if alg == "RS256" else " (RS256 is the OIDC default: check the SP supports it)"
    )
    return ctx.passed(
        f"alg is {alg}, an asymmetric algorithm verified with the issuer's public key"
        f"{default_note}.",
        evidence=evidence,
        refs=refs,
        facts=facts,
    )


def _symmetric_result(
    ctx: CheckContext,
    alg: str,
    provider: str,
    evidence: dict[str, Any],
    pointer_note: str,
    facts: dict[str, str],
) -> CheckResult:
    if provider in _STRICT_KEY_PROVIDERS:
        return ctx.failed(
            f"alg is {alg} (a shared secret) but the token claims to come from {provider}, "
            "which publishes asymmetric keys: this is the key-confusion pattern, where a "
            "forger signs with the issuer's public key as an HMAC secret." + pointer_note,
            evidence=evidence,
            fix=(
                "Do not accept this token. Validators must pin the algorithms they accept "
                "(e.g. RS256 only) instead of trusting the header's alg."
            ),
            refs=(ref.RFC_8725, ref.RFC_7515),
            facts=facts,
        )
    extra = ""
    if provider == AUTH0:
        extra = (
            " Auth0 signs with HS256 when the API (or the application, for ID tokens) is set "
            "to HS256; such access tokens never get the /userinfo audience."
        )
    return ctx.warned(
        f"alg is {alg}: signed with a shared secret, so only holders of that secret can "
        f"verify it, and it must never be verified with a public key.{extra}{pointer_note}",
        evidence=evidence,
        fix=(
            "Prefer RS256 (set the API's or client's signing algorithm at the issuer). If HS* is "
            "intended, configure the service provider with the shared secret and pin HS*."
        ),
        refs=(ref.RFC_8725, ref.RFC_7515),
        facts=facts,
    )


@check(
    "token.issuer",
    title="Issuer",
    inputs={"token": TOKEN_HELP, "issuer": "the issuer URL the service provider expects"},
    requires=("token",),
    learns=("token_issuer", "provider", "okta_server"),
)
async def token_issuer(ctx: CheckContext) -> CheckResult:
    parsed = parse_token(ctx.get("token") or "")
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    iss = parsed.claims.get("iss")
    expected = ctx.get("issuer")
    refs = (ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_7519, ref.RFC_9068)
    evidence: dict[str, Any] = {"token": parsed.fingerprint, "iss": iss, "expected": expected}
    if not isinstance(iss, str) or not iss:
        return ctx.failed(
            f"The token has no usable iss claim (found {iss!r}); validators reject it.",
            evidence=evidence,
            fix="Use a token from an OpenID provider; both ID and JWT access tokens carry iss.",
            refs=refs,
        )
    facts = _learned(ctx, parsed)
    guess = detect_provider(parsed.claims)
    shape = ISSUER_SHAPES.get(guess.provider)
    shape_note = f" Known shape for {guess.label}: {shape}." if shape else ""
    if expected is None:
        return _issuer_shape_result(ctx, iss, guess.provider, shape_note, evidence, facts, refs)
    comparison = compare_issuer(iss, expected)
    evidence["differences"] = list(comparison.explanations)
    if comparison.equal:
        return ctx.passed(
            f"iss is {iss!r}, exactly the expected issuer.",
            evidence=evidence,
            refs=refs,
            facts=facts,
        )
    if comparison.same_after_cleanup:
        return ctx.passed(
            f"iss is {iss!r}, which matches the expected issuer once it is read as an issuer: "
            + " ".join(comparison.explanations),
            evidence=evidence,
            refs=refs,
            facts=facts,
        )
    why = " ".join(comparison.explanations)
    return ctx.failed(
        f"iss is {iss!r}, expected {expected!r}: validators compare them byte for byte, so this "
        f"token is rejected. {why}{shape_note}".rstrip(),
        evidence=evidence,
        fix=(
            f"Make the two identical: set the service provider's issuer to exactly {iss!r} if "
            f"that issuer is the one to trust, or get tokens from {expected!r}."
        ),
        refs=refs + ref.provider_docs(guess.provider),
        facts=facts,
    )


def _issuer_shape_result(
    ctx: CheckContext,
    iss: str,
    provider: str,
    shape_note: str,
    evidence: dict[str, Any],
    facts: dict[str, str],
    refs: tuple[str, ...],
) -> CheckResult:
    try:
        parts = urlsplit(iss)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    loopback = host in ("localhost", "127.0.0.1", "::1")
    if (
        provider == GOOGLE
        or (parts is not None and parts.scheme == "https" and host)
        or (parts is not None and parts.scheme == "http" and loopback)
    ):
        return ctx.passed(
            f"iss is {iss!r}.{shape_note} No expected issuer was given to compare it with.",
            evidence=evidence,
            refs=refs,
            facts=facts,
        )
    return ctx.warned(
        f"iss is {iss!r}, which is not an https URL: OpenID providers' issuers are https URLs "
        "(OIDC Core 2), and discovery cannot be built from it.",
        evidence=evidence,
        fix="Check the issuer's configured base URL (e.g. a proxy hiding https from it).",
        refs=refs,
        facts=facts,
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
    parsed = parse_token(ctx.get("token") or "")
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    client_id, wanted = ctx.get("client_id"), ctx.get("audience")
    kind = detect_kind(parsed.header, parsed.claims, client_id).kind
    guess = detect_provider(parsed.claims)
    aud = audiences(parsed.claims)
    facts = {**_learned(ctx, parsed), "token_kind": kind}
    evidence = {
        "token": parsed.fingerprint,
        "aud": parsed.claims.get("aud"),
        "kind": kind,
        "client_id": client_id,
        "audience": wanted,
    }
    refs = (ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_9068, ref.RFC_7519_AUD)
    refs = refs + ref.provider_docs(guess.provider)
    shown = "[" + ", ".join(f'"{a}"' for a in aud) + "]"
    iss = parsed.claims.get("iss")
    if guess.provider == OKTA_ORG and kind == ACCESS and wanted != iss:
        return _okta_org_access(ctx, iss, shown, wanted, evidence, refs, facts)
    if not aud:
        return ctx.failed(
            f"The token has no usable aud claim (found {parsed.claims.get('aud')!r}); ID tokens "
            "must have one and JWT access tokens should (RFC 9068).",
            evidence=evidence,
            fix=audience_fix(guess.provider, kind, wanted or client_id),
            refs=refs,
            facts=facts,
        )
    if kind == ID or (kind != ACCESS and not wanted):
        target, label = client_id, "the client id"
    else:
        target, label = wanted, "the expected audience"
    if target is None:
        need = "client_id" if label == "the client id" else "audience"
        return ctx.skipped(
            f"aud is {shown} (a {kind} token); give {need} to compare it with {label}.",
            evidence=evidence,
            refs=refs,
            facts=facts,
        )
    note = _audience_side_note(parsed, guess.provider, aud)
    if target in aud:
        return ctx.passed(
            f"aud is {shown}, which contains {label} {target!r}.{note}",
            evidence=evidence,
            refs=refs,
            facts=facts,
        )
    near = [a for a in aud if a.rstrip("/").lower() == target.rstrip("/").lower()]
    near_note = (
        f" {near[0]!r} differs from it only in case or a trailing slash, and audiences are "
        "compared exactly."
        if near
        else ""
    )
    return ctx.failed(
        f"aud is {shown}, expected it to contain {label} {target!r}.{near_note}{note}",
        evidence=evidence,
        fix=audience_fix(guess.provider, kind, target),
        refs=refs,
        facts=facts,
    )


def _okta_org_access(
    ctx: CheckContext,
    iss: Any,
    shown: str,
    wanted: str | None,
    evidence: dict[str, Any],
    refs: tuple[str, ...],
    facts: dict[str, str],
) -> CheckResult:
    # Seed 000: the org server signs access tokens only Okta's own APIs can validate.
    detail = (
        f"This access token comes from Okta's org authorization server (iss {iss!r}, aud "
        f"{shown}). Org-server access tokens are meant for Okta's own APIs only: your own "
        "API cannot validate them, whatever its audience setting."
    )
    fix = (
        "Request tokens from a custom authorization server (for example 'default', issuer "
        "https://ORG.okta.com/oauth2/default) and set that server's Audience to what your API "
        "expects (e.g. api://default)."
    )
    if wanted is None:
        detail += " Fine for Okta's APIs (e.g. its /userinfo); a 401 if sent to your own API."
        return ctx.warned(detail, evidence=evidence, fix=fix, refs=refs, facts=facts)
    return ctx.failed(
        f"{detail} Your API expects {wanted!r}.", evidence=evidence, fix=fix, refs=refs, facts=facts
    )


def _audience_side_note(parsed: ParsedToken, provider: str, aud: list[str]) -> str:
    iss = parsed.claims.get("iss")
    if provider == AUTH0 and isinstance(iss, str) and len(aud) == 1:
        userinfo = iss.rstrip("/") + "/userinfo"
        return (
            f" Note: aud lacks {userinfo}, so Auth0's /userinfo rejects this token "
            "(see auth0.userinfo)."
        )
    if len(aud) > 1 and "azp" not in parsed.claims:
        return " Note: aud has several values and no azp claim (OIDC Core 3.1.3.7 expects azp)."
    return ""


@check(
    "token.lifetime",
    title="Expiry and validity window",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("token_expired",),
)
async def token_lifetime(ctx: CheckContext) -> CheckResult:
    parsed = parse_token(ctx.get("token") or "")
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    kind = detect_kind(parsed.header, parsed.claims).kind
    found = lifetime_findings(parsed.claims, ctx.env.now(), ctx.env.options.skew, kind)
    refs = (ref.RFC_7519_EXP, ref.OIDC_ID_TOKEN_VALIDATION, ref.RFC_8725)
    return _from_findings(ctx, parsed, found, refs)


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
    parsed = parse_token(ctx.get("token") or "")
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    kind = detect_kind(parsed.header, parsed.claims).kind
    provider = detect_provider(parsed.claims).provider
    required = (ctx.get("scopes") or "").split()
    found = scope_findings(parsed.claims, required, ctx.get("expect_claim"), kind, provider)
    refs = (ref.RFC_6749_SCOPE, ref.RFC_9068, ref.OIDC_SCOPE_CLAIMS) + ref.provider_docs(provider)
    return _from_findings(ctx, parsed, found, refs)


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
    parsed = parse_token(ctx.get("token") or "")
    blocked = _unreadable(ctx, parsed)
    if blocked is not None:
        return blocked
    provider = detect_provider(parsed.claims).provider
    kind = detect_kind(parsed.header, parsed.claims).kind
    path = (ctx.get("expect_claim") or "").strip()
    found = expected_claim_findings(parsed.claims, path, ctx.get("expect_value"), provider, kind)
    refs = (ref.OIDC_SCOPE_CLAIMS, ref.RFC_7519, ref.OPENSEARCH_OIDC)
    return _from_findings(ctx, parsed, found, refs + ref.provider_docs(provider))


@check(
    "token.provider",
    title="Provider",
    inputs={"token": TOKEN_HELP},
    requires=("token",),
    learns=("provider", "okta_server", "token_issuer"),
)
async def token_provider(ctx: CheckContext) -> CheckResult:
    parsed = parse_token(ctx.get("token") or "")
    readable_jwe = parsed.format is TokenFormat.JWE and parsed.header.get("iss")
    if not readable_jwe:
        blocked = _unreadable(ctx, parsed)
        if blocked is not None:
            return blocked
    guess = detect_provider(parsed.claims, parsed.header)
    facts = _learned(ctx, parsed)
    server = f" ({guess.okta_server} authorization server)" if guess.okta_server else ""
    return ctx.passed(
        f"The token comes from {guess.label}{server}: {'; '.join(guess.reasons)}.",
        evidence={
            "token": parsed.fingerprint,
            "provider": guess.provider,
            "reasons": list(guess.reasons),
            "iss": parsed.claims.get("iss", parsed.header.get("iss")),
        },
        refs=ref.provider_docs(guess.provider) or (ref.RFC_7519,),
        facts=facts,
    )
