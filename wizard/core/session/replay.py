"""Replaying a transcript's checks with the inputs it saved, and saying what changed since.

Credentials were never saved, so a check that needed one is replayable only when it is given
again; otherwise it is reported as not replayable (which is not counted as worse).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.session.transcript import CheckRecord, Transcript
from wizard.core.vocab.result import Status

if TYPE_CHECKING:
    from wizard.core.checks.registry import CheckSpec
    from wizard.core.session.session import Session


@dataclass(frozen=True)
class ReplayedCheck:
    """One check then and now; `after` is None when it could not be replayed (see `why`)."""

    key: str
    before: str
    after: str | None
    detail: str = ""
    why: str = ""
    missing: tuple[str, ...] = ()  # the never-saved facts it needs, given again by the user

    @property
    def worse(self) -> bool:
        # Worse: the check moved up the one scale of badness (`Status.severity`).
        return self.after is not None and Status(self.after).severity > Status(self.before).severity

    @property
    def better(self) -> bool:
        return self.after is not None and Status(self.after).severity < Status(self.before).severity

    def line(self) -> str:
        """`token.audience: fail → pass (better)`, or why it was not replayed."""
        if self.after is None:
            return f"{self.key}: not replayable: {self.why}"
        if self.after == self.before:
            return f"{self.key}: {self.after} (unchanged)"
        trend = "worse" if self.worse else "better" if self.better else "changed"
        return f"{self.key}: {self.before} → {self.after} ({trend}): {self.detail}"


@dataclass(frozen=True)
class ReplayReport:
    """Every check of a transcript, replayed or not."""

    checks: tuple[ReplayedCheck, ...]

    @property
    def worse(self) -> bool:
        return any(check.worse for check in self.checks)

    @property
    def replayed_any(self) -> bool:
        return any(check.after is not None for check in self.checks)

    @property
    def missing(self) -> tuple[str, ...]:
        """Every never-saved fact some check needs, each once."""
        return tuple(sorted({fact for check in self.checks for fact in check.missing}))

    def hint(self) -> str:
        """One line that says how to give every missing credential again, or ''."""
        if not self.missing:
            return ""
        flags = " ".join(f"--fact {fact}=@FILE" for fact in self.missing)
        return (
            f"{len(self.missing)} credential{'s' if len(self.missing) > 1 else ''} the session "
            f"used {'were' if len(self.missing) > 1 else 'was'} never saved "
            f"({', '.join(self.missing)}): give {'them' if len(self.missing) > 1 else 'it'} "
            f"again with {flags} (or --token-file FILE for the tokens)"
        )

    def summary(self) -> str:
        counts = {
            "better": sum(c.better for c in self.checks),
            "worse": sum(c.worse for c in self.checks),
            "unchanged": sum(c.after == c.before for c in self.checks),
            "not replayable": sum(c.after is None for c in self.checks),
        }
        shown = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
        return f"{len(self.checks)} checks replayed: {shown or 'none'}"


async def replay_checks(
    transcript: Transcript, registry: Mapping[str, CheckSpec], session: Session
) -> ReplayReport:
    """Run each check of the transcript again in `session`, whose facts give the credentials.

    Each result is recorded in the session under the transcript's key for that check.
    """
    planned: list[tuple[CheckRecord, CheckRun | None, str, tuple[str, ...]]] = []
    for record in transcript.checks:
        run, why, missing = _rebuilt_run(record, registry, session.facts)
        planned.append((record, run, why, missing))
    results = await asyncio.gather(*(run_one(run, session.env) for _, run, _, _ in planned if run))
    outcomes = iter(results)
    replayed = []
    for record, run, why, missing in planned:
        before = str(record.result["status"])
        if run is None:
            replayed.append(ReplayedCheck(record.key, before, None, why=why, missing=missing))
            continue
        result = next(outcomes)
        session.record(result, record.key)
        replayed.append(ReplayedCheck(record.key, before, str(result.status), result.detail))
    return ReplayReport(tuple(replayed))


def _rebuilt_run(
    record: CheckRecord, registry: Mapping[str, CheckSpec], given: Mapping[str, str]
) -> tuple[CheckRun | None, str, tuple[str, ...]]:
    """The run to replay, or None with why not and the missing facts (said once, in the hint)."""
    spec = registry.get(record.id)
    if spec is None:
        return None, f"the check '{record.id}' is not installed in this version", ()
    inputs = {name: value for name, value in record.inputs.items() if name not in record.withheld}
    missing = []
    for name, fact in record.withheld.items():
        if given.get(fact):
            inputs[name] = given[fact]
        else:
            missing.append(fact)
    if missing:
        wanted = tuple(sorted(set(missing)))
        return None, f"needs {', '.join(wanted)}", wanted
    return CheckRun(record.key, spec, inputs), "", ()
