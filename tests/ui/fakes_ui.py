"""Fake checks the UI tests add to the core fakes: one that hangs, one that names a claim."""

from __future__ import annotations

import asyncio

from tests.core.fakes import FAKE_REGISTRY
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckSpec, check
from wizard.core.vocab.result import CheckResult

UI_REGISTRY: dict[str, CheckSpec] = dict(FAKE_REGISTRY)


@check("ui.sleep", title="Endpoint that hangs (fake)", registry=UI_REGISTRY)
async def hang(ctx: CheckContext) -> CheckResult:
    await asyncio.Event().wait()  # until cancelled
    return ctx.passed("answered")


@check(
    "ui.claim",
    title="Expected claim (fake)",
    inputs={"aud": "the aud"},
    requires=("aud",),
    registry=UI_REGISTRY,
)
async def claim(ctx: CheckContext) -> CheckResult:
    return ctx.failed(
        f"aud is {ctx.get('aud')!r}; the API wants 'api://default'",
        evidence={"claim": "aud", "found": ctx.get("aud")},
        fix="Ask the authorization server for a token with the API's audience.",
        refs=("https://www.rfc-editor.org/rfc/rfc9068#section-4",),
    )
