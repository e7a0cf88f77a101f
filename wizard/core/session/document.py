"""The transcript document as models: one definition for reading, validating and its schema.

`transcript.py` writes the document; these models say what a valid one is. Reading a file
validates it against `TranscriptDocument` (`reading.py` turns the first problem into one line);
`transcript_schema()` is the published JSON Schema, docs/transcript.schema.json, kept current
by a test (regenerate it with `python -m wizard.core.session.document`).

The models are strict (text is text, a number is a number) and ignore fields they do not know:
a reader of one schema version reads files that added fields without raising it.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from wizard.core.session.transcript import DOCUMENT_KIND, SCHEMA_VERSION

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
TIME_EXAMPLE = "2026-11-23T18:08:26Z"
SESSION_ID_PATTERN = "^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$"
SOURCES = ("given", "user", "choice", "check", "token", "discovery", "file", "transcript")


def _is_time(text: str) -> str:
    try:
        datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"is not a time like {TIME_EXAMPLE}") from None
    return text


# 9999-12-31T23:59:59Z: the last moment datetime can format.
LATEST_MOMENT = 253_402_300_799


def _is_moment(value: float) -> float:
    # Every number of the document is a moment: 1e308 or NaN would crash every later date format.
    if not math.isfinite(value) or not 0 <= value <= LATEST_MOMENT:
        raise ValueError("must be a time in seconds between 1970 and 9999")
    return value


def parse_time(text: str) -> float:
    """Seconds since the epoch of a transcript's time text (already validated)."""
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC).timestamp()


Moment = Annotated[float, AfterValidator(_is_moment)]
Time = Annotated[
    str,
    AfterValidator(_is_time),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"}),
]
# The values of `Status` (a test holds them equal).
CheckStatus = Literal["pass", "warn", "fail", "skip", "error"]
# A field that may be left out, but is text when it is there.
OptionalText = str | SkipJsonSchema[None]


class Part(BaseModel):
    """A part of the document: strict types, unknown fields ignored."""

    model_config = ConfigDict(strict=True, extra="ignore")


class Result(Part):
    """A check result: what `CheckResult.to_dict` writes."""

    id: str
    status: CheckStatus
    title: str
    detail: str = Field(description="what was found, in plain words")
    fix: str
    evidence: dict[str, Any] = Field(description="the redacted values the check looked at")
    refs: list[str]
    facts: dict[str, str] = Field(description="facts the check learned")


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


class Run(Part):
    """A check run as `checks_started` records it."""

    key: str
    id: str
    inputs: dict[str, str]
    withheld: dict[str, str] = Field(description="input name -> the credential fact it came from")


class Event(Part):
    flow: str
    node: str
    at: Moment = Field(description="seconds since 1970-01-01 UTC")
    time: Time | SkipJsonSchema[None] = Field(default=None, description="`at` as UTC text")


class FlowEnteredData(Part):
    title: str


class FlowEntered(Event):
    kind: Literal["flow_entered"]
    data: FlowEnteredData


class SaidData(Part):
    text: str


class Said(Event):
    kind: Literal["said"]
    data: SaidData


class AskedFactData(Part):
    fact: str
    prompt: str


class AskedFact(Event):
    kind: Literal["asked"]
    data: AskedFactData


class AskedChoiceData(Part):
    choices: list[str]


class AskedChoice(Event):
    kind: Literal["asked"]
    data: AskedChoiceData


class AnsweredFactData(Part):
    fact: str
    value: str = Field(description="the answer as shown: a credential by its fingerprint")


class AnsweredFact(Event):
    kind: Literal["answered"]
    data: AnsweredFactData


class AnsweredChoiceData(Part):
    choice: str
    label: str


class AnsweredChoice(Event):
    kind: Literal["answered"]
    data: AnsweredChoiceData


class ChecksStartedData(Part):
    checks: list[str]
    runs: list[Run] | SkipJsonSchema[None] = None


class ChecksStarted(Event):
    kind: Literal["checks_started"]
    data: ChecksStartedData


class CheckResultData(Part):
    key: str
    result: Result


class CheckResultEvent(Event):
    kind: Literal["check_result"]
    data: CheckResultData


class EvidenceItem(Part):
    """A check a resolution asserts or rests on, with its verdict."""

    key: str
    status: str | None = None
    verdict: Literal["verified", "found", "not verified"]
    title: str
    detail: str
    asserted: bool = False


class AlsoFoundItem(Part):
    """A finding besides the primary cause: a fail, or a warn a service provider rejects."""

    key: str
    id: str
    status: Literal["fail", "warn"]
    title: str
    detail: str
    fix: str
    token: str = Field(default="", description="the fact holding the token it read, if any")
    rejected_because: str = Field(
        default="", description="for a warn: why a service provider rejects it"
    )


class ResolvedData(Part):
    resolution: str = Field(description="the resolution node's id")
    title: str
    explanation: str
    steps: list[str]
    refs: list[str]
    evidence: list[EvidenceItem] = Field(default_factory=list)
    also_found: list[AlsoFoundItem] = Field(
        default_factory=list, description="every other cause, ranked (absent in older files)"
    )


class Resolved(Event):
    kind: Literal["resolved"]
    data: ResolvedData


class ErrorData(Part):
    reason: str


class ErrorEvent(Event):
    kind: Literal["error"]
    data: ErrorData


class ResumedData(Part):
    withheld: list[str] = Field(default_factory=list)


class Resumed(Event):
    kind: Literal["resumed"]
    data: ResumedData


class NoData(Part):
    pass


class Marker(Event):
    """An event that carries no data: the checks cancelled, the user went back or restarted."""

    kind: Literal["checks_cancelled", "went_back", "restarted"]
    data: NoData


# The tag of each event shape: its kind, or for `asked` and `answered` which of two shapes.
EVENT_TAGS = {
    "flow_entered": "flow_entered",
    "said": "said",
    "checks_started": "checks_started",
    "check_result": "check_result",
    "checks_cancelled": "marker",
    "went_back": "marker",
    "restarted": "marker",
    "resolved": "resolved",
    "resumed": "resumed",
    "error": "error",
}
EVENT_KINDS = frozenset({*EVENT_TAGS, "asked", "answered"})


def _event_tag(raw: Any) -> str | None:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("kind")
    data = raw.get("data")
    if kind == "asked":
        return "asked_choice" if isinstance(data, dict) and "choices" in data else "asked_fact"
    if kind == "answered":
        return "answered_fact" if isinstance(data, dict) and "fact" in data else "answered_choice"
    if not isinstance(kind, str):
        return None  # no kind: reported as missing
    return EVENT_TAGS.get(kind, kind)  # an unknown kind is an unknown tag, reported as such


AnyEvent = Annotated[
    Annotated[FlowEntered, Tag("flow_entered")]
    | Annotated[Said, Tag("said")]
    | Annotated[AskedFact, Tag("asked_fact")]
    | Annotated[AskedChoice, Tag("asked_choice")]
    | Annotated[AnsweredFact, Tag("answered_fact")]
    | Annotated[AnsweredChoice, Tag("answered_choice")]
    | Annotated[ChecksStarted, Tag("checks_started")]
    | Annotated[CheckResultEvent, Tag("check_result")]
    | Annotated[Resolved, Tag("resolved")]
    | Annotated[ErrorEvent, Tag("error")]
    | Annotated[Resumed, Tag("resumed")]
    | Annotated[Marker, Tag("marker")],
    Discriminator(_event_tag),
]


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
