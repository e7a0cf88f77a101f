"""TUI start: whole processes in a pseudo-terminal, from spawn to the first frame drawn.

Three things are timed against an empty Textual app (one label, so that its frame shows),
alternately, each a fresh process with compiled bytecode (see `bench.terminal`):

- `wizard` with no command, until home's first frame is on the terminal;
- the same, until home lists the flows it loads behind that frame;
- `wizard demo`, from Enter on its first scenario until the session's first result card;
  Enter is typed one second after the demo's home is drawn (a person reading the list),
  the time the app uses to make the worlds' keys and import the session screen;
- the same the first time after an editable install: a fresh copy of the package with no
  bytecode at all, so every wizard module compiles as it is first imported (the libraries
  keep the bytecode pip compiled when it installed them).

Targets: home <= 1.3 x the empty app; Enter to the first card <= 2 x the empty app.
The saved-sessions store is an empty temporary folder, so the user's own sessions are
neither read nor touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.rounds import alternate, median, ms, verdict
from bench.terminal import (
    COLUMNS,
    EMPTY_ARGV,
    EMPTY_STEP,
    ROOT,
    ROWS,
    WIZARD_ARGV,
    Step,
    bytecode_env,
    new_bytecode_cache,
    time_steps,
)

NAME = "tui"
TITLE = "TUI start"
TARGET_HOME = 1.3
TARGET_DEMO = 2.0
HOME_TEXT = "What are you troubleshooting?"
LISTED_TEXT = "not sure which flow? begin here"  # the starting flow's line in the list
DEMO_TEXT = "Demo: each scenario starts"
# A result card's heading ends with its status word after two spaces ("✓ Title  pass").
CARD_TEXTS = ("  pass", "  fail", "  warn")
READING = 1.0


def _first_card(argv: tuple[str, ...], env: dict[str, str]) -> float:
    """Seconds from Enter on the demo's first scenario to the first result card."""
    for text in CARD_TEXTS:
        try:
            steps = [Step(DEMO_TEXT), Step(text, keys=b"\r", pause=READING)]
            return time_steps(argv, steps, env)[1]
        except RuntimeError:
            continue  # this scenario's first card has another status: try the next word
    raise RuntimeError("no result card showed after Enter in the demo")


def _first_card_after_install(argv: tuple[str, ...], data: str) -> float:
    """`_first_card` from a fresh copy of the package that has never been compiled."""
    with tempfile.TemporaryDirectory(prefix="wizard-bench-install-") as tree:
        for folder in ("wizard", "flows"):
            shutil.copytree(
                ROOT / folder, Path(tree) / folder, ignore=shutil.ignore_patterns("__pycache__")
            )
        # Bytecode written beside the sources, as Python does by default: the libraries'
        # own, from their install, are read; the copy's are made by this one run.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("WIZARD_")
            and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
        }
        env.update(
            PYTHONPATH=tree,
            TERM="xterm-256color",
            COLUMNS=str(COLUMNS),
            LINES=str(ROWS),
            WIZARD_DATA_DIR=data,
        )
        return _first_card(argv, env)


def measure(rounds: int = 15) -> dict[str, Any]:
    cache = new_bytecode_cache()
    data = tempfile.TemporaryDirectory(prefix="wizard-bench-data-")
    env = bytecode_env(Path(cache.name), {"WIZARD_DATA_DIR": data.name})
    demo_argv = (*WIZARD_ARGV, "demo")
    home_steps = [Step(HOME_TEXT), Step(LISTED_TEXT)]
    listed: list[float] = []

    def home() -> float:
        drawn, flows = time_steps(WIZARD_ARGV, home_steps, env)
        listed.append(flows)
        return drawn

    contenders = {
        "empty": lambda: time_steps(EMPTY_ARGV, [EMPTY_STEP], env)[0],
        "home": home,
        "demo": lambda: _first_card(demo_argv, env),
        "demo_first": lambda: _first_card_after_install(demo_argv, data.name),
    }
    try:
        # The first round compiles the bytecode (a user's install has it): not counted.
        alternate(contenders, 1)
        listed.clear()
        samples = alternate(contenders, rounds)
    finally:
        cache.cleanup()
        data.cleanup()
    empty = median(samples["empty"])
    return {
        "rounds": rounds,
        "empty": empty,
        "home": median(samples["home"]),
        "listed": median(listed),
        "demo": median(samples["demo"]),
        "demo_first": median(samples["demo_first"]),
        "ratio": median(samples["home"]) / empty,
        "demo_ratio": median(samples["demo"]) / empty,
        "demo_first_ratio": median(samples["demo_first"]) / empty,
    }


def report(figures: dict[str, Any]) -> str:
    ratio, demo, first = figures["ratio"], figures["demo_ratio"], figures["demo_first_ratio"]
    return "\n".join(
        [
            f"Whole processes in a {120}x{40} pseudo-terminal, compiled bytecode, alternated, "
            f"{figures['rounds']} rounds each, medians.",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| empty Textual app, spawn to first frame | {ms(figures['empty'])} |",
            f"| `wizard`, spawn to home's first frame | {ms(figures['home'])} |",
            f"| `wizard`, spawn to the flows listed on home | {ms(figures['listed'])} |",
            f"| `wizard demo`, Enter to the first result card | {ms(figures['demo'])} |",
            f"| the same, first run after an editable install | {ms(figures['demo_first'])} |",
            f"| home / empty app (target <= {TARGET_HOME}) | **{ratio:.2f}** "
            f"({verdict(ratio <= TARGET_HOME)}) |",
            f"| demo Enter to first card / empty app (target <= {TARGET_DEMO}) | "
            f"**{demo:.2f}** ({verdict(demo <= TARGET_DEMO)}) |",
            f"| the same, first run after install / empty app (target <= {TARGET_DEMO}) | "
            f"**{first:.2f}** ({verdict(first <= TARGET_DEMO)}) |",
        ]
    )
