"""Keeping secrets out of everything the wizard writes or shows.

A token is never shown raw: it is named by a short fingerprint (a hash prefix that lets two
people tell whether they look at the same token without being able to use it).
"""

from __future__ import annotations

import hashlib

FINGERPRINT_PREFIX = "sha256:"


def fingerprint(secret: str) -> str:
    """A short, stable, non-reversible name for a token or secret."""
    digest = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{FINGERPRINT_PREFIX}{digest[:12]}"


def mask_secret(secret: str) -> str:
    """How a secret appears anywhere it must be mentioned: its length and fingerprint only."""
    return f"[secret, {len(secret)} chars, {fingerprint(secret)}]"


def scrub(text: str, secrets: list[str] | tuple[str, ...] | set[str]) -> str:
    """Replace every occurrence of each secret (longest first) in free text with its mask."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, mask_secret(secret))
    return text
