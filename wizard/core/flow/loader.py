"""Loading flow files: YAML → model, with every problem collected and located."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from wizard.core.flow.conditions import CONDITION_KEYS, _condition_tag
from wizard.core.flow.model import (
    Applies,
    CheckCall,
    Choice,
    FactSpec,
    Flow,
    Handoff,
    Node,
    Resolution,
    Route,
)
from wizard.core.flow.problems import Problem, did_you_mean, format_path
from wizard.core.flow.source import YamlSource, read_yaml
from wizard.core.vocab.yamlsafe import describe_type

FLOW_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedFlow:
    """A flow that parsed, and the file it came from (for locating later problems)."""

    flow: Flow
    source: YamlSource


def load_flow_file(
    path: Path, shown_as: str | None = None
) -> tuple[LoadedFlow | None, list[Problem]]:
    """Parse one flow file; returns the flow (when it is well formed) and its problems."""
    source = read_yaml(path, shown_as)
    if source.problems:
        return None, source.problems
    data = source.data
    if not isinstance(data, Mapping):
        found = describe_type(data)
        return None, [
            source.problem(
                (), "", f"expected a mapping (id, title, start, nodes, ...), found {found}"
            )
        ]
    try:
        flow = Flow.model_validate(data)
    except ValidationError as error:
        problems = [_problem_from_error(source, data, e) for e in error.errors()]
        return None, sorted(problems, key=lambda p: (p.line or 0, p.path))
    return LoadedFlow(flow, source), []


def flow_files(folder: Path) -> list[Path]:
    """The flow files directly inside `folder`, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix in FLOW_SUFFIXES and p.is_file())


# Which model sits at which key, so "unknown key" can suggest the keys that are allowed.
_CHILD_MODELS: dict[str, type[BaseModel]] = {
    "facts": FactSpec,
    "nodes": Node,
    "checks": CheckCall,
    "choices": Choice,
    "next": Route,
    "resolution": Resolution,
    "handoff": Handoff,
    "applies": Applies,
}


def _problem_from_error(source: YamlSource, data: Any, error: Mapping[str, Any]) -> Problem:
    loc = _without_union_tags(tuple(error["loc"]), data)
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(loc[:-1])
        hint = did_you_mean(key, allowed) if allowed else ""
        return source.problem(loc, format_path(loc), f"unknown key '{key}'{hint}")
    if kind == "missing":
        return source.problem(loc, format_path(loc[:-1]), f"missing required key '{loc[-1]}'")
    value = _value_at(data, loc)
    message = error["msg"][0].lower() + error["msg"][1:]
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        message = f"expected a mapping, found {describe_type(value)}"
    elif kind == "list_type":
        message = f"expected a list, found {describe_type(value)}"
    elif kind == "string_type":
        message = f"expected text, found {describe_type(value)}"
    elif kind == "string_pattern_mismatch":
        message = f"'{value}' is not a valid id (lower-case letters, digits, '-' and '_')"
    elif kind == "literal_error":
        message = f"'{value}' is not one of {error.get('ctx', {}).get('expected', '')}"
    return source.problem(loc, format_path(loc), message)


def _without_union_tags(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    # pydantic puts the chosen member's tag into `loc` for tagged unions (conditions, and
    # `str | CheckCall` checks); the file has no such level, so drop it.
    cleaned: list[Any] = []
    current = data
    for part in loc:
        previous = cleaned[-1] if cleaned else None
        at_condition = previous in ("when", "not") or (
            isinstance(previous, int) and len(cleaned) >= 2 and cleaned[-2] in ("any", "all")
        )
        if at_condition and part in CONDITION_KEYS and _condition_tag(current) == part:
            continue
        if part in ("id", "call") and isinstance(previous, int) and cleaned[-2:-1] == ["checks"]:
            continue
        cleaned.append(part)
        current = _step(current, part)
    return tuple(cleaned)


def _step(value: Any, part: Any) -> Any:
    if isinstance(value, Mapping):
        return value.get(part)
    if isinstance(value, Sequence) and not isinstance(value, str) and isinstance(part, int):
        return value[part] if 0 <= part < len(value) else None
    return None


def _value_at(data: Any, loc: Sequence[Any]) -> Any:
    for part in loc:
        data = _step(data, part)
    return data


def _allowed_keys(parent: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Flow
    for part in parent:
        if isinstance(part, str) and part in _CHILD_MODELS:
            model = _CHILD_MODELS[part]
    if parent and parent[-1] == "when" or "when" in parent:
        return list(CONDITION_KEYS) + ["in", "equals", "present"]
    return [field.alias or name for name, field in model.model_fields.items()]
