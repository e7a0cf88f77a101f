"""Run the benchmarks: `python bench/run.py` for all, `python bench/run.py NAME ...` for some.

Prints the machine's description, then one Markdown section per benchmark, ready to paste
into docs/BENCHMARKS.md. `--quick` runs each with small sizes (a check that they work, not
figures to record).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench` and `wizard` importable
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    batch_scale,
    batch_stream,
    endpoints,
    machine,
    memory,
    start_headless,
    start_tui,
    steps,
)
from bench.rounds import verdict  # noqa: E402

BENCHMARKS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (start_headless, start_tui, endpoints, steps, memory, batch_scale, batch_stream)
}
# Small sizes for --quick (and the smoke test): enough to produce every figure.
QUICK: dict[str, dict[str, int]] = {
    "start": {"rounds": 1},
    "tui": {"rounds": 1},
    "endpoints": {"rounds": 1},
    "steps": {"rounds": 1, "walks_limit": 2},
    "memory": {"scenarios": 1},
    "batch": {"tokens": 20, "rounds": 1},
    "stream": {"tokens": 200},
}


def _load() -> str:
    try:
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _rows(name: str, figures: dict[str, Any]) -> list[tuple[str, str, float, bool]]:
    """(promise, target, figure, met) for the summary table, per benchmark."""
    if name == "start":
        ratio = figures["ratio"]
        return [("headless start vs bare pyjwt", "<= 1.5", ratio, ratio <= start_headless.TARGET)]
    if name == "tui":
        home, demo, first = figures["ratio"], figures["demo_ratio"], figures["demo_first_ratio"]
        return [
            ("TUI home first frame vs an empty app", "<= 1.3", home, home <= start_tui.TARGET_HOME),
            (
                "demo Enter to first card vs an empty app",
                "<= 2.0",
                demo,
                demo <= start_tui.TARGET_DEMO,
            ),
            (
                "the same, the first run after an editable install",
                "<= 2.0",
                first,
                first <= start_tui.TARGET_DEMO,
            ),
        ]
    if name == "endpoints":
        ratio = figures["ratio"]
        return [
            (
                "a node's endpoint checks vs the slowest chain",
                "<= 1.3",
                ratio,
                ratio <= endpoints.TARGET,
            )
        ]
    if name == "steps":
        took = figures["slowest_process"]
        promise = "slowest step of any shipped flow (ms CPU, wizard + loopback network)"
        return [(promise, "< 150", took, took < steps.TARGET_MS)]
    if name == "memory":
        worst = max(s["peak_mb"] for s in figures["sessions"].values())
        return [("peak RSS of a demo session (MB)", "<= 120", worst, worst <= memory.TARGET_MB)]
    if name == "batch":
        ratio = figures["ratio"]
        return [("--batch throughput vs pyjwt", ">= 0.5", ratio, ratio >= batch_scale.TARGET)]
    if name == "stream":
        growth = figures["growth"]
        return [
            (
                f"--batch peak RSS growth over {figures['lines']:,} tokens",
                "<= 1.10",
                growth,
                growth <= batch_stream.GROWTH,
            )
        ]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks it runs")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    print("## Machine\n")
    print(machine.markdown())
    summary: list[tuple[str, str, float, bool, str]] = []
    for name in args.names or list(BENCHMARKS):
        module = BENCHMARKS[name]
        started = time.perf_counter()
        load_before = _load()
        figures = module.measure(**(QUICK[name] if args.quick else {}))
        load = f"{load_before} -> {_load()}"
        print(f"\n## {module.TITLE} (`{name}`)\n")
        print(module.report(figures))
        print(f"\n_(took {time.perf_counter() - started:.0f} s; load average {load})_", flush=True)
        summary += [(*row, load) for row in _rows(name, figures)]
    print("\n## Summary\n")
    print("| promise | target | figure | verdict | load average (1, 5, 15 min) |")
    print("| --- | --- | --- | --- | --- |")
    for promise, target, figure, met, load in summary:
        print(f"| {promise} | {target} | {figure:.2f} | {verdict(met)} | {load} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
