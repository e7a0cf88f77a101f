"""The security plugin's `roles_mapping.yml`: which users and backend roles get which role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wizard.core.opensearch.files import expect_mapping, read_yaml_file, string_list
from wizard.core.vocab.yamlsafe import load_yaml

_LIST_FIELDS = ("users", "backend_roles", "and_backend_roles", "hosts")


@dataclass(frozen=True)
class RoleMapping:
    """One role's mapping entry; each list holds patterns (see `opensearch.patterns`)."""

    role: str
    users: tuple[str, ...] = ()
    backend_roles: tuple[str, ...] = ()
    and_backend_roles: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    reserved: bool = False
    description: str = ""


@dataclass(frozen=True)
class RolesMappingFile:
    """The parsed file: its entries in file order, and warnings (duplicate keys and the like)."""

    source: str
    mappings: tuple[RoleMapping, ...]
    warnings: tuple[str, ...] = ()

    def get(self, role: str) -> RoleMapping | None:
        return next((mapping for mapping in self.mappings if mapping.role == role), None)


def load_roles_mapping(path: str | Path) -> RolesMappingFile:
    """Read and parse `roles_mapping.yml` from disk."""
    data, warnings = read_yaml_file(path)
    return _from_data(data, str(path), warnings)


def parse_roles_mapping(text: str, source: str = "roles_mapping.yml") -> RolesMappingFile:
    """Parse the text of a `roles_mapping.yml`."""
    data, warnings = load_yaml(text, source)
    return _from_data(data, source, warnings)


def _from_data(data: object, source: str, warnings: list[str]) -> RolesMappingFile:
    root = {} if data is None else expect_mapping(data, source, "")
    mappings = []
    for role, entry in root.items():
        if role == "_meta":  # the file's type and version header, not a role
            continue
        body = {} if entry is None else expect_mapping(entry, source, str(role))
        lists = {
            name: string_list(body.get(name), source, f"{role}.{name}") for name in _LIST_FIELDS
        }
        mappings.append(
            RoleMapping(
                role=str(role),
                reserved=body.get("reserved") is True,
                description=str(body.get("description") or ""),
                **lists,
            )
        )
    return RolesMappingFile(source, tuple(mappings), tuple(warnings))
