"""Where sessions are kept: one 0600 JSON transcript per session in the user's data folder.

The folder is `platformdirs.user_data_dir("oidc-401-wizard")/sessions`, or
`$WIZARD_DATA_DIR/sessions` when that variable is set (tests point it at a temporary folder).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.core.session.privatefile import (
    clean_stray_temporaries,
    ensure_private_folder,
    write_private,
)
from wizard.core.vocab.datadir import APP_NAME, DATA_DIR_VARIABLE, data_dir
from wizard.core.vocab.display import without_surrogates
from wizard.core.vocab.errors import TranscriptError

# The transcript reader (pydantic models) is imported when a session is read, not with the
# store: the TUI makes its store before home's first frame (docs/BENCHMARKS.md, "TUI start").
if TYPE_CHECKING:
    from wizard.core.session.transcript import Transcript

__all__ = ["APP_NAME", "DATA_DIR_VARIABLE", "SessionStore", "SessionSummary", "data_dir"]

SESSION_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$")


def encode_document(document: dict[str, Any]) -> bytes:
    """A transcript document as the UTF-8 JSON the store and exports write."""
    import json  # deferred: home lists the saved sessions without writing any

    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    # A claim may hold a lone surrogate ("\ud800"), which UTF-8 cannot encode: it is replaced.
    return without_surrogates(text).encode("utf-8")


@dataclass(frozen=True)
class SessionSummary:
    """One line of `wizard resume`: a saved session, or a file that could not be read."""

    id: str
    path: Path
    flow: str = ""
    last_node: str = ""
    updated: float = 0.0
    status: str = ""
    problem: str = ""


def demo_store_root() -> Path:
    """Where `wizard demo` keeps its sessions: apart, so `wizard resume` lists real ones only."""
    return data_dir() / "demo"


class SessionStore:
    """The saved sessions of this user."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else data_dir()
        self._cleaned = False

    @property
    def folder(self) -> Path:
        return self.root / "sessions"

    def path_for(self, session_id: str) -> Path:
        if not SESSION_ID.match(session_id):
            raise ValueError(f"not a session id: {session_id!r}")
        return self.folder / f"{session_id}.json"

    def save(self, session_id: str, document: dict[str, Any]) -> Path:
        """Replace the session's file atomically with `document`."""
        if not self._cleaned:
            ensure_private_folder(self.folder, within=self.root)
            # A kill -9 during an earlier save left its temporary file: it goes now.
            clean_stray_temporaries(self.folder)
            self._cleaned = True
        return write_private(self.path_for(session_id), encode_document(document), overwrite=True)

    def find(self, reference: str) -> Path:
        """The file of a session given by id, by the start of its id, or by a path."""
        candidate = Path(reference)
        if candidate.suffix == ".json" or os.sep in reference:
            if not candidate.is_file():
                raise TranscriptError(f"{reference}: no such transcript file")
            return candidate
        ids = sorted(p.stem for p in self._files() if p.stem.startswith(reference))
        if not ids:
            raise TranscriptError(
                f"no saved session '{reference}'; run 'wizard resume' to list them"
            )
        if len(ids) > 1 and reference not in ids:
            shown = ", ".join(ids[:4]) + (", ..." if len(ids) > 4 else "")
            raise TranscriptError(f"'{reference}' names several sessions ({shown}); give more")
        return self.folder / f"{reference if reference in ids else ids[0]}.json"

    def load(self, reference: str) -> Transcript:
        from wizard.core.session.reading import load_transcript

        return load_transcript(self.find(reference))

    def recent(self, limit: int = 20) -> list[SessionSummary]:
        """The latest sessions, newest first; unreadable files are listed with their problem."""
        from wizard.core.session.reading import load_transcript

        summaries = []
        for path in sorted(self._files(), key=lambda p: p.stem, reverse=True)[:limit]:
            try:
                info = load_transcript(path).info
            except TranscriptError as error:
                summaries.append(SessionSummary(path.stem, path, problem=error.message))
                continue
            summaries.append(
                SessionSummary(info.id, path, info.flow, info.last_node, info.updated, info.status)
            )
        return summaries

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.glob("*.json") if SESSION_ID.match(p.stem)]
