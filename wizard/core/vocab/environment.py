"""The per-session resources checks share: options, the clock, caches."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


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

    def __post_init__(self) -> None:
        # NaN compares false with everything: a NaN skew would let every expired token pass.
        for name in ("timeout", "skew"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite, non-negative number, not {value!r}")


@dataclass
class CheckEnvironment:
    """One per session: what every check run in it shares.

    `clock` is injectable so tests and transcripts replay at a fixed time.
    """

    options: CheckOptions = field(default_factory=CheckOptions)
    clock: Callable[[], float] = time.time
    cache: dict[str, Any] = field(default_factory=dict)

    def now(self) -> float:
        return self.clock()

    async def aclose(self) -> None:
        """Release what the session opened (network clients)."""
        closer = self.cache.pop("_aclose", None)
        if closer is not None:
            await closer()
