"""Signing demo tokens, including the deliberately broken ones (unknown kid, tampered)."""

from __future__ import annotations

import base64

from wizard.demo.keys import DemoKeys
from wizard.demo.recipes import Signing


def sign(
    keys: DemoKeys,
    claims: dict[str, object],
    signing: Signing,
    typ: str = "JWT",
    extra_headers: dict[str, str] | None = None,
) -> str:
    """A compact JWS of `claims`, signed as `signing` says (with `extra_headers` added)."""
    if signing == "HS256":
        return keys.hs256.sign(claims, {"typ": typ})
    key = {"ES256": keys.ec, "retired": keys.retired}.get(signing, keys.rsa)
    token = key.sign(claims, {"typ": typ, **(extra_headers or {})})
    return _tamper(token) if signing == "tampered" else token


def _tamper(token: str) -> str:
    """Flip one bit in the middle of the signature: the token still parses, never verifies."""
    header, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[len(raw) // 2] ^= 0x01
    altered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode("ascii")
    return f"{header}.{payload}.{altered}"
