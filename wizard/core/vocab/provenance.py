"""Where each fact of a session came from: the data the trust rules and the evidence stand on.

A fact is a value plus its provenance. Faces and the engine set facts; nothing else does. The
provenance says how far a value may be trusted (see the design's "Trust"): what the user typed
or gave on the command line in this session is theirs; a claim read from a token is unverified
until its signature verified; a transcript may come from anyone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Provenance(StrEnum):
    """How a fact reached the session. The values are the `source` a transcript writes."""

    GIVEN = "given"  # the command line, an answers file, or what the face opened the session with
    USER = "user"  # typed by the user in this session, in answer to a question
    CHOICE = "choice"  # set by a choice the user picked in this session
    CHECK = "check"  # learned by a check (its key is the fact's origin)
    TOKEN = "token"  # read from a token: unverified until its signature verified
    DISCOVERY = "discovery"  # from an issuer's discovery document
    FILE = "file"  # read from a file the user named
    TRANSCRIPT = "transcript"  # read back from a saved session or transcript: untrusted

    @property
    def from_this_session(self) -> bool:
        """True for what the user gave, typed or picked in this session."""
        return self in (Provenance.GIVEN, Provenance.USER, Provenance.CHOICE)


@dataclass(frozen=True)
class Fact:
    """One fact: its value, where it came from, and what exactly it came from.

    `origin` details the provenance: the check key that learned it, the file or URL it was
    read from, or (for TRANSCRIPT) the source the saved session had recorded for it.
    """

    value: str
    provenance: Provenance
    origin: str = ""

    @property
    def inferred(self) -> bool:
        """True when no person set it: a check learned it (now, or in the saved session)."""
        if self.provenance is Provenance.TRANSCRIPT:
            return self.origin in ("", Provenance.CHECK)
        return not self.provenance.from_this_session

    @property
    def recorded_source(self) -> str:
        """The `source` a transcript keeps: where the value first came from."""
        if self.provenance is Provenance.TRANSCRIPT and self.origin:
            return self.origin
        return str(self.provenance)


class FactStore(Mapping[str, str]):
    """A session's facts by name: reads as a mapping of values, and keeps each provenance."""

    def __init__(
        self, values: Mapping[str, str] | None = None, provenance: Provenance = Provenance.GIVEN
    ) -> None:
        self._facts: dict[str, Fact] = {}
        for name, value in (values or {}).items():
            if value not in (None, ""):
                self._facts[name] = Fact(value, provenance)

    def __getitem__(self, name: str) -> str:
        return self._facts[name].value

    def __iter__(self) -> Iterator[str]:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)

    def __repr__(self) -> str:
        # Names and provenance only: a repr may end up in a log, and values may be secrets.
        shown = ", ".join(f"{name}<{fact.provenance}>" for name, fact in self._facts.items())
        return f"FactStore({shown})"

    def fact(self, name: str) -> Fact | None:
        """The fact called `name`, with its provenance (None when unknown)."""
        return self._facts.get(name)

    def provenance(self, name: str) -> Provenance | None:
        fact = self._facts.get(name)
        return fact.provenance if fact is not None else None

    def set(self, name: str, value: str, provenance: Provenance, origin: str = "") -> None:
        self._facts[name] = Fact(value, provenance, origin)

    def facts(self) -> Iterator[tuple[str, Fact]]:
        """Every fact with its provenance, in the order they were first set."""
        return iter(self._facts.items())

    def given(self) -> FactStore:
        """The facts the session was given from outside (what a restart keeps)."""
        kept = FactStore()
        kept._facts = {
            name: fact
            for name, fact in self._facts.items()
            if fact.recorded_source == Provenance.GIVEN
        }
        return kept

    def copy(self) -> FactStore:
        twin = FactStore()
        twin._facts = dict(self._facts)
        return twin
