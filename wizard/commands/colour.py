"""Colour for `wizard check`'s text report on a terminal, through Rich.

The core writes the report as plain text; this only styles what the lines already say: the
status symbol that starts a result or fix line, and the check id after it.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

STATUS_STYLES = {"✓": "green", "!": "yellow", "✗": "bold red", "-": "dim", "?": "magenta"}
# A result line (`✓ token.alg  detail`) or a fix line (`  ✗ token.alg: fix`).
RESULT_LINE = re.compile(r"^(?P<lead> *)(?P<symbol>[✓!✗?-]) (?P<id>[a-z0-9_]+(?:\.[a-z0-9_]+)+)")


def coloured_line(line: str) -> Text:
    """One report line with its symbol and check id styled; other lines as they are."""
    text = Text(line)
    match = RESULT_LINE.match(line)
    if match:
        text.stylize(STATUS_STYLES[match["symbol"]], match.start("symbol"), match.end("symbol"))
        text.stylize("bold", match.start("id"), match.end("id"))
    elif line.endswith(":") and not line.startswith(" "):
        text.stylize("bold")  # a heading such as "What to do:"
    return text


def print_coloured(report: str, console: Console | None = None) -> None:
    """Print the report with colour (Rich also honours NO_COLOR and a dumb TERM)."""
    # The report is already wrapped to the terminal: Rich must not wrap it again, nor guess
    # at markup or highlights in text that came from tokens and servers.
    console = console or Console(highlight=False, soft_wrap=True, markup=False)
    for line in report.splitlines():
        console.print(coloured_line(line))
