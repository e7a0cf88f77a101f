"""Routing conditions: data, never strings to evaluate.

A condition is a mapping with exactly one leading key:
``{passed: CHECK}``, ``{failed: CHECK}``, ``{warned: CHECK}``, ``{status: CHECK, in: [...]}``,
``{fact: NAME, equals: V}`` / ``{fact: NAME, in: [...]}`` / ``{fact: NAME, present: true}``,
``{any: [...]}``, ``{all: [...]}``, ``{not: CONDITION}``. CHECK is a check id or the alias
(``as:``) a node gave it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

StatusName = Literal["pass", "warn", "fail", "skip", "error"]


class _Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Passed(_Condition):
    passed: str = Field(description="true when this check's latest result is pass")


class Failed(_Condition):
    failed: str = Field(description="true when this check's latest result is fail")


class Warned(_Condition):
    warned: str = Field(description="true when this check's latest result is warn")


class StatusIn(_Condition):
    status: str = Field(description="a check id or alias")
    in_: list[StatusName] = Field(alias="in", min_length=1)


class FactTest(_Condition):
    fact: str
    equals: str | int | float | bool | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    present: bool | None = None


class AnyOf(_Condition):
    any: list[Condition] = Field(min_length=1)


class AllOf(_Condition):
    all: list[Condition] = Field(min_length=1)


class Not(_Condition):
    not_: Condition = Field(alias="not")


CONDITION_KEYS = ("passed", "failed", "warned", "status", "fact", "any", "all", "not")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for key in CONDITION_KEYS:
            if key in value:
                return key
        return None
    if isinstance(value, BaseModel):
        return _TAG_OF_MODEL.get(type(value))
    return None


Condition = Annotated[
    Union[  # noqa: UP007 - tagged members read better one per line
        Annotated[Passed, Tag("passed")],
        Annotated[Failed, Tag("failed")],
        Annotated[Warned, Tag("warned")],
        Annotated[StatusIn, Tag("status")],
        Annotated[FactTest, Tag("fact")],
        Annotated[AnyOf, Tag("any")],
        Annotated[AllOf, Tag("all")],
        Annotated[Not, Tag("not")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition needs one of the keys " + ", ".join(CONDITION_KEYS),
    ),
]

_TAG_OF_MODEL: dict[type, str] = {
    Passed: "passed",
    Failed: "failed",
    Warned: "warned",
    StatusIn: "status",
    FactTest: "fact",
    AnyOf: "any",
    AllOf: "all",
    Not: "not",
}

AnyOf.model_rebuild()
AllOf.model_rebuild()
Not.model_rebuild()


def evaluate(condition: Any, facts: Mapping[str, Any], statuses: Mapping[str, str]) -> bool:
    """Whether `condition` holds, given fact values and the latest status per check key."""
    match condition:
        case Passed(passed=key):
            return statuses.get(key) == "pass"
        case Failed(failed=key):
            return statuses.get(key) == "fail"
        case Warned(warned=key):
            return statuses.get(key) == "warn"
        case StatusIn(status=key, in_=wanted):
            return statuses.get(key) in wanted
        case FactTest():
            return _fact_holds(condition, facts)
        case AnyOf(any=members):
            return any(evaluate(member, facts, statuses) for member in members)
        case AllOf(all=members):
            return all(evaluate(member, facts, statuses) for member in members)
        case Not(not_=inner):
            return not evaluate(inner, facts, statuses)
    raise TypeError(f"not a condition: {condition!r}")


def _fact_holds(test: FactTest, facts: Mapping[str, Any]) -> bool:
    value = facts.get(test.fact)
    present = value not in (None, "")
    if test.present is not None and present != test.present:
        return False
    if test.equals is not None and (not present or str(value) != _as_text(test.equals)):
        return False
    return not (test.in_ is not None and (not present or str(value) not in test.in_))


def _as_text(value: Any) -> str:
    # YAML turns `yes`/`true` into booleans; facts are text, so compare the way YAML wrote them.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def referenced_checks(condition: Any) -> Iterator[str]:
    """Every check key a condition looks at (for validation)."""
    match condition:
        case Passed(passed=key) | Failed(failed=key) | Warned(warned=key) | StatusIn(status=key):
            yield key
        case AnyOf(any=members) | AllOf(all=members):
            for member in members:
                yield from referenced_checks(member)
        case Not(not_=inner):
            yield from referenced_checks(inner)


def referenced_facts(condition: Any) -> Iterator[str]:
    """Every fact name a condition looks at (for validation)."""
    match condition:
        case FactTest(fact=name):
            yield name
        case AnyOf(any=members) | AllOf(all=members):
            for member in members:
                yield from referenced_facts(member)
        case Not(not_=inner):
            yield from referenced_facts(inner)
