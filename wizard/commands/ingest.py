"""`wizard ingest`: sort a paste or a file into facts, run the offline checks, name the step.

Parsing and printing only; the sorting is wizard.core.ingest, the checks and the routing are
wizard.core.flow.ingested.
"""

from __future__ import annotations

import argparse
import sys

from wizard.core.vocab.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="sort a pasted trace, HAR, header, error line or log into facts and a next step",
        description="Read a curl -v / -i or HTTPie trace, a HAR file, a WWW-Authenticate or "
        "Authorization header, a validator's or gateway's error line, an Okta or Auth0 log "
        "export, or tokens (mixed in one paste is fine), run the offline checks the facts "
        "allow and name the playbook step to open. Exit status: 0 nothing failed, 1 a "
        "problem was found, 2 nothing was recognised or the input could not be read.",
    )
    parser.add_argument(
        "source", nargs="?", default="-", metavar="FILE", help="a file, or '-' for standard input"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from wizard.core.flow.ingested import ingest_report
    from wizard.core.ingest import ACCEPTED, ingest_path, ingest_stream

    if args.source == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise UserError(f"paste into standard input or give a FILE; accepted: {ACCEPTED}")
        evidence = ingest_stream(sys.stdin.buffer, "standard input")
    else:
        try:
            evidence = ingest_path(args.source)
        except IsADirectoryError:
            raise UserError(f"{args.source} is a folder; give a file") from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise UserError(f"cannot read {args.source}: {reason}") from None
    report = ingest_report(evidence)
    if args.json:
        print(report.to_json())
    elif not evidence.recognised:
        # The one line saying what is accepted; stdout stays empty for scripts.
        print(f"wizard: {report.to_text()}", file=sys.stderr)
    else:
        print(report.to_text())
    return report.exit_code
