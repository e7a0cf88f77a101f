"""Turning what a person pasted into the token itself, and saying what was taken off.

People paste tokens from HTTP logs, curl commands, JSON and wrapped terminal output, so the
token often arrives with an ``Authorization:`` header name, a ``Bearer`` scheme, quotes or line
breaks. Each is removed and named, so the user learns what the wizard looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER_NAME = re.compile(r"^authorization\s*:\s*", re.IGNORECASE)
# A JSON member or URL fragment copied along: "access_token": "…" or #id_token=…
_FIELD_NAME = re.compile(r'^[#&?]?"?(access_token|id_token|token)"?\s*[:=]\s*', re.IGNORECASE)
_BEARER = re.compile(r"^bearer(\s+|$)", re.IGNORECASE)
_QUOTE_PAIRS = (('"', '"'), ("'", "'"), ("`", "`"), ("\u201c", "\u201d"), ("\u2018", "\u2019"))
_WHITESPACE = re.compile(r"\s+")
DOUBLED_SCHEME = "a doubled 'Bearer Bearer' scheme"


@dataclass(frozen=True)
class PastedToken:
    """The token found in a paste, and the wrapping that was removed to find it.

    Attributes:
        value: the token alone (never shown; see ``ParsedToken`` for what may be shown).
        stripped: one short phrase per thing removed, in the order it was removed.
    """

    value: str
    stripped: tuple[str, ...] = ()


def clean_pasted(text: str) -> PastedToken:
    """Remove the header name, ``Bearer`` scheme, quotes and whitespace pasted with a token."""
    stripped: list[str] = []
    value = text
    # Wrappings can nest (a quoted "Bearer ..." string), so peel until nothing changes.
    while True:
        before = value
        trimmed = value.strip()
        if trimmed != value:
            _note(stripped, "whitespace around the token")
            value = trimmed
        match = _HEADER_NAME.match(value)
        if match:
            _note(stripped, "the 'Authorization:' header name")
            value = value[match.end() :]
        match = _FIELD_NAME.match(value)
        if match:
            _note(stripped, f"the '{match.group(1)}' field name")
            value = value[match.end() :]
            if "&" in value and not value.startswith(("'", '"')):
                # A URL fragment goes on with &state=…&expires_in=…; a token never has '&'.
                _note(stripped, "the URL parameters after it")
                value = value.split("&", 1)[0]
        match = _BEARER.match(value)
        if match:
            if "the 'Bearer ' prefix" in stripped and _BEARER.match(value):
                # Bearer Bearer eyJ…: the client put the scheme in front of a value that had it.
                _note(stripped, DOUBLED_SCHEME)
            _note(stripped, "the 'Bearer ' prefix")
            value = value[match.end() :]
        for opening, closing in _QUOTE_PAIRS:
            if len(value) >= 2 and value.startswith(opening) and value.endswith(closing):
                _note(stripped, "surrounding quotes")
                value = value[1:-1]
                break
        if value.endswith(",") and value.count(",") == 1:
            # A token copied out of a JSON object keeps the comma that followed it.
            _note(stripped, "a trailing comma")
            value = value[:-1]
        if value == before:
            break
    if _WHITESPACE.search(value):
        # Terminals and mail clients wrap long tokens; a real token never contains whitespace.
        _note(stripped, "line breaks or spaces inside the token")
        value = _WHITESPACE.sub("", value)
    return PastedToken(value=value, stripped=tuple(stripped))


def _note(stripped: list[str], what: str) -> None:
    if what not in stripped:
        stripped.append(what)
