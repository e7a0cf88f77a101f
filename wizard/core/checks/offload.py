"""CPU-bound checks run off the caller's event loop, in a worker thread, under a deadline.

A check declared `cpu_bound` (parsing a big paste, matching role patterns) would hold the
event loop for as long as it works: the TUI's keys, escape and F1 included. The runner
gives it a thread of its own and waits at most the session's `cpu_limit`. Past it, the
check becomes an `error` naming the limit; its thread is abandoned (Python cannot stop a
thread), runs as a daemon so it never holds the process open, and whatever it returns later
is dropped. Escape cancels the wait the same way. Without an event loop (`wizard check
--offline`) the caller's thread simply waits for the worker, up to the same limit.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from wizard.core.vocab.coroutines import finish_without_loop
from wizard.core.vocab.result import CheckResult

Work = Callable[[], Awaitable[CheckResult]]


class OverDeadline(Exception):
    """A CPU-bound check was still working when its time limit passed."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"over its {limit:g} s limit")
        self.limit = limit


class _Outcome:
    """What the worker thread ended with: a result or the exception the check raised."""

    def __init__(self) -> None:
        self.result: CheckResult | None = None
        self.error: BaseException | None = None
        self.over = threading.Event()

    def take(self) -> CheckResult:
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def _start(work: Work, name: str, then: Callable[[], None]) -> _Outcome:
    outcome = _Outcome()

    async def awaited() -> CheckResult:
        return await work()

    def thread() -> None:
        try:
            # A CPU-bound check seldom waits; should it, it gets an event loop of its own.
            outcome.result = finish_without_loop(awaited)
        except BaseException as exc:  # handed to the caller, which raises it as if inline
            outcome.error = exc
        outcome.over.set()
        then()

    threading.Thread(target=thread, name=f"check {name}", daemon=True).start()
    return outcome


def _running_loop() -> Any:
    # Without asyncio imported no loop can be running, and importing it costs a headless start.
    asyncio = sys.modules.get("asyncio")
    return asyncio.get_running_loop() if asyncio and asyncio._get_running_loop() else None


async def off_the_loop(work: Work, limit: float, name: str) -> CheckResult:
    """`work()`'s result, computed in a worker thread; OverDeadline after `limit` seconds.

    An exception `work` raises (CheckStopped, a bug) is raised here, as if it ran inline.
    """
    loop = _running_loop()
    if loop is None:
        outcome = _start(work, name, lambda: None)
        if not outcome.over.wait(limit):
            raise OverDeadline(limit)
        return outcome.take()
    import asyncio

    done: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not done.done():  # given up on: the deadline passed or the wait was cancelled
            done.set_result(None)

    def woken() -> None:
        # The session's loop may have closed meanwhile: then nobody waits for this any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(wake)

    outcome = _start(work, name, woken)
    try:
        await asyncio.wait_for(asyncio.shield(done), timeout=limit)
    except TimeoutError:
        raise OverDeadline(limit) from None
    return outcome.take()
