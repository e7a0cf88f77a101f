"""`wizard check`: every applicable check at once, for a person or a script.

Parsing and printing only; what runs and how results read lives in wizard.core.checks.batch.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
from collections.abc import Callable, Coroutine, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.core.vocab.coroutines import finish_without_loop
from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    from wizard.core.session.session import Session
    from wizard.core.vocab.trust import OriginTrust

T = TypeVar("T")
SECRET_ENV = {"client_secret": "WIZARD_CLIENT_SECRET", "okta_api_token": "WIZARD_OKTA_API_TOKEN"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="run every applicable check at once",
        description="Run every applicable check on a token and the settings around it. "
        "Exit status: 0 nothing failed, 1 a check failed or errored, 2 unusable arguments.",
    )
    tokens = parser.add_argument_group("tokens")
    tokens.add_argument("token_arg", nargs="?", metavar="TOKEN", help="the token under test")
    tokens.add_argument("--token", help="the token under test ('-' reads it from stdin)")
    tokens.add_argument("--token-file", metavar="F", help="read the token from a file")
    tokens.add_argument("--id-token", metavar="T", help="the ID token of the same sign-in")
    tokens.add_argument(
        "--batch",
        metavar="FILE",
        help="check one token per line of FILE ('-' reads standard input); writes one JSON "
        "object per line, in order (implies --json)",
    )
    idp = parser.add_argument_group("identity provider and client")
    idp.add_argument("--issuer", metavar="URL", help="the expected issuer (else the token's iss)")
    idp.add_argument(
        "--client-id", metavar="ID", help="the client id of the app (matched against azp/cid/aud)"
    )
    idp.add_argument(
        "--client-secret", metavar="S", help="also from WIZARD_CLIENT_SECRET (preferred)"
    )
    idp.add_argument("--audience", metavar="AUD", help="the audience the API expects")
    idp.add_argument("--scope", action="append", metavar="S", help="a required scope (repeatable)")
    idp.add_argument(
        "--expect-claim",
        action="append",
        metavar="NAME[=VALUE]",
        help="a claim the service provider needs, optionally with its value (repeatable)",
    )
    calls = parser.add_argument_group("calls that send the token to a server")
    calls.add_argument("--userinfo", action="store_true", help="call the userinfo endpoint")
    calls.add_argument("--introspect", action="store_true", help="introspect (RFC 7662)")
    calls.add_argument("--resource", metavar="URL", help="call this protected URL")
    calls.add_argument("--resource-header", metavar="NAME", help="default: Authorization")
    okta = parser.add_argument_group("Okta System Log")
    okta.add_argument(
        "--okta-domain", metavar="URL", help="your Okta org URL, e.g. https://dev-123.okta.com"
    )
    okta.add_argument(
        "--okta-api-token", metavar="T", help="also from WIZARD_OKTA_API_TOKEN (preferred)"
    )
    okta.add_argument("--since", metavar="DURATION", help="how far back, e.g. 24h (default)")
    opensearch = parser.add_argument_group("OpenSearch")
    opensearch.add_argument(
        "--opensearch-config", metavar="config.yml", help="the security plugin's config.yml"
    )
    opensearch.add_argument(
        "--roles-mapping",
        metavar="roles_mapping.yml",
        help="the security plugin's roles_mapping.yml",
    )
    opensearch.add_argument(
        "--dashboards-config",
        metavar="opensearch_dashboards.yml",
        help="the Dashboards config, with its opensearch_security.openid settings",
    )
    opensearch.add_argument("--opensearch-version", metavar="V", help="e.g. 2.6.0 (rules differ)")
    add_network_arguments(parser.add_argument_group("network"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--all", action="store_true", help="also list the checks that did not apply (skipped)"
    )
    parser.add_argument(
        "--no-color", action="store_true", help="plain text on a terminal too (as NO_COLOR=1)"
    )
    parser.set_defaults(func=run)


def _read_token(args: argparse.Namespace) -> str | None:
    given = [v for v in (args.token_arg, args.token, args.token_file) if v is not None]
    if len(given) > 1:
        raise UserError("give the token once: as TOKEN, --token or --token-file")
    if args.token == "-" or args.token_arg == "-":
        text = sys.stdin.read()
        if not text.strip():
            raise UserError("--token -: nothing was read from standard input")
        return text.strip()
    if args.token_file is not None:
        from wizard.core.vocab.userfiles import read_user_file

        # A token is a few kilobytes; 1 MiB leaves room for a pasted trace around it.
        raw = read_user_file(args.token_file, label="--token-file")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(f"cannot read --token-file {args.token_file}: {_reason(exc)}") from None
        if not text.strip():
            raise UserError(f"--token-file {args.token_file} is empty")
        return text.strip()
    return args.token or args.token_arg


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__


def _validate_batch(args: argparse.Namespace) -> None:
    if any(v is not None for v in (args.token_arg, args.token, args.token_file)):
        raise UserError("--batch reads the tokens from FILE: give no other token")
    if args.batch != "-":
        from wizard.core.vocab.userfiles import check_user_file

        check_user_file(args.batch, label="--batch")


def _validate(args: argparse.Namespace, values: dict) -> None:
    if args.resource_header and not args.resource:
        raise UserError("--resource-header needs --resource URL")
    if bool(values.get("okta_domain")) != bool(values.get("okta_api_token")):
        raise UserError("--okta-domain and --okta-api-token go together (or WIZARD_OKTA_API_TOKEN)")
    if args.since and not args.okta_domain:
        raise UserError("--since is for the Okta System Log: give --okta-domain too")
    if args.timeout is not None and args.timeout <= 0:
        raise UserError("--timeout must be a positive number of seconds")
    if args.skew is not None and args.skew < 0:
        raise UserError("--skew must not be negative")
    from wizard.core.vocab.userfiles import check_user_file

    for flag in ("ca_bundle", "opensearch_config", "roles_mapping", "dashboards_config"):
        path = getattr(args, flag)
        if path:
            # A FIFO or a device would hang the read (or the TLS library's) for ever.
            check_user_file(path, label="--" + flag.replace("_", "-"))
    inputs = (
        "token",
        "id_token",
        "issuer",
        "okta_domain",
        "opensearch_config",
        "roles_mapping",
        "dashboards_config",
        "resource",
    )
    if not args.batch and not any(values.get(name) for name in inputs):
        raise UserError("nothing to check: give a token, --issuer, --okta-domain or a config file")


def add_network_arguments(group: argparse._ArgumentGroup) -> None:
    """The network options every command that runs checks shares (see CheckOptions)."""
    group.add_argument("--ca-bundle", metavar="F", help="trust this CA bundle (PEM)")
    group.add_argument(
        "--insecure", action="store_true", help="do not verify TLS (said on results)"
    )
    group.add_argument("--allow-http", action="store_true", help="allow plain http to remote hosts")
    group.add_argument("--offline", action="store_true", help="no network: network checks skip")
    group.add_argument(
        "--timeout", type=seconds(positive=True), metavar="S", help="per request (default 10)"
    )
    group.add_argument(
        "--skew", type=seconds(positive=False), metavar="S", help="clock tolerance (default 30)"
    )


# A day: beyond it a timeout or a clock tolerance is a typo, and asyncio rejects huge ones.
MAX_SECONDS = 86_400.0


def seconds(*, positive: bool) -> Callable[[str], float]:
    """An argparse type for a number of seconds: finite, in range; NaN never slips through.

    `float("nan")` compares false with everything, so a NaN skew would make every lifetime
    comparison pass: a fail-open the wizard must not have.
    """

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number of seconds")
        if value > MAX_SECONDS:
            raise argparse.ArgumentTypeError(f"{text} s is more than a day ({MAX_SECONDS:g} s)")
        if positive and value <= 0:
            raise argparse.ArgumentTypeError("must be a positive number of seconds")
        if value < 0:
            raise argparse.ArgumentTypeError("must not be negative")
        return value

    return parse


def run(args: argparse.Namespace) -> int:
    from wizard.commands import checkflags
    from wizard.core.checks import batch
    from wizard.core.session.session import Session

    values = dict(vars(args))
    if args.batch:
        _validate_batch(args)
    else:
        values["token"] = _read_token(args)
    for fact, variable in SECRET_ENV.items():
        values[fact] = values.get(fact) or os.environ.get(variable) or None
    _validate(args, values)
    facts = checkflags.facts_from_flags(values)
    requested = checkflags.requested_checks(values)
    expectations = batch.claim_expectations(args.expect_claim or [])
    from wizard.core.vocab.environment import CheckEnvironment

    env = CheckEnvironment(options=checkflags.options_from_flags(values), trust=flag_trust(facts))
    session = Session.for_checks(facts, env)
    if args.batch:
        return _run_batch(args.batch, session, requested, expectations)

    async def go():
        try:
            return await batch.run_all(
                session.facts, session.env, requested=requested, expectations=expectations
            )
        finally:
            await session.aclose()

    results = _without_loop(go) if session.env.options.offline else _with_loop(go)
    for result in results:
        session.record(result)
    if args.json:
        print(batch.report_json(results, session.facts))
    else:
        print_report(batch, results, session.facts, args)
    return batch.exit_code(results)


def flag_trust(facts: dict[str, str]) -> OriginTrust:
    """The origins given on the command line: the only ones a credential may go to."""
    from wizard.core.vocab.trust import OriginTrust

    urls = list(facts.values())
    domain = facts.get("okta_domain")
    if domain and "://" not in domain:
        urls.append(f"https://{domain}")  # --okta-domain dev-123.okta.com means https
    return OriginTrust.of(urls)


def print_report(
    batch: Any, results: list, facts: Mapping[str, str], args: argparse.Namespace
) -> None:
    """The text report: coloured and wrapped to the width on a terminal, plain in a pipe."""
    terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if terminal else None
    text = batch.report_text(results, facts, show_all=args.all, width=width)
    if not terminal or args.no_color or os.environ.get("NO_COLOR"):
        print(text)
        return
    from wizard.commands.colour import print_coloured  # deferred: Rich only on a terminal

    print_coloured(text)


def _with_loop(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    import asyncio

    return asyncio.run(make())


# Offline checks never wait: they run to the end without an event loop (see the function).
_without_loop = finish_without_loop


def _run_batch(
    path: str,
    session: Session,
    requested: list[str],
    expectations: list[tuple[str, str | None]],
) -> int:
    """`--batch`: stream the lines through the checks, one JSON line out per line in."""
    from wizard.core.checks import batch

    def write(line: str) -> None:
        sys.stdout.write(line + "\n")

    async def go(lines: Iterable[bytes]) -> int:
        try:
            return await batch.check_lines(
                lines,
                session.facts,
                session.env,
                write,
                requested=requested,
                expectations=expectations,
            )
        finally:
            await session.aclose()

    if path == "-":
        return _with_loop(lambda: go(sys.stdin.buffer))
    try:
        with open(path, "rb") as lines:
            return _with_loop(lambda: go(lines))
    except OSError as exc:
        raise UserError(f"cannot read --batch {path}: {_reason(exc)}") from None
