"""The `wizard` command line: argument parsing and dispatch to the command modules.

The Textual UI is imported only by the commands that open it, so the headless commands
(`wizard run --answers`, `wizard check`, `wizard flows`) start fast and never load it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from wizard import __version__
from wizard.core.vocab.errors import UserError

# One module per subcommand under wizard.commands; each has `register(subparsers)`.
COMMANDS: tuple[str, ...] = (
    "run",
    "flows",
    "check",
    "ingest",
    "sanitize",
    "demo",
    "resume",
    "replay",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wizard",
        description="Guided troubleshooting for 401 Unauthorized in OpenID Connect and OAuth 2.0.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--flows",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of your own flow files (repeatable; WIZARD_FLOWS adds more, ':'-separated)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"wizard.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from wizard.commands.tui import open_home

            return open_home(args)
        return int(args.func(args))
    except UserError as error:
        print(f"wizard: error: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("wizard: interrupted", file=sys.stderr)
        return 130
