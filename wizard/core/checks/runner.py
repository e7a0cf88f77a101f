"""Runs a batch of checks concurrently and turns every outcome into a CheckResult."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckSpec
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.result import CheckResult


@dataclass(frozen=True)
class CheckRun:
    """One check to run: `key` names its result in the session (an alias, or the id)."""

    key: str
    spec: CheckSpec
    inputs: Mapping[str, str] = field(default_factory=dict)


def _precondition_result(run: CheckRun, env: CheckEnvironment) -> CheckResult | None:
    missing = [name for name in run.spec.requires if not run.inputs.get(name)]
    context = CheckContext(run.spec, run.inputs, env)
    if missing:
        wanted = ", ".join(f"{name} ({run.spec.inputs[name]})" for name in missing)
        return context.skipped(f"Not run: it needs {wanted}, which the session does not have yet.")
    if run.spec.network and env.options.offline:
        return context.skipped("Not run: --offline is set, and this check needs the network.")
    return None


async def run_one(run: CheckRun, env: CheckEnvironment) -> CheckResult:
    """Run one check; a missing input is a skip and a crash is an error result, never raised."""
    early = _precondition_result(run, env)
    if early is not None:
        return early
    context = CheckContext(run.spec, run.inputs, env)
    try:
        return await run.spec.func(context)
    # A cancelled check is not caught here: CancelledError is a BaseException, not an Exception.
    except Exception as exc:  # a bug in a check must not end the session
        # Only the exception's type is shown: its message may quote a token or a secret.
        return context.errored(
            f"The check stopped on an internal error ({type(exc).__name__}). "
            "This is a bug in the wizard; the other checks are unaffected.",
        )


async def run_checks(
    runs: Sequence[CheckRun], env: CheckEnvironment
) -> list[tuple[str, CheckResult]]:
    """Run independent checks side by side, results in the order the runs were given."""
    import asyncio  # deferred: `wizard check --offline` runs its checks without an event loop

    results = await asyncio.gather(*(run_one(run, env) for run in runs))
    return [(run.key, result) for run, result in zip(runs, results, strict=True)]
