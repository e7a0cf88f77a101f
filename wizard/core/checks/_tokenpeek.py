"""Reading a token without verifying it: just enough for the network and provider checks.

Kept private and small on purpose: the shared token model (wizard.core.tokens) replaces it.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

_PREFIX = re.compile(r"^(authorization:\s*)?bearer\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PeekedToken:
    """A token as pasted, cleaned; `compact` is the secret itself and is never shown."""

    compact: str
    format: str  # "jws", "jwe" or "opaque"
    header: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def is_jwt(self) -> bool:
        return self.format == "jws" and bool(self.claims or self.header)

    @property
    def issuer(self) -> str | None:
        iss = self.claims.get("iss")
        return iss if isinstance(iss, str) and iss else None

    @property
    def audiences(self) -> list[str]:
        aud = self.claims.get("aud")
        if isinstance(aud, str):
            return [aud]
        return [item for item in aud if isinstance(item, str)] if isinstance(aud, list) else []

    @property
    def scopes(self) -> list[str]:
        """Scopes from `scope` (space-separated string) or `scp` (array or string)."""
        for name in ("scope", "scp"):
            value = self.claims.get(name)
            if isinstance(value, str):
                return value.split()
            if isinstance(value, list):
                return [item for item in value if isinstance(item, str)]
        return []


def clean_token(raw: str) -> str:
    """Strip what gets pasted along: whitespace, quotes, an `Authorization: Bearer ` prefix."""
    text = raw.strip().strip("\"'").strip()
    text = _PREFIX.sub("", text)
    return "".join(text.split()).strip("\"'")


def _b64json(part: str) -> dict[str, Any] | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def peek_token(raw: str | None) -> PeekedToken | None:
    """The token's parts, decoded without any verification; None when nothing was given."""
    if not raw:
        return None
    return _peek(raw)


# Several checks of one run peek at the same token; a few recent ones are kept decoded.
@functools.lru_cache(maxsize=4)
def _peek(raw: str) -> PeekedToken | None:
    compact = clean_token(raw)
    if not compact:
        return None
    parts = compact.split(".")
    if len(parts) == 3:
        header, claims = _b64json(parts[0]), _b64json(parts[1])
        if header is not None and claims is not None:
            return PeekedToken(compact, "jws", header, claims)
        return PeekedToken(compact, "opaque")
    if len(parts) == 5:
        return PeekedToken(compact, "jwe", _b64json(parts[0]) or {})
    return PeekedToken(compact, "opaque")
