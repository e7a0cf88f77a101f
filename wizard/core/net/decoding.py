"""Content-Encoding undone by hand, with the size cap counted on the decoded bytes.

httpx decodes a response as it streams, but one small compressed chunk may inflate to
gigabytes in a single zlib call that never yields to the event loop (so no timeout fires).
Here each zlib call is given an output limit, every layer of a stacked encoding
(`gzip, gzip`) is bounded the same way, and encodings the wizard cannot bound are refused.
"""

from __future__ import annotations

import zlib

# Output of one decompress call: small enough that the loop is never held for long.
STEP = 64 * 1024
MAX_LAYERS = 3
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class DecodingProblem(Exception):
    """The body cannot be decoded within the rules; the message says why."""


class TooLarge(DecodingProblem):
    """The decoded body went past the cap."""


def parse_encodings(header: str) -> list[str]:
    """The codings named by a Content-Encoding header, in the order they were applied."""
    codings = [part.strip().lower() for part in header.split(",") if part.strip()]
    return [coding for coding in codings if coding != "identity"]


class _Layer:
    """One zlib stream (gzip members may follow one another: each starts a new stream)."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.wbits = _WBITS[coding]
        self.stream = zlib.decompressobj(self.wbits)
        self.raw_deflate_tried = False

    def feed(self, data: bytes, cap: int, produced: int) -> bytes:
        out: list[bytes] = []
        while data:
            try:
                piece = self.stream.decompress(data, STEP)
            except zlib.error as exc:
                if self.coding == "deflate" and not self.raw_deflate_tried and produced == 0:
                    # Some servers send raw deflate without the zlib wrapper (RFC 9110 8.4.1.2).
                    self.raw_deflate_tried = True
                    self.stream = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise DecodingProblem(f"its {self.coding} body is corrupt ({exc})") from None
            produced += len(piece)
            if produced > cap:
                raise TooLarge(self.coding)
            out.append(piece)
            data = self.stream.unconsumed_tail
            if self.stream.eof:
                data = self.stream.unused_data + data
                if data and self.coding in ("gzip", "x-gzip"):
                    self.stream = zlib.decompressobj(self.wbits)
                else:
                    data = b""
        return b"".join(out)


class BoundedDecoder:
    """Feeds raw body bytes through every coding, outermost first; never more than `cap` out."""

    def __init__(self, content_encoding: str, cap: int) -> None:
        codings = parse_encodings(content_encoding)
        if len(codings) > MAX_LAYERS:
            raise DecodingProblem(
                f"it is encoded {len(codings)} times over ({', '.join(codings)}); "
                f"at most {MAX_LAYERS} layers are read"
            )
        unknown = [coding for coding in codings if coding not in _WBITS]
        if unknown:
            raise DecodingProblem(
                f"it used the content encoding {unknown[0]!r}, which the wizard did not ask "
                "for and does not decode"
            )
        self.cap = cap
        # The last coding listed was applied last, so it is undone first.
        self.layers = [_Layer(coding) for coding in reversed(codings)]
        self.produced = [0] * len(self.layers)
        self.size = 0

    def feed(self, chunk: bytes) -> bytes:
        data = chunk
        for index, layer in enumerate(self.layers):
            data = layer.feed(data, self.cap, self.produced[index])
            self.produced[index] += len(data)
        self.size += len(data)
        if self.size > self.cap:
            raise TooLarge("identity")
        return data
