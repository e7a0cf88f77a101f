"""The credential shapes the scrubber masks, and where in a text a match of each can start.

An `Authorization` or `Proxy-Authorization` value of any scheme, a bare `Bearer …` / `Basic …` /
`SSWS …` credential, cookies, `*_secret=`, `*_token=`, `password=` parameters (in URLs, form
bodies, JSON, YAML and log lines), and whole JWTs. Each shape carries the words any match of it
holds, so that `wizard.core.vocab.scrubber` tries a pattern only where such a word is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

_TOKEN68 = r"[A-Za-z0-9._~+/-]+=*"
# A header line (curl -v, a log, a HAR export): everything after the colon is the credential.
_AUTH_HEADER = re.compile(
    r"(?im)(?P<name>\b(?:proxy-)?authorization\b[\"']?\s*[:=]\s*[\"']?(?:[A-Za-z-]+ +)?)"
    r"(?P<value>(?!\[)[^\s\"',;]+)"
)
_COOKIE_HEADER = re.compile(
    r"(?im)(?P<name>\b(?:set-)?cookie\b[\"']?\s*[:=]\s*[\"']?)(?P<value>[^\r\n\"']+)"
)
# A credential after its scheme, anywhere in prose; a challenge parameter (`Bearer error="…"`)
# is followed by `=` and is left alone, and so is a plain word ("a Basic challenge"). A
# parameter of the challenges' own (RFC 6750, RFC 9728) is left alone whatever quote follows
# it: the checks write `error='invalid_token'`, and a credential is never just `error=`.
_CHALLENGE_PARAMETER = r"(?:realm|scope|error|error_description|error_uri|resource_metadata)="
_SCHEME_CREDENTIAL = re.compile(
    rf"(?i)(?P<name>\b(?:bearer|basic|ssws|dpop|negotiate)\s+)"
    rf"(?P<value>(?!{_CHALLENGE_PARAMETER}(?![A-Za-z0-9._~+/-])){_TOKEN68})"
    rf"(?![=A-Za-z0-9\"._~+/-])"
)
# A word of prose after a scheme ("a Basic challenge"), not a credential.
PROSE_WORD = re.compile(r"[A-Za-z]{1,19}")
_SECRET_KEY = r"[A-Za-z0-9_.-]*(?:secret|_token|password|passwd|api_?key|assertion)|token|code"
# A value that is already a fingerprint (`"token": "sha256:6fc5cb08e54d"`, as results name the
# token they read) is a mask, not a credential: masking it again would hide which token it was.
_NOT_MASKED = r"(?!\[|sha256:[0-9a-f]{12}(?![A-Za-z0-9_.~+/=-]))"
# `client_secret=…` in a URL, a form body or a log line; `"refresh_token": "…"` in JSON;
# `client_secret: …` in YAML.
_PARAMETER = re.compile(
    rf"(?i)(?P<name>(?<![A-Za-z0-9_.-])(?:{_SECRET_KEY})=)(?P<value>{_NOT_MASKED}[^&\s;,\"'<>]+)"
)
_JSON_MEMBER = re.compile(
    rf"(?i)(?P<name>[\"'](?:{_SECRET_KEY})[\"']\s*:\s*[\"'])(?P<value>{_NOT_MASKED}[^\"']+)"
)
_YAML_MEMBER = re.compile(
    r"(?im)(?P<name>^\s*[A-Za-z0-9_.-]*(?:secret|_token|password|passwd|api_?key):\s+)"
    rf"(?P<value>{_NOT_MASKED}[^\s#]+)"
)
JWT_SHAPE = re.compile(
    r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?"
)


class Shape(NamedTuple):
    """A credential shape: its pattern, the words (lowercase) any match of it holds, and where
    a match can start given where those words are (None: anywhere, so `sub` is used)."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]
    starts: Callable[[str, list[tuple[int, str]]], Iterable[int]] | None
    scheme: bool = False


def find_all(text: str, word: str) -> Iterator[int]:
    index = text.find(word)
    while index >= 0:
        yield index
        index = text.find(word, index + 1)


def _at_word(prefix: str) -> Callable[[str, list[tuple[int, str]]], Iterator[int]]:
    """Starts for `\\b(?:PREFIX)?WORD`: at the word, or at the prefix right before it."""

    def starts(low: str, found: list[tuple[int, str]]) -> Iterator[int]:
        for index, _word in found:
            yield index
            if prefix and index >= len(prefix) and low.startswith(prefix, index - len(prefix)):
                yield index - len(prefix)

    return starts


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")


def _member_starts(low: str, found: list[tuple[int, str]]) -> Iterator[int]:
    """Starts for a quoted member name ending in a secret word: the quote opening it.

    The word ends the name, and the name's other characters are never quotes, so the opening
    quote is the nearest one before the word (searched once over the text, not per word).
    """
    quote = -1
    scanned = 0
    for index, _word in sorted(found):
        quote = max(quote, low.rfind('"', scanned, index), low.rfind("'", scanned, index))
        scanned = index
        if quote >= 0 and _NAME_CHARS.issuperset(low[quote + 1 : index]):
            yield quote


def _with(words: Iterable[str], ends: str) -> tuple[str, ...]:
    return tuple(word + end for word in words for end in ends)


_KEY_WORDS = ("secret", "token", "password", "passwd", "apikey", "api_key", "assertion", "code")
_YAML_WORDS = ("secret", "_token", "password", "passwd", "apikey", "api_key")
# In the order `scrub` has always applied them.
SHAPES = (
    Shape(_AUTH_HEADER, ("authorization",), _at_word("proxy-")),
    Shape(_COOKIE_HEADER, ("cookie",), _at_word("set-")),
    Shape(_JSON_MEMBER, _with(_KEY_WORDS, "\"'"), _member_starts),
    Shape(_YAML_MEMBER, _with(_YAML_WORDS, ":"), None),
    Shape(_PARAMETER, _with(_KEY_WORDS, "="), None),
    Shape(
        _SCHEME_CREDENTIAL,
        ("bearer", "basic", "ssws", "dpop", "negotiate"),
        _at_word(""),
        scheme=True,
    ),
)


# The words of every shape, shortened to what they have in common.
ALL_WORDS = (
    "authorization",
    "cookie",
    "secret",
    "token",
    "passw",
    "api",
    "assertion",
    "code",
    "bearer",
    "basic",
    "ssws",
    "dpop",
    "negotiate",
)


def matches(shape: Shape, text: str, low: str) -> bool:
    """Whether `shape` matches anywhere in ASCII `text` (`low` is it lowercased)."""
    found = [(i, word) for word in shape.words if word in low for i in find_all(low, word)]
    if not found:
        return False
    if shape.starts is None:
        return shape.pattern.search(text) is not None
    return any(shape.pattern.match(text, start) for start in shape.starts(low, found))
