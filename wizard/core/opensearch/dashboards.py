"""`opensearch_dashboards.yml`: the Dashboards side of the OpenID login.

Dashboards settings are usually written as flat dotted keys
(``opensearch_security.openid.connect_url: "…"``) but YAML nesting is accepted too; both are
read into one flat dict of dotted keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.core.opensearch.files import expect_mapping, read_yaml_file
from wizard.core.vocab.yamlsafe import load_yaml

OPENID_PREFIX = "opensearch_security.openid."


@dataclass(frozen=True)
class DashboardsConfig:
    """Dashboards settings as flat dotted keys."""

    source: str
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def get(self, key: str) -> Any:
        return self.settings.get(key)

    def openid(self, name: str) -> Any:
        """One ``opensearch_security.openid.*`` setting, e.g. ``openid("connect_url")``."""
        return self.settings.get(OPENID_PREFIX + name)

    def auth_types(self) -> tuple[str, ...]:
        """``opensearch_security.auth.type`` as a tuple (a string or a list in the file)."""
        value = self.settings.get("opensearch_security.auth.type")
        if value is None:
            return ()
        if isinstance(value, list):
            return tuple(str(item) for item in value)
        return (str(value),)


def load_dashboards_config(path: str | Path) -> DashboardsConfig:
    """Read and parse `opensearch_dashboards.yml` from disk."""
    data, warnings = read_yaml_file(path)
    return _from_data(data, str(path), warnings)


def parse_dashboards_config(
    text: str, source: str = "opensearch_dashboards.yml"
) -> DashboardsConfig:
    """Parse the text of an `opensearch_dashboards.yml`."""
    data, warnings = load_yaml(text, source)
    return _from_data(data, source, warnings)


def _from_data(data: object, source: str, warnings: list[str]) -> DashboardsConfig:
    root = {} if data is None else expect_mapping(data, source, "")
    flat: dict[str, Any] = {}
    notes = list(warnings)
    _flatten(root, "", flat, notes, source)
    return DashboardsConfig(source, flat, tuple(notes))


def _flatten(
    node: dict[str, Any], prefix: str, out: dict[str, Any], notes: list[str], source: str
) -> None:
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            _flatten(value, dotted + ".", out, notes, source)
            continue
        if dotted in out:
            notes.append(
                f"{source}: {dotted} is set twice (flat and nested); the later one is used"
            )
        out[dotted] = value
