"""The save dialog: the user sees and chooses the folder, and what the transcript leaves out."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input
from textual.widgets._toast import Toast

from tests.ui.conftest import FIXED_NOW
from tests.ui.fakes_ui import UI_REGISTRY
from tests.ui.helpers import session, settle, wait_until
from wizard.commands.tui import build_app
from wizard.ui.screens.save import SaveDialog


async def open_dialog(pilot) -> SaveDialog:
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SaveDialog)
    return pilot.app.screen


async def test_the_default_folder_is_the_data_folders_transcripts_never_the_cwd(
    catalog, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("WIZARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    app = build_app(
        catalog,
        UI_REGISTRY,
        flow_id="ui-basic",
        facts={"aud": "api://one"},
        clock=lambda: FIXED_NOW,
        blink=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        shown = dialog.query_one("#save-folder", Input).value
        assert shown == str(tmp_path / "data" / "transcripts")  # the path is shown
        await pilot.press("enter")
        await pilot.pause()
    assert sorted(p.suffix for p in (tmp_path / "data" / "transcripts").iterdir()) == [
        ".json",
        ".md",
    ]
    assert not list(tmp_path.glob("wizard-session-*"))


async def test_a_chosen_folder_with_pseudonyms_and_the_final_path_only(make_app, tmp_path: Path):
    app = make_app("ui-basic", {"email": "ada@example.test"})
    target = tmp_path / "ticket-4711"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://wrong", "enter")  # answered, then taken back
        await settle(pilot)
        await pilot.press("alt+left")  # back (ctrl+z is the paste box's own undo)
        await settle(pilot)
        await pilot.press(*"api://right", "enter")
        await settle(pilot)
        dialog = await open_dialog(pilot)
        dialog.query_one("#save-folder", Input).value = str(target)
        dialog.query_one("#save-redact", Checkbox).value = True
        dialog.query_one("#save-final", Checkbox).value = True
        await pilot.click("#save-ok")
        await pilot.pause()
        assert not session(pilot).has_unsaved_work
    markdown = next(target.glob("*.md")).read_text()
    assert "api://right" in markdown and "api://wrong" not in markdown
    assert "ada@example.test" not in markdown


async def test_escape_saves_nothing(make_app, tmp_path: Path):
    app = make_app("ui-basic", {"aud": "api://one"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert not list(tmp_path.glob("wizard-session-*"))


async def test_the_saved_toast_keeps_each_file_name_on_one_line_at_80_columns(make_app, tmp_path):
    app = make_app("ui-basic", {"aud": "api://one"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the save dialog: its folder, as proposed
        # Toasts are the system's widgets, which queries leave out: their rack is found by id.
        rack = app.screen.get_child_by_id("textual-toastrack")
        await wait_until(pilot, lambda: bool(rack.children))
        names = sorted(p.name for p in tmp_path.glob("wizard-session-*"))
        toast = rack.children[0].children[0]  # a holder, then the toast it aligns
        assert isinstance(toast, Toast)
        lines = [
            "".join(segment.text for segment in line)
            for line in toast.render_lines(toast.region.reset_offset)
        ]
    assert len(names) == 2
    for name in names:
        assert any(name in line for line in lines), lines


def test_a_path_in_the_home_folder_is_shown_from_tilde():
    from wizard.ui.saving import shown_path

    assert shown_path(Path.home() / "notes" / "t.md") == str(Path("~/notes/t.md"))
    assert shown_path(Path("/srv/t.md")) == "/srv/t.md"


async def test_save_and_cancel_are_whole_at_80x24_with_every_option_offered(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://wrong", "enter")
        await settle(pilot)
        await pilot.press("alt+left")  # a step taken back: the final-path option is offered
        await settle(pilot)
        dialog = await open_dialog(pilot)
        assert dialog.query("#save-final")
        box = dialog.query_one(".dialog").content_region  # inside its border and padding
        for button_id in ("#save-ok", "#save-cancel"):
            button = dialog.query_one(button_id)
            assert box.contains_region(button.region), (button_id, button.region, box)
