"""`wizard resume [SESSION]`: list saved sessions, or go on with one where it stopped."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard.commands.checkflags import parse_fact_args
from wizard.commands.run import (
    add_transcript_arguments,
    check_transcript_target,
    load_answers,
    write_requested_transcript,
)
from wizard.core.vocab.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "resume",
        help="list saved sessions, or go on with one where it stopped",
        description=(
            "Without SESSION, list the recent saved sessions. With one (an id, the start of "
            "one, or a transcript .json file), go on where it stopped, with its facts; tokens "
            "and secrets were never saved and are asked again."
        ),
    )
    parser.add_argument("session", metavar="SESSION", nargs="?", help="a session id or file")
    parser.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="go on headless with this answers file (as 'wizard run --answers')",
    )
    parser.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a fact to give again, such as token=... (repeatable)",
    )
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="list at most N sessions"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="list the sessions of 'wizard demo' (kept apart; they cannot be resumed)",
    )
    add_transcript_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from wizard.core.session.store import SessionStore, demo_store_root

    store = SessionStore()
    demos = SessionStore(demo_store_root())
    if args.session is None:
        if args.demo:
            return list_sessions(demos, args.limit, demo=True)
        return list_sessions(store, args.limit, demos=len(demos.recent(1000)))
    if args.demo or _is_demo_session(demos, args.session):
        raise UserError(
            f"'{args.session}' is a demo session: its world stopped with the demo, so there "
            "is nothing left to check; play the scenario again with 'wizard demo'"
        )
    transcript = store.load(args.session)
    if args.answers is None:
        if not sys.stdin.isatty() or not sys.stdout.isatty():
            raise UserError("without a terminal, 'wizard resume SESSION' needs --answers FILE")
        from wizard.commands.tui import open_session

        return open_session(args, transcript)
    return resume_headless(args, store, transcript)


def resume_headless(args: argparse.Namespace, store: Any, transcript: Any) -> int:
    """Go on with a saved session from an answers file; it goes on being autosaved."""
    answers = load_answers(args.answers)
    check_transcript_target(args)
    from wizard.commands.flowsource import load_catalog
    from wizard.core.checks.catalog import load_registry
    from wizard.core.session.headless import drive_headless
    from wizard.core.session.resume import resume_session

    catalog = load_catalog(args)
    flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}
    facts = {**answers.facts, **parse_fact_args(args.fact)}
    session = resume_session(transcript, flows, load_registry(), facts=facts, store=store)
    info = transcript.info
    print(f"(resumed session {info.id} at node '{info.last_node}' of flow '{info.last_flow}')")
    outcome = drive_headless(session, answers.choices, print)
    write_requested_transcript(args, session)
    return outcome.exit_code


def _is_demo_session(demos: Any, reference: str) -> bool:
    """Whether `reference` names a session of the demo's store (and none of the user's)."""
    from wizard.core.session.reading import TranscriptError
    from wizard.core.session.store import SessionStore

    try:
        SessionStore().find(reference)
        return False
    except TranscriptError:
        pass
    try:
        demos.find(reference)
        return True
    except TranscriptError:
        return False


def list_sessions(store: Any, limit: int, *, demo: bool = False, demos: int = 0) -> int:
    sessions = store.recent(limit)
    apart = (
        f"({demos} demo session{'s' if demos != 1 else ''} kept apart: wizard resume --demo)"
        if demos
        else ""
    )
    if not sessions:
        print(f"no saved {'demo ' if demo else ''}sessions in {store.folder}")
        if apart:
            print(apart)
        return 0
    rows = [("SESSION", "FLOW", "LAST NODE", "UPDATED", "STATUS")]
    for summary in sessions:
        if summary.problem:
            rows.append((summary.id, "-", "-", "-", f"unreadable: {summary.problem}"))
            continue
        when = datetime.fromtimestamp(summary.updated, UTC).strftime("%Y-%m-%d %H:%M UTC")
        rows.append((summary.id, summary.flow, summary.last_node, when, summary.status))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        print("  ".join([*cells, row[4]]).rstrip())
    if demo:
        print("\ndemo sessions: their worlds stopped; 'wizard demo SCENARIO' plays one again")
        return 0
    print("\ngo on with: wizard resume SESSION")
    if apart:
        print(apart)
    return 0
