"""What ingesting a paste or a file yields: the pieces recognised, facts with provenance, findings.

Nothing here keeps the raw input: a piece is named by its kind and where it was, a fact holds
one value and where it came from, and a secret fact is marked so every face shows its mask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wizard.core.ingest.shapes import JWT_ANYWHERE
from wizard.core.vocab.redaction import fingerprint, mask_secret, scrub

# Facts whose values are credentials: never printed, only masked.
SECRET_FACT_NAMES = frozenset(
    {"token", "id_token", "access_token", "refresh_token", "client_secret", "dpop_proof"}
)


@dataclass(frozen=True)
class Piece:
    """One recognised part of the input: its kind (see KINDS) and where it was."""

    kind: str
    where: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "where": self.where}


@dataclass(frozen=True)
class Fact:
    """One value learned from the input, and where it was read."""

    value: str
    source: str


@dataclass(frozen=True)
class Finding:
    """A recognised validator, gateway or IdP message: what it means and what to do first."""

    message_id: str
    family: str
    topic: str
    meaning: str
    fix: str
    check_ids: tuple[str, ...]
    where: str
    severity: str = "fail"  # fail: names a cause; warn: noise or a hint


@dataclass
class Evidence:
    """Everything ingest found in one input; facts keep the first value seen for each name."""

    pieces: list[Piece] = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Credentials seen anywhere in the input (also ones not kept as facts), for scrubbing.
    secrets: set[str] = field(default_factory=set)

    def add_piece(self, kind: str, where: str) -> None:
        piece = Piece(kind, where)
        if piece not in self.pieces:
            self.pieces.append(piece)

    def add_fact(self, name: str, value: str | None, source: str, *, replace: bool = False) -> None:
        """Keep `value` for `name` unless one is known (or `replace`); empty values are ignored."""
        if value is None:
            return
        value = value.strip()
        if not value or (name in self.facts and not replace):
            return
        self.facts[name] = Fact(value, source)
        if name in SECRET_FACT_NAMES:
            self.secrets.add(value)

    def add_secret(self, value: str) -> None:
        if value and len(value) >= 4:
            self.secrets.add(value)

    def add_finding(self, finding: Finding) -> None:
        if all(f.message_id != finding.message_id for f in self.findings):
            self.findings.append(finding)

    def value(self, name: str) -> str | None:
        fact = self.facts.get(name)
        return fact.value if fact else None

    def plain_facts(self) -> dict[str, str]:
        """Name → value, secrets included: for running checks, never for printing."""
        return {name: fact.value for name, fact in self.facts.items()}

    @property
    def recognised(self) -> bool:
        return bool(self.pieces)


def shown_value(name: str, value: str) -> str:
    """A fact's value as any face may show it: secrets by their mask only."""
    return mask_secret(value) if name in SECRET_FACT_NAMES else value


def scrub_shown(text: str, secrets: set[str] | list[str]) -> str:
    """`text` made safe to show: known secrets masked, JWT shapes as fingerprints, and no
    control characters or bidi overrides (a pasted value must not drive the terminal)."""
    text = scrub(text, sorted(secrets))
    text = JWT_ANYWHERE.sub(lambda m: f"[token {fingerprint(m.group(0))}]", text)
    return _UNSAFE.sub("", text)


# C0 and C1 controls but tab and newline, and the bidi embedding, override and isolate marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
