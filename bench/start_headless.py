"""Headless start: `wizard check --offline --json TOKEN` against a bare pyjwt decode.

Both are whole processes doing the same job (read a token, decode it, print JSON), started
alternately many times; the ratio of their medians is what a user feels as "fast to start".
Target: <= 1.5. The headless path must not import Textual; `-X importtime` shows what it does
import, heaviest first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.minting import look_alike_tokens
from bench.rounds import alternate, median, ms, verdict

NAME = "start"
TITLE = "Headless start"
ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5
# The baseline: the least a script needs to show a token's header and claims as JSON.
BARE = (
    "import jwt, json, sys; t = sys.argv[1]; "
    "print(json.dumps({'header': jwt.get_unverified_header(t), "
    "'claims': jwt.decode(t, options={'verify_signature': False})}))"
)
# Imports the offline token path should not need, with why they matter.
UNWANTED = ("textual", "rich", "httpx", "pydantic", "yaml", "wizard.core.opensearch", "wizard.ui")


# Compiled bytecode, as a user's install has it: a shell that sets PYTHONDONTWRITEBYTECODE
# would otherwise make every child compile the wizard's modules again (the warm-up rounds
# fill this folder; both sides use it).
_BYTECODE = tempfile.mkdtemp(prefix="bench-pycache-")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZARD_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = _BYTECODE
    env["PYTHONPATH"] = str(ROOT)
    return env


def wizard_command(token: str) -> list[str]:
    return [sys.executable, "-m", "wizard", "check", "--offline", "--json", token]


def bare_command(token: str) -> list[str]:
    return [sys.executable, "-c", BARE, token]


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    process = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):  # 1: a check failed, which is a finding, not a crash
        raise RuntimeError(f"{command[:4]} exited {process.returncode}: {process.stderr[-300:]}")
    return elapsed


def import_profile(token: str) -> list[tuple[str, int, int]]:
    """(module, self µs, cumulative µs) of every import of the wizard's run, in load order."""
    command = [sys.executable, "-X", "importtime", *wizard_command(token)[1:]]
    process = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    rows = []
    for line in process.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "cumulative" in line:
            continue
        own, total, name = line.split(":", 1)[1].split("|")
        # One space follows the bar; two more per level mark a nested import.
        rows.append((name[1:].rstrip(), int(own), int(total)))
    return rows


def measure(rounds: int = 41) -> dict[str, Any]:
    token = look_alike_tokens(1)[0]
    contenders = {
        "wizard": lambda: _timed(wizard_command(token)),
        "pyjwt": lambda: _timed(bare_command(token)),
    }
    alternate(contenders, 2)  # warm the file cache for both before counting
    samples = alternate(contenders, rounds)
    imports = import_profile(token)
    names = {name.strip() for name, _own, _total in imports}
    top_level = [(n.strip(), own, total) for n, own, total in imports if not n.startswith("  ")]
    return {
        "rounds": rounds,
        "wizard": median(samples["wizard"]),
        "pyjwt": median(samples["pyjwt"]),
        "ratio": median(samples["wizard"]) / median(samples["pyjwt"]),
        "top_imports": sorted(top_level, key=lambda row: -row[2])[:12],
        "heaviest": sorted(
            ((n.strip(), own, total) for n, own, total in imports), key=lambda row: -row[2]
        )[:25],
        "unwanted": sorted(n for n in names if n.split(".")[0] in UNWANTED or n in UNWANTED),
        "module_count": len(names),
    }


def report(figures: dict[str, Any]) -> str:
    ratio = figures["ratio"]
    unwanted = figures["unwanted"]
    lines = [
        f"Whole processes, alternated, {figures['rounds']} rounds each, medians.",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| `wizard check --offline --json TOKEN` | {ms(figures['wizard'])} |",
        f"| `python -c 'import jwt, json; ...decode...'` | {ms(figures['pyjwt'])} |",
        f"| ratio (target <= {TARGET}) | {ratio:.2f} ({verdict(ratio <= TARGET)}) |",
        f"| modules imported by the wizard's run | {figures['module_count']} |",
        f"| of those, unwanted on this path ({', '.join(UNWANTED)}) | "
        f"{', '.join(unwanted) or 'none'} |",
        "",
        "Top-level imports by cumulative time (`-X importtime`, one run, µs):",
        "",
        "```",
        *(f"{total:>8} {own:>8}  {name}" for name, own, total in figures["top_imports"]),
        "```",
    ]
    return "\n".join(lines)
