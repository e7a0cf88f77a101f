"""Writing the session down so it can be pasted into a ticket.

With the transcripts module (`wizard.core.session.export`) a save writes Markdown for the
ticket and JSON for machines; without it, the plain-text conversation `wizard run` prints
(`wizard.core.session.plaintext`) goes to a .txt file. Either way the faces tell a session
the same way, and nothing here decides what is shown or hidden.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wizard.core.flow.engine import Engine
from wizard.core.session.plaintext import event_lines


def save_conversation(engine: Engine, folder: Path) -> list[Path]:
    """Write the session to new files in `folder` and return their paths (the main one first)."""
    try:
        from wizard.core.session.export import default_transcript_path, write_transcript
    except ImportError:
        return [_save_plain_text(engine, folder)]
    markdown = write_transcript(engine, default_transcript_path(engine, folder, "md"))
    data = write_transcript(engine, markdown.with_suffix(".json"), "json")
    return [markdown, data]


def _save_plain_text(engine: Engine, folder: Path) -> Path:
    stamp = datetime.fromtimestamp(engine.env.now(), UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"wizard-session-{stamp}.txt"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"wizard-session-{stamp}-{counter}.txt"
    lines = [line for event in engine.events for line in event_lines(event)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)  # a transcript names the user's systems; keep it to its owner
    return path
