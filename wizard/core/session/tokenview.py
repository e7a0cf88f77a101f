"""What a transcript may say about a token: its decoded header and claims, never the token.

A token is decoded without verifying it (the transcript records what was presented, the
checks judged it). The signature and the raw form never leave this module: callers get a
fingerprint, the format, the header and the claims, and the list of pieces to scrub.
"""

from __future__ import annotations

import re
from typing import Any

from wizard.core.session.redaction import fingerprint

# What people paste around a token: a header name, the Bearer scheme, quotes, line breaks.
_WRAPPING = re.compile(r"^\s*(authorization\s*:\s*)?(bearer\s+)?", re.IGNORECASE)
_QUOTES = "\"'`"


def bare_token(value: str) -> str:
    """The token without the wrapping it was pasted with."""
    token = value
    while True:  # wrappings nest: a quoted "Bearer ..." string
        peeled = _WRAPPING.sub("", token.strip()).strip().strip(_QUOTES)
        if peeled == token:
            return re.sub(r"\s+", "", token)
        token = peeled


def token_view(value: str) -> dict[str, Any]:
    """Fingerprint, format, header and claims of a token, decoded without a key; never raises.

    The fingerprint is the one the session's events name the token by.
    """
    view: dict[str, Any] = {"fingerprint": fingerprint(value.strip())}
    token = bare_token(value)
    parts = token.split(".")
    if len(parts) == 5:
        view["format"] = "jwe"  # only the header is readable without the recipient's key
        view["header"] = _decoded_header(token) or {}
        return view
    if len(parts) != 3:
        view["format"] = "opaque"
        return view
    header, claims = _decoded_header(token), _decoded_claims(token)
    view["format"] = "jws" if header is not None and claims is not None else "unreadable"
    if header is not None:
        view["header"] = header
    if claims is not None:
        view["claims"] = claims
    return view


def token_pieces(value: str) -> list[str]:
    """Every form of a token that must never be written: as pasted, bare, its signature.

    For a five-part (encrypted) token every part but the header is included too.
    """
    token = bare_token(value)
    pieces = [value, value.strip(), token]
    parts = token.split(".")
    if len(parts) == 3:
        pieces.append(parts[2])
    elif len(parts) == 5:
        pieces.extend(parts[1:])
    # Short pieces (an empty signature) would scrub innocent text; scrub() ignores them.
    return [piece for piece in pieces if piece]


def _decoded_header(token: str) -> dict[str, Any] | None:
    import jwt  # deferred: only sessions holding a token need it

    try:
        header = jwt.get_unverified_header(token)
    except Exception:  # any malformed token: the view just has no header
        return None
    return dict(header)


def _decoded_claims(token: str) -> dict[str, Any] | None:
    import jwt

    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except Exception:  # not JSON, not an object, bad base64: no claims to show
        return None
    return dict(claims) if isinstance(claims, dict) else None
