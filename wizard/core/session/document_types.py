"""The building blocks of the transcript's models: strict parts, times, and a check result.

`document.py` (the document) and `document_events.py` (its events) are made of these.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
TIME_EXAMPLE = "2026-11-23T18:08:26Z"


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
