"""Last-line cleaning of a whole transcript document before any byte of it is written.

The engine already names credentials by fingerprint; `scrub_document` makes sure that even a
check which quoted a secret in its detail cannot leak it. `mask_pii` replaces e-mail
addresses and user names with labelled pseudonyms for `--redact-pii`, the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from wizard.core.vocab.redaction import fingerprint, scrub

# Facts and token claims that name a person.
PII_FACTS = frozenset({"email", "username", "user", "login", "opensearch_user"})
PII_CLAIMS = frozenset(
    {
        "email",
        "preferred_username",
        "name",
        "given_name",
        "family_name",
        "nickname",
        "upn",
        "unique_name",
        "username",
        "login",
    }
)
# Claims holding a person's name rather than an account name.
NAME_CLAIMS = frozenset({"name", "given_name", "family_name", "nickname"})
# A JWT (signed: three parts, encrypted: five) wherever it appears, even in a fact the flow
# did not declare as a token: written as its fingerprint, like every token.
JWT_SHAPE = re.compile(
    r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Shorter values would mask innocent words that happen to contain them.
MIN_PII_LENGTH = 3


def map_strings(value: Any, change: Callable[[str], str], *, keys: bool = True) -> Any:
    """A copy of a JSON-like value with `change` applied to every string in it (and keys)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {
            (change(str(k)) if keys else k): map_strings(v, change, keys=keys)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [map_strings(item, change, keys=keys) for item in value]
    return value


class ScrubMemo:
    """The strings of one session already scrubbed, while its secrets stay the same.

    Autosave cleans the whole document after every event, and nearly all of its strings are
    the previous save's: without this a session's saves cost the square of its length.
    """

    # Far above a long session's distinct strings; past it the memo starts again.
    LIMIT = 50_000

    def __init__(self) -> None:
        self.secrets: frozenset[str] = frozenset()
        self.scrubbed: dict[str, str] = {}

    def for_secrets(self, secrets: frozenset[str]) -> dict[str, str]:
        """The memo for `secrets`: emptied when they changed (a new credential) or it is full."""
        if secrets != self.secrets or len(self.scrubbed) > self.LIMIT:
            self.secrets, self.scrubbed = secrets, {}
        return self.scrubbed


def scrub_document(document: Any, secrets: Iterable[str], memo: ScrubMemo | None = None) -> Any:
    """The document with each secret, and anything shaped like a JWT, replaced by its mask."""
    wanted = frozenset(s for s in secrets if s)
    known = sorted(wanted, key=len, reverse=True)
    done = memo.for_secrets(wanted) if memo is not None else {}

    def change(text: str) -> str:
        if (cleaned := done.get(text)) is not None:
            return cleaned
        cleaned = scrub(text, known) if known else text
        cleaned = JWT_SHAPE.sub(lambda m: f"[token {fingerprint(m.group(0))}]", cleaned)
        done[text] = cleaned
        return cleaned

    return map_strings(document, change)


def mask_pii(document: dict[str, Any]) -> dict[str, Any]:
    """The transcript document with e-mail addresses and user names replaced everywhere.

    Each whole value becomes a labelled pseudonym (`[email 1]`, `[user 2]`), the same one
    wherever it occurs, so a reader still sees which values are equal and which differ;
    masking a part of a value (`a***`) would leave a guessable remainder and merge distinct ones.
    """
    labels = _pii_values(document)
    for found in sorted({m.group(0) for m in EMAIL.finditer(_all_text(document))}):
        labels.setdefault(found, "email")
    pseudonyms: dict[str, str] = {}
    counts: dict[str, int] = {}
    for value in sorted(labels):
        label = labels[value]
        counts[label] = counts.get(label, 0) + 1
        pseudonyms[value] = f"[{label} {counts[label]}]"
    # Longest first, and only where the value stands whole: a short user name must not be
    # replaced inside a longer word or a hex fingerprint that happens to contain it.
    ordered = sorted(pseudonyms, key=len, reverse=True)
    whole = re.compile(
        r"(?<![\w.@-])(?:" + "|".join(re.escape(value) for value in ordered) + r")(?![\w@-])"
    )

    def change(text: str) -> str:
        if not ordered:
            return text
        return whole.sub(lambda found: pseudonyms[found.group(0)], text)

    # Keys are claim and fact names, not people: only values are replaced.
    masked = map_strings(document, change, keys=False)
    masked["redaction"]["pii_masked"] = True
    return masked


def _all_text(document: Any) -> str:
    parts: list[str] = []

    def keep(text: str) -> str:
        parts.append(text)
        return text

    map_strings(document, keep, keys=False)
    return "\n".join(parts)


def _label(name: str, value: str) -> str:
    if EMAIL.fullmatch(value):
        return "email"
    return "name" if name in NAME_CLAIMS else "user"


def _pii_values(document: dict[str, Any]) -> dict[str, str]:
    """Each personal value of the document, with the label its pseudonym gets."""
    found: dict[str, str] = {}
    for name, fact in (document.get("facts") or {}).items():
        value = fact.get("value")
        if name in PII_FACTS and isinstance(value, str):
            found.setdefault(value, _label(name, value))
        claims = (fact.get("token") or {}).get("claims") or {}
        for claim, value in claims.items():
            if claim in PII_CLAIMS and isinstance(value, str):
                found.setdefault(value, _label(claim, value))
    return {value: label for value, label in found.items() if len(value) >= MIN_PII_LENGTH}
