"""The token's validity window (``exp``, ``nbf``, ``iat``) against a clock, with a skew."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.tokens.claims import describe_value
from wizard.core.tokens.timefmt import (
    as_timestamp,
    describe_expiry,
    describe_moment,
    format_duration,
    format_utc,
    relative,
)
from wizard.core.vocab.findings import Findings

_OLD = 24 * 3600
_CLOCK_FIX = (
    "Compare the clocks of the issuer, the service provider and this machine (the “Clock skew "
    "against the issuer” card) and keep them synced with NTP."
)
_FRESH_FIX = "Get a fresh token (log in again or use the refresh token) and retry at once."


def lifetime_findings(claims: Mapping[str, Any], now: float, skew: float, kind: str) -> Findings:
    """Check exp, nbf and iat of decoded claims against `now`, allowing `skew` seconds."""
    found = Findings()
    found.evidence.update({"now": format_utc(now), "skew_seconds": skew})
    exp = _read_time(found, claims, "exp")
    nbf = _read_time(found, claims, "nbf")
    iat = _read_time(found, claims, "iat")
    if "exp" not in claims:
        status = "fail" if kind == "id" else "warn"
        found.add(
            "The token has no exp: it never expires by itself. ID tokens must have one and "
            "JWT access tokens too (RFC 9068); many validators reject a token without it.",
            status,
            "Configure the issuer to set exp (every mainstream provider does by default).",
        )
    elif exp is not None:
        _judge_exp(found, exp, now, skew)
    if nbf is not None and nbf > now:
        status = "fail" if nbf > now + skew else "warn"
        beyond = "beyond" if status == "fail" else "within"
        found.add(
            f"Not valid before {format_utc(nbf)} ({relative(nbf, now)}), {beyond} the allowed "
            f"skew of {skew:g} s.",
            status,
            _CLOCK_FIX,
        )
    if iat is not None:
        _judge_iat(found, iat, exp, now, skew)
    elif "iat" not in claims and kind == "id":
        found.add(
            "The ID token has no iat, which OIDC Core requires.",
            "warn",
            "Configure the issuer to set iat.",
        )
    return found


def _read_time(found: Findings, claims: Mapping[str, Any], name: str) -> float | None:
    if name not in claims:
        return None
    value = as_timestamp(claims[name])
    if value is None:
        hint = " (a string; it must be a JSON number)" if isinstance(claims[name], str) else ""
        found.add(
            f"{name} is {describe_value(claims[name])}{hint}, not a time in seconds since 1970 "
            "(a NumericDate): validators reject the token.",
            "fail",
            "Fix the issuer's token configuration: exp, nbf and iat are JSON numbers.",
        )
        return None
    found.evidence[name] = claims[name]
    found.evidence[f"{name}_utc"] = format_utc(value)
    return value


# A token that expired lately may be one whose issuer's clock is behind: a fresh one would be
# refused too (the clock skew card, where a flow runs it, says by how much).
_RECENT_FIX = (
    "Get a fresh token (log in again or use the refresh token) and retry at once; if a fresh "
    "token is refused as expired too, compare the clocks of the issuer, the service provider "
    "and this machine."
)


def _judge_exp(found: Findings, exp: float, now: float, skew: float) -> None:
    found.facts["token_expired"] = "yes" if exp <= now else "no"
    if exp <= now - skew:
        stale = now - exp > _OLD
        old = " It was probably copied from an old log or cache." if stale else ""
        fix = _FRESH_FIX if stale else _RECENT_FIX
        found.add(f"The token {describe_expiry(exp, now)}.{old}", "fail", fix)
    elif exp <= now:
        found.add(
            f"The token {describe_expiry(exp, now)}, within the allowed skew of {skew:g} s: "
            "accepted now, not for long.",
            "warn",
            _FRESH_FIX,
        )
    else:
        found.add(f"The token {describe_expiry(exp, now)}.")


def _judge_iat(found: Findings, iat: float, exp: float | None, now: float, skew: float) -> None:
    if iat > now + skew:
        found.add(
            f"Its iat says it was issued at {format_utc(iat)}, {format_duration(iat - now)} in "
            f"the future, beyond the allowed skew of {skew:g} s: strict validators (PyJWT among "
            "them) reject it.",
            "fail",
            _CLOCK_FIX,
        )
    else:
        found.add(f"Issued {describe_moment(iat, now)}.")
    if exp is not None:
        if exp < iat:
            found.add("exp is before iat: the token was dead on arrival.", "fail", _CLOCK_FIX)
        else:
            found.add(f"Lifetime {format_duration(exp - iat)}.")
