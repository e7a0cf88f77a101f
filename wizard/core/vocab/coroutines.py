"""Running a coroutine that never waits (offline checks) without starting an event loop."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def finish_without_loop(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `make()` to the end without an event loop when it never has to wait.

    Offline, no check waits on anything, and importing asyncio (with ssl and sockets under
    it) is the largest part of a headless command's start. Should a check wait after all, that
    attempt is dropped (offline checks have no side effects) and it runs again on a loop.
    """
    attempt = make()
    try:
        attempt.send(None)
    except StopIteration as done:
        return done.value
    attempt.close()
    import asyncio

    return asyncio.run(make())
