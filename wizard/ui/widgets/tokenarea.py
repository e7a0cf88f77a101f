"""The one box a token is pasted into: its credentials masked on screen, one key to send.

The home screen's "I have a token" dialog and a session's token question both use it, so the
same keys send in every token box and no box shows a pasted token while it is being pasted.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea

from wizard.core.vocab.scrubber import Scrubber

SEND_KEYS = "ctrl+enter,alt+enter,ctrl+j"
SEND_KEY_NAMES = "ctrl+j or ctrl+enter"
SEND_KEYS_TEXT = f"{SEND_KEY_NAMES} sends; enter adds a line"
MASK = "•"

# A line that is nothing but token characters (a bare or opaque token, or one piece of a JWT
# wrapped over several lines), maybe after a scheme or inside quotes. A path is no token.
_TOKEN_LINE = re.compile(
    r"(?i)^(?P<lead>\s*[\"'`]?(?:bearer\s+)?)(?P<value>(?![/~.])[A-Za-z0-9._~+/=-]{16,})[\"'`,]?\s*$"
)


def _bullets(value: str) -> str:
    # As long as the value, so the cursor, the selection and the wrapping stay where they are.
    return MASK * len(value)


_SCRUBBER = Scrubber(mask=_bullets)


def masked_paste(text: str) -> str:
    """`text` with every credential in it replaced by bullets of the same length; the rest of
    a paste (a curl trace's URLs, a log line's words) stays readable."""
    lines = _SCRUBBER.scrub(text).split("\n")
    for index, line in enumerate(lines):
        match = _TOKEN_LINE.match(line)
        if match:
            lead, value = match.group("lead"), match.group("value")
            lines[index] = lead + _bullets(value) + line[len(lead) + len(value) :]
    return "\n".join(lines)


class TokenArea(TextArea):
    """A multi-line paste area that never shows a credential and sends on ctrl+j / ctrl+enter."""

    BINDINGS = [Binding(SEND_KEYS, "send", "Send", show=True, priority=True)]

    class Sent(Message):
        """The user asked to send what is in the box."""

        def __init__(self, area: TokenArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> TokenArea:
            return self.area

    _shown_for = ""
    _shown: tuple[str, ...] = ()

    def action_send(self) -> None:
        self.post_message(self.Sent(self))

    def action_undo(self) -> None:
        """Undo an edit; in an empty box ctrl+z is the screen's (a session's Back, as its
        footer says): there is nothing of the user's to undo there."""
        if not self.text:
            raise SkipAction()
        super().action_undo()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual 8.2 can draw a text area in a frame before its component styles are set or
        # right after it was removed (its issue 6528, seen here when an answer replaces the
        # box): the theme then raises KeyError and the app ends. Such a frame shows nothing
        # of the box: draw it blank.
        if not self._component_styles:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)

    def get_line(self, line_index: int) -> Text:
        """The line as shown: credentials masked (Textual's hook for styling each line)."""
        text = self.text
        if text != self._shown_for:
            self._shown_for, self._shown = text, tuple(masked_paste(text).split("\n"))
        line = self._shown[line_index] if line_index < len(self._shown) else ""
        return Text(line, end="", no_wrap=True)
