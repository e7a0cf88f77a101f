"""The `wizard` command line: argument parsing and dispatch to the command modules.

The Textual UI is imported only by the commands that open it, so the headless commands
(`wizard run --answers`, `wizard check`, `wizard flows`) start fast and never load it.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wizard import __version__
from wizard.commands.inert import make_standard_streams_inert
from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    import argparse

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
    "completion",
)
FLOWS_HELP = "a folder of your own flow files (repeatable; WIZARD_FLOWS adds more, ':'-separated)"


def build_home_parser() -> argparse.ArgumentParser:
    """The options of `wizard` itself, without its commands."""
    import argparse  # deferred: home reads its options without it (see home_flows)

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
        help=FLOWS_HELP,
    )
    return parser


def home_flows(argv: Sequence[str]) -> list[str] | None:
    """The folders of `wizard [--flows DIR ...]` with no command, or None for anything else.

    Read by hand, as the home parser would: argparse and its translations take a few
    milliseconds that home's first frame would wait for.
    """
    folders: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--flows":
            folder = next(tokens, None)
            if folder is None or folder.startswith("-"):
                return None  # the full parser says what is wrong
            folders.append(folder)
        elif token.startswith("--flows="):
            folders.append(token.removeprefix("--flows="))
        else:
            return None
    return folders


def opens_home(argv: Sequence[str]) -> bool:
    """Whether `argv` is `wizard` with no command (only --flows DIR options)."""
    return home_flows(argv) is not None


def build_parser() -> argparse.ArgumentParser:
    parser = build_home_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"wizard.commands.{name}").register(subparsers)
    for command in subcommand_parsers(parser):
        # `wizard run FLOW --flows DIR` reads as naturally as `wizard --flows DIR run FLOW`;
        # a separate dest keeps one position from overwriting the other (see main).
        command.add_argument(
            "--flows", action="append", dest="flows_after", metavar="DIR", help=FLOWS_HELP
        )
    return parser


def subcommand_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser below `parser`, nested actions (`flows lint`) included."""
    import argparse

    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += [child, *subcommand_parsers(child)]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    make_standard_streams_inert()
    argv = sys.argv[1:] if argv is None else argv
    # Home's first frame waits for no parser: `wizard [--flows DIR]` is read by hand.
    folders = home_flows(argv)
    if folders is not None:
        from types import SimpleNamespace

        args: Any = SimpleNamespace(command=None, flows=folders)
    else:
        args = build_parser().parse_args(argv)
        args.command = getattr(args, "command", None)
        args.flows = [*args.flows, *(getattr(args, "flows_after", None) or [])]
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
    except BrokenPipeError:
        # The reader went away (`wizard check ... | head`): stop quietly, as Unix tools do,
        # and keep the interpreter from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
