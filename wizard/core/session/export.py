"""Writing a transcript to a file the user names: Markdown for a ticket, or JSON.

This is the API the faces call: `wizard run --transcript`, the TUI's save (ctrl+s). The
source may be a `Session` (it has its id and every secret it held), a loaded `Transcript`,
or a transcript document.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wizard.core.session.markdown import render_markdown
from wizard.core.session.privatefile import FileExists, write_private
from wizard.core.session.session import Session, clean_document
from wizard.core.session.store import encode_document
from wizard.core.session.transcript import Transcript, new_session_id
from wizard.core.vocab.errors import UserError

# What a transcript can be written from.
Source = Session | Transcript | dict[str, Any]

FORMATS = {"md": "md", "markdown": "md", "json": "json"}
EXTENSIONS = {".md": "md", ".markdown": "md", ".json": "json"}


class TranscriptExists(UserError):
    """The target file exists and overwriting it was not allowed."""


def transcript_format(path: Path, fmt: str | None = None) -> str:
    """`md` or `json`: `fmt` when given, else from the file's extension, else Markdown."""
    if fmt:
        try:
            return FORMATS[fmt.lower()]
        except KeyError:
            raise UserError(f"unknown transcript format '{fmt}' (use md or json)") from None
    return EXTENSIONS.get(path.suffix.lower(), "md")


def transcript_document(source: Source, *, redact_pii: bool = False) -> dict[str, Any]:
    """The cleaned JSON document of a session, whatever form it is held in."""
    if isinstance(source, Session):
        return source.document(redact_pii=redact_pii)
    if isinstance(source, Transcript):
        return clean_document(source.to_dict(), set(), redact_pii=redact_pii)
    return clean_document(source, set(), redact_pii=redact_pii)


def render_transcript(document: dict[str, Any], fmt: str, *, final_path: bool = False) -> bytes:
    """The bytes of a transcript file in format `md` or `json` (`final_path`: Markdown only)."""
    if fmt == "json":
        return encode_document(document)
    return render_markdown(document, final_path=final_path).encode("utf-8")


def write_transcript(
    source: Source,
    path: Path,
    fmt: str | None = None,
    *,
    overwrite: bool = False,
    redact_pii: bool = False,
    final_path: bool = False,
    demo: Mapping[str, str] | None = None,
) -> Path:
    """Write the session's transcript to `path` (0600, atomically) and return the path.

    `final_path` leaves the steps taken back out of a Markdown transcript; `demo` (scenario,
    expected, expected_title) marks a demo session's, with its verdict.

    Raises TranscriptExists when `path` exists and `overwrite` is False, and UserError when
    the file cannot be written; both carry a one-line message for the user.
    """
    path = Path(path)
    document = transcript_document(source, redact_pii=redact_pii)
    if demo is not None:
        document["session"] = {**document["session"], "demo": dict(demo)}
    data = render_transcript(document, transcript_format(path, fmt), final_path=final_path)
    try:
        return write_private(path, data, overwrite=overwrite)
    except FileExists:
        raise TranscriptExists(
            f"{path} exists; choose another name or allow overwriting it (--force)"
        ) from None
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None


def default_transcript_path(
    source: Source | None = None,
    folder: Path | None = None,
    fmt: str = "md",
) -> Path:
    """A file name in `folder` (default: the current folder) that does not exist yet.

    Named after the session: `wizard-session-20261123-180826-3f9a1c.md`.
    """
    folder = folder if folder is not None else Path.cwd()
    stem = f"wizard-session-{_session_id(source)}"
    extension = "json" if transcript_format(Path(f"x.{fmt}"), fmt) == "json" else "md"
    path = folder / f"{stem}.{extension}"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{stem}-{counter}.{extension}"
    return path


def _session_id(source: Source | None) -> str:
    if isinstance(source, Session):
        return source.id
    if isinstance(source, Transcript):
        return source.info.id
    if isinstance(source, dict):
        return str(source.get("session", {}).get("id", "transcript"))
    import time

    return new_session_id(time.time())
