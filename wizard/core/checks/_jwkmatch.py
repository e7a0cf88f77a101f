"""Choosing the JWKS key for a token, and whether a key can verify a given `alg` at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# RFC 7518 section 3.1 (and RFC 8037 for EdDSA): the key type each JWS algorithm needs.
_KTY_BY_PREFIX = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP", "HS": "oct"}
_CURVE_BY_ALG = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1"}


def key_problem(jwk: dict[str, Any], alg: str) -> str | None:
    """Why `jwk` cannot verify a token signed with `alg`, or None when it fits."""
    kid = jwk.get("kid", "(no kid)")
    wanted = _KTY_BY_PREFIX.get(alg[:2])
    kty = jwk.get("kty")
    if wanted and kty != wanted:
        return f"key {kid} is kty {kty!r}, but alg {alg} needs kty {wanted!r}"
    curve = _CURVE_BY_ALG.get(alg)
    if curve and jwk.get("crv") != curve:
        return f"key {kid} is on curve {jwk.get('crv')!r}, but alg {alg} needs {curve}"
    if jwk.get("alg") and jwk["alg"] != alg:
        return f"key {kid} is declared for alg {jwk['alg']}, but the token says {alg}"
    if jwk.get("use") and jwk["use"] != "sig":
        return f"key {kid} has use {jwk['use']!r}, not 'sig': it is not meant for signatures"
    return None


@dataclass(frozen=True)
class KeyChoice:
    """The outcome of looking up a token's key: the candidates to try and what went wrong."""

    candidates: tuple[dict[str, Any], ...]
    problem: str | None = None  # "unknown-kid", "no-kid-several", "unfit"
    message: str = ""


def choose_keys(keys: list[dict[str, Any]], header: dict[str, Any]) -> KeyChoice:
    """Keys whose `kid` matches the token's (or all fitting keys when the token has no kid)."""
    alg = str(header.get("alg", ""))
    kid = header.get("kid")
    known = [str(key.get("kid")) for key in keys if key.get("kid") is not None]
    if kid is not None:
        matching = [key for key in keys if key.get("kid") == kid]
        if not matching:
            # Each kid quoted, in a sentence for people: not a Python list.
            has = ", ".join(repr(name) for name in known) or "none"
            return KeyChoice(
                (), "unknown-kid", f"no key with kid {kid!r} in the JWKS (it has {has})"
            )
        fitting = [key for key in matching if key_problem(key, alg) is None]
        if not fitting:
            reasons = "; ".join(str(key_problem(key, alg)) for key in matching)
            return KeyChoice((), "unfit", reasons)
        return KeyChoice(tuple(fitting))
    fitting = [key for key in keys if key_problem(key, alg) is None]
    if not fitting:
        return KeyChoice((), "unfit", f"no key in the JWKS fits alg {alg} (kids: {known})")
    if len(fitting) > 1:
        return KeyChoice(
            tuple(fitting),
            "no-kid-several",
            f"the token has no kid and {len(fitting)} keys could fit; each was tried",
        )
    return KeyChoice(tuple(fitting))
