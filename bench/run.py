"""Run the benchmarks: `python bench/run.py` for all, `python bench/run.py NAME ...` for some.

Prints the machine's description, then one Markdown section per benchmark, ready to paste
into docs/BENCHMARKS.md. `--quick` runs each with small sizes (a check that they work, not
figures to record).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench` and `wizard` importable
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    batch_scale,
    endpoints,
    machine,
    memory,
    start_headless,
    start_tui,
    steps,
)

BENCHMARKS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (start_headless, start_tui, endpoints, steps, memory, batch_scale)
}
# Small sizes for --quick (and the smoke test): enough to produce every figure.
QUICK: dict[str, dict[str, int]] = {
    "start": {"rounds": 1},
    "tui": {"rounds": 1},
    "endpoints": {"rounds": 1},
    "steps": {"rounds": 1, "walks_limit": 2},
    "memory": {"scenarios": 1},
    "batch": {"tokens": 20, "rounds": 1},
}


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
    for name in args.names or list(BENCHMARKS):
        module = BENCHMARKS[name]
        started = time.perf_counter()
        figures = module.measure(**(QUICK[name] if args.quick else {}))
        print(f"\n## {module.TITLE} (`{name}`)\n")
        print(module.report(figures))
        print(f"\n_(took {time.perf_counter() - started:.0f} s)_", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
