"""Reading a transcript file back, with a one-line message for every way it can be wrong.

Transcripts are edited by hand, cut short by full disks and written by newer versions; each
of these is a user error that names the file and what is wrong, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.core.session.document import TranscriptDocument
from wizard.core.session.document_types import parse_time
from wizard.core.session.transcript import (
    DOCUMENT_KIND,
    SCHEMA_VERSION,
    CheckRecord,
    SessionInfo,
    Transcript,
)

# Defined with the other user errors, so the store can raise it without this module's models.
from wizard.core.vocab.errors import TranscriptError
from wizard.core.vocab.events import Event
from wizard.core.vocab.userfiles import UserFileError, read_user_file

# Far above a long session (a few hundred kilobytes), far below what would exhaust memory.
MAX_TRANSCRIPT_BYTES = 16 * 1024 * 1024

__all__ = ["MAX_TRANSCRIPT_BYTES", "TranscriptError", "load_transcript"]


def load_transcript(path: Path) -> Transcript:
    """Read and check a transcript file; raises TranscriptError naming what is wrong."""
    try:
        # A transcript may come from anyone: a regular file, of bounded size, only.
        text = read_user_file(path, limit=MAX_TRANSCRIPT_BYTES).decode("utf-8")
    except UserFileError as error:
        raise TranscriptError(error.message) from None
    except UnicodeDecodeError:
        raise TranscriptError(f"{path}: not a transcript (not UTF-8 text)") from None
    except OSError as error:
        raise TranscriptError(f"{path}: cannot be read ({error.strerror})") from None
    return parse_transcript(text, str(path))


def parse_transcript(text: str, source: str) -> Transcript:
    """A transcript from JSON text; `source` names it in messages."""
    if not text.strip():
        raise TranscriptError(f"{source}: the file is empty")
    if text.lstrip().startswith("#"):
        raise TranscriptError(
            f"{source}: this is a Markdown transcript; use the JSON one (--format json)"
        )
    try:
        data = json.loads(text)
    except RecursionError:
        raise TranscriptError(f"{source}: the JSON is nested too deeply to read") from None
    except json.JSONDecodeError as error:
        # A file cut short mostly fails inside a string, far from its end: judge by the end.
        if error.pos >= len(text.rstrip()) or not text.rstrip().endswith("}"):
            raise TranscriptError(
                f"{source}: the file ends too early (truncated?): {error.msg} "
                f"at line {error.lineno}"
            ) from None
        raise TranscriptError(
            f"{source}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except ValueError:
        # Python's limit on integer digits (4,300) raises a plain ValueError.
        raise TranscriptError(f"{source}: a number has too many digits to read") from None
    return transcript_from_dict(data, source)


def transcript_from_dict(data: Any, source: str = "transcript") -> Transcript:
    """A transcript from its JSON document; raises TranscriptError naming the bad field."""
    if not isinstance(data, dict):
        raise TranscriptError(f"{source}: not a transcript (expected a JSON object)")
    if data.get("kind") != DOCUMENT_KIND:
        raise TranscriptError(
            f"{source}: not a wizard transcript ('kind' should be \"{DOCUMENT_KIND}\")"
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TranscriptError(f"{source}: 'schema_version' must be a positive whole number")
    if version > SCHEMA_VERSION:
        raise TranscriptError(
            f"{source}: written by a newer wizard (schema version {version}; this version "
            f"reads up to {SCHEMA_VERSION}); upgrade the wizard to read it"
        )
    try:
        document = TranscriptDocument.model_validate(data)
    except ValidationError as error:
        raise TranscriptError(f"{source}: {first_problem(error)}") from None
    return _transcript(document, data)


def first_problem(error: ValidationError) -> str:
    """The first thing wrong, in words: `events[1].data.title is missing`."""
    problem = error.errors(include_url=False)[0]
    kind, loc = problem["type"], [part for part in problem["loc"] if part not in SHAPES]
    where = _where(loc)
    shown = _shown(problem.get("input"))
    if loc[:2] == ["state", "path"] and len(loc) > 2:
        return f"{_where(loc[:3])} must be [flow, node]"
    if kind == "union_tag_invalid":
        return f"{where}.kind is not an event kind: {_shown(problem['ctx']['tag'])}"
    if kind == "union_tag_not_found":
        return f"{where}.kind is missing"
    if kind == "literal_error" and loc and loc[-1] in CHOICES_OF:
        return f"{where} is not {CHOICES_OF[loc[-1]]}: {shown}"
    if kind == "value_error":
        return f"{where} {problem['msg'].removeprefix('Value error, ')}: {shown}"
    return f"{where} {WORDS.get(kind, problem['msg'])}"


# The tags of event shapes, which are no part of a field's place in the file.
SHAPES = frozenset(
    {
        "flow_entered",
        "said",
        "asked_fact",
        "asked_choice",
        "answered_fact",
        "answered_choice",
        "checks_started",
        "check_result",
        "resolved",
        "error",
        "resumed",
        "marker",
    }
)
CHOICES_OF = {"status": "a check status", "stage": "a stage", "kind": "an event kind"}
WORDS = {
    "missing": "is missing",
    "string_type": "must be text",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
    "list_type": "must be a JSON list",
    "tuple_type": "must be a JSON list",
    "float_type": "must be a number",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
}
# Enough of a bad value to recognise it; a file may hold anything.
SHOWN_CHARS = 40


def _where(loc: list[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the document"


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"'{text[:SHOWN_CHARS]}{'...' if len(text) > SHOWN_CHARS else ''}'"


def _transcript(document: TranscriptDocument, data: dict[str, Any]) -> Transcript:
    """The transcript a valid document holds; the raw parts keep fields this version ignores."""
    header = document.session
    info = SessionInfo(
        id=header.id,
        flow=header.flow,
        flow_title=header.flow_title,
        started=parse_time(header.started),
        updated=parse_time(header.updated),
        tool_version=header.tool_version,
        provider=header.provider,
        status=header.status,
        last_flow=header.last_flow,
        last_node=header.last_node,
    )
    events = [
        Event(kind=e.kind, flow=e.flow, node=e.node, data=dict(raw["data"]), at=e.at)
        for e, raw in zip(document.events, data["events"], strict=True)
    ]
    checks = [
        CheckRecord(
            key=c.key,
            id=c.id,
            flow=c.flow,
            node=c.node,
            at=c.at,
            inputs=dict(c.inputs),
            withheld=dict(c.withheld),
            result=dict(raw["result"]),
        )
        for c, raw in zip(document.checks, data["checks"], strict=True)
    ]
    return Transcript(
        info=info,
        events=events,
        state=dict(data["state"]),
        facts={name: dict(fact) for name, fact in data["facts"].items()},
        checks=checks,
        resolution=dict(data["resolution"]) if data["resolution"] is not None else None,
        pii_masked=document.redaction.pii_masked,
    )
