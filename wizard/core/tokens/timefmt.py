"""Times in the words a person reads at a glance: "expired 3 h 12 min ago (… UTC)"."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

_MINUTE = 60
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR


def as_timestamp(value: Any) -> float | None:
    """A NumericDate claim as seconds since the epoch, or None when it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int) and abs(value) > 2**53:
        return None  # beyond any calendar, and float() of a huge int would overflow
    number = float(value)
    return number if math.isfinite(number) else None


def format_utc(timestamp: float) -> str:
    """``2026-11-22 07:48:02 UTC``; a time no calendar can hold is said to be out of range."""
    try:
        moment = datetime.fromtimestamp(timestamp, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return "a time out of any calendar's range"
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def format_duration(seconds: float) -> str:
    """A span in the two largest units that matter: ``45 s``, ``5 min``, ``3 h 12 min``."""
    total = int(abs(seconds))
    if total < _MINUTE:
        return f"{total} s"
    if total < _HOUR:
        return f"{total // _MINUTE} min"
    if total < _DAY:
        hours, rest = divmod(total, _HOUR)
        minutes = rest // _MINUTE
        return f"{hours} h" if minutes == 0 else f"{hours} h {minutes} min"
    days, rest = divmod(total, _DAY)
    hours = rest // _HOUR
    return f"{days:,} d" if hours == 0 else f"{days:,} d {hours} h"


def relative(timestamp: float, now: float) -> str:
    """``3 h 12 min ago``, ``in 5 min`` or ``now``."""
    delta = timestamp - now
    if abs(delta) < 1:
        return "now"
    span = format_duration(delta)
    return f"in {span}" if delta > 0 else f"{span} ago"


def describe_moment(timestamp: float, now: float) -> str:
    """``3 h 12 min ago (2026-11-22 07:48:02 UTC)``."""
    return f"{relative(timestamp, now)} ({format_utc(timestamp)})"


def describe_expiry(exp: float, now: float) -> str:
    """``expired 3 h 12 min ago (… UTC)`` or ``expires in 5 min (… UTC)``."""
    verb = "expired" if exp <= now else "expires"
    return f"{verb} {describe_moment(exp, now)}"
