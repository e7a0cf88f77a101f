"""The events of a transcript as models, one per shape, told apart by their kind.

`asked` and `answered` each have two shapes (a fact or a choice); the tag function reads
which from the data, so that a problem is reported against the right shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag
from pydantic.json_schema import SkipJsonSchema

from wizard.core.session.document_types import Moment, Part, Result, Time


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
    default: str | SkipJsonSchema[None] = Field(
        default=None, description="a value the wizard found itself and offered"
    )
    source: str | SkipJsonSchema[None] = Field(
        default=None, description="where the offered value came from"
    )


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
    source: str | SkipJsonSchema[None] = Field(
        default=None,
        description="set when the wizard found the value itself: where it came from",
    )
    skipped: bool | SkipJsonSchema[None] = Field(
        default=None, description="true when the user skipped the question (value says so)"
    )


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
