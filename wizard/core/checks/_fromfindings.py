"""Turning a token rule's findings into a check result, for the provider checks."""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.tokens import ParsedToken
from wizard.core.tokens.findings import Findings
from wizard.core.vocab.result import CheckResult


def findings_result(
    ctx: CheckContext,
    found: Findings,
    token: ParsedToken | None,
    refs: tuple[str, ...] = (),
) -> CheckResult:
    """The result for `found`: its status, sentences, fix, evidence, refs and declared facts."""
    build = {
        "pass": ctx.passed,
        "warn": ctx.warned,
        "fail": ctx.failed,
        "skip": ctx.skipped,
    }[found.status]
    evidence = {"token": token.fingerprint, **found.evidence} if token else dict(found.evidence)
    facts = {name: value for name, value in found.facts.items() if name in ctx.spec.learns}
    return build(
        found.detail,
        evidence=evidence,
        fix=found.fix if found.status in ("warn", "fail") else "",
        refs=tuple(dict.fromkeys(refs + tuple(found.refs))),
        facts=facts,
    )


def unreadable(ctx: CheckContext, token: ParsedToken | None, what: str) -> CheckResult | None:
    """A skip when there is no readable JWT to look at, else None."""
    if token is None:
        return ctx.skipped(f"Not run: it needs {what}.")
    if not token.readable:
        return ctx.skipped(
            f"Not run: the token is {token.format} and its claims cannot be read (see the "
            "'Token format' card)."
        )
    return None
