"""The headless faces' standard streams, made inert: nothing printed can drive the terminal.

Results quote token claims, server answers and file content; any of them may carry an escape
sequence (an OSC 52 clipboard write, a window title), a C1 control or a bidi override. Every
write to stdout and stderr goes through `for_terminal`, so whatever a command prints, the
terminal only ever receives printable text; JSON output stays valid (`\\uNNNN` is JSON's escape).
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from wizard.core.vocab.display import for_terminal


class InertStream:
    """A text stream that writes `for_terminal(text)` to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(for_terminal(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def make_standard_streams_inert() -> None:
    """Wrap sys.stdout and sys.stderr once (the TUI draws through its own driver, untouched)."""
    if not isinstance(sys.stdout, InertStream):
        sys.stdout = InertStream(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, InertStream):
        sys.stderr = InertStream(sys.stderr)  # type: ignore[assignment]


def raw_stream(stream: Any) -> Any:
    """The stream under an InertStream, for a writer that makes its own text inert first.

    Rich writes colour as escape sequences of its own; those must reach the terminal, while
    the text it styles has been through `for_terminal` already.
    """
    return stream._stream if isinstance(stream, InertStream) else stream
