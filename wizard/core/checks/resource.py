"""resource.request: call the service provider's protected URL the way a client would."""

from __future__ import annotations

from urllib.parse import urljoin

from wizard.core.checks._gateway import (
    DPOP_REFS,
    GATEWAY_REFS,
    SESSION_COOKIE_FIX,
    SESSION_COOKIE_SAID,
    dpop_explanation,
    is_sign_in_page,
    is_sign_in_redirect,
)
from wizard.core.checks.context import CheckContext
from wizard.core.checks.endpoints import RFC6750, bearer_challenge, describe_rejection
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token
from wizard.core.net.challenge import parse_www_authenticate
from wizard.core.net.fetch import fetch, looks_like_html
from wizard.core.vocab.result import CheckResult

LOGIN_WORDS = ("login", "signin", "sign-in", "authorize", "/auth", "sso", "oauth")


@check(
    "resource.request",
    title="Protected resource request",
    inputs={
        "resource_url": "the service provider's protected URL",
        "token": "the token to present",
        "resource_header": "the header to carry it (default Authorization)",
        "resource_scheme": "the scheme before the token in Authorization (default Bearer)",
    },
    requires=("resource_url", "token"),
    learns=("resource_status", "resource_challenge", "resource_answer"),
    network=True,
    on_request="--resource URL",
)
async def resource_request(ctx: CheckContext) -> CheckResult:
    token = first_token(ctx, "token")
    url = ctx.get("resource_url") or ""
    if token is None:
        return ctx.skipped("Not run: it needs a token.")
    header = ctx.get("resource_header") or "Authorization"
    scheme = ctx.get("resource_scheme")
    if scheme is None and header.lower() == "authorization":
        scheme = "Bearer"
    raw = token.secret_value()
    value = f"{scheme} {raw}" if scheme else raw
    response = await fetch(
        ctx.env, url, headers={header: value}, follow_redirects=False, secret_headers=(header,)
    )
    challenges = [c for raw in response.all_challenges for c in parse_www_authenticate(raw)]
    schemes = sorted({c.scheme for c in challenges})
    facts = {"resource_status": str(response.status)}
    if schemes:
        facts["resource_challenge"] = schemes[0] if len(schemes) == 1 else ",".join(schemes)
    evidence = {
        "url": url,
        "header": header,
        "scheme": scheme or "(none)",
        "status": response.status,
    }
    said, more = describe_rejection(response, [raw])
    evidence.update(more)
    sent = f"{url} (token in {header}{' as ' + scheme if scheme else ''})"
    status = response.status

    if status in (200, 401, 403) and is_sign_in_page(response):
        return ctx.failed(
            f"{sent} answered HTTP {status} with an HTML {SESSION_COOKIE_SAID}.",
            evidence=evidence,
            facts={**facts, "resource_answer": "sign-in-page"},
            fix=SESSION_COOKIE_FIX,
            refs=GATEWAY_REFS,
        )
    if 200 <= status < 300:
        if looks_like_html(response):
            return ctx.warned(
                f"{sent} answered HTTP {status} with an HTML page: maybe a login page rather than "
                "the resource.",
                evidence=evidence,
                facts=facts,
                fix="Check the URL is the API endpoint, not the browser front end.",
            )
        return ctx.passed(
            f"{sent} accepted the token (HTTP {status}).", evidence=evidence, facts=facts
        )
    if 300 <= status < 400:
        location = urljoin(url, response.headers.get("location", ""))
        evidence["location"] = location
        if any(word in location.lower() for word in LOGIN_WORDS) or is_sign_in_redirect(location):
            return ctx.failed(
                f"{sent} redirects (HTTP {status}) to {location}, a {SESSION_COOKIE_SAID}.",
                evidence=evidence,
                facts={**facts, "resource_answer": "sign-in-page"},
                fix=SESSION_COOKIE_FIX,
                refs=GATEWAY_REFS,
            )
        return ctx.warned(
            f"{sent} redirects (HTTP {status}) to {location}; not followed.",
            evidence=evidence,
            facts=facts,
            fix="Use the final URL directly.",
        )
    dpop = dpop_explanation(schemes, scheme) if status in (400, 401) else None
    if dpop is not None:
        return ctx.failed(
            f"{sent} answered {said}. {dpop[0]}",
            evidence=evidence,
            facts={**facts, "resource_answer": "dpop-required"},
            fix=dpop[1],
            refs=DPOP_REFS,
        )
    if status == 401:
        return ctx.failed(
            f"{sent} answered {said}. {_explain_401(response, schemes)}",
            evidence=evidence,
            facts=facts,
            fix=_fix_401(response, schemes),
            refs=(RFC6750,),
        )
    if status == 403:
        return ctx.failed(
            f"{sent} answered {said}: the token was understood but does not grant this "
            "(a missing scope, role or permission), which is not an authentication problem.",
            evidence=evidence,
            facts=facts,
            fix="Grant the needed scope or role; on OpenSearch, check the role mapping "
            "(roles_mapping.yml).",
            refs=(RFC6750,),
        )
    if status >= 500:
        return ctx.errored(
            f"{sent} answered HTTP {status}: a server error.", evidence=evidence, facts=facts
        )
    return ctx.warned(
        f"{sent} answered {said}.", evidence=evidence, facts=facts, fix="Check the URL and method."
    )


def _explain_401(response, schemes: list[str]) -> str:
    challenge = bearer_challenge(response)
    if "basic" in schemes and challenge is None:
        return (
            "It asks for Basic credentials in answer to a Bearer call: an authenticator "
            "before the token one answered (OpenSearch: a basic domain with challenge: true "
            "ahead of the openid domain; see the “OpenSearch authentication domains” card)."
        )
    if challenge is not None and challenge.error:
        return "The service provider understood the Bearer call and rejected the token."
    if challenge is not None:
        return (
            "A Bearer challenge without an error code means no credentials it recognised "
            "arrived (RFC 6750 section 3.1): check the header name and scheme."
        )
    return "No challenge says why; the service provider's log will."


def _fix_401(response, schemes: list[str]) -> str:
    challenge = bearer_challenge(response)
    if "basic" in schemes and challenge is None:
        return (
            "Put the openid/JWT authenticator first or set challenge: false on the basic one "
            "(OpenSearch config.yml), and make sure the token reaches it."
        )
    if challenge is not None and challenge.error == "invalid_token":
        return (
            "Check the token's issuer, audience, expiry and signature against the service "
            "provider's configuration."
        )
    return "Check the header and scheme the service provider expects, and its log."
