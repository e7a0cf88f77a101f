"""Sorting one input (a paste, standard input or a file) into pieces, facts and findings.

JSON is tried first (a HAR is streamed, an Okta or Auth0 log export read whole); any other text
goes through every text recogniser, since one paste may mix a curl trace, a header and a log
line. Sizes are bounded: a HAR is streamed at any size, other input is read up to MAX_TEXT_BYTES.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import IO

from wizard.core.ingest.exchanges import learn_challenges, learn_from_exchanges
from wizard.core.ingest.har import read_har
from wizard.core.ingest.http_trace import read_trace
from wizard.core.ingest.idp_logs import (
    is_auth0_events,
    is_okta_events,
    read_auth0_events,
    read_okta_events,
)
from wizard.core.ingest.messages import recognise_messages
from wizard.core.ingest.model import Evidence
from wizard.core.ingest.tokens import find_tokens

MAX_TEXT_BYTES = 16 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
# What a log line's own time looks like (ISO 8601, OpenSearch's comma before milliseconds).
_LOG_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?")
_LOOSE_CHALLENGE = re.compile(r"^[\s<>]*www-authenticate\s*:\s*(?P<value>.+)$", re.I | re.M)

ACCEPTED = (
    "a token or an Authorization header, a curl -v / -i or HTTPie trace, a WWW-Authenticate "
    "header, a HAR file, a validator's or gateway's error line, or an Okta / Auth0 log export"
)


def ingest_path(path: str | Path) -> Evidence:
    """Read a file (streamed when it is a HAR); the caller reports OSError itself."""
    name = Path(path).name
    with open(path, "rb") as stream:
        return ingest_stream(stream, name)


def ingest_text(text: str, where: str = "the paste") -> Evidence:
    """Sort a paste already in memory."""
    return ingest_stream(io.BytesIO(text.encode("utf-8", "surrogatepass")), where)


def ingest_stream(stream: IO[bytes], where: str) -> Evidence:
    """Sort whatever `stream` holds; never raises on bad content, says what it saw instead."""
    evidence = Evidence()
    first = stream.read(SNIFF_BYTES)
    if _is_binary(first):
        evidence.notes.append(f"{where} is binary data, not text.")
        return evidence
    if _looks_like_har(first):
        summary = read_har(stream, first, evidence, where)
        for exchange in summary.kept:
            if exchange.response is not None and (exchange.response.status or 0) >= 400:
                text = "\n".join(exchange.response.headers_named("www-authenticate"))
                _messages(text + "\n" + exchange.response.body, evidence, exchange.where)
        return evidence
    rest = stream.read(MAX_TEXT_BYTES - len(first) + 1)
    data = first + rest
    if len(data) > MAX_TEXT_BYTES:
        data = data[:MAX_TEXT_BYTES]
        evidence.notes.append(f"Only the first {MAX_TEXT_BYTES // (1024 * 1024)} MB were read.")
    text = data.decode("utf-8", errors="replace")
    if not _read_json(text, evidence, where):
        _read_text(text, evidence, where)
    return evidence


def _read_json(text: str, evidence: Evidence, where: str) -> bool:
    """Read `text` as one of the JSON exports; False when it is not (text recognisers go on)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return False
    try:
        data = json.loads(stripped)
    except (ValueError, RecursionError):
        if stripped[0] == "[" and '"eventType"' in stripped[:SNIFF_BYTES]:
            evidence.notes.append(f"{where} looks like an Okta export but is cut or broken JSON.")
        return False
    if is_okta_events(data):
        read_okta_events(data, evidence, where)
        return True
    if is_auth0_events(data):
        read_auth0_events(data, evidence, where)
        return True
    return False


def _read_text(text: str, evidence: Evidence, where: str) -> None:
    trace = read_trace(text, where)
    if trace is not None:
        evidence.add_piece(trace.kind, f"{where} ({len(trace.exchanges)} hop(s))")
        learn_from_exchanges(trace.exchanges, evidence)
    else:
        values = [m["value"] for m in _LOOSE_CHALLENGE.finditer(text[: SNIFF_BYTES * 4])]
        learn_challenges(values, evidence, where)
    find_tokens(text, evidence, where)
    _messages(text, evidence, where)


def _messages(text: str, evidence: Evidence, where: str) -> None:
    """Findings and facts from the known messages in `text`, each placed at its line."""
    lines = None
    for match in recognise_messages(text):
        place = f"{where} line {match.line}" if "\n" in text.strip() else where
        evidence.add_piece("validator-message", f"{place}: {match.rule.family}")
        evidence.add_finding(match.finding(place))
        for name, value in match.facts.items():
            evidence.add_fact(name, value, f"{place} ({match.message_id})")
        lines = lines or text.splitlines()
        # A stack trace puts the message a few lines under the line with the time.
        for number in range(match.line, max(0, match.line - 5), -1):
            line = lines[number - 1] if number <= len(lines) else ""
            stamp = _LOG_TIME.search(line[:200])
            if stamp:
                evidence.add_fact("request_time", stamp.group(0), f"{where} line {number}, time")
                break


def _is_binary(first: bytes) -> bool:
    sample = first[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13, 27))
    return controls > len(sample) // 20


def _looks_like_har(first: bytes) -> bool:
    head = first.lstrip()[:SNIFF_BYTES]
    return head.startswith(b"{") and b'"log"' in head[:4096] and b'"entries"' in head
