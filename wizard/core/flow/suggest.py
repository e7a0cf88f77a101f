"""Reading a pasted token just enough to say what it is and which flow fits it.

The faces (the TUI's "I have a token", its side panel and token inspector) use this rather
than decoding tokens themselves; the reading itself is `wizard.core.tokens`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core import tokens
from wizard.core.flow.fitting import best_playbook
from wizard.core.flow.model import Flow

# The symptom a pasted token stands for, as playbooks declare it under applies.symptoms.
TOKEN_SYMPTOM = "token"


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
    )


def suggest_flow(token_text: str, flows: Mapping[str, Flow]) -> Suggestion:
    """The flow to start for a pasted token: the playbook whose `applies` fits it best.

    `flow_id` is "" when no installed flow declares that it fits a token.
    """
    token = decode_token(token_text)
    facts = {"token_kind": token.kind}
    if token.readable or token.header.get("iss"):
        facts["provider"] = token.provider
    fit = best_playbook(flows.values(), symptom=TOKEN_SYMPTOM, facts=facts)
    if fit is None:
        return Suggestion(token.provider, token.kind, "", "no installed flow fits a token", token)
    if token.problem:
        reason = f"the token could not be read: {token.problem}"
    elif token.format == "opaque":
        reason = "an opaque token: only its issuer can say what it means"
    elif fit.reasons:
        reason = f"{fit.flow.title} ({', '.join(fit.reasons)})"
    else:
        reason = f"{fit.flow.title}: no provider-specific flow fits; start with the basics"
    return Suggestion(token.provider, token.kind, fit.flow.id, reason, token)


def token_preview(token: DecodedToken, now: float) -> list[tuple[str, str]]:
    """What a person checks first in a pasted token, as (label, value) rows: kind, provider,
    issuer, audience, expiry ("in 59 min", "expired 3 h ago") and scopes.

    Only what the token says; rows for claims it lacks are left out, and nothing secret (the
    raw token, its signature) is in any row.
    """
    rows = [("kind", f"{token.kind} token" if token.kind != "unknown" else "not known")]
    rows.append(("provider", tokens.PROVIDER_LABELS.get(token.provider, token.provider)))
    claims = token.claims
    if isinstance(claims.get("iss"), str):
        rows.append(("issuer", claims["iss"]))
    audience = tokens.audiences(claims)
    if audience:
        rows.append(("audience", ", ".join(audience)))
    expiry = tokens.as_timestamp(claims.get("exp"))
    if expiry is not None:
        verb = "expired" if expiry <= now else "expires"
        rows.append(("expiry", f"{verb} {tokens.relative(expiry, now)}"))
    granted = tokens.scopes(claims)
    if granted.values:
        rows.append(("scopes", " ".join(granted.values)))
    return rows


def claim_help(name: str) -> str:
    """A one-line explanation of a standard claim, or "" when none is known."""
    return tokens.CLAIM_HELP.get(name, "")


def relative_time(timestamp: float, now: float) -> str:
    """`in 5 min`, `3 h 12 min ago` or `now`."""
    return tokens.relative(timestamp, now)
