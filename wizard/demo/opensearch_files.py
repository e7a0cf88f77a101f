"""OpenSearch's three config files for a demo world or a test case, shaped as in the docs.

`config.yml` has a Basic domain (order 0) before the OpenID one (order 1), as in most real
clusters; `roles_mapping.yml` maps the setup's roles; `opensearch_dashboards.yml` names the
provider Dashboards logs in with (the same one unless a case says otherwise). The demo world
and the flow tests both write them here, so the files a test reads are the ones a user sees.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

from wizard.demo.recipes import OpenSearchSetup

_HEADER = "# Written by `wizard demo` for this run only; removed when the demo stops.\n"


def write_opensearch_files(
    folder: Path,
    setup: OpenSearchSetup,
    discovery_url: str,
    client_id: str,
    client_secret: str,
    *,
    dashboards_connect_url: str | None = None,
    basic_challenge: bool = False,
    openid_settings: Mapping[str, object] | None = None,
) -> dict[str, Path]:
    """Write `config.yml`, `roles_mapping.yml` and `opensearch_dashboards.yml` into `folder`.

    `dashboards_connect_url` gives Dashboards another provider than the security plugin's;
    `basic_challenge` makes the Basic domain answer first with a challenge; `openid_settings`
    adds keys (`required_issuer`, ...) to the OpenID domain's config. Returns the facts that
    name the files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    dashboards_url = dashboards_connect_url or discovery_url
    documents = {
        "opensearch_config": (
            "config.yml",
            _security_config(setup, discovery_url, basic_challenge, openid_settings or {}),
        ),
        "roles_mapping": ("roles_mapping.yml", _roles_mapping(setup)),
        "dashboards_config": (
            "opensearch_dashboards.yml",
            _dashboards(dashboards_url, client_id, client_secret, setup),
        ),
    }
    paths = {}
    for fact, (name, document) in documents.items():
        path = folder / name
        text = _HEADER + yaml.safe_dump(document, sort_keys=False)
        # The dashboards file holds the (demo) client secret: keep it owner-only like the real one.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        paths[fact] = path
    return paths


def _security_config(
    setup: OpenSearchSetup,
    discovery_url: str,
    basic_challenge: bool,
    openid_settings: Mapping[str, object],
) -> dict[str, object]:
    return {
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
                        "description": "OpenID Connect against the demo identity provider",
                        "http_enabled": True,
                        "transport_enabled": True,
                        "order": 1,
                        "http_authenticator": {
                            "type": "openid",
                            "challenge": False,
                            "config": {
                                "subject_key": setup.subject_key,
                                "roles_key": setup.roles_key,
                                "openid_connect_url": discovery_url,
                                **openid_settings,
                            },
                        },
                        "authentication_backend": {"type": "noop"},
                    },
                },
            }
        },
    }


def _roles_mapping(setup: OpenSearchSetup) -> dict[str, object]:
    document: dict[str, object] = {"_meta": {"type": "rolesmapping", "config_version": 2}}
    for role, entry in setup.roles_mapping.items():
        # An entry is not reserved unless it says so (like the shipped `kibana_server`).
        document[role] = {
            "reserved": False,
            **{
                key: value if isinstance(value, bool) else list(value)
                for key, value in entry.items()
            },
        }
    return document


def _dashboards(
    discovery_url: str, client_id: str, client_secret: str, setup: OpenSearchSetup
) -> dict[str, object]:
    return {
        "server.host": "127.0.0.1",
        "server.name": "opensearch-dashboards",
        "opensearch.hosts": ["https://localhost:9200"],
        "opensearch.requestHeadersAllowlist": ["Authorization", "securitytenant"],
        "opensearch_security.auth.type": ["basicauth", "openid"],
        "opensearch_security.auth.multiple_auth_enabled": True,
        "opensearch_security.openid.connect_url": discovery_url,
        "opensearch_security.openid.client_id": client_id,
        "opensearch_security.openid.client_secret": client_secret,
        "opensearch_security.openid.scope": f"openid profile email {setup.roles_key}",
        "opensearch_security.openid.header": "Authorization",
        "opensearch_security.openid.base_redirect_url": "http://127.0.0.1:5601",
    }
