"""Alternating rounds and medians: how every benchmark here compares two things fairly.

Running A a hundred times and then B a hundred times lets a burst of load on the machine land
on one side only; alternating A, B, A, B... spreads it over both, and the median ignores the
few rounds a hiccup spoiled.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping


def alternate(contenders: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Call each contender once per round, in turn, and collect the figures each returns.

    A contender returns its own measurement (seconds, bytes...), so that it can leave out its
    set-up; the order within a round flips every round so neither side always goes first.
    """
    names = list(contenders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            samples[name].append(contenders[name]())
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def ratio(samples: Mapping[str, list[float]], numerator: str, denominator: str) -> float:
    """Median of numerator over median of denominator."""
    return median(samples[numerator]) / median(samples[denominator])


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a table, e.g. `412.3 ms`."""
    return f"{seconds * 1000:.1f} ms"


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"
