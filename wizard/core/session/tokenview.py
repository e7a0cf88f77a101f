"""What a transcript may say about a token: its decoded header and claims, never the token.

A token is decoded without verifying it (the transcript records what was presented; the
checks judged it), by the same reader the token checks use. The signature and the raw form
never leave this module: callers get a fingerprint, the format, the header and the claims,
and the list of pieces a transcript must scrub.
"""

from __future__ import annotations

from typing import Any

from wizard.core.tokens.parse import TokenFormat, parse_token


def token_view(value: str) -> dict[str, Any]:
    """Fingerprint, format, header and claims of a token as pasted; never raises."""
    parsed = parse_token(value)
    unreadable = parsed.format is TokenFormat.JWS and parsed.problem is not None
    view: dict[str, Any] = {
        "fingerprint": parsed.fingerprint,
        "format": "unreadable" if unreadable else str(parsed.format),
    }
    if parsed.header:
        view["header"] = dict(parsed.header)
    if parsed.claims:
        view["claims"] = dict(parsed.claims)
    return view


def token_pieces(value: str) -> list[str]:
    """Every form of a token that must never be written: as pasted, bare, its signature.

    For a five-part (encrypted) token every part but the header is included too.
    """
    token = parse_token(value).secret_value()
    pieces = [value, value.strip(), token]
    parts = token.split(".")
    if len(parts) == 3:
        pieces.append(parts[2])
    elif len(parts) == 5:
        pieces.extend(parts[1:])
    return [piece for piece in pieces if piece]
