"""Running the checks of the node the walk stands at, and keeping what each one found.

Each result goes to the state's `results` (what routes read), the ledger (what it ran on)
and the events, and the facts it learned join the session's unless a person gave them. The
state before the checks is kept so that they can be run again after an error or a cancel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.flow.ledger import Ledger
from wizard.core.flow.noderuns import describe_run, in_users_terms, plan_runs
from wizard.core.flow.reading import EngineReading
from wizard.core.flow.state import EngineState
from wizard.core.flow.sweep import token_source
from wizard.core.vocab.provenance import Provenance
from wizard.core.vocab.result import CheckResult


class NodeChecks(EngineReading):
    """The engine's checks: run as the walk reaches a node, again on `retry_checks()`."""

    ledger: Ledger
    _before_checks: EngineState | None

    @property
    def can_retry(self) -> bool:
        return self._before_checks is not None

    def retry_checks(self) -> bool:
        """Run the latest node's checks again (after an error or a cancel) and route anew."""
        if self._before_checks is None:
            return False
        self.state = self._before_checks.copy()
        return True

    async def _run_node_checks(self) -> None:
        runs, missing = plan_runs(self.node, self.registry, self.facts)
        for key, result in missing.items():
            self._record(key, result, {})
        if not runs:
            return
        self._before_checks = self.state.copy()
        described = [describe_run(r, self.node, self.is_credential, self._shown) for r in runs]
        self._emit("checks_started", {"checks": [run.key for run in runs], "runs": described})

        async def keyed(run: CheckRun) -> tuple[CheckRun, CheckResult]:
            result = await run_one(run, self.env)
            return run, in_users_terms(run, result, self.node, self.state.declined, self.fact_spec)

        tasks = [asyncio.ensure_future(keyed(run)) for run in runs]
        try:
            for finished in asyncio.as_completed(tasks):
                run, result = await finished
                self._record(run.key, result, run.inputs)
        except asyncio.CancelledError:
            for task in tasks:
                task.cancel()
            self._emit("checks_cancelled", {})
            raise

    def _record(self, key: str, result: CheckResult, inputs: Mapping[str, str]) -> None:
        where = {"flow": self.state.flow, "node": self.state.node}
        source = token_source(key, self.node)
        self.ledger.record(key, result, inputs, self.fact_type, token_fact=source, **where)
        self.state.results[key] = result
        for name, value in result.facts.items():
            known = self.state.facts.fact(name)
            # What the user told us wins over what a check inferred.
            if (known is None or known.inferred) and value not in (None, ""):
                self.state.facts.set(name, value, Provenance.CHECK, key)
        self._emit("check_result", {"key": key, "result": result.to_dict()})
