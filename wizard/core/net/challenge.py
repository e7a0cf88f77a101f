"""Reading `WWW-Authenticate` (RFC 7235 syntax, RFC 6750 Bearer parameters), tolerantly.

Servers write the header loosely: AWS API Gateway separates parameters with spaces, not commas;
django-oauth-toolkit writes no spaces at all; RFC 9449 puts a DPoP and a Bearer challenge in one
header. Each parameter is attached to the challenge whose scheme precedes it, scheme names are
compared lower-cased, and text that fits no rule is skipped rather than raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# RFC 7230 tchar: what a scheme or parameter name is made of.
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_SCHEME = re.compile(_TOKEN)
# A parameter: name, '=', then a quoted string (the closing quote may be missing in a cut
# paste) or a bare value that runs to the next space or comma.
_PARAM = re.compile(
    rf'(?P<name>{_TOKEN})\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"?|(?P<bare>[^\s,"]*))'
)
# RFC 7235 token68 (a credential-like blob such as Negotiate's), allowed only right after the
# scheme and only when it is not the start of a parameter.
_TOKEN68 = re.compile(r"[A-Za-z0-9._~+/-]+=*(?=\s*(?:,|$))")
_SEPARATORS = re.compile(r"[\s,]*")
# A longer header is not something a server sent; parsing stays linear anyway, but bounded.
MAX_HEADER_CHARS = 16 * 1024


@dataclass(frozen=True)
class Challenge:
    """One authentication challenge: its scheme (lower-cased) and parameters."""

    scheme: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        return self.params.get("error")


def parse_www_authenticate(header: str) -> list[Challenge]:
    """Split a `WWW-Authenticate` value into challenges; unparseable text is skipped, not raised."""
    text = header[:MAX_HEADER_CHARS]
    challenges: list[Challenge] = []
    pos = _SEPARATORS.match(text, 0).end()  # type: ignore[union-attr]
    while pos < len(text):
        scheme = _SCHEME.match(text, pos)
        if scheme is None or _is_param(text, pos):
            # Stray text (a quote, a parameter with no scheme before it): skip one character.
            pos += 1
            continue
        pos = scheme.end()
        params: dict[str, str] = {}
        gap = re.compile(r"[ \t]+").match(text, pos)
        if gap is not None:
            blob = _TOKEN68.match(text, gap.end())
            if blob is not None and not _is_param(text, gap.end()):
                pos = blob.end()
        while True:
            start = _SEPARATORS.match(text, pos).end()  # type: ignore[union-attr]
            param = _PARAM.match(text, start) if _is_param(text, start) else None
            if param is None:
                pos = start
                break
            quoted = param.group("quoted")
            value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else param["bare"]
            params.setdefault(param["name"].lower(), value)
            pos = param.end()
        challenges.append(Challenge(scheme.group(0).lower(), params))
    return challenges


def _is_param(text: str, pos: int) -> bool:
    """Whether a `name=` parameter starts at `pos` (rather than a scheme or a token68)."""
    name = _SCHEME.match(text, pos)
    if name is None:
        return False
    rest = re.compile(r"\s*=").match(text, name.end())
    if rest is None:
        return False
    # `abc==` right after a scheme is a token68 ending in padding, not a parameter.
    after = rest.end()
    return not (after < len(text) and text[after] == "=")
