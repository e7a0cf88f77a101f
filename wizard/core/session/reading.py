"""Reading a transcript file back, with a one-line message for every way it can be wrong.

Transcripts are edited by hand, cut short by full disks and written by newer versions; each
of these is a user error that names the file and what is wrong, never a traceback.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard.core.session.transcript import (
    DOCUMENT_KIND,
    SCHEMA_VERSION,
    CheckRecord,
    SessionInfo,
    Transcript,
)
from wizard.core.vocab.errors import UserError
from wizard.core.vocab.events import Event
from wizard.core.vocab.result import Status
from wizard.core.vocab.userfiles import UserFileError, read_user_file

EVENT_KINDS = frozenset(
    {
        "flow_entered",
        "said",
        "asked",
        "answered",
        "checks_started",
        "check_result",
        "checks_cancelled",
        "resolved",
        "went_back",
        "restarted",
        "resumed",
        "error",
    }
)
# Far above a long session (a few hundred kilobytes), far below what would exhaust memory.
MAX_TRANSCRIPT_BYTES = 16 * 1024 * 1024
# 9999-12-31T23:59:59Z: the last moment datetime can format.
LATEST_MOMENT = 253_402_300_799
STAGES = frozenset({"enter", "ask", "checks", "decide", "done"})
# The data each event kind must carry (text fields, then list-of-text fields); `asked` and
# `answered` come in two shapes (a fact, or a choice) and are checked on their own.
EVENT_TEXT = {
    "flow_entered": ("title",),
    "said": ("text",),
    "check_result": ("key",),
    "resolved": ("resolution", "title", "explanation"),
    "error": ("reason",),
}
EVENT_LISTS = {"checks_started": ("checks",), "resolved": ("steps", "refs")}


class TranscriptError(UserError):
    """A file that is not a transcript this version can read."""


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
    doc = _Reader(source)
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
    session = doc.mapping(data, "session")
    info = SessionInfo(
        id=doc.text(session, "session.id"),
        flow=doc.text(session, "session.flow"),
        flow_title=doc.text(session, "session.flow_title"),
        started=doc.time(session, "session.started"),
        updated=doc.time(session, "session.updated"),
        tool_version=doc.text(session, "session.tool_version"),
        provider=doc.optional_text(session, "session.provider"),
        status=doc.text(session, "session.status"),
        last_flow=doc.text(session, "session.last_flow"),
        last_node=doc.text(session, "session.last_node"),
    )
    redaction = doc.mapping(data, "redaction")
    return Transcript(
        info=info,
        events=[doc.event(raw, f"events[{i}]") for i, raw in enumerate(doc.items(data, "events"))],
        state=doc.state(doc.mapping(data, "state")),
        facts=doc.facts(doc.mapping(data, "facts")),
        checks=[doc.check(raw, f"checks[{i}]") for i, raw in enumerate(doc.items(data, "checks"))],
        resolution=doc.resolution(data.get("resolution")),
        pii_masked=bool(redaction.get("pii_masked")),
    )


class _Reader:
    """Field access that turns a wrong or missing field into a TranscriptError naming it."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> TranscriptError:
        return TranscriptError(f"{self.source}: {where} {what}")

    def _get(self, parent: dict[str, Any], where: str, key: str | None = None) -> Any:
        key = key if key is not None else where.rsplit(".", 1)[-1]
        if key not in parent:
            raise self.fail(where, "is missing")
        return parent[key]

    def mapping(self, parent: dict[str, Any], where: str, key: str | None = None) -> dict[str, Any]:
        value = self._get(parent, where, key)
        if not isinstance(value, dict):
            raise self.fail(where, "must be a JSON object")
        return value

    def items(self, parent: dict[str, Any], where: str) -> list[Any]:
        value = self._get(parent, where)
        if not isinstance(value, list):
            raise self.fail(where, "must be a JSON list")
        return value

    def text(self, parent: dict[str, Any], where: str) -> str:
        value = self._get(parent, where)
        if not isinstance(value, str):
            raise self.fail(where, "must be text")
        return value

    def optional_text(self, parent: dict[str, Any], where: str) -> str | None:
        value = parent.get(where.rsplit(".", 1)[-1])
        if value is not None and not isinstance(value, str):
            raise self.fail(where, "must be text or null")
        return value

    def number(self, parent: dict[str, Any], where: str) -> float:
        value = self._get(parent, where)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(where, "must be a number")
        # Every number here is a moment: 1e308 or NaN would crash every later date format.
        if not math.isfinite(value) or not 0 <= value <= LATEST_MOMENT:
            raise self.fail(where, "must be a time in seconds between 1970 and 9999")
        return float(value)

    def time(self, parent: dict[str, Any], where: str) -> float:
        text = self.text(parent, where)
        try:
            moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            raise self.fail(where, f"is not a time like 2026-11-23T18:08:26Z: '{text}'") from None
        return moment.timestamp()

    def event(self, raw: Any, where: str) -> Event:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be a JSON object")
        kind = self.text(raw, f"{where}.kind")
        if kind not in EVENT_KINDS:
            raise self.fail(f"{where}.kind", f"is not an event kind: '{kind}'")
        data = self.mapping(raw, f"{where}.data")
        self.event_data(kind, data, f"{where}.data")
        return Event(
            kind=kind,  # type: ignore[arg-type]
            flow=self.text(raw, f"{where}.flow"),
            node=self.text(raw, f"{where}.node"),
            data=data,
            at=self.number(raw, f"{where}.at"),
        )

    def texts(self, parent: dict[str, Any], where: str) -> list[str]:
        values = self.items(parent, where)
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise self.fail(f"{where}[{i}]", "must be text")
        return values

    def event_data(self, kind: str, data: dict[str, Any], where: str) -> None:
        for name in EVENT_TEXT.get(kind, ()):
            self.text(data, f"{where}.{name}")
        for name in EVENT_LISTS.get(kind, ()):
            self.texts(data, f"{where}.{name}")
        if kind == "check_result":
            self.result(self.mapping(data, f"{where}.result"), f"{where}.result")
        elif kind == "asked" and "choices" not in data:
            self.text(data, f"{where}.fact")
            self.text(data, f"{where}.prompt")
        elif kind == "answered":
            for name in ("fact", "value") if "fact" in data else ("choice", "label"):
                self.text(data, f"{where}.{name}")

    def result(self, raw: dict[str, Any], where: str) -> dict[str, Any]:
        self.text(raw, f"{where}.id")
        status = self.text(raw, f"{where}.status")
        if status not in {str(s) for s in Status}:
            raise self.fail(f"{where}.status", f"is not a check status: '{status}'")
        for name in ("title", "detail", "fix"):
            self.text(raw, f"{where}.{name}")
        self.mapping(raw, f"{where}.evidence")
        self.texts(raw, f"{where}.refs")
        for key, value in self.mapping(raw, f"{where}.facts").items():
            if not isinstance(value, str):
                raise self.fail(f"{where}.facts.{key}", "must be text")
        return raw

    def facts(self, raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
        facts = {}
        for name in raw:
            where = f"facts.{name}"
            fact = self.mapping(raw, where, name)
            self.text(fact, f"{where}.type")
            self.text(fact, f"{where}.source")
            for optional in ("value", "shown"):
                if optional in fact:
                    self.text(fact, f"{where}.{optional}")
            if "token" in fact:
                token = self.mapping(fact, f"{where}.token")
                self.text(token, f"{where}.token.fingerprint")
                self.text(token, f"{where}.token.format")
                for part in ("header", "claims"):
                    if part in token:
                        self.mapping(token, f"{where}.token.{part}")
            facts[name] = dict(fact)
        return facts

    def check(self, raw: Any, where: str) -> CheckRecord:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be a JSON object")
        return CheckRecord(
            key=self.text(raw, f"{where}.key"),
            id=self.text(raw, f"{where}.id"),
            flow=self.text(raw, f"{where}.flow"),
            node=self.text(raw, f"{where}.node"),
            at=self.number(raw, f"{where}.at"),
            inputs={str(k): str(v) for k, v in self.mapping(raw, f"{where}.inputs").items()},
            withheld={str(k): str(v) for k, v in self.mapping(raw, f"{where}.withheld").items()},
            result=self.result(self.mapping(raw, f"{where}.result"), f"{where}.result"),
        )

    def state(self, raw: dict[str, Any]) -> dict[str, Any]:
        self.text(raw, "state.flow")
        self.text(raw, "state.node")
        stage = self.text(raw, "state.stage")
        if stage not in STAGES:
            raise self.fail("state.stage", f"is not a stage: '{stage}'")
        for name in ("facts", "fact_sources", "results"):
            self.mapping(raw, f"state.{name}")
        for name in ("withheld", "declined"):
            self.texts(raw, f"state.{name}")
        self.items(raw, "state.path")
        for name in ("facts", "fact_sources"):
            for key, value in raw[name].items():
                if not isinstance(value, str):
                    raise self.fail(f"state.{name}.{key}", "must be text")
        for key in raw["results"]:
            where = f"state.results.{key}"
            self.result(self.mapping(raw["results"], where, key), where)
        for i, step in enumerate(raw["path"]):
            if not (isinstance(step, list) and len(step) == 2 and all(map(_is_text, step))):
                raise self.fail(f"state.path[{i}]", "must be [flow, node]")
        return raw

    def resolution(self, raw: Any) -> dict[str, Any] | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise self.fail("resolution", "must be a JSON object or null")
        for name in ("flow", "resolution", "title", "explanation"):
            self.text(raw, f"resolution.{name}")
        self.texts(raw, "resolution.steps")
        self.texts(raw, "resolution.refs")
        return raw


def _is_text(value: Any) -> bool:
    return isinstance(value, str)
