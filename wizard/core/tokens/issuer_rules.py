"""Judging a token's ``iss``: against the expected issuer, or by its shape when none is given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from wizard.core.tokens.issuers import compare_issuer
from wizard.core.tokens.providers import GOOGLE, ISSUER_SHAPES, PROVIDER_LABELS
from wizard.core.vocab.findings import Findings

_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def issuer_findings(claims: Mapping[str, Any], expected: str | None, provider: str) -> Findings:
    """Compare ``iss`` byte for byte with `expected` and explain a miss."""
    found = Findings()
    iss = claims.get("iss")
    found.evidence.update({"iss": iss, "expected": expected})
    if not isinstance(iss, str) or not iss:
        found.add(
            f"The token has no usable iss claim (found {iss!r}); validators reject it.",
            "fail",
            "Use a token from an OpenID provider; both ID and JWT access tokens carry iss.",
        )
        return found
    shape = ISSUER_SHAPES.get(provider)
    shape_note = f" Known shape for {PROVIDER_LABELS[provider]}: {shape}." if shape else ""
    if expected is None:
        _judge_shape(found, iss, provider, shape_note)
        return found
    comparison = compare_issuer(iss, expected)
    found.evidence["differences"] = list(comparison.explanations)
    if comparison.equal:
        found.add(f"iss is {iss!r}, exactly the expected issuer.")
    elif comparison.same_after_cleanup:
        found.add(
            f"iss is {iss!r}, which matches the expected issuer once it is read as an issuer: "
            + " ".join(comparison.explanations)
        )
    else:
        why = " ".join(comparison.explanations)
        if "Known shape" in why:
            shape_note = ""
        found.add(
            f"iss is {iss!r}, expected {expected!r}: validators compare them byte for byte, so "
            f"this token is rejected. {why}{shape_note}".rstrip(),
            "fail",
            f"Make the two identical: set the service provider's issuer to exactly {iss!r} if "
            f"that issuer is the one to trust, or get tokens from {expected!r}.",
        )
    return found


def _judge_shape(found: Findings, iss: str, provider: str, shape_note: str) -> None:
    try:
        parts = urlsplit(iss)
        scheme, host = parts.scheme, parts.hostname or ""
    except ValueError:
        scheme, host = "", ""
    if (
        provider == GOOGLE
        or (scheme == "https" and host)
        or (scheme == "http" and host in _LOOPBACK)
    ):
        found.add(f"iss is {iss!r}.{shape_note} No expected issuer was given to compare it with.")
        return
    found.add(
        f"iss is {iss!r}, which is not an https URL: OpenID providers' issuers are https URLs "
        "(OIDC Core 2), and discovery cannot be built from it.",
        "warn",
        "Check the issuer's configured base URL (e.g. a proxy hiding https from it).",
    )
