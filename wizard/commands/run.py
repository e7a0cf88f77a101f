"""`wizard run FLOW`: walk a flow headless from an answers file (or open it in the TUI)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.commands.checkflags import parse_fact_args
from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    from wizard.core.session.session import Session


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="walk a flow: headless with --answers, else in the terminal UI",
        description="Walk FLOW. With --answers it runs headless and prints the conversation.",
    )
    parser.add_argument("flow", metavar="FLOW", help="a flow id (see 'wizard flows list')")
    parser.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="YAML with 'facts: {name: value}' and 'answers: {node: choice}'",
    )
    parser.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a fact known before the flow starts (repeatable); NAME=@FILE reads the value "
        "from a file, which keeps a token out of your shell history",
    )
    add_transcript_arguments(parser)
    parser.add_argument(
        "--save-session",
        action="store_true",
        help="autosave the session in the user's data folder, so 'wizard resume' can go on",
    )
    parser.set_defaults(func=run)


def add_transcript_arguments(parser: argparse.ArgumentParser) -> None:
    """--transcript PATH [--format md|json] [--force] [--redact-pii], shared with resume."""
    parser.add_argument(
        "--transcript",
        type=Path,
        metavar="PATH",
        help="write the session to PATH when it stops (Markdown, or JSON for *.json)",
    )
    parser.add_argument(
        "--format",
        choices=("md", "json"),
        help="the transcript's format (default: from the extension of PATH, else md)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite the transcript file if it exists"
    )
    parser.add_argument(
        "--redact-pii",
        action="store_true",
        help="mask e-mail addresses and user names in the transcript",
    )


def check_transcript_target(args: argparse.Namespace) -> None:
    """Refuse before the session starts, not after, when the transcript would overwrite."""
    path = getattr(args, "transcript", None)
    if path is not None and path.exists() and not args.force:
        raise UserError(f"{path} exists; choose another name or add --force to overwrite it")


def write_requested_transcript(args: argparse.Namespace, session: Session) -> None:
    """Write the transcript --transcript asked for, of `session`."""
    if getattr(args, "transcript", None) is None:
        return
    from wizard.core.session.export import write_transcript

    path = write_transcript(
        session,
        args.transcript,
        args.format,
        overwrite=args.force,
        redact_pii=args.redact_pii,
    )
    print(f"wizard: transcript written to {path}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    facts = parse_fact_args(args.fact)
    if args.answers is None:
        if args.transcript is not None:
            raise UserError("--transcript needs --answers; in the terminal UI, save with ctrl+s")
        if not sys.stdin.isatty() or not sys.stdout.isatty():
            raise UserError("without a terminal, 'wizard run' needs --answers FILE")
        from wizard.commands.tui import open_flow

        return open_flow(args, args.flow, facts)
    answers = load_answers(args.answers)
    check_transcript_target(args)
    from wizard.commands.flowsource import load_catalog
    from wizard.core.session.headless import run_headless

    catalog = load_catalog(args)
    if catalog.problems:
        for problem in catalog.problems:
            print(problem, file=sys.stderr)
        raise UserError("the flows have problems (above); fix them or run 'wizard flows lint'", 1)
    if args.flow not in catalog:
        from wizard.core.flow.problems import did_you_mean

        raise UserError(
            f"no flow '{args.flow}'{did_you_mean(args.flow, catalog.flows)}; "
            "see 'wizard flows list'"
        )
    check_answer_nodes(args.answers, answers, catalog)
    store = None
    if args.save_session:
        from wizard.core.session.store import SessionStore

        store = SessionStore()
    outcome = run_headless(
        catalog, args.flow, {**answers.facts, **facts}, answers.choices, print, store=store
    )
    if store is not None:
        # Say "saved" only when the file is there; otherwise say why, and fail the command.
        if not outcome.session.saved or outcome.session.save_error:
            reason = outcome.session.save_error or "nothing was written"
            print(f"wizard: error: {reason}", file=sys.stderr)
            write_requested_transcript(args, outcome.session)
            return 1
        print(f"wizard: session saved as {outcome.session.id}", file=sys.stderr)
    write_requested_transcript(args, outcome.session)
    return outcome.exit_code


class Answers:
    """An answers file: facts known up front, and the choice to make at each node."""

    def __init__(self, facts: dict[str, str], choices: dict[str, str]) -> None:
        self.facts = facts
        self.choices = choices


def load_answers(path: Path) -> Answers:
    from wizard.core.flow.source import read_yaml

    source = read_yaml(path)
    if source.problems:
        raise UserError(str(source.problems[0]))
    data: Any = source.data
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping with 'facts' and 'answers'")
    unknown = set(data) - {"facts", "answers"}
    if unknown:
        raise UserError(f"{path}: unknown key '{sorted(unknown)[0]}' (allowed: facts, answers)")
    sections = {}
    for key in ("facts", "answers"):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise UserError(f"{path}: '{key}' must be a mapping of name: value")
        sections[key] = {str(k): _text(v) for k, v in section.items()}
    return Answers(sections["facts"], sections["answers"])


def check_answer_nodes(path: Path, answers: Answers, catalog: Any) -> None:
    """Refuse an answers file that answers a node no flow has: it would be silently ignored."""
    from wizard.core.flow.problems import did_you_mean

    nodes = {f"{fid}:{nid}" for fid, loaded in catalog.flows.items() for nid in loaded.flow.nodes}
    bare = {ref.partition(":")[2] for ref in nodes}
    for key in answers.choices:
        if key not in (nodes if ":" in key else bare):
            hint = did_you_mean(key, nodes if ":" in key else bare)
            raise UserError(f"{path}: answers.{key}: no node '{key}' in any flow{hint}")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
