"""What a rule found before it becomes a check result: one status, sentences, fixes, evidence.

Rule modules (the token rules, the OpenSearch reviews) return `Findings`; a check turns them
into its result with `CheckContext.conclude`. The status is always a `Status` and only ever
worsens along `Status.severity`, the one scale of badness the whole wizard uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from wizard.core.vocab.result import Status


@dataclass(init=False)
class Findings:
    """Everything a rule found, in reading order, ready to become a check result.

    Attributes:
        status: the worst status recorded so far. A rule may set SKIP outright when it has
            nothing to compare with; `worsen` and `add` only ever raise it from there. A
            status given as its string ("warn") is taken as the `Status` of that name.
        lines: the sentences of the result's detail, in reading order. A sentence appended
            here directly only informs (it counts as a PASS finding).
        fixes: sentences for the result's fix, without repeats.
        evidence: the (non-secret) values looked at.
        facts: what was learned, for the session.
        refs: references beyond the ones the check always cites.
    """

    lines: list[str]
    fixes: list[str]
    evidence: dict[str, Any]
    facts: dict[str, str]
    refs: list[str]
    _status: Status = field(repr=False)
    _graded: list[tuple[int, Status]] = field(repr=False)  # (index in lines, status) of non-PASS

    def __init__(
        self,
        status: Status | str = Status.PASS,
        *,
        evidence: dict[str, Any] | None = None,
        facts: dict[str, str] | None = None,
        refs: list[str] | None = None,
    ) -> None:
        self._status = Status(status)
        self.lines = []
        self._graded = []
        self.fixes = []
        self.evidence = dict(evidence or {})
        self.facts = dict(facts or {})
        self.refs = list(refs or [])

    @property
    def status(self) -> Status:
        return self._status

    @status.setter
    def status(self, value: Status | str) -> None:
        self._status = Status(value)

    def worsen(self, status: Status | str) -> None:
        """Raise the status to `status` unless it is already as bad or worse."""
        status = Status(status)
        if status.severity > self._status.severity:
            self._status = status

    def add(self, line: str, status: Status | str = Status.PASS, fix: str | None = None) -> None:
        """Record one finding: its sentence, how bad it is, and what to do about it."""
        status = Status(status)
        if status is not Status.PASS:
            self._graded.append((len(self.lines), status))
        self.lines.append(line)
        self.worsen(status)
        if fix and fix not in self.fixes:
            self.fixes.append(fix)

    def lead(self, line: str) -> None:
        """Put `line` first: the sentence that sums up what the others detail."""
        self.lines.insert(0, line)
        self._graded = [(index + 1, status) for index, status in self._graded]

    def graded(self) -> Iterator[tuple[str, Status]]:
        """Every sentence with the status it was recorded with, in reading order."""
        statuses = dict(self._graded)
        for index, line in enumerate(self.lines):
            yield line, statuses.get(index, Status.PASS)

    def at(self, status: Status) -> list[str]:
        """The sentences recorded with exactly `status` (e.g. every FAIL one)."""
        return [line for line, graded in self.graded() if graded is status]

    @property
    def detail(self) -> str:
        return " ".join(line for line in self.lines if line)

    @property
    def fix(self) -> str:
        return " ".join(self.fixes)
