"""The description of the machine the figures came from (CPU, memory, Python)."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def describe() -> dict[str, str]:
    """nproc, memory, CPU model, Python version and OS, as short strings."""
    return {
        "nproc": str(os.cpu_count() or "?"),
        "memory": _memory(),
        "cpu": _cpu_model(),
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "os": f"{platform.system()} {platform.release()}",
    }


def markdown() -> str:
    """The description as a Markdown list."""
    return "\n".join(f"- {name}: {value}" for name, value in describe().items())
