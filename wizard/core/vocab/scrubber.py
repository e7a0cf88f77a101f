"""The one scrubber every output path uses: credentials out of any text before it is shown.

Two kinds of knowledge are used. Shapes (`wizard.core.vocab.credential_shapes`): an
`Authorization` value of any scheme, a bare `Bearer …` credential, cookies, `*_secret=`,
`*_token=`, `password=` parameters, and whole JWTs. Known secrets: every token, client secret
and API token of the session; any piece of one of 8 characters or more is masked wherever it
appears (a JWT's signature alone, a long prefix), and so is any base64 text that decodes to
something holding such a piece (`id:secret`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from wizard.core.vocab.credential_shapes import (
    ALL_WORDS,
    JWT_SHAPE,
    PROSE_WORD,
    SHAPES,
    Shape,
    find_all,
    matches,
)

# Pieces shorter than this would mask innocent words that happen to occur in a secret.
MIN_PIECE = 8
# A secret shorter than this is not looked for at all (it would mask innocent words anywhere).
SHORTEST_SECRET = 4
Mask = Callable[[str], str]

_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_MASKED = re.compile(r"\\?\[(?:secret|token|credential)[^\]]*\\?\]")


def default_mask(value: str) -> str:
    """A mask naming nothing but the length (callers pass a fingerprinting one)."""
    return f"[credential, {len(value)} chars]"


class Scrubber:
    """Masks credentials by shape and every piece of the known secrets in any text."""

    def __init__(
        self, secrets: Iterable[str] = (), mask: Mask = default_mask, token_mask: Mask | None = None
    ) -> None:
        self.mask = mask
        self.token_mask = token_mask or mask  # for a whole JWT, named as a token
        self.secrets = sorted({s for s in secrets if s and len(s) >= MIN_PIECE}, key=len)[::-1]
        short = {s for s in secrets if s and SHORTEST_SECRET <= len(s) < MIN_PIECE}
        self.short = sorted(short, key=len)[::-1]
        self._pieces: set[str] = set().union(*map(windows, self.secrets))
        # Only characters of a secret can make up a piece of one: the runs of them in a text
        # are all that `_mask_pieces` needs to look at.
        alphabet = "".join(sorted(set().union(*self.secrets)))
        self._runs = re.compile(f"[{_class_escape(alphabet)}]+") if alphabet else None

    def __call__(self, text: str) -> str:
        return self.scrub(text)

    def scrub(self, text: str) -> str:
        """`text` with every credential shape and every piece of a known secret masked."""
        if not text:
            return text
        if len(text) <= _REMEMBERED:
            plain = _plain(text)
            if plain is not None and self._untouched(text, plain):
                return text
        text = self._known(text)
        if "eyJ" in text:
            text = JWT_SHAPE.sub(lambda m: self.token_mask(m.group(0)), text)
        low = text.lower() if text.isascii() else None
        if low is not None and not any(word in low for word in ALL_WORDS):
            return self._encoded(text)  # no shape's word: no shape can match
        for shape in SHAPES:
            changed = self._shape(shape, text, low)
            if changed is not text:
                text = changed
                low = text.lower() if text.isascii() else None
        return self._encoded(text)

    def leaves_shapes(self, text: str) -> bool:
        """Whether the JWT and credential-shape passes of `scrub` would leave `text` as it is.

        (What `scrub` does besides is masking this scrubber's secrets.)
        """
        if "eyJ" in text and JWT_SHAPE.search(text):
            return False
        low = text.lower() if text.isascii() else None
        if low is not None and not any(word in low for word in ALL_WORDS):
            return True
        for shape in SHAPES:
            changed = self._shape(shape, text, low)
            if changed != text:
                return False
        return True

    def _untouched(self, text: str, plain: _Plain) -> bool:
        """Whether `text`, which no shape matches, holds nothing of this scrubber's secrets."""
        return (
            self._pieces.isdisjoint(plain.windows)
            and self._pieces.isdisjoint(plain.decoded_windows)
            and not any(secret in text for secret in self.short)
        )

    def _shape(self, shape: Shape, text: str, low: str | None) -> str:
        """`shape.pattern.sub(...)` on `text`, tried only where a match can start.

        Scanning every position of a long text with these case-insensitive patterns is most
        of the scrubber's time. In ASCII text (`low`, lowercased without changing its length)
        each match holds one of the shape's words at a known place, so the pattern is tried
        only there; the result is the same as `sub` on the whole text. Other text gets `sub`.
        """
        replace = self._replace_scheme_value if shape.scheme else self._replace_value
        if low is None:
            return shape.pattern.sub(replace, text)
        found = [(i, word) for word in shape.words if word in low for i in find_all(low, word)]
        if not found:
            return text
        if shape.starts is None:
            return shape.pattern.sub(replace, text)
        out: list[str] = []
        done = 0
        for start in sorted(set(shape.starts(low, found))):
            if start < done:
                continue
            match = shape.pattern.match(text, start)
            if match is not None:
                out += (text[done:start], replace(match))
                done = match.end()
        if not out:
            return text
        return "".join(out) + text[done:]

    def _replace_value(self, match: re.Match[str]) -> str:
        value = match.group("value")
        residue = _MASKED.sub("", value)
        if not re.search(r"[A-Za-z0-9+/=_~.-]{4,}", residue):
            return match.group(0)  # nothing left but masks and spaces
        return match.group("name") + self.mask(value)

    def _replace_scheme_value(self, match: re.Match[str]) -> str:
        if PROSE_WORD.fullmatch(match.group("value")):
            return match.group(0)  # a word of prose after the scheme, not a credential
        return self._replace_value(match)

    def _known(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, self.mask(secret))
        for secret in self.short:
            if secret in text:
                text = text.replace(secret, self.mask(secret))
        if not self._pieces:
            return text
        return self._mask_pieces(text)

    def _mask_pieces(self, text: str) -> str:
        """Mask every run of 8+ characters that occurs inside a known secret."""
        if self._runs is None or all(
            self._pieces.isdisjoint(_run_windows(run))
            for run in self._runs.findall(text)
            if len(run) >= MIN_PIECE
        ):
            return text  # the usual case, found without a step per character
        out: list[str] = []
        start = index = 0
        while index <= len(text) - MIN_PIECE:
            if text[index : index + MIN_PIECE] not in self._pieces:
                index += 1
                continue
            end = index + MIN_PIECE
            while end < len(text) and any(text[index : end + 1] in s for s in self.secrets):
                end += 1
            out.append(text[start:index])
            out.append(self.mask(text[index:end]))
            start = index = end
        out.append(text[start:])
        return "".join(out)

    def _encoded(self, text: str) -> str:
        """Mask base64 runs whose decoded bytes hold a known secret (`Basic id:secret`)."""
        if not self.secrets:
            return text

        def change(match: re.Match[str]) -> str:
            decoded = _decode_base64(match.group(0))
            if decoded and self._holds_secret(decoded):
                return self.mask(match.group(0))
            return match.group(0)

        if not any(self._holds_secret(run) for run in _decoded_runs(text)):
            return text
        return _BASE64_RUN.sub(change, text)

    def _holds_secret(self, decoded: str | None) -> bool:
        if not decoded:
            return False
        return any(s in decoded for s in self.secrets) or not self._pieces.isdisjoint(
            _run_windows(decoded)
        )


class _Plain(NamedTuple):
    """What any scrubber needs to know of a text no credential shape matches.

    Its windows (a known secret is in the text only if one of its pieces is among them) and
    the windows of its base64 runs decoded. Texts recur (sentences, claim values), and with
    these a scrubber that knows other secrets decides in two set lookups that the text stays.
    """

    windows: frozenset[str]
    decoded_windows: frozenset[str]


@functools.lru_cache(maxsize=512)
def _plain(text: str) -> _Plain | None:
    """`text`'s windows, or None when a credential shape matches it (it must be scrubbed)."""
    if "eyJ" in text and JWT_SHAPE.search(text):
        return None
    low = text.lower() if text.isascii() else None
    if low is None:
        if any(shape.pattern.search(text) for shape in SHAPES):
            return None
    elif any(word in low for word in ALL_WORDS) and any(
        matches(shape, text, low) for shape in SHAPES
    ):
        return None
    decoded = frozenset().union(*(_run_windows(run) for run in _decoded_runs(text) if run))
    return _Plain(frozenset(windows(text)), decoded)


# Slices of every window of a width, made once per width; a longer text is sliced in Python.
_SLICED = 4096


@functools.cache
def _slices(width: int) -> list[slice]:
    return [slice(i, i + width) for i in range(_SLICED)]


def windows(text: str, width: int = MIN_PIECE) -> Iterator[str]:
    """Every `width`-character window of `text` (8 by default: a piece of a secret)."""
    count = len(text) - width + 1
    if count <= _SLICED:
        return map(text.__getitem__, _slices(width)[: max(count, 0)])
    return (text[i : i + width] for i in range(count))


# Runs recur from text to text (words, URLs, claim names): short ones are remembered. The
# caches are bounded so that a stream of millions of distinct texts cannot grow them past a
# few tens of MB even when every remembered text is as long as allowed.
_REMEMBERED = 256


def _run_windows(run: str) -> Iterable[str]:
    """The windows of a run of text, as a set when the run is short enough to remember."""
    return _remembered_windows(run) if len(run) <= _REMEMBERED else windows(run)


@functools.lru_cache(maxsize=2048)
def _remembered_windows(run: str) -> frozenset[str]:
    return frozenset(windows(run))


# The runs `_BASE64_RUN` matches, found in one step per run instead of one attempt per
# character: a match is a whole run of 12 or more of these characters and its padding.
_BASE64_RUNS = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")


def base64_decodings(text: str) -> Iterator[str]:
    """What each base64 run of `text` that the scrubber looks into decodes to."""
    return (decoded for decoded in _decoded_runs(text) if decoded)


def _decoded_runs(text: str) -> Iterator[str | None]:
    for run in _BASE64_RUNS.findall(text):
        if len(run.rstrip("=")) >= 12:
            yield _remembered_decoding(run) if len(run) <= _REMEMBERED else _decode_base64(run)


@functools.lru_cache(maxsize=2048)
def _remembered_decoding(run: str) -> str | None:
    return _decode_base64(run)


def _class_escape(chars: str) -> str:
    """`chars` escaped for use inside a regex character class."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _decode_base64(run: str) -> str | None:
    """The run decoded as base64 (url-safe when it holds `-` or `_`), or None."""
    padded = run + "=" * (-len(run) % 4)
    if "-" in run or "_" in run:
        padded = padded.replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.decode("utf-8", "replace")


def scrub_text(text: str, secrets: Iterable[str] = (), mask: Mask = default_mask) -> str:
    """One-shot `Scrubber(secrets, mask).scrub(text)`."""
    return Scrubber(secrets, mask).scrub(text)
