"""The checks spinner shows check titles as they are, and all of them on a narrow terminal."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Label

from wizard.ui.widgets.conversation import ChecksRunning

# A title is the check author's words: a "[" in it is text, not the start of markup.
ODD = "Scopes [openid] and [bold]claims[/bold] [x"
TITLES = [ODD, "Token format", "Token lifetime", "JWKS keys", "Token signature", "IdP settings"]
STYLES = Path(__file__).resolve().parents[2] / "wizard" / "ui" / "screens" / "session.tcss"


class SpinnerApp(App):
    CSS_PATH = str(STYLES)

    def compose(self) -> ComposeResult:
        yield ChecksRunning([f"k{n}" for n in range(len(TITLES))], TITLES)


def shown_lines(app: App) -> list[str]:
    label = app.screen.query_one(ChecksRunning).query_one(Label)
    return [
        "".join(segment.text for segment in line).rstrip()
        for line in label.render_lines(label.region.reset_offset)
    ]


async def test_a_title_with_brackets_shows_as_written():
    async with SpinnerApp().run_test(size=(160, 10)) as pilot:
        await pilot.pause()
        assert ODD in "".join(shown_lines(pilot.app))


async def test_every_title_and_the_way_out_show_at_80_columns():
    async with SpinnerApp().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = shown_lines(pilot.app)
        text = " ".join(line.strip() for line in lines)
        assert len(lines) > 1  # wrapped under itself, not cut at the edge
        assert "escape" in lines[0]
        for title in TITLES:
            assert title in text
