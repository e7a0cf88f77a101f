"""`wizard demo`: try the wizard against a local demo world, with no identity provider at hand.

`--list` shows the scenarios, one line each; `--serve` runs a scenario's world in the foreground
(URLs, facts and a `wizard check` line to try; the first scenario when none is named). With no
option, `wizard demo SCENARIO` opens the TUI on a session over the scenario's running world, and
`wizard demo` opens it on the list of scenarios: picking one starts its world (the previous one
is stopped first) and opens a session on it; quitting stops the world.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from wizard.demo.scenarios import Scenario
    from wizard.demo.world import DemoWorld


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `demo` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help="try the wizard on a local demo world (no identity provider needed)",
        description="Start a local demo identity provider and service provider on 127.0.0.1 "
        "that reproduce a real 401, and diagnose it.",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="the scenario to play (default: pick one in the TUI; with --serve, the first "
        "one of --list)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="list the scenarios and exit")
    mode.add_argument(
        "--serve",
        action="store_true",
        help="run the demo world in the foreground and print its URLs and facts (Ctrl-C stops)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Dispatch to --list, --serve or the TUI."""
    # The demo world pulls in pyjwt and cryptography: load it only when `demo` runs.
    from wizard.demo.scenarios import DEFAULT_SCENARIO, SCENARIOS, get_scenario

    if args.list:
        width = max(len(s.name) for s in SCENARIOS)
        for scenario in SCENARIOS:
            print(f"{scenario.name:<{width}}  {scenario.summary}")
        return 0
    if args.serve:
        return serve(get_scenario(args.scenario or DEFAULT_SCENARIO))
    return _open_tui(get_scenario(args.scenario) if args.scenario else None)


def serve(scenario: Scenario, out: TextIO | None = None) -> int:
    """Run the scenario's world until SIGINT or SIGTERM, then stop it cleanly.

    Must run in the main thread, where Python delivers signals.
    """
    from wizard.demo.world import DemoWorld

    out = out or sys.stdout
    stop = threading.Event()
    previous = {
        signum: signal.signal(signum, lambda *_: stop.set())
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        # The token file lives as long as the world: both go when the demo stops.
        with (
            DemoWorld(scenario) as world,
            tempfile.TemporaryDirectory(prefix="wizard-demo-") as tmp,
        ):
            _describe(world, out, Path(tmp))
            out.flush()
            # A timed wait keeps the main thread responsive to signals on every platform.
            while not stop.wait(0.5):
                pass
        print("wizard demo: stopped, ports closed, config files removed.", file=out, flush=True)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0


def _describe(world: DemoWorld, out: TextIO, token_dir: Path) -> None:
    """The world's URLs, the scenario's facts and a command line to try."""
    scenario = world.scenario
    print(f"wizard demo: scenario '{scenario.name}' (flow {scenario.flow})", file=out)
    print(f"  {scenario.summary}", file=out)
    print("\nDemo world, on loopback only:", file=out)
    for label, url in world.urls().items():
        print(f"  {label:<20}{url}", file=out)
    if world.config_dir is not None:
        print(f"  {'config files':<20}{world.config_dir}", file=out)
    facts = world.facts
    print(
        "\nFacts (tokens, client secret and API token are demo values minted for this run "
        "only; they stop working when the demo stops):",
        file=out,
    )
    width = max(len(name) for name in facts)
    for name, value in facts.items():
        print(f"  {name:<{width}}  {value}", file=out)
    print("\nTry:", file=out)
    token_file = _write_token_file(token_dir, facts)
    for line in check_command(facts, token_file):
        print(f"  {line}", file=out)
    print(f"\nThe diagnosis to reach: {scenario.expected_resolution}", file=out)
    print("Serving until Ctrl-C (or SIGTERM).", file=out)


def check_command(facts: dict[str, str], token_file: Path | None = None) -> list[str]:
    """Shell lines that check the scenario's token with the scenario's facts.

    Secrets go through the environment variables `wizard check` reads, and the token
    through a file, so the suggested command line never carries a credential (shell
    history and the process list keep command lines).
    """
    from wizard.commands.check import SECRET_ENV
    from wizard.commands.checkflags import FLAG_FACTS

    lines = [
        f"export {SECRET_ENV[fact]}={shlex.quote(facts[fact])}"
        for fact in SECRET_ENV
        if facts.get(fact)
    ]
    parts = ["wizard", "check"]
    for dest, fact in FLAG_FACTS.items():
        if dest not in ("token", "id_token") and fact not in SECRET_ENV and facts.get(fact):
            parts += [f"--{dest.replace('_', '-')}", facts[fact]]
    for scope in facts.get("scopes", "").split():
        parts += ["--scope", scope]
    if facts.get("expect_claim"):
        value = facts.get("expect_value")
        parts += ["--expect-claim", facts["expect_claim"] + (f"={value}" if value else "")]
    if facts.get("provider") == "auth0":
        parts.append("--userinfo")  # the Auth0 scenarios are about /userinfo
    if token_file is not None:
        parts += ["--token-file", str(token_file)]
    return [*lines, shlex.join(parts)]


def _write_token_file(folder: Path, facts: dict[str, str]) -> Path | None:
    """The scenario's token in a 0600 file of `folder`, or None when it has no token."""
    token = facts.get("token") or facts.get("access_token") or facts.get("id_token")
    if not token:
        return None
    path = folder / "token.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return path


def _open_tui(scenario: Scenario | None) -> int:
    """The TUI: a session on the scenario's world, or the list of scenarios to pick from."""
    from wizard.commands.tui import open_demo

    return open_demo(scenario)
