"""Decoding one base64url JSON segment of a JWT, with errors that say exactly what is wrong.

A person fixing a mangled token needs to know which part broke and where (a character lost
in a copy, a ``+`` from standard base64, a truncated end), so every failure is a value that
names the part and the position, never an exception with a library's wording.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_MAX_SHOWN_DUPLICATES = 5


@dataclass(frozen=True)
class DecodeProblem:
    """Why a part of a token could not be read.

    Attributes:
        part: ``header``, ``payload`` or ``token`` (the whole string).
        message: one sentence a person understands, with positions counted from 0.
    """

    part: str
    message: str


class SegmentError(Exception):
    """Internal signal from the decoders; callers of this package get a DecodeProblem."""

    def __init__(self, problem: DecodeProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def decode_base64url(segment: str, part: str, offset: int = 0) -> bytes:
    """Decode one unpadded base64url segment; `offset` is where it starts in the token."""
    if segment == "":
        raise SegmentError(DecodeProblem(part, f"The {part} is empty."))
    # Padding is not allowed in a JWT (RFC 7515 section 2) but is harmless to read past.
    body = segment.rstrip("=")
    valid = _BASE64URL.match(body)
    end = valid.end() if valid else 0
    if end < len(body):
        bad = body[end]
        position = offset + end
        hint = ""
        if bad in "+/":
            hint = " ('+' and '/' belong to standard base64; a JWT uses base64url: '-' and '_')"
        elif bad == "%":
            hint = " (the token looks URL-encoded; decode it first)"
        raise SegmentError(
            DecodeProblem(
                part,
                f"The {part} has a character that is not base64url, {_show_char(bad)}, "
                f"at position {position} of the token{hint}.",
            )
        )
    if len(body) % 4 == 1:
        raise SegmentError(
            DecodeProblem(
                part,
                f"The {part} has {len(body)} characters, a length no base64url text can have: "
                "it was probably cut short when copied.",
            )
        )
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise SegmentError(DecodeProblem(part, f"The {part} is not valid base64url.")) from None


def decode_json_object(data: bytes, part: str) -> dict[str, Any]:
    """Read bytes as a UTF-8 JSON object; duplicate member names are rejected (RFC 7515 5.2)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SegmentError(
            DecodeProblem(
                part,
                f"The {part} decodes to bytes that are not UTF-8 text (byte {exc.start} of "
                f"{len(data)}): it is not JSON, perhaps binary or encrypted content.",
            )
        ) from None
    duplicates: list[str] = []

    def keep_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen and key not in duplicates:
                duplicates.append(key)
            seen[key] = value
        return seen

    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        value = json.loads(text, object_pairs_hook=keep_pairs, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise SegmentError(
            DecodeProblem(
                part,
                f"The {part} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                f"column {exc.colno} (character {exc.pos}).",
            )
        ) from None
    except (ValueError, RecursionError) as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise SegmentError(
            DecodeProblem(part, f"The {part} is not valid JSON: {reason}.")
        ) from None
    if not isinstance(value, dict):
        raise SegmentError(
            DecodeProblem(
                part,
                f"The {part} is JSON but not an object (it is {json_type_name(value)}); "
                "a JWT's header and claims are always JSON objects.",
            )
        )
    if duplicates:
        shown = ", ".join(repr(key) for key in duplicates[:_MAX_SHOWN_DUPLICATES])
        raise SegmentError(
            DecodeProblem(
                part,
                f"The {part} names the same member twice ({shown}); such a token must be "
                "rejected, since two parsers may read different values.",
            )
        )
    return value


def json_type_name(value: Any) -> str:
    """The JSON name of a decoded value's type, with an article: 'a string', 'an array'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "an unknown value"


def _show_char(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return repr(char)
    return f"U+{ord(char):04X}"
