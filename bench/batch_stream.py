"""Streaming: `wizard check --batch - --offline --json` over a million tokens, in bounded memory.

The tokens are made one at a time and written into the command's standard input as it reads
them (nothing is stored: a million lines would be about 700 MB); its output is read and
counted as it comes. The process's peak RSS (VmHWM, read from /proc while it runs) is noted
when 1 %, 10 % and all of the lines have come out: a batch that kept anything per line would
grow with the count. Target: the peak after all lines within 10 % of the peak after 1 %.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.minting import iter_look_alike_tokens
from bench.rounds import verdict

NAME = "stream"
TITLE = "Streaming: --batch over a million tokens"
ROOT = Path(__file__).resolve().parents[1]
GROWTH = 1.10


def _peak_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _feed(stdin: Any, tokens: int) -> None:
    try:
        for token in iter_look_alike_tokens(tokens):
            stdin.write(token.encode() + b"\n")
    except BrokenPipeError:
        pass
    finally:
        with contextlib.suppress(BrokenPipeError):
            stdin.close()


def measure(tokens: int = 1_000_000) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZARD_")}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "wizard", "check", "--batch", "-", "--offline", "--json"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    feeder = threading.Thread(target=_feed, args=(process.stdin, tokens), daemon=True)
    feeder.start()
    marks = sorted({max(1, tokens // 100), max(1, tokens // 10)})
    peaks: dict[int, int] = {}
    lines = 0
    peak = 0
    for _line in process.stdout:
        lines += 1
        if lines in marks or lines % 1000 == 0:
            peak = max(peak, _peak_kib(process.pid) or 0)
            if lines in marks:
                peaks[lines] = peak
        if lines == tokens:
            peak = max(peak, _peak_kib(process.pid) or 0)  # before it exits
    process.wait(timeout=60)
    feeder.join(timeout=60)
    peaks[lines] = peak
    elapsed = time.perf_counter() - started
    first = peaks[min(peaks)]
    return {
        "tokens": tokens,
        "lines": lines,
        "exit": process.returncode,
        "peaks_mb": {count: kib / 1024 for count, kib in sorted(peaks.items())},
        "growth": peak / first if first else 0.0,
        "seconds": elapsed,
        "rate": lines / elapsed if elapsed else 0.0,
    }


def report(figures: dict[str, Any]) -> str:
    rows = [f"| after {count:,} lines | {mb:.1f} MB |" for count, mb in figures["peaks_mb"].items()]
    growth = figures["growth"]
    return "\n".join(
        [
            f"`wizard check --batch - --offline --json` fed {figures['tokens']:,} distinct tokens "
            f"through a pipe: {figures['lines']:,} lines out, exit {figures['exit']}, "
            f"{figures['seconds']:.0f} s ({figures['rate']:,.0f} lines/s, wall).",
            "",
            "| peak RSS of the process (VmHWM) | value |",
            "| --- | --- |",
            *rows,
            f"| growth from the first mark to the end (target <= {GROWTH:.2f}) | {growth:.2f} "
            f"({verdict(growth <= GROWTH)}) |",
        ]
    )
