"""How the security plugin matches a role-mapping pattern against a user name or backend role.

Rules (as ``opensearch.role_mapping`` applies them): ``*`` alone matches everything; ``/…/``
is a regular expression that must match the whole string; a pattern holding ``*`` or ``?`` is a
glob (``*`` any run of characters, ``?`` exactly one); anything else must be equal. Matching is
case-sensitive; `ignore_case` exists only to explain near misses to the user.

Both kinds are bounded, because the patterns and the names come from files and tokens anyone
may have written: globs are matched by a scan without backtracking regexes (at most pattern
length times name length steps), and regular expressions run under a time limit.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

import regex

# Far above what a real mapping needs (microseconds), far below what a user would notice.
REGEX_TIME_LIMIT = 0.05


class PatternTooSlow(ValueError):
    """A ``/…/`` pattern ran past REGEX_TIME_LIMIT against one value; it was not decided."""

    def __init__(self, pattern: str, value: str) -> None:
        super().__init__(
            f"the regular expression {pattern} took longer than {REGEX_TIME_LIMIT:g} s against "
            f"a value of {len(value)} characters and was stopped (it backtracks); whether it "
            "matches was not decided"
        )


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
    if _compiled_regex(pattern, False) is None:
        try:
            regex.compile(pattern[1:-1])
        except (regex.error, RecursionError, OverflowError) as exc:
            return f"the regular expression {pattern} does not compile ({exc})"
    return None


def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether the plugin would match `value` with `pattern` (case-sensitive unless told).

    Raises PatternTooSlow when a regular expression could not be decided in time.
    """
    kind = pattern_kind(pattern)
    if kind is PatternKind.ALL:
        return True
    if kind is PatternKind.EXACT:
        return pattern.casefold() == value.casefold() if ignore_case else pattern == value
    if kind is PatternKind.GLOB:
        if ignore_case:
            return glob_matches(pattern.casefold(), value.casefold())
        return glob_matches(pattern, value)
    compiled = _compiled_regex(pattern, ignore_case)
    if compiled is None:
        return False
    try:
        return compiled.fullmatch(value, timeout=REGEX_TIME_LIMIT) is not None
    except TimeoutError:
        raise PatternTooSlow(pattern, value) from None


def glob_matches(pattern: str, value: str) -> bool:
    """`*` any run of characters, `?` exactly one, the rest literal; the whole value must match.

    A scan that, on a mismatch, only moves the last `*` one character on: no regex, so
    `*-*-*x` against a long name costs a few thousand steps, not an exponential search.
    """
    p = v = 0
    star = -1  # position in pattern just after the last '*' seen
    resume = 0  # position in value where that '*' is to absorb one more character
    while v < len(value):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p + 1, v
            p += 1
        elif p < len(pattern) and (pattern[p] == "?" or pattern[p] == value[v]):
            p += 1
            v += 1
        elif star >= 0:
            resume += 1
            p, v = star, resume
        else:
            return False
    return all(char == "*" for char in pattern[p:])


@lru_cache(maxsize=512)
def _compiled_regex(pattern: str, ignore_case: bool) -> regex.Pattern[str] | None:
    # The plugin uses Java regular expressions; the common subset behaves the same here.
    flags = regex.IGNORECASE if ignore_case else 0
    try:
        return regex.compile(pattern[1:-1], flags)
    except (regex.error, RecursionError, OverflowError):
        return None
