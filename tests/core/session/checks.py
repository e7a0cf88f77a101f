"""Checks for the session tests: one that quotes every credential it gets (to prove the
transcript scrubs what a careless check lets through), one that reads the world from a file
(so a replay sees a change), and a slow one for the kill test."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.core.fakes import FAKE_REGISTRY
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckSpec, check
from wizard.core.vocab.result import CheckResult, Status

SESSION_REGISTRY: dict[str, CheckSpec] = dict(FAKE_REGISTRY)
SLOW_REGISTRY: dict[str, CheckSpec] = {}


@check(
    "leak.echo",
    title="Careless echo",
    inputs={
        "token": "the token",
        "client_secret": "the client secret",
        "okta_api_token": "an Okta API token",
    },
    requires=("token",),
    learns=("provider",),
    registry=SESSION_REGISTRY,
)
async def leak_echo(ctx: CheckContext) -> CheckResult:
    # Deliberately wrong: a real check must never do this.
    quoted = ", ".join(f"{name}={ctx.get(name)}" for name in ctx.spec.inputs)
    return ctx.failed(
        f"saw {quoted}",
        evidence={"raw": ctx.get("token"), "secret": ctx.get("client_secret")},
        fix=f"send Authorization: SSWS {ctx.get('okta_api_token')}",
        facts={"provider": "okta-custom"},
    )


@check(
    "world.file",
    title="State of the world",
    inputs={"world": "a file whose content is the status to return"},
    requires=("world",),
    registry=SESSION_REGISTRY,
)
async def world_file(ctx: CheckContext) -> CheckResult:
    status = Path(ctx.get("world") or "").read_text().strip()
    return ctx.result(Status(status), f"the world says {status}")


def _step(registry: dict[str, CheckSpec], slow: bool) -> None:
    @check("slow.step", title="A step", inputs={"name": "who"}, registry=registry)
    async def slow_step(ctx: CheckContext) -> CheckResult:
        if slow:
            await asyncio.sleep(3600)  # the kill test ends the process here
        return ctx.passed(f"done for {ctx.get('name')}")


_step(SLOW_REGISTRY, slow=True)
QUICK_REGISTRY: dict[str, CheckSpec] = {}
_step(QUICK_REGISTRY, slow=False)
