"""The transcript document as models: one definition for reading, validating and its schema.

`transcript.py` writes the document; these models say what a valid one is. Reading a file
validates it against `TranscriptDocument` (`reading.py` turns the first problem into one line);
`transcript_schema()` is the published JSON Schema, docs/transcript.schema.json, kept current
by a test (regenerate it with `python -m wizard.core.session.document`). The events are in
`document_events.py`, the parts both are made of in `document_types.py`.

The models are strict (text is text, a number is a number) and ignore fields they do not know:
a reader of one schema version reads files that added fields without raising it.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from wizard.core.session.document_events import AlsoFoundItem, AnyEvent, EvidenceItem
from wizard.core.session.document_types import (
    Moment,
    OptionalText,
    Part,
    Result,
    Time,
)
from wizard.core.session.transcript import DOCUMENT_KIND, SCHEMA_VERSION

SESSION_ID_PATTERN = "^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$"
SOURCES = ("given", "user", "choice", "check", "token", "discovery", "file", "transcript")


class DemoHeader(Part):
    """A `wizard demo` session's scenario and the diagnosis it was built for."""

    scenario: str
    expected: str = Field(description="the resolution node the scenario should end in")
    expected_title: str


class SessionHeader(Part):
    """Who, what and when."""

    id: str = Field(json_schema_extra={"pattern": SESSION_ID_PATTERN})
    flow: str = Field(description="the flow the session started in")
    flow_title: str
    started: Time
    updated: Time
    tool_version: str
    provider: str | None = Field(description="the fact 'provider' once a check learned it")
    status: str = Field(json_schema_extra={"enum": ["waiting", "resolved", "stuck", "in-progress"]})
    last_flow: str
    last_node: str
    demo: DemoHeader | SkipJsonSchema[None] = Field(
        default=None, description="set for a session of `wizard demo`, whose world has stopped"
    )


class Redaction(Part):
    credentials: str = Field(json_schema_extra={"const": "fingerprint"})
    pii_masked: bool


class TokenView(Part):
    """A token as a transcript may show it: never the token itself."""

    fingerprint: str = Field(json_schema_extra={"pattern": "^sha256:[0-9a-f]{12}$"})
    format: str = Field(json_schema_extra={"enum": ["jws", "jwe", "opaque", "unreadable"]})
    header: dict[str, Any] | SkipJsonSchema[None] = None
    claims: dict[str, Any] | SkipJsonSchema[None] = None


class FactEntry(Part):
    """A fact: a plain `value`, or for a credential how it is `shown` (its fingerprint)."""

    type: str
    source: str = Field(
        description="where the value first came from", json_schema_extra={"enum": list(SOURCES)}
    )
    value: OptionalText = None
    shown: OptionalText = Field(default=None, description="how a credential is named")
    token: TokenView | SkipJsonSchema[None] = None

    @field_validator("value", "shown", "token", mode="before")
    @classmethod
    def _present_means_set(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("must not be null")
        return value


class CheckRecord(Part):
    """The latest run of one check key."""

    key: str
    id: str
    flow: str
    node: str
    at: Moment
    inputs: dict[str, str] = Field(description="credentials by fingerprint")
    withheld: dict[str, str] = Field(description="input name -> the credential fact it came from")
    result: Result


class Resolution(Part):
    """The diagnosis the session ended on."""

    flow: str
    resolution: str = Field(description="the resolution node's id")
    title: str
    explanation: str
    steps: list[str]
    refs: list[str]
    evidence: list[EvidenceItem] = Field(default_factory=list)
    also_found: list[AlsoFoundItem] = Field(default_factory=list)


class State(Part):
    """Where the session stands, for resume (`Engine.snapshot()`)."""

    flow: str
    node: str
    stage: Literal["enter", "ask", "checks", "decide", "done"]
    facts: dict[str, str] = Field(description="no credentials")
    fact_sources: dict[str, str]
    withheld: list[str] = Field(description="credentials never saved; asked again on resume")
    declined: list[str]
    results: dict[str, Result]
    # JSON has no tuples: a step is a list of two texts (lax here, which still wants text).
    path: list[Annotated[tuple[str, str], Field(strict=False)]]


class TranscriptDocument(Part):
    """A troubleshooting session written down: the autosave file and the JSON export.

    See TRANSCRIPT.md.
    """

    schema_version: int = Field(json_schema_extra={"const": SCHEMA_VERSION})
    kind: str = Field(json_schema_extra={"const": DOCUMENT_KIND})
    session: SessionHeader
    redaction: Redaction
    facts: dict[str, FactEntry]
    events: list[AnyEvent]
    checks: list[CheckRecord]
    resolution: Resolution | None
    state: State


def transcript_schema() -> dict[str, Any]:
    """The JSON Schema of a transcript document (docs/transcript.schema.json)."""
    schema = TranscriptDocument.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "oidc-401 wizard transcript",
        **{key: value for key, value in schema.items() if key != "title"},
    }


if __name__ == "__main__":
    print(json.dumps(transcript_schema(), indent=2))
