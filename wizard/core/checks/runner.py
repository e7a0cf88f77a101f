"""Runs a batch of checks concurrently and turns every outcome into a CheckResult.

However a check ends, the runner makes it a result: returned, stopped early (`CheckStopped`,
raised by `ctx.stop` and its shortcuts), a network problem (an `error` quoting it), a bug
(an `error` naming only the exception's type), or, for a check declared `cpu_bound` (run in
a worker thread, `offload.py`), still working past the session's `cpu_limit` (an `error`
naming the limit). Under --insecure every result of a network check that may have touched
the network says that TLS was off. Every result leaves scrubbed of the credentials the check
was given, and inert for a terminal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from wizard.core.checks.context import CheckContext, CheckSpec, CheckStopped
from wizard.core.checks.offload import OverDeadline, off_the_loop
from wizard.core.net.fetch import NetworkProblem
from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.redaction import is_credential_name, map_text, scrubber_for
from wizard.core.vocab.result import CheckResult, Status

INSECURE_NOTE = (
    "TLS verification was off (--insecure): this answer could have come from anyone on the path."
)


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


async def run_one(run: CheckRun, env: CheckEnvironment, *, scrub: bool = True) -> CheckResult:
    """Run one check; a missing input is a skip and a crash is an error result, never raised.

    `scrub=False` leaves the result as the check wrote it, for a caller that makes sure what
    it prints is scrubbed at least as this would have (`--batch`, see `batch.check_lines`).
    """
    early = _precondition_result(run, env)
    if early is not None:
        return early
    context = CheckContext(run.spec, run.inputs, env)
    try:
        if run.spec.cpu_bound:
            result = await off_the_loop(
                lambda: run.spec.func(context), env.options.cpu_limit, run.spec.id
            )
        else:
            result = await run.spec.func(context)
    except OverDeadline as over:
        return context.errored(
            f"The check was still working after its limit of {over.limit:g} s and was given "
            "up: the input is probably too big or the patterns too costly. Nothing was decided "
            "from it.",
            evidence={"cpu_limit_seconds": over.limit},
        )
    except CheckStopped as stop:
        result = stop.result
    except NetworkProblem as problem:
        result = context.errored(problem.message, evidence={"url": problem.url or ""})
    # A cancelled check is not caught here: CancelledError is a BaseException, not an Exception.
    except Exception as exc:  # a bug in a check must not end the session
        # Only the exception's type is shown: its message may quote a token or a secret.
        return context.errored(
            f"The check stopped on an internal error ({type(exc).__name__}). "
            "This is a bug in the wizard; the other checks are unaffected.",
        )
    if run.spec.network:
        result = note_insecure(context, result)
    return scrubbed(result, run.inputs) if scrub else result


def note_insecure(ctx: CheckContext, result: CheckResult) -> CheckResult:
    """`result`, saying that TLS was off when it was (a skip touched nothing, so it is kept)."""
    if not ctx.env.options.insecure or result.status is Status.SKIP:
        return result
    return dataclasses.replace(
        result,
        detail=f"{result.detail} {INSECURE_NOTE}",
        evidence={**result.evidence, "tls_verification": "off (--insecure)"},
    )


def scrubbed(result: CheckResult, inputs: Mapping[str, str]) -> CheckResult:
    """The result with every credential it was given masked out of its words and evidence.

    Checks quote what servers answer, and a server may echo the token, its signature or a
    base64 `id:secret` back: whatever a check forgot, the result that leaves it is clean,
    and its text is inert on a terminal.
    """
    scrubber = scrubber_for(credentials_among(inputs))

    def clean(text: str) -> str:
        # Also inert: a quoted claim or answer may hold escape sequences or bidi marks.
        return for_terminal(scrubber.scrub(text))

    return dataclasses.replace(
        result,
        detail=clean(result.detail),
        fix=clean(result.fix),
        evidence=cast(dict[str, Any], map_text(dict(result.evidence), clean)),
    )


# Words pasted along with a credential: not secret, and a check may rightly quote them.
_SCHEMES = frozenset({"bearer", "basic", "ssws", "dpop", "token", "authorization:"})


def credentials_among(values: Mapping[str, str]) -> list[str]:
    """The secret parts of every credential-named value (a token, a client secret...)."""
    return [
        part
        for name, value in values.items()
        if value and is_credential_name(name)
        for part in credential_parts(value)
    ]


def credential_parts(value: str) -> list[str]:
    """The secret parts of a pasted credential: `Bearer Bearer eyJ…` holds only `eyJ…`."""
    parts = [part.strip("\"'") for part in value.split()]
    return [part for part in parts if part and part.lower() not in _SCHEMES]


async def run_checks(
    runs: Sequence[CheckRun], env: CheckEnvironment, *, scrub: bool = True
) -> list[tuple[str, CheckResult]]:
    """Run independent checks side by side, results in the order the runs were given."""
    import asyncio  # deferred: `wizard check --offline` runs its checks without an event loop

    results = await asyncio.gather(*(run_one(run, env, scrub=scrub) for run in runs))
    return [(run.key, result) for run, result in zip(runs, results, strict=True)]
