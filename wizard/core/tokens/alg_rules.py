"""Judging a JWS ``alg`` and the key-source headers by RFC 8725 (JWT best practices)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.vocab.findings import Findings

SYMMETRIC = ("HS256", "HS384", "HS512")
ASYMMETRIC = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "ES256K", "EdDSA", "Ed25519", "Ed448",
)  # fmt: skip
# Header parameters that would let the token choose its own verification key (RFC 8725 3.10).
KEY_POINTERS = ("jku", "x5u", "jwk", "x5c")
# Providers that only ever sign with published asymmetric keys: HS* from them is forged.
_ASYMMETRIC_ONLY = ("okta-org", "okta-custom", "entra-v1", "entra-v2", "google")


def alg_findings(header: Mapping[str, Any], provider: str) -> Findings:
    """Fail ``none`` and key-confusion risks, warn on odd algorithms and key-source headers."""
    found = Findings()
    alg = header.get("alg")
    pointers = [name for name in KEY_POINTERS if name in header]
    found.evidence.update({"alg": alg, "key_headers": pointers})
    if isinstance(alg, str) and alg:
        found.facts["token_alg"] = alg
    if not isinstance(alg, str) or not alg:
        found.add(
            "The header has no alg: no validator can tell how it was signed.",
            "fail",
            "Check how the token is produced; a JOSE header must name its alg.",
        )
    elif alg.lower() == "none":
        found.add(
            "alg is 'none': the token is unsigned, and any validator that accepts it accepts "
            "forged tokens.",
            "fail",
            "Configure the issuer (or the client) to sign tokens, RS256 being the default.",
        )
    elif alg in SYMMETRIC:
        _symmetric(found, alg, provider)
    elif alg not in ASYMMETRIC:
        found.add(
            f"alg {alg!r} is not one of the usual JWS algorithms.",
            "warn",
            "Make sure the service provider supports it; RS256 is the OIDC default.",
        )
    else:
        default = "" if alg == "RS256" else " (RS256 is the OIDC default: check the SP supports it)"
        found.add(
            f"alg is {alg}, an asymmetric algorithm verified with the issuer's public key{default}."
        )
    if pointers:
        found.add(
            f"The header names its own key source ({', '.join(pointers)}): reported, never "
            "followed; keys come only from the issuer's jwks_uri.",
            "warn",
            "Make sure the service provider ignores these headers and takes keys from the "
            "issuer's jwks_uri only (RFC 8725 section 3.10).",
        )
    return found


def _symmetric(found: Findings, alg: str, provider: str) -> None:
    if provider in _ASYMMETRIC_ONLY:
        found.add(
            f"alg is {alg} (a shared secret) but the token claims to come from {provider}, "
            "which publishes asymmetric keys: this is the key-confusion pattern, where a forger "
            "signs with the issuer's public key as an HMAC secret.",
            "fail",
            "Do not accept this token. Validators must pin the algorithms they accept (e.g. "
            "RS256 only) instead of trusting the header's alg.",
        )
        return
    line = (
        f"alg is {alg}: signed with a shared secret, so only holders of that secret can verify "
        "it, and it must never be verified with a public key."
    )
    if provider == "auth0":
        line += (
            " Auth0 signs with HS256 when the API (or the application, for ID tokens) is set to "
            "HS256; such access tokens never get the /userinfo audience."
        )
    found.add(
        line,
        "warn",
        "Prefer RS256 (set the API's or client's signing algorithm at the issuer). If HS* is "
        "intended, configure the service provider with the shared secret and pin HS*.",
    )
