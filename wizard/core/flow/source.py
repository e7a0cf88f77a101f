"""Reading a YAML file safely, keeping the line of every key for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wizard.core.flow.problems import Problem
from wizard.core.yamlsafe import MAX_FLOW_DEPTH, too_deep

try:  # the C loader is several times faster; it is safe like the pure one
    _SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _SafeLoader = yaml.SafeLoader

MAX_FILE_BYTES = 1024 * 1024
# Aliases let a tiny file expand into billions of nodes ("billion laughs"); the size of the
# expanded document is computed before anything walks it, and refused past this bound.
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = MAX_FLOW_DEPTH

Path_ = tuple[str | int, ...]


@dataclass
class YamlSource:
    """A parsed YAML document: its data, and the line where each path of it starts."""

    file: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def problem(self, path: Path_, path_text: str, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), path_text, message)


def read_yaml(path: Path, shown_as: str | None = None) -> YamlSource:
    """Read and parse `path`; every failure becomes a Problem, never an exception."""
    name = shown_as or str(path)
    source = YamlSource(name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            source.problems.append(
                Problem(
                    name, None, "", f"file is {size / 1e6:.1f} MB; a flow file may be at most 1 MB"
                )
            )
            return source
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        source.problems.append(Problem(name, None, "", "no such file"))
        return source
    except IsADirectoryError:
        source.problems.append(Problem(name, None, "", "is a folder, not a flow file"))
        return source
    except UnicodeDecodeError as error:
        source.problems.append(
            Problem(name, None, "", f"not UTF-8 text (byte {error.start} cannot be decoded)")
        )
        return source
    except OSError as error:
        source.problems.append(Problem(name, None, "", f"cannot be read: {error.strerror}"))
        return source
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> YamlSource:
    """Parse YAML text with the safe loader, refusing alias bombs."""
    source = YamlSource(name)
    if too_deep(text):  # before libyaml, which is slow on deep [ ] nesting
        message = f"the YAML is nested more than {MAX_DEPTH} levels deep; refusing to load"
        source.problems.append(Problem(name, None, "", message))
        return source
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            source.problems.append(Problem(name, None, "", "the file is empty"))
            return source
        try:
            expanded = _expanded_size(node, {}, 0)
        except _TooDeep:
            message = f"the YAML is nested more than {MAX_DEPTH} levels deep; refusing to load"
            source.problems.append(Problem(name, None, "", message))
            return source
        if expanded > MAX_EXPANDED_NODES:
            source.problems.append(
                Problem(
                    name,
                    None,
                    "",
                    "YAML aliases expand to more than "
                    f"{MAX_EXPANDED_NODES} nodes; refusing to load (an alias bomb?)",
                )
            )
            return source
        _record_lines(node, (), source.lines, set())
        source.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or error.context or "malformed YAML"
        column = f" (column {mark.column + 1})" if mark is not None else ""
        started = ""
        if error.context and error.context_mark is not None and error.problem:
            started = f"; {error.context} that starts on line {error.context_mark.line + 1}"
        source.problems.append(Problem(name, line, "", f"malformed YAML: {what}{column}{started}"))
    except yaml.YAMLError as error:
        source.problems.append(Problem(name, None, "", f"malformed YAML: {error}"))
    finally:
        loader.dispose()
    return source


class _TooDeep(Exception):
    """Deep nesting is its own problem: calling it an alias bomb would mislead the author."""


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int) -> int:
    if depth > MAX_DEPTH:  # deeper than any real document; also keeps recursion bounded
        raise _TooDeep
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_EXPANDED_NODES + 1  # a node that reaches itself counts as too large
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, memo, depth + 1)
            if total > MAX_EXPANDED_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            total += _expanded_size(key_node, memo, depth + 1)
            total += _expanded_size(value_node, memo, depth + 1)
            if total > MAX_EXPANDED_NODES:
                break
    memo[key] = total
    return total


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], seen: set[int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in seen:  # an alias: its lines were recorded where it was defined
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _record_lines(child, (*path, index), lines, seen)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_path = (*path, key_node.value)
                lines.setdefault(key_path, key_node.start_mark.line + 1)
                _record_lines(value_node, key_path, lines, seen)
