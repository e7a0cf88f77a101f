"""Facts from HTTP exchanges (a trace's hops or a HAR's entries): the failing call and its answer.

The failing exchange is the last one answered with 4xx or 5xx (else the last one): its status,
URL, time, challenge and responder become facts. Every exchange is searched for credentials
(Authorization, Cookie, Set-Cookie, DPoP, tokens in bodies and Location), which are kept only
to be scrubbed from what is shown.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from wizard.core.ingest.http_trace import Exchange, Message
from wizard.core.ingest.model import Evidence
from wizard.core.ingest.responder import who_answered
from wizard.core.ingest.tokens import find_tokens, note_authorization
from wizard.core.net.challenge import parse_www_authenticate

_COOKIE_VALUE = re.compile(r"(?:^|;)\s*[^=;\s]+=([^;]*)")
_LOCATION_SECRET = re.compile(r"[?#&](?:code|access_token|id_token|refresh_token)=([^&#\s]+)")
# Credentials in form bodies and JSON bodies (token requests, logins).
_BODY_SECRET = re.compile(
    r"(?:client_secret|code_verifier|password|refresh_token|client_assertion)"
    r"(?:=|\"\s*:\s*\")([^&\s\"]{4,})"
)
_LOCATION_ERROR = re.compile(r"[?#&]error=([^&#\s]+)")


def failing(exchanges: list[Exchange]) -> Exchange | None:
    """The exchange the ticket is about: the last one with an error status, else the last."""
    answered = [e for e in exchanges if e.response is not None]
    bad = [e for e in answered if (e.response.status or 0) >= 400]  # type: ignore[union-attr]
    if bad:
        return bad[-1]
    return answered[-1] if answered else (exchanges[-1] if exchanges else None)


def learn_from_exchanges(exchanges: list[Exchange], evidence: Evidence) -> Exchange | None:
    """Add the credentials of every exchange and the facts of the failing one; return it."""
    for exchange in exchanges:
        _collect_secrets(exchange, evidence)
    chosen = failing(exchanges)
    if chosen is None:
        return None
    where = chosen.where
    request, response = chosen.request, chosen.response
    if request is not None:
        for value in request.headers_named("authorization"):
            scheme, _, credential = value.strip().partition(" ")
            note_authorization(scheme, credential, evidence, f"{where}, request")
        evidence.add_fact("method", request.method, where)
        evidence.add_fact("request_header_names", _names(request), where)
    evidence.add_fact("resource_url", chosen.url, where)
    if chosen.started:
        evidence.add_fact("request_time", chosen.started, f"{where}, startedDateTime")
    if response is None:
        return chosen
    evidence.add_fact("status", str(response.status or ""), f"{where}, status line")
    date = response.header("date")
    if date:
        evidence.add_fact("response_date", _iso(date) or date, f"{where}, Date header")
        evidence.add_fact("request_time", _iso(date), f"{where}, Date header")
    learn_challenges(response.headers_named("www-authenticate"), evidence, where)
    nonce = response.header("dpop-nonce")
    if nonce:
        evidence.add_fact("dpop_nonce_asked", "yes", f"{where}, DPoP-Nonce header")
    location = response.header("location") or ""
    error = _LOCATION_ERROR.search(location)
    if error:
        evidence.add_fact("callback_error", error.group(1), f"{where}, Location header")
    responder = who_answered(response)
    if responder is not None:
        evidence.add_fact("responder", responder.name, where)
        evidence.add_fact("responder_signs", "; ".join(responder.reasons), where)
    return chosen


def learn_challenges(values: list[str], evidence: Evidence, where: str) -> None:
    """Facts from `WWW-Authenticate` values: the scheme and parameters of the main challenge."""
    challenges = [c for value in values for c in parse_www_authenticate(value)]
    if not challenges:
        return
    evidence.add_piece("www-authenticate", f"{where}, WWW-Authenticate")
    place = f"{where}, WWW-Authenticate"
    evidence.add_fact("challenge_schemes", " ".join(c.scheme for c in challenges), place)
    # The challenge with an error says why; else the token scheme's; else the first.
    main = next((c for c in challenges if c.error), None) or next(
        (c for c in challenges if c.scheme in ("bearer", "dpop")), challenges[0]
    )
    evidence.add_fact("challenge_scheme", main.scheme, place)
    for param in ("error", "error_description", "scope", "realm", "resource_metadata"):
        evidence.add_fact(f"challenge_{param}", main.params.get(param), place)
    for param in ("acr_values", "max_age", "algs"):
        evidence.add_fact(f"challenge_{param}", main.params.get(param), place)


def _collect_secrets(exchange: Exchange, evidence: Evidence) -> None:
    for message in (exchange.request, exchange.response):
        if message is None:
            continue
        for value in message.headers_named("cookie") + message.headers_named("set-cookie"):
            for cookie in _COOKIE_VALUE.findall(value):
                evidence.add_secret(cookie.strip())
        for value in message.headers_named("authorization"):
            evidence.add_secret(value.partition(" ")[2].strip())
        for value in message.headers_named("dpop"):
            evidence.add_secret(value.strip())
        for value in message.headers_named("location"):
            for secret in _LOCATION_SECRET.findall(value):
                evidence.add_secret(secret)
        for secret in _BODY_SECRET.findall(message.body):
            evidence.add_secret(secret)
        if message.body:
            find_tokens(message.body, evidence, f"{exchange.where}, body")
    if exchange.url:
        for secret in _LOCATION_SECRET.findall(exchange.url):
            evidence.add_secret(secret)


def _names(message: Message) -> str:
    names = {name.lower() for name, _ in message.headers}
    return " ".join(sorted(name for name in names if not name.startswith("x-har-")))


def _iso(date: str) -> str | None:
    """An HTTP date as ISO 8601 UTC, or None when it is not one."""
    try:
        parsed = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")
