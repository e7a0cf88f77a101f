"""`wizard sanitize --check`: find any credential still live in a HAR or a text file.

A slot is live unless it holds what the sanitizer writes (see `credentials.is_safe_value`):
an Authorization value, a cookie value, an API-key header, a secret parameter, a JWT whose
signature is still there. Findings name the place and the kind, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import parse_qsl, urlsplit

from wizard.core.ingest.credentials import (
    JWT,
    REMOVED,
    REMOVED_PARAMS,
    SECRET_HEADERS,
    TOKEN_PARAMS,
    is_safe_value,
)
from wizard.core.ingest.jsonstream import StreamEnd, stream_har
from wizard.core.ingest.sanitize import decode_base64_text

MAX_FINDINGS = 1000
_TEXT_AUTHORIZATION = re.compile(r"\bauthorization\s*:\s*(\w+)[ \t]+([^\s'\"]+)", re.I)
_TEXT_PARAM = re.compile(
    r"\b(" + "|".join(REMOVED_PARAMS) + r")(?:=|\"\s*:\s*\")([^&\s\"]+)", re.IGNORECASE
)


def check_har(source: IO[bytes], first: bytes) -> tuple[list[str], StreamEnd]:
    """Where live credentials remain in a HAR (at most MAX_FINDINGS), and how reading ended."""
    end = StreamEnd()
    found: list[str] = []
    for kind, name, value in stream_har(source, first, end):
        where = f"entry {name + 1}" if kind == "entry" else f"log.{name}"
        found += list(_entry_findings(value, where)) if kind == "entry" else []
        found += [f"{where}: a JWT with its signature" for _ in _live_jwts(value)][:1]
        if len(found) >= MAX_FINDINGS:
            break
    return found[:MAX_FINDINGS], end


def check_text(text: str) -> list[str]:
    """Where live credentials remain in plain text (a trace or a log), by line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if any(not is_safe_value(m.group(0)) for m in JWT.finditer(line)):
            found.append(f"line {number}: a JWT with its signature")
        for match in _TEXT_AUTHORIZATION.finditer(line):
            if not is_safe_value(match.group(2)):
                found.append(f"line {number}: a {match.group(1)} credential")
        for match in _TEXT_PARAM.finditer(line):
            if match.group(2) != REMOVED and match.group(2) != "%5Bremoved%5D":
                found.append(f"line {number}: a {match.group(1)}")
        if len(found) >= MAX_FINDINGS:
            break
    return found[:MAX_FINDINGS]


def _entry_findings(entry: Any, where: str) -> Iterator[str]:
    if not isinstance(entry, dict):
        return
    for side in ("request", "response"):
        message = entry.get(side)
        if not isinstance(message, dict):
            continue
        place = f"{where} {side}"
        for header in _list(message.get("headers")):
            yield from _header_findings(header, place)
        for cookie in _list(message.get("cookies")):
            if isinstance(cookie, dict) and not is_safe_value(str(cookie.get("value") or "")):
                yield f"{place}: cookie {cookie.get('name')}"
        for item in _list(message.get("queryString")) + _list(
            (message.get("postData") or {}).get("params")
            if isinstance(message.get("postData"), dict)
            else []
        ):
            if isinstance(item, dict):
                yield from _param_finding(str(item.get("name")), str(item.get("value")), place)
        for key in ("url", "redirectURL"):
            if isinstance(message.get(key), str):
                yield from _url_findings(message[key], place)
        post = message.get("postData")
        if isinstance(post, dict) and isinstance(post.get("text"), str):
            yield from _body_findings(post["text"], f"{place} postData")
        content = message.get("content")
        if isinstance(content, dict) and isinstance(content.get("text"), str):
            text = content["text"]
            if content.get("encoding") == "base64":
                text = decode_base64_text(text) or text
            yield from _body_findings(text, f"{place} content")
            yield from (f"{place} content: a JWT with its signature" for _ in _live_jwts(text))


def _header_findings(header: Any, place: str) -> Iterator[str]:
    if not isinstance(header, dict):
        return
    name, value = str(header.get("name") or "").lower(), str(header.get("value") or "")
    if name in ("authorization", "proxy-authorization"):
        scheme, _, credential = value.strip().partition(" ")
        if credential and not is_safe_value(credential):
            yield f"{place}: an Authorization {scheme} credential"
    elif name in ("cookie", "set-cookie"):
        pairs = value.split(";") if name == "cookie" else value.split(";")[:1]
        for pair in pairs:
            cookie, sep, cookie_value = pair.strip().partition("=")
            if sep and not is_safe_value(cookie_value):
                yield f"{place}: cookie {cookie} in a {name} header"
    elif name in SECRET_HEADERS and not is_safe_value(value):
        yield f"{place}: a {name} header"
    elif name in ("location", "referer"):
        yield from _url_findings(value, place)


def _url_findings(url: str, place: str) -> Iterator[str]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    for encoded in (parts.query, parts.fragment):
        for name, value in parse_qsl(encoded, keep_blank_values=True):
            yield from _param_finding(name, value, place)


def _param_finding(name: str, value: str, place: str) -> Iterator[str]:
    lowered = name.lower()
    removable = lowered in REMOVED_PARAMS and value not in ("", REMOVED)
    if removable or (lowered in TOKEN_PARAMS and value and not is_safe_value(value)):
        yield f"{place}: a {name} parameter"


def _body_findings(text: str, place: str) -> Iterator[str]:
    for match in _TEXT_PARAM.finditer(text):
        if match.group(2) not in (REMOVED, "%5Bremoved%5D"):
            yield f"{place}: a {match.group(1)}"
    for name in TOKEN_PARAMS - {"code", "token"}:
        for match in re.finditer(rf"\"{name}\"\s*:\s*\"([^\"]+)\"", text):
            if not is_safe_value(match.group(1)):
                yield f"{place}: an {name}"


def _live_jwts(value: Any) -> Iterator[str]:
    """Each live JWT anywhere in a JSON value (its place is reported, never the token)."""
    if isinstance(value, str):
        for match in JWT.finditer(value):
            if not is_safe_value(match.group(0)):
                yield "jwt"
    elif isinstance(value, dict):
        for item in value.values():
            yield from _live_jwts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _live_jwts(item)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
