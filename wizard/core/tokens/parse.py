"""Reading a pasted token: its format (JWS, JWE, opaque), header and claims, without a key.

Nothing here verifies a signature: it only decodes, so it is safe on any input and never
raises. The raw token stays inside ``ParsedToken`` (out of its repr); everything meant to
be shown names the token by its fingerprint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wizard.core.tokens.pasted import clean_pasted
from wizard.core.tokens.segments import (
    DecodeProblem,
    SegmentError,
    decode_base64url,
    decode_json_object,
)
from wizard.core.vocab.redaction import fingerprint as secret_fingerprint

# Every JWT header begins with '{"', which base64url-encodes to "eyJ".
JWT_PREFIX = "eyJ"
# What log sanitizers leave in place of a signature: nothing, or a word or mask.
_SANITIZED_SIGNATURE = re.compile(
    r"^(|\[?(redacted|removed|hidden|signature)\]?|<[^>]*>|\*+|x{3,}|\.\.\.|…)$",
    re.IGNORECASE,
)


class SecretText:
    """A string that never shows itself: not in repr, str, asdict() output or JSON by accident."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"SecretText({len(self._value)} chars)"

    __str__ = __repr__


class TokenFormat(StrEnum):
    """The three shapes a bearer token comes in (the fact ``token_format``)."""

    JWS = "jws"  # signed JWT: header.payload.signature, claims readable
    JWE = "jwe"  # encrypted JWT: five parts, claims readable only with the key
    OPAQUE = "opaque"  # a reference string: only the issuer can say what it means


@dataclass(frozen=True)
class ParsedToken:
    """What could be read from a token without any key.

    Attributes:
        format: JWS, JWE or opaque.
        fingerprint: the short hash that names this token in results and transcripts.
        length: characters in the token once the paste wrapping was removed.
        header: the decoded JOSE header (JWS and JWE), else empty.
        claims: the decoded payload (JWS only), else empty.
        notes: what was removed from the paste, and other remarks worth showing.
        problem: why the token could not be read, when it could not.
        parts: how many dot-separated parts it has.
        signature_removed: True when a sanitizer took the signature off (`header.payload.` or
            `header.payload.redacted`): the claims read, the signature cannot be checked.
    """

    format: TokenFormat
    fingerprint: str
    length: int
    header: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    problem: DecodeProblem | None = None
    parts: int = 1
    signature_removed: bool = False
    _raw: SecretText = field(default_factory=lambda: SecretText(""), repr=False, compare=False)

    @property
    def readable(self) -> bool:
        """True when the claims could be decoded (a well-formed JWS)."""
        return self.format is TokenFormat.JWS and self.problem is None

    @property
    def alg(self) -> str | None:
        value = self.header.get("alg")
        return value if isinstance(value, str) else None

    @property
    def kid(self) -> str | None:
        value = self.header.get("kid")
        return value if isinstance(value, str) else None

    @property
    def typ(self) -> str | None:
        value = self.header.get("typ")
        return value if isinstance(value, str) else None

    def secret_value(self) -> str:
        """The token itself, for signature verification and for sending it; never for display."""
        return self._raw.reveal()

    def summary(self) -> dict[str, Any]:
        """Safe evidence for results: fingerprint, shape, header and claims, no signature."""
        data: dict[str, Any] = {
            "fingerprint": self.fingerprint,
            "format": str(self.format),
            "length": self.length,
            "parts": self.parts,
        }
        if self.header:
            data["header"] = self.header
        if self.claims:
            data["claims"] = self.claims
        return data


def parse_token(text: str) -> ParsedToken:
    """Clean a pasted token and decode what can be decoded; never raises."""
    pasted = clean_pasted(text)
    raw = pasted.value
    notes = tuple(f"Removed {what} before reading." for what in pasted.stripped)
    base: dict[str, Any] = {
        "fingerprint": secret_fingerprint(raw),
        "length": len(raw),
        "_raw": SecretText(raw),
    }
    if not raw:
        problem = DecodeProblem("token", "Nothing is left once the paste wrapping is removed.")
        return ParsedToken(TokenFormat.OPAQUE, notes=notes, problem=problem, parts=0, **base)
    segments = raw.split(".")
    count = len(segments)
    if count == 3:
        return _parse_jws(segments, notes, base)
    if count == 5:
        return _parse_jwe(segments, notes, base)
    if raw.startswith(JWT_PREFIX):
        problem = DecodeProblem(
            "token",
            f"It starts like a JWT but has {count} dot-separated parts; a signed JWT has 3 and "
            "an encrypted one 5. It was probably cut or joined when copied.",
        )
        return ParsedToken(TokenFormat.JWS, notes=notes, problem=problem, parts=count, **base)
    return ParsedToken(TokenFormat.OPAQUE, notes=notes, parts=count, **base)


def _parse_jws(segments: list[str], notes: tuple[str, ...], base: dict[str, Any]) -> ParsedToken:
    header_text, payload_text, signature = segments
    header: dict[str, Any] = {}
    claims: dict[str, Any] = {}
    problem = None
    try:
        header = decode_json_object(decode_base64url(header_text, "header"), "header")
        payload_offset = len(header_text) + 1
        payload = decode_base64url(payload_text, "payload", payload_offset)
        claims = decode_json_object(payload, "payload")
    except SegmentError as exc:
        problem = exc.problem
    return ParsedToken(
        TokenFormat.JWS,
        header=header,
        claims=claims,
        notes=notes,
        problem=problem,
        parts=3,
        # alg none has an empty signature by design: that is an unsigned token, not a mask.
        signature_removed=bool(_SANITIZED_SIGNATURE.match(signature))
        and str(header.get("alg", "")).lower() not in ("none", ""),
        **base,
    )


def _parse_jwe(segments: list[str], notes: tuple[str, ...], base: dict[str, Any]) -> ParsedToken:
    # Only the protected header of a JWE is plain; the claims need the recipient's key.
    header: dict[str, Any] = {}
    problem = None
    try:
        header = decode_json_object(decode_base64url(segments[0], "header"), "header")
    except SegmentError as exc:
        problem = exc.problem
    return ParsedToken(
        TokenFormat.JWE, header=header, notes=notes, problem=problem, parts=5, **base
    )
