"""Reading `WWW-Authenticate` (RFC 7235 syntax, RFC 6750 Bearer parameters)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# One item of the header: `scheme`, `name=token`, `name="quoted"` or a token68 blob.
_ITEM = re.compile(
    r"""\s*(?:
        (?P<name>[!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*
            (?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<token>[^\s,]*))
      | (?P<word>[!#$%&'*+.^_`|~0-9A-Za-z-]+=*)
    )\s*(?:,|$)""",
    re.VERBOSE,
)


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
    challenges: list[Challenge] = []
    rest = header.strip()
    while rest:
        scheme_match = re.match(r"\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s+|\s*,\s*|$)", rest)
        if not scheme_match:
            break
        params: dict[str, str] = {}
        rest = rest[scheme_match.end() :]
        while rest:
            item = _ITEM.match(rest)
            if not item:
                break  # the next challenge's scheme starts here
            if item.group("name") is None:
                # A bare word: either a token68 credential blob or the next challenge's scheme.
                if item.group("word").endswith("=") or not params:
                    rest = rest[item.end() :]
                    continue
                break
            quoted = item.group("quoted")
            unescaped = None if quoted is None else re.sub(r"\\(.)", r"\1", quoted)
            value = unescaped if unescaped is not None else (item.group("token") or "")
            params[item.group("name").lower()] = value
            rest = rest[item.end() :]
        challenges.append(Challenge(scheme_match.group(1).lower(), params))
    return challenges
