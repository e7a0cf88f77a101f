"""Reading YAML a user hands us, without trusting it.

Every YAML file the wizard reads (service-provider configs, and later flow files) goes through
`load_yaml`: always the safe loader (the C one when PyYAML was built with it), a size cap, a
refusal of alias-expansion bombs ("billion laughs"), and errors that name the file, line and
column. Problems are raised as `YamlLoadError`, a `UserError`, so a command prints one line and a
check turns it into an `error` result; softer findings (duplicate keys) come back as warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from wizard.core.vocab.errors import UserError

try:  # the C loader is several times faster; fall back when PyYAML was built without libyaml
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_YAML_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 100_000
# libyaml takes time quadratic in the depth of [ ] / { } nesting (7 s for a 40 kB file of
# 20,000 levels), so the depth is bounded before it parses; real files nest a few levels.
MAX_FLOW_DEPTH = 200
_BRACKETS = re.compile(r"[\[\]{}]")


class YamlLoadError(UserError):
    """A YAML file could not be read: too big, malformed, or an alias bomb.

    Attributes:
        source: the file name (or other label) the text came from.
        line: 1-based line of the problem, when known.
        column: 1-based column of the problem, when known.
    """

    def __init__(
        self, source: str, problem: str, line: int | None = None, column: int | None = None
    ) -> None:
        where = source
        if line is not None:
            where += f": line {line}" + (f", column {column}" if column is not None else "")
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column


def load_yaml(text: str, source: str) -> tuple[object, list[str]]:
    """Parse one YAML document safely.

    Args:
        text: the file's content.
        source: how to name the file in messages (usually its path).

    Returns:
        The plain Python value (dicts, lists, strings, numbers, booleans, None) and a list of
        warnings, each a full sentence naming the file and line (for example duplicate keys).

    Raises:
        YamlLoadError: the text is over `MAX_YAML_BYTES`, is not valid YAML, holds more than one
            document, or its aliases would expand beyond `MAX_EXPANDED_NODES` nodes.
    """
    document = parse_document(text, source)
    return document.value, [str(warning) for warning in document.warnings]


@dataclass(frozen=True)
class YamlWarning:
    """Something legal but suspicious in a file, with its line."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}: line {self.line}: {self.message}"


@dataclass(frozen=True)
class YamlDocument:
    """A parsed document: its value, its composed node tree (for line numbers), its warnings."""

    value: object
    root: yaml.Node | None
    warnings: list[YamlWarning]


def parse_document(text: str, source: str) -> YamlDocument:
    """Like `load_yaml`, also handing back the node tree, whose marks locate every value."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise YamlLoadError(
            source,
            f"the file is {size:,} bytes; files over {MAX_YAML_BYTES:,} bytes (1 MiB) are not "
            "read. Is this the right file?",
        )
    if too_deep(text):
        raise YamlLoadError(
            source, f"the YAML is nested more than {MAX_FLOW_DEPTH} levels deep; it is not read"
        )
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, None, [])
        _refuse_alias_bomb(node, source)
        warnings = _duplicate_key_warnings(node, source)
        return YamlDocument(loader.construct_document(node), node, warnings)
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, source) from None
    except yaml.YAMLError as exc:  # reader errors (bad characters) carry no mark
        raise YamlLoadError(source, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlLoadError(source, "the YAML is nested too deeply to read") from None
    except ValueError as exc:
        # Python refuses to turn more than 4,300 digits into an int (a denial-of-service guard);
        # PyYAML lets that ValueError out of its constructor with no mark.
        if "digits" in str(exc):
            raise YamlLoadError(
                source, "a number has more than 4,300 digits; the file is refused"
            ) from None
        raise YamlLoadError(source, f"a value cannot be read ({exc})") from None
    finally:
        loader.dispose()


def too_deep(text: str) -> bool:
    """True when [ ] and { } nest deeper than MAX_FLOW_DEPTH (brackets in strings count too).

    Counting every bracket, quoted or not, can only over-estimate, and only a file with
    hundreds of unbalanced brackets in its strings could be refused by mistake.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return False  # the usual case, at the speed of str.count
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return True
        elif depth:
            depth -= 1
    return False


def _marked_error(exc: yaml.MarkedYAMLError, source: str) -> YamlLoadError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "not valid YAML"
    if exc.context:
        started = exc.context_mark
        if started is not None and mark is not None and started.line != mark.line:
            # The real mistake is often where the construct began (an unclosed bracket).
            problem = f"{exc.context} that starts on line {started.line + 1}, {problem}"
        else:
            problem = f"{exc.context}, {problem}"
    if mark is None:
        return YamlLoadError(source, f"not valid YAML: {problem}")
    return YamlLoadError(source, f"not valid YAML: {problem}", mark.line + 1, mark.column + 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _refuse_alias_bomb(root: yaml.Node, source: str) -> None:
    """Count the nodes the document would have once every alias is copied out.

    The composed graph shares one node per anchor, so it stays small even when its expansion is
    astronomically large; counting with memoisation costs one visit per distinct node. The walk
    is iterative so a deep document cannot exhaust the Python stack here.
    """
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            total = 1 + sum(expanded[id(child)] for child in _children(node))
            if total > MAX_EXPANDED_NODES:
                raise YamlLoadError(
                    source,
                    f"its aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias "
                    "bomb, 'billion laughs'); the file is refused",
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                )
            expanded[key] = total
            continue
        if key in expanded:
            continue
        if key in on_path:
            raise YamlLoadError(
                source,
                "an alias refers to a node that contains it (a recursive structure)",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in expanded)


def _duplicate_key_warnings(root: yaml.Node, source: str) -> list[YamlWarning]:
    """Keys given twice in one mapping: readers silently keep one of them, which hides edits."""
    warnings: list[YamlWarning] = []
    seen_nodes: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                line = key_node.start_mark.line + 1
                ident = (key_node.tag, key_node.value)
                if ident in first_line:
                    warnings.append(
                        YamlWarning(
                            source,
                            line,
                            f"key '{key_node.value}' is given a second time "
                            f"(first on line {first_line[ident]}); only the last one is kept, and "
                            "other YAML readers may refuse the file",
                        )
                    )
                else:
                    first_line[ident] = line
        stack.extend(_children(node))
    return sorted(warnings, key=lambda warning: warning.line)


def describe_type(value: Any) -> str:
    """A YAML-flavoured name for a loaded value's type, for 'expected a mapping, got …' messages.

    Never the value itself: the file may be any file a transcript named (a `.env`, a key, a
    JSON of credentials), and its values may be secrets. The key path says where.
    """
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__
