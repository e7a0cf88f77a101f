"""The security plugin's `config.yml`: the authentication domains in the order they are tried.

Shape (from the plugin documentation)::

    _meta: {type: config, config_version: 2}
    config:
      dynamic:
        authc:
          openid_auth_domain:
            http_enabled: true
            order: 1
            http_authenticator:
              type: openid
              challenge: false
              config: {subject_key: sub, roles_key: roles, openid_connect_url: https://…}
            authentication_backend: {type: noop}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.core.opensearch.files import ConfigFileError, expect_mapping, read_yaml_file
from wizard.core.vocab.yamlsafe import describe_type, load_yaml

OPENID = "openid"
BASIC = "basic"


@dataclass(frozen=True)
class AuthDomain:
    """One entry of `config.dynamic.authc`.

    Attributes:
        name: the entry's key, e.g. ``openid_auth_domain``.
        order: the plugin tries domains from the lowest order up.
        http_enabled: False means REST calls never reach this domain.
        authenticator: ``http_authenticator.type`` (basic, openid, jwt, saml, …), None if unset.
        challenge: ``http_authenticator.challenge``; the plugin's default is true.
        challenge_set: whether the file sets `challenge` (so advice can say "it defaults to true").
        settings: ``http_authenticator.config`` (subject_key, roles_key, openid_connect_url, …).
        backend: ``authentication_backend.type`` (intern, noop, ldap, …), None if unset.
    """

    name: str
    order: int
    http_enabled: bool
    authenticator: str | None
    challenge: bool
    challenge_set: bool
    settings: dict[str, Any] = field(default_factory=dict)
    backend: str | None = None
    description: str = ""

    def summary(self) -> dict[str, Any]:
        """What a result's evidence shows of this domain (no secrets live in these keys)."""
        return {
            "name": self.name,
            "order": self.order,
            "http_enabled": self.http_enabled,
            "type": self.authenticator,
            "challenge": self.challenge,
            "authentication_backend": self.backend,
        }


@dataclass(frozen=True)
class SecurityConfig:
    """The parsed `config.yml`: its domains sorted by `order`, and any warnings met on the way."""

    source: str
    domains: tuple[AuthDomain, ...]
    warnings: tuple[str, ...] = ()
    anonymous_auth_enabled: bool = False

    def http_domains(self) -> tuple[AuthDomain, ...]:
        return tuple(domain for domain in self.domains if domain.http_enabled)

    def openid_domains(self) -> tuple[AuthDomain, ...]:
        return tuple(domain for domain in self.domains if domain.authenticator == OPENID)

    def openid_domain(self) -> AuthDomain | None:
        """The openid domain REST calls reach first (an enabled one if any), or None."""
        domains = self.openid_domains()
        enabled = [domain for domain in domains if domain.http_enabled]
        candidates = enabled or list(domains)
        return candidates[0] if candidates else None


def load_security_config(path: str | Path) -> SecurityConfig:
    """Read and parse `config.yml` from disk (errors as `ConfigFileError` / `YamlLoadError`)."""
    data, warnings = read_yaml_file(path)
    return _from_data(data, str(path), warnings)


def parse_security_config(text: str, source: str = "config.yml") -> SecurityConfig:
    """Parse the text of a `config.yml`."""
    data, warnings = load_yaml(text, source)
    return _from_data(data, source, warnings)


def _from_data(data: object, source: str, warnings: list[str]) -> SecurityConfig:
    root = expect_mapping(data, source, "")
    dynamic, prefix = _find_dynamic(root, source)
    if "authc" not in dynamic:
        raise ConfigFileError(
            f"{source}: {prefix}.authc: missing; this file has no authentication domains "
            "(is it the security plugin's config.yml?)"
        )
    authc = expect_mapping(dynamic["authc"], source, f"{prefix}.authc")
    domains = [
        _domain(name, entry, source, f"{prefix}.authc.{name}") for name, entry in authc.items()
    ]
    domains.sort(key=lambda domain: domain.order)
    http = expect_mapping(dynamic.get("http") or {}, source, f"{prefix}.http")
    anonymous = _boolean(
        http.get("anonymous_auth_enabled", False), source, f"{prefix}.http.anonymous_auth_enabled"
    )
    return SecurityConfig(source, tuple(domains), tuple(warnings), anonymous)


def _find_dynamic(root: dict[str, Any], source: str) -> tuple[dict[str, Any], str]:
    # Files come as exported (`_meta` + `config:`), as snippets starting at `config:` or
    # `dynamic:`, or in the old layout under `opendistro_security:`.
    for top in ("config", "opendistro_security"):
        if top in root:
            section = expect_mapping(root[top], source, top)
            if "dynamic" not in section:
                raise ConfigFileError(
                    f"{source}: {top}.dynamic: missing (expected config.dynamic.authc)"
                )
            return expect_mapping(section["dynamic"], source, f"{top}.dynamic"), f"{top}.dynamic"
    if "dynamic" in root:
        return expect_mapping(root["dynamic"], source, "dynamic"), "dynamic"
    if "authc" in root:
        return root, "(top level)"
    # How many keys, never which: the file may be any file a transcript named.
    count = len(root)
    raise ConfigFileError(
        f"{source}: config.dynamic.authc: missing; none of its {count} top-level "
        f"key{'' if count == 1 else 's'} is config, dynamic or authc "
        "(is it the security plugin's config.yml?)"
    )


def _domain(name: str, entry: object, source: str, path: str) -> AuthDomain:
    body = expect_mapping(entry, source, path)
    authenticator = expect_mapping(
        body.get("http_authenticator") or {}, source, f"{path}.http_authenticator"
    )
    backend = expect_mapping(
        body.get("authentication_backend") or {}, source, f"{path}.authentication_backend"
    )
    settings = expect_mapping(
        authenticator.get("config") or {}, source, f"{path}.http_authenticator.config"
    )
    # The plugin needs both: the older `enabled` switch and `http_enabled` (each true by default).
    enabled = _boolean(body.get("enabled", True), source, f"{path}.enabled") and _boolean(
        body.get("http_enabled", True), source, f"{path}.http_enabled"
    )
    kind = authenticator.get("type")
    backend_kind = backend.get("type")
    return AuthDomain(
        name=str(name),
        order=_integer(body.get("order", 0), source, f"{path}.order"),
        http_enabled=enabled,
        authenticator=str(kind).strip().lower() if kind is not None else None,
        challenge=_boolean(
            authenticator.get("challenge", True), source, f"{path}.http_authenticator.challenge"
        ),
        challenge_set="challenge" in authenticator,
        settings=dict(settings),
        backend=str(backend_kind).strip().lower() if backend_kind is not None else None,
        description=str(body.get("description") or ""),
    )


def _integer(value: object, source: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConfigFileError(
            f"{source}: {path}: expected a whole number, found {describe_type(value)}"
        )
    try:
        return int(value)
    except ValueError:
        raise ConfigFileError(
            f"{source}: {path}: expected a whole number, found {describe_type(value)}"
        ) from None


def _boolean(value: object, source: str, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ConfigFileError(f"{source}: {path}: expected true or false, found {describe_type(value)}")
