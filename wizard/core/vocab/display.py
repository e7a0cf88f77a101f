"""Making untrusted text inert before it is shown: on a terminal, in Markdown, in UI markup.

Claims, server answers, file content and transcripts are written by whoever sent them. On a
terminal an escape sequence in them could write the clipboard (OSC 52), retitle the window or
hide text; bidi overrides could reorder what is read; in a Markdown transcript raw HTML or a
line starting with `#` would forge a heading ("Diagnosis") in the ticket. Every function here is
total: any `str`, lone surrogates included, gives printable text and never raises.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and the C1 block (0x80-0x9f: 0x9b is a one-byte CSI).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates, the marks, and the Arabic letter mark
# (Unicode Bidirectional Algorithm, UAX #9), plus the line and paragraph separators.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# CommonMark's backslash escapes cover ASCII punctuation; these are the ones that start or
# end an inline construct or a block, and the HTML-significant three are written as entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>=-])")
_LINE_START_NUMBER = re.compile(r"(?m)^(\s*\d+)([.)])")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def without_surrogates(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so it can always be encoded."""
    return _SURROGATE.sub("\ufffd", text)


def for_terminal(text: str, *, single_line: bool = False) -> str:
    """`text` safe to print: controls and bidi marks shown as `\\xNN` / `\\uNNNN`, nothing raw.

    With `single_line`, newlines and tabs are shown escaped too (a value inside one line).
    """
    text = without_surrogates(str(text))
    text = _CONTROLS.sub(_visible, text)
    text = _BIDI.sub(_visible, text)
    if single_line:
        text = text.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    return text


def for_markdown(text: str) -> str:
    """`text` as literal Markdown: no heading, list, link, emphasis, HTML or code it could open.

    Newlines stay (a quoted answer may have several lines), but no line can become a block.
    """
    text = for_terminal(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START_NUMBER.sub(r"\1\\\2", text)


def for_markup(text: str) -> str:
    """`text` safe inside Textual markup: every `[` escaped, so no tag can open.

    Textual reads `\\[` as a literal bracket whatever precedes it, so a backslash in the
    text cannot undo the escape.
    """
    return for_terminal(text).replace("[", "\\[")
