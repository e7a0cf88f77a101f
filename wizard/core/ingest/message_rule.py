"""A row of the message table: how to find a message, what it means, where it leads."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MessageRule:
    """One known message: how to find it, what it means, which facts and checks it leads to."""

    message_id: str
    family: str
    stem: str
    pattern: re.Pattern[str]
    meaning: str | Callable[[dict[str, str]], str]  # a str may name groups as {group}
    fix: str
    topic: str
    check_ids: tuple[str, ...]
    severity: str = "fail"
    source: str = ""

    def explain(self, facts: dict[str, str]) -> str:
        """The meaning with the message's values filled in ('?' for one not known)."""
        if callable(self.meaning):
            return self.meaning(_Defaulted(facts))
        return self.meaning.format_map(_Defaulted(facts))


def rule(
    message_id: str,
    family: str,
    stem: str,
    regex: str,
    meaning: str | Callable[[dict[str, str]], str],
    fix: str,
    topic: str,
    *check_ids: str,
    severity: str = "fail",
    source: str = "",
) -> MessageRule:
    """A table row; `stem` must be a literal the message always contains."""
    return MessageRule(
        message_id,
        family,
        stem.lower(),
        re.compile(regex, re.IGNORECASE),
        meaning,
        fix,
        topic,
        check_ids,
        severity,
        source,
    )


class _Defaulted(dict):
    def __missing__(self, key: str) -> str:
        return "?"
