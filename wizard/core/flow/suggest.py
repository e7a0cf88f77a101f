"""Reading a pasted token just enough to say what it is and which flow fits it.

The faces (the TUI's "I have a token", its side panel and token inspector) use this rather
than decoding tokens themselves; the reading itself is `wizard.core.tokens`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.core import tokens

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
    parsed = tokens.parse_token(text)
    readable = bool(parsed.claims or parsed.header)
    provider = tokens.detect_provider(parsed.claims, parsed.header)
    kind = tokens.detect_kind(parsed.header, parsed.claims)
    return DecodedToken(
        fingerprint=parsed.fingerprint,
        format=str(parsed.format),
        header=dict(parsed.header),
        claims=dict(parsed.claims),
        problem=parsed.problem.message if parsed.problem else "",
        notes=parsed.notes,
        provider=provider.provider if readable else "generic",
        provider_reasons=provider.reasons if readable else (),
        kind=kind.kind if parsed.claims else "unknown",
        kind_reasons=kind.reasons,
    )


def suggest_flow(token_text: str) -> Suggestion:
    """The flow to start for a pasted token: Auth0 access → userinfo, Okta → SP, else generic."""
    token = decode_token(token_text)
    if token.provider == "auth0" and token.kind == "access":
        flow_id, reason = AUTH0_USERINFO_FLOW, "an Auth0 access token: userinfo and audience"
    elif token.provider in OKTA_PROVIDERS:
        flow_id, reason = OKTA_FLOW, "an Okta token that a service provider rejects"
    elif token.problem:
        flow_id, reason = GENERIC_FLOW, f"the token could not be read: {token.problem}"
    elif token.format == "opaque":
        flow_id, reason = GENERIC_FLOW, "an opaque token: only its issuer can say what it means"
    else:
        flow_id, reason = GENERIC_FLOW, "no provider-specific flow fits; start with the basics"
    return Suggestion(token.provider, token.kind, flow_id, reason, token)


def claim_help(name: str) -> str:
    """A one-line explanation of a standard claim, or "" when none is known."""
    return tokens.CLAIM_HELP.get(name, "")


def relative_time(timestamp: float, now: float) -> str:
    """`in 5 min`, `3 h 12 min ago` or `now`."""
    return tokens.relative(timestamp, now)
