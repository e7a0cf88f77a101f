"""`wizard ingest` for every face: sort an input, run the offline checks its facts allow, and
name the playbook step to open, in one report that never holds a secret in what it shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core.flow.evidence_route import EVIDENCE_FLOW, STEP_FACT, Step, choose_step
from wizard.core.flow.model import Flow
from wizard.core.ingest import ACCEPTED, Evidence, scrub_shown, shown_value
from wizard.core.vocab.coroutines import finish_without_loop
from wizard.core.vocab.result import CheckResult, Status

EXIT_OK, EXIT_PROBLEM, EXIT_UNRECOGNISED = 0, 1, 2


@dataclass
class IngestReport:
    """What ingest found and what it points at; `to_dict` and `to_text` are safe to show."""

    evidence: Evidence
    results: list[CheckResult] = field(default_factory=list)
    step: Step | None = None

    @property
    def exit_code(self) -> int:
        if not self.evidence.recognised:
            return EXIT_UNRECOGNISED
        bad = {Status.FAIL, Status.ERROR}
        return EXIT_PROBLEM if any(r.status in bad for r in self.results) else EXIT_OK

    def flow_facts(self) -> dict[str, str]:
        """The facts to start the step's flow with (secrets included: for the engine only)."""
        facts = self.evidence.plain_facts()
        if self.step is not None:
            facts[STEP_FACT] = self.step.goto
        first = self._first_finding_id()
        if first:
            facts.setdefault("log_message", first)
        return facts

    def to_dict(self) -> dict[str, Any]:
        """The --json shape: inputs, facts (redacted), results, next; plus sources and notes."""
        evidence = self.evidence
        document = {
            "inputs": [piece.to_dict() for piece in evidence.pieces],
            "facts": {name: shown_value(name, f.value) for name, f in evidence.facts.items()},
            "results": [_shown(result) for result in self.results],
            "next": self.step.to_dict() if self.step else None,
            "sources": {name: fact.source for name, fact in evidence.facts.items()},
            "notes": list(evidence.notes),
        }
        return _scrubbed(document, evidence.secrets)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """For a person: what was recognised, the facts and their sources, results, next step."""
        evidence = self.evidence
        if not evidence.recognised:
            said = f" {evidence.notes[0]}" if evidence.notes else ""
            return f"Nothing recognised.{said} Accepted: {ACCEPTED}."
        lines = ["Recognised:"]
        lines += [f"  {p.kind:<22} {p.where}" for p in evidence.pieces]
        lines += ["", "Facts:"]
        width = max(len(name) for name in evidence.facts) if evidence.facts else 0
        for name, fact in evidence.facts.items():
            lines.append(f"  {name:<{width}}  {shown_value(name, fact.value)}  ({fact.source})")
        shown = [r for r in self.results]
        if shown:
            lines += ["", "Checks:"]
            lines += [f"  {r.status.symbol} {r.id}: {r.detail}" for r in shown]
            fixes = [r for r in shown if r.fix and r.status in (Status.WARN, Status.FAIL)]
            if fixes:
                lines += ["", "What to do:"]
                lines += [f"  {r.status.symbol} {r.id}: {r.fix}" for r in fixes]
        if evidence.notes:
            lines += ["", *[f"Note: {note}" for note in evidence.notes]]
        if self.step is not None:
            lines += ["", f"Next: {self.step.goto} ({self.step.reason})"]
        return scrub_shown("\n".join(lines), evidence.secrets)

    def _first_finding_id(self) -> str | None:
        findings = self.evidence.findings
        causes = [f for f in findings if f.severity == "fail"] or findings
        return causes[0].message_id if causes else None


def report_for(
    evidence: Evidence,
    run: Callable[[dict[str, str]], list[CheckResult]],
    flows: Mapping[str, Flow] | None = None,
) -> IngestReport:
    """Run the checks the evidence's facts allow (through `run`) and choose the step."""
    report = IngestReport(evidence)
    if not evidence.recognised:
        return report
    facts = report.flow_facts()
    results = [r for r in run(facts) if r.status is not Status.SKIP]
    report.results = results
    report.step = choose_step(facts, results, evidence.findings, flows)
    return report


def offline_runner(now: float | None = None) -> Callable[[dict[str, str]], list[CheckResult]]:
    """Every offline check of the catalog, run without an event loop where none is needed."""
    from wizard.core.checks import batch
    from wizard.core.vocab.environment import CheckEnvironment, CheckOptions

    def run(facts: dict[str, str]) -> list[CheckResult]:
        options = CheckOptions(offline=True)
        env = CheckEnvironment(options=options, clock=(lambda: now)) if now else None
        env = env or CheckEnvironment(options=options)
        return finish_without_loop(lambda: batch.run_all(facts, env))

    return run


def ingest_report(
    evidence: Evidence, now: float | None = None, flows: Mapping[str, Flow] | None = None
) -> IngestReport:
    """The report on `evidence` with the offline checks (the faces' one entry point)."""
    return report_for(evidence, offline_runner(now), flows)


def _shown(result: CheckResult) -> dict[str, Any]:
    data = result.to_dict()
    del data["facts"]
    return data


def _scrubbed(value: Any, secrets: set[str]) -> Any:
    if isinstance(value, str):
        return scrub_shown(value, secrets)
    if isinstance(value, dict):
        return {scrub_shown(str(k), secrets): _scrubbed(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, secrets) for item in value]
    return value


__all__ = ["EVIDENCE_FLOW", "IngestReport", "ingest_report", "report_for"]
