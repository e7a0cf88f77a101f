"""Property tests of the display sanitiser: any text, once made inert, drives nothing.

Three targets: a terminal (no control, no C1, no bidi mark, always encodable), Markdown (no
heading, list, link, HTML or code span can open), Textual markup (no tag, no crash).
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from wizard.core.vocab.display import (
    _WIZARD_MASK,
    for_markdown,
    for_markup,
    for_terminal,
    inline_markdown,
)

# Text as an attacker writes it: any code point, lone surrogates included, with the
# characters that matter over-represented.
DANGEROUS = "\x1b\x07\x9b\x9d\x00\r\n\t\u202e\u2066\u200f\u2028#*_[]()<>`|!-=+~\\&"
hostile_text = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list(DANGEROUS))), max_size=120
)
SETTINGS = settings(max_examples=400, deadline=None)
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@SETTINGS
@given(text=hostile_text)
def test_terminal_text_holds_no_control_bidi_or_surrogate(text):
    out = for_terminal(text)
    out.encode("utf-8")  # never raises: no lone surrogate is left
    for char in out:
        if char in "\n\t":
            continue
        assert unicodedata.category(char) != "Cc", repr(char)
        assert char not in BIDI and char not in "\u2028\u2029"


@SETTINGS
@given(text=hostile_text)
def test_single_line_terminal_text_is_one_line(text):
    assert "\n" not in for_terminal(text, single_line=True)


@SETTINGS
@given(text=hostile_text)
def test_markdown_text_opens_no_block_and_no_html(text):
    out = for_markdown(text)
    # No HTML, autolink or entity: every `<`, and every `&` that would start a reference, is
    # escaped (a `>` opens nothing but a quote at a line's start, checked below).
    unpaired = out.replace("\\\\", "")
    assert not re.search(r"(?<!\\)<", unpaired), out
    assert not re.search(r"(?<!\\)&#?[0-9A-Za-z]+;", unpaired), out
    parsed = MarkdownIt("commonmark").parse(out)
    inline = [child for token in parsed for child in token.children or []]
    assert not [t for t in [*parsed, *inline] if t.type.startswith("html")], out
    for line in out.split("\n"):
        stripped = line.lstrip(" \t")
        assert not re.match(r"[#>+=|~-]|\d+[.)]", stripped), line
    # Every bracket, backtick and star is escaped (but in the wizard's own masks, which are
    # not followed by a link's parenthesis): no link, image, code span or emphasis.
    rest = _WIZARD_MASK.sub("", out).replace("\\\\", "")
    assert not re.search(r"(?<!\\)[\[\]`*]", rest), out


@SETTINGS
@given(text=hostile_text)
def test_an_inline_markdown_value_stays_on_its_line(text):
    assert "\n" not in inline_markdown(text)


@SETTINGS
@given(text=hostile_text)
def test_markup_text_is_read_by_textual_as_plain_text(text):
    from textual.markup import to_content

    content = to_content(for_markup(text))  # never raises, whatever the brackets
    assert content.spans == []
    assert content.plain.replace("\\[", "[") == for_terminal(text).replace("\\[", "[")


def test_an_osc52_clipboard_write_and_a_title_change_are_shown_not_run():
    attack = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\x9b31m"
    out = for_terminal(attack)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\u001b]52" in out  # the user still sees what was there
