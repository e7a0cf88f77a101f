"""`wizard replay TRANSCRIPT.json`: run a saved session's checks again and say what changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from wizard.commands.check import add_network_arguments
from wizard.core.vocab.errors import UserError

EXIT_NOTHING_WORSE = 0
EXIT_WORSE = 1
# Nothing was compared (no check could run again): a script must not read that as "fine".
EXIT_NOTHING_REPLAYED = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="run a transcript's checks again and show what changed since",
        description=(
            "Re-run every check of a JSON transcript with the inputs it saved. Tokens and "
            "secrets were never saved: give them again with --fact NAME=VALUE or --token-file, "
            "or the checks that need them are reported as not replayable. Exit 0 when nothing "
            "got worse, 1 when something did, 4 when no check could be replayed."
        ),
    )
    parser.add_argument(
        "transcript", metavar="TRANSCRIPT", help="a .json transcript, or a saved session's id"
    )
    parser.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a token or secret the session used, given again (repeatable)",
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help="a file holding the session's token (for each token not given with --fact)",
    )
    add_network_arguments(parser.add_argument_group("network (as for 'wizard check')"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import asyncio

    from wizard.commands.checkflags import options_from_flags, parse_fact_args
    from wizard.core.checks.catalog import load_registry
    from wizard.core.session.reading import load_transcript
    from wizard.core.session.replay import ReplayReport, replay_checks
    from wizard.core.session.session import Session
    from wizard.core.session.store import SessionStore

    transcript = load_transcript(SessionStore().find(args.transcript))
    facts = parse_fact_args(args.fact)
    if args.token_file is not None:
        token = read_token_file(args.token_file)
        for name, fact in transcript.facts.items():
            if fact.get("type") == "token":
                facts.setdefault(name, token)
        facts.setdefault("token", token)
    for note in different_tokens(transcript.facts, facts):
        print(f"note: {note}")
    if not transcript.checks:
        print(f"{args.transcript}: the session ran no checks; nothing to replay")
        return EXIT_NOTHING_REPLAYED
    session = Session.for_checks(facts, options=options_from_flags(vars(args)))

    async def replay() -> ReplayReport:
        try:
            return await replay_checks(transcript, load_registry(), session)
        finally:
            await session.aclose()

    report = asyncio.run(replay())
    print(f"replaying session {transcript.info.id} ({transcript.info.flow})")
    for check in report.checks:
        print(f"  {check.line()}")
    print(report.summary())
    if report.hint():
        print(f"hint: {report.hint()}")
    if not report.replayed_any:
        return EXIT_NOTHING_REPLAYED
    return EXIT_WORSE if report.worse else EXIT_NOTHING_WORSE


def read_token_file(path: Path) -> str:
    from wizard.core.vocab.userfiles import read_user_file

    try:
        token = read_user_file(path, label="the token file").decode("utf-8").strip()
    except UnicodeDecodeError:
        raise UserError(f"the token file {path} is not text") from None
    if not token:
        raise UserError(f"the token file {path} is empty")
    return token


def different_tokens(saved: dict, given: dict[str, str]) -> list[str]:
    """Notes for tokens given again that are not the ones the session used (by fingerprint)."""
    from wizard.core.flow.facts import token_fingerprint

    notes = []
    for name, value in given.items():
        recorded = (saved.get(name) or {}).get("token", {}).get("fingerprint")
        if recorded and token_fingerprint(value) != recorded:
            notes.append(
                f"the {name} given is not the one the session used "
                f"({token_fingerprint(value)}, the session had {recorded})"
            )
    return notes
