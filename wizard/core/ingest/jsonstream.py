"""Reading a HAR's entries one at a time, so a 200 MB file never sits in memory whole.

Only the shape HAR 1.2 has is streamed: an object whose `log` member holds `entries`, an array.
Every other member is decoded whole (they are small); each entry is decoded by the standard
decoder from a buffer refilled as needed. A cut file yields the entries before the cut.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

CHUNK = 1024 * 1024
# One entry (or another member) larger than this is not decoded: the file is not a sane HAR.
MAX_VALUE_CHARS = 32 * 1024 * 1024


class NotStreamable(Exception):
    """The text is not a HAR-shaped JSON object (the message says where it stopped)."""


@dataclass
class StreamEnd:
    """How the stream ended: whole, or cut (with the reason)."""

    truncated: bool = False
    reason: str = ""


class _Buffer:
    """Decoded text with a read position, refilled from the byte stream on demand."""

    def __init__(self, stream: IO[bytes], first: bytes = b"") -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.text = self.decoder.decode(first)
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            self.text += self.decoder.decode(b"", final=True)
            return False
        if self.pos > CHUNK:
            self.text, self.pos = self.text[self.pos :], 0
        self.text += self.decoder.decode(chunk)
        return True

    def skip_space(self, also: str = "") -> str:
        """The next character that is not whitespace (or in `also`), "" at the end."""
        while True:
            text, pos = self.text, self.pos
            while pos < len(text) and (text[pos] in " \t\r\n" or text[pos] in also):
                pos += 1
            self.pos = pos
            if pos < len(text):
                return text[pos]
            if not self.more():
                return ""

    def expect(self, char: str) -> None:
        found = self.skip_space()
        if found != char:
            raise NotStreamable(f"expected '{char}' but found {found or 'the end'!r}")
        self.pos += 1

    def value(self, decoder: json.JSONDecoder) -> Any:
        """Decode one JSON value at the position, reading more while it is incomplete."""
        self.skip_space()
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.text) - self.pos > MAX_VALUE_CHARS:
                    raise NotStreamable("a value larger than the limit") from None
                if not self.more():
                    raise NotStreamable(f"the file ends inside a value ({exc.msg})") from None
                continue
            self.pos = end
            return value


def stream_har(stream: IO[bytes], first: bytes, end: StreamEnd) -> Iterator[tuple[str, Any, Any]]:
    """Yield ("member", name, value) for log members and ("entry", index, entry) for entries.

    `first` is what was already read of the stream to sniff it. A cut or broken file stops the
    iteration and says why in `end`; a file of another shape raises NotStreamable at once.
    """
    buffer = _Buffer(stream, first)
    decoder = json.JSONDecoder()
    buffer.expect("{")
    try:
        for name in _members(buffer, decoder):
            if name != "log":
                buffer.value(decoder)
                continue
            buffer.expect("{")
            for member in _members(buffer, decoder):
                if member != "entries":
                    yield "member", member, buffer.value(decoder)
                    continue
                buffer.expect("[")
                index = 0
                while buffer.skip_space(",") not in ("]", ""):
                    yield "entry", index, buffer.value(decoder)
                    index += 1
                if buffer.skip_space() == "":
                    raise NotStreamable("the file ends inside the entries")
                buffer.pos += 1
    except NotStreamable as problem:
        end.truncated, end.reason = True, str(problem)


def _members(buffer: _Buffer, decoder: json.JSONDecoder) -> Iterator[str]:
    """The member names of the object just opened, leaving the buffer at each value."""
    while True:
        found = buffer.skip_space(",")
        if found == "}":
            buffer.pos += 1
            return
        if found != '"':
            raise NotStreamable(f"expected a member name but found {found or 'the end'!r}")
        name = buffer.value(decoder)
        buffer.expect(":")
        yield str(name)
