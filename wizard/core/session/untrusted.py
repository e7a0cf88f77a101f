"""What a transcript or saved session would make the wizard touch, listed before it does.

A transcript may come from anyone (a ticket, a colleague, an attacker). Its facts and check
inputs name URLs (where tokens would be sent, where documents would be fetched) and local
paths (files the checks would read). `wizard replay` and `wizard resume` list all of them
and go on only when the user confirms; the confirmed origins then join the session's
allow-list, and nothing else the file names does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from wizard.core.session.transcript import Transcript
from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.trust import origin_of, shown_origin

# Check inputs (and facts) that name a file the checks read.
FILE_INPUTS = frozenset({"opensearch_config", "roles_mapping", "dashboards_config"})


@dataclass
class Touches:
    """The origins and local paths a transcript names, each with what named it."""

    origins: dict[str, set[str]] = field(default_factory=dict)
    paths: dict[str, set[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.origins or self.paths)

    def add(self, name: str, value: str, why: str, *, is_file: bool = False) -> None:
        text = value.strip()
        if text.lower().startswith(("http://", "https://")):
            origin = origin_of(text)
            if origin[1]:
                self.origins.setdefault(shown_origin(origin), set()).add(why)
        elif (is_file or name in FILE_INPUTS) and text:
            self.paths.setdefault(text, set()).add(why)

    def lines(self) -> list[str]:
        """The list as printed: one line per origin or path, with the names that lead there."""
        out = []
        for origin, whys in sorted(self.origins.items()):
            out.append(f"  contact {for_terminal(origin, single_line=True)}  ({_named(whys)})")
        for path, whys in sorted(self.paths.items()):
            out.append(f"  read    {for_terminal(path, single_line=True)}  ({_named(whys)})")
        return out

    def urls(self) -> list[str]:
        return sorted(self.origins)


def _named(whys: Iterable[str]) -> str:
    names = sorted(whys)
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return for_terminal(shown, single_line=True)


def touched_by(transcript: Transcript, *, checks: bool = True) -> Touches:
    """Every origin and file path the transcript's facts (and check inputs) name."""
    touches = Touches()
    for name, fact in transcript.facts.items():
        value = fact.get("value") if isinstance(fact, dict) else None
        if isinstance(value, str):
            touches.add(name, value, f"fact {name}", is_file=fact.get("type") == "file")
    if checks:
        for record in transcript.checks:
            for name, value in record.inputs.items():
                if isinstance(value, str):
                    touches.add(name, value, f"{record.id} {name}")
    return touches
