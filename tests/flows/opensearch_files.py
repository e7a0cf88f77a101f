"""OpenSearch configuration files for the flow cases, shaped like the forum case (seed 003).

Written into a test's temporary folder, one variant per case: the security plugin's
config.yml, roles_mapping.yml and Dashboards' opensearch_dashboards.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

IDP = "https://idp.example.test"
DISCOVERY = f"{IDP}/.well-known/openid-configuration"

# roles_mapping.yml as the forum user had it: the defaults, nothing for the IdP's users.
DEFAULT_MAPPING: dict[str, Any] = {
    "all_access": {"reserved": False, "backend_roles": ["admin"]},
    "kibana_server": {"reserved": True, "users": ["kibanaserver"]},
}


def write_opensearch_files(
    folder: Path,
    *,
    connect_url: str = DISCOVERY,
    dashboards_connect_url: str | None = None,
    basic_challenge: bool = False,
    subject_key: str = "sub",
    roles_key: str = "entitlement_group",
    base_redirect_url: str = "https://localhost:5601",
    mapping: dict[str, Any] | None = None,
    openid_settings: dict[str, Any] | None = None,
) -> dict[str, str]:
    """Write the three files; returns the session facts that name them."""
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "_meta": {"type": "config", "config_version": 2},
        "config": {
            "dynamic": {
                "http": {"anonymous_auth_enabled": False},
                "authc": {
                    "basic_internal_auth_domain": {
                        "description": "Authenticate via HTTP Basic against internal users",
                        "http_enabled": True,
                        "transport_enabled": True,
                        "order": 0,
                        "http_authenticator": {"type": "basic", "challenge": basic_challenge},
                        "authentication_backend": {"type": "intern"},
                    },
                    "openid_auth_domain": {
                        "description": "OpenID connection",
                        "http_enabled": True,
                        "transport_enabled": True,
                        "order": 1,
                        "http_authenticator": {
                            "type": "openid",
                            "challenge": False,
                            "config": {
                                "subject_key": subject_key,
                                "roles_key": roles_key,
                                "openid_connect_url": connect_url,
                                **(openid_settings or {}),
                            },
                        },
                        "authentication_backend": {"type": "noop"},
                    },
                },
            }
        },
    }
    roles_mapping = {
        "_meta": {"type": "rolesmapping", "config_version": 2},
        **(DEFAULT_MAPPING if mapping is None else mapping),
    }
    dashboards = {
        "server.name": "opensearch-dashboards",
        "opensearch.requestHeadersAllowlist": ["Authorization"],
        "opensearch_security.auth.type": ["basicauth", "openid"],
        "opensearch_security.auth.multiple_auth_enabled": True,
        "opensearch_security.openid.connect_url": dashboards_connect_url or connect_url,
        "opensearch_security.openid.client_id": "dashboards",
        "opensearch_security.openid.client_secret": "not-a-real-secret",
        "opensearch_security.openid.scope": "openid entitlement_group",
        "opensearch_security.openid.header": "Authorization",
        "opensearch_security.openid.base_redirect_url": base_redirect_url,
    }
    paths = {
        "opensearch_config": folder / "config.yml",
        "roles_mapping": folder / "roles_mapping.yml",
        "dashboards_config": folder / "opensearch_dashboards.yml",
    }
    paths["opensearch_config"].write_text(yaml.safe_dump(config, sort_keys=False))
    paths["roles_mapping"].write_text(yaml.safe_dump(roles_mapping, sort_keys=False))
    paths["dashboards_config"].write_text(yaml.safe_dump(dashboards, sort_keys=False))
    return {name: str(path) for name, path in paths.items()}
