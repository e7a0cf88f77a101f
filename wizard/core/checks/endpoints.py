"""Network checks that present a token: userinfo, introspection, the protected resource.

A token is only ever sent to a URL the user named or the issuer's discovery document lists,
and `fetch` drops it if a redirect leaves that origin.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from urllib.parse import quote

from wizard.core.checks._netcheck import is_confirmed, resolve_issuer
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token, token_issuer
from wizard.core.net.challenge import Challenge, parse_www_authenticate
from wizard.core.net.fetch import FetchedResponse, NetworkProblem, fetch
from wizard.core.net.issuer import get_trusted_discovery
from wizard.core.tokens import ID, ParsedToken, audiences, detect_kind, scopes
from wizard.core.vocab.redaction import scrub
from wizard.core.vocab.result import CheckResult

RFC6750 = "https://www.rfc-editor.org/rfc/rfc6750#section-3.1"
USERINFO_REF = "https://openid.net/specs/openid-connect-core-1_0.html#UserInfo"
RFC7662 = "https://www.rfc-editor.org/rfc/rfc7662#section-2.2"
BEARER_ERRORS = {
    "invalid_request": "the request is malformed (a missing or duplicated parameter)",
    "invalid_token": "the token was rejected: expired, revoked, malformed, for another "
    "audience, or from another issuer",
    "insufficient_scope": "the token is valid but lacks a scope this endpoint needs",
}


async def endpoint_for(ctx: CheckContext, input_name: str, document_name: str) -> tuple[str, str]:
    """The URL to call: the user's override, else the one the issuer's discovery lists.

    A credential goes to a discovered endpoint only when the issuer is one the user gave: a
    token's own iss would let whoever made the token choose where the token (or the client
    secret) is sent. Then the URL is empty and the second value says why.
    """
    given = ctx.get(input_name)
    if given:
        return given, f"{input_name} as given"
    issuer, source = resolve_issuer(ctx)
    if not issuer:
        return "", ""
    if not is_confirmed(ctx, issuer, source):
        return "", (
            f"Not run: the only issuer known is the token's own unverified iss ({issuer}), and "
            "a credential is never sent where a token points; nothing was sent. Give the "
            f"issuer (--issuer) or the {input_name.replace('_', ' ')} to call it."
        )
    meta = await get_trusted_discovery(ctx.env, issuer)
    return meta.endpoint(document_name) or "", f"from the discovery of {issuer}, {source}"


def bearer_challenge(response: FetchedResponse) -> Challenge | None:
    challenges = [c for raw in response.all_challenges for c in parse_www_authenticate(raw)]
    return next((c for c in challenges if c.scheme == "bearer"), None)


def body_error(response: FetchedResponse) -> tuple[str | None, str | None]:
    """`error` and `error_description` from a JSON error body, when there is one."""
    try:
        data = response.json()
    except NetworkProblem:
        return None, None
    if not isinstance(data, dict):
        return None, None
    error, description = data.get("error"), data.get("error_description")
    return (error if isinstance(error, str) else None), (
        description if isinstance(description, str) else None
    )


def describe_rejection(response: FetchedResponse, secrets: list[str]) -> tuple[str, dict]:
    """The status, the Bearer challenge and the body's error in one sentence, plus evidence."""
    challenge = bearer_challenge(response)
    error, description = body_error(response)
    parts = [f"HTTP {response.status}"]
    evidence: dict = {"status": response.status}
    if response.all_challenges:
        evidence["www_authenticate"] = list(response.all_challenges)
    if challenge and challenge.error:
        meaning = BEARER_ERRORS.get(challenge.error, "a non-standard error code")
        parts.append(f"Bearer error={challenge.error!r} ({meaning})")
        if challenge.params.get("error_description"):
            parts.append(f"description {challenge.params['error_description']!r}")
        if challenge.params.get("scope"):
            parts.append(f"scope needed: {challenge.params['scope']!r}")
    elif challenge:
        parts.append("a Bearer challenge without an error code")
    if error:
        parts.append(f"body error {error!r}" + (f": {description!r}" if description else ""))
    elif response.body and not challenge:
        parts.append(f"body {response.text(200)!r}")
    return scrub(", ".join(parts), secrets), evidence


@check(
    "userinfo.request",
    title="Userinfo request",
    inputs={
        "token": "the access token to present",
        "access_token": "the access token (wins over token)",
        "id_token": "an ID token, to compare sub and claims with",
        "issuer": "the issuer whose discovery lists userinfo_endpoint",
        "userinfo_endpoint": "the userinfo URL (overrides discovery)",
    },
    network=True,
    on_request="--userinfo",
)
async def userinfo_request(ctx: CheckContext) -> CheckResult:
    token = first_token(ctx, "access_token", "token")
    if token is None:
        return ctx.skipped("Not run: it needs an access token to present.")
    url, source = await endpoint_for(ctx, "userinfo_endpoint", "userinfo_endpoint")
    if not url and source:
        return ctx.skipped(source)
    if not url:
        return ctx.skipped(
            "Not run: no userinfo endpoint is known (give it, or an issuer whose "
            "discovery document lists one)."
        )
    response = await fetch(
        ctx.env,
        url,
        headers={"Authorization": f"Bearer {token.secret_value()}", "Accept": "application/json"},
    )
    evidence = {"url": url, "endpoint_source": source, "status": response.status}
    if response.status >= 500:
        return ctx.errored(
            f"Userinfo at {url} answered HTTP {response.status}: a server error.", evidence=evidence
        )
    if response.status == 200:
        return _userinfo_ok(ctx, response, token, evidence)
    said, more = describe_rejection(response, [token.secret_value()])
    evidence.update(more)
    return ctx.failed(
        f"Userinfo at {url} refused the token: {said}.",
        evidence=evidence,
        fix=_userinfo_fix(response, token),
        refs=(USERINFO_REF, RFC6750),
    )


def _userinfo_ok(
    ctx: CheckContext, response: FetchedResponse, token: ParsedToken, evidence: dict
) -> CheckResult:
    url = evidence["url"]
    if response.content_type == "application/jwt":
        return ctx.passed(
            f"Userinfo at {url} accepted the token and answered a signed JWT.",
            evidence=evidence,
            refs=(USERINFO_REF,),
        )
    claims = response.json()
    if not isinstance(claims, dict):
        return ctx.errored(
            f"Userinfo at {url} answered JSON that is not an object.", evidence=evidence
        )
    evidence["claims"] = sorted(claims)
    if not claims:
        return ctx.warned(
            f"Userinfo at {url} accepted the token but answered an empty object {{}}: the token "
            "was issued without the openid scope, so there is no user to describe.",
            evidence=evidence,
            fix="Request the token with scope openid (plus profile / email for those claims).",
            refs=(USERINFO_REF,),
        )
    id_token = first_token(ctx, "id_token")
    if id_token is not None and id_token.readable:
        if claims.get("sub") != id_token.claims.get("sub"):
            return ctx.failed(
                f"Userinfo at {url} answered sub {claims.get('sub')!r}, but the ID token's sub is "
                f"{id_token.claims.get('sub')!r}: the two tokens belong to different users or "
                "sessions, and the answer must not be used (OIDC Core 5.3.2).",
                evidence=evidence,
                fix="Use the access token and ID token from the same authentication response.",
                refs=(USERINFO_REF,),
            )
        only_here = sorted(set(claims) - set(id_token.claims))
        evidence["claims_only_in_userinfo"] = only_here
        extra = (
            (
                f" Claims only userinfo has: {', '.join(only_here)} (a service provider that "
                "reads only the ID token will not see them)."
            )
            if only_here
            else ""
        )
        return ctx.passed(
            f"Userinfo at {url} accepted the token; sub {claims.get('sub')!r} "
            f"matches the ID token.{extra}",
            evidence=evidence,
            refs=(USERINFO_REF,),
        )
    return ctx.passed(
        f"Userinfo at {url} accepted the token; sub {claims.get('sub')!r}, claims: "
        f"{', '.join(sorted(claims))}.",
        evidence=evidence,
        refs=(USERINFO_REF,),
    )


def _userinfo_fix(response: FetchedResponse, token: ParsedToken) -> str:
    challenge = bearer_challenge(response)
    error, description = body_error(response)
    if challenge and challenge.error == "insufficient_scope":
        return "Request the token with the scope(s) named in the challenge (openid at least)."
    if error == "unauthorized" and (description or "").lower() == "invalid credentials":
        host = (token_issuer(token) or "https://TENANT.auth0.com/").rstrip("/")
        if token.readable and "openid" in scopes(token.claims):
            # openid is granted: telling the user to add it would contradict the Scopes card.
            remedy = (
                "openid is granted, so the API's HS256 signing (or a token from another call) "
                "is what leaves it out"
            )
        else:
            remedy = "Add openid to the scope"
        return (
            "This is Auth0's answer to a JWT access token without the userinfo audience: the aud "
            f"must contain {host}/userinfo, which Auth0 adds only when the scope includes openid "
            f"and the API is not HS256. {remedy} (see the “Auth0 /userinfo audience” card)."
        )
    return _what_was_sent(token) + (
        "Present an unexpired access token from this issuer, meant for userinfo (scope openid); "
        "an ID token is not accepted here."
    )


def _what_was_sent(token: ParsedToken) -> str:
    """What the token itself says about why userinfo would refuse it, as a sentence or ""."""
    if not token.readable:
        return ""
    if detect_kind(token.header, token.claims).kind == ID:
        return (
            "The token sent is an ID token: userinfo takes the access token of the same "
            "response, never the ID token. "
        )
    granted = scopes(token.claims)
    if granted.claim is not None and "openid" not in granted:
        return (
            f"This access token was issued for aud {audiences(token.claims)} with scope "
            f"{' '.join(granted.values)!r}, without openid: it is meant for that API, not for "
            "userinfo. Request a token with scope openid (and, at most providers, without a "
            "resource or audience parameter naming another API). "
        )
    return ""


@check(
    "introspection.request",
    title="Token introspection",
    inputs={
        "token": "the token to introspect",
        "client_id": "the client allowed to introspect",
        "client_secret": "that client's secret",
        "issuer": "the issuer whose discovery lists introspection_endpoint",
        "introspection_endpoint": "the introspection URL (overrides discovery)",
    },
    requires=("token", "client_id", "client_secret"),
    network=True,
    on_request="--introspect",
)
async def introspection_request(ctx: CheckContext) -> CheckResult:
    token = first_token(ctx, "token")
    client_id, secret = ctx.get("client_id") or "", ctx.get("client_secret") or ""
    if token is None:
        return ctx.skipped("Not run: it needs a token.")
    url, source = await endpoint_for(ctx, "introspection_endpoint", "introspection_endpoint")
    if not url and source:
        return ctx.skipped(source)
    if not url:
        return ctx.skipped(
            "Not run: no introspection endpoint is known (Auth0 has none; Okta's is the "
            "issuer followed by /v1/introspect): give it, or an issuer that lists one."
        )
    # RFC 6749 section 2.3.1: both parts are form-encoded before Basic encoding.
    pair = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    response = await fetch(
        ctx.env,
        url,
        method="POST",
        headers={
            "Authorization": "Basic " + base64.b64encode(pair).decode(),
            "Accept": "application/json",
        },
        data={"token": token.secret_value(), "token_type_hint": "access_token"},
    )
    secrets = [token.secret_value(), secret]
    evidence = {
        "url": url,
        "endpoint_source": source,
        "status": response.status,
        "client_id": client_id,
    }
    if response.status >= 500:
        return ctx.errored(
            f"Introspection at {url} answered HTTP {response.status}.", evidence=evidence
        )
    if 300 <= response.status < 400:
        return ctx.errored(
            f"Introspection at {url} redirected (HTTP {response.status}); a POST carrying "
            "credentials is not followed. Use the final URL.",
            evidence=evidence,
        )
    if response.status in (401, 403):
        said, more = describe_rejection(response, secrets)
        evidence.update(more)
        return ctx.failed(
            f"Introspection at {url} refused the client {client_id!r}: {said}.",
            evidence=evidence,
            fix="Check the client id and secret, and that this client may introspect (some "
            "servers want client_secret_post or a resource-server client).",
            refs=(RFC7662,),
        )
    if response.status != 200:
        said, more = describe_rejection(response, secrets)
        evidence.update(more)
        if token.readable and body_error(response)[0] == "unsupported_token_type":
            return ctx.warned(
                f"Introspection at {url} answered {said}: this provider refuses to introspect "
                "JWT access tokens. That says nothing against the token: a JWT is checked "
                "locally instead (the token signature, expiry and audience cards).",
                evidence=evidence,
                fix="Rely on the JWT checks; introspect only the provider's opaque tokens.",
                refs=(RFC7662,),
            )
        hint = (
            (
                " Some providers refuse to introspect JWT access tokens; verify the JWT "
                "locally instead (the “Token signature” card)."
            )
            if token.readable
            else ""
        )
        return ctx.failed(
            f"Introspection at {url} answered {said}.{hint}",
            evidence=evidence,
            fix="Check the endpoint and the token type.",
            refs=(RFC7662,),
        )
    data = response.json()
    if not isinstance(data, dict) or not isinstance(data.get("active"), bool):
        return ctx.errored(
            f"Introspection at {url} answered JSON without a boolean active "
            "member (RFC 7662 section 2.2).",
            evidence=evidence,
        )
    if not data["active"]:
        return ctx.failed(
            f"Introspection at {url} says active: false. By design (RFC 7662) it says nothing "
            "more: the token may be expired, revoked, issued by another server, or not visible "
            "to this client."
            + (
                " Some providers also answer active: false for JWT access tokens they do not "
                "introspect; the “Token signature” card checks a JWT locally."
                if token.readable
                else ""
            ),
            evidence=evidence,
            fix="Get a fresh token from this issuer; introspect with the client it was issued "
            "to, or with a client of the same authorization server.",
            refs=(RFC7662,),
        )
    shown = {
        k: data[k]
        for k in ("aud", "scope", "exp", "client_id", "sub", "token_type", "iss", "username")
        if k in data
    }
    evidence["response"] = shown
    reported = ("token_type", "aud", "scope", "client_id")
    details = [f"{name} {shown[name]!r}" for name in reported if name in shown]
    if isinstance(data.get("exp"), int | float):
        stamp = datetime.fromtimestamp(data["exp"], UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        details.append(f"expires {stamp}")
    # An absent member is left out rather than shown as None: RFC 7662 makes them optional.
    return ctx.passed(
        f"Introspection at {url} says active: true; {', '.join(details) or 'nothing more'}.",
        evidence=evidence,
        refs=(RFC7662,),
    )
