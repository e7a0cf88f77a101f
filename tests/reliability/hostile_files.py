"""Hostile YAML files: each kind with the sentence the flow loader and OpenSearch checks give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
OPENSEARCH = DATA / "opensearch"
TEN_MB = 10 * 1024 * 1024


@dataclass(frozen=True)
class HostileFile:
    """A file to make, and what each reader must say about it (a substring)."""

    name: str
    make: Callable[[Path], Path]
    flow_message: str
    opensearch_message: str
    mapping_message: str = ""  # as roles_mapping.yml, when it differs from opensearch_message

    @property
    def as_roles_mapping(self) -> str:
        return self.mapping_message or self.opensearch_message


def copy_of(source: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / source.name
        target.write_bytes(source.read_bytes())
        return target

    return make


def written(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / name
        target.write_bytes(content)
        return target

    return make


def ten_megabytes(folder: Path) -> Path:
    target = folder / "huge.yml"
    line = b"# " + b"x" * 77 + b"\n"
    with target.open("wb") as out:
        out.write(b"config:\n  dynamic:\n")
        for _ in range(TEN_MB // len(line)):
            out.write(line)
    return target


DEEP = 20_000
HOSTILE_FILES = (
    HostileFile(
        "billion laughs",
        copy_of(OPENSEARCH / "billion_laughs.yml"),
        "its aliases expand to more than 100,000 values (an alias bomb, 'billion laughs'); "
        "the file is refused (column 4)",
        "its aliases expand to more than 100,000 values (an alias bomb, 'billion laughs'); "
        "the file is refused",
    ),
    HostileFile(
        "10 MB file",
        ten_megabytes,
        "a flow file may be at most 1 MB",
        "the file is over 1,048,576 bytes (1 MiB) and is not read",
    ),
    HostileFile(
        "malformed YAML",
        copy_of(OPENSEARCH / "malformed.yml"),
        "not valid YAML: while parsing a flow sequence that starts on line 5, "
        "did not find expected ',' or ']' (column 27)",
        "line 6, column 27: not valid YAML: while parsing a flow sequence that starts on "
        "line 5, did not find expected ',' or ']'",
    ),
    HostileFile(
        "list instead of mapping",
        copy_of(OPENSEARCH / "list_instead_of_mapping.yml"),
        "",  # a flow that is a list: the loader names what is missing, checked for no crash
        "expected a mapping (key: value lines), found a list",
        "No role in",  # a role named `config`: well-formed, but it maps nobody
    ),
    HostileFile(
        "20,000 nested lists",
        written("deep.yml", b"_meta: " + b"[" * DEEP + b"]" * DEEP + b"\n"),
        "the YAML is nested more than 200 levels deep; it is not read",
        "the YAML is nested more than 200 levels deep; it is not read",
    ),
    HostileFile(
        "not UTF-8",
        written("binary.yml", b"\xff\xfe\x00config:\x80\x81\n"),
        "not UTF-8 text (byte 0 cannot be decoded)",
        "is not UTF-8 text (byte 0 cannot be decoded)",
    ),
    HostileFile(
        "empty file",
        written("empty.yml", b""),
        "the file is empty",
        "expected a mapping (key: value lines), found nothing (null)",
        "No role in",  # an empty roles_mapping.yml maps nobody, and the result says so
    ),
)
