"""What a token's shape means for the person troubleshooting: JWS, JWE, opaque or broken."""

from __future__ import annotations

from wizard.core.tokens import references as ref
from wizard.core.tokens.parse import ParsedToken, TokenFormat
from wizard.core.tokens.pasted import DOUBLED_SCHEME
from wizard.core.vocab.findings import Findings

# Auth0 opaque access tokens are short (often 32 characters); JWTs are hundreds long.
_SHORT_OPAQUE = 40

_RECOPY_FIX = (
    "Copy the token again, whole, from the response or the browser storage it came from, not "
    "from a log that wraps, truncates or URL-encodes it."
)
_AUTH0_JWE_FIX = (
    "This looks like an Auth0 access token requested without an API audience: such a token "
    "(alg 'dir') is meant for Auth0's /userinfo only and no API can read it. Request the token "
    "with audience=<your API's Identifier> (Auth0 dashboard, Applications > APIs) to get a JWT "
    "your API can validate."
)
_JWE_FIX = (
    "Decrypt it where the key is, or ask the issuer about it through introspection. If the "
    "service provider must read it, request a signed (JWS) token instead."
)
_OPAQUE_FIX = (
    "Ask the issuer what it means: call its introspection endpoint (RFC 7662) or its userinfo "
    "endpoint with it (the “Token introspection” and “Userinfo request” cards). If your API "
    "expects a JWT, request one: Auth0 with an audience, Okta from a custom authorization server."
)


def format_findings(parsed: ParsedToken, provider: str | None) -> Findings:
    """Describe the token's format; warn when its claims cannot be read, fail when broken."""
    found = Findings()
    found.evidence.update(parsed.summary())
    if parsed.notes:
        found.evidence["cleaned"] = list(parsed.notes)
    notes = list(parsed.notes)
    if parsed.problem is not None:
        found.add(
            f"This cannot be read as a token ({parsed.length} characters, {parsed.parts} "
            f"dot-separated parts): {parsed.problem.message}",
            "fail",
            _RECOPY_FIX,
        )
        found.refs += [ref.RFC_7515, ref.RFC_7519]
    elif parsed.format is TokenFormat.JWS:
        header = ", ".join(f"{k} {v!r}" for k, v in parsed.header.items() if k in ("alg", "typ"))
        found.add(
            f"A signed JWT (JWS) of {parsed.length} characters, fingerprint "
            f"{parsed.fingerprint}: header ({header or 'no alg or typ'}) and "
            f"{len(parsed.claims)} claims decoded."
        )
        if parsed.signature_removed:
            found.add(
                "Its signature was removed (a sanitizer left 'header.payload.' or a mask in its "
                "place): the claims are read, but its signature cannot be checked."
            )
        found.refs += [ref.RFC_7515, ref.RFC_7519]
    elif parsed.format is TokenFormat.JWE:
        alg, enc = parsed.header.get("alg"), parsed.header.get("enc")
        auth0 = provider == "auth0" or alg == "dir"
        found.add(
            f"An encrypted JWT (JWE, 5 parts, alg {alg!r}, enc {enc!r}), fingerprint "
            f"{parsed.fingerprint}: its claims cannot be read without the decryption key.",
            "warn",
            _AUTH0_JWE_FIX if auth0 else _JWE_FIX,
        )
        found.refs += [ref.RFC_7516, ref.AUTH0_JWE if auth0 else ref.RFC_7662]
    else:
        line = (
            f"An opaque token of {parsed.length} characters, fingerprint {parsed.fingerprint}: "
            "not a JWT, so nothing can be read from it here."
        )
        if parsed.length <= _SHORT_OPAQUE:
            line += (
                " Short opaque tokens are what Auth0 issues when no audience is requested "
                "(often 32 characters): they work at /userinfo only."
            )
        found.add(line, "warn", _OPAQUE_FIX)
        found.refs += [ref.RFC_7662, ref.OIDC_USERINFO]
    found.lines.extend(notes)
    if any(DOUBLED_SCHEME in note for note in notes):
        found.worsen("warn")
        found.fixes.append(
            "The pasted value said 'Bearer Bearer …': the client adds the scheme to a value "
            "that already carries it, and servers reject that. Send 'Bearer <token>' once."
        )
    return found
