"""Reading a flow file, keeping the line of every key for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wizard.core.flow.problems import Problem
from wizard.core.vocab.userfiles import UserFileError, read_user_file
from wizard.core.vocab.yamlsafe import MAX_YAML_BYTES, YamlLoadError, parse_document

# Checked on the file's size before reading it, so a huge file costs nothing.
MAX_FILE_BYTES = MAX_YAML_BYTES

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
        text = read_user_file(path, limit=MAX_FILE_BYTES).decode("utf-8")
    except UserFileError as error:
        # The message starts with the path, which the Problem names already.
        said = error.message.removeprefix(str(path)).removeprefix(": ")
        source.problems.append(Problem(name, None, "", said))
        return source
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
    """Parse YAML text with the shared safe reader (size cap, alias bombs refused)."""
    source = YamlSource(name)
    try:
        document = parse_document(text, name)
    except YamlLoadError as error:
        column = f" (column {error.column})" if error.column is not None else ""
        source.problems.append(Problem(name, error.line, "", f"{error.problem}{column}"))
        return source
    if document.root is None:
        source.problems.append(Problem(name, None, "", "the file is empty"))
        return source
    # A key given twice silently loses one value: in a playbook that hides an edit.
    for warning in document.warnings:
        source.problems.append(Problem(name, warning.line, "", warning.message))
    _record_lines(document.root, (), source.lines, set())
    source.data = document.value
    return source


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], seen: set[int]) -> None:
    # Iterative, like the reader's own walks, so deep nesting cannot exhaust the stack.
    stack: list[tuple[yaml.Node, Path_]] = [(node, path)]
    while stack:
        current, where = stack.pop()
        lines.setdefault(where, current.start_mark.line + 1)
        if id(current) in seen:  # an alias: its lines were recorded where it was defined
            continue
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, (*where, index)) for index, child in enumerate(current.value))
        elif isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_path = (*where, key_node.value)
                    lines.setdefault(key_path, key_node.start_mark.line + 1)
                    stack.append((value_node, key_path))
