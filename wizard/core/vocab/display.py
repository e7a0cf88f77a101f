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
# Inline: what opens emphasis, code, links and images; `\\` first so escapes cannot be undone.
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]])")
# What opens raw HTML or an autolink (`<`), or an entity or character reference (`&lt;`).
_HTML_OPEN = re.compile(r"(<|&(?=#?[0-9A-Za-z]+;))")
# A mask the scrubber wrote (`[secret, 35 chars, sha256:…]`, `[token sha256:…]`), not
# followed by what would make it a link.
_WIZARD_MASK = re.compile(r"(\[(?:secret, \d+ chars, |token )sha256:[0-9a-f]{12}\](?![(\[:]))")
# At a line's start: headings, quotes, lists, tables, fences, setext underlines.
_BLOCK_START = re.compile(r"(?m)^[ \t]*([#>+=|~-]|\d+[.)])")


def _visible(match: re.Match[str]) -> str:
    # JSON's own escape: readable as text, and output that is JSON stays valid JSON.
    return f"\\u{ord(match.group(0)):04x}"


def without_surrogates(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so it can always be encoded."""
    return _SURROGATE.sub("\ufffd", text)


def for_terminal(text: str, *, single_line: bool = False) -> str:
    """`text` safe to print: controls and bidi marks shown as `\\uNNNN`, nothing raw.

    With `single_line`, newlines and tabs are shown escaped too (a value inside one line).
    """
    if isinstance(text, str) and text.isascii() and text.isprintable():
        return text  # the usual case: nothing below would change it
    text = without_surrogates(str(text))
    text = _CONTROLS.sub(_visible, text)
    text = _BIDI.sub(_visible, text)
    if single_line:
        text = text.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    return text


def for_markdown(text: str) -> str:
    """`text` as literal Markdown: no heading, list, link, emphasis, HTML or code it could open.

    Newlines stay (a quoted answer may have several lines), but no line can start a block,
    and what would open HTML is backslash-escaped. Ordinary punctuation is left alone, so the
    source stays readable in a ticket that shows it raw.
    """
    parts = _WIZARD_MASK.split(for_terminal(text))
    # Odd parts are the wizard's own masks: kept as written, they cannot open a link.
    return "".join(
        part if index % 2 else _escape_markdown(part) for index, part in enumerate(parts)
    )


def _escape_markdown(text: str) -> str:
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    # After the backslashes are doubled, so these escapes stand. Only `<` opens HTML (and an
    # autolink), only `&name;` makes an entity: a backslash disarms them and a ticket shown
    # raw still reads `a > b`, never `&gt;`. A `>` opens a quote only at a line's start.
    text = _HTML_OPEN.sub(r"\\\1", text)
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group(1)
    # `\3.` is no escape (a digit is not punctuation): the list marker is its dot.
    return f"{marker[:-1]}\\{marker[-1]}" if marker[0].isdigit() else f"\\{marker}"


def inline_markdown(text: str) -> str:
    """A value set inside a line of Markdown: `for_markdown`, on one line."""
    return for_markdown(for_terminal(text, single_line=True))


def for_markup(text: str) -> str:
    """`text` safe inside Textual markup: every `[` escaped, so no tag can open.

    Textual reads `\\[` as a literal bracket whatever precedes it, so a backslash in the
    text cannot undo the escape.
    """
    return for_terminal(text).replace("[", "\\[")
