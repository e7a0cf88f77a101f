"""Saving a session's transcript from its screen: the dialog, the files, what is unsaved."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.vocab.errors import UserError
from wizard.ui.messages import SaveRequested
from wizard.ui.saving import save_conversation, shown_path

if TYPE_CHECKING:
    from textual.app import App

    from wizard.core.flow.engine import Engine
    from wizard.core.session.session import Session
    from wizard.ui.screens.session_widgets import DemoGoal


class SessionSaving:
    """The session screen's saving: ctrl+s asks where and what, then writes Markdown + JSON."""

    session: Session
    engine: Engine
    save_dir: Path | None
    demo: DemoGoal | None
    _saved_upto = 0  # how many of the engine's events the last save holds
    _saves = 0
    _save_problem: str | None = None

    if TYPE_CHECKING:
        app: App[object]

    @property
    def transcripts_folder(self) -> Path:
        """The folder the save dialog proposes: the app's, else the user data folder's."""
        from wizard.ui.saving import transcripts_folder

        return self.save_dir if self.save_dir is not None else transcripts_folder()

    @property
    def has_unsaved_work(self) -> bool:
        return any(e.kind == "answered" for e in self.engine.events[self._saved_upto :])

    def on_save_requested(self, message: SaveRequested) -> None:
        message.stop()
        self.action_save_as()

    def action_save_as(self, then: Callable[[], object] | None = None) -> None:
        """Ask where to save and what to leave out, then save; `then` runs once it is saved
        (quitting after a save), and not when the dialog is cancelled or the save fails."""
        from wizard.core.session.superseded import superseded_indices
        from wizard.ui.screens.save import SaveChoice, SaveDialog

        kinds = [{"kind": event.kind} for event in self.engine.events]

        def chosen(choice: SaveChoice | None) -> None:
            if choice is None:
                return
            saved = self.action_save(choice.folder, choice.redact_pii, choice.final_path)
            if saved is not None and then is not None:
                then()

        dialog = SaveDialog(self.transcripts_folder, taken_back=bool(superseded_indices(kinds)))
        self.app.push_screen(dialog, chosen)

    def action_save(
        self, folder: Path | None = None, redact_pii: bool = False, final_path: bool = False
    ) -> Path | None:
        """Write Markdown + JSON transcripts; returns the Markdown's path (None on failure)."""
        try:
            goal = self.demo
            saved = save_conversation(
                self.session,
                folder or self.transcripts_folder,
                redact_pii=redact_pii,
                final_path=final_path,
                # A reader of a demo's transcript learns it was one, and its verdict.
                demo=None
                if goal is None
                else {
                    "scenario": goal.scenario,
                    "expected": goal.resolution,
                    "expected_title": goal.title,
                },
            )
        except (OSError, UserError) as error:
            reason = error.message if isinstance(error, UserError) else str(error)
            self.app.notify(f"Could not save the transcript: {reason}", severity="error")
            return None
        self._saves += 1
        self._saved_upto = len(self.engine.events)
        # The folder on its own line, then each name on its own with what it is for under
        # it: a name is never broken across lines in an 80-column toast.
        lines = [
            "In the folder",
            f"{shown_path(saved.markdown.parent)}{os.sep}",
            saved.markdown.name,
            "  Markdown, for a ticket",
            saved.json.name,
            "  JSON, for tools (wizard replay)",
        ]
        if self._saves > 1:
            lines.append("New files: the earlier save is kept.")
        # A demo session is not resumed: its world stops with the demo.
        if self.session.path is not None and self.demo is None:
            lines.append(f"Resume later: wizard resume {self.session.id}")
        self.app.notify("\n".join(lines), title="Transcript saved", timeout=12)
        return saved.markdown

    def _warn_if_not_kept(self) -> None:
        """Say once (per problem) that autosaving fails, as the session goes on regardless."""
        problem = self.session.save_error
        if problem and problem != self._save_problem:
            self.app.notify(
                f"{problem}; ctrl+s can still write a transcript elsewhere.",
                severity="warning",
                timeout=10,
            )
        self._save_problem = problem
