"""Checks: the registry, the result shape and the runner. The catalog lives in submodules."""

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import REGISTRY, CheckSpec, check
from wizard.core.checks.runner import CheckRun, run_checks, run_one
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

__all__ = [
    "REGISTRY",
    "CheckContext",
    "CheckEnvironment",
    "CheckOptions",
    "CheckResult",
    "CheckRun",
    "CheckSpec",
    "Status",
    "check",
    "run_checks",
    "run_one",
]
