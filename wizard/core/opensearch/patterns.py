"""How the security plugin matches a role-mapping pattern against a user name or backend role.

Rules (CHECKS.md, `opensearch.role_mapping`): ``*`` alone matches everything; ``/…/`` is a
regular expression that must match the whole string; a pattern holding ``*`` or ``?`` is a glob
(``*`` any run of characters, ``?`` exactly one); anything else must be equal. Matching is
case-sensitive; `ignore_case` exists only to explain near misses to the user.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class PatternKind(StrEnum):
    ALL = "all"
    REGEX = "regex"
    GLOB = "glob"
    EXACT = "exact"


def pattern_kind(pattern: str) -> PatternKind:
    """Which of the four matching rules applies to `pattern`."""
    if pattern == "*":
        return PatternKind.ALL
    if len(pattern) >= 2 and pattern.startswith("/") and pattern.endswith("/"):
        return PatternKind.REGEX
    if "*" in pattern or "?" in pattern:
        return PatternKind.GLOB
    return PatternKind.EXACT


def regex_problem(pattern: str) -> str | None:
    """For a ``/…/`` pattern that does not compile, why; None otherwise."""
    if pattern_kind(pattern) is not PatternKind.REGEX:
        return None
    try:
        re.compile(pattern[1:-1])
    except re.error as exc:
        return f"the regular expression {pattern} does not compile ({exc})"
    return None


def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether the plugin would match `value` with `pattern` (case-sensitive unless told)."""
    kind = pattern_kind(pattern)
    if kind is PatternKind.ALL:
        return True
    if kind is PatternKind.EXACT:
        return pattern.casefold() == value.casefold() if ignore_case else pattern == value
    compiled = _compiled(pattern, kind, ignore_case)
    return compiled is not None and compiled.fullmatch(value) is not None


@lru_cache(maxsize=512)
def _compiled(pattern: str, kind: PatternKind, ignore_case: bool) -> re.Pattern[str] | None:
    flags = re.IGNORECASE if ignore_case else 0
    if kind is PatternKind.REGEX:
        # The plugin uses Java regular expressions; the common subset behaves the same in Python.
        try:
            return re.compile(pattern[1:-1], flags)
        except re.error:
            return None
    parts = [".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern]
    return re.compile("".join(parts), flags | re.DOTALL)
