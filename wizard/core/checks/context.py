"""What a running check is handed: its resolved inputs and the session's environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core.checks.environment import CheckEnvironment
from wizard.core.checks.registry import CheckSpec
from wizard.core.checks.result import CheckResult, Status


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
