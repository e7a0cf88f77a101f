"""The value the rule modules hand to the checks: a status, plain sentences, a fix, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_SEVERITY = {"pass": 0, "warn": 1, "fail": 2}


@dataclass
class Findings:
    """What a token rule found, ready to become a check result.

    Attributes:
        status: ``pass``, ``warn``, ``fail`` or ``skip``; ``worsen`` only ever raises it.
        lines: sentences for the result's detail, in reading order.
        fixes: sentences for the result's fix.
        evidence: the (non-secret) values looked at.
        facts: what was learned, for the session.
        refs: references beyond the ones the check always cites.
    """

    status: str = "pass"
    lines: list[str] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    refs: list[str] = field(default_factory=list)

    def worsen(self, status: str) -> None:
        """Raise the status to `status` unless it is already as bad or worse."""
        if _SEVERITY.get(status, 0) > _SEVERITY.get(self.status, 0):
            self.status = status

    def add(self, line: str, status: str = "pass", fix: str | None = None) -> None:
        """Record one finding: its sentence, how bad it is, and what to do about it."""
        self.lines.append(line)
        self.worsen(status)
        if fix and fix not in self.fixes:
            self.fixes.append(fix)

    @property
    def detail(self) -> str:
        return " ".join(self.lines)

    @property
    def fix(self) -> str:
        return " ".join(self.fixes)
