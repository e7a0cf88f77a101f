"""Writing the session down so it can be pasted into a ticket: Markdown, and JSON beside it.

The transcripts module decides what a transcript holds and hides (`write_transcript`); here
we only pick the file names. A save never replaces an earlier one: each gets a new name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wizard.core.session.export import default_transcript_path, write_transcript
from wizard.core.session.session import Session
from wizard.core.vocab.errors import UserError

# `wizard-session-<id>-3`: the third save of a session (the id itself ends in 6 hex digits).
COUNTED = re.compile(r"^(.*-[0-9a-f]{6})-([0-9]+)$")


@dataclass(frozen=True)
class SavedTranscript:
    """Where a save went: the Markdown for people, the JSON for tools (`wizard replay`)."""

    markdown: Path
    json: Path


def shown_path(path: Path) -> str:
    """A path as the user reads it: the home folder as ~, so it fits a narrow toast."""
    try:
        inside = path.relative_to(Path.home())
    except ValueError:
        return str(path)
    return "~" if inside == Path() else f"~/{inside}"


def transcripts_folder() -> Path:
    """Where transcripts go unless the user picks a folder: beside the sessions, never cwd."""
    from wizard.core.session.store import data_dir

    return data_dir() / "transcripts"


def save_conversation(
    session: Session,
    folder: Path,
    *,
    redact_pii: bool = False,
    final_path: bool = False,
    demo: Mapping[str, str] | None = None,
) -> SavedTranscript:
    """Write the session to two new files in `folder`; raises UserError when it cannot.

    Both files share one stem that neither extension uses yet, so a second save (or a file
    left by another session) is never overwritten and the pair always matches. `redact_pii`
    puts pseudonyms for personal data in both; `final_path` leaves taken-back steps out of
    the Markdown; `demo` marks a demo session's files with its scenario and verdict.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the folder {folder}: {error.strerror or error}") from None
    markdown = default_transcript_path(session, folder, "md")  # the first free .md name
    numbered = COUNTED.match(markdown.stem)
    stem, counter = (numbered[1], int(numbered[2])) if numbered else (markdown.stem, 1)
    while markdown.exists() or markdown.with_suffix(".json").exists():
        counter += 1
        markdown = folder / f"{stem}-{counter}.md"
    # Written without overwriting: a file appearing meanwhile is an error, not lost.
    write_transcript(
        session, markdown, "md", redact_pii=redact_pii, final_path=final_path, demo=demo
    )
    data = write_transcript(
        session, markdown.with_suffix(".json"), "json", redact_pii=redact_pii, demo=demo
    )
    return SavedTranscript(markdown, data)
