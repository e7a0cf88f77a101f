"""What a check is (its declaration), what a running check is handed (inputs, environment),
and how it ends: a result returned, or an early stop the runner turns into the result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.findings import Findings
from wizard.core.vocab.result import CheckResult, Status

CheckFunc = Callable[["CheckContext"], Awaitable[CheckResult]]


@dataclass(frozen=True)
class CheckSpec:
    """What a check needs and promises, so flows can be validated without running it.

    Attributes:
        id: the stable id (docs/FLOWS.md lists them all), e.g. ``token.audience``.
        title: a short human title, shown on result cards.
        func: the async function that runs it.
        inputs: every input it accepts, with one line of help; a flow passes them with ``with:``
            and any input not passed is taken from the session fact of the same name.
        requires: the inputs without which it cannot say anything; missing ones give ``skip``.
        learns: the facts its result may set (see ``CheckResult.facts``).
        network: True when it talks to the network, so ``--offline`` skips it.
        cpu_bound: True when its work is CPU-bound (parsing big inputs, matching patterns):
            the runner runs it off the caller's event loop, in a worker thread, under the
            session's ``cpu_limit``.
        on_request: for a check that sends a token or a secret to a server, the `wizard check`
            flag that asks for it (``--userinfo``); the whole-catalog run skips it otherwise.
    """

    id: str
    title: str
    func: CheckFunc
    inputs: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    network: bool = False
    cpu_bound: bool = False
    on_request: str = ""


class CheckStopped(Exception):
    """Ends a check before its end with a finished result (an input missing or unreadable).

    Raised through `CheckContext.stop` and its shortcuts from anywhere inside a check, helpers
    included; the runner returns `result` as the check's result. It is not an error.
    """

    def __init__(self, result: CheckResult) -> None:
        super().__init__(result.status)
        self.result = result


@dataclass
class CheckContext:
    """The inputs of one check run plus shortcuts to build or stop with its result."""

    spec: CheckSpec
    inputs: Mapping[str, str] = field(default_factory=dict)
    env: CheckEnvironment = field(default_factory=CheckEnvironment)

    def get(self, name: str) -> str | None:
        """The input's value, or None when it was not given (empty counts as not given)."""
        value = self.inputs.get(name)
        return value if value not in (None, "") else None

    def result(self, status: Status, detail: str, **extra: Any) -> CheckResult:
        return CheckResult(
            id=self.spec.id, status=status, title=self.spec.title, detail=detail, **extra
        )

    def passed(self, detail: str, **extra: Any) -> CheckResult:
        return self.result(Status.PASS, detail, **extra)

    def warned(self, detail: str, **extra: Any) -> CheckResult:
        return self.result(Status.WARN, detail, **extra)

    def failed(self, detail: str, **extra: Any) -> CheckResult:
        return self.result(Status.FAIL, detail, **extra)

    def skipped(self, detail: str, **extra: Any) -> CheckResult:
        return self.result(Status.SKIP, detail, **extra)

    def errored(self, detail: str, **extra: Any) -> CheckResult:
        return self.result(Status.ERROR, detail, **extra)

    def stop(self, result: CheckResult) -> NoReturn:
        """End the check now with `result` (the runner returns it)."""
        raise CheckStopped(result)

    def stop_skipped(self, detail: str, **extra: Any) -> NoReturn:
        """End the check now as a skip: an input it needs is missing or says nothing to it."""
        self.stop(self.skipped(detail, **extra))

    def stop_errored(self, detail: str, **extra: Any) -> NoReturn:
        """End the check now as an error: an input cannot be read, so it cannot run."""
        self.stop(self.errored(detail, **extra))

    def stop_failed(self, detail: str, **extra: Any) -> NoReturn:
        """End the check now as a fail found before its main test (e.g. no openid domain)."""
        self.stop(self.failed(detail, **extra))

    def conclude(
        self,
        found: Findings,
        *,
        fix: str = "",
        refs: tuple[str, ...] = (),
        evidence: Mapping[str, Any] | None = None,
        facts: Mapping[str, str] | None = None,
    ) -> CheckResult:
        """The result a rule's findings make.

        The findings give the status, the detail and the fix (else `fix`, the check's own);
        a fix is shown only on warn or fail. `evidence` and `facts` come before the findings'
        own, and only the facts the check declares it `learns` are kept.
        """
        shown_fix = (found.fix or fix) if found.status in (Status.WARN, Status.FAIL) else ""
        learned = {**(facts or {}), **found.facts}
        return self.result(
            found.status,
            found.detail,
            evidence={**(evidence or {}), **found.evidence},
            fix=shown_fix,
            refs=tuple(dict.fromkeys(refs + tuple(found.refs))),
            facts={name: value for name, value in learned.items() if name in self.spec.learns},
        )
