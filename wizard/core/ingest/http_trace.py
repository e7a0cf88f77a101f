"""HTTP traces as people paste them: `curl -v`, `curl -i`, HTTPie, raw requests and responses.

curl -v marks request lines with '> ', response lines with '< ' and its own notes with '* ';
HTTP/2 writes header names in lower case; `curl -L` shows one request and response per hop.
HTTPie and raw dumps have no markers: a request line or a status line starts a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REQUEST_LINE = re.compile(
    r"^(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)\s+(?P<target>\S+)"
    r"\s+HTTP/[0-9.]+\s*$"
)
STATUS_LINE = re.compile(r"^HTTP/(?P<version>[0-9.]+)\s+(?P<status>[1-5]\d\d)\b(?P<reason>.*)$")
HEADER_LINE = re.compile(r"^(?P<name>[A-Za-z0-9!#$%&'*+.^_`|~-]{1,80}):[ \t]*(?P<value>.*)$")
CONNECTED = re.compile(r"Connected to (?P<host>\S+) .*?port (?P<port>\d+)")
# Bounds: a trace longer than this is not one person's paste.
MAX_LINES = 200_000
MAX_BODY_CHARS = 64 * 1024
MAX_MESSAGES = 200


@dataclass
class Message:
    """One request or response: its first line, headers in order, and the start of its body."""

    first_line: str
    line: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""

    def header(self, name: str) -> str | None:
        """The first header of that name (names compare case-insensitively), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def headers_named(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    @property
    def status(self) -> int | None:
        match = STATUS_LINE.match(self.first_line)
        return int(match["status"]) if match else None

    @property
    def method(self) -> str | None:
        match = REQUEST_LINE.match(self.first_line)
        return match["method"] if match else None

    @property
    def target(self) -> str | None:
        match = REQUEST_LINE.match(self.first_line)
        return match["target"] if match else None


@dataclass
class Exchange:
    """A request and the response to it (either may be missing), with where it was."""

    where: str
    request: Message | None = None
    response: Message | None = None
    url: str | None = None
    started: str | None = None  # when the request was made, as the source wrote it


@dataclass
class Trace:
    """The exchanges of one trace and what kind of trace it was."""

    kind: str
    exchanges: list[Exchange]


def read_trace(text: str, where: str) -> Trace | None:
    """The HTTP exchanges in `text`, or None when it holds no request or status line."""
    reader = _TraceReader()
    for number, line in enumerate(text.splitlines()[:MAX_LINES], start=1):
        reader.feed(number, line)
        if len(reader.messages) >= MAX_MESSAGES:
            break
    if not reader.messages:
        return None
    return Trace(reader.kind(), _pair(reader.messages, reader.scheme, where))


class _TraceReader:
    """A line-by-line state machine: which message is open and whether its headers ended."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.current: Message | None = None
        self.in_body = False
        self.marked = False
        self.scheme = "https"

    def feed(self, number: int, line: str) -> None:
        marker, content = _split_marker(line)
        if marker == "*":
            connected = CONNECTED.search(content)
            if connected and connected["port"] == "80":
                self.scheme = "http"
            return
        if marker == "data":
            return
        if marker in (">", "<"):
            self.marked = True
        content = content.rstrip("\r")
        if REQUEST_LINE.match(content) or STATUS_LINE.match(content):
            self.current = Message(content.strip(), number)
            self.messages.append(self.current)
            self.in_body = False
            return
        if self.current is None:
            return
        if not self.in_body:
            if not content.strip():
                self.in_body = True
                return
            header = HEADER_LINE.match(content)
            if header:
                self.current.headers.append((header["name"], header["value"].strip()))
                return
            self.in_body = True
        if marker is None and self.in_body and len(self.current.body) < MAX_BODY_CHARS:
            self.current.body += content + "\n"

    def kind(self) -> str:
        if self.marked:
            return "curl-verbose"
        if any(m.method for m in self.messages):
            return "http-request" if all(m.method for m in self.messages) else "httpie"
        return "http-response"


def _split_marker(line: str) -> tuple[str | None, str]:
    """curl -v's marker of a line ('>', '<', '*', or 'data' for its byte counts) and the rest."""
    if line[:2] in ("> ", "< ", "* ") or line in (">", "<"):
        return line[0], line[2:]
    if line.startswith(("{ [", "} [")):
        return "data", ""
    return None, line


def _pair(messages: list[Message], scheme: str, where: str) -> list[Exchange]:
    """Each response with the request before it; a lone response or request is its own hop."""
    exchanges: list[Exchange] = []
    for message in messages:
        if message.method is not None:
            hop = len(exchanges) + 1
            exchanges.append(Exchange(f"{where} hop {hop} (line {message.line})", message))
            exchanges[-1].url = _url_of(message, scheme)
        elif exchanges and exchanges[-1].response is None and exchanges[-1].request is not None:
            exchanges[-1].response = message
        else:
            hop = len(exchanges) + 1
            exchanges.append(Exchange(f"{where} hop {hop} (line {message.line})", response=message))
    return exchanges


def _url_of(request: Message, scheme: str) -> str | None:
    target = request.target or ""
    if target.startswith(("http://", "https://")):
        return target
    host = request.header("host") or request.header(":authority")
    if not host:
        return None
    if host.endswith(":80"):
        scheme, host = "http", host[:-3]
    return f"{scheme}://{host}{target}"
