"""CPU-bound checks run in a worker thread under the session's cpu_limit (runner, offload).

The spinning check burns CPU in pure Python until the test releases it, so each test can
show the event loop still turning while it works, and that the deadline turns it into an
error that names the limit. Released in `finally`, no thread outlives its test.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from wizard.core.checks.context import CheckContext, CheckSpec
from wizard.core.checks.registry import check
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.vocab.coroutines import finish_without_loop
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

REGISTRY: dict[str, CheckSpec] = {}
RELEASE = threading.Event()
THREADS: list[str] = []


def spin_until_released() -> int:
    turns = 0
    while not RELEASE.is_set():
        turns += sum(range(200)) > 0  # pure Python: holds the GIL in short slices
    return turns


@check("cpu.spin", title="Spins until released (fake)", cpu_bound=True, registry=REGISTRY)
async def spin(ctx: CheckContext) -> CheckResult:
    THREADS.append(threading.current_thread().name)
    spin_until_released()
    return ctx.passed("released")


@check("cpu.quick", title="Quick CPU work (fake)", cpu_bound=True, registry=REGISTRY)
async def quick(ctx: CheckContext) -> CheckResult:
    THREADS.append(threading.current_thread().name)
    return ctx.passed(f"summed {sum(range(10_000))}")


@check("cpu.stops", title="Stops early (fake)", cpu_bound=True, registry=REGISTRY)
async def stops(ctx: CheckContext) -> CheckResult:
    ctx.stop_skipped("Not run: nothing to parse.")
    return ctx.passed("unreachable")


@check("cpu.bug", title="Crashes (fake)", cpu_bound=True, registry=REGISTRY)
async def bug(ctx: CheckContext) -> CheckResult:
    raise KeyError("secret-in-a-message-that-must-not-show")


@pytest.fixture(autouse=True)
def released():
    RELEASE.clear()
    THREADS.clear()
    yield
    RELEASE.set()


def env(limit: float = 0.3) -> CheckEnvironment:
    return CheckEnvironment(options=CheckOptions(cpu_limit=limit))


async def test_a_check_past_its_limit_is_an_error_naming_it_and_the_loop_kept_turning():
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    beat = asyncio.create_task(ticker())
    try:
        result = await run_one(CheckRun("cpu.spin", REGISTRY["cpu.spin"]), env(0.3))
    finally:
        beat.cancel()
    assert result.status is Status.ERROR
    assert "0.3 s" in result.detail and result.evidence["cpu_limit_seconds"] == 0.3
    assert ticks >= 5  # the loop ran other work while the check spun
    assert THREADS and THREADS[0] != threading.current_thread().name


async def test_a_quick_cpu_bound_check_returns_its_result_from_a_worker_thread():
    result = await run_one(CheckRun("cpu.quick", REGISTRY["cpu.quick"]), env())
    assert result.status is Status.PASS and "49995000" in result.detail
    assert THREADS == ["check cpu.quick"]


async def test_a_stop_and_a_bug_in_the_worker_end_as_they_would_inline():
    stopped = await run_one(CheckRun("cpu.stops", REGISTRY["cpu.stops"]), env())
    assert stopped.status is Status.SKIP and "nothing to parse" in stopped.detail
    crashed = await run_one(CheckRun("cpu.bug", REGISTRY["cpu.bug"]), env())
    assert crashed.status is Status.ERROR and "KeyError" in crashed.detail
    assert "secret-in-a-message" not in crashed.detail


async def test_cancelling_the_wait_leaves_the_caller_free():
    task = asyncio.create_task(run_one(CheckRun("cpu.spin", REGISTRY["cpu.spin"]), env(30)))
    while not THREADS:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_without_an_event_loop_the_limit_holds_too():
    result = finish_without_loop(
        lambda: run_one(CheckRun("cpu.spin", REGISTRY["cpu.spin"]), env(0.2))
    )
    assert result.status is Status.ERROR and "0.2 s" in result.detail


def test_a_check_is_cpu_bound_or_network_not_both():
    with pytest.raises(ValueError, match="not both"):
        check("cpu.net", title="x", cpu_bound=True, network=True, registry={})


@pytest.mark.parametrize("limit", [float("nan"), float("inf"), -1.0])
def test_the_limit_is_a_finite_non_negative_number(limit):
    with pytest.raises(ValueError, match="cpu_limit"):
        CheckOptions(cpu_limit=limit)
