"""auth0.userinfo: will Auth0's /userinfo accept this access token? Decided from the token alone."""

from __future__ import annotations

from urllib.parse import urlsplit

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token, token_issuer
from wizard.core.tokens import TokenFormat, audiences, namespaced_claims, scopes
from wizard.core.vocab.result import CheckResult

REFS = (
    "https://auth0.com/docs/api/authentication#get-user-info",
    "https://auth0.com/docs/secure/tokens/access-tokens/get-access-tokens",
)
CLAIM_REF = "https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims"
CONDITIONS = (
    "Auth0 adds that audience only when both hold: the scope requested includes openid, AND the "
    "API named in the audience parameter does not sign with HS256."
)
CLAIM_NOTE = (
    " Custom claims must be namespaced (https://…/roles); non-namespaced roles, groups and "
    "permissions claims are dropped silently."
)


def is_auth0_issuer(issuer: str | None) -> bool:
    host = urlsplit(issuer or "").hostname or ""
    return host.endswith(".auth0.com")


@check(
    "auth0.userinfo",
    title="Auth0 /userinfo audience",
    inputs={
        "token": "the access token used at /userinfo",
        "access_token": "the access token (wins over token)",
        "provider": "the provider, when known (auth0 for a custom domain)",
    },
    learns=("provider",),
)
async def auth0_userinfo(ctx: CheckContext) -> CheckResult:
    token = first_token(ctx, "access_token", "token")
    if token is None:
        return ctx.skipped("Not run: it needs the access token used at /userinfo.")
    if token.format is TokenFormat.OPAQUE:
        if ctx.get("provider") != "auth0":
            return ctx.skipped("Not run: an opaque token does not say whether it is from Auth0.")
        return ctx.passed(
            "The access token is opaque: Auth0 accepts opaque tokens at /userinfo as they are "
            "(they work there and nowhere else).",
            facts={"provider": "auth0"},
            refs=REFS,
        )
    if token.format is TokenFormat.JWE:
        return ctx.skipped(
            "Not run: the token is encrypted (JWE), so its audience is unreadable; "
            "Auth0 issues these when no audience was requested."
        )
    if token.problem is not None:
        return ctx.skipped(
            f"Not run: the token cannot be decoded ({token.problem.message}); "
            "see the “Token format” card."
        )
    issuer = token_issuer(token)
    if not (is_auth0_issuer(issuer) or ctx.get("provider") == "auth0"):
        return ctx.skipped(f"Not run: the token's iss {issuer!r} is not an Auth0 tenant.")
    if "nonce" in token.claims or "at_hash" in token.claims:
        return ctx.failed(
            "This looks like an ID token (it has nonce/at_hash), but /userinfo wants the access "
            "token from the same response.",
            evidence={"iss": issuer, "aud": audiences(token.claims)},
            fix="Send the access_token, not the id_token, as the Bearer token to /userinfo.",
            refs=REFS,
            facts={"provider": "auth0"},
        )
    base = (issuer or "https://TENANT.auth0.com/").removesuffix("/")
    wanted = f"{base}/userinfo"
    aud = audiences(token.claims)
    granted = list(scopes(token.claims).values)
    alg = token.alg or ""
    evidence = {
        "iss": issuer,
        "aud": aud,
        "scope": " ".join(granted),
        "alg": alg,
        "expected_audience": wanted,
    }
    if wanted in aud:
        return ctx.passed(
            f"aud is {aud} and contains {wanted}: Auth0's /userinfo will accept this "
            "token (with a second audience, aud is an array).",
            evidence=evidence,
            refs=REFS,
            facts={"provider": "auth0"},
        )
    has_openid = "openid" in granted
    if not has_openid:
        cause = (
            (
                f"The scope is {' '.join(granted)!r}, without openid"
                if granted
                else "The token has no scope claim, so no openid"
            )
            + ": that is why. "
            "Adding openid to the scope of the authorization request fixes it (the known "
            "community case: \"added 'openid' to scope worked\")."
        )
        fix = (
            "Add openid to the scope of the /authorize (or token) request, e.g. "
            "scope=openid profile email, keeping the audience parameter as it is."
        )
    elif alg.startswith("HS"):
        cause = (
            f"openid is in the scope, but the token is signed {alg}: the API uses HS256, "
            "and Auth0 never adds the userinfo audience to HS256 APIs."
        )
        fix = (
            "Switch the API's signing algorithm to RS256 in the Auth0 dashboard (APIs > Settings)."
        )
    else:
        cause = (
            "openid is in the scope and the token is not HS256, yet the audience is missing: "
            "check that this token came from the /authorize or /oauth/token call you think."
        )
        fix = "Request a new token with scope including openid and the API audience."
    # The custom-claims rule matters when openid is added to a request whose tokens carry
    # custom claims (the profile /userinfo gives back keeps namespaced claims only); not to an
    # HS256 API's fix, nor to a token with no custom claim to lose.
    with_claims = not has_openid and bool(namespaced_claims(token.claims))
    return ctx.failed(
        f"aud is {aud}, without {wanted}, so Auth0's /userinfo answers 401 "
        f'{{"error":"unauthorized","error_description":"invalid credentials"}}. '
        f"{CONDITIONS} {cause}",
        evidence=evidence,
        fix=fix + (CLAIM_NOTE if with_claims else ""),
        refs=(*REFS, CLAIM_REF) if with_claims else REFS,
        facts={"provider": "auth0"},
    )
