"""Network checks on the issuer itself: discovery document, key set, clock."""

from __future__ import annotations

from urllib.parse import urlsplit

from wizard.core.checks._jwkmatch import choose_keys
from wizard.core.checks._netcheck import is_confirmed, resolve_issuer
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token
from wizard.core.net.issuer import get_discovery, get_issuer_keys
from wizard.core.vocab.result import CheckResult

ISSUER_INPUTS = {
    "issuer": "the issuer URL (else the token's iss is used)",
    "token": "a JWT whose iss names the issuer",
    "id_token": "an ID token (its iss is used when no token is given)",
}
DISCOVERY_REF = "https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig"
JWKS_REF = "https://www.rfc-editor.org/rfc/rfc7517#section-4"
NO_ISSUER = "Not run: no issuer is known; give the issuer URL or a JWT whose iss names it."


def issuer_difference(found: str, expected: str) -> str:
    """A near miss in words: trailing slash, scheme, host case, port or path."""
    if found.rstrip("/") == expected.rstrip("/"):
        return "they differ only by a trailing slash, and issuers are compared byte for byte"
    a, b = urlsplit(found), urlsplit(expected)
    if a.scheme != b.scheme:
        return f"the scheme differs ({a.scheme} vs {b.scheme})"
    if a.netloc.lower() == b.netloc.lower() and a.netloc != b.netloc:
        return "they differ only by upper/lower case in the host"
    if a.hostname != b.hostname:
        return f"the host differs ({a.hostname} vs {b.hostname}): an alias or another tenant"
    if a.port != b.port:
        return f"the port differs ({a.port} vs {b.port})"
    return f"the path differs ({a.path or '/'} vs {b.path or '/'})"


@check(
    "discovery.document",
    title="Discovery document",
    inputs=ISSUER_INPUTS,
    learns=("jwks_uri", "userinfo_endpoint", "introspection_endpoint"),
    network=True,
)
async def discovery_document(ctx: CheckContext) -> CheckResult:
    issuer, source = resolve_issuer(ctx)
    if not issuer:
        return ctx.skipped(NO_ISSUER)
    meta = await get_discovery(ctx.env, issuer, confirmed=is_confirmed(ctx, issuer, source))
    doc = meta.document
    named = doc.get("issuer")
    endpoints = {
        name: meta.endpoint(name)
        for name in ("jwks_uri", "userinfo_endpoint", "introspection_endpoint", "token_endpoint")
    }
    evidence = {
        "url": meta.url,
        "issuer_used": issuer,
        "issuer_source": source,
        "issuer_in_document": named,
        **{name: value for name, value in endpoints.items() if value},
    }
    if named != issuer:
        why = issuer_difference(str(named), issuer) if isinstance(named, str) else "it is missing"
        return ctx.failed(
            f"The discovery document at {meta.url} names issuer {named!r}, but the issuer used "
            f"is {issuer!r} ({source}): {why}. A document whose issuer differs must not be used.",
            evidence=evidence,
            fix=(
                f"Configure the issuer exactly as the provider publishes it ({named!r}) wherever "
                "it is set (service provider, client library, --issuer), and make sure tokens "
                "come from that same server."
            ),
            refs=(DISCOVERY_REF,),
        )
    if not endpoints["jwks_uri"]:
        return ctx.failed(
            f"The discovery document at {meta.url} has no jwks_uri: nobody can verify this "
            "issuer's signatures.",
            evidence=evidence,
            fix="Ask the provider's operator to publish jwks_uri (it is required by OIDC).",
            refs=(DISCOVERY_REF,),
        )
    notes = []
    if not endpoints["userinfo_endpoint"]:
        notes.append("no userinfo_endpoint is listed")
    scopes = doc.get("scopes_supported")
    if isinstance(scopes, list) and "openid" not in scopes:
        notes.append("scopes_supported does not list openid")
    # scopes_supported and claims_supported are advisory: Okta never lists custom claims.
    advice = f" Note: {'; '.join(notes)}." if notes else ""
    return ctx.passed(
        f"Discovery at {meta.url} names issuer {issuer!r}, identical to the issuer used "
        f"({source}); "
        f"jwks_uri is {endpoints['jwks_uri']}.{advice}",
        evidence=evidence,
        refs=(DISCOVERY_REF,),
        facts={
            name: value for name, value in endpoints.items() if value and name != "token_endpoint"
        },
    )


@check("jwks.keys", title="Signing keys (JWKS)", inputs=ISSUER_INPUTS, network=True)
async def jwks_keys(ctx: CheckContext) -> CheckResult:
    issuer, source = resolve_issuer(ctx)
    if not issuer:
        return ctx.skipped(NO_ISSUER)
    import jwt  # deferred: only this check and token.signature build key objects

    meta = await get_discovery(ctx.env, issuer, confirmed=is_confirmed(ctx, issuer, source))
    named = meta.document.get("issuer")
    if named != issuer:
        # discovery.document fails on this with the explanation; the keys are simply unusable.
        return ctx.skipped(
            f"Not run: the discovery document at {meta.url} names issuer {named!r}, not "
            f"{issuer!r}, so its keys must not be used; see the “Discovery document” card."
        )
    _meta, jwks_uri, _response, keys = await get_issuer_keys(
        ctx.env, issuer, confirmed=is_confirmed(ctx, issuer, source)
    )
    unusable = []
    for key in keys:
        try:
            jwt.PyJWK(key)
        except (jwt.PyJWKError, jwt.InvalidKeyError, KeyError, ValueError, TypeError) as exc:
            unusable.append(f"{key.get('kid', '(no kid)')} ({exc.__class__.__name__})")
    kids = [key.get("kid") for key in keys]
    duplicates = sorted({str(k) for k in kids if k is not None and kids.count(k) > 1})
    summary = [
        {name: key[name] for name in ("kid", "kty", "alg", "use", "crv") if name in key}
        for key in keys
    ]
    evidence = {
        "jwks_uri": jwks_uri,
        "issuer_used": issuer,
        "issuer_source": source,
        "keys": summary,
    }
    problems = []
    if not keys:
        problems.append("the key set is empty")
    if unusable:
        problems.append(f"keys that do not parse: {', '.join(unusable)}")
    if duplicates:
        problems.append(
            f"duplicate kids: {', '.join(duplicates)} (verifiers may pick the wrong one)"
        )
    token = first_token(ctx, "token", "id_token")
    verdict = ""
    failed = False
    alg = (token.alg or "") if token is not None and token.readable else ""
    if alg.startswith("HS") or alg.lower() == "none":
        verdict = (
            f" The token is {alg}, so no published key applies to it (see the “Signing "
            "algorithm” card)."
        )
    elif alg and token is not None:
        choice = choose_keys(keys, token.header)
        if choice.problem in ("unknown-kid", "unfit"):
            failed = True
            problems.append(choice.message)
        elif choice.problem:
            problems.append(choice.message)
        else:
            kid = token.header.get("kid")
            verdict = f" The token's kid {kid!r} is there and fits alg {alg}."
    found = f"{jwks_uri} (jwks_uri of issuer {issuer}, {source}) holds {len(keys)} key(s): " + (
        ", ".join(f"{k.get('kid', '?')} {k.get('kty', '?')}/{k.get('alg', '-')}" for k in keys)
        or "none"
    )
    if failed or not keys:
        return ctx.failed(
            f"{found}. Problem: {'; '.join(problems)}.",
            evidence=evidence,
            fix=(
                "If the kid is unknown, the keys were rotated (get a new token, restart or refresh "
                "the verifier's key cache) or the token comes from another issuer or tenant: "
                "compare its iss with the issuer configured on the service provider."
            ),
            refs=(JWKS_REF, "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.4"),
        )
    if problems:
        return ctx.warned(
            f"{found}. Note: {'; '.join(problems)}.",
            evidence=evidence,
            fix="Ask the provider's operator to publish each key once, with a unique kid.",
            refs=(JWKS_REF,),
        )
    return ctx.passed(f"{found}.{verdict}", evidence=evidence, refs=(JWKS_REF,))


@check("clock.skew", title="Clock skew against the issuer", inputs=ISSUER_INPUTS, network=True)
async def clock_skew(ctx: CheckContext) -> CheckResult:
    issuer, source = resolve_issuer(ctx)
    if not issuer:
        return ctx.skipped(NO_ISSUER)
    meta = await get_discovery(ctx.env, issuer, confirmed=is_confirmed(ctx, issuer, source))
    date = meta.response.headers.get("date")
    if not date:
        return ctx.skipped(f"Not run: {meta.url} sent no Date header to compare the clock with.")
    from email.utils import parsedate_to_datetime  # deferred: the offline path skips this check

    try:
        server = parsedate_to_datetime(date).timestamp()
    except (TypeError, ValueError):
        return ctx.errored(f"The Date header of {meta.url} is not a valid HTTP date: {date!r}.")
    local = meta.response.received_at
    offset = local - server
    allowed = ctx.env.options.skew
    direction = "ahead of" if offset > 0 else "behind"
    evidence = {"server_date": date, "offset_seconds": round(offset, 1), "allowed_seconds": allowed}
    said = f"This machine's clock is {abs(offset):.0f} s {direction} the issuer's (Date: {date})"
    if abs(offset) > allowed + 1:  # Date has one-second resolution
        return ctx.warned(
            f"{said}, more than the {allowed:g} s tolerance: fresh tokens may look not yet valid "
            "or already expired here.",
            evidence=evidence,
            fix="Synchronise the clocks with NTP (on this machine and on the service provider).",
            refs=("https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1",),
        )
    return ctx.passed(f"{said}, within the {allowed:g} s tolerance.", evidence=evidence)
