"""Checks on what a pasted trace, HAR or log line says, with or without the token itself.

`wizard ingest` fills the facts these read (the audience and issuer the service expected and
those the token had, the request time, the challenge, the responder); a flow node can run them
like any other check. Each says only what the evidence shows.
"""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import read_token
from wizard.core.tokens.lifetime import lifetime_findings
from wizard.core.tokens.timefmt import format_duration, format_utc
from wizard.core.vocab.result import CheckResult

RFC_6750_3 = "https://www.rfc-editor.org/rfc/rfc6750#section-3"
RFC_6750_31 = "https://www.rfc-editor.org/rfc/rfc6750#section-3.1"
RFC_9068_4 = "https://www.rfc-editor.org/rfc/rfc9068#section-4"
RFC_7519_EXP = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4"
RFC_9449_7 = "https://www.rfc-editor.org/rfc/rfc9449#section-7.1"
RFC_9470 = "https://www.rfc-editor.org/rfc/rfc9470#section-3"


@check(
    "evidence.audience",
    title="Audience, as the service reported it",
    inputs={
        "token_audience": "the aud the service saw in the token (from its error message)",
        "audience": "the audience the service expects",
    },
    # With the token itself, token.audience judges it; this check reads the service's words.
    requires=("audience", "token_audience"),
)
async def evidence_audience(ctx: CheckContext) -> CheckResult:
    return _both_sides(
        ctx,
        "aud",
        seen=ctx.get("token_audience"),
        expected=ctx.get("audience"),
        fix="Either request the token for the audience the service expects (the audience or "
        "resource parameter, or the IdP's audience setting), or set the service's expected "
        "audience to the value the IdP issues.",
    )


@check(
    "evidence.issuer",
    title="Issuer, as the service reported it",
    inputs={
        "token_issuer": "the iss the service saw in the token (from its error message)",
        "issuer": "the issuer the service trusts",
    },
    requires=("issuer", "token_issuer"),
)
async def evidence_issuer(ctx: CheckContext) -> CheckResult:
    return _both_sides(
        ctx,
        "iss",
        seen=ctx.get("token_issuer"),
        expected=ctx.get("issuer"),
        fix="Issuers are compared byte for byte: set the service's issuer to the token's iss "
        "exactly (scheme, host, port, path, trailing slash), or get tokens from the issuer it "
        "trusts.",
    )


def _both_sides(
    ctx: CheckContext, claim: str, *, seen: str | None, expected: str | None, fix: str
) -> CheckResult:
    """Pass when a value the token had is one the service expects; else say both, and why."""
    had, wanted = (seen or "").split(), (expected or "").split()
    evidence = {f"token_{claim}": had, "expected": wanted}
    if set(had) & set(wanted):
        return ctx.passed(f"The token's {claim} {had} is among {wanted}.", evidence=evidence)
    return ctx.failed(
        f"The token's {claim} is {_listed(had)}; the service expects {_listed(wanted)}."
        f"{_near_miss(had, wanted)}",
        evidence=evidence,
        fix=fix,
        refs=(RFC_9068_4,),
    )


@check(
    "evidence.lifetime",
    title="Lifetime when the request was made, and now",
    inputs={
        "token": "the token, when it was pasted",
        "token_exp": "the expiry a validator's message names",
        "request_time": "when the failing request was made (HAR, Date header, log time)",
        "validator_now": "the service's clock, as its message says",
    },
)
async def evidence_lifetime(ctx: CheckContext) -> CheckResult:
    token = read_token(ctx.get("token"), ctx.env)
    claims = dict(token.claims) if token and token.claims else {}
    exp = _moment(ctx.get("token_exp"))
    if exp is not None:
        # The validator's own words win over the claim: it is what the service judged.
        claims["exp"] = int(exp)
    if "exp" not in claims and "nbf" not in claims:
        return ctx.skipped("No token and no expiry in the messages: nothing to time.")
    asked = _moment(ctx.get("validator_now")) or _moment(ctx.get("request_time"))
    if asked is None:
        return ctx.skipped(
            "The request time is not known (no HAR time, Date header or log time); "
            "the 'Expiry and validity window' card judges the token as of now."
        )
    skew = ctx.env.options.skew
    kind = "access"
    at_now = lifetime_findings(claims, ctx.env.now(), skew, kind)
    # A validator that named the expiry already applied its own clock skew.
    then = lifetime_findings(claims, asked, 0 if exp is not None else skew, kind)
    then_bad, now_bad = then.status == "fail", at_now.status == "fail"
    when = format_utc(asked)
    exp_text = "no exp"
    if "exp" in claims:
        exp = float(claims["exp"])
        exp_text = f"{format_utc(exp)}, {format_duration(exp - asked)} {_side(exp - asked)}"
    evidence = {"request_time": when, "exp": exp_text}
    clock = _clock_note(ctx)
    if clock:
        evidence["clocks"] = clock
    if then_bad:
        return ctx.failed(
            f"Expired (or not yet valid) when the request was made ({when}); "
            f"{'still invalid now' if now_bad else 'valid now'}. exp: {exp_text}.{clock}",
            evidence=evidence,
            fix="Get a fresh token; make the client renew it before exp. If the times are "
            "close, compare the clocks of the issuer and the service.",
            refs=(RFC_7519_EXP,),
        )
    return ctx.passed(
        f"Not expired when the request was made ({when}); "
        f"{'expired now' if now_bad else 'still valid now'}. exp: {exp_text}.{clock}",
        evidence=evidence,
        refs=(RFC_7519_EXP,),
    )


def _moment(value: str | None) -> float | None:
    """`value` as a moment, None when absent: without a value the time reader (and with it
    the whole ingest package) is not imported, which `wizard check` starts faster for."""
    if not value:
        return None
    from wizard.core.ingest.times import parse_moment

    return parse_moment(value)


def _side(delta: float) -> str:
    return "after the request" if delta >= 0 else "before the request"


def _clock_note(ctx: CheckContext) -> str:
    """The service's clock (from its message) against the request time, when both are known."""
    service = _moment(ctx.get("validator_now"))
    request = _moment(ctx.get("request_time"))
    if service is None or request is None or abs(service - request) < 1:
        return ""
    ahead = "ahead of" if service > request else "behind"
    return (
        f" The service's clock ({format_utc(service)}) is {format_duration(service - request)} "
        f"{ahead} the request time ({format_utc(request)})."
    )


@check(
    "challenge.no_error",
    title="What the WWW-Authenticate challenge says",
    inputs={
        "challenge_scheme": "the scheme of the main challenge (bearer, dpop, basic, …)",
        "challenge_error": "its error parameter",
        "challenge_error_description": "its error_description",
        "challenge_scope": "its scope parameter",
        "auth_scheme": "the scheme the request used",
        "status": "the response's status code",
    },
    requires=("challenge_scheme",),
)
async def challenge_no_error(ctx: CheckContext) -> CheckResult:
    scheme = ctx.get("challenge_scheme") or ""
    error = ctx.get("challenge_error")
    description = ctx.get("challenge_error_description")
    sent = (ctx.get("auth_scheme") or "").lower()
    evidence = {"scheme": scheme, "error": error, "status": ctx.get("status")}
    if scheme == "basic" and sent in ("bearer", "dpop"):
        return ctx.failed(
            "The service answered a Bearer call with a Basic challenge: an authenticator for "
            "passwords answered before the token one.",
            evidence=evidence,
            fix="Put the token (JWT / OpenID) authentication before basic authentication, or "
            "turn off the basic challenge (OpenSearch: challenge: false).",
            refs=(RFC_6750_3,),
        )
    if scheme not in ("bearer", "dpop"):
        return ctx.passed(f"A {scheme} challenge; nothing RFC 6750 defines to read.")
    if error is None:
        return ctx.failed(
            "The Bearer challenge has no error: the service saw no token at all (RFC 6750 §3). "
            "The token was lost before the validator: a proxy removed the header, another "
            "header name or scheme was used, a CORS preflight, or a cookie was sent instead.",
            evidence=evidence,
            fix="Trace the header hop by hop (client, proxy, gateway, service) and find where "
            "Authorization disappears; the token's claims are not the question yet.",
            refs=(RFC_6750_3,),
        )
    said = f"error={error}" + (f" ({description})" if description else "")
    if error == "use_dpop_nonce":
        return ctx.warned(
            f"{said}: normal for DPoP; the client must retry once with the DPoP-Nonce given.",
            evidence=evidence,
            fix="Retry with a new proof carrying the nonce from the DPoP-Nonce header.",
            refs=(RFC_9449_7,),
        )
    if error == "insufficient_user_authentication":
        return ctx.failed(
            f"{said}: the token is valid but the sign-in was too weak or too old (step-up).",
            evidence=evidence,
            fix="Sign in again with the acr_values / max_age the challenge names.",
            refs=(RFC_9470,),
        )
    return ctx.passed(
        f"The validator saw the token and said {said}"
        + (f"; required scope: {ctx.get('challenge_scope')}" if ctx.get("challenge_scope") else ""),
        evidence=evidence,
        refs=(RFC_6750_31,),
    )


@check(
    "evidence.responder",
    title="Who answered",
    inputs={
        "responder": "the component that produced the response",
        "responder_signs": "the headers and body shapes that named it",
        "status": "the response's status code",
    },
    requires=("responder",),
)
async def evidence_responder(ctx: CheckContext) -> CheckResult:
    name = ctx.get("responder") or ""
    signs = ctx.get("responder_signs") or ""
    status = ctx.get("status") or "?"
    detail = f"HTTP {status} came from {name} ({signs})."
    if "login redirect" in name or name == "oauth2-proxy":
        return ctx.warned(
            detail + " A login page answered, not the API: the call had no session or token "
            "the proxy accepts.",
            evidence={"responder": name},
            fix="Call the API with a bearer token the proxy accepts (oauth2-proxy: "
            "skip_jwt_bearer_tokens), or with the session cookie.",
        )
    return ctx.passed(detail, evidence={"responder": name})


@check(
    "evidence.message",
    title="What the pasted message means",
    inputs={
        "log_message": "the id of a recognised validator, gateway or IdP message",
        "token_audience": "the token's aud, as the message says",
        "audience": "the expected audience, as the message says",
        "token_issuer": "the token's iss, as the message says",
        "issuer": "the expected issuer, as the message says",
        "kid": "the key id the message names",
    },
    requires=("log_message",),
    learns=("message_meaning", "message_fix", "message_family"),
)
async def evidence_message(ctx: CheckContext) -> CheckResult:
    from wizard.core.ingest.messages import all_rules

    wanted = ctx.get("log_message")
    rule = next((r for r in all_rules() if r.message_id == wanted), None)
    if rule is None:
        return ctx.skipped(f"'{wanted}' is not a message the wizard knows.")
    meaning = rule.explain({name: value for name, value in ctx.inputs.items() if value})
    facts = {"message_meaning": meaning, "message_fix": rule.fix, "message_family": rule.family}
    build = ctx.failed if rule.severity == "fail" else ctx.warned
    return build(
        f"[{rule.family}] {meaning}",
        evidence={"message": rule.message_id, "checks": list(rule.check_ids)},
        fix=rule.fix,
        facts=facts,
    )


def _listed(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values) if values else "nothing"


def _near_miss(seen: list[str], expected: list[str]) -> str:
    """A sentence naming the classic near misses between the two sides, or ""."""
    for a in seen:
        for b in expected:
            if a.rstrip("/") == b.rstrip("/"):
                return " They differ only by a trailing slash."
            if a.lower() == b.lower():
                return " They differ only in letter case."
            if a.removeprefix("api://") == b.removeprefix("api://"):
                return " One has the api:// prefix (Entra App ID URI) and the other not."
            if a.replace("http://", "https://") == b.replace("http://", "https://"):
                return " They differ only by http against https."
    return ""
