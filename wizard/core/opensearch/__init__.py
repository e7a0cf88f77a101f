"""OpenSearch security plugin and Dashboards: reading their files and replaying their rules.

Pure logic, no network: the checks in `wizard.core.checks.opensearch` and the triage flow build on
these functions.
"""

from wizard.core.opensearch.claims import (
    RolesResolution,
    SubjectResolution,
    parse_version,
    resolve_roles,
    resolve_subject,
    roles_warning,
    subject_warning,
)
from wizard.core.opensearch.dashboards import (
    DashboardsConfig,
    load_dashboards_config,
    parse_dashboards_config,
)
from wizard.core.opensearch.files import ConfigFileError
from wizard.core.opensearch.mapping import MappingReplay, replay_mapping, suggest_entry
from wizard.core.opensearch.patterns import PatternKind, matches, pattern_kind
from wizard.core.opensearch.review import review_authc, review_idp, review_redirect
from wizard.core.opensearch.roles_mapping import (
    RoleMapping,
    RolesMappingFile,
    load_roles_mapping,
    parse_roles_mapping,
)
from wizard.core.opensearch.security_config import (
    AuthDomain,
    SecurityConfig,
    load_security_config,
    parse_security_config,
)
from wizard.core.opensearch.urls import expected_redirect_uri, issuer_from_connect_url

__all__ = [
    "AuthDomain",
    "ConfigFileError",
    "DashboardsConfig",
    "MappingReplay",
    "PatternKind",
    "RoleMapping",
    "RolesMappingFile",
    "RolesResolution",
    "SecurityConfig",
    "SubjectResolution",
    "expected_redirect_uri",
    "issuer_from_connect_url",
    "load_dashboards_config",
    "load_roles_mapping",
    "load_security_config",
    "matches",
    "parse_dashboards_config",
    "parse_roles_mapping",
    "parse_security_config",
    "parse_version",
    "pattern_kind",
    "replay_mapping",
    "resolve_roles",
    "review_authc",
    "review_idp",
    "review_redirect",
    "resolve_subject",
    "roles_warning",
    "subject_warning",
    "suggest_entry",
]
