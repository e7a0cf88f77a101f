"""Telling, without scrubbing it, that scrubbing a JSON line would change nothing.

`wizard check --batch` writes one JSON line per token, and before a line leaves, every string
of every result in it and then the whole line are scrubbed of that token. The lines of a batch
are made of the same strings (titles, sentences, references, claim names) but for a few
(fingerprints, dates, `sub`, `jti`), yet each new token means a new scrubber and a scan of
every character of the line: most of a batch's time. A `LineScreen` remembers the strings the
lines are made of and answers one question exactly: would the scrubbing of this line, with
these secrets, string by string and then whole, leave it as it is? "Yes" only when it would;
when it cannot tell cheaply, "no", and the caller scrubs as it always did.

Why the answer is exact. The scrubber changes a text for four reasons: a piece of a known
secret (8 characters or more) is in it, or base64 that decodes to one; a credential shape
(`Authorization: …`, `"client_secret": "…"`, a JWT) matches; `for_terminal` has a control or
bidi mark to make visible. A line with no backslash holds each of its strings verbatim between
quotes, and a quote is in no secret this screen accepts nor in base64, so every piece and
every base64 run of the line lies inside one quote-delimited part, and each string's own
pieces and runs are those of its part. Each part is judged alone for shapes and for the
terminal (the string-by-string scrubbing), the whole line for shapes once more (a shape can
span parts: a claim named `access_token` and its value), and the parts for pieces:

- A piece of a secret S is 8 characters of S, so it holds one of S's 5-character windows that
  start at a multiple of 4. A part none of whose 5-character windows (nor those of its
  decoded base64) is among those few of S holds no piece of S. The windows of remembered parts
  are kept in one set, so a line is judged by a hundred-odd lookups plus its new parts.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence

from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.scrubber import (
    MIN_PIECE,
    SHORTEST_SECRET,
    Scrubber,
    base64_decodings,
    windows,
)

# Secrets of these characters only (tokens, base64): none is a quote or a backslash.
SECRET_ALPHABET = frozenset(string.ascii_letters + string.digits + "._~+/=-")
GRAM = 5
STRIDE = MIN_PIECE - GRAM + 1  # every 8-character piece holds a window starting at a multiple
# Bounds: the parts seen once (waiting to be seen again) and the windows remembered.
SEEN_ONCE = 4096
MAX_GRAMS = 200_000

_SHAPES_ONLY = Scrubber()  # knows no secret: what it changes, it changes for a shape


def _grams(text: str) -> set[str]:
    return set(windows(text, GRAM))


def _sampled_grams(secret: str) -> frozenset[str]:
    return frozenset(secret[i : i + GRAM] for i in range(0, len(secret) - GRAM + 1, STRIDE))


class LineScreen:
    """Remembers the parts of the lines it has judged; one per batch."""

    def __init__(self) -> None:
        self._known: set[str] = set()
        self._seen_once: dict[str, None] = {}
        self._grams: set[str] = set()

    def unchanged(self, line: str, secrets: Iterable[str]) -> bool:
        """True only if scrubbing `line` with `secrets` would give `line` back, as it is.

        The scrubbing meant is that of a `--batch` line: each string of the results with the
        secrets, made terminal-safe, then the whole JSON text with them.
        """
        sampled = self._sampled(secrets)
        if sampled is None or "\\" in line:
            return False
        if not _SHAPES_ONLY.leaves_shapes(line):
            return False
        parts = set(line.split('"'))
        for part in parts.difference(self._known):
            if not self._clean_part(part, sampled):
                return False
        return all(self._grams.isdisjoint(grams) for grams in sampled)

    def _sampled(self, secrets: Iterable[str]) -> list[frozenset[str]] | None:
        """The sampled windows of each secret, or None for a secret this screen cannot judge."""
        sampled = []
        for secret in set(secrets):
            if len(secret) < SHORTEST_SECRET:
                continue  # the scrubber ignores these too
            if len(secret) < MIN_PIECE or not SECRET_ALPHABET.issuperset(secret):
                return None
            sampled.append(_sampled_grams(secret))
        return sampled

    def _clean_part(self, part: str, sampled: Sequence[frozenset[str]]) -> bool:
        """Whether `part` is unchanged by shapes and `for_terminal` and holds no secret."""
        if for_terminal(part) != part or not _SHAPES_ONLY.leaves_shapes(part):
            return False
        grams = _grams(part)
        for decoded in base64_decodings(part):
            grams |= _grams(decoded)
        if not all(grams.isdisjoint(secret) for secret in sampled):
            return False
        self._remember(part, grams)
        return True

    def _remember(self, part: str, grams: set[str]) -> None:
        """A part seen twice joins the known ones (once is a fingerprint, a date, a jti)."""
        if part not in self._seen_once:
            if len(self._seen_once) >= SEEN_ONCE:
                del self._seen_once[next(iter(self._seen_once))]
            self._seen_once[part] = None
            return
        del self._seen_once[part]
        if len(self._grams) + len(grams) > MAX_GRAMS:
            self._known.clear()
            self._grams.clear()
        self._known.add(part)
        self._grams |= grams
