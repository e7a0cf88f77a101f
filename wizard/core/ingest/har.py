"""HAR 1.2 files: every entry read as an HTTP exchange, streamed, sanitized variants accepted.

Browsers and tools sanitize HARs in different ways: Chrome drops Authorization and cookies,
Cloudflare's sanitizer keeps a JWT's header and payload and writes `redacted` for its signature,
others replace cookie values by hash prefixes. Each variant is recognised and said, so nobody
is told a header was missing when it was only removed for privacy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any

from wizard.core.ingest.exchanges import learn_from_exchanges
from wizard.core.ingest.http_trace import MAX_BODY_CHARS, Exchange, Message
from wizard.core.ingest.jsonstream import StreamEnd, stream_har
from wizard.core.ingest.model import Evidence

# Exchanges kept for facts: the interesting ones, the latest of them.
MAX_KEPT = 500
_REDACTED_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.(?:redacted|REDACTED|\*+)")
_HASHED_VALUE = re.compile(
    r"^(?:[a-z0-9]{2,10}[:_-])?[0-9a-f]{8,64}$|^\[?(?:hashed|redacted)", re.I
)
# Browsers refuse a cookie larger than about 4 KB; session cookies near it break logins.
COOKIE_LIMIT = 4096


@dataclass
class HarSummary:
    """What reading a HAR saw beyond the facts: counts and the sanitizing it found."""

    entries: int = 0
    kept: list[Exchange] = field(default_factory=list)
    with_authorization: int = 0
    redacted_jwts: int = 0
    hashed_cookies: int = 0
    largest_cookie: int = 0


def read_har(stream: IO[bytes], first: bytes, evidence: Evidence, where: str) -> HarSummary:
    """Stream a HAR's entries into `evidence`; a cut file gives the entries before the cut."""
    summary = HarSummary()
    end = StreamEnd()
    for kind, index, value in stream_har(stream, first, end):
        if kind != "entry" or not isinstance(value, dict):
            continue
        summary.entries += 1
        # Most entries of a big HAR are assets answered 200: they are only counted, cheaply;
        # an exchange is built for the ones that can carry facts.
        if _tally(value, summary):
            summary.kept.append(entry_exchange(value, f"{where} entry {index + 1}"))
            if len(summary.kept) > MAX_KEPT:
                del summary.kept[0]
    evidence.add_piece("har", f"{where} ({summary.entries} entries)")
    if end.truncated:
        evidence.notes.append(
            f"The HAR is cut or broken ({end.reason}); the {summary.entries} entries before "
            "that were read."
        )
    learn_from_exchanges(summary.kept, evidence)
    _say_sanitized(summary, evidence)
    return summary


def entry_exchange(entry: dict[str, Any], where: str) -> Exchange:
    """One HAR entry as an exchange of request and response messages."""
    request = _dict(entry.get("request"))
    response = _dict(entry.get("response"))
    url = str(request.get("url") or "")
    method = str(request.get("method") or "GET")
    first = f"{method} {url or '/'} HTTP/1.1"
    req = Message(first, 0, _headers(request), _post_text(request))
    status = response.get("status")
    exchange = Exchange(where, req, url=url or None, started=_text(entry.get("startedDateTime")))
    if isinstance(status, int) and 100 <= status <= 599:
        content = _dict(response.get("content"))
        body = _text(content.get("text")) or ""
        if content.get("encoding") == "base64" or "javascript" in str(content.get("mimeType")):
            body = ""
        headers = _headers(response)
        redirect = _text(response.get("redirectURL"))
        if redirect and not any(name.lower() == "location" for name, _ in headers):
            headers.append(("location", redirect))
        exchange.response = Message(f"HTTP/1.1 {status}", 0, headers, body[:MAX_BODY_CHARS])
    for cookie in _list(request.get("cookies")) + _list(response.get("cookies")):
        value = _text(_dict(cookie).get("value"))
        if value:
            req.headers.append(("x-har-cookie", value))
    return exchange


def _tally(entry: dict[str, Any], summary: HarSummary) -> bool:
    """Count what the sanitizing notes need; True when the entry can carry facts."""
    request, response = _dict(entry.get("request")), _dict(entry.get("response"))
    authorized = False
    for header in _list(request.get("headers")):
        header = _dict(header)
        name, value = str(header.get("name") or "").lower(), _text(header.get("value")) or ""
        if name == "authorization":
            authorized = True
        elif name == "cookie":
            summary.largest_cookie = max(summary.largest_cookie, len(value))
        if "eyJ" in value:
            summary.redacted_jwts += len(_REDACTED_JWT.findall(value))
    for cookie in _list(request.get("cookies")):
        if _HASHED_VALUE.match(_text(_dict(cookie).get("value")) or ""):
            summary.hashed_cookies += 1
    body = _text(_dict(response.get("content")).get("text")) or ""
    if "eyJ" in body:
        summary.redacted_jwts += len(_REDACTED_JWT.findall(body[:MAX_BODY_CHARS]))
    summary.with_authorization += authorized
    status = response.get("status")
    url = str(request.get("url") or "")
    return not isinstance(status, int) or status >= 300 or authorized or "token" in url


def _say_sanitized(summary: HarSummary, evidence: Evidence) -> None:
    if summary.entries and not summary.with_authorization:
        evidence.add_fact("har_authorization", "absent", "the HAR's requests")
        evidence.notes.append(
            "No request in the HAR carries an Authorization header: the browser or a sanitizer "
            "removed it (Chrome does), or the app sends its token another way (a cookie)."
        )
    if summary.redacted_jwts:
        evidence.add_piece("har-sanitized", f"{summary.redacted_jwts} JWTs with signature redacted")
        evidence.notes.append(
            f"{summary.redacted_jwts} JWT(s) have their signature redacted: header and claims "
            "can be read, the signature cannot be checked."
        )
    if summary.hashed_cookies:
        evidence.add_piece("har-sanitized", f"{summary.hashed_cookies} cookies replaced by hashes")
    if summary.largest_cookie > COOKIE_LIMIT:
        evidence.add_fact("cookie_bytes", str(summary.largest_cookie), "the HAR's largest Cookie")
        evidence.notes.append(
            f"A request sends {summary.largest_cookie} bytes of cookies, more than browsers keep "
            "per cookie (about 4 KB): a session cookie this large is split or dropped."
        )


def _headers(message: dict[str, Any]) -> list[tuple[str, str]]:
    headers = []
    for item in _list(message.get("headers"))[:500]:
        item = _dict(item)
        name, value = _text(item.get("name")), _text(item.get("value"))
        if name and value is not None:
            headers.append((name, value[:MAX_BODY_CHARS]))
    return headers


def _post_text(request: dict[str, Any]) -> str:
    post = _dict(request.get("postData"))
    text = _text(post.get("text")) or ""
    params = "&".join(
        f"{_text(_dict(p).get('name')) or ''}={_text(_dict(p).get('value')) or ''}"
        for p in _list(post.get("params"))[:200]
    )
    return (text + ("\n" + params if params else ""))[:MAX_BODY_CHARS]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
