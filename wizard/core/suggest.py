"""Reading a pasted token just enough to say what it is and which flow fits it.

The faces (the TUI's "I have a token", its token inspector) use this instead of decoding
tokens themselves. The precise reading lives in `wizard.core.tokens`; until that package is
installed, a small pyjwt-based reader stands in for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.core.session.redaction import fingerprint

# Which flow to start from, by provider and token kind.
AUTH0_USERINFO_FLOW = "auth0-userinfo-401"
OKTA_FLOW = "okta-sp-401"
GENERIC_FLOW = "generic-bearer-401"

OKTA_PROVIDERS = ("okta-org", "okta-custom")


@dataclass(frozen=True)
class DecodedToken:
    """What could be read from a token without a key; never the raw token or its signature."""

    fingerprint: str
    format: str  # jws | jwe | opaque
    header: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)
    problem: str = ""
    notes: tuple[str, ...] = ()
    provider: str = "generic"
    provider_reasons: tuple[str, ...] = ()
    kind: str = "unknown"
    kind_reasons: tuple[str, ...] = ()

    @property
    def readable(self) -> bool:
        return self.format == "jws" and not self.problem


@dataclass(frozen=True)
class Suggestion:
    """The flow that fits a token, and why."""

    provider: str
    kind: str
    flow_id: str
    reason: str
    token: DecodedToken


def decode_token(text: str) -> DecodedToken:
    """Clean a pasted token (Bearer, quotes, line breaks) and decode it; never raises."""
    try:
        from wizard.core import tokens
    except ImportError:  # the token reader is not installed: use the stand-in
        return _decode_with_pyjwt(text)
    parsed = tokens.parse_token(text)
    provider = tokens.detect_provider(parsed.claims, parsed.header)
    kind = tokens.detect_kind(parsed.header, parsed.claims)
    return DecodedToken(
        fingerprint=parsed.fingerprint,
        format=str(parsed.format),
        header=dict(parsed.header),
        claims=dict(parsed.claims),
        problem=parsed.problem.message if parsed.problem else "",
        notes=parsed.notes,
        provider=provider.provider if (parsed.claims or parsed.header) else "generic",
        provider_reasons=provider.reasons,
        kind=kind.kind if parsed.claims else "unknown",
        kind_reasons=kind.reasons,
    )


def suggest_flow(token_text: str) -> Suggestion:
    """The flow to start for a pasted token: Auth0 access → userinfo, Okta → SP, else generic."""
    token = decode_token(token_text)
    if token.provider == "auth0" and token.kind == "access":
        flow_id, reason = AUTH0_USERINFO_FLOW, "an Auth0 access token: userinfo and audience"
    elif token.provider in OKTA_PROVIDERS:
        flow_id, reason = OKTA_FLOW, "an Okta token: the service provider rejects it"
    elif token.problem:
        flow_id, reason = GENERIC_FLOW, f"the token could not be read ({token.problem})"
    else:
        flow_id, reason = GENERIC_FLOW, "no provider-specific flow fits; start with the basics"
    return Suggestion(token.provider, token.kind, flow_id, reason, token)


def claim_help(name: str) -> str:
    """A one-line explanation of a standard claim, or "" when none is known."""
    try:
        from wizard.core.tokens import CLAIM_HELP
    except ImportError:
        return _CLAIM_HELP.get(name, "")
    return CLAIM_HELP.get(name, "")


def relative_time(timestamp: float, now: float) -> str:
    """`in 5 min`, `3 h 12 min ago` or `now`."""
    try:
        from wizard.core.tokens import relative
    except ImportError:
        delta = timestamp - now
        if abs(delta) < 1:
            return "now"
        minutes = int(abs(delta)) // 60
        span = f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
        span = span if minutes else f"{int(abs(delta))} s"
        return f"in {span}" if delta > 0 else f"{span} ago"
    return relative(timestamp, now)


# --- the stand-in reader (used only while wizard.core.tokens is absent) ----------------

_CLAIM_HELP = {
    "iss": "who issued the token",
    "sub": "who the token is about",
    "aud": "who the token is for",
    "exp": "when the token expires",
    "iat": "when the token was issued",
    "nbf": "the token is not valid before this time",
    "scope": "the scopes granted",
    "scp": "the scopes granted",
}


def _decode_with_pyjwt(text: str) -> DecodedToken:
    import jwt

    raw = "".join(text.strip().strip("'\"").split())
    if raw.lower().startswith("bearer"):
        raw = raw[len("bearer") :]
    raw = raw.strip("'\"")
    base: dict[str, Any] = {"fingerprint": fingerprint(raw)}
    parts = raw.count(".") + 1
    if parts not in (3, 5):
        return DecodedToken(format="opaque", **base)
    try:
        header = jwt.get_unverified_header(raw)
        claims = jwt.decode(raw, options={"verify_signature": False}) if parts == 3 else {}
    except jwt.PyJWTError as error:
        return DecodedToken(format="jws", problem=str(error), **base)
    iss = str(claims.get("iss", ""))
    provider = "generic"
    if ".auth0.com" in iss:
        provider = "auth0"
    elif ".okta.com" in iss or ".oktapreview.com" in iss:
        provider = "okta-custom" if "/oauth2/" in iss else "okta-org"
    kind = "unknown"
    if (
        header.get("typ") in ("at+jwt", "application/at+jwt")
        or "scope" in claims
        or "scp" in claims
    ):
        kind = "access"
    elif "nonce" in claims or "at_hash" in claims:
        kind = "id"
    fmt = "jws" if parts == 3 else "jwe"
    return DecodedToken(
        format=fmt, header=header, claims=claims, provider=provider, kind=kind, **base
    )
