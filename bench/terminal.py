"""Whole processes in a pseudo-terminal: the clock stops when a frame shows the awaited text.

`App.run_test` hands over before any terminal has drawn anything, so the start-up benchmarks
run the real command in a pseudo-terminal of a fixed size instead, read everything it writes
and strip the escape sequences; a frame is "drawn" once its text has been written in full.
Keys (such as Enter) can be typed once a first text shows, and a second text timed from then.

Start-up is measured as a user's install has it: with compiled bytecode. The shell of the
benchmarks may set PYTHONDONTWRITEBYTECODE, so the children get it removed and a bytecode
folder of their own (PYTHONPYCACHEPREFIX) that one warm-up round fills.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# CSI and OSC sequences, and the single-character escapes Textual writes between them.
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
COLUMNS, ROWS = 120, 40
TIMEOUT = 60.0


@dataclass(frozen=True)
class Step:
    """Type `keys` (after the previous step's text showed), then wait for `text`."""

    text: str
    keys: bytes = b""
    # Seconds to wait after the previous text before typing (a person reading the screen).
    pause: float = 0.0


def bytecode_env(cache: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The children's environment: compiled bytecode in `cache`, this tree first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZARD_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(cache),
        PYTHONPATH=str(ROOT),
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
    )
    env.update(extra or {})
    return env


def new_bytecode_cache() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="wizard-bench-pyc-")


def time_steps(argv: Sequence[str], steps: Sequence[Step], env: Mapping[str, str]) -> list[float]:
    """Seconds to each step's text: the first from the spawn, each later one from its keys."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        list(argv),
        cwd=ROOT,
        env=dict(env),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
    )
    os.close(slave)
    figures: list[float] = []
    try:
        seen = b""
        for step in steps:
            if step.keys:
                _drain(master, step.pause)
                os.write(master, step.keys)
                start, seen = time.perf_counter(), b""
            wanted = step.text.encode()
            while wanted not in ESCAPES.sub(b"", seen):
                seen += _read(master, start, seen)
            figures.append(time.perf_counter() - start)
    finally:
        # Our own child, by its id: the app is not asked to quit, its exit is not timed.
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        os.close(master)
    return figures


def _drain(master: int, seconds: float) -> None:
    """Keep reading (a full pty would block the child) for `seconds`."""
    until = time.perf_counter() + seconds
    while (left := until - time.perf_counter()) > 0:
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            os.read(master, 65536)


def _read(master: int, start: float, seen: bytes) -> bytes:
    if time.perf_counter() - start > TIMEOUT:
        tail = ESCAPES.sub(b"", seen)[-400:].decode(errors="replace")
        raise RuntimeError(f"the awaited text never showed; the screen ended with: {tail!r}")
    ready, _, _ = select.select([master], [], [], 0.5)
    if not ready:
        return b""
    try:
        return os.read(master, 65536)
    except OSError as error:  # the child ended: its pty is closed
        raise RuntimeError(f"the process ended first: {ESCAPES.sub(b'', seen)[-400:]!r}") from error


# An empty app with one label: without any text nothing would tell that a frame was drawn.
EMPTY_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Label\n"
    "class Empty(App):\n"
    "    def compose(self):\n"
    "        yield Label('empty app drawn')\n"
    "Empty().run()\n"
)
EMPTY_ARGV = (sys.executable, "-c", EMPTY_APP)
EMPTY_STEP = Step("empty app drawn")
WIZARD_ARGV = (sys.executable, "-m", "wizard")
