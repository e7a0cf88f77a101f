"""The per-session resources checks share: options, the clock, typed memos, what to close."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from wizard.core.vocab.trust import OriginTrust

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True)
class CheckOptions:
    """Settings a user may change on the command line (`wizard check --help`)."""

    offline: bool = False
    timeout: float = 10.0
    skew: float = 30.0  # seconds of clock tolerance; OpenSearch's default too
    allow_http: bool = False
    insecure: bool = False
    ca_bundle: str | None = None
    max_response_bytes: int = 2 * 1024 * 1024
    # Seconds a CPU-bound check (declared `cpu_bound`) may work before it becomes an error.
    cpu_limit: float = 5.0

    def __post_init__(self) -> None:
        # NaN compares false with everything: a NaN skew would let every expired token pass.
        for name in ("timeout", "skew", "cpu_limit"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite, non-negative number, not {value!r}")


@dataclass(frozen=True, eq=False)
class MemoKey(Generic[K, V]):
    """Names one per-session memo; its type parameters say what the memo maps to what.

    Declared once, at module level, by the layer that fills the memo: ``PARSED =
    MemoKey[str, ParsedToken]("parsed tokens", size=4)``. Keys compare by identity, so two
    modules never share a memo by choosing the same name.
    """

    name: str
    size: int | None = 8  # None: keep everything for the session's life


class Memo(Generic[K, V]):
    """Values a session computed, by key; past `size` entries the oldest is forgotten."""

    def __init__(self, size: int | None) -> None:
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        if key not in self._values:
            return None
        self._values.move_to_end(key)
        return self._values[key]

    def put(self, key: K, value: V) -> V:
        self._values[key] = value
        self._values.move_to_end(key)
        if self._size is not None and len(self._values) > self._size:
            self._values.popitem(last=False)
        return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value kept for `key`, made (and kept) on first use."""
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        return self.put(key, make())

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values


@dataclass
class CheckEnvironment:
    """One per session: what every check run in it shares.

    `clock` is injectable so tests and transcripts replay at a fixed time. The memos hold what
    the session's checks computed (decoded tokens, documents fetched, the network client):
    they live and die with the environment, and `aclose` empties them, so no raw token stays
    in memory after its session has ended.
    """

    options: CheckOptions = field(default_factory=CheckOptions)
    clock: Callable[[], float] = time.time
    _memos: dict[MemoKey[Any, Any], Memo[Any, Any]] = field(default_factory=dict, repr=False)
    _closers: list[Callable[[], Awaitable[object]]] = field(default_factory=list, repr=False)
    # Where credentials may go (docs/SECURITY.md). None: no list was set up, and only the
    # checks' own rule holds (a token's iss never chooses an endpoint); every face sets one.
    trust: OriginTrust | None = None

    def now(self) -> float:
        return self.clock()

    def memo(self, key: MemoKey[K, V]) -> Memo[K, V]:
        """This session's memo named by `key`, created empty on first use."""
        memo = self._memos.get(key)
        if memo is None:
            memo = self._memos[key] = Memo(key.size)
        return memo

    def on_close(self, closer: Callable[[], Awaitable[object]]) -> None:
        """Have `aclose` await `closer` (e.g. a network client's own aclose)."""
        self._closers.append(closer)

    async def aclose(self) -> None:
        """Release what the session opened (network clients) and forget what it memoised."""
        closers, self._closers = self._closers, []
        try:
            for closer in closers:
                await closer()
        finally:
            for memo in self._memos.values():
                memo.clear()
            self._memos.clear()
