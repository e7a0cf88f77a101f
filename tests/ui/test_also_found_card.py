"""The diagnosis card lists "also found" under the primary cause, as plain text."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tests.ui.helpers import shown_text
from wizard.core.flow.alsofound import AlsoFound
from wizard.core.flow.engine import Finished
from wizard.ui.widgets.conversation import ResolutionCard

LIFETIME = AlsoFound(
    "token.lifetime@id_token",
    "token.lifetime",
    "fail",
    "Lifetime",
    "The token expired 2 h ago [bold]not markup[/bold].",
    "Get a fresh token.",
    token="id_token",
)


def finished(*also: AlsoFound) -> Finished:
    return Finished(
        "f",
        "n",
        "An ID token was sent",
        "Explained.",
        ("Send the access token.",),
        (),
        also_found=also,
    )


class CardApp(App):
    def __init__(self, done: Finished) -> None:
        super().__init__()
        self.done = done

    def compose(self) -> ComposeResult:
        yield ResolutionCard(self.done)


async def test_the_card_lists_what_else_was_found():
    async with CardApp(finished(LIFETIME)).run_test(size=(120, 40)) as pilot:
        text = shown_text(pilot)
        assert "Also found" in text
        assert "Lifetime (id_token)" in text  # the card's title, and the token it read
        assert "token.lifetime" not in text  # never the internal id
        assert "[bold]not markup[/bold]" in text  # shown as written, never parsed as markup


async def test_no_also_found_no_section():
    async with CardApp(finished()).run_test(size=(120, 40)) as pilot:
        assert "Also found" not in shown_text(pilot)
