"""The value every check returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """How a check ended: the five outcomes a flow can branch on."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"  # an input it needs is missing, or the network is off
    ERROR = "error"  # it could not run: network down, bad input; never a crash

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self]

    @property
    def severity(self) -> int:
        """Its place on the one scale of badness: pass < skip < warn < error < fail."""
        return STATUS_SEVERITY[self]

    @classmethod
    def worst(cls, statuses: Iterable[Status]) -> Status:
        """The most severe of `statuses` (PASS when there are none)."""
        return max(statuses, key=lambda status: status.severity, default=cls.PASS)


STATUS_SYMBOLS = {
    Status.PASS: "✓",
    Status.WARN: "!",
    Status.FAIL: "✗",
    Status.SKIP: "-",
    Status.ERROR: "?",
}
# A skip left something unverified, so it is worse than a pass; an error is not a finding
# against the system under test, so a fail outranks it.
STATUS_SEVERITY = {
    Status.PASS: 0,
    Status.SKIP: 1,
    Status.WARN: 2,
    Status.ERROR: 3,
    Status.FAIL: 4,
}


@dataclass(frozen=True)
class CheckResult:
    """What one check found, in plain words, with the (already redacted) values it looked at.

    `facts` holds what the check learned that a flow may branch on or show (for example the
    token's issuer or the detected provider); the engine adds them to the session's facts
    unless the user already gave a value. A `fix` of several lines is prose on its first line
    and, on the lines after it, an entry to paste as written (a transcript keeps its indents).
    """

    id: str
    status: Status
    title: str
    detail: str
    evidence: dict[str, Any] = field(default_factory=dict)
    fix: str = ""
    refs: tuple[str, ...] = ()
    facts: dict[str, str] = field(default_factory=dict)

    def __deepcopy__(self, memo: dict[int, Any]) -> CheckResult:
        # A result is a value once its check returned: nothing changes it after. The engine
        # copies its state before every node's checks (for back and retry), and copying each
        # result's evidence there was a fifth of the diagnosis walk's time (tests/diagnosis).
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": str(self.status),
            "title": self.title,
            "detail": self.detail,
            "fix": self.fix,
            "evidence": self.evidence,
            "refs": list(self.refs),
            "facts": dict(self.facts),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        return cls(
            id=str(data["id"]),
            status=Status(data["status"]),
            title=str(data.get("title", "")),
            detail=str(data.get("detail", "")),
            evidence=dict(data.get("evidence") or {}),
            fix=str(data.get("fix", "")),
            refs=tuple(data.get("refs") or ()),
            facts={str(k): str(v) for k, v in (data.get("facts") or {}).items()},
        )
