"""What a check is (its declaration) and what a running check is handed (inputs, environment)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.result import CheckResult, Status

CheckFunc = Callable[["CheckContext"], Awaitable[CheckResult]]


@dataclass(frozen=True)
class CheckSpec:
    """What a check needs and promises, so flows can be validated without running it.

    Attributes:
        id: the stable id from CHECKS.md, e.g. ``token.audience``.
        title: a short human title, shown on result cards.
        func: the async function that runs it.
        inputs: every input it accepts, with one line of help; a flow passes them with ``with:``
            and any input not passed is taken from the session fact of the same name.
        requires: the inputs without which it cannot say anything; missing ones give ``skip``.
        learns: the facts its result may set (see ``CheckResult.facts``).
        network: True when it talks to the network, so ``--offline`` skips it.
    """

    id: str
    title: str
    func: CheckFunc
    inputs: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    network: bool = False


@dataclass
class CheckContext:
    """The inputs of one check run plus shortcuts to build its result."""

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
