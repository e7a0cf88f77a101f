"""TUI start: from process start to the first screen ready for input, headless.

A child process does what `wizard` with no command does (parse the command line, load the
flows and the check catalog, build the app with `wizard.commands.tui.build_app`) and runs it
with Textual's `App.run_test`, which hands over control once the first screen is mounted
and ready for input; the child then prints a line, and the parent stops its clock on that
line. The same is done with an empty Textual app, alternately. Targets: <= 0.6 s, and
<= 1.3 x the empty app.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.rounds import alternate, median, ms, verdict

NAME = "tui"
TITLE = "TUI start"
ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.6
TARGET_RATIO = 1.3
READY = "ready"

_RUN = f"""
async def main(app):
    async with app.run_test(size=(120, 40)):
        sys.stdout.write("{READY}\\n")
        sys.stdout.flush()

asyncio.run(main(app))
"""
# What `wizard` with no command does (wizard.commands.tui.open_home), with the saved-sessions
# store in an empty temporary folder so the user's own sessions are neither read nor touched.
WIZARD_CHILD = (
    """
import asyncio, sys, tempfile
from pathlib import Path
from wizard.cli import build_parser
from wizard.commands.flowsource import load_catalog
from wizard.commands.tui import build_app
from wizard.core.checks.catalog import load_registry

args = build_parser().parse_args([])
options = {}
try:
    from wizard.ui.sessions import open_store
except ImportError:
    pass
else:
    folder = tempfile.TemporaryDirectory(prefix="wizard-bench-")  # removed at exit
    options["store"] = open_store(Path(folder.name))
app = build_app(load_catalog(args), load_registry(), **options)
"""
    + _RUN
)
EMPTY_CHILD = (
    """
import asyncio, sys
from textual.app import App

app = App()
"""
    + _RUN
)


def tui_available() -> bool:
    """Whether this tree has the Textual UI's factory yet."""
    return (ROOT / "wizard" / "commands" / "tui.py").exists()


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZARD_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def time_to_ready(code: str) -> float:
    """Seconds from spawning `python -c code` to its ready line (its exit is not counted)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = child.communicate(timeout=60)
    if line.strip() != READY:
        raise RuntimeError(f"the app did not start: {err[-500:]}")
    return elapsed


def measure(rounds: int = 15) -> dict[str, Any]:
    contenders = {"empty": lambda: time_to_ready(EMPTY_CHILD)}
    if tui_available():
        contenders["wizard"] = lambda: time_to_ready(WIZARD_CHILD)
    alternate(contenders, 1)  # warm the file cache for both before counting
    samples = alternate(contenders, rounds)
    figures: dict[str, Any] = {
        "rounds": rounds,
        "empty": median(samples["empty"]),
        "pending": "wizard" not in samples,
    }
    if "wizard" in samples:
        figures["wizard"] = median(samples["wizard"])
        figures["ratio"] = figures["wizard"] / figures["empty"]
    return figures


def report(figures: dict[str, Any]) -> str:
    lines = [
        f"Whole processes, alternated, {figures['rounds']} rounds each, medians; the clock "
        "stops when the first screen is ready for input (`App.run_test`).",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| empty Textual app | {ms(figures['empty'])} |",
    ]
    if figures["pending"]:
        lines.append("| wizard home screen | pending: the UI is not in this tree yet |")
        return "\n".join(lines)
    seconds, ratio = figures["wizard"], figures["ratio"]
    lines += [
        f"| wizard home screen (flows and catalog loaded) | {ms(seconds)} "
        f"(target <= {TARGET_SECONDS} s: {verdict(seconds <= TARGET_SECONDS)}) |",
        f"| ratio to the empty app (target <= {TARGET_RATIO}) | {ratio:.2f} "
        f"({verdict(ratio <= TARGET_RATIO)}) |",
    ]
    return "\n".join(lines)
