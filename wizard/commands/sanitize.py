"""`wizard sanitize`: a HAR safe to attach to a ticket, or `--check` that a file is one.

Parsing and printing only; the rewriting is wizard.core.ingest.sanitize, the search for live
credentials wizard.core.ingest.live_credentials.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from wizard.core.vocab.errors import UserError

SNIFF = 64 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sanitize",
        help="write a copy of a HAR safe to attach to a ticket, or --check a file",
        description="Write a copy of FILE.har with JWT signatures removed, cookies and opaque "
        "tokens replaced by keyed pseudonyms (the same secret, the same name), client "
        "secrets, PKCE verifiers, passwords, refresh tokens and Basic credentials removed and "
        "JavaScript bodies dropped; print what was removed. With --check, exit 1 when any "
        "live-looking credential remains in FILE (a HAR or a text file).",
    )
    parser.add_argument("file", metavar="FILE", help="the HAR (or, with --check, any text file)")
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="where to write (default: FILE with .sanitized.har)"
    )
    parser.add_argument("--check", action="store_true", help="only look for live credentials")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        stream = open(source, "rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror or type(exc).__name__}") from None
    with stream:
        first = stream.read(SNIFF)
        if b"\x00" in first[:8192]:
            raise UserError(f"{args.file} is binary data, not a HAR or text")
        is_har = first.lstrip()[:1] == b"{" and b'"log"' in first[:4096]
        if args.check:
            return _check(args.file, stream, first, is_har)
        if not is_har:
            raise UserError(f"{args.file} is not a HAR (a JSON object with log.entries)")
        return _sanitize(args, source, stream, first)


def _check(name: str, stream, first: bytes, is_har: bool) -> int:
    from wizard.core.ingest.live_credentials import check_har, check_text

    if is_har:
        found, end = check_har(stream, first)
        if end.truncated:
            print(
                f"wizard: note: {name} is cut or broken ({end.reason}); read up to there",
                file=sys.stderr,
            )
    else:
        text = (first + stream.read(64 * 1024 * 1024)).decode("utf-8", errors="replace")
        found = check_text(text)
    if not found:
        print(f"{name}: no live credential found")
        return 0
    print(f"{name}: {len(found)} live credential(s) remain:")
    for place in found:
        print(f"  {place}")
    return 1


def _sanitize(args: argparse.Namespace, source: Path, stream, first: bytes) -> int:
    from wizard.core.ingest.sanitize import sanitize_har

    target = Path(args.output) if args.output else source.with_suffix(".sanitized.har")
    if target.resolve() == source.resolve():
        raise UserError("-o must name another file than the input")
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8") as out:
            report, end = sanitize_har(stream, first, out)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"cannot write {target}: {exc.strerror or type(exc).__name__}") from None
    print(f"Wrote {target}")
    for what, count in sorted(report.items()):
        print(f"  {what}: {count}")
    if end.truncated:
        print(
            f"Note: the input is cut or broken ({end.reason}); the entries before it were written."
        )
    return 0
