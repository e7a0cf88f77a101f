"""The token inspector (ctrl+t): what a token says, claim by claim, and what is wrong with it."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TabbedContent, TabPane

from wizard.core.flow.suggest import DecodedToken, claim_help, decode_token, relative_time
from wizard.core.session.session import Session
from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.result import CheckResult, Status

# Claims that are NumericDates: shown as local and UTC times, relative to the session clock.
TIME_CLAIMS = frozenset({"exp", "iat", "nbf", "auth_time", "updated_at"})
# Which check speaks about which claim or header field.
CHECKS_BY_FIELD: dict[str, tuple[str, ...]] = {
    "iss": ("token.issuer", "okta.server"),
    # Auth0's /userinfo refuses a token whose aud lacks its audience: a finding on aud.
    "aud": ("token.audience", "auth0.userinfo"),
    "azp": ("token.audience",),
    "exp": ("token.lifetime",),
    "nbf": ("token.lifetime",),
    "iat": ("token.lifetime",),
    "scope": ("token.scopes",),
    "scp": ("token.scopes",),
    "alg": ("token.alg", "token.signature"),
    "kid": ("token.signature",),
    "typ": ("token.kind",),
}
PROBLEMS = (Status.WARN, Status.FAIL, Status.ERROR)
# The JOSE header's fields (the claim table explains only the payload's).
HEADER_HELP = {
    "alg": "the signing algorithm; the API must allow it",
    "kid": "which key of the issuer's JWKS signed it",
    "typ": "the token's type; at+jwt marks an RFC 9068 access token",
    "cty": "the content type of the payload",
    "enc": "how the payload is encrypted (JWE)",
    "jku": "a URL of keys: never followed, keys come from the issuer's jwks_uri",
    "x5u": "a URL of a certificate: never followed",
    "jwk": "a key embedded in the token: never trusted",
}


def token_facts(session: Session) -> list[tuple[str, str]]:
    """The session's token facts (name, value), in the order a user would look at them."""
    names = sorted(
        (n for n in session.facts if session.fact_type(n) == "token"),
        key=lambda n: (
            ("token", "access_token", "id_token").index(n)
            if n in ("token", "access_token", "id_token")
            else 9
        ),
    )
    return [(name, session.facts[name]) for name in names]


def token_groups(session: Session) -> list[tuple[tuple[str, ...], DecodedToken]]:
    """Each distinct token once, decoded, with every fact name it is held under (`token` and
    `access_token` are often one token: one tab, not two that disagree on its problems)."""
    groups: dict[str, tuple[list[str], DecodedToken]] = {}
    for name, value in token_facts(session):
        token = decode_token(value)
        groups.setdefault(token.fingerprint, ([], token))[0].append(name)
    return [(tuple(names), token) for names, token in groups.values()]


def tokens_fed(session: Session) -> dict[str, set[str]]:
    """Each check run's key with the credential facts it was given, as its latest run had."""
    fed: dict[str, set[str]] = {}
    for event in session.events:
        if event.kind == "checks_started":
            for run in event.data.get("runs") or ():
                withheld = run.get("withheld") or {}
                fed[str(run.get("key"))] = {str(fact) for fact in withheld.values()}
    return fed


def problems_by_field(
    results: dict[str, CheckResult],
    expect_claim: str | None,
    fed: dict[str, set[str]] | None = None,
    token_name: str | Collection[str] | None = None,
) -> dict[str, list]:
    """Each claim or header field with the warn/fail/error results that concern it; with
    `fed` and `token_name` (one name, or all the names one token is held under), only the
    results of checks that were given that token (an ID token's warning is no problem of the
    access token's claim of the same name)."""
    names = {token_name} if isinstance(token_name, str) else set(token_name or ())
    found: dict[str, list[CheckResult]] = {}
    for key, result in results.items():
        if result.status not in PROBLEMS:
            continue
        tokens = (fed or {}).get(key)
        if names and tokens and not names & tokens:
            continue
        fields = [f for f, ids in CHECKS_BY_FIELD.items() if result.id in ids]
        named = result.evidence.get("claim") if isinstance(result.evidence, dict) else None
        if isinstance(named, str):
            fields.append(named)
        if result.id == "token.claims" and expect_claim:
            fields.append(expect_claim)
        for name in fields:
            listed = found.setdefault(name, [])
            if result not in listed:
                listed.append(result)
    return found


def describe_time(value: Any, now: float) -> str:
    """`2026-11-22 07:48:02 UTC, 08:48:02 local (in 5 min)` for a NumericDate claim."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    try:
        moment = datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return "out of any calendar's range"
    local = moment.astimezone()
    # Where local time is UTC the moment is said once, not twice in two names.
    shown_local = (
        "" if local.utcoffset() == moment.utcoffset() else (f", {local:%H:%M:%S} {local.tzname()}")
    )
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC{shown_local} ({relative_time(float(value), now)})"


def field_table(
    fields: dict[str, Any], problems: dict[str, list], now: float, label: str = "claim"
) -> Table:
    explain = (lambda name: HEADER_HELP.get(name, "")) if label == "field" else claim_help
    table = Table(expand=True, show_lines=False, pad_edge=False)
    table.add_column(label, style="bold", no_wrap=True)
    table.add_column("value", ratio=3)
    table.add_column("meaning", ratio=2, style="dim")
    for name, value in fields.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        # A claim is the token maker's text: no escape sequence or bidi mark reaches the screen.
        cell = Text(for_terminal(shown))
        if name in TIME_CLAIMS and describe_time(value, now):
            cell.append(f"\n{describe_time(value, now)}", style="italic")
        meaning = Text(explain(name))
        found = problems.get(name, [])
        for result in found:
            cell.append(
                f"\n{result.status.symbol} {result.title}: {result.detail}", style="bold red"
            )
        name_cell = Text(
            for_terminal(str(name), single_line=True), style="bold red" if found else "bold"
        )
        table.add_row(name_cell, cell, meaning)
    return table


def token_view(name: str | tuple[str, ...], token: DecodedToken, session: Session) -> Group:
    names = (name,) if isinstance(name, str) else name
    problems = problems_by_field(
        session.results, session.facts.get("expect_claim"), tokens_fed(session), names
    )
    now = session.env.now()
    summary = Text()
    summary.append(f"{', '.join(names)}: ", style="bold")
    summary.append(f"{token.fingerprint}, {token.format}, {token.provider}, {token.kind} token")
    parts: list[Any] = [summary]
    for note in token.notes:
        parts.append(Text(note, style="dim"))
    if token.problem:
        parts.append(Text(f"Could not read it: {token.problem}", style="bold red"))
    # Each problem once, with the fields of this token it concerns.
    flagged: dict[int, tuple[CheckResult, list[str]]] = {}
    for field, found in problems.items():
        if field in token.claims or field in token.header:
            for result in found:
                flagged.setdefault(id(result), (result, []))[1].append(field)
    if flagged:
        parts.append(Text("\nProblems found", style="bold underline"))
        for result, fields in flagged.values():
            # The card's own title, as on the conversation's cards: a check id is no word
            # a reader of this screen knows.
            line = Text(
                f"{result.status.symbol} {result.title} ({', '.join(fields)}): ", style="bold red"
            )
            line.append(result.detail)
            parts.append(line)
    if token.format == "opaque":
        parts.append(
            Text("An opaque token: only its issuer can say what it means (introspection).")
        )
    if token.header:
        parts.append(Text("\nHeader", style="bold underline"))
        parts.append(field_table(token.header, problems, now, "field"))
    if token.claims:
        parts.append(Text("\nPayload", style="bold underline"))
        parts.append(field_table(token.claims, problems, now))
    parts.append(Text("\nThe signature is never shown.", style="dim"))
    return Group(*parts)


class TokenInspector(ModalScreen[None]):
    """Header and payload of each token in the session, claims explained, problems marked."""

    BINDINGS = [Binding("escape,ctrl+t,q", "dismiss", "Close")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        tokens = token_groups(self.session)
        with Vertical(classes="dialog inspector"):
            yield Static("Token inspector  (escape closes)", classes="dialog-title")
            if len(tokens) == 1:
                names, token = tokens[0]
                with VerticalScroll():
                    yield Static(token_view(names, token, self.session))
            else:
                with TabbedContent():
                    for names, token in tokens:
                        with TabPane(", ".join(names)), VerticalScroll():
                            yield Static(token_view(names, token, self.session))
