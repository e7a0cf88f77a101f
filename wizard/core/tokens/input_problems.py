"""Whether what was given as a token can be one, and a message that says what it looks like.

Every face takes tokens (`wizard check TOKEN`, `--fact token=…`, an answers file, the TUI's
paste boxes) and all of them ask this module, so the same mistake gets the same words: a
sentence or a file name is not a token, and a JWT with a part missing was cut off when copied.
Wrapping a person pastes along (a header name, `Bearer`, quotes, line breaks) is fine: it is
removed and named by `clean_pasted`. A doubled `Bearer Bearer` is not refused here: the token
behind it is usable, and the “Token format” card names the client's bug.
"""

from __future__ import annotations

import re
from pathlib import Path

from wizard.core.tokens.pasted import clean_pasted

_JWT_PREFIX = "eyJ"
# RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
_B64TOKEN = re.compile(r"^[A-Za-z0-9\-._~+/]+=*$")
_NOT_B64TOKEN = re.compile(r"[^A-Za-z0-9\-._~+/=]")
_FILE_NAME = re.compile(
    r"^(~|\.{1,2})?/|^[A-Za-z]:\\|\.(txt|jwt|jws|json|har|log|token|tok|pem|yml|yaml)$",
    re.IGNORECASE,
)
# A wrapped paste breaks a token over lines; spaces between words inside one line are a sentence.
_INNER_SPACES = re.compile(r"\S[ \t]+\S")
# Longer than this, a value is no file name anyone types (and stat() is not asked about it).
_PATH_LIMIT = 4096


def token_problem(text: str, *, file_hint: str = "") -> str | None:
    """Why `text` cannot be a token, in one sentence; None when it can be one.

    `file_hint` is how this face reads a token from a file (`--token-file FILE`), named when
    the text is a file's name.
    """
    hint = f" (did you mean {file_hint}?)" if file_hint else ""
    stripped = text.strip()
    if stripped and len(stripped) < _PATH_LIMIT and "\n" not in stripped:
        try:
            is_file = Path(stripped).expanduser().is_file()
        except (OSError, ValueError):
            is_file = False
        if is_file:
            return f"this is the name of a file, not a token{hint}"
    value = clean_pasted(text).value
    if not value:
        return "nothing is left once the paste wrapping (quotes, Bearer) is removed"
    if value.startswith(_JWT_PREFIX):
        parts = value.count(".") + 1
        if parts < 3:
            return (
                f"the token looks cut off: a JWT has 3 dot-separated parts and this one has "
                f"{parts}; copy it again, whole"
            )
        if parts == 4:
            return "the token looks cut off or joined with another (4 parts): copy it again"
        return None
    if _FILE_NAME.search(stripped) and "." in stripped:
        return f"this looks like a file name, not a token{hint}"
    unwrapped = _unwrapped(text)
    if _INNER_SPACES.search(unwrapped) and not _B64TOKEN.match(unwrapped.replace(" ", "")):
        return "this is text with spaces and punctuation, not a token: paste the token itself"
    odd = sorted(set(_NOT_B64TOKEN.findall(value)))
    if odd:
        shown = " ".join(repr(char) for char in odd[:5])
        return f"this cannot be a token: a token has no {shown} (RFC 6750 bearer token syntax)"
    if _INNER_SPACES.search(unwrapped):
        return "this is words with spaces between them, not a token: paste the token itself"
    return None


def _unwrapped(text: str) -> str:
    """The paste with its wrapping removed but its inner spaces kept (one line)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    joined = "".join(lines) if len(lines) > 1 else (lines[0] if lines else "")
    for prefix in ("authorization:", "bearer "):
        while joined.lower().startswith(prefix):
            joined = joined[len(prefix) :].strip()
    return joined.strip("\"'`")
