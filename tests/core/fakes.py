"""Fake checks for engine and loader tests: the real catalog is tested on its own.

They decide from their inputs alone, so a test sets a fact and knows the outcome.
"""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckSpec, check
from wizard.core.vocab.result import CheckResult, Status

FAKE_REGISTRY: dict[str, CheckSpec] = {}


@check(
    "fake.audience",
    title="Audience (fake)",
    inputs={"aud": "the token's audience", "expected": "what the API wants"},
    requires=("aud",),
    learns=("aud_seen",),
    registry=FAKE_REGISTRY,
)
async def fake_audience(ctx: CheckContext) -> CheckResult:
    aud, expected = ctx.get("aud"), ctx.get("expected") or "api://default"
    facts = {"aud_seen": aud or ""}
    if aud == expected:
        return ctx.passed(f"aud is {aud!r}", facts=facts)
    return ctx.failed(
        f"aud is {aud!r}, expected {expected!r}", fix="request the right audience", facts=facts
    )


@check(
    "fake.status",
    title="Echo (fake)",
    inputs={"status": "the status to return"},
    requires=("status",),
    registry=FAKE_REGISTRY,
)
async def fake_status(ctx: CheckContext) -> CheckResult:
    return ctx.result(Status(ctx.get("status")), f"asked to {ctx.get('status')}")


@check("fake.crash", title="Crash (fake)", registry=FAKE_REGISTRY)
async def fake_crash(ctx: CheckContext) -> CheckResult:
    raise RuntimeError("secret-value-that-must-not-leak")
