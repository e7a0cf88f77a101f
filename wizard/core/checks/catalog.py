"""The modules that make up the check catalog, imported on demand (docs/FLOWS.md lists them)."""

from __future__ import annotations

import importlib

from wizard.core.checks.registry import REGISTRY, CheckSpec

# Each module registers its checks when imported; import is deferred so that commands
# which need no checks (and tests with fake checks) do not pay for the network stack.
CATALOG_MODULES: tuple[str, ...] = (
    "token",
    "opensearch",
    "opensearch_user",
    "discovery",
    "signature",
    "endpoints",
    "resource",
    "okta",
    "auth0",
    "logline",
    "keycloak",
    "entra",
    "transport",
    "evidence",
)


def load_registry() -> dict[str, CheckSpec]:
    """Import every catalog module and return the filled registry."""
    for module in CATALOG_MODULES:
        importlib.import_module(f"wizard.core.checks.{module}")
    return REGISTRY
