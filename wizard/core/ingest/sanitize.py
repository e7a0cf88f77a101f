"""`wizard sanitize`: a copy of a HAR that is safe to attach to a ticket, and what was removed.

JWT signatures go (header and payload stay readable); cookies and opaque tokens become keyed
hash prefixes, the same secret the same pseudonym across the file, so requests still match up;
client secrets, PKCE verifiers, passwords, refresh tokens and Basic credentials are removed;
JavaScript bodies are dropped. Entries are streamed: a HAR of any size is written entry by entry.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets as random
from collections import Counter
from typing import IO, Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from wizard.core.ingest.credentials import (
    JWT,
    REMOVED,
    REMOVED_PARAMS,
    SECRET_HEADERS,
    TOKEN_PARAMS,
    Pseudonyms,
    is_safe_value,
    strip_signature,
)
from wizard.core.ingest.jsonstream import StreamEnd, stream_har

_FORM = re.compile(r"^[\w.%-]+=[^&]*(?:&[\w.%-]+=[^&]*)*$")


class Sanitizer:
    """Rewrites the credential slots of HAR values, counting what it did."""

    def __init__(self, key: bytes | None = None) -> None:
        self.names = Pseudonyms(key or random.token_bytes(32))
        self.report: Counter[str] = Counter()

    # --- strings -----------------------------------------------------------------------

    def token(self, value: str) -> str:
        """A token value: a JWS loses its signature, anything else gets a pseudonym."""
        if is_safe_value(value):
            return value
        match = JWT.fullmatch(value.strip())
        if match and value.count(".") == 2:
            self.report["JWT signatures removed"] += 1
            return strip_signature(value.strip())
        self.report["opaque tokens replaced by pseudonyms"] += 1
        return self.names.name("token", value)

    def text(self, text: str) -> str:
        """Free text: every JWT in it loses its signature."""

        def change(match: re.Match[str]) -> str:
            jwt = match.group(0)
            if is_safe_value(jwt):
                return jwt
            if jwt.count(".") != 2:
                self.report["encrypted tokens replaced by pseudonyms"] += 1
                return self.names.name("token", jwt)
            self.report["JWT signatures removed"] += 1
            return strip_signature(jwt)

        return JWT.sub(change, text)

    def param(self, name: str, value: str) -> str:
        lowered = name.lower()
        if lowered in REMOVED_PARAMS:
            if value and value != REMOVED:
                self.report[f"{REMOVED_PARAMS[lowered]} removed"] += 1
            return REMOVED if value else value
        if lowered in TOKEN_PARAMS and value:
            return self.token(value)
        return self.text(value)

    def url(self, url: str) -> str:
        """A URL whose query and fragment parameters are sanitized."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return self.text(url)
        query = self.form(parts.query) if parts.query else parts.query
        fragment = self.form(parts.fragment) if "=" in parts.fragment else parts.fragment
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))

    def form(self, encoded: str) -> str:
        pairs = parse_qsl(encoded, keep_blank_values=True)
        return "&".join(f"{quote(k, safe='')}={quote(self.param(k, v), safe='')}" for k, v in pairs)

    def header(self, name: str, value: str) -> str:
        lowered = name.lower()
        if lowered in ("authorization", "proxy-authorization"):
            return self.authorization(value)
        if lowered == "cookie":
            return "; ".join(self.cookie_pair(pair) for pair in value.split(";") if pair.strip())
        if lowered == "set-cookie":
            first, sep, attributes = value.partition(";")
            return self.cookie_pair(first) + sep + attributes
        if lowered in SECRET_HEADERS:
            return value if is_safe_value(value) else self.secret(value)
        if lowered in ("location", "referer"):
            return self.url(value)
        return self.text(value)

    def authorization(self, value: str) -> str:
        scheme, _, credential = value.strip().partition(" ")
        if not credential or is_safe_value(credential):
            return value
        if scheme.lower() == "basic":
            self.report["Basic credentials removed"] += 1
            return f"{scheme} {REMOVED}"
        return f"{scheme} {self.token(credential.strip())}"

    def cookie_pair(self, pair: str) -> str:
        name, sep, value = pair.strip().partition("=")
        if not sep or is_safe_value(value):
            return pair.strip()
        self.report["cookies replaced by pseudonyms"] += 1
        return f"{name}={self.names.name('cookie', value)}"

    def secret(self, value: str) -> str:
        self.report["API keys replaced by pseudonyms"] += 1
        return self.names.name("secret", value)

    def body(self, text: str, mime: str) -> str:
        """A request or response body: JSON and form members by name, any JWT in the rest."""
        stripped = text.strip()
        if stripped[:1] in "{[":
            try:
                data = json.loads(stripped)
            except ValueError:
                return self.text(text)
            return json.dumps(self.json_value(data), ensure_ascii=False)
        if "x-www-form-urlencoded" in mime or _FORM.match(stripped):
            return self.form(stripped)
        return self.text(text)

    def json_value(self, value: Any, name: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.json_value(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json_value(item, name) for item in value]
        if isinstance(value, str):
            return self.param(name, value)
        return value

    # --- HAR entries ---------------------------------------------------------------------

    def entry(self, entry: dict[str, Any]) -> dict[str, Any]:
        """A sanitized copy of one HAR entry."""
        out = dict(entry)
        for side in ("request", "response"):
            message = entry.get(side)
            if isinstance(message, dict):
                out[side] = self.message(message)
        return out

    def message(self, message: dict[str, Any]) -> dict[str, Any]:
        out = dict(message)
        if isinstance(message.get("url"), str):
            out["url"] = self.url(message["url"])
        if isinstance(message.get("redirectURL"), str):
            out["redirectURL"] = self.url(message["redirectURL"])
        out["headers"] = [self.name_value(h, self.header) for h in _list(message.get("headers"))]
        out["cookies"] = [self.cookie(c) for c in _list(message.get("cookies"))]
        if "queryString" in message:
            out["queryString"] = [
                self.name_value(q, self.param) for q in _list(message.get("queryString"))
            ]
        post = message.get("postData")
        if isinstance(post, dict):
            post = dict(post)
            if isinstance(post.get("text"), str):
                post["text"] = self.body(post["text"], str(post.get("mimeType") or ""))
            if "params" in post:
                post["params"] = [self.name_value(p, self.param) for p in _list(post["params"])]
            out["postData"] = post
        content = message.get("content")
        if isinstance(content, dict):
            out["content"] = self.content(content)
        return out

    def content(self, content: dict[str, Any]) -> dict[str, Any]:
        out = dict(content)
        text = content.get("text")
        if not isinstance(text, str):
            return out
        mime = str(content.get("mimeType") or "")
        if "javascript" in mime or "ecmascript" in mime:
            self.report["JavaScript bodies dropped"] += 1
            out["text"] = ""
            out["comment"] = "JavaScript body dropped by wizard sanitize"
        elif content.get("encoding") == "base64":
            # A browser saves some bodies (token responses included) as base64: sanitize
            # what they say, then encode them again.
            decoded = decode_base64_text(text)
            if decoded is None:
                out["text"] = self.text(text)
            else:
                cleaned = self.body(decoded, mime).encode("utf-8")
                out["text"] = base64.b64encode(cleaned).decode("ascii")
        else:
            out["text"] = self.body(text, mime)
        return out

    def name_value(self, item: Any, change: Any) -> Any:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            return item
        return {**item, "value": change(str(item.get("name") or ""), item["value"])}

    def cookie(self, cookie: Any) -> Any:
        if not isinstance(cookie, dict) or not isinstance(cookie.get("value"), str):
            return cookie
        value = cookie["value"]
        if is_safe_value(value):
            return cookie
        self.report["cookies replaced by pseudonyms"] += 1
        return {**cookie, "value": self.names.name("cookie", value)}

    def any_value(self, value: Any) -> Any:
        """A log member other than the entries (pages, creator, comment): JWTs only."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.any_value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.any_value(item) for item in value]
        return value


def sanitize_har(source: IO[bytes], first: bytes, out: IO[str]) -> tuple[Counter[str], StreamEnd]:
    """Write a sanitized HAR of `source` to `out`; the counts of what was done, and how it ended.

    Entries are written as they are read; the other members of `log` follow them (member order
    carries no meaning in JSON).
    """
    sanitizer = Sanitizer()
    end = StreamEnd()
    members: dict[str, Any] = {}
    out.write('{"log": {"entries": [')
    count = 0
    for kind, name, value in stream_har(source, first, end):
        if kind == "member":
            members[str(name)] = sanitizer.any_value(value)
            continue
        if not isinstance(value, dict):
            continue
        out.write(",\n" if count else "\n")
        out.write(json.dumps(sanitizer.entry(value), ensure_ascii=False))
        count += 1
    out.write("\n]")
    for name, value in members.items():
        out.write(f", {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}")
    out.write("}}\n")
    sanitizer.report["entries written"] = count
    return sanitizer.report, end


def decode_base64_text(text: str) -> str | None:
    """A base64 HAR body as text, or None when it is not base64 of UTF-8 text."""
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
